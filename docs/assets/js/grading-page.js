/* Trainer's grading page ("Chấm bài kiểm tra trên lớp"): hand-in codes pasted, or read
   from text files and QR photos (jsQR), are decoded with handin-core.js and graded with
   quiz-core.js against the banks embedded in the page. Nothing leaves the browser.
   Every field of a code is untrusted: it is only ever written with textContent, and in
   the CSV a cell never starts with = + - @ (formula injection). */
(function () {
  "use strict";
  // quiz-core.js comes with the site's scripts at the end of the page: start after them.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();

  function main() {
    var H = window.SotayHandin, core = window.SotayQuizCore;
    var root = document.querySelector(".ctg");
    if (!root || !H || !core) return;
    var banks = JSON.parse(root.querySelector("script.ctg-data").textContent).banks;
    var byTag = {};
    banks.forEach(function (b) { byTag[b.tag] = b; });
    var text = document.getElementById("ctg-text"), statusEl = document.getElementById("ctg-status");
    var warnBox = document.getElementById("ctg-warnings"), out = document.getElementById("ctg-results");
    var fromFiles = [];
    var last = null;

    function el(tag, cls, content) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (content != null) e.textContent = content;
      return e;
    }
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function mmss(s) { return Math.floor(s / 60) + ":" + pad(s % 60); }
    function when(ms) {
      var d = new Date(ms);
      return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear() + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
    function pct(x) { return String(x) + "%"; }

    /* An answer from a code (bank indexes) in the form quiz-core expects. */
    function engineAnswer(shape, a) {
      var t = shape.t;
      if (t === "single") return a == null ? null : a;
      if (t === "true_false") return a == null ? null : String(a);
      if (t === "matching") return a.map(function (x) { return x == null ? "" : String(x); });
      return a;
    }

    /* ------------------------------------------------------------ grading */
    function gradeAll(codes) {
      var rows = [], warnings = [], seen = {}, people = {};
      codes.forEach(function (c, i) {
        var n = i + 1, label = "Mã số " + n + " (" + c.source + ")";
        if (seen[c.code]) {
          warnings.push({ kind: "duplicate", text: label + ": trùng với mã số " + seen[c.code] + "; chỉ tính một lần." });
          return;
        }
        seen[c.code] = n;
        var opened;
        try { opened = H.open(c.code); } catch (e) {
          warnings.push({ kind: e.kind === "checksum" ? "checksum" : "format", text: label + ": mã hỏng, gõ sai hoặc bị cắt mất một phần (" + c.code.slice(0, 12) + "…); đề nghị học viên gửi lại." });
          return;
        }
        var h = opened.header, bank = byTag[h.tag], who = h.name + " – " + h.unit;
        if (!bank) {
          warnings.push({ kind: "bank", text: label + " của " + who + ": không thuộc bộ câu hỏi nào trên trang này." });
          return;
        }
        if (h.version !== bank.version) {
          warnings.push({ kind: "version", text: label + " của " + who + ": làm trên một phiên bản khác của bộ câu hỏi “" + bank.title + "” (bộ câu hỏi đã được sửa sau khi tạo tệp kiểm tra); không chấm được bằng bản hiện tại." });
          return;
        }
        var decoded;
        try { decoded = H.readAnswers(opened, bank.shapes, bank.flags); } catch (e) {
          warnings.push({ kind: "format", text: label + " của " + who + ": không đọc được câu trả lời (" + e.message + ")." });
          return;
        }
        var marks = {}, results = decoded.picks.map(function (p, k) {
          var g = core.gradeQuestion(bank.q[p.q], engineAnswer(bank.shapes[p.q], decoded.answers[k]));
          marks[p.q] = g;
          return g;
        });
        var s = core.scoreAttempt(results, bank.pass);
        var key = bank.bank + "\u0000" + core.normalize(h.name) + "\u0000" + core.normalize(h.unit);
        if (people[key]) warnings.push({ kind: "again", text: label + ": " + who + " đã nộp một mã khác (mã số " + people[key] + "); cả hai đều được liệt kê." });
        else people[key] = n;
        rows.push({ n: n, bank: bank, name: h.name, unit: h.unit, start: h.start, duration: h.duration, score: s, marks: marks });
      });
      return { rows: rows, warnings: warnings };
    }

    /* ------------------------------------------------------------ rendering */
    function markText(g) { return !g ? "—" : g.correct ? "✓" : g.fraction > 0 ? "◐" : "✗"; }
    function markWord(g) { return !g ? "" : g.correct ? "Đúng" : g.fraction > 0 ? "Một phần" : "Sai"; }

    function render(res) {
      last = res;
      warnBox.textContent = "";
      warnBox.hidden = !res.warnings.length;
      if (res.warnings.length) {
        warnBox.appendChild(el("p", "ctg-warn-title", "⚠ Cần xem lại " + res.warnings.length + " mã:"));
        var ul = el("ul");
        res.warnings.forEach(function (w) { var li = el("li", "ctg-w-" + w.kind, w.text); ul.appendChild(li); });
        warnBox.appendChild(ul);
      }
      out.textContent = "";
      var used = banks.filter(function (b) { return res.rows.some(function (r) { return r.bank === b; }); });
      used.forEach(function (bank) {
        var rows = res.rows.filter(function (r) { return r.bank === bank; });
        var sec = el("section", "ctg-bank");
        sec.setAttribute("data-bank", bank.bank);
        sec.appendChild(el("h2", "", "Kết quả: " + bank.title));
        var passN = rows.filter(function (r) { return r.score.passed; }).length;
        sec.appendChild(el("p", "ctg-summary", rows.length + " học viên · " + passN + " đạt, " + (rows.length - passN) + " chưa đạt · điểm đạt " + pct(bank.pass) + " · in ngày " + when(Date.now()).slice(0, 10)));
        var cols = [];
        bank.q.forEach(function (q, i) { if (rows.some(function (r) { return r.marks[i]; })) cols.push(i); });
        var wrap = el("div", "md-typeset__table"), table = el("table"), thead = el("thead"), tr = el("tr");
        ["STT", "Học viên", "Đơn vị", "Điểm", "Kết quả", "Thời gian làm"].forEach(function (h) { var th = el("th", "", h); th.scope = "col"; tr.appendChild(th); });
        cols.forEach(function (i) {
          var th = el("th", "ctg-qcol", "C" + (i + 1));
          th.scope = "col";
          th.title = bank.labels[i];
          tr.appendChild(th);
        });
        thead.appendChild(tr);
        table.appendChild(thead);
        var tbody = el("tbody");
        rows.forEach(function (r, k) {
          var row = el("tr", r.score.passed ? "is-ok" : "is-bad");
          row.appendChild(el("td", "", String(k + 1)));
          var th = el("th", "ctg-name", r.name);
          th.scope = "row";
          row.appendChild(th);
          row.appendChild(el("td", "ctg-unit", r.unit));
          row.appendChild(el("td", "ctg-score", pct(r.score.percent)));
          row.appendChild(el("td", "ctg-pass", r.score.passed ? "✓ Đạt" : "✗ Chưa đạt"));
          var t = el("td", "ctg-time", mmss(r.duration));
          t.title = "Bắt đầu " + when(r.start);
          row.appendChild(t);
          cols.forEach(function (i) {
            var td = el("td", "ctg-mark", markText(r.marks[i]));
            td.setAttribute("data-q", bank.q[i].id);
            if (r.marks[i]) td.setAttribute("aria-label", "Câu " + (i + 1) + ": " + markWord(r.marks[i]));
            row.appendChild(td);
          });
          tbody.appendChild(row);
        });
        var foot = el("tr", "ctg-difficulty");
        var fth = el("th", "", "Tỷ lệ trả lời đúng");
        fth.scope = "row";
        fth.colSpan = 6;
        foot.appendChild(fth);
        cols.forEach(function (i) {
          var got = rows.filter(function (r) { return r.marks[i]; });
          var right = got.filter(function (r) { return r.marks[i].correct; }).length;
          var td = el("td", "ctg-share", Math.round(right * 100 / got.length) + "%");
          td.setAttribute("data-q", bank.q[i].id);
          td.title = right + "/" + got.length + " học viên trả lời đúng";
          foot.appendChild(td);
        });
        var tfoot = el("tfoot");
        tfoot.appendChild(foot);
        table.appendChild(tbody);
        table.appendChild(tfoot);
        wrap.appendChild(table);
        sec.appendChild(wrap);
        var legend = el("details", "ctg-legend");
        legend.appendChild(el("summary", "", "Các câu hỏi (C1, C2…) và độ khó"));
        var ol = el("ol");
        cols.forEach(function (i) {
          var got = rows.filter(function (r) { return r.marks[i]; });
          var right = got.filter(function (r) { return r.marks[i].correct; }).length;
          var li = el("li", "", "C" + (i + 1) + " – " + bank.labels[i] + " (" + right + "/" + got.length + " đúng)");
          ol.appendChild(li);
        });
        legend.appendChild(ol);
        sec.appendChild(legend);
        var actions = el("p", "ctg-actions");
        var csv = el("button", "md-button ctg-csv", "Tải bảng kết quả (CSV, mở bằng Excel)");
        csv.type = "button";
        csv.addEventListener("click", function () { download(bank, rows, cols); });
        var print = el("button", "md-button ctg-print", "In bảng kết quả (A4)");
        print.type = "button";
        print.addEventListener("click", function () {
          var html = document.documentElement;
          html.classList.add("ctg-printing");
          window.print();
          html.classList.remove("ctg-printing");
        });
        actions.appendChild(csv);
        actions.appendChild(print);
        sec.appendChild(actions);
        sec.appendChild(el("p", "ctg-sign", "Giảng viên (ký, ghi rõ họ tên)"));
        out.appendChild(sec);
      });
      out.hidden = !used.length;
      statusEl.textContent = "Đã đọc " + (res.rows.length + res.warnings.filter(function (w) { return w.kind !== "again"; }).length) +
        " mã: chấm được " + res.rows.length + (res.warnings.length ? "; có " + res.warnings.length + " cảnh báo." : ".");
    }

    /* ------------------------------------------------------------ CSV */
    function cell(v) {
      var s = String(v == null ? "" : v);
      if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
      return /[",\r\n;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }
    function csvText(bank, rows, cols) {
      var head = ["STT", "Họ và tên", "Đơn vị", "Bộ câu hỏi", "Điểm (%)", "Kết quả", "Bắt đầu", "Thời gian làm (phút:giây)"]
        .concat(cols.map(function (i) { return "C" + (i + 1) + " " + bank.q[i].id; }));
      var lines = [head.map(cell).join(",")];
      rows.forEach(function (r, k) {
        lines.push([k + 1, r.name, r.unit, bank.bank, r.score.percent, r.score.passed ? "Đạt" : "Chưa đạt", when(r.start), mmss(r.duration)]
          .concat(cols.map(function (i) { return markWord(r.marks[i]); })).map(cell).join(","));
      });
      return "\ufeff" + lines.join("\r\n") + "\r\n";
    }
    function download(bank, rows, cols) {
      var blob = new Blob([csvText(bank, rows, cols)], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "ket-qua-" + bank.bank + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
    }

    /* ------------------------------------------------------------ input */
    function collect() {
      var codes = H.findCodes(text.value).map(function (c) { return { code: c, source: "dán" }; });
      return codes.concat(fromFiles);
    }
    function grade() {
      var codes = collect();
      if (!codes.length) {
        statusEl.textContent = "Chưa có mã nào: dán mã nộp bài (bắt đầu bằng KT) hoặc chọn tệp.";
        return;
      }
      render(gradeAll(codes));
      // Move to what changed: the warnings first, else the first results table.
      var target = !warnBox.hidden ? warnBox : out.querySelector("h2");
      if (target) {
        target.tabIndex = -1;
        target.focus();
      }
    }

    function readImage(file) {
      return new Promise(function (resolve) {
        var url = URL.createObjectURL(file), img = new Image();
        img.onload = function () {
          var scale = Math.min(1, 1600 / Math.max(img.naturalWidth, img.naturalHeight));
          var w = Math.max(1, Math.round(img.naturalWidth * scale)), h = Math.max(1, Math.round(img.naturalHeight * scale));
          var canvas = document.createElement("canvas");
          canvas.width = w;
          canvas.height = h;
          var ctx = canvas.getContext("2d");
          ctx.drawImage(img, 0, 0, w, h);
          var found = window.jsQR ? window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h) : null;
          URL.revokeObjectURL(url);
          resolve(found ? found.data : null);
        };
        img.onerror = function () { URL.revokeObjectURL(url); resolve(null); };
        img.src = url;
      });
    }
    function readFiles(files) {
      var jobs = Array.prototype.map.call(files, function (f) {
        if (/^image\//.test(f.type)) {
          return readImage(f).then(function (data) {
            if (!data) return { file: f.name, codes: [], failed: true };
            return { file: f.name, codes: H.findCodes(data) };
          });
        }
        return f.text().then(function (t) { return { file: f.name, codes: H.findCodes(t) }; });
      });
      return Promise.all(jobs).then(function (list) {
        var failed = [];
        list.forEach(function (r) {
          if (r.failed) failed.push(r.file);
          r.codes.forEach(function (c) { fromFiles.push({ code: c, source: "tệp " + r.file }); });
        });
        grade();
        if (failed.length) statusEl.textContent += " Không đọc được mã QR trong: " + failed.join(", ") + ".";
      });
    }

    document.getElementById("ctg-grade").addEventListener("click", grade);
    document.getElementById("ctg-clear").addEventListener("click", function () {
      text.value = "";
      fromFiles = [];
      out.textContent = "";
      out.hidden = true;
      warnBox.hidden = true;
      statusEl.textContent = "Đã xóa.";
      document.getElementById("ctg-files").value = "";
    });
    document.getElementById("ctg-files").addEventListener("change", function (e) { readFiles(e.target.files); });
    var drop = root;
    drop.addEventListener("dragover", function (e) { e.preventDefault(); root.classList.add("is-drag"); });
    drop.addEventListener("dragleave", function () { root.classList.remove("is-drag"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      root.classList.remove("is-drag");
      if (e.dataTransfer && e.dataTransfer.files.length) readFiles(e.dataTransfer.files);
    });

    window.SotayGrading = { gradeAll: gradeAll, csvText: csvText, results: function () { return last; } };
  }
})();
