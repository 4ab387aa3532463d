"""Moodle XML -> quiz bank. Reads what ``macros.lms.moodle_xml`` writes, and Moodle's own files.

Problems are reported as ``file:line: reason`` (the line of the ``<question>``). The review
link, sources and the bank's module and pass mark travel in the comments the exporter
writes before each question; Moodle's own exports lack them (use --review/--sources,
--module/--pass-mark).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..lms.common import read_tags, unit_html
from ..text import fold
from .common import ImportFailed, Imported, bank_settings, canonical, from_html, locator, nfc

KINDS = {"multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering"}


def _t(el, path: str) -> str:
    node = el.find(path)
    return (node.text or "") if node is not None else ""


def parse_xml(data: bytes, name: str, bank_id: str | None = None, defaults: dict | None = None):
    defaults = defaults or {}
    problems: list[str] = []
    notes: list[str] = []
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True))
    except etree.XMLSyntaxError as exc:
        raise ImportFailed([f"{name}:{exc.lineno or 1}: tệp XML không hợp lệ (invalid XML): {exc.msg}"]) from None
    if root.tag != "quiz":
        raise ImportFailed([f"{name}:{root.sourceline}: phần tử gốc phải là <quiz> (not a Moodle XML question file)"])
    bank_meta: dict = {}
    title = ""
    description = ""
    questions: list[dict] = []
    locs: dict[tuple, str] = {}
    tags: dict = {}
    shuffle_opts: set[bool] = set()
    for el in root:
        if isinstance(el, etree._Comment):
            t = read_tags(el.text or "")
            if "bank" in t:
                bank_meta.update(t)
                m = re.match(r"\s*[^:]+:\s*(.*?)\s*\(quizzes/", el.text or "")
                if m:
                    title = m.group(1)
            else:
                tags = t
            continue
        if el.tag != "question":
            continue
        where = f"{name}:{el.sourceline}"
        kind = el.get("type")
        if kind == "category":
            if not title:
                title = _t(el, "category/text").rsplit("/", 1)[-1]
            info = _t(el, "info/text")
            if info.strip():
                description = from_html(info)
            continue
        if kind not in KINDS:
            problems.append(f"{where}: dạng câu hỏi Moodle '{kind}' không nhập được (unsupported question type)")
            tags = {}
            continue
        i = len(questions)
        locs[("questions", i)] = where
        q = _question(el, kind, tags, where, problems, notes, defaults, shuffle_opts)
        tags = {}
        if q is not None:
            questions.append(q)

    bank: dict = {"id": bank_id or bank_meta.get("bank") or Path(name).stem, "title": title}
    if not title:
        problems.append(f"{name}:1: không tìm thấy tiêu đề bộ câu hỏi (no title)")
    if not bank_settings(bank, bank_meta, defaults, name, problems) and shuffle_opts == {False}:
        bank["shuffle"] = {"options": False}
    if description:
        bank["description"] = description
    if not questions and not problems:
        problems.append(f"{name}:1: không có câu hỏi nào (no questions)")
    if problems:
        raise ImportFailed(problems)
    bank["questions"] = questions
    bank = canonical(nfc(bank))

    return Imported(bank, notes), locator(locs, f"{name}:1")


def _html(el, path: str, inline: bool = False) -> str:
    return from_html(_t(el, path), inline)


def _combined(el) -> dict:
    fb = {}
    if _t(el, "correctfeedback/text").strip():
        fb["correct"] = _html(el, "correctfeedback/text")
    if _t(el, "incorrectfeedback/text").strip():
        fb["incorrect"] = _html(el, "incorrectfeedback/text")
    return fb


def _question(el, kind: str, tags: dict, where: str, problems, notes, defaults, shuffle_opts) -> dict | None:
    qid = (_t(el, "idnumber") or tags.get("id") or _t(el, "name/text")).strip()
    if not qid:
        problems.append(f"{where}: câu hỏi không có tên (question without a name)")
        return None
    q: dict = {"id": qid}
    stem = _t(el, "questiontext/text").strip()
    try:
        points = float(_t(el, "defaultgrade") or 1)
        if points != 1:
            q["points"] = int(points) if points.is_integer() else points
    except ValueError:
        problems.append(f"{where}: defaultgrade không phải số (invalid defaultgrade)")
    answers = el.findall("answer")

    def frac(a) -> float:
        try:
            return float(a.get("fraction", "0"))
        except ValueError:
            problems.append(f"{where}: fraction không phải số (invalid fraction)")
            return 0.0

    if kind == "multichoice":
        single = _t(el, "single").strip().lower() in ("true", "1")
        shuffle_opts.add(_t(el, "shuffleanswers").strip().lower() in ("true", "1"))
        q["type"] = "single" if single else "multiple"
        opts, weights = [], []
        for a in answers:
            w = frac(a)
            weights.append(w)
            o = {"text": _html(a, "text", inline=True)}
            if w > 0:
                o["correct"] = True
            if _t(a, "feedback/text").strip():
                o["feedback"] = _html(a, "feedback/text")
            opts.append(o)
        q["options"] = opts
        if not single:
            wrong = [w for w in weights if w <= 0]
            k = sum(1 for w in weights if w > 0)
            q["scoring"] = "all_or_nothing" if k > 1 and all(abs(w + 100) < 1e-3 for w in wrong) else "partial"
            if k == 1:
                q["scoring"] = defaults.get("scoring") or "all_or_nothing"
                notes.append(f"{where}: {qid}: một đáp án đúng, trọng số không phân biệt all_or_nothing/partial: chọn {q['scoring']}")
    elif kind == "truefalse":
        q["type"] = "true_false"
        by = {(_t(a, "text").strip().lower()): a for a in answers}
        if "true" not in by or "false" not in by:
            problems.append(f"{where}: {qid}: câu đúng/sai cần hai đáp án true và false (truefalse needs true and false)")
            return None
        truth = frac(by["true"]) > 0
        q["answer"] = truth
        right, wrong = (by["true"], by["false"]) if truth else (by["false"], by["true"])
        fb = {}
        if _t(right, "feedback/text").strip():
            fb["correct"] = _html(right, "feedback/text")
        if _t(wrong, "feedback/text").strip():
            fb["incorrect"] = _html(wrong, "feedback/text")
        if fb:
            q["feedback"] = fb
    elif kind == "shortanswer":
        q["type"] = "short_text"
        accepted, fb = [], {}
        for a in answers:
            text = _t(a, "text").strip()
            if frac(a) <= 0 and text == "*":
                if _t(a, "feedback/text").strip():
                    fb["incorrect"] = _html(a, "feedback/text")
                continue
            if frac(a) <= 0:
                notes.append(f"{where}: {qid}: đáp án 0% '{text}' bị bỏ (zero-credit answer dropped)")
                continue
            accepted.append(text.replace("\\*", "*"))
            if _t(a, "feedback/text").strip() and "correct" not in fb:
                fb["correct"] = _html(a, "feedback/text")
        for cut in range(1, len(accepted)):
            head, extra = accepted[:cut], []
            for x in head:
                if fold(x) not in head and fold(x) not in extra:
                    extra.append(fold(x))
            if extra and head + extra == accepted:
                accepted = head
                q["ignore_diacritics"] = True
                break
        q["answers"] = accepted
        if fb:
            q["feedback"] = fb
    elif kind == "numerical":
        q["type"] = "numeric"
        fb = {}
        for a in answers:
            text = _t(a, "text").strip()
            if frac(a) > 0 and "answer" not in q:
                try:
                    v = float(text)
                    q["answer"] = int(v) if v.is_integer() and "." not in text else v
                    tol = float(_t(a, "tolerance") or 0)
                    if tol:
                        q["tolerance"] = int(tol) if tol.is_integer() and "." not in _t(a, "tolerance") else tol
                except ValueError:
                    problems.append(f"{where}: {qid}: đáp án số không đọc được (invalid number): {text!r}")
                if _t(a, "feedback/text").strip():
                    fb["correct"] = _html(a, "feedback/text")
            elif text == "*" and _t(a, "feedback/text").strip():
                fb["incorrect"] = _html(a, "feedback/text")
        m = re.search(r"<p><em>Đơn vị tính: (.*?)</em></p>$", stem)
        if m:
            import html

            unit = html.unescape(m.group(1))
            if stem.endswith(unit_html(unit)):
                q["unit"] = unit
                stem = stem[: m.start()]
        if fb:
            q["feedback"] = fb
    elif kind == "matching":
        q["type"] = "matching"
        pairs, distractors = [], []
        for sq in el.findall("subquestion"):
            left = _t(sq, "text").strip()
            right = _t(sq, "answer/text").strip()
            if left:
                pairs.append({"left": from_html(left, inline=True), "right": right})
            else:
                distractors.append(right)
        q["pairs"] = pairs
        if distractors:
            q["distractors"] = distractors
        if _combined(el):
            q["feedback"] = _combined(el)
    elif kind == "ordering":
        q["type"] = "ordering"
        ranked = sorted(answers, key=frac)
        q["items"] = [_html(a, "text", inline=True) for a in ranked]
        if _combined(el):
            q["feedback"] = _combined(el)

    q["prompt"] = from_html(stem)
    q["explanation"] = _html(el, "generalfeedback/text")
    if not q["explanation"]:
        problems.append(f"{where}: {qid}: thiếu giải thích (generalfeedback is the explanation, required)")
    review = tags.get("review") or defaults.get("review")
    sources = [x for x in (tags.get("sources") or defaults.get("sources") or "").split(",") if x]
    if not review:
        problems.append(f"{where}: {qid}: thiếu mục ôn tập (missing review link); dùng --review trang.md#muc")
    if not sources:
        problems.append(f"{where}: {qid}: thiếu nguồn (missing sources); dùng --sources ma-nguon")
    q["review"] = review or ""
    q["sources"] = sources
    return q
