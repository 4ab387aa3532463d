"""Quiz banks (``quizzes/<bank>.yml``): semantic checks, the quiz, the answer key and
the progress overview.

The quiz HTML carries every question, so a page reads and prints without JavaScript.
What the engine (``docs/assets/js/quiz.js``) needs to grade is embedded in a
``<script type="application/json">`` block, and explanations and feedback sit in one
``<template>`` per quiz (a ``<div data-qid>`` per question; one inert fragment instead of
a template element per question): neither is rendered, printed or indexed by search. The
engine never parses author text as HTML; it only moves and clones these server-rendered,
sanitised nodes.
"""

from __future__ import annotations

import json
import random
import re
from functools import lru_cache, partial
from html import unescape
from pathlib import Path

import yaml

from .html import esc, json_for_script, md
from .links import relative
from .repository import markdown_headings
from .sources import cite
from .text import normalize_answer

TYPE_LABELS = {
    "single": "Một đáp án",
    "multiple": "Nhiều đáp án",
    "true_false": "Đúng hay sai",
    "ordering": "Sắp xếp thứ tự",
    "matching": "Ghép cặp",
    "numeric": "Điền số",
    "short_text": "Điền từ",
}
HINTS = {
    "single": "Chọn một đáp án.",
    "multiple": "Chọn tất cả các đáp án đúng.",
    "true_false": "Chọn Đúng hoặc Sai.",
    "ordering": 'Sắp xếp theo đúng thứ tự <span class="quiz-nojs">(ghi số thứ tự vào ô)</span>'
                '<span class="quiz-jsonly">(dùng nút Lên, Xuống)</span>.',
    "matching": 'Ghép mỗi mục bên trái với một mục bên phải <span class="quiz-nojs">(ghi chữ cái vào ô)</span>'
                '<span class="quiz-jsonly">(chọn trong ô chọn)</span>.',
    "numeric": "Điền một số.",
    "short_text": "Điền từ hoặc cụm từ.",
}


def _letter(n: int) -> str:
    """A, B, C... for the right-hand choices of a matching question (then 27, 28...)."""
    return chr(65 + n) if n < 26 else str(n + 1)


# ----------------------------------------------------------------- checks
def _norm(text) -> str:
    return normalize_answer(str(text))


def _duplicates(values: list[str]):
    """Yield (index, first_index) for each value equal (normalised) to an earlier one."""
    seen: dict[str, int] = {}
    for i, value in enumerate(values):
        key = _norm(value)
        if key in seen:
            yield i, seen[key]
        else:
            seen[key] = i


def _question_places(repo) -> dict[str, list[tuple]]:
    """Question id -> [(bank document, question index)] over every bank of ``repo``, in
    bank order; built once for the banks loaded (kept on the repository)."""
    docs = repo.documents.get("quiz", [])
    key = tuple(map(id, docs))  # the index holds these documents, so their ids stay theirs
    cached = getattr(repo, "_question_places", None)
    if cached is None or cached[0] != key:
        places: dict[str, list[tuple]] = {}
        for other in docs:
            for j, q in enumerate(other.data["questions"]):
                places.setdefault(q["id"], []).append((other, j))
        cached = (key, places)
        repo._question_places = cached
    return cached[1]


