"""Moodle XML export: parsed with lxml (strict, no recovery) and checked against the YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "lms"))

from lmshelp import (  # noqa: E402
    FIXTURE_BANKS, ROOT, block, expected_multiple_weights, expected_short_answers, expected_stem,
    inline, moodle_accepts, plain,
)

from macros.lms import load_bank_file, load_project_banks  # noqa: E402
from macros.lms.common import bank_category  # noqa: E402
from macros.lms.moodle_xml import bank_to_xml, banks_to_xml  # noqa: E402

QTYPE = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
         "short_text": "shortanswer", "numeric": "numerical", "matching": "matching",
         "ordering": "ordering"}


@pytest.fixture(scope="module")
def banks() -> list[dict]:
    return load_project_banks(ROOT) + [load_bank_file(p) for p in FIXTURE_BANKS]


def parse(data: bytes):
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    data.decode("utf-8")  # strict UTF-8
    parser = etree.XMLParser(recover=False, resolve_entities=False, strip_cdata=False)
    return etree.fromstring(data, parser)


def html_text(el, tag: str) -> str:
    node = el.find(tag)
    assert node is not None, tag
    assert node.get("format") == "html"
    return node.findtext("text") or ""


def fb_text(answer) -> str:
    return answer.find("feedback").findtext("text") or ""


def check_question(el, q: dict, bank: dict) -> None:
    qid, t = q["id"], q["type"]
    fb = q.get("feedback") or {}
    assert el.get("type") == QTYPE[t], qid
    assert el.findtext("name/text") == qid
    assert el.findtext("idnumber") == qid
    assert [x.text for x in el.findall("tags/tag/text")] == [bank["id"]]
    stem = html_text(el, "questiontext")
    assert html_text(el, "generalfeedback") == block(q["explanation"])
    assert el.findtext("defaultgrade") == str(q.get("points", 1))
    answers = el.findall("answer")
    if t in ("single", "multiple"):
        assert stem == expected_stem(q)
        assert el.findtext("single") == ("true" if t == "single" else "false")
        shuffle = (bank.get("shuffle") or {}).get("options", True)
        assert el.findtext("shuffleanswers") == ("true" if shuffle else "false")
        assert len(answers) == len(q["options"])
        want = ([100.0 if o.get("correct") else 0.0 for o in q["options"]] if t == "single"
                else expected_multiple_weights(q))
        for a, o, w in zip(answers, q["options"], want):
            frac = float(a.get("fraction"))
            assert abs(frac - w) < 1e-3 and moodle_accepts(frac), (qid, frac, w)
            assert a.get("format") == "html"
            assert a.findtext("text") == inline(o["text"])
            assert fb_text(a) == (block(o["feedback"]) if o.get("feedback") else "")
        if t == "multiple":
            assert abs(sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0) - 100) < 0.01
    elif t == "true_false":
        assert stem == expected_stem(q)
        by_text = {a.findtext("text"): a for a in answers}
        assert set(by_text) == {"true", "false"}
        right, wrong = by_text[str(q["answer"]).lower()], by_text[str(not q["answer"]).lower()]
        assert right.get("fraction") == "100" and wrong.get("fraction") == "0"
        assert fb_text(right) == (block(fb["correct"]) if fb.get("correct") else "")
        assert fb_text(wrong) == (block(fb["incorrect"]) if fb.get("incorrect") else "")
    elif t == "short_text":
        assert stem == expected_stem(q)
        assert el.findtext("usecase") == "0"
        full = [a for a in answers if a.get("fraction") == "100"]
        assert [a.findtext("text") for a in full] == expected_short_answers(q)
        for a in full:
            assert fb_text(a) == (block(fb["correct"]) if fb.get("correct") else "")
        rest = [a for a in answers if a.get("fraction") != "100"]
        if fb.get("incorrect"):
            assert [(a.get("fraction"), a.findtext("text")) for a in rest] == [("0", "*")]
            assert fb_text(rest[0]) == block(fb["incorrect"])
        else:
            assert rest == []
    elif t == "numeric":
        assert stem == expected_stem(q)
        first = answers[0]
        assert first.get("fraction") == "100"
        assert float(first.findtext("text")) == q["answer"]
        assert float(first.findtext("tolerance")) == q.get("tolerance", 0)
        assert fb_text(first) == (block(fb["correct"]) if fb.get("correct") else "")
        if fb.get("incorrect"):
            assert [(a.get("fraction"), a.findtext("text")) for a in answers[1:]] == [("0", "*")]
            assert fb_text(answers[1]) == block(fb["incorrect"])
        else:
            assert len(answers) == 1
        assert el.findtext("showunits") == "3"  # only the number is graded
    elif t == "matching":
        assert stem == expected_stem(q)
        subs = [(s.findtext("text") or "", s.findtext("answer/text")) for s in el.findall("subquestion")]
        want = [(inline(p["left"]), plain(p["right"])) for p in q["pairs"]]
        want += [("", plain(d)) for d in q.get("distractors") or []]
        assert subs == want, qid
        assert html_text(el, "correctfeedback") == (block(fb["correct"]) if fb.get("correct") else "")
        assert html_text(el, "incorrectfeedback") == (block(fb["incorrect"]) if fb.get("incorrect") else "")
    elif t == "ordering":
        assert stem == expected_stem(q)
        assert [(a.get("fraction"), a.findtext("text")) for a in answers] == [
            (str(i), inline(item)) for i, item in enumerate(q["items"], 1)]
        assert el.findtext("gradingtype") == "ALL_OR_NOTHING"  # like the site: whole order or nothing
        assert el.findtext("selecttype") == "ALL"
        assert el.findtext("selectcount") == str(len(q["items"]))
        assert html_text(el, "correctfeedback") == (block(fb["correct"]) if fb.get("correct") else "")
        assert html_text(el, "incorrectfeedback") == (block(fb["incorrect"]) if fb.get("incorrect") else "")


def test_every_bank_is_well_formed_and_matches_yaml(banks):
    for bank in banks:
        data = bank_to_xml(bank)
        root = parse(data)
        assert root.tag == "quiz"
        questions = root.findall("question")
        assert questions[0].get("type") == "category"
        assert questions[0].findtext("category/text") == bank_category(bank)
        real = questions[1:]
        assert [q.findtext("name/text") for q in real] == [q["id"] for q in bank["questions"]]
        for el, q in zip(real, bank["questions"]):
            check_question(el, q, bank)


def test_html_is_in_cdata(banks):
    fixture = next(b for b in banks if b["id"] == "ki-tu-dac-biet")
    data = bank_to_xml(fixture)
    # Author HTML is kept verbatim inside CDATA, not entity-escaped.
    assert b"<text><![CDATA[<p>C\xc3\xa2u h\xe1\xbb\x8fi c\xc3\xb3" in data
    root = parse(data)
    first = root.findall("question")[1]
    text = first.find("questiontext/text")
    assert "{mở}" in text.text and "C:\\new" in text.text and "// Dòng này" in text.text


def test_course_file_has_every_module_bank(banks):
    modules = [b for b in banks if int(b["module"]) > 0]
    root = parse(banks_to_xml(modules))
    cats = [q.findtext("category/text") for q in root.findall("question") if q.get("type") == "category"]
    assert cats == [bank_category(b) for b in modules]
    ids = [q.findtext("idnumber") for q in root.findall("question") if q.get("type") != "category"]
    assert ids == [q["id"] for b in modules for q in b["questions"]]
    assert len(set(ids)) == len(ids)
