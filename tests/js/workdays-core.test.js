// Table-driven tests of docs/assets/js/workdays-core.js (the deadline calculator's
// working-day arithmetic), run by `node --test tests/js/`. The holiday table is a small
// hand-written one whose first and last days are both days off; every expected date
// was worked out on a calendar by hand.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const W = require("../../docs/assets/js/workdays-core.js");

function table(name, rows, fn) {
  rows.forEach((row, i) => test(`${name} #${i + 1}: ${JSON.stringify(row)}`, () => fn(...row)));
}

const TABLE = {
  first: "2025-01-01", // Wednesday, New Year: a day off on the table's first day
  last: "2026-12-31", // Thursday, listed as off: a day off on the table's last day
  off: {
    "2025-01-01": "Tết Dương lịch",
    "2026-02-16": "Tết", "2026-02-17": "Tết", "2026-02-18": "Tết", "2026-02-19": "Tết", "2026-02-20": "Tết",
    "2026-04-30": "30/4", "2026-05-01": "1/5",
    "2026-05-02": "Saturday listed as off (no effect)",
    "2026-12-31": "test day off",
  },
  work: { "2026-02-07": "make-up Saturday", "2026-02-09": "Monday listed as work (no effect)" },
};
const cal = new W.Calendar(TABLE);
const d = W.parseISO;
const iso = W.toISO;

// ------------------------------------------------------------------ dates
table("parseISO", [
  ["2026-02-28", true], ["2026-02-29", false], ["2024-02-29", true], ["2000-02-29", true],
  ["2100-02-29", false], ["2026-04-30", true], ["2026-04-31", false], ["2026-12-31", true],
  ["2026-13-01", false], ["2026-00-10", false], ["2026-01-00", false], ["2026-1-1", false],
  ["26-01-01", false], ["", false], [null, false], ["2026-01-01T00:00", false], ["0000-01-01", false],
  ["x2026-02-28", false], ["0001-01-01", true],
], (text, valid) => {
  const n = d(text);
  assert.equal(n !== null, valid);
  if (valid) assert.equal(iso(n), text);
});

table("dayNumber", [
  [1970, 1, 1, 0], [1970, 1, 2, 1], [1969, 12, 31, -1], [2000, 3, 1, 11017], [2026, 2, 16, 20500],
], (y, m, day, n) => assert.equal(W.dayNumber(y, m, day), n));

table("parts", [
  ["2026-02-16", { y: 2026, m: 2, d: 16, wd: 1 }],
  ["2026-02-07", { y: 2026, m: 2, d: 7, wd: 6 }],
  ["2026-02-08", { y: 2026, m: 2, d: 8, wd: 0 }],
  ["1970-01-01", { y: 1970, m: 1, d: 1, wd: 4 }],
], (text, want) => assert.deepEqual(W.parts(d(text)), want));

table("daysInMonth", [
  [2026, 1, 31], [2026, 2, 28], [2024, 2, 29], [2000, 2, 29], [2100, 2, 28], [2026, 4, 30], [2026, 12, 31],
], (y, m, n) => assert.equal(W.daysInMonth(y, m), n));

table("format", [
  ["2026-02-16", "16/02/2026", "Thứ Hai, 16/02/2026"],
  ["2026-02-08", "08/02/2026", "Chủ nhật, 08/02/2026"],
  ["2026-02-07", "07/02/2026", "Thứ Bảy, 07/02/2026"],
  ["2025-01-01", "01/01/2025", "Thứ Tư, 01/01/2025"],
  ["2026-02-17", "17/02/2026", "Thứ Ba, 17/02/2026"],
  ["2026-02-19", "19/02/2026", "Thứ Năm, 19/02/2026"],
  ["2026-02-20", "20/02/2026", "Thứ Sáu, 20/02/2026"],
], (text, short, long) => {
  assert.equal(W.fmt(d(text)), short);
  assert.equal(W.fmtLong(d(text)), long);
});

