// Hand-in codes: `node --test tests/js/handin.test.js` (also run by tests/test_classtest.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const zlib = require("node:zlib");
const H = require("../../docs/assets/js/handin-core.js");

// A bank with every question type (shapes as the generator writes them).
const SHAPES = [
  { t: "single", n: 4 },
  { t: "multiple", n: 5 },
  { t: "true_false" },
  { t: "ordering", n: 7 },
  { t: "matching", n: 4, m: 6 },
  { t: "numeric" },
  { t: "short_text" },
  { t: "single", n: 3 },
  { t: "true_false" },
  { t: "single", n: 4 },
  { t: "multiple", n: 4 },
  { t: "true_false" },
  { t: "single", n: 4 },
  { t: "single", n: 4 },
];
const START = Date.UTC(2026, 10, 30, 8, 0, 5);

function answersFor(picks) {
  return picks.map(({ q, order }) => {
    const s = SHAPES[q];
    switch (s.t) {
      case "single": return 1;
      case "multiple": return [0, 2];
      case "true_false": return false;
      case "ordering": return order.slice();
      case "matching": return [1, null, 5, 0];
      case "numeric": return "120,5";
      default: return "chi bộ";
    }
  });
}

function record(over = {}) {
  const seed = over.seed ?? 0xabcde;
  const count = over.count ?? 12;
  const picks = H.draw(seed, SHAPES, count);
  return Object.assign({
    tag: 0x1234, version: 0xfedc, seed, count,
    name: "Nguyễn Thị Phương Thảo", unit: "Chi bộ 3",
    start: START, end: START + 754000, answers: answersFor(picks),
  }, over);
}

test("CRC-32 matches zlib", () => {
  for (const s of ["", "123456789", "Sổ tay công tác Đảng"]) {
    const bytes = [...Buffer.from(s, "utf8")];
    assert.equal(H.crc32(bytes), zlib.crc32 ? zlib.crc32(Buffer.from(s, "utf8")) : H.crc32(bytes));
  }
  assert.equal(H.crc32([..."123456789"].map((c) => c.charCodeAt(0))), 0xcbf43926);
});

test("base32 round-trips random bytes", () => {
  const rnd = H.mulberry32(7);
  for (let n = 0; n < 40; n++) {
    const bytes = Array.from({ length: n }, () => Math.floor(rnd() * 256));
    assert.deepEqual(H.fromBase32(H.toBase32(bytes)), bytes);
  }
});

test("the draw is reproducible from the seed and differs between seeds", () => {
  const a = H.draw(42, SHAPES, 12), b = H.draw(42, SHAPES, 12), c = H.draw(43, SHAPES, 12);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.map((p) => p.q), c.map((p) => p.q));
  assert.equal(new Set(a.map((p) => p.q)).size, 12);
  for (const p of a) {
    const s = SHAPES[p.q];
    if (s.t === "ordering") assert.notDeepEqual(p.order, [...Array(s.n).keys()]);
    if (s.n && s.t !== "matching") assert.deepEqual([...p.order].sort(), [...Array(s.n).keys()]);
  }
  const fixed = H.draw(42, SHAPES, 5, { sq: false, so: false });
  assert.deepEqual(fixed.map((p) => p.q), [...fixed.map((p) => p.q)].sort((x, y) => x - y));
  for (const p of fixed) if (SHAPES[p.q].t === "single") assert.deepEqual(p.order, [...Array(SHAPES[p.q].n).keys()]);
});

test("a code round-trips every field and answer type", () => {
  const rec = record({ count: SHAPES.length });
  const code = H.encode(rec, SHAPES);
  assert.match(code, /^KT[0-9A-HJKMNP-TV-Z]+$/);
  const back = H.decode(code, SHAPES);
  for (const k of ["tag", "version", "seed", "count", "name", "unit"]) assert.equal(back[k], rec[k], k);
  assert.equal(back.start, Math.floor(rec.start / 60000) * 60000); // minutes
  assert.equal(back.end - back.start, rec.end - rec.start);
  assert.deepEqual(back.answers, rec.answers);
  assert.equal(back.duration, 754);
});

test("blank answers round-trip", () => {
  const picks = H.draw(9, SHAPES, 12);
  const answers = picks.map(({ q }) => {
    const t = SHAPES[q].t;
    return t === "multiple" ? [] : t === "matching" ? [null, null, null, null] : t === "ordering" ? undefined : t === "numeric" || t === "short_text" ? "" : null;
  });
  const back = H.decode(H.encode(record({ seed: 9, answers }), SHAPES), SHAPES);
  back.answers.forEach((a, k) => {
    const t = SHAPES[picks[k].q].t;
    if (t === "ordering") assert.deepEqual(a, [...Array(7).keys()]);
    else assert.deepEqual(a, answers[k]);
  });
});

test("a 12-question code stays short and survives chat-app mangling", () => {
  const code = H.encode(record(), SHAPES);
  assert.ok(code.length <= 130, `code is ${code.length} characters`);
  const mangled = code.toLowerCase().replace(/(.{5})/g, "$1-").replace(/0/g, "o");
  assert.deepEqual(H.decode(mangled, SHAPES).answers, record().answers);
  assert.deepEqual(H.findCodes(`Bài của tôi: ${mangled}.\n\n${code}, kt`), [H.clean(mangled), code]);
});

test("every single-character typo and every truncation is caught", () => {
  const code = H.encode(record(), SHAPES);
  for (let i = 2; i < code.length; i++) {
    for (const c of ["0", "Z"]) {
      if (code[i] === c) continue;
      const bad = code.slice(0, i) + c + code.slice(i + 1);
      assert.throws(() => H.decode(bad, SHAPES), (e) => e.kind === "checksum" || e.kind === "format", `typo at ${i}`);
    }
  }
  for (let n = 3; n < code.length; n++) {
    assert.throws(() => H.decode(code.slice(0, n), SHAPES), (e) => ["checksum", "format"].includes(e.kind), `cut at ${n}`);
  }
});

test("the header opens without the bank; names are kept as text", () => {
  const name = '<img src=x onerror="alert(1)">=SUM(A1)';
  const o = H.open(H.encode(record({ name }), SHAPES));
  assert.equal(o.header.name, name);
  assert.equal(o.header.tag, 0x1234);
});

test("Vietnamese and other text round-trips", () => {
  for (const name of ["Đặng Thị Ngọc Ánh", "ĐOÀN VĂN Ư", "Chi bộ 3 (Phòng Tổ chức) – khối A/B", "李小龍 😀", "A.B, C-D's \"E\" 1:2; 3!?&"]) {
    assert.equal(H.open(H.encode(record({ name, unit: name }), SHAPES)).header.name, H.cleanText(name));
  }
});

test("long names are cut at a character boundary", () => {
  const name = "Đ".repeat(50);
  const back = H.open(H.encode(record({ name }), SHAPES)).header;
  assert.equal(back.name, "Đ".repeat(31));
});