def check(repo, doc) -> list:
    """Rules the JSON Schema cannot express; one positioned error per problem."""
    errors = []
    data = doc.data
    questions = data["questions"]

    def err(path, message, qid=None):
        errors.append(doc.error(path, message, qid))

    def line(path) -> int | None:
        return doc.where(path)[0]

    draw = data.get("draw")
    if draw is not None and draw > len(questions):
        err(("draw",), f"draw = {draw} lớn hơn số câu hỏi ({len(questions)}) (draw exceeds the number of questions)", data["id"])

    # Question ids: unique within the bank and across every bank of the course. A
    # duplicate across banks is reported in each bank, pointing at the other one.
    # Positions are looked up only for the duplicates found (a line number per question
    # of every other bank made this check quadratic in the number of banks), and the
    # index of every bank's ids is built once for all banks.
    everywhere = _question_places(repo)
    local: dict[str, int] = {}
    for i, q in enumerate(questions):
        qid = q["id"]
        if qid in local:
            err(("questions", i, "id"), f"mã câu hỏi '{qid}' bị trùng với câu ở dòng {line(('questions', local[qid]))} (duplicate question id)", qid)
            continue
        local[qid] = i
        elsewhere = [(o, j) for o, j in everywhere.get(qid, ()) if o is not doc]
        if elsewhere:
            places = ", ".join(f"{o.name}:{o.where(('questions', j))[0]}" for o, j in elsewhere)
            err(("questions", i, "id"), f"mã câu hỏi '{qid}' đã dùng ở {places} (duplicate question id across banks)", qid)

    for i, q in enumerate(questions):
        qid = q["id"]
        base = ("questions", i)
        kind = q["type"]
        if kind in ("single", "multiple"):
            opts = q["options"]
            n_correct = sum(1 for o in opts if o.get("correct") is True)
            if kind == "single" and n_correct != 1:
                err(base + ("options",), f"câu một đáp án (single) phải có đúng một phương án 'correct: true', hiện có {n_correct} (single needs exactly one correct option)", qid)
            if kind == "multiple" and n_correct < 1:
                err(base + ("options",), "câu nhiều đáp án (multiple) cần ít nhất một phương án 'correct: true' (multiple needs at least one correct option)", qid)
            for k, first in _duplicates([o["text"] for o in opts]):
                err(base + ("options", k, "text"), f"phương án trùng với phương án ở dòng {line(base + ('options', first))} (duplicate option)", qid)
        elif kind == "ordering":
            for k, first in _duplicates(q["items"]):
                err(base + ("items", k), f"bước trùng với bước ở dòng {line(base + ('items', first))} (duplicate ordering item)", qid)
        elif kind == "matching":
            pairs = q["pairs"]
            for k, first in _duplicates([p["left"] for p in pairs]):
                err(base + ("pairs", k, "left"), f"vế trái trùng với cặp ở dòng {line(base + ('pairs', first))} (duplicate left item)", qid)
            for k, first in _duplicates([p["right"] for p in pairs]):
                err(base + ("pairs", k, "right"), f"vế phải trùng với cặp ở dòng {line(base + ('pairs', first))} (duplicate right item)", qid)
            rights = {_norm(p["right"]) for p in pairs}
            distractors = q.get("distractors", [])
            for k, text in enumerate(distractors):
                if _norm(text) in rights:
                    err(base + ("distractors", k), "lựa chọn nhiễu trùng với một vế phải đúng (distractor equals a right-hand answer)", qid)
            for k, first in _duplicates(distractors):
                if _norm(distractors[k]) not in rights:
                    err(base + ("distractors", k), f"lựa chọn nhiễu bị lặp (duplicate distractor; first at line {line(base + ('distractors', first))})", qid)
        elif kind == "short_text":
            fold = bool(q.get("ignore_diacritics"))
            for k, text in enumerate(q["answers"]):
                if not normalize_answer(text, ignore_diacritics=fold):
                    err(base + ("answers", k), "đáp án rỗng (empty accepted answer)", qid)
        errors.extend(repo.check_link(doc, base + ("review",), q["review"], qid))
    return errors


# ----------------------------------------------------------------- helpers
def _inline(text) -> str:
    return md(str(text), inline=True)


