"""Checklists, the deadline calculator and procedure pages in Debian's Chromium."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from macros import workdays
from macros.workdays import OutOfRange

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHECKLISTS = "quy-trinh/danh-muc-kiem-tra.html"
TIMELINES = "quy-trinh/moc-thoi-gian.html"
CL = "#checklist-chuan-bi-sinh-hoat-chi-bo"
TL = "#timeline-ket-nap-dang-vien"
KEY = "sotay.checklist.v1"


def clean(page):
    assert page.watch.console_errors == []
    assert page.watch.external == []


def counter(page, root=CL):
    return page.locator(f"{root} .sotay-checklist__count").inner_text()


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}'))")


# ---------------------------------------------------------------- checklists
def test_ticking_persists_across_reload_and_reset_clears(page, http_url):
    page.goto(http_url + CHECKLISTS)
    assert page.locator(f"{CL} .sotay-checklist__controls").is_visible()
    assert counter(page) == "0/18"
    page.locator("label[for='checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy']").click()
    page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-thoi-luong").check()
    assert counter(page) == "2/18"
    assert page.locator(f"{CL} [role=status]").inner_text() == "Đã đánh dấu 2/18 việc"
    saved = stored(page)
    assert saved["lists"]["chuan-bi-sinh-hoat-chi-bo"]["items"] == {"hop-chi-uy": True, "thoi-luong": True}
    # Another checklist on the page is independent.
    assert counter(page, "#checklist-danh-gia-noi-bo") == "0/14"

    page.reload()
    assert counter(page) == "2/18"
    assert page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy").is_checked()
    assert page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-thoi-luong").is_checked()
    assert not page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-cu-thu-ky").is_checked()

    # "Bỏ mọi dấu tích" asks first: dismissing the question keeps every tick.
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator(f"{CL} .sotay-checklist__reset").click()
    assert asked and "2 dấu tích" in asked[0]
    assert counter(page) == "2/18"
    assert stored(page)["lists"]["chuan-bi-sinh-hoat-chi-bo"]["items"] == {"hop-chi-uy": True, "thoi-luong": True}
    page.once("dialog", lambda d: d.accept())
    page.locator(f"{CL} .sotay-checklist__reset").click()
    assert counter(page) == "0/18"
    assert page.locator(f"{CL} input:checked").count() == 0
    assert stored(page)["lists"]["chuan-bi-sinh-hoat-chi-bo"]["items"] == {}
    page.reload()
    assert counter(page) == "0/18"
    clean(page)


def test_checklist_works_by_keyboard(page, http_url):
    page.goto(http_url + CHECKLISTS)
    box = page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy")
    box.focus()
    # Tab reaches the next box (after the item's source link).
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.id") == "checklist-chuan-bi-sinh-hoat-chi-bo-van-de-trong-tam"
    page.keyboard.press("Space")
    assert page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-van-de-trong-tam").is_checked()
    assert counter(page) == "1/18"
    # Accessible name of the checkbox is its label text.
    name = page.evaluate("document.activeElement.labels[0].textContent")
    assert name.startswith("Chọn vấn đề trọng tâm cần thảo luận")
    page.once("dialog", lambda d: d.accept())
    page.locator(f"{CL} .sotay-checklist__reset").focus()
    page.keyboard.press("Enter")
    assert counter(page) == "0/18"
    # With nothing ticked there is nothing to lose: no question.
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.locator(f"{CL} .sotay-checklist__reset").click()
    assert counter(page) == "0/18" and dialogs == []
    clean(page)


@pytest.mark.parametrize("raw", [
    "{not json",
    "[1, 2, 3]",
    '{"lists": "x"}',
    '{"lists": {"chuan-bi-sinh-hoat-chi-bo": {"items": ["hop-chi-uy"]}}}',
    '{"lists": {"chuan-bi-sinh-hoat-chi-bo": {"items": {"hop-chi-uy": "yes", "cu-thu-ky": true, "khong-co": true}}}}',
])
def test_corrupted_storage_is_survived(page, http_url, raw):
    page.goto(http_url + CHECKLISTS)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    page.reload()
    expected = "1/18" if '"cu-thu-ky": true' in raw else "0/18"
    assert counter(page) == expected
    page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-thoi-luong").check()
    assert stored(page)["lists"]["chuan-bi-sinh-hoat-chi-bo"]["items"]["thoi-luong"] is True
    assert page.locator(f"{CL} .sotay-checklist__save").is_hidden()
    clean(page)


DISABLED = """
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('blocked', 'SecurityError'); }
    });