table("addMonths", [
  ["2026-01-31", 1, "2026-02-28"], ["2024-01-31", 1, "2024-02-29"], ["2026-03-31", -1, "2026-02-28"],
  ["2025-12-15", 1, "2026-01-15"], ["2026-01-15", -1, "2025-12-15"], ["2025-01-31", 13, "2026-02-28"],
  ["2026-05-31", 1, "2026-06-30"], ["2026-08-31", 0, "2026-08-31"], ["2026-06-30", 1, "2026-07-30"],
  ["2026-01-10", -13, "2024-12-10"], ["2026-01-10", 24, "2028-01-10"],
], (start, k, want) => assert.equal(iso(W.addMonths(d(start), k)), want));

// ------------------------------------------------------------------ the calendar
test("a table without valid first/last dates is refused", () => {
  assert.throws(() => new W.Calendar({ first: "2025-02-30", last: "2026-12-31" }), /bad workdays table/);
  assert.throws(() => new W.Calendar({ first: "2025-01-01" }), /bad workdays table/);
  const bare = new W.Calendar({ first: "2025-01-01", last: "2025-12-31", off: [], work: "x" });
  assert.equal(bare.isWorkingDay(d("2025-01-01")), true); // no off table: a plain Wednesday
  const empty = new W.Calendar({ first: "2025-01-01", last: "2025-12-31", off: null });
  assert.equal(empty.isWorkingDay(d("2025-01-04")), false);
  assert.equal(empty.isWorkingDay(d("2025-01-06")), true);
});

table("covers", [
  ["2024-12-31", false], ["2025-01-01", true], ["2026-12-31", true], ["2027-01-01", false],
], (text, want) => assert.equal(cal.covers(d(text)), want));

table("isWorkingDay", [
  ["2025-01-01", false], // first day of the table, a holiday
  ["2025-01-02", true],
  ["2026-12-31", false], // last day of the table, a day off
  ["2026-12-30", true],
  ["2026-02-13", true], // Friday before Tết
  ["2026-02-16", false], ["2026-02-20", false], // first and last day of Tết
  ["2026-02-14", false], ["2026-02-15", false], // weekend
  ["2026-02-07", true], // make-up Saturday
  ["2026-02-08", false], // Sunday
  ["2026-02-09", true], // a Monday in "work": still a working day
  ["2026-05-02", false], // a Saturday in "off": still not worked
  ["2026-04-30", false], ["2026-05-01", false], ["2026-04-29", true],
], (text, want) => assert.equal(cal.isWorkingDay(d(text)), want));

table("isWorkingDay outside the table", [["2024-12-31"], ["2027-01-01"]], (text) => {
  assert.throws(() => cal.isWorkingDay(d(text)), (e) => e instanceof W.OutOfRange && /nằm ngoài phạm vi/.test(e.message));
});

