#!/usr/bin/env node
// Parse GIFT files with the independent npm parser gift-pegjs (pinned in package.json)
// and print one JSON object {path: questions[] | {error, line, column}} on stdout.
// Used by tests/test_lms_gift.py; exits 0 even when a file fails to parse (the test reports it).
"use strict";
const fs = require("fs");
const path = require("path");
const { parse } = require(path.join(__dirname, "..", "..", "node_modules", "gift-pegjs"));

const out = {};
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  try {
    out[file] = parse(text);
  } catch (err) {
    const loc = err.location ? err.location.start : {};
    out[file] = { error: String(err.message), line: loc.line || null, column: loc.column || null };
  }
}
process.stdout.write(JSON.stringify(out));
