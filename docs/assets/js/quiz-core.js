/* Quiz grading and scoring: pure functions, no DOM (used by quiz.js in the browser and
   by `node --test tests/js/`). A classic script: in a page it sets window.SotayQuizCore,
   in Node it is module.exports, so it works from file:// without ES-module loading.

   Stable API (other pages, e.g. the trainer's grading page, rely on it):

   normalize(text, fold) -> string
       Same rules as macros.text.normalize_answer: Unicode NFC, lower case, runs of
       white space to one space, trimmed; fold=true also drops Vietnamese diacritics
       (đ -> d).
   parseNumber(text) -> number | null
       A number, optionally followed by a unit or other words without digits:
       "120", "120 phút", "1,5", "1.5", "-2", ",5", "1 000". null when there is no number, or
       more than one ("1,5,3", "12 hoặc 13").
   answered(q, answer) -> boolean
   gradeQuestion(q, answer) -> {correct, fraction, points, max, answered}
       q is one entry of the page's JSON block (macros/quiz.py _answer_data):
         {t: "single",     p, c: [i]}                answer: option index (number or string) or null
         {t: "multiple",   p, c: [i...], s: "partial"|"all_or_nothing"}
                                                     answer: array of ticked option indexes
         {t: "true_false", p, a: true|false}         answer: "true"/"false"/boolean or null
         {t: "ordering",   p, n}                     answer: array of original item indexes in the
                                                     order shown (always answered: leaving the
                                                     shown order is an answer)
         {t: "matching",   p, n}                     answer: array (one per left item) of the chosen
                                                     right index as string/number, "" when none
         {t: "numeric",    p, a, tol}                answer: text typed
         {t: "short_text", p, a: [normalised...], f} answer: text typed
       fraction is 0..1; points = fraction * max (max = q.p, default 1); correct means
       fraction === 1; an unanswered question scores 0 with answered = false.
       Multiple, partial scoring: max(0, (right ticks - wrong ticks) / number of right
       options); all_or_nothing: exactly the right set. Numeric: |x - a| <= tol.
   scoreAttempt(results, passMark) -> {score, max, percent, passed, correct, answered, total}
       results: gradeQuestion outputs. score/max are points; percent is floor(100 * score /
       max) (a whole number, as stored and shown); passed = percent >= passMark.
*/
// Stryker disable all: the loader wrapper (browser global or CommonJS), not grading logic.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (root) root.SotayQuizCore = api;
})(typeof window !== "undefined" ? window : null, function () {
  "use strict";
  // Stryker restore all
  var EPS = 1e-9;

  function normalize(text, fold) {
    var s = String(text == null ? "" : text).normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    if (fold) s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").normalize("NFC");
    return s;
  }

  var NUMBER = /^([+-]?)(\d+(?:[.,]\d*)?|[.,]\d+)(?:\s*([^\d.,+-][^\d]*))?$/;

  function parseNumber(text) {
    // "1 000" is one thousand: a space between digit groups of three is dropped first.
    var s = String(text == null ? "" : text).trim().replace(/(\d)\s+(?=\d{3}(?!\d))/g, "$1");
    var m = NUMBER.exec(s);
    if (!m) return null;
    var x = parseFloat(m[2].replace(",", ".").replace(/^\./, "0."));
    return m[1] === "-" ? -x : x;
  }

  function isArray(v) { return Object.prototype.toString.call(v) === "[object Array]"; }

  function answered(q, answer) {
    var t = q.t;
    if (t === "multiple") return isArray(answer) && answer.length > 0;
    if (t === "ordering") return isArray(answer) && answer.length > 0;
    if (t === "matching") {
      return isArray(answer) && answer.length > 0 && answer.every(function (x) { return x !== "" && x != null; });
    }
    if (t === "numeric") return parseNumber(answer) !== null;
    return answer != null && String(answer).trim() !== "";
  }

  function fractionOf(q, v) {
    var t = q.t;
    if (t === "single") return Number(v) === q.c[0] ? 1 : 0;
    if (t === "multiple") {
      var picked = [];
      v.forEach(function (i) { i = Number(i); if (picked.indexOf(i) < 0) picked.push(i); });
      var hit = picked.filter(function (i) { return q.c.indexOf(i) >= 0; }).length;
      var miss = picked.length - hit;
      if (q.s === "partial") return Math.max(0, (hit - miss) / q.c.length);
      return hit === q.c.length && miss === 0 ? 1 : 0;
    }
    if (t === "true_false") return String(v) === String(q.a) ? 1 : 0;
    if (t === "ordering") {
      return v.length === q.n && v.every(function (x, i) { return Number(x) === i; }) ? 1 : 0;
    }
    if (t === "matching") {
      return v.length === q.n && v.every(function (x, i) { return String(x) === String(i); }) ? 1 : 0;
    }
    if (t === "numeric") return Math.abs(parseNumber(v) - q.a) <= (q.tol || 0) + EPS ? 1 : 0;
    if (t === "short_text") return q.a.indexOf(normalize(v, q.f)) >= 0 ? 1 : 0;
    throw new Error("unknown question type " + t);
  }

  function gradeQuestion(q, answer) {
    var max = typeof q.p === "number" ? q.p : 1;
    var isAnswered = answered(q, answer);
    var fraction = isAnswered ? fractionOf(q, answer) : 0;
    return { correct: fraction === 1, fraction: fraction, points: fraction * max, max: max, answered: isAnswered };
  }

  function scoreAttempt(results, passMark) {
    var score = 0, max = 0, correct = 0, done = 0;
    results.forEach(function (r) {
      score += r.points;
      max += r.max;
      if (r.correct) correct++;
      if (r.answered) done++;
    });
    var percent = max > 0 ? Math.floor(score * 100 / max + EPS) : 0;
    return {
      score: score, max: max, percent: percent, passed: percent >= passMark,
      correct: correct, answered: done, total: results.length
    };
  }

  return {
    normalize: normalize,
    parseNumber: parseNumber,
    answered: answered,
    gradeQuestion: gradeQuestion,
    scoreAttempt: scoreAttempt
  };
});
