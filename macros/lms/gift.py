"""Moodle GIFT export of a quiz bank.

Every text is written with the ``[html]`` format marker on the question (Moodle
then uses HTML for the answers and feedback too): author Markdown is rendered by
the site's own renderer (``macros.html.md``), so the LMS shows what the site shows.
GIFT control characters ``~ = # { } :`` and the backslash are escaped, and every
newline inside a text becomes GIFT's ``\\n`` escape, so no text ever begins a line
(a line starting with ``//`` would be a comment) and no blank line splits a question.

Per type:
- single      -> multiple choice, ``=`` right / ``~`` wrong, per-option feedback
- multiple    -> multiple choice with ``~%w%`` weights (see ``weights.multiple_weights``)
- true_false  -> ``{T#incorrect feedback#correct feedback}`` (Moodle's order)
- short_text  -> short answer, one ``=`` per accepted answer (+ ``=%0%*#`` catch-all for
                 the incorrect feedback)
- numeric     -> ``{#=answer:tolerance#… ~#incorrect feedback}``; the unit goes into the text
- matching    -> ``=left -> right``; distractors as ``= -> right``
- ordering    -> no GIFT syntax in core Moodle: exported as matching "step -> Vị trí n"
The explanation is the general feedback (``####``).
"""

from __future__ import annotations

from .common import (
    ORDERING_HINT, add_note, bank_tags, meta_tags, bank_category, block_html, format_number, inline_html,
    moodle_wildcard_escape, ordering_position, plain_text, short_answers, unit_html,
)
from .moodle_xml import MATCHING_NOTE
from .weights import multiple_weights, weight_text

FMT = "gift"
_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:"}