"""
FULL = """
    Storage.prototype.setItem = function () {
      throw new DOMException('full', 'QuotaExceededError');
    };
"""


def _errors(browser, url, init_script, without_ours=False):
    """Page errors on ``url`` with broken storage; optionally with our own scripts emptied.

    Material's own inline scripts also read localStorage and may throw; the test compares
    against that baseline so only errors from this project's scripts count.
    """
    ctx = browser.new_context()
    ctx.add_init_script(init_script)
    if without_ours:
        # Our scripts reach the page as one bundle (macros.page_assets): empty every own script.
        ctx.route("**/assets/js/*.js", lambda r: r.fulfill(body="", content_type="text/javascript"))
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(f"{exc.name}: {exc.message}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    return ctx, page, errors


@pytest.mark.parametrize("script", [DISABLED, FULL], ids=["disabled", "full"])
def test_disabled_or_full_storage_is_survived(browser, http_url, script):
    ctx0, page0, baseline = _errors(browser, http_url + CHECKLISTS, script, without_ours=True)
    page0.wait_for_load_state("load")
    ctx0.close()
    ctx, page, errors = _errors(browser, http_url + CHECKLISTS, script)
    assert counter(page) == "0/18"
    page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy").check()
    assert counter(page) == "1/18"
    note = page.locator(f"{CL} .sotay-checklist__save")
    assert note.is_visible() and "không cho lưu" in note.inner_text()
    page.once("dialog", lambda d: d.accept())
    page.locator(f"{CL} .sotay-checklist__reset").click()
    assert counter(page) == "0/18"
    page.goto(http_url + TIMELINES)
    page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap").fill("2026-01-05")
    assert page.locator(f"{TL} [data-deadline-for='quyet-dinh-ket-nap']").get_attribute("data-deadline") == "2026-04-03"
    # Errors beyond the theme's own baseline (two page loads here, one there).
    assert sorted(errors) == sorted(baseline * 2), (errors, baseline)
    ctx.close()


def test_checklist_prints_as_an_empty_form(page, http_url):
    page.goto(http_url + CHECKLISTS)
    page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy").check()
    page.emulate_media(media="print")
    assert page.locator(f"{CL} .sotay-checklist__controls").is_hidden()
    assert page.locator(f"{CL} button").first.is_hidden()
    assert page.locator(f"{CL} input[type=checkbox]").first.is_hidden()
    box = page.evaluate("""() => {
        const label = document.querySelector("label[for='checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy']");
        const s = getComputedStyle(label, '::before');
        return {content: s.content, border: s.borderTopStyle, width: parseFloat(s.width), bg: s.backgroundColor,
                deco: getComputedStyle(label).textDecorationLine};
    }""")
    assert box["content"] == '""' and box["border"] == "solid" and box["width"] > 8
    assert box["bg"] == "rgb(255, 255, 255)"  # empty even though it was ticked on screen
    assert box["deco"] == "none"
    page.emulate_media(media="screen")
    assert page.locator(f"{CL} input[type=checkbox]").first.is_visible()
    clean(page)


# ---------------------------------------------------------------- calculator
def test_calculator_on_a_known_date_from_file_url(page, file_url):
    """Works from file:// (the holiday table is inline JSON, no fetch)."""
    page.goto(file_url + TIMELINES)
    field = page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap")
    assert field.is_visible()
    label = page.locator("label[for='timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap']").inner_text()
    assert label == "Ngày chi bộ có nghị quyết đề nghị kết nạp (bước 6)"
    field.fill("2026-01-05")
    box = page.locator(f"{TL} [data-deadline-for='quyet-dinh-ket-nap']")
    assert box.get_attribute("data-deadline") == "2026-04-03"
    assert box.get_attribute("data-extended") == "2026-05-20"
    text = box.inner_text()
    assert "Hạn chót: Thứ Sáu, 03/04/2026" in text
    assert "Nếu gia hạn (trường hợp đặc biệt): Thứ Tư, 20/05/2026" in text
    assert "16/02/2026–20/02/2026" in text  # Tết 2026 skipped, shown to the reader
    assert page.locator(f"{TL} [data-deadline-for='nghi-quyet-ket-nap']").inner_text() == "Ngày đã nhập: Thứ Hai, 05/01/2026"
    # Steps that count from a date nobody entered stay empty.
    assert page.locator(f"{TL} [data-deadline-for='le-ket-nap']").is_hidden()
    summary = page.locator(f"{TL}-summary")
    assert summary.get_attribute("role") == "status" and "1 bước" in summary.inner_text()
    method = page.locator(f"{TL} .sotay-calc__method").inner_text()
    assert "ngày D không tính" in method and "văn bản gốc" in method

    page.locator("#timeline-ket-nap-dang-vien-date-nhan-quyet-dinh").fill("2026-04-10")
    assert page.locator(f"{TL} [data-deadline-for='le-ket-nap']").get_attribute("data-deadline") == "2026-05-27"
    probation = page.locator(f"{TL} [data-deadline-for='het-du-bi']")
    assert probation.get_attribute("data-deadline") == "2027-05-27"
    assert "Ngày hết thời kỳ dự bị: Thứ Năm, 27/05/2027" in probation.inner_text()
    assert page.locator(f"{TL} [data-deadline-for='quyet-dinh-chinh-thuc']").get_attribute("data-deadline") == "2027-08-19"

    # A late actual date is pointed out.
    page.locator("#timeline-ket-nap-dang-vien-date-le-ket-nap").fill("2026-06-15")
    assert "không đúng thời hạn" in page.locator(f"{TL} [data-deadline-for='le-ket-nap']").inner_text()

    page.locator(f"{TL} button[type=reset]").click()
    page.wait_for_function("!document.querySelector(\"#timeline-ket-nap-dang-vien [data-deadline-for='quyet-dinh-ket-nap']\").hasAttribute('data-deadline')")
    assert summary.inner_text() == ""
    clean(page)


