/* Quiz engine: makes the server-rendered quizzes of macros/quiz.py interactive.
   Author text is never parsed here: questions, options, feedback and explanations are
   sanitised HTML rendered at build time (feedback and explanations in one <template> per
   quiz, a <div data-qid> per question); the engine moves, clones and shows those nodes
   and writes its own messages with textContent. Setup adds one button per question and
   nothing else (a question's message line is made when there is something to say). Progress is kept with SotayStore
   under "sotay.quiz.v1"; a broken or disabled store only means nothing is remembered. */
(function () {
  "use strict";
  var KEY = "sotay.quiz.v1";
  var store = window.SotayStore || {
    read: function (k, f) { return f; },
    write: function () { return false; },
    remove: function () { return false; }
  };
  var core = window.SotayQuizCore;  /* quiz-core.js: grading and scoring, loaded first */
  var uid = 0;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function btn(text, cls, onclick) {
    var b = el("button", "md-button " + cls, text);
    b.type = "button";
    b.addEventListener("click", onclick);
    return b;
  }
  function shuffle(a) {
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
  function range(n) { for (var a = [], i = 0; i < n; i++) a.push(i); return a; }
  function pct(x) { return String(x).replace(".", ",") + "%"; }
  function letter(k) { return k < 26 ? String.fromCharCode(65 + k) : String(k + 1); }


  /* ------------------------------------------------------------ progress */
  function progress() {
    var d = store.read(KEY, null);
    if (!d || typeof d !== "object" || !d.banks || typeof d.banks !== "object" || Array.isArray(d.banks)) d = { banks: {} };
    return d;
  }
  function entry(d, bank) {
    var o = d.banks[bank];
    return o && typeof o === "object" && typeof o.best === "number" && isFinite(o.best) ? o : null;
  }
  function record(bank, score, passed) {
    var d = progress(), o = entry(d, bank) || {};
    d.banks[bank] = {
      best: Math.max(typeof o.best === "number" ? o.best : 0, score),
      last: score,
      passed: o.passed === true || passed,
      attempts: (o.attempts > 0 ? Math.floor(o.attempts) : 0) + 1,
      updated: new Date().toISOString()
    };
    return store.write(KEY, d);
  }

  /* ------------------------------------------------------------ one quiz */
  function Quiz(root) {
    var data = JSON.parse($("script.quiz-data", root).textContent);
    var list = $(".quiz-list", root);
    var qs = $$(".quiz-q", list).map(function (li, i) { return { el: li, d: data.q[i], n: i }; });
    var mode = "practice", current = [], done = false, confirmUnanswered = false;
    var n = ++uid, notes = null;

    root.classList.add("quiz-js");
    var live = el("p", "quiz-sr quiz-live");
    live.setAttribute("aria-live", "polite");
    var status = el("p", "quiz-status");
    status.tabIndex = -1;
    var modes = el("fieldset", "quiz-modes");
    modes.appendChild(el("legend", "", "Chế độ làm bài"));
    [["practice", "Luyện tập: kiểm tra từng câu"], ["exam", "Thi thử: nộp bài một lần"]].forEach(function (m) {
      var label = el("label"), input = el("input");
      input.type = "radio";
      input.name = "quiz-mode-" + n;
      input.value = m[0];
      input.checked = m[0] === mode;
      input.addEventListener("change", function () {
        if (!discardOk("Đổi chế độ làm bài sẽ bỏ các câu đã trả lời và tạo đề mới. Đồng chí có muốn đổi không?")) {
          $('input[value="' + mode + '"]', modes).checked = true;  // keep the attempt and the mode
          say("Đã giữ nguyên bài đang làm.");
          return;
        }
        mode = input.value;
        start();
        say(mode === "exam" ? "Chế độ thi thử: trả lời tất cả các câu rồi bấm Nộp bài." : "Chế độ luyện tập: bấm Kiểm tra sau mỗi câu.");
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + m[1]));
      modes.appendChild(label);
    });
    var bar = el("div", "quiz-toolbar");
    bar.appendChild(modes);
    bar.appendChild(status);
    root.insertBefore(bar, list.parentNode === root ? list : list.parentNode);

    var warn = el("div", "quiz-warn");
    warn.setAttribute("role", "alert");
    var result = el("div", "quiz-result");
    result.tabIndex = -1;
    var submit = btn("Nộp bài", "md-button--primary quiz-submit", function () { submitExam(); });
    var again = btn("Làm lại với đề mới", "quiz-retry", function () {
      if (!discardOk("Làm lại với đề mới sẽ bỏ các câu đã trả lời. Đồng chí có muốn làm lại không?")) {
        say("Đã giữ nguyên bài đang làm.");
        return;
      }
      start();
      status.focus();
      say("Đã tạo đề mới.");
    });
    var actions = el("div", "quiz-actions");
    actions.appendChild(submit);
    actions.appendChild(again);
    [warn, result, actions, live].forEach(function (x) { root.appendChild(x); });

    qs.forEach(setup);
    start(true);

    function say(text) {
      live.textContent = "";
      setTimeout(function () { live.textContent = text; }, 50);
    }
    /* Answers of an attempt not yet finished would be lost: ask first (a native,
       accessible confirmation dialog). Nothing to lose, or a finished attempt (its result
       is already saved): no question. */
    function dirty() {
      return !done && current.some(function (q) {
        return q.result != null || q.touched || (q.d.t !== "ordering" && answered(q));
      });
    }
    function discardOk(question) {
      return !dirty() || window.confirm(question);
    }
    function controls(q) { return $$("input, select, .quiz-move button", q.el); }
    /* The question's feedback and explanation (children of the quiz's one <template>),
       looked up by question id on first grading. */
    function noteOf(q) {
      if (!notes) {
        notes = {};
        var tpl = $("template.quiz-tpl", root);
        $$("[data-qid]", tpl ? tpl.content : document.createDocumentFragment()).forEach(function (d) {
          notes[d.getAttribute("data-qid")] = d;
        });
      }
      return notes[q.d.id] || el("div");
    }
    /* One message line after the question's Kiểm tra button, made on first use. */
    function message(q, text) {
      if (!q.msg) {
        if (!text) return;
        q.msg = el("span", "quiz-q-msg");
        q.el.insertBefore(q.msg, q.check.nextSibling);
      }
      q.msg.textContent = text;
    }

    function setup(q) {
      var t = q.d.t;
      if (t === "ordering") {
        $$(".quiz-item", q.el).forEach(function (li) {
          var text = li.textContent.replace(/\s+/g, " ").trim();
          var box = el("span", "quiz-move");
          [["up", "▲", "Lên"], ["down", "▼", "Xuống"]].forEach(function (b) {
            var x = btn(b[1] + " " + b[2], "quiz-" + b[0], function () { move(q, li, b[0] === "up" ? -1 : 1, text); });
            x.setAttribute("aria-label", b[2] + ": " + text);
            box.appendChild(x);
          });
          li.appendChild(box);
        });
      }
      var check = btn("Kiểm tra", "quiz-check", function () { practiceCheck(q); });
      q.el.appendChild(check);
      q.check = check;
      q.el.addEventListener("change", function () { q.touched = true; message(q, ""); });
      var input = $("input.quiz-input", q.el);
      if (input) {
        input.addEventListener("keydown", function (e) {
          if (e.key !== "Enter" || e.isComposing) return;
          e.preventDefault();
          if (mode === "practice" && !q.locked) practiceCheck(q);
        });
      }
    }

    function move(q, li, dir, text) {
      if (q.locked) return;
      var sib = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!sib) return;
      // Move the neighbour, not the focused item, so keyboard focus stays put.
      if (dir < 0) li.parentNode.insertBefore(sib, li.nextSibling);
      else li.parentNode.insertBefore(sib, li);
      q.touched = true;
      var items = $$(".quiz-item", q.el);
      orderMarks(q);
      say("Đã chuyển đến vị trí " + (items.indexOf(li) + 1) + " trên " + items.length + ": " + text);
    }
    function orderMarks(q) {
      var items = $$(".quiz-item", q.el);
      items.forEach(function (li, i) {
        $(".quiz-box", li).textContent = i + 1;
        $(".quiz-up", li).setAttribute("aria-disabled", String(i === 0));
        $(".quiz-down", li).setAttribute("aria-disabled", String(i === items.length - 1));
      });
    }

    /* Clear answers and feedback and reshuffle; the first attempt keeps the order the
       server already shuffled, so the page is enhanced without moving much DOM. */
    function reset(q, first) {
      q.locked = false;
      q.result = null;
      message(q, "");
      q.touched = false;
      q.el.classList.remove("is-ok", "is-bad", "is-part");
      if (first) {
        if (q.d.t === "ordering") orderMarks(q);
        return;
      }
      var fb = $(".quiz-fb", q.el);
      if (fb) fb.parentNode.removeChild(fb);
      $$(".quiz-tag", q.el).forEach(function (x) { x.parentNode.removeChild(x); });
      $$(".is-correct, .is-wrong", q.el).forEach(function (x) { x.classList.remove("is-correct", "is-wrong"); });
      controls(q).forEach(function (c) {
        c.disabled = false;
        if (c.type === "radio" || c.type === "checkbox") c.checked = false;
        else if (c.tagName !== "BUTTON") c.value = "";
      });
      var t = q.d.t;
      if (data.so && (t === "single" || t === "multiple")) {
        var ul = $(".quiz-opts", q.el);
        shuffle($$(".quiz-opt", ul)).forEach(function (li) { ul.appendChild(li); });
      }
      if (t === "ordering") {
        var ol = $(".quiz-order", q.el), items = $$(".quiz-item", ol), order;
        do { order = shuffle(items.slice()); } while (order.every(function (li, i) { return +li.getAttribute("data-i") === i; }));
        order.forEach(function (li) { ol.appendChild(li); });
        orderMarks(q);
      }
      if (t === "matching") {
        var rights = $(".quiz-rights", q.el), lis = shuffle($$(":scope > li", rights));
        lis.forEach(function (li, k) { rights.appendChild(li); $(".quiz-letter", li).textContent = letter(k) + "."; });
        $$("select", q.el).forEach(function (sel) {
          lis.forEach(function (li, k) {
            var opt = $('option[value="' + li.getAttribute("data-i") + '"]', sel);
            opt.textContent = letter(k) + ". " + opt.getAttribute("data-t");
            sel.appendChild(opt);
          });
          sel.value = "";
        });
      }
    }

    function start(first) {
      done = false;
      confirmUnanswered = false;
      var pool = range(qs.length);
      shuffle(pool);
      pool = pool.slice(0, Math.min(data.draw || qs.length, qs.length));
      if (!data.sq) pool.sort(function (a, b) { return a - b; });
      current = pool.map(function (i) { return qs[i]; });
      // Reorder while the list is detached: one insertion instead of one per question.
      var parent = list.parentNode, next = list.nextSibling;
      parent.removeChild(list);
      qs.forEach(function (q) { q.el.hidden = true; });
      current.forEach(function (q, k) {
        reset(q, first === true);
        q.el.hidden = false;
        list.appendChild(q.el);
        $(".quiz-num", q.el).textContent = "Câu " + (k + 1) + "/" + current.length + ".";
        q.check.hidden = mode !== "practice";
        q.check.setAttribute("aria-label", "Kiểm tra câu " + (k + 1));
        q.k = k + 1;
      });
      parent.insertBefore(list, next);
      warn.hidden = true;
      result.hidden = true;
      submit.hidden = mode !== "exam";
      showStatus();
      root.dispatchEvent(new CustomEvent("quiz:start", { bubbles: true, detail: { bank: data.bank, mode: mode } }));
    }
    function showStatus() {
      var o = entry(progress(), data.bank);
      status.textContent = (mode === "exam" ? "Thi thử" : "Luyện tập") + " · " + current.length + " câu · Điểm đạt: " + pct(data.pass) +
        (o ? " · Kết quả tốt nhất: " + pct(o.best) + (o.passed ? " (đã đạt)" : " (chưa đạt)") : "");
    }

    function value(q) {
      var t = q.d.t;
      if (t === "single" || t === "true_false") {
        var r = $("input:checked", q.el);
        return r ? r.value : null;
      }
      if (t === "multiple") return $$("input:checked", q.el).map(function (c) { return +c.value; });
      if (t === "ordering") return $$(".quiz-item", q.el).map(function (li) { return +li.getAttribute("data-i"); });
      if (t === "matching") return $$("select", q.el).map(function (s) { return s.value; });
      return $("input", q.el).value;
    }
    function answered(q) { return core.answered(q.d, value(q)); }

    function tag(parent, ok, text) {
      var x = el("span", "quiz-tag " + (ok ? "is-ok" : "is-bad"), (ok ? "✓ " : "✗ ") + text);
      parent.appendChild(x);
    }

    function feedback(q) {
      var d = q.d, t = d.t, g = core.gradeQuestion(d, value(q)), s = g.fraction, tpl = noteOf(q);
      q.result = s;
      q.graded = g;
      // Per-question outcome for "Ôn lại câu sai" (review.js keeps it in the store).
      document.dispatchEvent(new CustomEvent("quiz:answer", { detail: { bank: data.bank, id: d.id, fraction: s, mode: mode } }));
      q.locked = true;
      controls(q).forEach(function (c) { c.disabled = true; });
      q.el.classList.add(s === 1 ? "is-ok" : s > 0 ? "is-part" : g.answered ? "is-bad" : "is-blank");
      var fb = el("div", "quiz-fb");
      fb.tabIndex = -1;
      var verdict = s === 1 ? "Đúng" : s > 0 ? "Đúng một phần" : g.answered ? "Sai" : "Chưa trả lời";
      var head = el("p", "quiz-verdict", (s === 1 ? "✓ " : s > 0 ? "◐ " : g.answered ? "✗ " : "○ ") + verdict);
      if (d.p !== 1 || (s > 0 && s < 1)) head.appendChild(el("span", "quiz-earned", " (" + String(Math.round(s * d.p * 100) / 100).replace(".", ",") + "/" + d.p + " điểm)"));
      fb.appendChild(head);
      var more = el("div", "quiz-fb-more");
      if (t === "single" || t === "multiple") {
        var chosen = value(q);
        chosen = t === "single" ? (chosen === null ? [] : [+chosen]) : chosen;
        $$(".quiz-opt", q.el).forEach(function (li) {
          var i = +li.getAttribute("data-i"), right = d.c.indexOf(i) >= 0, picked = chosen.indexOf(i) >= 0;
          if (right) { li.classList.add("is-correct"); tag(li, true, picked ? "Đáp án đúng, đồng chí đã chọn" : "Đáp án đúng"); }
          else if (picked) { li.classList.add("is-wrong"); tag(li, false, "Đồng chí đã chọn, không đúng"); }
          var note = picked && $('[data-opt="' + i + '"]', tpl);
          if (note) more.appendChild(note.cloneNode(true));
        });
      } else if (t === "true_false") {
        $$(".quiz-opt", q.el).forEach(function (li) {
          var picked = $("input", li).checked;
          if (li.getAttribute("data-i") === String(d.a)) { li.classList.add("is-correct"); tag(li, true, picked ? "Đáp án đúng, đồng chí đã chọn" : "Đáp án đúng"); }
          else if (picked) { li.classList.add("is-wrong"); tag(li, false, "Đồng chí đã chọn, không đúng"); }
        });
      } else if (t === "ordering") {
        $$(".quiz-item", q.el).forEach(function (li, i) {
          var ok = +li.getAttribute("data-i") === i;
          li.classList.add(ok ? "is-correct" : "is-wrong");
          tag(li, ok, ok ? "Đúng vị trí" : "Sai vị trí (đúng là " + (+li.getAttribute("data-i") + 1) + ")");
        });
        if (s < 1) {
          more.appendChild(el("p", "quiz-right-title", "Thứ tự đúng:"));
          var ol = el("ol", "quiz-right-order");
          $$(".quiz-item", q.el).sort(function (a, b) { return a.getAttribute("data-i") - b.getAttribute("data-i"); }).forEach(function (li) {
            var item = el("li");
            item.appendChild($(".quiz-item-text", li).cloneNode(true));
            ol.appendChild(item);
          });
          more.appendChild(ol);
        }
      } else if (t === "matching") {
        $$(".quiz-pair", q.el).forEach(function (li) {
          var i = li.getAttribute("data-i"), sel = $("select", li), ok = sel.value === i;
          li.classList.add(ok ? "is-correct" : "is-wrong");
          tag(li, ok, ok ? "Đúng" : "Sai, đáp án: " + $('option[value="' + i + '"]', sel).textContent);
        });
      } else if (s < 1) {
        var unit = $(".quiz-unit", q.el);
        more.appendChild(el("p", "quiz-right", "Đáp án: " + (t === "numeric" ? String(d.a).replace(".", ",") + (unit ? " " + unit.textContent : "") : d.d)));
      }
      var note2 = $('[data-fb="' + (s === 1 ? "correct" : "incorrect") + '"]', tpl);
      if (note2) more.appendChild(note2.cloneNode(true));
      var explain = $(".quiz-explain", tpl);
      if (explain) more.appendChild(explain.cloneNode(true));
      fb.appendChild(more);
      q.check.hidden = true;
      q.el.appendChild(fb);
      return fb;
    }

    function practiceCheck(q) {
      if (!answered(q)) {
        var typed = q.d.t === "numeric" && String(value(q)).trim() !== "";
        message(q, typed ? "Hãy điền một số, ví dụ 120 hoặc 1,5." : "Đồng chí chưa trả lời câu này.");
        say("Câu " + q.k + ": đồng chí chưa trả lời.");
        return;
      }
      var fb = feedback(q);
      fb.focus();
      say("Câu " + q.k + ": " + $(".quiz-verdict", fb).textContent.slice(2) + ".");
      if (current.every(function (x) { return x.result != null; })) finish(false);
    }

    function submitExam() {
      if (done) return;
      var missing = current.filter(function (q) { return !answered(q); });
      if (missing.length && !confirmUnanswered) {
        warn.textContent = "";
        warn.appendChild(el("p", "", "⚠ Còn " + missing.length + " câu chưa trả lời: " +
          missing.map(function (q) { return "Câu " + q.k; }).join(", ") + ". Câu bỏ trống không được điểm."));
        var go = btn("Vẫn nộp bài", "md-button--primary quiz-confirm", function () { confirmUnanswered = true; warn.hidden = true; submitExam(); });
        var back = btn("Quay lại làm tiếp", "quiz-back", function () {
          warn.hidden = true;
          var c = controls(missing[0])[0] || $("button", missing[0].el);
          (c || missing[0].el).focus();
        });
        warn.appendChild(go);
        warn.appendChild(back);
        warn.hidden = false;
        go.focus();
        return;
      }
      current.forEach(function (q) { if (q.result == null) feedback(q); });
      finish(true);
    }

    /* "Xem lại: Câu N": focus moves to the question (the link still updates the
       address), and the live region says which question and its verdict. */
    function review(q) {
      q.el.tabIndex = -1;
      q.el.focus();
      var v = $(".quiz-verdict", q.el);
      say("Câu " + q.k + (v ? ": " + v.textContent.slice(2) : "") + ".");
    }

    function finish(focus) {
      done = true;
      submit.hidden = true;
      var sum = core.scoreAttempt(current.map(function (q) { return q.graded; }), data.pass);
      var score = sum.percent, passed = sum.passed, correct = sum.correct;
      var saved = record(data.bank, score, passed);
      showStatus();
      result.textContent = "";
      result.className = "quiz-result " + (passed ? "is-ok" : "is-bad");
      var h = el("h2", "quiz-result-title", "Kết quả: " + pct(score) + " · " + (passed ? "✓ Đạt" : "✗ Chưa đạt"));
      result.appendChild(h);
      result.appendChild(el("p", "", correct + "/" + current.length + " câu đúng hoàn toàn; điểm đạt là " + pct(data.pass) + "."));
      var wrong = current.filter(function (q) { return q.result < 1; });
      if (wrong.length) {
        var p = el("p", "", "Xem lại: ");
        wrong.forEach(function (q, i) {
          var a = el("a", "", "Câu " + q.k);
          a.href = "#" + q.el.id;
          a.addEventListener("click", function () { review(q); });
          if (i) p.appendChild(document.createTextNode(", "));
          p.appendChild(a);
        });
        result.appendChild(p);
      }
      if (!saved) result.appendChild(el("p", "quiz-nosave", "Không lưu được kết quả trên trình duyệt này (bộ nhớ bị tắt hoặc đã đầy)."));
      result.hidden = false;
      if (focus) result.focus();
      say("Kết quả: " + correct + "/" + current.length + " câu đúng, " + pct(score) + ", " + (passed ? "đạt." : "chưa đạt."));
      document.dispatchEvent(new CustomEvent("quiz:result", {
        detail: { bank: data.bank, mode: mode, score: score, passed: passed, correct: correct, total: current.length, passMark: data.pass }
      }));
    }

    return {
      root: root, restart: start, setMode: function (m) { $('input[value="' + m + '"]', modes).click(); },
      /* Submit now, unanswered questions counted wrong (the exam timer at zero). */
      submit: function () { if (mode === "exam" && !done) { confirmUnanswered = true; submitExam(); } }
    };
  }

  /* ------------------------------------------------------ progress page */
  function ProgressPage(root) {
    var rows = $$("tr[data-bank]", root), summary = $(".qp-summary", root), actions = $(".qp-actions", root);
    function render() {
      var d = progress(), doneN = 0, passN = 0;
      rows.forEach(function (tr) {
        var o = entry(d, tr.getAttribute("data-bank")), best = o ? Math.max(0, Math.min(100, Math.round(o.best))) : 0;
        if (o) { doneN++; if (o.passed) passN++; }
        tr.className = o ? (o.passed ? "is-ok" : "is-bad") : "";
        $(".qp-status", tr).textContent = o ? (o.passed ? "✓ Đạt" : "✗ Chưa đạt") : "Chưa làm";
        $(".qp-val", tr).textContent = o ? pct(best) : "—";
        $(".qp-fill", tr).style.width = best + "%";
        $(".qp-attempts", tr).textContent = o ? String(o.attempts > 0 ? Math.floor(o.attempts) : 1) : "0";
      });
      summary.textContent = "Đã làm " + doneN + "/" + rows.length + " bài tự kiểm tra; đã đạt " + passN + "/" + rows.length + ".";
    }
    actions.hidden = false;
    $(".qp-clear", root).addEventListener("click", function () {
      if (!window.confirm("Xóa toàn bộ kết quả tự kiểm tra đã lưu trên trình duyệt này? Không thể hoàn tác.")) return;
      store.remove(KEY);
      render();
      summary.textContent = "Đã xóa tiến độ học tập. " + summary.textContent;
    });
    render();
  }

  function init() {
    var quizzes = $$(".quiz[data-bank]").map(Quiz);
    $$(".quiz-progress").forEach(ProgressPage);
    window.SotayQuiz = {
      quizzes: quizzes,
      mount: Quiz,
      normalize: core.normalize,
      progress: function () { return progress(); },
      clear: function () { return store.remove(KEY); },
      key: KEY
    };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