def _plain(text) -> str:
    """Author Markdown as plain text (for <option> labels, which hold no markup)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", md(str(text), inline=True))).split())


def _derange(n: int, seed: str) -> list[int]:
    """A deterministic shuffle of range(n) that is never the identity (n >= 2)."""
    rng = random.Random(seed)
    order = list(range(n))
    while n > 1 and order == sorted(order):
        rng.shuffle(order)
    return order


def _shuffled(n: int, seed: str) -> list[int]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def _answer_data(q: dict) -> dict:
    """What quiz.js needs to grade one question (never rendered)."""
    kind = q["type"]
    out = {"id": q["id"], "t": kind, "p": q.get("points", 1)}
    if kind in ("single", "multiple"):
        out["c"] = [i for i, o in enumerate(q["options"]) if o.get("correct") is True]
        if kind == "multiple":
            out["s"] = q["scoring"]
    elif kind == "true_false":
        out["a"] = q["answer"]
    elif kind == "ordering":
        out["n"] = len(q["items"])
    elif kind == "matching":
        out["n"] = len(q["pairs"])
    elif kind == "numeric":
        out["a"] = q["answer"]
        out["tol"] = q.get("tolerance", 0)
    elif kind == "short_text":
        fold = bool(q.get("ignore_diacritics"))
        out["a"] = sorted({normalize_answer(a, ignore_diacritics=fold) for a in q["answers"]})
        out["f"] = fold
        out["d"] = _plain(q["answers"][0])
    return out


def _json_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # No "</script>" or "<!--" can appear inside the block.
    text = json_for_script(text)
    return f'<script type="application/json" class="quiz-data">{text}</script>'


@lru_cache(maxsize=256)
def _page_headings(path: str, _mtime: float = 0.0) -> tuple[str, dict]:
    """(page title, {anchor: heading text}) of a Markdown page (cached per mtime)."""
    text = Path(path).read_text(encoding="utf-8")
    title = ""
    m = re.match(r"^---\n(.*?)\n---", text, re.S)
    if m:
        try:
            front = yaml.safe_load(m.group(1)) or {}
            title = str(front.get("title") or "") if isinstance(front, dict) else ""
        except yaml.YAMLError:
            pass
    headings: dict[str, str] = {}
    for level, anchor, heading in markdown_headings(text):
        clean = re.sub(r"[*_`]", "", heading)
        headings.setdefault(anchor, clean)
        if not title and level == 1:
            title = clean
    return title, headings


def review_label(repo, target: str) -> str:
    """"Page title › Heading" for a ``page.md#anchor`` review reference."""
    page, _, anchor = target.partition("#")
    path = repo.docs_dir / page
    if not path.is_file():
        return target
    title, headings = _page_headings(str(path), path.stat().st_mtime)
    head = headings.get(anchor, "")
    if title and head and head != title:
        return f"{title} › {head}"
    return head or title or target


def _review_html(ctx, q: dict) -> str:
    href = esc(relative(ctx.page, q["review"]))
    label = esc(review_label(ctx.repo, q["review"]))
    return f'<p class="quiz-review"><span class="quiz-review-label">Ôn lại:</span> <a href="{href}">{label}</a></p>'


# ----------------------------------------------------------------- the quiz
def _choice_html(uid: str, q: dict, shuffle_options: bool) -> str:
    opts = q["options"]
    order = _shuffled(len(opts), q["id"]) if shuffle_options else list(range(len(opts)))
    kind = "radio" if q["type"] == "single" else "checkbox"
    items = "".join(
        f'<li class="quiz-opt" data-i="{i}"><label><input type="{kind}" name="{uid}" value="{i}">'
        f'{_inline(opts[i]["text"])}</label></li>'
        for i in order
    )
    return f'<ul class="quiz-opts">{items}</ul>'


def _true_false_html(uid: str) -> str:
    return (
        '<ul class="quiz-opts quiz-tf">'
        f'<li class="quiz-opt" data-i="true"><label><input type="radio" name="{uid}" value="true">Đúng</label></li>'
        f'<li class="quiz-opt" data-i="false"><label><input type="radio" name="{uid}" value="false">Sai</label></li>'
        "</ul>"
    )


def _ordering_html(q: dict) -> str:
    items = q["items"]
    order = _derange(len(items), q["id"])
    lis = "".join(
        f'<li class="quiz-item" data-i="{i}"><span class="quiz-box" aria-hidden="true"></span>'
        f'<span class="quiz-item-text">{_inline(items[i])}</span></li>'
        for i in order
    )
    return f'<ul class="quiz-order">{lis}</ul>'


