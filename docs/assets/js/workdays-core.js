/* Working-day arithmetic of the deadline calculator: pure functions, no DOM (used by
   components.js in the browser and by `node --test tests/js/`). A classic script: in a
   page it sets window.SotayWorkdaysCore, in Node it is module.exports.

   The rules mirror macros/workdays.py exactly (a browser test compares both on hundreds
   of random dates); change them together.
     - working day: Monday-Friday, minus the table's "off" days, plus its "work" days;
     - "within N working days from D": D is not counted, the deadline is the N-th
       working day after D ("before": the N-th working day before D);
     - calendar days: D +/- N; months: same day N months later, clamped to month end;
     - the start date must lie inside the table's years, and a working-day count must
       stay inside them; otherwise OutOfRange (with a message for the reader) is thrown.

   Stable API. Dates are day numbers (days since 1970-01-01, UTC):
     dayNumber(y, m, d) -> n          parts(n) -> {y, m, d, wd (0 = Sunday)}
     daysInMonth(y, m)                parseISO("YYYY-MM-DD") -> n | null (invalid dates too)
     toISO(n) -> "YYYY-MM-DD"         fmt(n) -> "dd/mm/yyyy"     fmtLong(n) -> "Thứ Hai, dd/mm/yyyy"
     addMonths(n, k)                  OutOfRange (error class with .message)
     new Calendar({first, last, off: {iso: name}, work: {iso: name}})
       .covers(n)  .isWorkingDay(n)  .addWorkingDays(n, k)  .deadline(n, amount, unit, dir)
       .skipped(a, b) -> {runs: [[from, to]...], work: [n...]}   .rangeMessage(n)
       unit: "working_days" | "calendar_days" | "months"; dir: "after" | "before"
     lateness(known, deadline, extended|null, dir) -> "on_time" | "extended" | "late"
     computeTimeline(cal, steps, known) -> {stepId: {deadline, extended, error, known}}
       (same algorithm as macros.workdays.compute_timeline)
*/
// Stryker disable all: the loader wrapper (browser global or CommonJS), not grading logic.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (root) root.SotayWorkdaysCore = api;
})(typeof window !== "undefined" ? window : null, function () {
  "use strict";
  // Stryker restore all

  var WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  var DAY = 86400000;
  var has = Object.prototype.hasOwnProperty;

  function isObject(v) {
    return !!v && typeof v === "object" && !Array.isArray(v);
  }

  /* ------------------------------------------------------------ dates */
  function pad(n, width) {
    var s = String(n);
    while (s.length < (width || 2)) s = "0" + s;
    return s;
  }

  function dayNumber(y, m, d) {
    var dt = new Date(0);
    dt.setUTCFullYear(y, m - 1, d);
    return Math.round(dt.getTime() / DAY);
  }

  function parts(n) {
    var dt = new Date(n * DAY);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), wd: dt.getUTCDay() };
  }

  function daysInMonth(y, m) {
    return parts(dayNumber(y, m + 1, 1) - 1).d;
  }

  function parseISO(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text || ""));
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    return dayNumber(y, mo, d);
  }

  function toISO(n) {
    var p = parts(n);
    return pad(p.y, 4) + "-" + pad(p.m) + "-" + pad(p.d);
  }

  function fmt(n) {
    var p = parts(n);
    return pad(p.d) + "/" + pad(p.m) + "/" + p.y;
  }

  function fmtLong(n) {
    return WEEKDAYS[parts(n).wd] + ", " + fmt(n);
  }

  function addMonths(n, k) {
    var p = parts(n);
    var index = p.y * 12 + (p.m - 1) + k;
    var y = Math.floor(index / 12);
    var m = index - y * 12 + 1;
    return dayNumber(y, m, Math.min(p.d, daysInMonth(y, m)));
  }

  function OutOfRange(message) {
    this.message = message;
  }

  function Calendar(table) {
    this.first = parseISO(table.first);
    this.last = parseISO(table.last);
    this.off = isObject(table.off) ? table.off : {};
    this.work = isObject(table.work) ? table.work : {};
    if (this.first === null || this.last === null) throw new Error("bad workdays table");
  }

  Calendar.prototype.covers = function (n) {
    return n >= this.first && n <= this.last;
  };

  Calendar.prototype.rangeMessage = function (n) {
    return "Ngày " + fmt(n) + " nằm ngoài phạm vi bảng ngày nghỉ của tài liệu (" + fmt(this.first) + "–" +
      fmt(this.last) + "), nên không tính được hạn chót; hãy tra lịch nghỉ do Nhà nước công bố.";
  };

  Calendar.prototype.isWorkingDay = function (n) {
    if (!this.covers(n)) throw new OutOfRange(this.rangeMessage(n));
    var iso = toISO(n);
    if (has.call(this.work, iso)) return true;
    var wd = parts(n).wd;
    return wd !== 0 && wd !== 6 && !has.call(this.off, iso);
  };

  Calendar.prototype.addWorkingDays = function (start, k) {
    if (!this.covers(start)) throw new OutOfRange(this.rangeMessage(start));
    var step = k >= 0 ? 1 : -1;
    var remaining = Math.abs(k);
    var d = start;
    while (remaining) {
      d += step;
      if (!this.covers(d)) {
        throw new OutOfRange(step > 0
          ? "Hạn chót vượt ra ngoài phạm vi bảng ngày nghỉ của tài liệu (đến " + fmt(this.last) +
            "), nên không tính được; hãy tra lịch nghỉ do Nhà nước công bố."
          : "Hạn chót rơi vào trước phạm vi bảng ngày nghỉ của tài liệu (từ " + fmt(this.first) +
            "), nên không tính được.");
      }
      if (this.isWorkingDay(d)) remaining -= 1;
    }
    return d;
  };

  Calendar.prototype.deadline = function (start, amount, unit, direction) {
    if (!this.covers(start)) throw new OutOfRange(this.rangeMessage(start));
    var sign = direction === "before" ? -1 : 1;
    if (unit === "working_days") return this.addWorkingDays(start, sign * amount);
    if (unit === "calendar_days") return start + sign * amount;
    if (unit === "months") return addMonths(start, sign * amount);
    throw new Error("unknown unit " + unit);
  };

  /* Non-working weekdays and make-up days strictly between a and b, as short runs. */
  Calendar.prototype.skipped = function (a, b) {
    var lo = Math.min(a, b), hi = Math.max(a, b), runs = [], work = [];
    for (var d = lo + 1; d < hi; d++) {
      var iso = toISO(d), wd = parts(d).wd;
      if (wd !== 0 && wd !== 6 && has.call(this.off, iso)) {
        var last = runs[runs.length - 1];
        if (last && (last[1] === d - 1 || (parts(d).wd === 1 && last[1] === d - 3))) last[1] = d;
        else runs.push([d, d]);
      } else if ((wd === 0 || wd === 6) && has.call(this.work, iso)) {
        work.push(d);
      }
    }
    return { runs: runs, work: work };
  };

  /* Same algorithm as macros.workdays.compute_timeline. */
  function computeTimeline(cal, steps, known) {
    var results = {}, base = {}, blocked = {}, pending = [];
    steps.forEach(function (s) {
      results[s.id] = { deadline: null, extended: null, error: null, known: has.call(known, s.id) ? known[s.id] : null };
      if (s.ref) pending.push(s);
    });
    Object.keys(known).forEach(function (k) { base[k] = known[k]; });
    var progress = true;
    while (pending.length && progress) {
      progress = false;
      for (var i = 0; i < pending.length; i++) {
        var s = pending[i], res = results[s.id];
        if (has.call(base, s.ref)) {
          try {
            res.deadline = cal.deadline(base[s.ref], s.amount, s.unit, s.dir);
            if (s.ext) {
              try {
                res.extended = cal.deadline(res.deadline, s.ext.amount, s.ext.unit || s.unit, s.dir);
              } catch (e1) {
                if (!(e1 instanceof OutOfRange)) throw e1;
                res.extended = null;
                res.error = e1.message;
              }
            }
          } catch (e) {
            if (!(e instanceof OutOfRange)) throw e;
            res.error = e.message;
            if (!has.call(known, s.id)) blocked[s.id] = "Không tính được vì bước được lấy làm mốc không có ngày hợp lệ.";
          }
          if (!has.call(base, s.id) && res.deadline !== null) base[s.id] = res.deadline;
        } else if (has.call(blocked, s.ref)) {
          res.error = blocked[s.ref];
          blocked[s.id] = blocked[s.ref];
        } else {
          continue;
        }
        pending.splice(i, 1);
        i -= 1;
        progress = true;
      }
    }
    return results;
  }

  /* Is a date the reader entered for a step on time? "after" steps must be done on or
     before the deadline, "before" steps on or after it (the deadline day itself is on
     time). Returns "on_time", "extended" (late, but within the extension) or "late". */
  function lateness(known, deadline, extended, direction) {
    var before = direction === "before";
    var late = before ? known < deadline : known > deadline;
    if (!late) return "on_time";
    if (extended !== null && extended !== undefined && (before ? known >= extended : known <= extended)) return "extended";
    return "late";
  }

  return {
    lateness: lateness,
    WEEKDAYS: WEEKDAYS,
    dayNumber: dayNumber,
    parts: parts,
    daysInMonth: daysInMonth,
    parseISO: parseISO,
    toISO: toISO,
    fmt: fmt,
    fmtLong: fmtLong,
    addMonths: addMonths,
    OutOfRange: OutOfRange,
    Calendar: Calendar,
    computeTimeline: computeTimeline
  };
});