def test_calculator_before_limit_and_day_off_remark(page, http_url):
    page.goto(http_url + TIMELINES)
    page.locator("#timeline-sinh-hoat-chi-bo-hang-thang-date-sinh-hoat").fill("2026-02-23")
    box = page.locator("#timeline-sinh-hoat-chi-bo-hang-thang [data-deadline-for='dua-tai-lieu']")
    assert box.get_attribute("data-deadline") == "2026-02-22"
    assert "Chậm nhất: Chủ nhật, 22/02/2026 (rơi vào ngày nghỉ)" in box.inner_text()
    clean(page)


def test_calculator_out_of_range_message(page, http_url):
    page.goto(http_url + TIMELINES)
    field = page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap")
    field.fill("2035-03-15")
    msg = page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap-msg").inner_text()
    assert "15/03/2035 nằm ngoài phạm vi bảng ngày nghỉ" in msg and "31/12/2030" in msg
    assert field.get_attribute("aria-invalid") == "true"
    box = page.locator(f"{TL} [data-deadline-for='quyet-dinh-ket-nap']")
    assert box.get_attribute("data-deadline") is None
    assert "Không tính được" in box.inner_text()
    # A chain that runs past the table: the step says so instead of giving a date.
    field.fill("")
    page.locator("#timeline-ket-nap-dang-vien-date-le-ket-nap").fill("2030-06-03")
    after = page.locator(f"{TL} [data-deadline-for='nghi-quyet-chinh-thuc']")
    assert after.get_attribute("data-deadline") is None
    assert "03/06/2031 nằm ngoài phạm vi" in after.inner_text()
    assert "Có 2 bước không tính được" in page.locator(f"{TL}-summary").inner_text()
    page.locator("#timeline-ket-nap-dang-vien-date-le-ket-nap").fill("")
    page.locator("#timeline-ket-nap-dang-vien-date-nhan-quyet-dinh").fill("2030-12-01")
    ceremony = page.locator(f"{TL} [data-deadline-for='le-ket-nap']")
    assert ceremony.get_attribute("data-deadline") is None
    assert "vượt ra ngoài phạm vi bảng ngày nghỉ của tài liệu (đến 31/12/2030)" in ceremony.inner_text()
    clean(page)


