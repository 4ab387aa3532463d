// Table-driven tests of docs/assets/js/quiz-core.js (grading and scoring), run by
// `node --test tests/js/`. Every expectation is written out by hand.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../docs/assets/js/quiz-core.js");

function table(name, rows, fn) {
  rows.forEach((row, i) => test(`${name} #${i + 1}: ${JSON.stringify(row)}`, () => fn(...row)));
}

// ------------------------------------------------------------------ normalize
table("normalize", [
  ["Chi bộ", false, "chi bộ"],
  ["  CHI   BỘ  ", false, "chi bộ"],
  ["chi\tbộ\n", false, "chi bộ"],
  ["Chi bộ", true, "chi bo"],
  ["Đảng ủy", true, "dang uy"],
  ["ĐẢNG ỦY", true, "dang uy"],
  ["Đảng ủy", false, "đảng ủy"],
  // NFD input (combining marks) becomes NFC
  ["Chi b\u1ecd\u0302", false, "chi bộ"],
  ["Chi bo\u0323\u0302", false, "chi bộ"],
  ["", false, ""],
  ["   ", true, ""],
  [null, false, ""],
  [12, false, "12"],
], (text, fold, want) => assert.equal(core.normalize(text, fold), want));

test("normalize without the fold flag keeps diacritics", () => {
  assert.equal(core.normalize("Thường vụ"), "thường vụ");
});

// ------------------------------------------------------------------ parseNumber
table("parseNumber", [
  ["120", 120],
  ["120 phút", 120],
  ["120phút", 120],
  ["  120  ", 120],
  ["1,5", 1.5],
  ["1.5", 1.5],
  ["1,5 ngày.", 1.5],
  [",5", 0.5],
  [",55", 0.55],
  [".25 giờ", 0.25],
  ["1  000", 1000],
  [".5", 0.5],
  ["-2", -2],
  ["+3", 3],
  ["0", 0],
  ["120.", 120],
  ["1 000", 1000],
  ["2 500 000 đồng", 2500000],
  ["1,5,3", null],
  ["12 hoặc 13", null],
  ["12-13", null],
  ["khoảng 120", null],
  ["phút", null],
  ["", null],
  ["   ", null],
  ["-", null],
  [",", null],
  [null, null],
  [undefined, null],
], (text, want) => assert.equal(core.parseNumber(text), want));

// ------------------------------------------------------------------ one question
const single = { id: "s", t: "single", p: 1, c: [2] };
const single0 = { id: "s0", t: "single", p: 1, c: [0] };
const multiAll = { id: "m", t: "multiple", p: 2, c: [0, 2], s: "all_or_nothing" };
const multiPart = { id: "mp", t: "multiple", p: 2, c: [0, 2, 3], s: "partial" };
const tf = { id: "tf", t: "true_false", p: 1, a: false };
const tfTrue = { id: "tft", t: "true_false", p: 1, a: true };
const order = { id: "o", t: "ordering", p: 1, n: 3 };
const match = { id: "mt", t: "matching", p: 3, n: 3 };
const num = { id: "n", t: "numeric", p: 1, a: 120, tol: 0 };
const numTol = { id: "nt", t: "numeric", p: 1, a: 1.5, tol: 0.1 };
const numNeg = { id: "nn", t: "numeric", p: 1, a: -2, tol: 0.5 };
const shortText = { id: "st", t: "short_text", p: 1, a: ["chi bộ", "chi bộ cơ sở"], f: false };
const shortFold = { id: "sf", t: "short_text", p: 1, a: ["dang uy"], f: true };
const noPoints = { id: "np", t: "single", c: [1] };

