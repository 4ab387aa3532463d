"""Working days and deadlines for Vietnamese time limits ("trong 60 ngày làm việc").

Plain functions, no MkDocs. The same rules are implemented in
``docs/assets/js/components.js`` (the deadline calculator); a browser test compares
both on hundreds of random inputs, so change them together.

Conventions (also stated on every page that shows a calculator):

* A working day is Monday to Friday, except public holidays, Tết and compensatory
  days off, plus the Saturdays the government turns into make-up working days.
* "Within N working days from day D": day D itself is not counted; the deadline is
  the N-th working day after D. "At least N working days before D" (direction
  ``before``) is the N-th working day before D.
* Calendar days: D + N (or D - N). The result may fall on a day off; it is not moved.
* Months: the same day of the month N months later (or earlier); when that month is
  shorter, the last day of that month (31/01 + 1 month = 28/02 or 29/02).
* The non-working-day table covers whole years ``first_year``..``last_year``
  (``data/non-working-days.yml`` ``range``). Every computation needs its start date
  inside that range, and a working-day count must stay inside it; otherwise
  :class:`OutOfRange` is raised with a message for the reader instead of a wrong date.

The table comes from the PyPI ``holidays`` package (``holidays.Vietnam``, which knows
the lunar calendar and the announced swaps it has been told about), corrected by the
override file ``data/non-working-days.yml`` (extra days off, make-up working days, or
a day the package lists that the site does not count).
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from .html import json_for_script

UNITS = ("working_days", "calendar_days", "months")
UNIT_LABELS = {"working_days": "ngày làm việc", "calendar_days": "ngày", "months": "tháng"}
DIRECTIONS = ("after", "before")
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DEFAULT_RANGE = (2020, 2030)
OVERRIDE_FILE = "data/non-working-days.yml"

# Vietnamese names for the holidays the package reports in English or with suffixes.
_HOLIDAY_LANGUAGE = "vi"


class OutOfRange(ValueError):
    """A date outside the years covered by the non-working-day table."""


@dataclass
class WorkCalendar:
    """Non-working weekdays and working weekend days for whole years."""

    first: date
    last: date
    off: dict[date, str] = field(default_factory=dict)  # Mon-Fri days that are not worked
    work: dict[date, str] = field(default_factory=dict)  # Sat/Sun days that are worked
    notes: list[dict] = field(default_factory=list)  # override entries, for the page

    @property
    def years(self) -> tuple[int, int]:
        return self.first.year, self.last.year

    def covers(self, d: date) -> bool:
        return self.first <= d <= self.last

    def is_working_day(self, d: date) -> bool:
        if not self.covers(d):
            raise OutOfRange(range_message(self, d))
        if d in self.work:
            return True
        return d.weekday() < 5 and d not in self.off

    def to_json(self) -> str:
        """The table as compact JSON for the page (read by components.js)."""
        data = {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "off": {d.isoformat(): n for d, n in sorted(self.off.items())},
            "work": {d.isoformat(): n for d, n in sorted(self.work.items())},
        }
        return _script_json(data)

    def notes_json(self) -> str:
        """The override entries (date, type, reason) for the page, shown next to results."""
        return _script_json([
            {"date": n["date"].isoformat(), "type": n["type"], "reason": n["reason"]} for n in self.notes
        ])


def _script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Safe inside <script type="application/json">.
    return json_for_script(text)


# ---------------------------------------------------------------- table
def package_days(first_year: int, last_year: int) -> tuple[dict[date, str], dict[date, str]]:
    """Days off and make-up working days as the ``holidays`` package gives them."""
    import holidays

    years = range(first_year, last_year + 1)
    hol = holidays.Vietnam(years=years, language=_HOLIDAY_LANGUAGE)
    off = {d: name for d, name in hol.items() if first_year <= d.year <= last_year}
    work = {d: "Ngày làm bù" for d in getattr(hol, "weekend_workdays", ()) if first_year <= d.year <= last_year}
    return off, work


def build_calendar(first_year: int, last_year: int, overrides: list[dict] | None = None) -> WorkCalendar:
    """The table for ``first_year``..``last_year`` with the override entries applied.

    Each override is ``{"date": "YYYY-MM-DD", "type": "day_off" | "working_day", "reason": str}``.
    Weekend holidays are dropped (weekends are never working days unless listed in ``work``).
    """
    pkg_off, pkg_work = package_days(first_year, last_year)
    off = {d: n for d, n in pkg_off.items() if d.weekday() < 5}
    work = dict(pkg_work)
    notes = []
    for entry in overrides or []:
        d = date.fromisoformat(str(entry["date"]))
        reason = str(entry.get("reason", ""))
        if entry["type"] == "day_off":
            work.pop(d, None)
            if d.weekday() < 5:
                off[d] = entry.get("name") or reason
        else:
            off.pop(d, None)
            if d.weekday() >= 5:
                work[d] = entry.get("name") or reason
        notes.append({"date": d, "type": entry["type"], "reason": reason, "package": pkg_off.get(d) or pkg_work.get(d)})
    return WorkCalendar(date(first_year, 1, 1), date(last_year, 12, 31), off, work, notes)


def calendar_from_data(data: dict | None) -> WorkCalendar:
    """Build from the parsed ``data/non-working-days.yml`` (or defaults when absent)."""
    if not data:
        return build_calendar(*DEFAULT_RANGE)
    rng = data.get("range") or {}
    return build_calendar(int(rng.get("from", DEFAULT_RANGE[0])), int(rng.get("to", DEFAULT_RANGE[1])), data.get("days") or [])


def calendar_for(repo) -> WorkCalendar:
    """The repository's calendar, built once per repository."""
    cal = getattr(repo, "_work_calendar", None)
    if cal is None:
        docs = (getattr(repo, "documents", {}) or {}).get("non-working-days") or []
        cal = calendar_from_data(docs[0].data if docs else None)
        repo._work_calendar = cal
    return cal