def test_calculator_is_not_printed_but_results_are(page, http_url):
    page.goto(http_url + TIMELINES)
    page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap").fill("2026-01-05")
    page.emulate_media(media="print")
    for sel in (f"{TL} input[type=date]", f"{TL} button", f"{TL} .sotay-calc__form",
                "#timeline-sinh-hoat-chi-bo-hang-thang-calc"):
        loc = page.locator(sel)
        assert all(loc.nth(i).is_hidden() for i in range(loc.count())), sel
    assert page.locator(f"{TL} [data-deadline-for='quyet-dinh-ket-nap']").is_visible()
    assert page.locator(f"{TL} .sotay-calc__method").is_visible()
    assert page.locator(f"{TL} ol.sotay-timeline__steps").is_visible()
    clean(page)


def test_timeline_reads_without_javascript(browser, http_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(http_url + TIMELINES)
    assert page.locator(f"{TL} li.sotay-timeline__step").count() == 13
    assert "Trong 60 ngày làm việc" in page.locator(f"{TL} li.sotay-timeline__step").nth(7).inner_text()
    assert page.locator(f"{TL}-calc").is_hidden()
    page.goto(http_url + CHECKLISTS)
    assert page.locator(f"{CL} .sotay-checklist__controls").is_hidden()
    page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy").check()  # still a real checkbox
    ctx.close()


# ---------------------------------------------------------------- Python / JS parity
def _python(cal, start: str, amount: int, unit: str, direction: str):
    try:
        return workdays.deadline(cal, date.fromisoformat(start), amount, unit, direction).isoformat()
    except OutOfRange:
        return None


def test_python_and_javascript_agree_on_random_deadlines(page, http_url, cal):
    rng = random.Random(20261122)
    lo, hi = date(2019, 9, 1), date(2031, 4, 30)
    cases = []
    for _ in range(700):
        start = lo + timedelta(days=rng.randrange((hi - lo).days + 1))
        unit = rng.choice(["working_days", "working_days", "calendar_days", "months"])
        amount = rng.randint(1, 13) if unit == "months" else rng.randint(1, 130)
        cases.append([start.isoformat(), amount, unit, rng.choice(["after", "before"])])
    # Dates a hand check would pick: around Tết, 30/4, 2/9 and the table's edges.
    for start in ("2026-02-12", "2026-04-29", "2026-08-28", "2025-04-25", "2030-12-20", "2020-01-02"):
        for amount in (1, 5, 30, 60):
            cases += [[start, amount, "working_days", "after"], [start, amount, "working_days", "before"]]
    page.goto(http_url + TIMELINES)
    js = page.evaluate("cases => cases.map(c => { const r = SotayWorkdays.deadline(c[0], c[1], c[2], c[3]); return r.ok ? r.date : null; })", cases)
    py = [_python(cal, *c) for c in cases]
    mismatches = [(c, p, j) for c, p, j in zip(cases, py, js) if p != j]
    assert not mismatches, mismatches[:10]
    assert len(cases) >= 500
    # The sample exercises every branch: each unit, both directions, and the range limits.
    assert {c[2] for c in cases} == {"working_days", "calendar_days", "months"}
    assert sum(p is None for p in py) >= 20 and sum(p is not None for p in py) >= 500
    # Both sides also agree on which days are working days (every day of 2026).
    days = [(date(2026, 1, 1) + timedelta(days=i)).isoformat() for i in range(365)]
    js_days = page.evaluate("days => days.map(d => SotayWorkdays.isWorkingDay(d))", days)
    assert js_days == [cal.is_working_day(date.fromisoformat(d)) for d in days]
    # 2026: 104 weekend days; 12 weekdays off (01/01, 16-20/02, 27/04, 30/04, 01/05,
    # 31/08, 01-02/09; 24/11 kept as a working day); Saturday 22/08 worked.
    assert sum(js_days) == 365 - 104 - 12 + 1
    clean(page)


def test_python_and_javascript_agree_on_whole_timelines(page, http_url, repo, cal):
    steps = repo.get("timeline", "ket-nap-dang-vien")[1]["steps"]
    rng = random.Random(7)
    page.goto(http_url + TIMELINES)
    for _ in range(25):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(4018))
        page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap").fill("")
        page.locator("#timeline-ket-nap-dang-vien-date-nhan-quyet-dinh").fill(start.isoformat())
        expected = workdays.compute_timeline(cal, steps, {"nhan-quyet-dinh": start})
        for sid, res in expected.items():
            box = page.locator(f"{TL} [data-deadline-for='{sid}']")
            want = res.deadline.isoformat() if res.deadline else None
            assert box.get_attribute("data-deadline") == want, (start, sid)
            want_ext = res.extended.isoformat() if res.extended else None
            assert box.get_attribute("data-extended") == want_ext, (start, sid)
    clean(page)


