"""Quiz bank data -> printable HTML: a worksheet (no answers) and an answer key.

Both documents number questions and letter options the same way, so a trainer can mark a
worksheet with the key. Option order is shuffled deterministically (seeded by bank and
question id) when the bank asks for shuffled options, so the correct option is not always
the first one on paper, yet every rebuild prints the same sheet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from ..html import esc, md
from ..sources import short_name

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SMALL = "abcdefghijklmnopqrstuvwxyz"

TYPE_HINTS = {
    "single": "Chọn một đáp án đúng.",
    "multiple": "Chọn tất cả các đáp án đúng (có thể nhiều hơn một).",
    "true_false": "Đánh dấu vào ô Đúng hoặc Sai.",
    "ordering": "Sắp xếp theo đúng trình tự: ghi số thứ tự (1, 2, 3…) vào ô trước mỗi mục.",
    "matching": "Ghép mỗi mục ở cột trái với một mục ở cột phải: ghi chữ cái vào ô.",
    "numeric": "Điền con số.",
    "short_text": "Điền từ hoặc cụm từ.",
}
SCORING = {
    "all_or_nothing": "chọn đúng và đủ mới được điểm",
    "partial": "tính điểm từng phần",
}


@dataclass
class Layout:
    """How one question appears on paper: option order, ordering and matching columns."""

    options: list[int]  # indexes into q["options"] in printed order
    ordering: list[int]  # indexes into q["items"] in printed order
    rights: list[str]  # matching right-hand column in printed order (with distractors)


def _rng(bank_id: str, qid: str) -> random.Random:
    return random.Random(f"{bank_id}/{qid}")


def layout(bank: dict, q: dict) -> Layout:
    shuffle = bank.get("shuffle") or {}
    shuffle_options = shuffle.get("options", True)
    rng = _rng(str(bank["id"]), str(q["id"]))
    options = list(range(len(q.get("options") or [])))
    if shuffle_options:
        rng.shuffle(options)
    # Ordering items are always printed out of order (the task is to restore it).
    ordering = list(range(len(q.get("items") or [])))
    if len(ordering) > 1:
        while ordering == sorted(ordering):
            rng.shuffle(ordering)
    # Right-hand choices out of the bank's order too (two different texts at least, so
    # some other order exists; the bank's checks already refuse duplicates).
    rights = [p["right"] for p in q.get("pairs") or []] + list(q.get("distractors") or [])
    if len(set(rights)) > 1:
        original = list(rights)
        while rights == original:
            rng.shuffle(rights)
    return Layout(options, ordering, rights)


def _points(q: dict) -> int:
    return int(q.get("points") or 1)


def total_points(bank: dict) -> int:
    return sum(_points(q) for q in bank["questions"])


def _num(value) -> str:
    """Numbers the Vietnamese way: decimal comma."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


# ------------------------------------------------------------------ shared bits
def _question_head(n: int, q: dict) -> str:
    pts = _points(q)
    pts_html = f' <span class="q-points">({pts} điểm)</span>' if pts != 1 else ""
    return (
        f'<div class="q-head"><span class="q-number">Câu {n}.</span>{pts_html}'
        f'<div class="q-prompt">{md(q["prompt"])}</div>'
        f'<p class="q-hint">{esc(TYPE_HINTS[q["type"]])}</p></div>'
    )


def _box(kind: str, filled: bool) -> str:
    cls = f"box box--{kind}" + (" box--filled" if filled else "")
    return f'<span class="{cls}" aria-hidden="true"></span>'


def _options_list(q: dict, lay: Layout, key: bool) -> str:
    kind = "round" if q["type"] == "single" else "square"
    rows = []
    for pos, idx in enumerate(lay.options):
        opt = q["options"][idx]
        correct = key and bool(opt.get("correct"))
        mark = ' <strong class="ak-correct">(đúng)</strong>' if correct else ""
        cls = ' class="is-correct"' if correct else ""
        rows.append(
            f'<li{cls}>{_box(kind, filled=correct)}<span class="opt-letter">{LETTERS[pos]}.</span>'
            f'<span class="opt-text">{md(opt["text"], inline=True)}{mark}</span></li>'
        )
    return f'<ul class="q-options">{"".join(rows)}</ul>'


def _true_false(q: dict, key: bool) -> str:
    answer = q.get("answer")
    items = []
    for value, label in ((True, "Đúng"), (False, "Sai")):
        correct = key and answer is value
        cls = ' class="is-correct"' if correct else ""
        items.append(f'<li{cls}>{_box("square", filled=correct)}<span class="opt-text">{label}</span></li>')
    return f'<ul class="q-options q-options--inline">{"".join(items)}</ul>'


