/* Hand-in codes of the class test (dist/kiem-tra/<bank>.html) and the per-trainee draw.
   Pure functions, no DOM: the class-test file encodes, the trainer's grading page decodes,
   and `node --test tests/js/handin.test.js` exercises both. UMD: window.SotayHandin in a
   browser, module.exports in Node.

   A code is "KT" + Crockford base32 of: payload bits (padded to a byte) + CRC-32 of the
   payload (4 bytes). Payload, most significant bit first:
     format 3 | bank tag 16 | bank version 16 | seed 20 | questions 7 |
     start 24 (minutes since 2024-01-01 UTC) | duration 17 (seconds) |
     name | unit (6-bit Vietnamese text, below) | one answer per drawn question.
   The answers are written in the draw's order and in the bank's own indexes (option,
   item, pair), so a code means nothing without the bank: it carries no grading data. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.SotayHandin = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FORMAT = 1;
  var PREFIX = "KT";
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U
  var EPOCH = Date.UTC(2024, 0, 1) / 60000; // minutes
  var MAX_TEXT = 63; // bytes of UTF-8 for name, unit and text answers
  var SEED_BITS = 20;
  var MAX_DURATION = (1 << 17) - 1;
  var DIGITS = "0123456789.,-+ "; // numeric answers: 4 bits a character, 15 = anything else

  function HandinError(kind, message) {
    var e = new Error(message);
    e.kind = kind;
    return e;
  }

  /* ------------------------------------------------------------ CRC-32 (IEEE) */
  var TABLE = (function () {
    var t = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t.push(c >>> 0);
    }
    return t;
  })();
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  /* ------------------------------------------------------------ UTF-8 */
  function utf8(s) {
    var out = [], str = unescape(encodeURIComponent(s));
    for (var i = 0; i < str.length; i++) out.push(str.charCodeAt(i));
    return out;
  }
  function fromUtf8(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    try { return decodeURIComponent(escape(s)); } catch (e) { throw HandinError("format", "invalid UTF-8 text"); }
  }
  /* NFC, trimmed, single spaces, cut at a character boundary to fit `max` bytes. */
  function cleanText(s, max) {
    var chars = Array.from(String(s == null ? "" : s).normalize("NFC").replace(/\s+/g, " ").trim());
    while (utf8(chars.join("")).length > (max || MAX_TEXT)) chars.pop();
    return chars.join("").trim();
  }

  /* ------------------------------------------------------------ bits */
  function BitWriter() { this.bits = []; }
  BitWriter.prototype.put = function (value, width) {
    if (width === 0) return;
    if (!(value >= 0 && value < Math.pow(2, width)) || value !== Math.floor(value)) throw HandinError("range", "value " + value + " does not fit in " + width + " bits");
    for (var i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / Math.pow(2, i)) % 2);
  };
  BitWriter.prototype.bytes = function () {
    var out = [];
    for (var i = 0; i < this.bits.length; i += 8) {
      var b = 0;
      for (var k = 0; k < 8; k++) b = b * 2 + (this.bits[i + k] || 0);
      out.push(b);
    }
    return out;
  };
  function BitReader(bytes) { this.bytes = bytes; this.pos = 0; }
  BitReader.prototype.get = function (width) {
    var v = 0;
    for (var i = 0; i < width; i++) {
      var byte = this.bytes[this.pos >> 3];
      if (byte === undefined) throw HandinError("format", "code ends too early");
      v = v * 2 + ((byte >> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  };
  BitReader.prototype.left = function () { return this.bytes.length * 8 - this.pos; };
  function bitsFor(k) { var b = 0; while (Math.pow(2, b) < k) b++; return b; }

  /* Text as symbols made for Vietnamese: the NFD letters a-z, tone and vowel marks as
     their own symbols (đ = d + stroke), a shift for capitals, digits, common punctuation,
     and an escape (then 16 bits) for any other UTF-16 unit; symbol 0 ends the text. The
     symbols are written with a fixed Huffman code built from rough letter frequencies of
     Vietnamese names and units: "Nguyễn Thị Phương Thảo" takes 25 bytes in UTF-8 and
     about 15 here. */
  var WEIGHTS = [
    50, 55, 15, 40, 20, 25, 1, 45, 60, 45, 1, 10, 20, 25, 75, 40, 12, 8, 12, 12, 45, 35, 20, 1, 8, 15, 1, // end, a-z
    140, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, // space, 0-9
    20, 25, 12, 6, 20, 30, 6, 15, 12, 40, // grave acute hook tilde dot circumflex breve horn, stroke, shift
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 // punctuation, escape
  ];
  var HUFF = (function () {
    var nodes = WEIGHTS.map(function (w, s) { return { w: w, id: s, s: s }; }), next = WEIGHTS.length;
    while (nodes.length > 1) {
      nodes.sort(function (a, b) { return a.w - b.w || a.id - b.id; });
      var a = nodes.shift(), b = nodes.shift();
      nodes.push({ w: a.w + b.w, id: next++, kids: [a, b] });
    }
    var codes = [];
    (function walk(n, path) {
      if (n.kids) { walk(n.kids[0], path.concat(0)); walk(n.kids[1], path.concat(1)); } else codes[n.s] = path;
    })(nodes[0], []);
    return { root: nodes[0], codes: codes };
  })();
  function putSym(w, v) { HUFF.codes[v].forEach(function (b) { w.put(b, 1); }); }
  function getSym(r) {
    var n = HUFF.root;
    while (n.kids) n = n.kids[r.get(1)];
    return n.s;
  }
  var MARKS = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "\u0302", "\u0306", "\u031b"];
  var PUNCT = ".,-'\"()/:;!?&";
  var T_SPACE = 27, T_DIGIT = 28, T_MARK = 38, T_STROKE = 46, T_UPPER = 47, T_PUNCT = 48, T_ESC = 61;
  function putText(w, s) {
    var text = cleanText(s).normalize("NFD");
    for (var i = 0; i < text.length; i++) {
      var ch = text[i], lower = ch.toLowerCase(), code;
      if (ch === "đ" || ch === "Đ") {
        if (ch === "Đ") putSym(w, T_UPPER);
        putSym(w, 4);
        putSym(w, T_STROKE);
        continue;
      }
      if (/[a-z]/.test(lower) && lower.length === 1) {
        if (ch !== lower) putSym(w, T_UPPER);
        putSym(w, lower.charCodeAt(0) - 96);
      } else if (ch === " ") putSym(w, T_SPACE);
      else if (/[0-9]/.test(ch)) putSym(w, T_DIGIT + +ch);
      else if ((code = MARKS.indexOf(ch)) >= 0) putSym(w, T_MARK + code);
      else if ((code = PUNCT.indexOf(ch)) >= 0) putSym(w, T_PUNCT + code);
      else {
        putSym(w, T_ESC);
        w.put(ch.charCodeAt(0), 16);
      }
    }
    putSym(w, 0);
  }
  function getText(r) {
    var out = "", upper = false, v, guard = 0;
    while ((v = getSym(r)) !== 0) {
      if (++guard > 200) throw HandinError("format", "text too long");
      var ch;
      if (v >= 1 && v <= 26) ch = String.fromCharCode(96 + v);
      else if (v === T_SPACE) ch = " ";
      else if (v >= T_DIGIT && v < T_DIGIT + 10) ch = String(v - T_DIGIT);
      else if (v >= T_MARK && v < T_MARK + MARKS.length) ch = MARKS[v - T_MARK];
      else if (v === T_STROKE) {
        var last = out.slice(-1);
        if (last !== "d" && last !== "D") throw HandinError("format", "stroke without d");
        out = out.slice(0, -1) + (last === "d" ? "đ" : "Đ");
        continue;
      } else if (v === T_UPPER) { upper = true; continue; }
      else if (v >= T_PUNCT && v < T_PUNCT + PUNCT.length) ch = PUNCT[v - T_PUNCT];
      else if (v === T_ESC) ch = String.fromCharCode(r.get(16));
      else throw HandinError("format", "unknown text symbol");
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
    return out.normalize("NFC");
  }

  /* ------------------------------------------------------------ base32 */
  function toBase32(bytes) {
    var out = "", acc = 0, n = 0;
    bytes.forEach(function (b) {
      acc = (acc << 8) | b;
      n += 8;
      while (n >= 5) { out += ALPHABET[(acc >> (n - 5)) & 31]; n -= 5; }
      acc &= (1 << n) - 1;
    });
    if (n > 0) out += ALPHABET[(acc << (5 - n)) & 31];
    return out;
  }
  function fromBase32(text) {
    var out = [], acc = 0, n = 0;
    for (var i = 0; i < text.length; i++) {
      var v = ALPHABET.indexOf(text[i]);
      if (v < 0) throw HandinError("format", "character '" + text[i] + "' is not part of a code");
      acc = (acc << 5) | v;
      n += 5;
      if (n >= 8) { out.push((acc >> (n - 8)) & 255); n -= 8; }
      acc &= (1 << n) - 1;
    }
    // Padding bits of the last character must be zero; a leftover character is a typo.
    if (acc !== 0 || n >= 5) throw HandinError("checksum", "the last character does not fit (mistyped or truncated code)");
    return out;
  }
  /* What people and chat apps do to a code: spaces, line breaks, hyphens, lower case,
     O for 0, I or L for 1. */
  function clean(code) {
    return String(code).toUpperCase().replace(/[\s\-_.]+/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  }

  /* ------------------------------------------------------------ the draw */
  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function range(n) { for (var a = [], i = 0; i < n; i++) a.push(i); return a; }
  function shuffle(a, rnd) {
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(rnd() * (i + 1)), t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
  function identity(a) { return a.every(function (x, i) { return x === i; }); }

  /* The questions one trainee gets and how each is shown, from the seed alone.
     shapes: the bank's questions in bank order, {t, n, m}; flags: {sq, so} (shuffle
     questions, shuffle options). Returns [{q, order}] in the order shown: `order` lists
     option / item / right-hand indexes in display order (null when nothing is ordered). */
  function draw(seed, shapes, count, flags) {
    flags = flags || {};
    var rnd = mulberry32(seed);
    var pool = shuffle(range(shapes.length), rnd).slice(0, Math.min(count || shapes.length, shapes.length));
    if (flags.sq === false) pool.sort(function (a, b) { return a - b; });
    return pool.map(function (qi) {
      var s = shapes[qi], order = null;
      if (s.t === "single" || s.t === "multiple") order = flags.so === false ? range(s.n) : shuffle(range(s.n), rnd);
      else if (s.t === "ordering") {
        do { order = shuffle(range(s.n), rnd); } while (identity(order));
      } else if (s.t === "matching") {
        do { order = shuffle(range(s.m), rnd); } while (identity(order));
      }
      return { q: qi, order: order };
    });
  }

  /* ------------------------------------------------------------ answers */
  function putAnswer(w, s, a) {
    var t = s.t, i;
    if (t === "single") w.put(a == null ? 0 : a + 1, bitsFor(s.n + 1));
    else if (t === "multiple") {
      var mask = 0;
      (a || []).forEach(function (x) { mask |= 1 << x; });
      w.put(mask, s.n);
    } else if (t === "true_false") w.put(a === true ? 1 : a === false ? 2 : 0, 2);
    else if (t === "ordering") {
      // Lehmer code of the arrangement: digit k in [0, n - k).
      var rest = range(s.n);
      if (!a || a.length !== s.n) a = range(s.n);
      for (i = 0; i < s.n; i++) {
        var d = rest.indexOf(a[i]);
        if (d < 0) throw HandinError("range", "ordering answer is not a permutation");
        w.put(d, bitsFor(s.n - i));
        rest.splice(d, 1);
      }
    } else if (t === "matching") {
      for (i = 0; i < s.n; i++) {
        var v = a && a[i] != null ? a[i] + 1 : 0;
        w.put(v, bitsFor(s.m + 1));
      }
    } else if (t === "numeric") {
      var chars = Array.from(String(a == null ? "" : a).trim()).slice(0, 31);
      w.put(chars.length, 5);
      chars.forEach(function (c) { var k = DIGITS.indexOf(c); w.put(k < 0 ? 15 : k, 4); });
    } else putText(w, a == null ? "" : String(a).toLowerCase()); // graded case-blind
  }
  function getAnswer(r, s) {
    var t = s.t, i, v;
    if (t === "single") { v = r.get(bitsFor(s.n + 1)); if (v > s.n) throw HandinError("format", "option out of range"); return v ? v - 1 : null; }
    if (t === "multiple") {
      var mask = r.get(s.n), out = [];
      for (i = 0; i < s.n; i++) if (mask & (1 << i)) out.push(i);
      return out;
    }
    if (t === "true_false") { v = r.get(2); if (v === 3) throw HandinError("format", "bad true/false value"); return v === 1 ? true : v === 2 ? false : null; }
    if (t === "ordering") {
      var rest = range(s.n), perm = [];
      for (i = 0; i < s.n; i++) {
        v = r.get(bitsFor(s.n - i));
        if (v >= rest.length) throw HandinError("format", "ordering digit out of range");
        perm.push(rest.splice(v, 1)[0]);
      }
      return perm;
    }
    if (t === "matching") {
      var pick = [];
      for (i = 0; i < s.n; i++) {
        v = r.get(bitsFor(s.m + 1));
        if (v > s.m) throw HandinError("format", "choice out of range");
        pick.push(v ? v - 1 : null);
      }
      return pick;
    }
    if (t === "numeric") {
      var len = r.get(5), str = "";
      for (i = 0; i < len; i++) { v = r.get(4); str += v < DIGITS.length ? DIGITS[v] : "?"; }
      return str;
    }
    return getText(r);
  }

  /* ------------------------------------------------------------ codes */
  /* rec: {tag, version, seed, name, unit, start (ms), end (ms), answers}; shapes: the
     bank's shapes; the draw is recomputed from rec.seed and rec.answers follows it. */
  function encode(rec, shapes, flags) {
    var picks = draw(rec.seed, shapes, rec.count, flags), w = new BitWriter();
    if ((rec.answers || []).length !== picks.length) throw HandinError("range", "one answer per drawn question is needed");
    w.put(FORMAT, 3);
    w.put(rec.tag, 16);
    w.put(rec.version, 16);
    w.put(rec.seed, SEED_BITS);
    w.put(picks.length, 7);
    w.put(Math.max(0, Math.floor(rec.start / 60000) - EPOCH), 24);
    w.put(Math.max(0, Math.min(MAX_DURATION, Math.round((rec.end - rec.start) / 1000))), 17);
    putText(w, rec.name);
    putText(w, rec.unit);
    picks.forEach(function (p, k) { putAnswer(w, shapes[p.q], rec.answers[k]); });
    var bytes = w.bytes(), c = crc32(bytes);
    bytes.push(c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255);
    return PREFIX + toBase32(bytes);
  }

  /* Everything up to the answers, after the checksum is verified. Throws an error with
     .kind "format" or "checksum". */
  function open(code) {
    var text = clean(code);
    if (text.slice(0, 2) !== PREFIX) throw HandinError("format", "a code starts with " + PREFIX);
    var bytes = fromBase32(text.slice(2));
    if (bytes.length < 16) throw HandinError("checksum", "code too short (truncated?)");
    var body = bytes.slice(0, -4), tail = bytes.slice(-4);
    var want = ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0;
    if (crc32(body) !== want) throw HandinError("checksum", "checksum does not match (mistyped or truncated code)");
    var r = new BitReader(body);
    var format = r.get(3);
    if (format !== FORMAT) throw HandinError("format", "unknown code format " + format);
    var h = { tag: r.get(16), version: r.get(16), seed: r.get(SEED_BITS), count: r.get(7) };
    var start = r.get(24), duration = r.get(17);
    h.start = (start + EPOCH) * 60000;
    h.end = h.start + duration * 1000;
    h.duration = duration;
    h.name = getText(r);
    h.unit = getText(r);
    return { header: h, reader: r };
  }

  /* Decode the answers with the bank's shapes (the grading side has the bank). */
  function readAnswers(opened, shapes, flags) {
    var h = opened.header, r = opened.reader;
    if (h.count > shapes.length) throw HandinError("format", "more questions than the bank has");
    var picks = draw(h.seed, shapes, h.count, flags);
    var answers = picks.map(function (p) { return getAnswer(r, shapes[p.q]); });
    if (r.left() >= 8) throw HandinError("format", "extra data after the answers");
    return { picks: picks, answers: answers };
  }

  function decode(code, shapes, flags) {
    var o = open(code), a = readAnswers(o, shapes, flags);
    o.header.picks = a.picks;
    o.header.answers = a.answers;
    return o.header;
  }

  /* Candidate codes in pasted text: whitespace-separated tokens starting with KT
     (hyphens inside a token are allowed; surrounding punctuation is dropped). */
  function findCodes(text) {
    var out = [];
    String(text).split(/[\s,;]+/).forEach(function (tok) {
      tok = tok.replace(/^[^0-9A-Za-z]+|[^0-9A-Za-z]+$/g, "");
      if (/^kt[0-9a-z\-]{4,}$/i.test(tok)) out.push(clean(tok));
    });
    return out;
  }

  return {
    FORMAT: FORMAT, PREFIX: PREFIX, SEED_BITS: SEED_BITS, ALPHABET: ALPHABET, EPOCH: EPOCH,
    crc32: crc32, utf8: utf8, cleanText: cleanText, toBase32: toBase32, fromBase32: fromBase32,
    mulberry32: mulberry32, draw: draw, encode: encode, open: open, readAnswers: readAnswers,
    decode: decode, findCodes: findCodes, clean: clean
  };
});
