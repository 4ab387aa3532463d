/* Countdown for timed tests (window.SotayTimer), shared by the class-test file and the
   site's exam mode. The end is computed from a stored start time, so a reload keeps the
   remaining time; screen readers hear "5 minutes left" and "1 minute left" once; at zero
   the caller's onExpire submits. On the site, a bank with `time_limit_minutes` gets a
   timer in exam mode ("Thi thử"); its start time is kept under "sotay.timer.v1". */
(function () {
  "use strict";
  var MARKS = [5, 1];

  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000)), m = Math.floor(s / 60);
    s %= 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  /* opts: {el, live, start (ms), minutes, onExpire} */
  function countdown(opts) {
    var end = opts.start + opts.minutes * 60000, said = {}, id = null;
    MARKS.forEach(function (m) { if (end - Date.now() <= m * 60000) said[m] = true; });
    function announce(text) {
      opts.live.textContent = "";
      setTimeout(function () { opts.live.textContent = text; }, 50);
    }
    function stop() {
      if (id !== null) clearInterval(id);
      id = null;
    }
    function tick() {
      var left = end - Date.now();
      opts.el.textContent = left > 0 ? "⏱ Thời gian còn lại: " + clock(left) : "⏱ Hết giờ";
      opts.el.classList.toggle("is-low", left <= MARKS[0] * 60000);
      MARKS.forEach(function (m) {
        if (!said[m] && left <= m * 60000 && left > 0) {
          said[m] = true;
          announce("Còn " + m + " phút làm bài.");
        }
      });
      if (left <= 0) {
        stop();
        announce("Hết giờ làm bài. Bài đã được nộp tự động.");
        opts.onExpire();
      }
    }
    opts.el.hidden = false;
    id = setInterval(tick, 1000);
    tick();
    return { stop: stop, remaining: function () { return end - Date.now(); } };
  }

  /* ------------------------------------------------ site quizzes, exam mode */
  var KEY = "sotay.timer.v1";
  function wire(quiz) {
    var store = window.SotayStore, root = quiz.root;
    var data = JSON.parse(root.querySelector("script.quiz-data").textContent);
    if (!(data.tl > 0) || !store) return;
    var bank = data.bank, timer = null, resume = null;
    function saved() { return store.read(KEY, {})[bank]; }
    function save(v) {
      var d = store.read(KEY, {});
      if (v == null) delete d[bank];
      else d[bank] = v;
      store.write(KEY, d);
    }
    var el = document.createElement("p"), live = document.createElement("p");
    el.className = "quiz-timer";
    el.setAttribute("role", "timer");
    el.hidden = true;
    live.className = "quiz-sr";
    live.setAttribute("aria-live", "assertive");
    var bar = root.querySelector(".quiz-toolbar") || root;
    bar.appendChild(el);
    bar.appendChild(live);
    var note = document.createElement("p");
    note.className = "quiz-timer-note";
    note.textContent = "Thi thử có giới hạn " + data.tl + " phút; hết giờ bài được nộp tự động.";
    bar.appendChild(note);

    root.addEventListener("quiz:start", function (e) {
      if (timer) timer.stop();
      timer = null;
      if (e.detail.mode !== "exam") {
        el.hidden = true;
        save(null);
        return;
      }
      var start = resume || Date.now();
      resume = null;
      save(start);
      timer = countdown({ el: el, live: live, start: start, minutes: data.tl, onExpire: function () { save(null); quiz.submit(); } });
    });
    document.addEventListener("quiz:result", function (e) {
      if (e.detail.bank !== bank || e.detail.mode !== "exam" || !timer) return;
      timer.stop();
      timer = null;
      save(null);
      el.textContent = "⏱ Đã nộp bài.";
    });
    var s = saved();
    if (typeof s === "number" && s + data.tl * 60000 > Date.now() && s <= Date.now()) {
      resume = s;
      quiz.setMode("exam");
    } else if (s != null) save(null);
  }

  function init() {
    var Q = window.SotayQuiz;
    if (Q && Q.quizzes) Q.quizzes.forEach(function (quiz) { if (quiz.submit) wire(quiz); });
  }

  window.SotayTimer = { countdown: countdown, clock: clock };
  if (typeof document !== "undefined" && document.querySelector && document.querySelector(".quiz[data-bank]")) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})();