def _ordering(q: dict, lay: Layout, key: bool) -> str:
    rows = []
    for pos, idx in enumerate(lay.ordering):
        number = str(idx + 1) if key else ""
        rows.append(
            f'<li><span class="box box--answer">{number}</span><span class="opt-letter">{SMALL[pos]}.</span>'
            f'<span class="opt-text">{md(q["items"][idx], inline=True)}</span></li>'
        )
    return f'<ul class="q-options q-ordering">{"".join(rows)}</ul>'


def _matching(q: dict, lay: Layout, key: bool) -> str:
    pairs = q["pairs"]
    left_rows = []
    for i, pair in enumerate(pairs):
        letter = SMALL[lay.rights.index(pair["right"])] if key else ""
        left_rows.append(
            f'<li><span class="opt-letter">{i + 1}.</span><span class="opt-text">{md(pair["left"], inline=True)}</span>'
            f'<span class="box box--answer">{letter}</span></li>'
        )
    right_rows = "".join(
        f'<li><span class="opt-letter">{SMALL[i]}.</span><span class="opt-text">{md(r, inline=True)}</span></li>'
        for i, r in enumerate(lay.rights)
    )
    return (
        '<div class="q-match"><ul class="q-options q-match__left">'
        f'{"".join(left_rows)}</ul><ul class="q-options q-match__right">{right_rows}</ul></div>'
    )


def _blank(label: str, value: str, unit: str = "") -> str:
    unit_html = f' <span class="q-unit">{esc(unit)}</span>' if unit else ""
    return f'<p class="q-blank"><span class="q-blank__label">{label}</span> <span class="line">{value}</span>{unit_html}</p>'


def _body(q: dict, lay: Layout, key: bool) -> str:
    t = q["type"]
    if t in ("single", "multiple"):
        return _options_list(q, lay, key)
    if t == "true_false":
        return _true_false(q, key)
    if t == "ordering":
        return _ordering(q, lay, key)
    if t == "matching":
        return _matching(q, lay, key)
    if t == "numeric":
        return _blank("Đáp số:", esc(_num(q["answer"])) if key else "", q.get("unit", ""))
    if t == "short_text":
        return _blank("Trả lời:", esc(q["answers"][0]) if key else "")
    raise ValueError(f"dạng câu hỏi không hỗ trợ khi in (unsupported question type): {t}")


# ------------------------------------------------------------------ answers
def short_answer(q: dict, lay: Layout) -> str:
    """Compact answer for the marking grid (plain text)."""
    t = q["type"]
    if t in ("single", "multiple"):
        return ", ".join(LETTERS[pos] for pos, idx in enumerate(lay.options) if q["options"][idx].get("correct"))
    if t == "true_false":
        return "Đúng" if q["answer"] else "Sai"
    if t == "ordering":
        return " › ".join(SMALL[lay.ordering.index(i)] for i in range(len(q["items"])))
    if t == "matching":
        return "; ".join(f"{i + 1}–{SMALL[lay.rights.index(p['right'])]}" for i, p in enumerate(q["pairs"]))
    if t == "numeric":
        return f'{_num(q["answer"])} {q.get("unit", "")}'.strip()
    return q["answers"][0]


def _answer_detail(q: dict, lay: Layout) -> str:
    t = q["type"]
    parts = []
    if t in ("single", "multiple"):
        parts.append(f"<strong>Đáp án:</strong> {esc(short_answer(q, lay))}")
        if t == "multiple":
            parts.append(f" ({esc(SCORING[q['scoring']])})")
    elif t == "true_false":
        parts.append(f"<strong>Đáp án:</strong> {esc(short_answer(q, lay))}")
    elif t == "ordering":
        steps = "".join(f"<li>{md(item, inline=True)}</li>" for item in q["items"])
        parts.append(f"<strong>Trình tự đúng:</strong> {esc(short_answer(q, lay))}<ol class=\"ak-order\">{steps}</ol>")
    elif t == "matching":
        pairs = "".join(
            f'<li>{md(p["left"], inline=True)} — {md(p["right"], inline=True)}</li>' for p in q["pairs"]
        )
        parts.append(f"<strong>Ghép đúng:</strong> {esc(short_answer(q, lay))}<ul class=\"ak-pairs\">{pairs}</ul>")
    elif t == "numeric":
        tol = q.get("tolerance") or 0
        tol_html = f" (chấp nhận sai lệch ± {esc(_num(tol))})" if tol else ""
        parts.append(f"<strong>Đáp án:</strong> {esc(short_answer(q, lay))}{tol_html}")
    elif t == "short_text":
        accepted = ", ".join(f"«{esc(a)}»" for a in q["answers"])
        note = " (chấp nhận cả khi gõ không dấu)" if q.get("ignore_diacritics") else ""
        parts.append(f"<strong>Đáp án được chấp nhận:</strong> {accepted}{note}")
    return f'<p class="ak-answer">{"".join(parts)}</p>'