// [question, answer, correct, fraction, points, answered]
table("gradeQuestion", [
  // single: index as number or string; the empty string and null are not answers
  [single, 2, true, 1, 1, true],
  [single, "2", true, 1, 1, true],
  [single, 1, false, 0, 0, true],
  [single, "0", false, 0, 0, true],
  [single, null, false, 0, 0, false],
  [single0, "", false, 0, 0, false],
  [single0, null, false, 0, 0, false],
  [single0, "0", true, 1, 1, true],
  [noPoints, 1, true, 1, 1, true],
  // multiple, all or nothing: subsets and supersets of the right set score 0
  [multiAll, [0, 2], true, 1, 2, true],
  [multiAll, [2, 0], true, 1, 2, true],
  [multiAll, [0], false, 0, 0, true],
  [multiAll, [2], false, 0, 0, true],
  [multiAll, [0, 1, 2], false, 0, 0, true],
  [multiAll, [0, 2, 3], false, 0, 0, true],
  [multiAll, [1, 3], false, 0, 0, true],
  [multiAll, ["0", "2"], true, 1, 2, true],
  [multiAll, [], false, 0, 0, false],
  [multiAll, null, false, 0, 0, false],
  // multiple, partial: (right - wrong) / 3 right options, never below 0
  [multiPart, [0, 2, 3], true, 1, 2, true],
  [multiPart, [0, 2], false, 2 / 3, 4 / 3, true],
  [multiPart, [0], false, 1 / 3, 2 / 3, true],
  [multiPart, [0, 2, 1], false, 1 / 3, 2 / 3, true],
  [multiPart, [0, 2, 3, 1], false, 2 / 3, 4 / 3, true],
  [multiPart, [0, 1], false, 0, 0, true],
  [multiPart, [1], false, 0, 0, true],
  [multiPart, [0, 1, 4], false, 0, 0, true],
  [multiPart, [0, 0, 2], false, 2 / 3, 4 / 3, true],
  [multiPart, [], false, 0, 0, false],
  // true/false: strings from the radios or booleans
  [tf, "false", true, 1, 1, true],
  [tf, false, true, 1, 1, true],
  [tf, "true", false, 0, 0, true],
  [tf, null, false, 0, 0, false],
  [tfTrue, "true", true, 1, 1, true],
  [tfTrue, "false", false, 0, 0, true],
  // ordering: the order shown is always an answer
  [order, [0, 1, 2], true, 1, 1, true],
  [order, [1, 0, 2], false, 0, 0, true],
  [order, [2, 1, 0], false, 0, 0, true],
  [order, [0, 1], false, 0, 0, true],
  [order, ["0", "1", "2"], true, 1, 1, true],
  [order, [], false, 0, 0, false],
  // matching: every left item needs a choice
  [match, ["0", "1", "2"], true, 1, 3, true],
  [match, [0, 1, 2], true, 1, 3, true],
  [match, ["0", "2", "1"], false, 0, 0, true],
  [match, ["0", "1", "3"], false, 0, 0, true],
  [match, ["0", "1", ""], false, 0, 0, false],
  [match, ["", "", ""], false, 0, 0, false],
  [match, ["0", "1"], false, 0, 0, true],
  [match, [], false, 0, 0, false],
  [match, null, false, 0, 0, false],
  [match, ["0", null, "2"], false, 0, 0, false],
  // numeric: units and decimal commas, tolerance inclusive
  [num, "120", true, 1, 1, true],
  [num, "120 phút", true, 1, 1, true],
  [num, "120,0", true, 1, 1, true],
  [num, "121", false, 0, 0, true],
  [num, "119 phút", false, 0, 0, true],
  [num, "120,01", false, 0, 0, true],
  [num, "phút", false, 0, 0, false],
  [num, "", false, 0, 0, false],
  [numTol, "1,5", true, 1, 1, true],
  [numTol, "1.5", true, 1, 1, true],
  [numTol, "1,6", true, 1, 1, true],
  [numTol, "1,4", true, 1, 1, true],
  [numTol, "1,61", false, 0, 0, true],
  [numTol, "1,39", false, 0, 0, true],
  [numTol, "1,55 lần", true, 1, 1, true],
  [numNeg, "-2,5", true, 1, 1, true],
  [numNeg, "-1,5", true, 1, 1, true],
  [numNeg, "-1,4", false, 0, 0, true],
  [numNeg, "2", false, 0, 0, true],
  // short text: case, spaces; diacritics only when folding
  [shortText, "Chi bộ", true, 1, 1, true],
  [shortText, "  CHI   BỘ ", true, 1, 1, true],
  [shortText, "chi bộ cơ sở", true, 1, 1, true],
  [shortText, "chi bo", false, 0, 0, true],
  [shortText, "chi bộ đảng", false, 0, 0, true],
  [shortText, "  ", false, 0, 0, false],
  [shortText, null, false, 0, 0, false],
  [shortFold, "Đảng ủy", true, 1, 1, true],
  [shortFold, "dang uy", true, 1, 1, true],
  [shortFold, "DANG UY", true, 1, 1, true],
  [shortFold, "đảng", false, 0, 0, true],
], (q, answer, correct, fraction, points, answered) => {
  const g = core.gradeQuestion(q, answer);
  assert.equal(g.correct, correct, "correct");
  assert.ok(Math.abs(g.fraction - fraction) < 1e-12, `fraction ${g.fraction} != ${fraction}`);
  assert.ok(Math.abs(g.points - points) < 1e-12, `points ${g.points} != ${points}`);
  assert.equal(g.max, typeof q.p === "number" ? q.p : 1, "max");
  assert.equal(g.answered, answered, "answered");
  assert.equal(core.answered(q, answer), answered, "answered()");
});

