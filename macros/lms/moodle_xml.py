"""Moodle XML export of a quiz bank (UTF-8, HTML texts in CDATA).

Same content as the GIFT export, with what GIFT cannot hold: the question's points
(``defaultgrade``), the shuffle setting, combined feedback (correct / incorrect) for
matching and ordering, and ordering as Moodle's ``ordering`` question type (shipped with
recent Moodle releases in question/type/ordering; a plugin on older ones), graded all-or-nothing like the site.
"""

from __future__ import annotations

from lxml import etree

from .common import (
    add_note, bank_category, bank_tags, meta_tags, block_html, format_number, inline_html, moodle_wildcard_escape,
    plain_text, short_answers, shuffle_options, unit_html,
)
from .weights import multiple_weights, weight_text

MATCHING_NOTE = ("matching: trang web chỉ cho điểm khi ghép đúng tất cả các cặp; "
                 "Moodle cho điểm theo từng cặp đúng (có điểm từng phần)")

FMT = "xml"
PENALTY = "0.3333333"  # Moodle's default penalty for each extra try (interactive mode)


def _sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _text(parent, value: str, cdata: bool = True):
    t = _sub(parent, "text")
    if value:
        t.text = etree.CDATA(value) if cdata else value
    return t


def _html_field(parent, tag: str, html_text: str):
    el = _sub(parent, tag, format="html")
    _text(el, html_text)
    return el


def _answer(parent, fraction: str, text: str, feedback_html: str = "", *, fmt: str = "html", cdata: bool = True):
    a = _sub(parent, "answer", fraction=fraction, format=fmt)
    _text(a, text, cdata)
    fb = _sub(a, "feedback", format="html")
    _text(fb, feedback_html)
    return a


def _combined_feedback(parent, feedback: dict, partial: bool = True):
    _html_field(parent, "correctfeedback", block_html(feedback["correct"]) if feedback.get("correct") else "")
    if partial:
        _html_field(parent, "partiallycorrectfeedback",
                    block_html(feedback["incorrect"]) if feedback.get("incorrect") else "")
    _html_field(parent, "incorrectfeedback", block_html(feedback["incorrect"]) if feedback.get("incorrect") else "")