def _matching_html(uid: str, q: dict) -> str:
    pairs = q["pairs"]
    rights = [p["right"] for p in pairs] + list(q.get("distractors", []))
    order = _derange(len(rights), q["id"])
    options = "".join(
        f'<option value="{i}" data-t="{esc(_plain(rights[i]))}">{_letter(n)}. {esc(_plain(rights[i]))}</option>'
        for n, i in enumerate(order)
    )
    lefts = "".join(
        f'<li class="quiz-pair" data-i="{i}"><label for="{uid}-{i}" class="quiz-left">{_inline(p["left"])}</label>'
        f'<span class="quiz-box" aria-hidden="true"></span>'
        f'<select id="{uid}-{i}" class="quiz-select"><option value="">— Chọn —</option>{options}</select></li>'
        for i, p in enumerate(pairs)
    )
    right_list = "".join(
        f'<li data-i="{i}"><span class="quiz-letter">{_letter(n)}.</span> {_inline(rights[i])}</li>'
        for n, i in enumerate(order)
    )
    return (
        f'<ol class="quiz-lefts">{lefts}</ol>'
        f'<ul class="quiz-rights" aria-label="Các lựa chọn để ghép">{right_list}</ul>'
    )


def _input_html(uid: str, q: dict) -> str:
    mode = ' inputmode="decimal"' if q["type"] == "numeric" else ""
    unit = f' <span class="quiz-unit" id="{uid}-u">{esc(q["unit"])}</span>' if q.get("unit") else ""
    described = f' aria-describedby="{uid}-u"' if unit else ""
    return (
        f'<p class="quiz-answer"><input type="text" class="quiz-input" id="{uid}-in" autocomplete="off" '
        f'spellcheck="false"{mode} aria-labelledby="{uid}-m {uid}-p"{described}>{unit}</p>'
    )


def _templates_html(ctx, q: dict) -> str:
    """Explanation and feedback of one question, a child of the quiz's one ``<template>``:
    inert until the engine clones them after grading."""
    parts = [f'<div class="quiz-explain"><p class="quiz-explain-title">Giải thích</p>{md(q["explanation"])}{_review_html(ctx, q)}</div>']
    for key in ("correct", "incorrect"):
        text = (q.get("feedback") or {}).get(key)
        if text:
            parts.append(f'<div class="quiz-note" data-fb="{key}">{md(text)}</div>')
    for i, opt in enumerate(q.get("options") or []):
        if opt.get("feedback"):
            parts.append(f'<div class="quiz-note" data-opt="{i}">{md(opt["feedback"])}</div>')
    return f'<div data-qid="{esc(q["id"])}">{"".join(parts)}</div>'


def question_html(ctx, bank_id: str, q: dict, number: int, shuffle_options: bool) -> str:
    kind = q["type"]
    uid = f"q-{bank_id}-{q['id']}"
    points = q.get("points", 1)
    pts = f' <span class="quiz-points">({points} điểm)</span>' if points != 1 else ""
    # Number, hint and prompt name the question (two ids, no wrapper element).
    head = (
        f'<p class="quiz-meta" id="{uid}-m"><span class="quiz-num">Câu {number}.</span>{pts} '
        f'<span class="quiz-hint">{HINTS[kind]}</span></p><div class="quiz-prompt" id="{uid}-p">{md(q["prompt"])}</div>'
    )
    if kind in ("single", "multiple"):
        body = _choice_html(uid, q, shuffle_options)
    elif kind == "true_false":
        body = _true_false_html(uid)
    elif kind == "ordering":
        body = _ordering_html(q)
    elif kind == "matching":
        body = _matching_html(uid, q)
    else:
        body = _input_html(uid, q)
    if kind in ("numeric", "short_text"):
        field = f'<div class="quiz-field">{head}{body}</div>'
    else:
        field = f'<fieldset class="quiz-field" aria-labelledby="{uid}-m {uid}-p">{head}{body}</fieldset>'
    return (
        f'<li class="quiz-q" id="{uid}" data-qid="{esc(q["id"])}" data-type="{kind}">'
        f"{field}</li>"
    )