test("gradeQuestion rejects an unknown type", () => {
  assert.throws(() => core.gradeQuestion({ t: "essay", p: 1 }, "x"), /unknown question type essay/);
});

// ------------------------------------------------------------------ the attempt
const r = (points, max, answered = true) => ({ points, max, correct: points === max, answered });

// [results, passMark, score, max, percent, passed, correct, answered]
table("scoreAttempt", [
  // exactly the pass mark passes; one point below does not
  [[r(7, 10)], 70, 7, 10, 70, true, 0, 1],
  [[r(6.99, 10)], 70, 6.99, 10, 69, false, 0, 1],
  [[r(1, 1), r(1, 1), r(1, 1), r(0, 1)], 75, 3, 4, 75, true, 3, 4],
  [[r(1, 1), r(1, 1), r(0, 1), r(0, 1, false)], 75, 2, 4, 50, false, 2, 3],
  [[r(1, 1), r(1, 1), r(1, 1), r(0, 1)], 76, 3, 4, 75, false, 3, 4],
  // percent is floored, never rounded up
  [[r(2, 3)], 67, 2, 3, 66, false, 0, 1],
  [[r(2, 3)], 66, 2, 3, 66, true, 0, 1],
  // 7 of 10 as 0.7 * 10 would be 69.99999 without the epsilon
  [[r(0.7 * 3, 3)], 70, 0.7 * 3, 3, 70, true, 0, 1],
  [[r(2, 2), r(0, 1), r(1, 1)], 75, 3, 4, 75, true, 2, 3],
  [[r(0, 1, false), r(0, 1, false)], 0, 0, 2, 0, true, 0, 0],
  [[r(1, 1)], 100, 1, 1, 100, true, 1, 1],
  [[], 70, 0, 0, 0, false, 0, 0],
], (results, passMark, score, max, percent, passed, correct, answered) => {
  const s = core.scoreAttempt(results, passMark);
  assert.ok(Math.abs(s.score - score) < 1e-12, `score ${s.score}`);
  assert.equal(s.max, max);
  assert.equal(s.percent, percent);
  assert.equal(s.passed, passed);
  assert.equal(s.correct, correct);
  assert.equal(s.answered, answered);
  assert.equal(s.total, results.length);
});

test("grading and scoring together: weights and partial credit", () => {
  const graded = [
    core.gradeQuestion(multiPart, [0, 2]),          // 4/3 of 2
    core.gradeQuestion(match, ["0", "1", "2"]),     // 3 of 3
    core.gradeQuestion(num, "120 phút"),            // 1 of 1
    core.gradeQuestion(shortText, ""),              // 0 of 1, not answered
  ];
  const s = core.scoreAttempt(graded, 75);
  assert.equal(s.max, 7);
  assert.equal(s.percent, 76); // (4/3 + 3 + 1) / 7 = 76.19 %
  assert.equal(s.passed, true);
  assert.equal(s.correct, 2);
  assert.equal(s.answered, 3);
});