# ---------------------------------------------------------------- arithmetic
def fmt(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_date_vi(d: date) -> str:
    """``Thứ Ba, 17/02/2026``."""
    return f"{WEEKDAYS_VI[d.weekday()]}, {fmt(d)}"


def range_message(cal: WorkCalendar, d: date) -> str:
    return (
        f"Ngày {fmt(d)} nằm ngoài phạm vi bảng ngày nghỉ của tài liệu "
        f"({fmt(cal.first)}–{fmt(cal.last)}), nên không tính được hạn chót; "
        "hãy tra lịch nghỉ do Nhà nước công bố."
    )


def add_working_days(cal: WorkCalendar, start: date, n: int) -> date:
    """The n-th working day after ``start`` (n > 0) or before it (n < 0); ``start`` not counted."""
    if not cal.covers(start):
        raise OutOfRange(range_message(cal, start))
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    d = start
    while remaining:
        d += timedelta(days=step)
        if not cal.covers(d):
            limit = cal.last if step > 0 else cal.first
            raise OutOfRange(
                f"Hạn chót vượt ra ngoài phạm vi bảng ngày nghỉ của tài liệu (đến {fmt(limit)}), "
                "nên không tính được; hãy tra lịch nghỉ do Nhà nước công bố."
                if step > 0 else
                f"Hạn chót rơi vào trước phạm vi bảng ngày nghỉ của tài liệu (từ {fmt(limit)}), nên không tính được."
            )
        if cal.is_working_day(d):
            remaining -= 1
    return d


def add_months(start: date, n: int) -> date:
    """Same day n months later (earlier when n < 0), clamped to the month's last day."""
    index = start.year * 12 + (start.month - 1) + n
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def deadline(cal: WorkCalendar, start: date, amount: int, unit: str, direction: str = "after") -> date:
    """The deadline ``amount`` ``unit`` after (or before) ``start``.

    Raises :class:`OutOfRange` when ``start`` is outside the table's years or a
    working-day count leaves them; ``ValueError`` for an unknown unit or direction.
    """
    if unit not in UNITS:
        raise ValueError(f"đơn vị thời hạn không hợp lệ (unknown unit): {unit}")
    if direction not in DIRECTIONS:
        raise ValueError(f"chiều tính không hợp lệ (unknown direction): {direction}")
    if not cal.covers(start):
        raise OutOfRange(range_message(cal, start))
    sign = 1 if direction == "after" else -1
    if unit == "working_days":
        return add_working_days(cal, start, sign * amount)
    if unit == "calendar_days":
        return start + timedelta(days=sign * amount)
    return add_months(start, sign * amount)


# ---------------------------------------------------------------- timelines
@dataclass
class StepResult:
    deadline: date | None = None
    extended: date | None = None  # deadline with the special-case extension
    error: str | None = None  # reader-facing reason when no date could be computed
    known: date | None = None  # date entered by the reader for this step


def step_reference(step: dict) -> tuple[str | None, str]:
    """``(referenced step id, direction)`` of a timeline step."""
    if step.get("after"):
        return step["after"], "after"
    if step.get("before"):
        return step["before"], "before"
    return None, "after"


def compute_timeline(cal: WorkCalendar, steps: list[dict], known: dict[str, date]) -> dict[str, StepResult]:
    """Deadlines of every step that can be reached from the dates the reader knows.

    ``known`` maps step ids to actual dates. A step's own date, for the steps that
    depend on it, is its known date if given, otherwise its (normal) deadline.
    Steps whose reference has no date get no result.
    """
    results: dict[str, StepResult] = {s["id"]: StepResult(known=known.get(s["id"])) for s in steps}
    base: dict[str, date] = dict(known)
    blocked: dict[str, str] = {}  # step -> error inherited by dependents
    pending = [s for s in steps if step_reference(s)[0]]
    progress = True
    while pending and progress:
        progress = False
        for s in list(pending):
            ref, direction = step_reference(s)
            res = results[s["id"]]
            if ref in base:
                lim = s["limit"]
                try:
                    res.deadline = deadline(cal, base[ref], int(lim["amount"]), lim["unit"], direction)
                    ext = lim.get("extension")
                    if ext:
                        try:
                            res.extended = deadline(cal, res.deadline, int(ext["amount"]), ext.get("unit", lim["unit"]), direction)
                        except OutOfRange as exc:
                            res.extended = None
                            res.error = str(exc)
                except OutOfRange as exc:
                    res.error = str(exc)
                    if s["id"] not in known:
                        blocked[s["id"]] = "Không tính được vì bước được lấy làm mốc không có ngày hợp lệ."
                if s["id"] not in base and res.deadline is not None:
                    base[s["id"]] = res.deadline
            elif ref in blocked:
                res.error = blocked[ref]
                blocked[s["id"]] = blocked[ref]
            else:
                continue
            pending.remove(s)
            progress = True
    return results


# ---------------------------------------------------------------- content check
def check(repo, doc) -> list:
    """Semantic checks of ``data/non-working-days.yml`` (the schema ran before)."""
    data = doc.data
    errors = []
    first, last = int(data["range"]["from"]), int(data["range"]["to"])
    if first > last:
        errors.append(doc.error(("range", "to"), f"năm kết thúc {last} nhỏ hơn năm bắt đầu {first} (range.to must be >= range.from)"))
        return errors
    try:
        pkg_off, pkg_work = package_days(first, last)
    except Exception as exc:  # pragma: no cover - the package is pinned in requirements.txt
        return [doc.error(("range",), f"không tạo được bảng ngày nghỉ từ gói holidays: {exc}")]
    seen: dict[str, int] = {}
    for i, entry in enumerate(data.get("days") or []):
        text = str(entry["date"])
        try:
            d = date.fromisoformat(text)
        except ValueError:
            errors.append(doc.error(("days", i, "date"), f"ngày không tồn tại (invalid date): {text}", text))
            continue
        if text in seen:
            errors.append(doc.error(("days", i, "date"), f"ngày {fmt(d)} bị khai báo lặp (duplicate date; first at item {seen[text] + 1})", text))
            continue
        seen[text] = i
        if not first <= d.year <= last:
            errors.append(doc.error(("days", i, "date"), f"ngày {fmt(d)} nằm ngoài phạm vi {first}-{last} (outside range)", text))
            continue
        weekend = d.weekday() >= 5
        if entry["type"] == "day_off":
            if weekend and d not in pkg_work:
                errors.append(doc.error(("days", i, "type"), f"{fmt(d)} là {WEEKDAYS_VI[d.weekday()]}, vốn đã là ngày nghỉ (redundant: already a day off)", text))
            elif not weekend and d in pkg_off:
                errors.append(doc.error(("days", i, "type"), f"{fmt(d)} đã là ngày nghỉ theo gói holidays ({pkg_off[d]}) (redundant: already a day off)", text))
        else:
            if not weekend and d not in pkg_off:
                errors.append(doc.error(("days", i, "type"), f"{fmt(d)} là {WEEKDAYS_VI[d.weekday()]}, vốn đã là ngày làm việc (redundant: already a working day)", text))
            elif weekend and d in pkg_work:
                errors.append(doc.error(("days", i, "type"), f"{fmt(d)} đã là ngày làm bù theo gói holidays (redundant: already a working day)", text))
    return errors