// [start, amount, unit, direction, expected date or null for OutOfRange]
table("deadline", [
  // working days: day D is not counted; holidays, weekends skipped; make-up Saturday counted
  ["2026-02-12", 0, "working_days", "after", "2026-02-12"],
  ["2026-02-12", 1, "working_days", "after", "2026-02-13"],
  ["2026-02-13", 1, "working_days", "after", "2026-02-23"],
  ["2026-02-13", 2, "working_days", "after", "2026-02-24"],
  ["2026-02-06", 1, "working_days", "after", "2026-02-07"],
  ["2026-02-06", 2, "working_days", "after", "2026-02-09"],
  ["2026-02-14", 1, "working_days", "after", "2026-02-23"], // from a Saturday
  ["2026-02-23", 1, "working_days", "before", "2026-02-13"],
  ["2026-02-09", 2, "working_days", "before", "2026-02-06"],
  ["2026-04-29", 1, "working_days", "after", "2026-05-04"],
  // first day of the table: a day off, counting starts after it
  ["2025-01-01", 1, "working_days", "after", "2025-01-02"],
  ["2025-01-03", 1, "working_days", "before", "2025-01-02"],
  ["2025-01-03", 2, "working_days", "before", null], // 01/01 is off, then the table ends
  ["2025-01-02", 1, "working_days", "before", null],
  // last day of the table: a day off, so nothing after 30/12 can be reached
  ["2026-12-29", 1, "working_days", "after", "2026-12-30"],
  ["2026-12-29", 2, "working_days", "after", null],
  ["2026-12-31", 0, "working_days", "after", "2026-12-31"],
  ["2026-12-31", 1, "working_days", "after", null],
  ["2027-01-04", 0, "working_days", "after", null], // start outside
  ["2024-12-31", 1, "working_days", "after", null],
  // calendar days: plain arithmetic, may land on a day off
  ["2026-01-31", 30, "calendar_days", "after", "2026-03-02"],
  ["2026-03-02", 30, "calendar_days", "before", "2026-01-31"],
  ["2026-02-06", 10, "calendar_days", "after", "2026-02-16"],
  ["2026-12-31", 1, "calendar_days", "after", "2027-01-01"], // only the start must be covered
  ["2024-12-31", 1, "calendar_days", "after", null],
  // months: clamped to the month end
  ["2026-01-31", 1, "months", "after", "2026-02-28"],
  ["2026-03-31", 1, "months", "before", "2026-02-28"],
  ["2026-12-15", 1, "months", "after", "2027-01-15"],
  ["2025-03-31", 11, "months", "after", "2026-02-28"], // the amount counts, not just its sign
  ["2026-12-15", 12, "months", "before", "2025-12-15"],
  ["2027-01-15", 1, "months", "before", null],
], (start, amount, unit, dir, want) => {
  if (want === null) {
    assert.throws(() => cal.deadline(d(start), amount, unit, dir), (e) => e instanceof W.OutOfRange && e.message.length > 20);
  } else {
    assert.equal(iso(cal.deadline(d(start), amount, unit, dir)), want);
  }
});

test("out-of-range messages in full", () => {
  assert.throws(() => cal.addWorkingDays(d("2026-12-29"), 2), (e) => e.message ===
    "Hạn chót vượt ra ngoài phạm vi bảng ngày nghỉ của tài liệu (đến 31/12/2026), nên không tính được; hãy tra lịch nghỉ do Nhà nước công bố.");
  assert.throws(() => cal.addWorkingDays(d("2025-01-03"), -2), (e) => e.message ===
    "Hạn chót rơi vào trước phạm vi bảng ngày nghỉ của tài liệu (từ 01/01/2025), nên không tính được.");
});

test("out-of-range messages say which way the count left the table", () => {
  assert.throws(() => cal.addWorkingDays(d("2026-12-29"), 2), (e) => /vượt ra ngoài.*31\/12\/2026/.test(e.message));
  assert.throws(() => cal.addWorkingDays(d("2025-01-03"), -2), (e) => /trước phạm vi.*01\/01\/2025/.test(e.message));
  assert.throws(() => cal.addWorkingDays(d("2027-01-03"), 1), (e) => /27|2027/.test(e.message) && /nằm ngoài/.test(e.message));
  assert.equal(cal.rangeMessage(d("2027-01-03")),
    "Ngày 03/01/2027 nằm ngoài phạm vi bảng ngày nghỉ của tài liệu (01/01/2025–31/12/2026), nên không tính được hạn chót; " +
    "hãy tra lịch nghỉ do Nhà nước công bố.");
});

test("an unknown unit is a programming error, not OutOfRange", () => {
  assert.throws(() => cal.deadline(d("2026-02-12"), 1, "weeks", "after"), (e) => !(e instanceof W.OutOfRange) && /unknown unit weeks/.test(e.message));
});

table("skipped", [
  ["2026-02-13", "2026-02-23", [["2026-02-16", "2026-02-20"]], []],
  ["2026-02-23", "2026-02-13", [["2026-02-16", "2026-02-20"]], []],
  ["2026-02-16", "2026-02-20", [["2026-02-17", "2026-02-19"]], []], // strictly between
  ["2026-02-06", "2026-02-09", [], ["2026-02-07"]],
  ["2026-04-28", "2026-05-05", [["2026-04-30", "2026-05-01"]], []],
  ["2026-02-10", "2026-02-12", [], []],
  ["2026-02-06", "2026-02-10", [], ["2026-02-07"]], // Monday 09/02 in "work" is no make-up day
], (a, b, runs, work) => {
  const got = cal.skipped(d(a), d(b));
  assert.deepEqual(got.runs.map((r) => [iso(r[0]), iso(r[1])]), runs);
  assert.deepEqual(got.work.map(iso), work);
});