def escape(text: str) -> str:
    """Escape a text for GIFT: control characters, backslash and newlines (as ``\\n``)."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    out = "".join(_SPECIAL.get(ch, ch) for ch in text)
    return out.replace("\n", "\\n")


def _fb(text: str | None) -> str:
    return "#" + escape(block_html(text)) if text else ""


def _question(bank: dict, q: dict, notes: list | None) -> str:
    qid = q["id"]
    qtype = q["type"]
    stem = block_html(q["prompt"])
    feedback = q.get("feedback") or {}
    lines: list[str] = []

    if q.get("points", 1) != 1:
        add_note(notes, bank, q, FMT, "dropped",
                 f"points: {q['points']} — GIFT không ghi được điểm của câu (Moodle để 1; Moodle XML giữ defaultgrade)")

    if qtype == "single":
        for o in q["options"]:
            mark = "=" if o.get("correct") else "~"
            lines.append(f"\t{mark}{escape(inline_html(o['text']))}{_fb(o.get('feedback'))}")
    elif qtype == "multiple":
        weights, wnotes = multiple_weights(q["options"], q["scoring"])
        for msg in wnotes:
            add_note(notes, bank, q, FMT, "approximated", msg)
        for o, w in zip(q["options"], weights):
            lines.append(f"\t~%{weight_text(w)}%{escape(inline_html(o['text']))}{_fb(o.get('feedback'))}")
    elif qtype == "true_false":
        head = "T" if q["answer"] else "F"
        wrong, right = feedback.get("incorrect"), feedback.get("correct")
        tail = ""
        if wrong or right:
            tail = "#" + (escape(block_html(wrong)) if wrong else "")
            if right:
                tail += "#" + escape(block_html(right))
        lines.append(f"\t{head}{tail}")
    elif qtype == "short_text":
        right = _fb(feedback.get("correct"))
        if any("->" in a for a in q["answers"]):
            add_note(notes, bank, q, FMT, "approximated",
                     "đáp án có '->': Moodle có thể hiểu nhầm thành câu ghép cặp khi nhập GIFT; hãy dùng Moodle XML")
        for a in short_answers(q, notes, bank, FMT):
            lines.append(f"\t={escape(moodle_wildcard_escape(a))}{right}")
        if feedback.get("incorrect"):
            lines.append(f"\t=%0%*{_fb(feedback['incorrect'])}")
    elif qtype == "numeric":
        tol = format_number(q.get("tolerance", 0))
        lines.append(f"\t={format_number(q['answer'])}:{tol}{_fb(feedback.get('correct'))}")
        if feedback.get("incorrect"):
            lines.append(f"\t~{_fb(feedback['incorrect'])}")
        if q.get("unit"):
            stem += unit_html(q["unit"])
            add_note(notes, bank, q, FMT, "converted",
                     f"unit '{q['unit']}' ghi vào nội dung câu hỏi; Moodle chỉ chấm phần số")
    elif qtype == "matching":
        add_note(notes, bank, q, FMT, "approximated", MATCHING_NOTE)
        for p in q["pairs"]:
            lines.append(f"\t={escape(inline_html(p['left']))} -> {escape(plain_text(p['right']))}")
        for d in q.get("distractors") or []:
            lines.append(f"\t= -> {escape(plain_text(d))}")
    elif qtype == "ordering":
        stem += ORDERING_HINT
        for i, item in enumerate(q["items"], 1):
            lines.append(f"\t={escape(inline_html(item))} -> {escape(ordering_position(i))}")
        add_note(notes, bank, q, FMT, "converted",
                 "ordering -> matching 'bước -> Vị trí n' (GIFT của Moodle không có dạng sắp xếp; "
                 "trang web chấm đúng hết mới có điểm, Moodle chấm từng cặp đúng nên có điểm từng phần)")
    else:  # pragma: no cover - the schema allows no other type
        add_note(notes, bank, q, FMT, "skipped", f"dạng câu hỏi '{qtype}' không xuất được")
        return ""

    if qtype in ("matching", "ordering") and feedback:
        add_note(notes, bank, q, FMT, "dropped",
                 "feedback correct/incorrect: GIFT không có chỗ cho phản hồi chung của dạng này (Moodle XML giữ được)")

    lines.append(f"\t####{escape(block_html(q['explanation']))}")
    opener = "{#" if qtype == "numeric" else "{"
    head = f"// [id:{qid}] [tag:{bank['id']}] {meta_tags(review=q['review'], sources=','.join(q['sources']))}\n" \
        f"::{escape(qid)}::[html]{escape(stem)}{opener}"
    return head + "\n" + "\n".join(lines) + "\n}\n"


def bank_to_gift(bank: dict, notes: list | None = None, *, header: bool = True) -> str:
    """GIFT text for one bank: a ``$CATEGORY:`` line, then one block per question."""
    parts = []
    if header:
        parts.append(f"// {' '.join(str(bank['title']).split())}\n// Xuất từ quizzes/{bank['id']}.yml (UTF-8, định dạng GIFT của Moodle). "
                     f"{bank_tags(bank)}\n")
    parts.append(f"$CATEGORY: {bank_category(bank)}\n")
    for q in bank["questions"]:
        block = _question(bank, q, notes)
        if block:
            parts.append(block)
    if bank.get("draw"):
        add_note(notes, bank, None, FMT, "dropped",
                 f"draw: {bank['draw']} — trong Moodle hãy thêm {bank['draw']} câu ngẫu nhiên từ danh mục này vào đề")
    add_note(notes, bank, None, FMT, "dropped",
             f"pass_mark: {bank['pass_mark']}% — đặt 'Điểm đạt' (grade to pass) trong cài đặt đề kiểm tra của Moodle")
    return "\n".join(parts)


def banks_to_gift(banks: list[dict], notes: list | None = None, title: str = "") -> str:
    """Several banks in one GIFT file (one category per bank)."""
    head = f"// {' '.join(title.split())}\n// Xuất từ quizzes/*.yml (UTF-8, định dạng GIFT của Moodle).\n\n" if title else ""
    return head + "\n".join(bank_to_gift(b, notes, header=False) for b in banks)