def _question(root, bank: dict, q: dict, notes: list | None) -> None:
    qtype = q["type"]
    root.append(etree.Comment(f" {q['id']} {meta_tags(review=q['review'], sources=','.join(q['sources']))} "
                              .replace("--", "—")))
    kind = {
        "single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
        "short_text": "shortanswer", "numeric": "numerical", "matching": "matching",
        "ordering": "ordering",
    }[qtype]
    feedback = q.get("feedback") or {}
    el = _sub(root, "question", type=kind)
    name = _sub(el, "name")
    _text(name, q["id"], cdata=False)
    stem = block_html(q["prompt"])
    if qtype == "numeric" and q.get("unit"):
        stem += unit_html(q["unit"])
        add_note(notes, bank, q, FMT, "converted",
                 f"unit '{q['unit']}' ghi vào nội dung câu hỏi; Moodle chỉ chấm phần số")
    _html_field(el, "questiontext", stem)
    _html_field(el, "generalfeedback", block_html(q["explanation"]))
    _sub(el, "defaultgrade", str(q.get("points", 1)))
    _sub(el, "penalty", "1" if qtype == "true_false" else PENALTY)
    _sub(el, "hidden", "0")
    _sub(el, "idnumber", q["id"])

    if qtype in ("single", "multiple"):
        _sub(el, "single", "true" if qtype == "single" else "false")
        _sub(el, "shuffleanswers", "true" if shuffle_options(bank) else "false")
        _sub(el, "answernumbering", "abc")
        _sub(el, "showstandardinstruction", "0")
        _combined_feedback(el, {})
        _sub(el, "shownumcorrect")
        if qtype == "single":
            weights = [100.0 if o.get("correct") else 0.0 for o in q["options"]]
        else:
            weights, wnotes = multiple_weights(q["options"], q["scoring"])
            for msg in wnotes:
                add_note(notes, bank, q, FMT, "approximated", msg)
        for o, w in zip(q["options"], weights):
            _answer(el, weight_text(w), inline_html(o["text"]),
                    block_html(o["feedback"]) if o.get("feedback") else "")
    elif qtype == "true_false":
        right = block_html(feedback["correct"]) if feedback.get("correct") else ""
        wrong = block_html(feedback["incorrect"]) if feedback.get("incorrect") else ""
        truth = bool(q["answer"])
        _answer(el, "100" if truth else "0", "true", right if truth else wrong, fmt="moodle_auto_format", cdata=False)
        _answer(el, "0" if truth else "100", "false", wrong if truth else right, fmt="moodle_auto_format", cdata=False)
    elif qtype == "short_text":
        _sub(el, "usecase", "0")
        right = block_html(feedback["correct"]) if feedback.get("correct") else ""
        for a in short_answers(q, notes, bank, FMT):
            _answer(el, "100", moodle_wildcard_escape(a), right, fmt="moodle_auto_format", cdata=False)
        if feedback.get("incorrect"):
            _answer(el, "0", "*", block_html(feedback["incorrect"]), fmt="moodle_auto_format", cdata=False)
    elif qtype == "numeric":
        a = _answer(el, "100", format_number(q["answer"]),
                    block_html(feedback["correct"]) if feedback.get("correct") else "",
                    fmt="moodle_auto_format", cdata=False)
        _sub(a, "tolerance", format_number(q.get("tolerance", 0)))
        if feedback.get("incorrect"):
            a = _answer(el, "0", "*", block_html(feedback["incorrect"]), fmt="moodle_auto_format", cdata=False)
            _sub(a, "tolerance", "0")
        _sub(el, "unitgradingtype", "0")
        _sub(el, "unitpenalty", "0.1000000")
        _sub(el, "showunits", "3")  # qtype_numerical::UNITNONE: only the number is graded
        _sub(el, "unitsleft", "0")
    elif qtype == "matching":
        add_note(notes, bank, q, FMT, "approximated", MATCHING_NOTE)
        _sub(el, "shuffleanswers", "true")
        _combined_feedback(el, feedback)
        _sub(el, "shownumcorrect")
        for p in q["pairs"]:
            sq = _sub(el, "subquestion", format="html")
            _text(sq, inline_html(p["left"]))
            ans = _sub(sq, "answer")
            _text(ans, plain_text(p["right"]), cdata=False)
        for d in q.get("distractors") or []:
            sq = _sub(el, "subquestion", format="html")
            _text(sq, "")
            ans = _sub(sq, "answer")
            _text(ans, plain_text(d), cdata=False)
    elif qtype == "ordering":
        _sub(el, "layouttype", "VERTICAL")
        _sub(el, "selecttype", "ALL")
        _sub(el, "selectcount", str(len(q["items"])))
        _sub(el, "gradingtype", "ALL_OR_NOTHING")
        _sub(el, "showgrading", "SHOW")
        _sub(el, "numberingstyle", "none")
        _combined_feedback(el, feedback)
        _sub(el, "shownumcorrect")
        for i, item in enumerate(q["items"], 1):
            a = _sub(el, "answer", fraction=str(i), format="html")
            _text(a, inline_html(item))
        add_note(notes, bank, q, FMT, "converted",
                 "ordering -> qtype 'ordering', chấm đúng hết mới có điểm (có trong Moodle bản mới; bản cũ cần cài plugin qtype_ordering)")

    tags = _sub(el, "tags")
    tag = _sub(tags, "tag")
    _text(tag, str(bank["id"]), cdata=False)


def _category(root, bank: dict) -> None:
    el = _sub(root, "question", type="category")
    cat = _sub(el, "category")
    _text(cat, bank_category(bank), cdata=False)
    info = _sub(el, "info", format="html")
    _text(info, block_html(bank["description"]) if bank.get("description") else "")


def banks_to_xml(banks: list[dict], notes: list | None = None) -> bytes:
    """Moodle XML for one or more banks (a category switch before each bank)."""
    root = etree.Element("quiz")
    for bank in banks:
        root.append(etree.Comment(f" {bank['id']}: {bank['title']} (quizzes/{bank['id']}.yml) {bank_tags(bank)} "
                                  .replace("--", "—")))
        _category(root, bank)
        for q in bank["questions"]:
            _question(root, bank, q, notes)
        if bank.get("draw"):
            add_note(notes, bank, None, FMT, "dropped",
                     f"draw: {bank['draw']} — trong Moodle hãy thêm {bank['draw']} câu ngẫu nhiên từ danh mục này vào đề")
        add_note(notes, bank, None, FMT, "dropped",
                 f"pass_mark: {bank['pass_mark']}% — đặt 'Điểm đạt' (grade to pass) trong cài đặt đề kiểm tra của Moodle")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def bank_to_xml(bank: dict, notes: list | None = None) -> bytes:
    return banks_to_xml([bank], notes)