def render_quiz(ctx, bank_id: str) -> str:
    _doc, bank = ctx.repo.get("quiz", bank_id)
    questions = bank["questions"]
    shuffle = bank.get("shuffle") or {}
    draw = bank.get("draw") or len(questions)
    data = {
        "bank": bank_id,
        "pass": bank["pass_mark"],
        "draw": draw,
        "sq": shuffle.get("questions", True),
        "so": shuffle.get("options", True),
        "q": [_answer_data(q) for q in questions],
    }
    if bank.get("time_limit_minutes"):
        data["tl"] = bank["time_limit_minutes"]
    intro = md(bank["description"]) if bank.get("description") else ""
    per_attempt = f"; mỗi lượt làm {draw} câu rút ngẫu nhiên" if draw < len(questions) else ""
    facts = (
        f'<p class="quiz-facts">Bộ câu hỏi gồm {len(questions)} câu{per_attempt}. '
        f'Điểm đạt: {bank["pass_mark"]}%.'
        + (f' Thi thử có giới hạn {bank["time_limit_minutes"]} phút.' if bank.get("time_limit_minutes") else "")
        + "</p>"
    )
    items = "".join(
        question_html(ctx, bank_id, q, n, shuffle.get("options", True)) for n, q in enumerate(questions, 1)
    )
    notes = "".join(_templates_html(ctx, q) for q in questions)
    return (
        f'<div class="quiz" id="quiz-{esc(bank_id)}" data-bank="{esc(bank_id)}">'
        f'<div class="quiz-intro">{intro}{facts}'
        '<noscript><p class="quiz-noscript">Trình duyệt đang tắt JavaScript: đồng chí vẫn đọc và in được các câu hỏi, '
        "nhưng trang không chấm điểm được.</p></noscript></div>"
        f'<section class="quiz-body" data-search-exclude aria-label="Câu hỏi"><ol class="quiz-list">{items}</ol></section>'
        f'<template class="quiz-tpl" data-search-exclude>{notes}</template>{_json_script(data)}</div>'
    )


# ----------------------------------------------------------------- answer key
def _answer_key_body(q: dict) -> str:
    kind = q["type"]
    if kind in ("single", "multiple"):
        rows = []
        for opt in q["options"]:
            ok = opt.get("correct") is True
            mark = ('<span class="quiz-key-mark is-ok">✓ Đúng</span>' if ok
                    else '<span class="quiz-key-mark is-bad">✗ Sai</span>')
            fb = f'<div class="quiz-key-fb">Phản hồi: {_inline(opt["feedback"])}</div>' if opt.get("feedback") else ""
            rows.append(f'<li class="{"is-correct" if ok else ""}">{mark} {_inline(opt["text"])}{fb}</li>')
        scoring = ""
        if kind == "multiple":
            scoring = ('<p class="quiz-key-scoring">Cách chấm: điểm từng phần (mỗi phương án đúng được chọn cộng, '
                       'mỗi phương án sai bị chọn trừ, thấp nhất 0).</p>' if q["scoring"] == "partial"
                       else '<p class="quiz-key-scoring">Cách chấm: chọn đúng và đủ mới có điểm.</p>')
        return f'<ul class="quiz-key-opts">{"".join(rows)}</ul>{scoring}'
    if kind == "true_false":
        return f'<p class="quiz-key-answer"><strong>Đáp án:</strong> {"Đúng" if q["answer"] else "Sai"}</p>'
    if kind == "ordering":
        items = "".join(f"<li>{_inline(t)}</li>" for t in q["items"])
        return f'<p class="quiz-key-answer"><strong>Thứ tự đúng:</strong></p><ol class="quiz-key-order">{items}</ol>'
    if kind == "matching":
        rows = "".join(f"<tr><td>{_inline(p['left'])}</td><td>{_inline(p['right'])}</td></tr>" for p in q["pairs"])
        out = ('<div class="md-typeset__table"><table><thead><tr><th>Vế trái</th>'
               f"<th>Ghép với</th></tr></thead><tbody>{rows}</tbody></table></div>")
        if q.get("distractors"):
            out += ('<p class="quiz-key-answer"><strong>Lựa chọn nhiễu:</strong> '
                    + "; ".join(_inline(d) for d in q["distractors"]) + "</p>")
        return out
    if kind == "numeric":
        value = _format_number(q["answer"])
        unit = f" {esc(q['unit'])}" if q.get("unit") else ""
        tol = f" (sai số cho phép ± {_format_number(q['tolerance'])})" if q.get("tolerance") else ""
        return f'<p class="quiz-key-answer"><strong>Đáp án:</strong> {value}{unit}{tol}</p>'
    answers = "; ".join(esc(a) for a in q["answers"])
    note = ("không phân biệt chữ hoa, chữ thường, khoảng trắng thừa"
            + ("; chấp nhận gõ không dấu" if q.get("ignore_diacritics") else ""))
    return f'<p class="quiz-key-answer"><strong>Đáp án chấp nhận:</strong> {answers} <small>({note})</small></p>'