test("skipped: runs join only over a weekend, weekend entries are ignored", () => {
  const c = new W.Calendar({
    first: "2026-01-01", last: "2026-12-31",
    off: { "2026-09-03": "Thu", "2026-09-07": "Mon", "2026-09-10": "Thu", "2026-09-13": "Sun" },
    work: { "2026-09-12": "Sat", "2026-09-20": "Sun" },
  });
  const got = c.skipped(d("2026-09-01"), d("2026-09-30"));
  assert.deepEqual(got.runs.map((r) => [iso(r[0]), iso(r[1])]),
    [["2026-09-03", "2026-09-03"], ["2026-09-07", "2026-09-07"], ["2026-09-10", "2026-09-10"]]);
  assert.deepEqual(got.work.map(iso), ["2026-09-12", "2026-09-20"]);
});

test("skipped joins a run across a weekend", () => {
  const c = new W.Calendar({ first: "2026-01-01", last: "2026-12-31", off: { "2026-09-04": "x", "2026-09-07": "y", "2026-09-09": "z" }, work: {} });
  assert.deepEqual(c.skipped(d("2026-09-01"), d("2026-09-30")).runs.map((r) => [iso(r[0]), iso(r[1])]),
    [["2026-09-04", "2026-09-07"], ["2026-09-09", "2026-09-09"]]);
});

// ------------------------------------------------------------------ late or on time
// [known, deadline, extended, direction, expected]
table("lateness", [
  ["2026-03-10", "2026-03-10", null, "after", "on_time"], // exactly the deadline
  ["2026-03-09", "2026-03-10", null, "after", "on_time"],
  ["2026-03-11", "2026-03-10", null, "after", "late"],
  ["2026-03-11", "2026-03-10", "2026-03-20", "after", "extended"],
  ["2026-03-20", "2026-03-10", "2026-03-20", "after", "extended"], // exactly the extension
  ["2026-03-21", "2026-03-10", "2026-03-20", "after", "late"],
  ["2026-03-10", "2026-03-10", null, "before", "on_time"],
  ["2026-03-11", "2026-03-10", null, "before", "on_time"],
  ["2026-03-09", "2026-03-10", null, "before", "late"],
  ["2026-03-01", "2026-03-10", "2026-03-01", "before", "extended"],
  ["2026-02-28", "2026-03-10", "2026-03-01", "before", "late"],
], (known, deadline, extended, dir, want) => {
  assert.equal(W.lateness(d(known), d(deadline), extended === null ? null : d(extended), dir), want);
});

// ------------------------------------------------------------------ timelines
const STEPS = [
  { id: "a", n: 1 },
  { id: "b", n: 2, ref: "a", amount: 1, unit: "working_days", dir: "after" },
  { id: "c", n: 3, ref: "b", amount: 1, unit: "months", dir: "after", ext: { amount: 1 } },
  { id: "d", n: 4, ref: "c", amount: 5, unit: "calendar_days", dir: "before" },
];

test("computeTimeline chains computed dates", () => {
  const res = W.computeTimeline(cal, STEPS, { a: d("2026-02-13") });
  assert.equal(res.a.deadline, null);
  assert.equal(res.a.known, d("2026-02-13"));
  assert.equal(iso(res.b.deadline), "2026-02-23");
  assert.equal(iso(res.c.deadline), "2026-03-23");
  assert.equal(iso(res.c.extended), "2026-04-23");
  assert.equal(iso(res.d.deadline), "2026-03-18");
  assert.deepEqual([res.b.error, res.c.error, res.d.error], [null, null, null]);
});

