"""Working days and deadlines (macros/workdays.py), checked against dates worked out by hand.

Calendar used for the hand checks (2026): Tết 16-20/02 (Mon-Fri); Giỗ Tổ 26/04 is a
Sunday, so Monday 27/04 is off; 30/04 Thu and 01/05 Fri; Quốc khánh 01-02/09 (Tue-Wed)
plus Monday 31/08 off in exchange for Saturday 22/08, which is worked.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import holidays
import pytest

from macros.workdays import OutOfRange, add_months, compute_timeline, deadline, format_date_vi

ROOT = Path(__file__).resolve().parent.parent


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_table_covers_documented_years(cal, repo):
    data = repo.documents["non-working-days"][0].data
    assert cal.years == (data["range"]["from"], data["range"]["to"]) == (2020, 2030)
    assert cal.first == d("2020-01-01") and cal.last == d("2030-12-31")


def test_tet_2026_matches_the_regulations_sheet(cal):
    # regulations.md: "Tết 2026: 16-20/02"
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day)), day
    assert cal.is_working_day(d("2026-02-13")) and cal.is_working_day(d("2026-02-23"))


def test_deadline_across_tet_2026(cal):
    # Thu 12/02 + 3 working days: Fri 13/02 (1), Tết 16-20 skipped, Mon 23/02 (2), Tue 24/02 (3).
    assert deadline(cal, d("2026-02-12"), 3, "working_days") == d("2026-02-24")
    # Counting back over Tết: the working day before Mon 23/02 is Fri 13/02.
    assert deadline(cal, d("2026-02-23"), 1, "working_days", "before") == d("2026-02-13")


def test_sixty_working_days_from_a_branch_resolution(cal):
    # Mon 05/01/2026: Jan 6-9 (4) and the make-up Saturday 10/01 (5), 5 weeks to 13/02 (30),
    # Tết, 5 weeks to 27/03 (55), 30/03-03/04 (60): Fri 03/04.
    # Extension +30 from 03/04: 27/04, 30/04, 01/05 are off -> Wed 20/05.
    due = deadline(cal, d("2026-01-05"), 60, "working_days")
    assert due == d("2026-04-03")
    assert deadline(cal, due, 30, "working_days") == d("2026-05-20")


def test_new_year_2026_swap_and_culture_day(cal):
    # Fri 02/01/2026 off, Sat 10/01/2026 worked (VPCP 12729/VPCP-KGVX).
    assert not cal.is_working_day(d("2026-01-02")) and cal.is_working_day(d("2026-01-10"))
    assert deadline(cal, d("2025-12-31"), 1, "working_days") == d("2026-01-05")
    assert deadline(cal, d("2026-01-09"), 1, "working_days") == d("2026-01-10")
    # Quốc khánh 2026: Mon 31/08 off, Sat 22/08 worked (package, matches the announcement).
    assert not cal.is_working_day(d("2026-08-31")) and cal.is_working_day(d("2026-08-22"))
    assert deadline(cal, d("2026-08-28"), 1, "working_days") == d("2026-09-03")
    # 24/11 is counted as a working day until a law makes it a holiday.
    assert cal.is_working_day(d("2026-11-24"))
    assert deadline(cal, d("2026-11-23"), 1, "working_days") == d("2026-11-24")


def test_reunification_and_labour_day(cal):
    assert deadline(cal, d("2026-04-29"), 1, "working_days") == d("2026-05-04")
    # Giỗ Tổ on a Sunday: the Monday after is off.
    assert deadline(cal, d("2026-04-24"), 1, "working_days") == d("2026-04-28")
    # 2025: Friday 02/05 off, Saturday 26/04 worked instead.
    assert cal.is_working_day(d("2025-04-26")) and not cal.is_working_day(d("2025-05-02"))
    assert deadline(cal, d("2025-04-25"), 1, "working_days") == d("2025-04-26")
    assert deadline(cal, d("2025-04-29"), 1, "working_days") == d("2025-05-05")


def test_national_day_2026_and_its_makeup_saturday(cal):
    assert deadline(cal, d("2026-08-28"), 1, "working_days") == d("2026-09-03")
    assert cal.is_working_day(d("2026-08-22"))  # Saturday worked for Monday 31/08
    assert deadline(cal, d("2026-08-21"), 1, "working_days") == d("2026-08-22")


def test_day_d_is_not_counted(cal):
    assert deadline(cal, d("2026-03-02"), 1, "working_days") == d("2026-03-03")
    # Starting on a Saturday: the first working day after it is Monday.
    assert deadline(cal, d("2026-03-07"), 1, "working_days") == d("2026-03-09")
    assert deadline(cal, d("2026-03-02"), 5, "working_days") == d("2026-03-09")


def test_cultural_day_override_is_applied(cal):
    # The package lists 24/11 from 2026; the override file keeps it a working day
    # (regulations.md: the bill was still pending).
    assert date(2026, 11, 24) in holidays.Vietnam(years=2026)
    assert cal.is_working_day(d("2026-11-24"))
    assert deadline(cal, d("2026-11-23"), 1, "working_days") == d("2026-11-24")
    assert any(n["date"] == d("2026-11-24") and n["type"] == "working_day" for n in cal.notes)


def test_calendar_days_and_months(cal):
    assert deadline(cal, d("2026-02-16"), 1, "calendar_days") == d("2026-02-17")  # holidays count
    assert deadline(cal, d("2026-02-23"), 1, "calendar_days", "before") == d("2026-02-22")
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert add_months(d("2028-01-31"), 1) == d("2028-02-29")
    assert add_months(d("2027-03-31"), -1) == d("2027-02-28")
    assert deadline(cal, d("2026-05-27"), 12, "months") == d("2027-05-27")
    assert deadline(cal, d("2026-11-30"), 3, "months") == d("2027-02-28")


def test_out_of_range_gives_a_message_not_a_date(cal):
    with pytest.raises(OutOfRange, match=r"01/01/2020.*31/12/2030"):
        deadline(cal, d("2019-12-31"), 1, "working_days")
    with pytest.raises(OutOfRange, match="nằm ngoài phạm vi"):
        deadline(cal, d("2031-01-02"), 1, "calendar_days")
    with pytest.raises(OutOfRange, match="vượt ra ngoài phạm vi"):
        deadline(cal, d("2030-12-20"), 30, "working_days")
    with pytest.raises(OutOfRange, match="trước phạm vi"):
        deadline(cal, d("2020-01-03"), 5, "working_days", "before")
    # Not out of range: the last working day of the table can still be reached.
    assert deadline(cal, d("2030-12-27"), 1, "working_days") == d("2030-12-30")


def test_unknown_unit_is_an_error(cal):
    with pytest.raises(ValueError, match="unknown unit"):
        deadline(cal, d("2026-03-02"), 1, "weeks")


def test_vietnamese_weekday_format():
    assert format_date_vi(d("2026-02-17")) == "Thứ Ba, 17/02/2026"
    assert format_date_vi(d("2026-03-08")) == "Chủ nhật, 08/03/2026"


def test_table_json_for_the_page(cal):
    data = json.loads(cal.to_json())
    assert data["first"] == "2020-01-01" and data["last"] == "2030-12-31"
    assert "2026-02-16" in data["off"] and "2026-04-27" in data["off"]
    assert "2026-08-22" in data["work"] and "2025-04-26" in data["work"]
    assert "2026-11-24" not in data["off"]
    # Weekend holidays are not listed (weekends are never working days anyway).
    assert all(date.fromisoformat(k).weekday() < 5 for k in data["off"])
    assert all(date.fromisoformat(k).weekday() >= 5 for k in data["work"])
    assert "<" not in cal.to_json()


def test_compute_timeline_chains_known_and_computed_dates(repo, cal):
    steps = repo.get("timeline", "ket-nap-dang-vien")[1]["steps"]
    res = compute_timeline(cal, steps, {"nghi-quyet-ket-nap": d("2026-01-05")})
    assert res["quyet-dinh-ket-nap"].deadline == d("2026-04-03")
    assert res["quyet-dinh-ket-nap"].extended == d("2026-05-20")
    # The ceremony counts from the day the branch receives the decision: unknown here.
    assert res["le-ket-nap"].deadline is None and res["le-ket-nap"].error is None
    res = compute_timeline(cal, steps, {"nhan-quyet-dinh": d("2026-04-10")})
    assert res["le-ket-nap"].deadline == d("2026-05-27")  # 27/04, 30/04, 01/05 skipped
    assert res["het-du-bi"].deadline == d("2027-05-27")
    assert res["nghi-quyet-chinh-thuc"].deadline == d("2027-07-08")
    # An actual date entered later in the chain replaces the computed one.
    res = compute_timeline(cal, steps, {"nhan-quyet-dinh": d("2026-04-10"), "le-ket-nap": d("2026-04-20")})
    assert res["het-du-bi"].deadline == d("2027-04-20")


def test_compute_timeline_reports_out_of_range_down_the_chain(repo, cal):
    steps = repo.get("timeline", "ket-nap-dang-vien")[1]["steps"]
    res = compute_timeline(cal, steps, {"le-ket-nap": d("2030-06-03")})
    assert res["het-du-bi"].deadline == d("2031-06-03")  # months need no table
    assert "phạm vi" in res["nghi-quyet-chinh-thuc"].error
    assert res["quyet-dinh-chinh-thuc"].deadline is None
    assert res["quyet-dinh-chinh-thuc"].error


def test_before_limit_in_the_monthly_cycle(repo, cal):
    steps = repo.get("timeline", "sinh-hoat-chi-bo-hang-thang")[1]["steps"]
    res = compute_timeline(cal, steps, {"sinh-hoat": d("2026-03-10")})
    assert res["dua-tai-lieu"].deadline == d("2026-03-09")


# Fixed-date holidays of the Labour Code (art. 112) on weekdays, in the first and the last
# year of the table, written out by hand: New Year, 30/4, 1/5 and Quốc khánh 2/9.
@pytest.mark.parametrize("day", [
    "2020-01-01",  # Wednesday: first day of the table
    "2020-04-30", "2020-05-01", "2020-09-02",
    "2030-01-01",  # Tuesday: first day of the last year
    "2030-04-30", "2030-05-01", "2030-09-02",
])
def test_holidays_of_the_first_and_last_year_are_days_off(cal, day):
    assert not cal.is_working_day(d(day)), day


@pytest.mark.parametrize("day, working", [
    ("2020-01-02", True), ("2030-12-31", True), ("2030-12-30", True), ("2030-12-28", False), ("2020-01-04", False),
])
def test_table_edges_are_ordinary_days(cal, day, working):
    assert cal.is_working_day(d(day)) is working


def test_counting_reaches_the_last_day_of_the_table_and_stops_there(cal):
    # Mon 30/12/2030 + 1 = Tue 31/12/2030, the table's last day; one more leaves the table.
    assert deadline(cal, d("2030-12-30"), 1, "working_days") == d("2030-12-31")
    with pytest.raises(OutOfRange):
        deadline(cal, d("2030-12-30"), 2, "working_days")
    # Thu 02/01/2020 - 1 = ... 01/01/2020 is off, so the count leaves the table.
    with pytest.raises(OutOfRange):
        deadline(cal, d("2020-01-02"), 1, "working_days", "before")
    assert deadline(cal, d("2020-01-03"), 1, "working_days", "before") == d("2020-01-02")


def test_package_table_covers_its_last_year_without_overrides():
    """The holidays package alone (no override file): 2030 is in the table like 2020."""
    from macros.workdays import build_calendar

    bare = build_calendar(2020, 2030)
    for day in ("2020-01-01", "2020-09-02", "2030-01-01", "2030-04-30", "2030-05-01", "2030-09-02"):
        assert not bare.is_working_day(d(day)), day
    assert bare.is_working_day(d("2030-12-31"))
    assert sum(1 for day in bare.off if day.year == 2030) >= 9  # 1/1, Tết (5), Giỗ Tổ, 30/4, 1/5, 2/9


def test_table_json_is_exact_and_safe_in_a_script_block():
    from macros.workdays import WorkCalendar

    small = WorkCalendar(d("2026-01-01"), d("2026-12-31"),
                         off={d("2026-02-17"): "Tết <Bính Ngọ> & nghỉ", d("2026-02-16"): "Tết"},
                         work={d("2026-08-22"): "Làm bù"})
    assert small.to_json() == (
        '{"first":"2026-01-01","last":"2026-12-31",'
        '"off":{"2026-02-16":"Tết","2026-02-17":"Tết \\u003cBính Ngọ\\u003e \\u0026 nghỉ"},'
        '"work":{"2026-08-22":"Làm bù"}}')


def test_range_message_in_full(cal):
    from macros.workdays import range_message

    assert range_message(cal, d("2031-01-02")) == (
        "Ngày 02/01/2031 nằm ngoài phạm vi bảng ngày nghỉ của tài liệu (01/01/2020–31/12/2030), "
        "nên không tính được hạn chót; hãy tra lịch nghỉ do Nhà nước công bố.")


def test_calendar_from_data_defaults_and_range():
    from macros.workdays import calendar_from_data

    default = calendar_from_data(None)
    assert (default.first, default.last) == (d("2020-01-01"), d("2030-12-31"))
    assert calendar_from_data({}).years == (2020, 2030)
    small = calendar_from_data({"range": {"from": 2025, "to": 2026}, "days": [
        {"date": "2026-11-24", "type": "working_day", "reason": "chưa xác minh"},
        {"date": "2026-12-30", "type": "day_off", "reason": "ví dụ"}]})
    assert small.years == (2025, 2026)
    assert small.is_working_day(d("2026-11-24")) and not small.is_working_day(d("2026-12-30"))
    assert [(n["date"], n["type"], n["reason"]) for n in small.notes] == [
        (d("2026-11-24"), "working_day", "chưa xác minh"), (d("2026-12-30"), "day_off", "ví dụ")]
    only_from = calendar_from_data({"range": {"from": 2027}})
    assert only_from.years == (2027, 2030)


def test_out_of_range_messages_in_full(cal):
    from macros.workdays import add_working_days

    with pytest.raises(OutOfRange) as info:
        add_working_days(cal, d("2019-12-31"), 1)
    assert str(info.value) == ("Ngày 31/12/2019 nằm ngoài phạm vi bảng ngày nghỉ của tài liệu (01/01/2020–31/12/2030), "
                               "nên không tính được hạn chót; hãy tra lịch nghỉ do Nhà nước công bố.")
    with pytest.raises(OutOfRange) as info:
        add_working_days(cal, d("2030-12-30"), 2)
    assert str(info.value) == ("Hạn chót vượt ra ngoài phạm vi bảng ngày nghỉ của tài liệu (đến 31/12/2030), "
                               "nên không tính được; hãy tra lịch nghỉ do Nhà nước công bố.")
    with pytest.raises(OutOfRange) as info:
        add_working_days(cal, d("2020-01-02"), -1)
    assert str(info.value) == "Hạn chót rơi vào trước phạm vi bảng ngày nghỉ của tài liệu (từ 01/01/2020), nên không tính được."
    with pytest.raises(OutOfRange) as info:
        cal.is_working_day(d("2031-01-01"))
    assert str(info.value).startswith("Ngày 01/01/2031 nằm ngoài phạm vi")
    assert add_working_days(cal, d("2026-03-04"), 0) == d("2026-03-04")


def test_package_names_and_make_up_days_in_vietnamese():
    from macros.workdays import build_calendar

    bare = build_calendar(2020, 2030)
    assert bare.off[d("2030-09-02")] == "Quốc khánh" and bare.off[d("2026-02-17")] == "Tết Nguyên Đán"
    assert bare.work[d("2025-04-26")] == "Ngày làm bù"


def test_calendar_days_multiply_and_directions_are_checked(cal):
    assert deadline(cal, d("2026-01-31"), 30, "calendar_days") == d("2026-03-02")
    assert deadline(cal, d("2026-03-02"), 30, "calendar_days", "before") == d("2026-01-31")
    with pytest.raises(ValueError, match=r"unknown direction\): sideways"):
        deadline(cal, d("2026-03-02"), 1, "calendar_days", "sideways")


# ---------------------------------------------------------------- overrides over a controlled package table
def test_overrides_over_a_known_package_table(monkeypatch):
    import macros.workdays as wd

    pkg_off = {d("2026-01-01"): "Tết Dương lịch", d("2026-05-02"): "Ngày Quốc tế Lao động (thứ Bảy)",
               d("2026-09-02"): "Quốc khánh", d("2026-09-03"): "Nghỉ Quốc khánh"}
    pkg_work = {d("2026-08-22"): "Ngày làm bù", d("2026-08-29"): "Ngày làm bù"}
    monkeypatch.setattr(wd, "package_days", lambda a, b: (dict(pkg_off), dict(pkg_work)))
    cal = wd.build_calendar(2026, 2026, [
        {"date": "2026-01-02", "type": "day_off", "reason": "Nghỉ bù Tết", "name": "Nghỉ Tết Dương lịch"},
        {"date": "2026-12-30", "type": "day_off", "reason": "Lý do"},           # weekday, no name: the reason
        {"date": "2026-08-29", "type": "day_off", "reason": "Không làm bù"},    # Saturday of the package
        {"date": "2026-09-03", "type": "working_day"},                          # weekday off in the package
        {"date": "2026-10-10", "type": "working_day", "reason": "Làm bù", "name": "Thứ Bảy làm bù"},
        {"date": "2026-10-11", "type": "working_day", "reason": "Chủ nhật làm việc"},
    ])
    # Saturday 02/05 is dropped (a weekend holiday changes nothing); overrides applied.
    assert cal.off == {d("2026-01-01"): "Tết Dương lịch", d("2026-09-02"): "Quốc khánh",
                       d("2026-01-02"): "Nghỉ Tết Dương lịch", d("2026-12-30"): "Lý do"}
    assert cal.work == {d("2026-08-22"): "Ngày làm bù", d("2026-10-10"): "Thứ Bảy làm bù",
                        d("2026-10-11"): "Chủ nhật làm việc"}
    assert cal.notes == [
        {"date": d("2026-01-02"), "type": "day_off", "reason": "Nghỉ bù Tết", "package": None},
        {"date": d("2026-12-30"), "type": "day_off", "reason": "Lý do", "package": None},
        {"date": d("2026-08-29"), "type": "day_off", "reason": "Không làm bù", "package": "Ngày làm bù"},
        {"date": d("2026-09-03"), "type": "working_day", "reason": "", "package": "Nghỉ Quốc khánh"},
        {"date": d("2026-10-10"), "type": "working_day", "reason": "Làm bù", "package": None},
        {"date": d("2026-10-11"), "type": "working_day", "reason": "Chủ nhật làm việc", "package": None},
    ]
    assert (cal.first, cal.last) == (d("2026-01-01"), d("2026-12-31"))
    assert [cal.is_working_day(x) for x in (d("2026-05-02"), d("2026-08-29"), d("2026-09-03"), d("2026-10-11"))] == [
        False, False, True, True]


def test_calendar_for_reads_the_repository_once():
    import types

    from macros.workdays import calendar_for

    doc = types.SimpleNamespace(data={"range": {"from": 2026, "to": 2027}, "days": []})
    repo = types.SimpleNamespace(documents={"non-working-days": [doc]})
    cal = calendar_for(repo)
    assert cal.years == (2026, 2027)
    doc.data = {"range": {"from": 2020, "to": 2020}}
    assert calendar_for(repo) is cal  # built once per repository
    assert calendar_for(types.SimpleNamespace(documents={})).years == (2020, 2030)
    assert calendar_for(types.SimpleNamespace()).years == (2020, 2030)
    only_to = calendar_for(types.SimpleNamespace(documents={"non-working-days": [
        types.SimpleNamespace(data={"range": {"to": 2022}})]}))
    assert only_to.years == (2020, 2022)


def test_timeline_steps_listed_before_their_reference_still_resolve(cal):
    steps = [
        {"id": "c", "after": "b", "limit": {"amount": 1, "unit": "months"}},
        {"id": "b", "after": "a", "limit": {"amount": 10, "unit": "calendar_days"}},
        {"id": "a"},
    ]
    res = compute_timeline(cal, steps, {"a": d("2026-03-02")})
    assert (res["a"].known, res["b"].known, res["c"].known) == (d("2026-03-02"), None, None)
    assert (res["b"].deadline, res["c"].deadline) == (d("2026-03-12"), d("2026-04-12"))


def test_timeline_extension_in_its_own_unit_and_direction(cal):
    steps = [
        {"id": "a"},
        {"id": "b", "after": "a", "limit": {"amount": 5, "unit": "working_days",
                                           "extension": {"amount": 1, "unit": "months"}}},
        {"id": "c", "before": "a", "limit": {"amount": 2, "unit": "working_days",
                                            "extension": {"amount": 3}}},
    ]
    res = compute_timeline(cal, steps, {"a": d("2026-03-02")})  # Monday
    assert (res["b"].deadline, res["b"].extended) == (d("2026-03-09"), d("2026-04-09"))
    assert (res["c"].deadline, res["c"].extended) == (d("2026-02-26"), d("2026-02-23"))
    assert res["b"].error is None and res["c"].error is None


def test_timeline_extension_out_of_range_keeps_the_deadline_and_says_why(cal):
    steps = [{"id": "a"}, {"id": "b", "after": "a", "limit": {"amount": 2, "unit": "working_days",
                                                              "extension": {"amount": 30}}}]
    res = compute_timeline(cal, steps, {"a": d("2030-12-20")})
    assert res["b"].deadline == d("2030-12-24") and res["b"].extended is None
    assert res["b"].error == ("Hạn chót vượt ra ngoài phạm vi bảng ngày nghỉ của tài liệu (đến 31/12/2030), "
                              "nên không tính được; hãy tra lịch nghỉ do Nhà nước công bố.")


def test_timeline_blocked_chain_carries_one_message(cal):
    steps = [{"id": "a"},
             {"id": "b", "after": "a", "limit": {"amount": 30, "unit": "working_days"}},
             {"id": "c", "after": "b", "limit": {"amount": 1, "unit": "calendar_days"}},
             {"id": "d", "after": "c", "limit": {"amount": 1, "unit": "calendar_days"}}]
    res = compute_timeline(cal, steps, {"a": d("2030-12-20")})
    assert res["b"].deadline is None and "phạm vi" in res["b"].error
    blocked = "Không tính được vì bước được lấy làm mốc không có ngày hợp lệ."
    assert (res["c"].error, res["d"].error) == (blocked, blocked)
    assert res["c"].deadline is None and res["d"].deadline is None
    # A date the reader gives for the blocked step unblocks what follows it.
    res = compute_timeline(cal, steps, {"a": d("2030-12-20"), "b": d("2030-12-27")})
    assert res["c"].deadline == d("2030-12-28") and res["d"].deadline == d("2030-12-29")


class _Doc:
    """Just enough of a loaded document for workdays.check: data and positioned errors."""

    def __init__(self, data):
        self.data = data

    def error(self, path, message, item_id=None):
        return (path, message, item_id)


def test_check_of_the_override_file_says_what_is_wrong_with_each_entry(monkeypatch):
    import macros.workdays as wd

    monkeypatch.setattr(wd, "package_days", lambda a, b: (
        {d("2026-09-02"): "Quốc khánh", d("2026-01-01"): "Tết Dương lịch"},
        {d("2026-08-22"): "Ngày làm bù", d("2026-08-29"): "Ngày làm bù"}))
    days = [
        {"date": "2026-02-30", "type": "day_off"},          # no such date
        {"date": "2026-03-03", "type": "day_off"},          # Tuesday, ordinary: fine
        {"date": "2026-03-03", "type": "working_day"},      # listed twice
        {"date": "2027-01-04", "type": "day_off"},          # outside 2026-2026
        {"date": "2026-03-07", "type": "day_off"},          # Saturday: already off
        {"date": "2026-08-22", "type": "day_off"},          # make-up Saturday of the package: fine
        {"date": "2026-09-02", "type": "day_off"},          # the package's holiday already
        {"date": "2026-03-10", "type": "working_day"},      # Tuesday: already worked
        {"date": "2026-01-01", "type": "working_day"},      # holiday turned into a working day: fine
        {"date": "2026-08-29", "type": "working_day"},      # already a make-up day
        {"date": "2026-03-08", "type": "working_day"},      # Sunday worked: fine
    ]
    errors = wd.check(None, _Doc({"range": {"from": 2026, "to": 2026}, "days": days}))
    assert errors == [
        (("days", 0, "date"), "ngày không tồn tại (invalid date): 2026-02-30", "2026-02-30"),
        (("days", 2, "date"), "ngày 03/03/2026 bị khai báo lặp (duplicate date; first at item 2)", "2026-03-03"),
        (("days", 3, "date"), "ngày 04/01/2027 nằm ngoài phạm vi 2026-2026 (outside range)", "2027-01-04"),
        (("days", 4, "type"), "07/03/2026 là Thứ Bảy, vốn đã là ngày nghỉ (redundant: already a day off)", "2026-03-07"),
        (("days", 6, "type"), "02/09/2026 đã là ngày nghỉ theo gói holidays (Quốc khánh) (redundant: already a day off)",
         "2026-09-02"),
        (("days", 7, "type"), "10/03/2026 là Thứ Ba, vốn đã là ngày làm việc (redundant: already a working day)",
         "2026-03-10"),
        (("days", 9, "type"), "29/08/2026 đã là ngày làm bù theo gói holidays (redundant: already a working day)",
         "2026-08-29"),
    ]


def test_check_of_the_override_file_range(monkeypatch):
    import macros.workdays as wd

    assert wd.check(None, _Doc({"range": {"from": 2027, "to": 2026}, "days": [{"date": "x", "type": "day_off"}]})) == [
        (("range", "to"), "năm kết thúc 2026 nhỏ hơn năm bắt đầu 2027 (range.to must be >= range.from)", None)]
    assert wd.check(None, _Doc({"range": {"from": 2026, "to": 2026}})) == []
    assert wd.check(None, _Doc({"range": {"from": 2025, "to": 2026}, "days": [
        {"date": "2025-01-01", "type": "working_day"}, {"date": "2026-12-31", "type": "day_off"}]})) == []


def test_step_reference_reads_after_then_before():
    from macros.workdays import step_reference

    assert step_reference({"after": "a", "before": "b"}) == ("a", "after")
    assert step_reference({"before": "b"}) == ("b", "before")
    assert step_reference({"after": "", "before": "b"}) == ("b", "before")
    assert step_reference({}) == (None, "after")


def test_override_notes_json_is_exact():
    from macros.workdays import calendar_from_data

    cal = calendar_from_data({"range": {"from": 2026, "to": 2026}, "days": [
        {"date": "2026-11-24", "type": "working_day", "reason": "Ngày Văn hóa <đề xuất>"}]})
    assert cal.notes_json() == ('[{"date":"2026-11-24","reason":"Ngày Văn hóa \\u003cđề xuất\\u003e",'
                                '"type":"working_day"}]')