def _feedback(q: dict, lay: Layout) -> str:
    items = []
    if q["type"] in ("single", "multiple"):
        for pos, idx in enumerate(lay.options):
            fb = q["options"][idx].get("feedback")
            if fb:
                items.append(f"<li><strong>Phương án {LETTERS[pos]}:</strong> {md(fb, inline=True)}</li>")
    fb = q.get("feedback") or {}
    if fb.get("correct"):
        items.append(f"<li><strong>Khi trả lời đúng:</strong> {md(fb['correct'], inline=True)}</li>")
    if fb.get("incorrect"):
        items.append(f"<li><strong>Khi trả lời sai:</strong> {md(fb['incorrect'], inline=True)}</li>")
    if not items:
        return ""
    return f'<div class="ak-feedback"><p class="ak-label">Phản hồi trên trang web</p><ul>{"".join(items)}</ul></div>'


# ------------------------------------------------------------------ documents
def worksheet_html(bank: dict) -> str:
    """Questions only: nothing that gives away an answer."""
    questions = []
    for n, q in enumerate(bank["questions"], 1):
        lay = layout(bank, q)
        questions.append(
            f'<section class="question question--{esc(q["type"])}" id="q-{esc(q["id"])}">'
            f"{_question_head(n, q)}{_body(q, lay, key=False)}</section>"
        )
    intro = md(bank["description"]) if bank.get("description") else ""
    n = len(bank["questions"])
    return (
        '<div class="ws-fields">'
        '<p><span>Họ và tên:</span><span class="line"></span></p>'
        '<p><span>Chi bộ / đơn vị:</span><span class="line"></span></p>'
        '<p class="ws-fields__short"><span>Ngày làm bài:</span><span class="line"></span>'
        f'<span>Kết quả:</span><span class="line line--short"></span><span>/ {total_points(bank)} điểm</span></p>'
        "</div>"
        f'<p class="ws-meta">{n} câu hỏi · tổng {total_points(bank)} điểm · đạt khi được từ '
        f'{int(bank["pass_mark"])}% số điểm trở lên.</p>'
        f'<div class="ws-intro">{intro}</div>'
        f'<div class="questions">{"".join(questions)}</div>'
    )


def answer_key_html(bank: dict, sources: dict, review_label: Callable[[str], str]) -> str:
    """Every question with its answer, explanation, what to review and the sources."""
    grid = []
    detail = []
    for n, q in enumerate(bank["questions"], 1):
        lay = layout(bank, q)
        grid.append(f"<tr><td>Câu {n}</td><td>{esc(short_answer(q, lay))}</td><td>{_points(q)}</td></tr>")
        cites = "; ".join(esc(short_name(sources[k])) if k in sources else esc(k) for k in q["sources"])
        detail.append(
            f'<section class="question question--{esc(q["type"])} is-key" id="q-{esc(q["id"])}">'
            f"{_question_head(n, q)}{_body(q, lay, key=True)}{_answer_detail(q, lay)}"
            f'<div class="ak-explanation"><p class="ak-label">Giải thích</p>{md(q["explanation"])}</div>'
            f"{_feedback(q, lay)}"
            f'<p class="ak-review"><strong>Ôn lại:</strong> {esc(review_label(q["review"]))}</p>'
            f'<p class="ak-sources"><strong>Căn cứ:</strong> {cites}</p>'
            "</section>"
        )
    return (
        f'<p class="ws-meta">{len(bank["questions"])} câu hỏi · tổng {total_points(bank)} điểm · '
        f'điểm đạt {int(bank["pass_mark"])}%'
        + (f' · mỗi lượt làm bài trên trang web rút {int(bank["draw"])} câu' if bank.get("draw") else "")
        + ".</p>"
        '<h2 id="bang-dap-an">Bảng đáp án</h2>'
        '<table class="ak-grid"><thead><tr><th>Câu</th><th>Đáp án</th><th>Điểm</th></tr></thead>'
        f'<tbody>{"".join(grid)}</tbody></table>'
        '<h2 id="dap-an-chi-tiet">Đáp án chi tiết</h2>'
        f'<div class="questions">{"".join(detail)}</div>'
    )