def _format_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def render_answer_key(ctx, bank_id: str) -> str:
    _doc, bank = ctx.repo.get("quiz", bank_id)
    questions = bank["questions"]
    draw = bank.get("draw")
    total_points = sum(q.get("points", 1) for q in questions)
    facts = (f'<p class="quiz-key-facts">Mã bộ câu hỏi: <code>{esc(bank_id)}</code> · {len(questions)} câu '
             f"({total_points} điểm)" + (f" · mỗi lượt rút {draw} câu" if draw else "")
             + f" · điểm đạt {bank['pass_mark']}%.</p>")
    out = [f'<div class="quiz-key">{facts}<ol class="quiz-key-list">']
    for n, q in enumerate(questions, 1):
        fb = q.get("feedback") or {}
        extra = "".join(
            f'<p class="quiz-key-fb"><strong>{label}:</strong> {_inline(fb[k])}</p>'
            for k, label in (("correct", "Phản hồi khi đúng"), ("incorrect", "Phản hồi khi sai")) if fb.get(k)
        )
        points = q.get("points", 1)
        out.append(
            f'<li class="quiz-key-q" id="{esc(q["id"])}"><p class="quiz-key-head"><strong>Câu {n}</strong> · '
            f'{TYPE_LABELS[q["type"]]} · {points} điểm · <code>{esc(q["id"])}</code></p>'
            f'<div class="quiz-key-prompt">{md(q["prompt"])}</div>{_answer_key_body(q)}{extra}'
            f'<div class="quiz-key-explain"><strong>Giải thích:</strong> {md(q["explanation"])}</div>'
            f"{_review_html(ctx, q)}{cite(ctx.repo.sources, q['sources'], ctx.page)}</li>"
        )
    out.append("</ol></div>")
    return "".join(out)


# ----------------------------------------------------------------- progress
def quiz_page(repo, bank_id: str) -> str | None:
    """The page that shows a bank: ``<bank>/tu-kiem-tra.md`` or any page calling quiz("<bank>")."""
    pages = repo.anchors()
    default = f"{bank_id}/tu-kiem-tra.md"
    call = re.compile(r"""\{\{-?\s*quiz\(\s*["']""" + re.escape(bank_id) + r"""["']\s*\)""")
    for page in [default] + [p for p in pages if p != default]:
        if page in pages and call.search((repo.docs_dir / page).read_text(encoding="utf-8")):
            return page
    return default if default in pages else None


def module_pages(repo) -> dict[int, tuple[str, str]]:
    """Module number -> (slug, title) from the front matter of ``docs/<slug>/index.md``."""
    out: dict[int, tuple[str, str]] = {}
    for path in sorted(repo.docs_dir.glob("*/index.md")):
        text = path.read_text(encoding="utf-8")
        m = re.match(r"^---\n(.*?)\n---", text, re.S)
        try:
            front = yaml.safe_load(m.group(1)) if m else None
        except yaml.YAMLError:
            front = None
        if isinstance(front, dict) and isinstance(front.get("module"), int) and front["module"] > 0:
            out.setdefault(front["module"], (path.parent.name, str(front.get("title") or path.parent.name)))
    return out