# ---------------------------------------------------------------- accessibility
def _axe(page, include: list[str]):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (sel) => {
            const nodes = sel.flatMap(s => Array.from(document.querySelectorAll(s)));
            const r = await axe.run({include: nodes.map(n => n)}, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        include,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_checklist_timeline_and_procedure_pages(browser, http_url, scheme):
    from conftest import PageWatch

    ctx = browser.new_context(locale="vi-VN", color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.watch = PageWatch(page)
    page.goto(http_url + CHECKLISTS)
    page.locator("#checklist-chuan-bi-sinh-hoat-chi-bo-hop-chi-uy").check()
    assert _axe(page, [".sotay-checklist"]) == []
    page.goto(http_url + TIMELINES)
    page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap").fill("2026-01-05")
    page.locator("#timeline-ket-nap-dang-vien-date-le-ket-nap").fill("2035-01-01")
    assert _axe(page, [".sotay-timeline"]) == []
    page.goto(http_url + "quy-trinh/qt-01.html")
    page.locator(".sotay-flow__text summary").click()
    assert _axe(page, ["article"]) == []
    page.goto(http_url + "quy-trinh/index.html")
    assert _axe(page, [".sotay-table-wrap"]) == []
    clean(page)
    ctx.close()


def test_procedure_page_flowchart_is_named_and_described(page, http_url):
    page.goto(http_url + "quy-trinh/qt-05.html")
    svg = page.locator("svg.sotay-flow__svg")
    assert svg.get_attribute("role") == "img"
    name = page.evaluate("""() => {
        const svg = document.querySelector('svg.sotay-flow__svg');
        return document.getElementById(svg.getAttribute('aria-labelledby')).textContent;
    }""")
    assert name == "Lưu đồ quy trình QT-05: Kiểm tra đảng viên khi có dấu hiệu vi phạm"
    items = page.locator("#flow-qt-05-text > li")
    assert items.count() == 9
    assert "Có: sang bước 6." in items.nth(4).text_content()
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 600  # drawn, scaled into the column
    clean(page)


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_calculator_reads_a_typed_vietnamese_date_in_any_browser_language(browser, http_url, locale):
    ctx = browser.new_context(locale=locale)
    page = ctx.new_page()
    page.goto(http_url + TIMELINES)
    field = page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap")
    assert field.get_attribute("placeholder") == "dd/mm/yyyy"
    assert "ngày/tháng/năm" in page.locator("#timeline-ket-nap-dang-vien-hint").inner_text()
    box = page.locator(f"{TL} [data-deadline-for='quyet-dinh-ket-nap']")
    for typed in ("05/01/2026", "5/1/2026", "05-01-2026", " 05.01.2026 "):
        field.fill(typed)
        assert box.get_attribute("data-deadline") == "2026-04-03", typed
    field.fill("31/02/2026")
    assert field.get_attribute("aria-invalid") == "true"
    assert "dạng ngày/tháng/năm" in page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap-msg").inner_text()
    ctx.close()


def test_calculator_shows_the_24_11_choice_next_to_the_result(page, http_url):
    page.goto(http_url + TIMELINES)
    page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap").fill("01/10/2026")
    box = page.locator(f"{TL} [data-deadline-for='quyet-dinh-ket-nap']")
    note = box.locator(".sotay-timeline__override")
    assert note.count() >= 1 and note.first.is_visible()
    assert note.first.inner_text().startswith("Ngày 24/11/2026 được tính là ngày làm việc: Ngày Văn hóa Việt Nam")
    # 60 working days after Thu 01/10/2026, counted by hand with 24/11 worked: 02/10 (1),
    # five full weeks of October-November to 27/11 (41), 30/11-18/12 (56), 21-24/12 (60).
    assert box.get_attribute("data-deadline") == "2026-12-24"
    # From 05/01/2026 the count crosses the make-up Saturday 10/01/2026 and not 24/11.
    page.locator("#timeline-ket-nap-dang-vien-date-nghi-quyet-ket-nap").fill("05/01/2026")
    notes = box.locator(".sotay-timeline__override").all_inner_texts()
    assert len(notes) == 1 and notes[0].startswith("Ngày 10/01/2026 được tính là ngày làm việc: Thứ Bảy 10/01/2026")
