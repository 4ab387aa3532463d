/* The class-test file (macros/classtest.py): name and unit, the per-trainee draw, the
   answers (kept in localStorage so a reload loses nothing), the timer, and on submit the
   hand-in code as text and QR. The file holds no key, so it never shows a score. All
   text typed by the trainee is written with textContent. */
(function () {
  "use strict";
  var H = window.SotayHandin;
  var data = JSON.parse(document.getElementById("ct-data").textContent);
  var KEY = ["sotay.classtest", data.bank, data.version, data.count, data.minutes].join(".");
  var qEls = [].slice.call(document.querySelectorAll(".ct-q"));
  var list = $("ct-list");
  var state = load(), picks = null, timer = null, confirmMissing = false;

  function $(id) { return document.getElementById(id); }
  function all(sel, root) { return [].slice.call(root.querySelectorAll(sel)); }
  function load() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY));
      return v && typeof v === "object" && typeof v.seed === "number" ? v : null;
    } catch (e) { return null; }
  }
  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* not remembered */ }
  }
  function letter(k) { return k < 26 ? String.fromCharCode(65 + k) : String(k + 1); }
  function btn(text, label, onclick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onclick);
    return b;
  }
  function newSeed() {
    var a = new Uint32Array(1);
    window.crypto.getRandomValues(a);
    return a[0] % Math.pow(2, H.SEED_BITS);
  }
  function show(id) {
    ["ct-start", "ct-test", "ct-done"].forEach(function (s) { $(s).hidden = s !== id; });
  }

  /* ------------------------------------------------------------ layout of the draw */
  function arrange() {
    picks = H.draw(state.seed, data.shapes, data.count, data.flags);
    picks.forEach(function (p, k) {
      var li = qEls[p.q], s = data.shapes[p.q];
      li.hidden = false;
      list.appendChild(li);
      li.querySelector(".ct-num").textContent = "Câu " + (k + 1) + "/" + picks.length + ".";
      if (s.t === "single" || s.t === "multiple") {
        var ul = li.querySelector(".ct-opts");
        p.order.forEach(function (i) { ul.appendChild(ul.querySelector('[data-i="' + i + '"]')); });
      } else if (s.t === "ordering") {
        var ol = li.querySelector(".ct-order");
        p.order.forEach(function (i) { ol.appendChild(ol.querySelector('[data-i="' + i + '"]')); });
        all("li", ol).forEach(function (item) {
          var text = item.textContent.replace(/\s+/g, " ").trim();
          item.appendChild(btn("▲", "Lên: " + text, function () { move(ol, item, -1, text); }));
          item.appendChild(btn("▼", "Xuống: " + text, function () { move(ol, item, 1, text); }));
        });
      } else if (s.t === "matching") {
        var rights = li.querySelector(".ct-rights");
        p.order.forEach(function (i, n) {
          var r = rights.querySelector('[data-i="' + i + '"]');
          r.querySelector(".ct-letter").textContent = letter(n) + ".";
          rights.appendChild(r);
        });
        all("select", li).forEach(function (sel) {
          p.order.forEach(function (i, n) {
            var opt = sel.querySelector('option[value="' + i + '"]');
            opt.textContent = letter(n) + ". " + opt.getAttribute("data-t");
            sel.appendChild(opt);
          });
        });
      }
    });
  }
  function move(ol, item, dir, text) {
    var sib = dir < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sib) return;
    if (dir < 0) ol.insertBefore(sib, item.nextSibling);
    else ol.insertBefore(sib, item);
    remember();
    var items = all("li", ol);
    say("Đã chuyển đến vị trí " + (items.indexOf(item) + 1) + " trên " + items.length + ": " + text);
  }
  function say(text) {
    var live = $("ct-live");
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  }

  /* ------------------------------------------------------------ answers */
  function value(li, s) {
    var t = s.t;
    if (t === "single") { var r = li.querySelector("input:checked"); return r ? +r.value : null; }
    if (t === "multiple") return all("input:checked", li).map(function (c) { return +c.value; }).sort(function (a, b) { return a - b; });
    if (t === "true_false") { var tf = li.querySelector("input:checked"); return tf ? tf.value === "true" : null; }
    if (t === "ordering") return all(".ct-order > li", li).map(function (x) { return +x.getAttribute("data-i"); });
    if (t === "matching") return all("select", li).map(function (x) { return x.value === "" ? null : +x.value; });
    return li.querySelector("input").value;
  }
  function restore(li, s, v) {
    var t = s.t;
    if (v == null) return;
    if (t === "single" || t === "multiple" || t === "true_false") {
      var want = [].concat(v).map(String);
      all("input", li).forEach(function (c) { c.checked = want.indexOf(c.value) >= 0; });
    } else if (t === "ordering") {
      var ol = li.querySelector(".ct-order");
      v.forEach(function (i) { var x = ol.querySelector('[data-i="' + i + '"]'); if (x) ol.appendChild(x); });
    } else if (t === "matching") {
      all("select", li).forEach(function (x, i) { x.value = v[i] == null ? "" : String(v[i]); });
    } else li.querySelector("input").value = v;
  }
  function answered(li, s, v) {
    if (s.t === "multiple") return v.length > 0;
    if (s.t === "ordering") return true;
    if (s.t === "matching") return v.every(function (x) { return x !== null; });
    return v !== null && String(v).trim() !== "";
  }
  function collect() { return picks.map(function (p) { return value(qEls[p.q], data.shapes[p.q]); }); }
  function remember() {
    if (state.code) return;
    state.answers = collect();
    save();
  }

  /* ------------------------------------------------------------ flow */
  function begin() {
    show("ct-test");
    $("ct-who").textContent = "Học viên: " + state.name + " · Đơn vị: " + state.unit;
    arrange();
    if (state.answers) picks.forEach(function (p, k) { restore(qEls[p.q], data.shapes[p.q], state.answers[k]); });
    list.addEventListener("change", remember);
    list.addEventListener("input", remember);
    if (data.minutes > 0) {
      timer = window.SotayTimer.countdown({
        el: $("ct-timer"), live: $("ct-live"), start: state.start, minutes: data.minutes,
        onExpire: function () { submit(true); }
      });
    }
  }

  function submit(force) {
    if (state.code) return;
    var answers = collect(), missing = [];
    picks.forEach(function (p, k) { if (!answered(qEls[p.q], data.shapes[p.q], answers[k])) missing.push(k + 1); });
    var warn = $("ct-missing");
    if (missing.length && !force && !confirmMissing) {
      confirmMissing = true;
      warn.textContent = "Còn " + missing.length + " câu chưa trả lời: Câu " + missing.join(", Câu ") +
        ". Câu bỏ trống được tính là sai. Bấm Nộp bài lần nữa để nộp.";
      warn.hidden = false;
      return;
    }
    if (timer) timer.stop();
    state.answers = answers;
    state.end = Date.now();
    state.code = H.encode({
      tag: data.tag, version: data.version, seed: state.seed, count: data.count,
      name: state.name, unit: state.unit, start: state.start, end: state.end, answers: answers
    }, data.shapes, data.flags);
    save();
    done(true);
  }

  function done(focus) {
    show("ct-done");
    $("ct-done-who").textContent = "Học viên: " + state.name + " · Đơn vị: " + state.unit;
    $("ct-code").textContent = state.code;
    drawQr(state.code);
    if (focus) $("ct-done").focus();
  }

  function drawQr(code) {
    var canvas = $("ct-qr");
    if (typeof window.qrcode !== "function") { canvas.hidden = true; return; }
    var qr = window.qrcode(0, "M");
    qr.addData(code, "Alphanumeric");
    qr.make();
    var n = qr.getModuleCount(), cell = 6, size = (n + 8) * cell, ctx = canvas.getContext("2d");
    canvas.width = canvas.height = size;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = "#000";
    for (var r = 0; r < n; r++) for (var c = 0; c < n; c++) if (qr.isDark(r, c)) ctx.fillRect((c + 4) * cell, (r + 4) * cell, cell, cell);
  }

  $("ct-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var name = H.cleanText($("ct-name").value), unit = H.cleanText($("ct-unit").value), msg = $("ct-form-msg");
    if (!name || !unit) {
      msg.textContent = "Đồng chí nhập họ và tên, đơn vị trước khi bắt đầu.";
      msg.hidden = false;
      (name ? $("ct-unit") : $("ct-name")).focus();
      return;
    }
    state = { seed: newSeed(), name: name, unit: unit, start: Date.now(), answers: null };
    save();
    begin();
    var first = list.querySelector(".ct-q:not([hidden]) input, .ct-q:not([hidden]) select, .ct-q:not([hidden]) button");
    if (first) first.focus();
  });
  $("ct-submit").addEventListener("click", function () { submit(false); });
  $("ct-copy").addEventListener("click", function () {
    var msg = $("ct-copied");
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents($("ct-code"));
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      msg.textContent = ok ? "Đã sao chép mã." : "Hãy chọn mã và sao chép bằng tay.";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(state.code).then(function () { msg.textContent = "Đã sao chép mã."; }, fallback);
    } else fallback();
  });
  $("ct-new").addEventListener("click", function () {
    if (!window.confirm("Bắt đầu lượt mới sẽ xóa bài đã nộp trên máy này. Mã nộp bài đã được gửi cho giảng viên chưa?")) return;
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    window.location.reload();
  });

  if (state && state.code) done(false);
  else if (state) begin();
  else show("ct-start");
})();
