/* Mistakes to review and dated results, on every page; the "Ôn lại câu sai" page and the
   personal result sheet ("Phiếu kết quả học tập").
   - quiz.js reports each graded question ("quiz:answer"): a wrong answer puts the
     question on the list under "sotay.review.v1"; it leaves the list once answered right
     twice in a row on two different days (a wrong answer starts the count again).
   - each finished attempt ("quiz:result") dates the best score under "sotay.results.v1".
   Dates are the trainee's local calendar days. Everything is written as text (textContent), never parsed as HTML. */
(function () {
  "use strict";
  var RKEY = "sotay.review.v1", SKEY = "sotay.results.v1", WHO = "sotay.sheet.v1";
  var store = window.SotayStore || { read: function (k, f) { return f; }, write: function () { return false; } };

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() { var d = new Date(); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function shown(day) { var p = String(day).split("-"); return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : "—"; }
  function obj(v) { return v && typeof v === "object" && !Array.isArray(v) ? v : {}; }

  function mistakes() {
    var d = store.read(RKEY, null);
    d = obj(d);
    d.q = obj(d.q);
    return d;
  }
  /* One graded answer. Returns the question's entry after the update (null = not listed). */
  function note(bank, id, fraction) {
    var d = mistakes(), key = bank + "/" + id, e = d.q[key], day = today();
    if (fraction < 1) {
      d.q[key] = { bank: bank, id: id, wrong: (e && e.wrong > 0 ? e.wrong : 0) + 1, last: day, right: [] };
    } else if (e) {
      var right = Array.isArray(e.right) ? e.right : [];
      if (right.indexOf(day) < 0) right.push(day);
      e.right = right;
      if (right.length >= 2) delete d.q[key];
    }
    store.write(RKEY, d);
    return d.q[key] || null;
  }
  function results() { return obj(store.read(SKEY, null)); }
  document.addEventListener("quiz:answer", function (e) {
    var x = e.detail || {};
    if (x.bank && x.id) note(String(x.bank), String(x.id), +x.fraction);
  });
  document.addEventListener("quiz:result", function (e) {
    var x = e.detail || {}, all = results(), o = obj(all[x.bank]), day = today();
    if (!x.bank || typeof x.score !== "number") return;
    if (!(typeof o.best === "number" && o.best >= x.score)) { o.best = x.score; o.bestAt = day; }
    if (x.passed && !o.passedAt) o.passedAt = day;
    o.last = day;
    all[x.bank] = o;
    store.write(SKEY, all);
  });

  /* ------------------------------------------------------------ review page */
  function ReviewPage(root) {
    var list = mistakes().q, summary = root.querySelector(".rv-summary"), total = 0, banksN = 0;
    $$(".rv-bank", root).forEach(function (sec) {
      var bank = sec.getAttribute("data-bank"), quiz = sec.querySelector(".rv-quiz");
      var script = quiz.querySelector("script.quiz-data"), data = JSON.parse(script.textContent);
      var keep = [];
      $$(".quiz-q", quiz).forEach(function (li, i) {
        if (list[bank + "/" + li.getAttribute("data-qid")]) keep.push(i);
        else li.parentNode.removeChild(li);
      });
      if (!keep.length) { sec.parentNode.removeChild(sec); return; }
      data.q = keep.map(function (i) { return data.q[i]; });
      data.draw = keep.length;
      delete data.tl;
      script.textContent = JSON.stringify(data);
      var facts = quiz.querySelector(".quiz-facts");
      if (facts) facts.textContent = keep.length + " câu cần ôn lại. Mỗi câu rời danh sách khi đồng chí trả lời đúng hai lần liên tiếp vào hai ngày khác nhau.";
      total += keep.length;
      banksN++;
      quiz.className = "quiz";
      quiz.hidden = false;
      sec.hidden = false;
      if (window.SotayQuiz && window.SotayQuiz.mount) window.SotayQuiz.mount(quiz);
    });
    summary.textContent = total
      ? "Có " + total + " câu cần ôn lại trong " + banksN + " bộ câu hỏi. Trả lời từng câu rồi bấm Kiểm tra."
      : "Không có câu nào cần ôn lại: đồng chí chưa trả lời sai câu nào, hoặc đã trả lời đúng các câu sai hai lần vào hai ngày khác nhau.";
  }

  /* ------------------------------------------------------------ result sheet */
  function ResultSheet(root) {
    var progress = window.SotayQuiz && window.SotayQuiz.progress ? window.SotayQuiz.progress() : { banks: {} };
    var dated = results(), doneN = 0, passN = 0, rows = $$("tr[data-bank]", root);
    rows.forEach(function (tr) {
      var bank = tr.getAttribute("data-bank"), o = obj(progress.banks)[bank], r = obj(dated[bank]);
      if (!o || typeof o.best !== "number") return;
      doneN++;
      if (o.passed) passN++;
      tr.querySelector(".rs-best").textContent = Math.round(o.best) + "%";
      tr.querySelector(".rs-date").textContent = r.bestAt ? shown(r.bestAt) : typeof o.updated === "string" ? shown(o.updated.slice(0, 10)) : "—";
      tr.querySelector(".rs-status").textContent = o.passed ? "✓ Đạt" + (r.passedAt ? " (" + shown(r.passedAt) + ")" : "") : "✗ Chưa đạt";
      tr.className = o.passed ? "is-ok" : "is-bad";
    });
    root.querySelector(".rs-summary").textContent = "Đã làm " + doneN + "/" + rows.length + " bài tự kiểm tra; đã đạt " + passN + "/" + rows.length + ".";
    root.querySelector(".rs-today").textContent = shown(today());
    var who = obj(store.read(WHO, null));
    ["name", "unit"].forEach(function (k) {
      var input = root.querySelector("#rs-" + k), paper = root.querySelector('[data-for="rs-' + k + '"]');
      input.value = typeof who[k] === "string" ? who[k] : "";
      paper.textContent = input.value; // what the printed sheet shows
      input.addEventListener("input", function () {
        var w = obj(store.read(WHO, null));
        w[k] = input.value;
        paper.textContent = input.value;
        store.write(WHO, w);
      });
    });
    var print = root.querySelector(".rs-print");
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  function init() {
    $$(".rv-root").forEach(ReviewPage);
    $$(".rs").forEach(ResultSheet);
  }
  window.SotayReview = { note: note, mistakes: function () { return mistakes().q; }, results: results, today: today };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