def render_progress(ctx) -> str:
    repo = ctx.repo
    modules = module_pages(repo)
    banks = sorted(repo.items.get("quiz", {}).items(), key=lambda kv: (kv[1][1]["module"] or 99, kv[0]))
    rows = []
    covered = set()
    for bank_id, (_doc, bank) in banks:
        mod = bank["module"]
        if not mod:
            continue  # module 0: the trainers' demo bank is not part of the course
        covered.add(mod)
        label = modules[mod][1] if mod in modules else f"Học phần {mod}"
        page = quiz_page(repo, bank_id)
        title = esc(bank["title"])
        link = f'<a href="{esc(relative(ctx.page, page))}">{title}</a>' if page else title
        rows.append((mod, (
            f'<tr data-bank="{esc(bank_id)}" data-pass="{bank["pass_mark"]}"><th scope="row">{esc(label)}</th>'
            f"<td>{link}</td>"
            '<td class="qp-status">Chưa có dữ liệu</td>'
            '<td class="qp-score"><span class="qp-bar" aria-hidden="true"><span class="qp-fill"></span>'
            f'<span class="qp-pass" style="left:{bank["pass_mark"]}%"></span></span> <span class="qp-val">—</span></td>'
            '<td class="qp-attempts">—</td></tr>'
        )))
    for mod, (slug, label) in modules.items():
        if mod in covered:
            continue
        page = f"{slug}/tu-kiem-tra.md"
        link = (f'<a href="{esc(relative(ctx.page, page))}">Tự kiểm tra</a>' if page in repo.anchors() else "")
        rows.append((mod, (
            f'<tr class="qp-none"><th scope="row">{esc(label)}</th><td>{link}</td>'
            '<td colspan="3">Bộ câu hỏi đang được biên soạn.</td></tr>'
        )))
    rows.sort(key=lambda r: r[0])
    body = "".join(r[1] for r in rows)
    return (
        '<div class="quiz-progress">'
        '<p class="qp-summary" aria-live="polite">Kết quả được lưu trên trình duyệt này; '
        "cần bật JavaScript để xem.</p>"
        '<div class="md-typeset__table"><table><caption>Kết quả tự kiểm tra theo học phần '
        "(cột chấm dọc là điểm đạt)</caption>"
        '<thead><tr><th scope="col">Học phần</th><th scope="col">Bài tự kiểm tra</th>'
        '<th scope="col">Trạng thái</th><th scope="col">Điểm cao nhất</th><th scope="col">Số lần làm</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
        '<p class="qp-actions" hidden><button type="button" class="md-button qp-clear">Xóa tiến độ học tập</button></p>'
        "</div>"
    )


# ----------------------------------------------------------------- macros
def _bank_arg(name: str, args: tuple, kwargs: dict) -> str:
    if len(args) != 1 or kwargs or not args[0]:
        raise ValueError(f'{name}() cần đúng một mã bộ câu hỏi, ví dụ {name}("sinh-hoat-chi-bo") ({name}() takes one bank id)')
    return str(args[0])


def _quiz_macro(ctx, *args, **kwargs) -> str:
    return render_quiz(ctx, _bank_arg("quiz", args, kwargs))


def _answer_key_macro(ctx, *args, **kwargs) -> str:
    return render_answer_key(ctx, _bank_arg("quiz_answer_key", args, kwargs))


def _key_index_macro(ctx) -> str:
    """Table of banks with links to their answer-key pages (trainers' index)."""
    repo = ctx.repo
    pages = repo.anchors()
    rows = []
    for bank_id, (_doc, bank) in sorted(repo.items.get("quiz", {}).items(), key=lambda kv: (kv[1][1]["module"] or 99, kv[0])):
        key_page = f"giang-vien/dap-an/{bank_id}.md"
        key = (f'<a href="{esc(relative(ctx.page, key_page))}">Đáp án</a>' if key_page in pages
               else "chưa có trang đáp án")
        page = quiz_page(repo, bank_id)
        quiz = f'<a href="{esc(relative(ctx.page, page))}">{esc(bank["title"])}</a>' if page else esc(bank["title"])
        mod = str(bank["module"]) if bank["module"] else "Minh họa"
        rows.append(f"<tr><td>{mod}</td><td>{quiz}</td><td>{len(bank['questions'])}</td><td>{key}</td></tr>")
    return ('<div class="md-typeset__table"><table><thead><tr><th>Học phần</th>'
            "<th>Bộ câu hỏi</th><th>Số câu</th><th>Đáp án</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def _no_arg_macro(name: str, func, ctx, *args, **kwargs) -> str:
    if args or kwargs:
        raise ValueError(f"{name}() không nhận tham số ({name}() takes no arguments)")
    return func(ctx)


def _no_args(name: str, func):
    """A macro that takes no arguments and says so by name when given one."""
    return partial(_no_arg_macro, name, func)


MACROS: dict = {
    "quiz": _quiz_macro,
    "quiz_answer_key": _answer_key_macro,
    "progress_overview": _no_args("progress_overview", render_progress),
    "quiz_key_index": _no_args("quiz_key_index", _key_index_macro),
}