test("computeTimeline prefers a known date over a computed one as the next step's base", () => {
  const res = W.computeTimeline(cal, STEPS, { a: d("2026-02-13"), b: d("2026-02-27") });
  assert.equal(iso(res.b.deadline), "2026-02-23");
  assert.equal(res.b.known, d("2026-02-27"));
  assert.equal(iso(res.c.deadline), "2026-03-27");
});

test("computeTimeline reports an out-of-range date down the chain", () => {
  const steps = STEPS.slice(0, 3).concat([{ id: "d", n: 4, ref: "c", amount: 1, unit: "working_days", dir: "after" }]);
  const res = W.computeTimeline(cal, steps, { a: d("2026-12-29"), });
  assert.equal(iso(res.b.deadline), "2026-12-30");
  assert.equal(iso(res.c.deadline), "2027-01-30");
  assert.equal(res.c.extended, null);
  assert.equal(res.d.deadline, null);
  assert.match(res.d.error, /nằm ngoài phạm vi/);
  const res2 = W.computeTimeline(cal, [STEPS[0], { id: "b", n: 2, ref: "a", amount: 5, unit: "working_days", dir: "after" }, STEPS[2]], { a: d("2026-12-29") });
  assert.match(res2.b.error, /vượt ra ngoài/);
  assert.equal(res2.c.error, "Không tính được vì bước được lấy làm mốc không có ngày hợp lệ.");
  assert.equal(res2.c.deadline, null);
});

test("computeTimeline: an extension that leaves the table keeps the deadline", () => {
  const steps = [{ id: "a", n: 1 }, { id: "b", n: 2, ref: "a", amount: 1, unit: "working_days", dir: "after", ext: { amount: 5 } },
    { id: "c", n: 3, ref: "b", amount: 1, unit: "calendar_days", dir: "after" }];
  const res = W.computeTimeline(cal, steps, { a: d("2026-12-28") });
  assert.equal(iso(res.b.deadline), "2026-12-29");
  assert.equal(res.b.extended, null);
  assert.match(res.b.error, /vượt ra ngoài/);
  assert.equal(iso(res.c.deadline), "2026-12-30"); // the next step still counts from the deadline
  assert.equal(res.c.error, null);
});

test("computeTimeline resolves steps listed before the step they count from", () => {
  const steps = [
    { id: "d", n: 4, ref: "c", amount: 1, unit: "calendar_days", dir: "after" },
    { id: "c", n: 3, ref: "b", amount: 1, unit: "calendar_days", dir: "after" },
    { id: "x", n: 5, ref: "nowhere", amount: 1, unit: "calendar_days", dir: "after" },
    { id: "b", n: 2, ref: "a", amount: 1, unit: "calendar_days", dir: "after" },
    { id: "a", n: 1 },
  ];
  const res = W.computeTimeline(cal, steps, { a: d("2026-03-01") });
  assert.deepEqual(["b", "c", "d"].map((k) => iso(res[k].deadline)), ["2026-03-02", "2026-03-03", "2026-03-04"]);
  assert.deepEqual(res.x, { deadline: null, extended: null, error: null, known: null });
});

test("computeTimeline lets programming errors through", () => {
  const steps = [{ id: "a", n: 1 }, { id: "b", n: 2, ref: "a", amount: 1, unit: "weeks", dir: "after" }];
  assert.throws(() => W.computeTimeline(cal, steps, { a: d("2026-03-02") }), /unknown unit weeks/);
  const ext = [{ id: "a", n: 1 }, { id: "b", n: 2, ref: "a", amount: 1, unit: "calendar_days", dir: "after", ext: { amount: 1, unit: "weeks" } }];
  assert.throws(() => W.computeTimeline(cal, ext, { a: d("2026-03-02") }), /unknown unit weeks/);
});

test("computeTimeline leaves steps without a base empty", () => {
  const res = W.computeTimeline(cal, STEPS, {});
  ["a", "b", "c", "d"].forEach((k) => assert.deepEqual(res[k], { deadline: null, extended: null, error: null, known: null }));
});
