/* Checklists and timeline deadline calculators (progressive enhancement, vanilla JS).

   Checklists: ticks persist through SotayStore under "sotay.checklist.v1"
   ({lists: {<checklist id>: {items: {<item id>: true}, updated: <ms>}}}); a missing,
   full, disabled or corrupted store only means ticks are not remembered.

   Timelines: the working-day arithmetic lives in workdays-core.js (window.SotayWorkdaysCore,
   loaded before this file; it mirrors macros/workdays.py). When the start date or a
   working-day count leaves the holiday table's years, a message replaces the date. */
(function () {
  "use strict";

  var STORE_KEY = "sotay.checklist.v1";
  var has = Object.prototype.hasOwnProperty;

  function isObject(v) {
    return !!v && typeof v === "object" && !Array.isArray(v);
  }

  /* ------------------------------------------------------------ storage */
  function storeRead() {
    var s = window.SotayStore;
    var value = null;
    try {
      value = s && typeof s.read === "function" ? s.read(STORE_KEY, null) : null;
    } catch (e) {
      value = null;
    }
    return isObject(value) && isObject(value.lists) ? value : { lists: {} };
  }

  function storeWrite(value) {
    var s = window.SotayStore;
    try {
      return !!(s && typeof s.write === "function" && s.write(STORE_KEY, value));
    } catch (e) {
      return false;
    }
  }

  /* ------------------------------------------------------------ checklists */
  function initChecklist(root) {
    var id = root.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(root.querySelectorAll('input[type="checkbox"][data-item]'));
    var controls = root.querySelector(".sotay-checklist__controls");
    var count = root.querySelector(".sotay-checklist__count");
    var reset = root.querySelector(".sotay-checklist__reset");
    var saveNote = root.querySelector(".sotay-checklist__save");
    if (!id || !boxes.length) return;

    function savedItems() {
      var list = storeRead().lists[id];
      return isObject(list) && isObject(list.items) ? list.items : {};
    }

    function updateCount() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      if (count) count.textContent = n + "/" + boxes.length;
      root.classList.toggle("sotay-checklist--done", n === boxes.length);
    }

    function save() {
      var state = storeRead();
      var items = {};
      boxes.forEach(function (b) {
        if (b.checked) items[b.getAttribute("data-item")] = true;
      });
      state.lists[id] = { items: items, updated: Date.now() };
      var ok = storeWrite(state);
      if (saveNote) saveNote.hidden = ok;
    }

    var items = savedItems();
    boxes.forEach(function (b) {
      b.checked = items[b.getAttribute("data-item")] === true;
      b.addEventListener("change", function () {
        updateCount();
        save();
      });
    });
    if (reset) {
      reset.addEventListener("click", function () {
        var ticked = boxes.filter(function (b) { return b.checked; }).length;
        // Ticks cannot be brought back: ask first (a native, accessible dialog).
        if (ticked && !window.confirm("Bỏ cả " + ticked + " dấu tích của danh mục này? Không thể hoàn tác.")) return;
        boxes.forEach(function (b) { b.checked = false; });
        updateCount();
        save();
      });
    }
    if (controls) controls.hidden = false;
    updateCount();
  }

  /* ------------------------------------------------------------ dates */
  /* workdays-core.js (loaded first) holds the working-day arithmetic. */
  var W = window.SotayWorkdaysCore;
  var parseISO = W.parseISO, toISO = W.toISO, fmt = W.fmt, fmtLong = W.fmtLong;
  var OutOfRange = W.OutOfRange, Calendar = W.Calendar, computeTimeline = W.computeTimeline;

  /* ------------------------------------------------------------ timelines */
  var pageCalendar = null;

  function calendarFor(root) {
    if (pageCalendar) return pageCalendar;
    var node = root.querySelector("script.sotay-workdays-table") || document.querySelector("script.sotay-workdays-table");
    if (!node) return null;
    try {
      pageCalendar = new Calendar(JSON.parse(node.textContent));
    } catch (e) {
      pageCalendar = null;
    }
    return pageCalendar;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* A date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd,
     whatever the browser's language: the day number, or null. */
  function parseTyped(text) {
    var s = String(text || "").replace(/\s+/g, "");
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(s);
    if (m) return parseISO(m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2));
    return parseISO(s);
  }

  /* Days the site counts differently from the generated holiday table (e.g. 24/11),
     shown next to a result whose count crosses them. */
  function overrideNotes(root) {
    var node = root.querySelector("script.sotay-workdays-notes") || document.querySelector("script.sotay-workdays-notes");
    if (!node) return [];
    try {
      return JSON.parse(node.textContent).map(function (x) {
        return { n: parseISO(x.date), off: x.type === "day_off", reason: String(x.reason || "") };
      }).filter(function (x) { return x.n !== null; });
    } catch (e) {
      return [];
    }
  }

  function describeSkipped(cal, from, to) {
    var info = cal.skipped(from, to);
    var bits = [];
    info.runs.forEach(function (r) {
      bits.push(r[0] === r[1] ? fmt(r[0]) : fmt(r[0]) + "–" + fmt(r[1]));
    });
    var text = bits.length ? "Đã trừ ngày nghỉ lễ, Tết, nghỉ bù: " + bits.join("; ") + "." : "";
    if (info.work.length) {
      text += (text ? " " : "") + "Đã tính ngày làm bù: " + info.work.map(fmt).join("; ") + ".";
    }
    return text;
  }

  function initTimeline(root) {
    var dataNode = root.querySelector("script.sotay-timeline__data");
    var calc = root.querySelector(".sotay-calc");
    if (!dataNode || !calc) return;
    var data, cal = calendarFor(root);
    try {
      data = JSON.parse(dataNode.textContent);
    } catch (e) {
      return;
    }
    if (!cal || !data || !Array.isArray(data.steps)) return;
    var steps = data.steps;
    var byId = {};
    steps.forEach(function (s) { byId[s.id] = s; });
    var form = calc.querySelector("form");
    var inputs = Array.prototype.slice.call(calc.querySelectorAll("input[data-anchor]"));
    var notes = overrideNotes(root);
    var summary = calc.querySelector(".sotay-calc__summary");
    calc.hidden = false;

    function setError(input, message) {
      var msg = document.getElementById(input.id + "-msg");
      if (msg) msg.textContent = message || "";
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    function show(stepId, res, knownDates) {
      var box = root.querySelector('[data-deadline-for="' + stepId + '"]');
      if (!box) return;
      box.textContent = "";
      box.removeAttribute("data-deadline");
      box.removeAttribute("data-extended");
      box.classList.remove("sotay-timeline__deadline--error");
      var s = byId[stepId];
      var any = false;
      if (res.known !== null) {
        var k = el("p", "sotay-timeline__known");
        k.appendChild(el("strong", null, "Ngày đã nhập: "));
        k.appendChild(document.createTextNode(fmtLong(res.known)));
        box.appendChild(k);
        any = true;
      }
      if (res.deadline !== null) {
        var p = el("p", "sotay-timeline__due");
        p.appendChild(el("strong", null, (s.label || (s.dir === "before" ? "Chậm nhất" : "Hạn chót")) + ": "));
        p.appendChild(document.createTextNode(fmtLong(res.deadline)));
        try {
          if (cal.covers(res.deadline) && !cal.isWorkingDay(res.deadline)) {
            p.appendChild(document.createTextNode(" (rơi vào ngày nghỉ)"));
          }
        } catch (e) { /* outside the table: no remark */ }
        box.setAttribute("data-deadline", toISO(res.deadline));
        box.appendChild(p);
        if (res.extended !== null) {
          var x = el("p", "sotay-timeline__extended");
          x.appendChild(el("strong", null, "Nếu gia hạn (" + s.ext.when + "): "));
          x.appendChild(document.createTextNode(fmtLong(res.extended)));
          box.setAttribute("data-extended", toISO(res.extended));
          box.appendChild(x);
        }
        if (res.known !== null) {
          var late = W.lateness(res.known, res.deadline, res.extended, s.dir);
          if (late !== "on_time") {
            box.appendChild(el("p", "sotay-timeline__late", late === "extended"
              ? "Lưu ý: ngày đã nhập quá hạn chót thường, còn trong thời gian gia hạn."
              : "Lưu ý: ngày đã nhập không đúng thời hạn của bước này."));
          }
        }
        var ref = byId[s.ref];
        var from = has.call(knownDates, s.ref) ? "ngày đã nhập ở bước " + ref.n : "ngày tính được của bước " + ref.n;
        var how = "Tính từ " + fmt(has.call(knownDates, s.ref) ? knownDates[s.ref] : computed[s.ref]) +
          " (" + from + ").";
        var start = has.call(knownDates, s.ref) ? knownDates[s.ref] : computed[s.ref];
        var end = res.extended !== null ? res.extended : res.deadline;
        if (s.unit === "working_days") {
          var skipped = describeSkipped(cal, start, end);
          if (skipped) how += " " + skipped;
        }
        box.appendChild(el("p", "sotay-timeline__how", how));
        if (s.unit === "working_days") {
          var lo = Math.min(start, end), hi = Math.max(start, end);
          notes.forEach(function (x) {
            if (x.n > lo && x.n <= hi) {
              box.appendChild(el("p", "sotay-timeline__override",
                "Ngày " + fmt(x.n) + " được tính là " + (x.off ? "ngày nghỉ" : "ngày làm việc") + ": " + x.reason));
            }
          });
        }
        any = true;
      }
      if (res.error) {
        box.appendChild(el("p", "sotay-timeline__error", "Không tính được: " + res.error));
        box.classList.add("sotay-timeline__deadline--error");
        any = true;
      }
      box.hidden = !any;
    }

    var computed = {};

    function run() {
      var known = {};
      var bad = 0;
      inputs.forEach(function (input) {
        var value = input.value;
        if (!value) {
          setError(input, "");
          return;
        }
        var n = parseTyped(value);
        if (n === null) {
          setError(input, "Ngày không hợp lệ: gõ theo dạng ngày/tháng/năm, ví dụ 05/01/2026.");
          bad += 1;
          return;
        }
        setError(input, cal.covers(n) ? "" : cal.rangeMessage(n));
        known[input.getAttribute("data-anchor")] = n;
      });
      var results = computeTimeline(cal, steps, known);
      computed = {};
      steps.forEach(function (s) {
        var r = results[s.id];
        if (r.deadline !== null) computed[s.id] = r.deadline;
      });
      var done = 0, failed = 0;
      steps.forEach(function (s) {
        var r = results[s.id];
        show(s.id, r, known);
        if (r.deadline !== null) done += 1;
        if (r.error) failed += 1;
      });
      var text;
      if (!Object.keys(known).length) {
        text = bad ? "Ngày đã nhập không hợp lệ." : "";
      } else {
        text = "Đã tính hạn chót cho " + done + " bước; xem dưới từng bước.";
        if (failed) text += " Có " + failed + " bước không tính được.";
      }
      if (summary && summary.textContent !== text) summary.textContent = text;
      calc.classList.toggle("sotay-calc--has-results", done > 0 || failed > 0);
    }

    inputs.forEach(function (input) {
      input.addEventListener("change", run);
      input.addEventListener("input", run);
    });
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        run();
      });
      form.addEventListener("reset", function () {
        window.setTimeout(run, 0);
      });
    }
    run();
  }

  /* ------------------------------------------------------------ API for tests */
  window.SotayWorkdays = {
    /* deadline("2026-02-10", 60, "working_days", "after") -> {ok, date, message} */
    deadline: function (startISO, amount, unit, direction) {
      var cal = calendarFor(document);
      var start = parseISO(startISO);
      if (!cal) return { ok: false, date: null, message: "no table" };
      if (start === null) return { ok: false, date: null, message: "invalid date" };
      try {
        return { ok: true, date: toISO(cal.deadline(start, amount, unit, direction || "after")), message: "" };
      } catch (e) {
        if (e instanceof OutOfRange) return { ok: false, date: null, message: e.message };
        throw e;
      }
    },
    isWorkingDay: function (iso) {
      var cal = calendarFor(document);
      return cal.isWorkingDay(parseISO(iso));
    },
    format: function (iso) {
      return fmtLong(parseISO(iso));
    }
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".sotay-checklist[data-checklist]"), function (root) {
      try { initChecklist(root); } catch (e) { /* never break the page */ }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".sotay-timeline[data-timeline]"), function (root) {
      try { initTimeline(root); } catch (e) { /* never break the page */ }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
