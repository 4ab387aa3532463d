"""GIFT export: every file is parsed by the independent npm parser gift-pegjs
(tests/js/parse-gift.js) and compared with the YAML source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "lms"))

from lmshelp import (  # noqa: E402
    FIXTURE_BANKS, ROOT, block, expected_multiple_weights, expected_short_answers, expected_stem,
    inline, moodle_accepts, plain,
)

from macros.lms import load_bank_file, load_project_banks  # noqa: E402
from macros.lms.common import bank_category  # noqa: E402
from macros.lms.gift import bank_to_gift, banks_to_gift, escape  # noqa: E402

PARSER = ROOT / "tests" / "js" / "parse-gift.js"
# gift-pegjs 1.0.2 leaves its escape placeholders in matching right-hand sides
# (PlainText skips its own escapedCharacterDecode); undo them the way the parser would.
PLACEHOLDERS = {"&&092;": "\\", "&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{",
                "&&125;": "}", "&&126;": "~", "&&010": "\n"}


def decode_placeholders(text: str) -> str:
    for k, v in PLACEHOLDERS.items():
        text = text.replace(k, v)
    return text


@pytest.fixture(scope="module")
def banks() -> list[dict]:
    project = load_project_banks(ROOT)
    assert project, "no quiz bank under quizzes/"
    return project + [load_bank_file(p) for p in FIXTURE_BANKS]


@pytest.fixture(scope="module")
def parsed(banks, tmp_path_factory):
    """bank id -> (GIFT text, gift-pegjs result) for every bank, plus the course file."""
    out = tmp_path_factory.mktemp("gift")
    files = {}
    for bank in banks:
        p = out / f"{bank['id']}.gift"
        p.write_text(bank_to_gift(bank), encoding="utf-8")
        files[bank["id"]] = p
    course = [b for b in banks if int(b["module"]) > 0]
    p = out / "course.gift"
    p.write_text(banks_to_gift(course, None, "Khóa học"), encoding="utf-8")
    files["__course__"] = p
    proc = subprocess.run(["node", str(PARSER), *map(str, files.values())],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    return {k: (p.read_text(encoding="utf-8"), result[str(p)]) for k, p in files.items()}


def _text(node):
    return None if node is None else node["text"]


def check_question(got: dict, q: dict, bank_id: str) -> None:
    qid = q["id"]
    assert got["title"] == qid
    assert got["id"] == qid
    assert bank_id in (got.get("tags") or [])
    assert got["stem"]["format"] == "html"
    assert got["globalFeedback"]["text"] == block(q["explanation"]), qid
    fb = q.get("feedback") or {}
    t = q["type"]
    if t == "single":
        assert got["type"] == "MC", qid
        assert got["stem"]["text"] == expected_stem(q)
        assert len(got["choices"]) == len(q["options"])
        for c, o in zip(got["choices"], q["options"]):
            assert c["isCorrect"] == bool(o.get("correct")), qid
            assert c["weight"] is None
            assert c["text"]["text"] == inline(o["text"])
            assert _text(c["feedback"]) == (block(o["feedback"]) if o.get("feedback") else None)
    elif t == "multiple":
        assert got["type"] == "MC", qid
        assert got["stem"]["text"] == expected_stem(q)
        want = expected_multiple_weights(q)
        assert len(got["choices"]) == len(q["options"])
        for c, o, w in zip(got["choices"], q["options"], want):
            assert c["isCorrect"] is False  # "=" would make Moodle import it as single-answer
            assert abs(c["weight"] - w) < 1e-3, (qid, c["weight"], w)
            assert moodle_accepts(c["weight"]), (qid, c["weight"])
            assert (c["weight"] > 0) == bool(o.get("correct"))
            assert c["text"]["text"] == inline(o["text"])
            assert _text(c["feedback"]) == (block(o["feedback"]) if o.get("feedback") else None)
        positive = sum(c["weight"] for c in got["choices"] if c["weight"] > 0)
        assert abs(positive - 100) < 0.01  # Moodle: positive grades must add up to 100 %
    elif t == "true_false":
        assert got["type"] == "TF", qid
        assert got["stem"]["text"] == expected_stem(q)
        assert got["isTrue"] is q["answer"]
        # GIFT (Moodle's split_truefalse_comment): first feedback = wrong answer, second = right.
        assert _text(got["trueFeedback"]) == (block(fb["incorrect"]) if fb.get("incorrect") else None)
        assert _text(got["falseFeedback"]) == (block(fb["correct"]) if fb.get("correct") else None)
    elif t == "short_text":
        assert got["type"] == "Short", qid
        assert got["stem"]["text"] == expected_stem(q)
        full = [c for c in got["choices"] if c["weight"] is None]
        assert [c["text"]["text"] for c in full] == expected_short_answers(q)
        assert all(c["isCorrect"] for c in full)
        for c in full:
            assert _text(c["feedback"]) == (block(fb["correct"]) if fb.get("correct") else None)
        rest = [c for c in got["choices"] if c["weight"] is not None]
        if fb.get("incorrect"):
            assert len(rest) == 1 and rest[0]["weight"] == 0 and rest[0]["text"]["text"] == "*"
            assert _text(rest[0]["feedback"]) == block(fb["incorrect"])
        else:
            assert rest == []
    elif t == "numeric":
        assert got["type"] == "Numerical", qid
        assert got["stem"]["text"] == expected_stem(q)
        first = got["choices"][0]
        assert first["isCorrect"] is True
        assert first["text"] == {"type": "range", "number": q["answer"], "range": q.get("tolerance", 0)}
        assert _text(first["feedback"]) == (block(fb["correct"]) if fb.get("correct") else None)
        if fb.get("incorrect"):
            other = got["choices"][1]
            assert other["isCorrect"] is False and other["text"]["text"] == "*"
            assert _text(other["feedback"]) == block(fb["incorrect"])
            assert len(got["choices"]) == 2
        else:
            assert len(got["choices"]) == 1
    elif t == "matching":
        assert got["type"] == "Matching", qid
        assert got["stem"]["text"] == expected_stem(q)
        pairs = [(m["subquestion"]["text"], decode_placeholders(m["subanswer"])) for m in got["matchPairs"]]
        want = [(inline(p["left"]), plain(p["right"])) for p in q["pairs"]]
        want += [("", plain(d)) for d in q.get("distractors") or []]
        assert pairs == want, qid
    elif t == "ordering":
        # No ordering syntax in GIFT: exported as matching "step -> Vị trí n".
        assert got["type"] == "Matching", qid
        assert got["stem"]["text"].startswith(block(q["prompt"]))
        pairs = [(m["subquestion"]["text"], decode_placeholders(m["subanswer"])) for m in got["matchPairs"]]
        assert pairs == [(inline(item), f"Vị trí {i}") for i, item in enumerate(q["items"], 1)], qid
    else:  # pragma: no cover
        pytest.fail(f"unknown type {t}")


def test_every_bank_parses_and_matches_yaml(banks, parsed):
    checked = 0
    types = set()
    for bank in banks:
        text, result = parsed[bank["id"]]
        assert isinstance(result, list), f"{bank['id']}.gift: gift-pegjs: {result}"
        cats = [r for r in result if r["type"] == "Category"]
        assert [c["title"] for c in cats] == [bank_category(bank)]
        questions = [r for r in result if r["type"] != "Category"]
        # Nothing dropped: one GIFT question per YAML question, same order.
        assert [r["title"] for r in questions] == [q["id"] for q in bank["questions"]]
        for got, q in zip(questions, bank["questions"]):
            check_question(got, q, bank["id"])
            checked += 1
            types.add(q["type"])
    # Every question went through check_question, and every type was compared at least once.
    assert checked == sum(len(b["questions"]) for b in banks) > 50
    assert types == {"single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text"}


def test_special_character_fixture_covers_every_type_and_character(banks):
    fixture = next(b for b in banks if b["id"] == "ki-tu-dac-biet")
    assert {q["type"] for q in fixture["questions"]} == {
        "single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text"}
    raw = (FIXTURE_BANKS[0].parent / "ki-tu-dac-biet.yml").read_text(encoding="utf-8")
    for ch in "~=#{}:\\":
        assert ch in raw
    assert "\n      // " in raw  # a Markdown line that starts with //


def test_course_file_has_one_category_per_module(banks, parsed):
    _, result = parsed["__course__"]
    assert isinstance(result, list), result
    modules = [b for b in banks if int(b["module"]) > 0]
    cats = [r["title"] for r in result if r["type"] == "Category"]
    assert cats == [bank_category(b) for b in modules]
    assert len(set(cats)) == len(cats)
    n = sum(len(b["questions"]) for b in modules)
    assert len([r for r in result if r["type"] != "Category"]) == n


def test_no_text_line_starts_with_comment_marker(banks, parsed):
    for bank in banks:
        text, _ = parsed[bank["id"]]
        text.encode("utf-8")  # valid UTF-8 text
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.lstrip().startswith("//"):
                # Only the generator's own comments: the two header lines and the id/tag line.
                assert i < 2 or line.startswith("// [id:"), (bank["id"], i + 1, line)
        # No blank line inside a question block (it would end the question).
        for block_text in text.split("\n\n"):
            if "{" in block_text and block_text.lstrip().startswith(("// [id:", "::")):
                assert block_text.rstrip().endswith("}"), (bank["id"], block_text[:80])


def test_escape_rules():
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert escape("một\nhai\r\nba") == "một\\nhai\\nba"
    assert escape("Tiếng Việt có dấu") == "Tiếng Việt có dấu"


# ------------------------------------------------------------------ shared helpers, exact values
def test_plain_text_keeps_quotes_and_escapes_markup():
    from macros.lms.common import plain_text

    assert plain_text('Nói "có" và **đậm**  <b>x</b>') == 'Nói "có" và đậm &lt;b&gt;x&lt;/b&gt;'
    assert plain_text("A & B") == "A &amp; B"


def test_numbers_are_plain_decimals():
    from macros.lms.common import format_number

    assert [format_number(v) for v in (1e-7, 2.50, 0.0, 1e21, -3.0, 12, 0.1)] == [
        "0.0000001", "2.5", "0", "1000000000000000000000", "-3", "12", "0.1"]
    with pytest.raises(ValueError, match="^boolean is not a number$"):
        format_number(True)


def test_round_trip_tags_of_a_bank():
    from macros.lms.common import bank_tags, read_tags

    assert bank_tags({"id": "a", "module": 1, "pass_mark": 70, "draw": 5,
                      "shuffle": {"questions": False, "options": False}}) == (
        "[bank:a] [module:1] [pass_mark:70] [draw:5] [no_shuffle:questions,options]")
    assert bank_tags({"id": "a", "module": 0, "pass_mark": 70, "shuffle": {"questions": True}}) == (
        "[bank:a] [module:0] [pass_mark:70]")
    assert read_tags("x [bank:a] [module:1] [Bad:x] [sources:a,b] [draw:]") == {
        "bank": "a", "module": "1", "sources": "a,b", "draw": ""}


def test_a_broken_fixture_bank_is_reported_with_its_path():
    from macros.errors import ContentErrors

    with pytest.raises(ContentErrors) as info:
        load_bank_file(ROOT / "tests/fixtures/quiz/pass-mark-too-high.yml")
    assert [str(e).split(": ")[0] for e in info.value.errors] == ["tests/fixtures/quiz/pass-mark-too-high.yml:5:12"]


def test_unit_and_short_answer_helpers():
    from macros.lms.common import short_answers, unit_html

    assert unit_html(' "%" & <b> ') == '<p><em>Đơn vị tính: "%" &amp; &lt;b&gt;</em></p>'
    q = {"id": "q", "answers": ["Bí thư", "Bí  thư ", "**Bí thư**", "Chi ủy"], "ignore_diacritics": True}
    notes: list = []
    assert short_answers(q, notes, {"id": "b"}, "gift") == ["Bí thư", "Chi ủy", "Bi thu", "Chi uy"]
    assert [(n.kind, n.message.split(";")[1].strip()) for n in notes] == [
        ("approximated", "đã thêm dạng không dấu của mỗi đáp án (2 đáp án thêm)")]
