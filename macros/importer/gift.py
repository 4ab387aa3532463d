"""Moodle GIFT -> quiz bank. Reads what ``macros.lms.gift`` writes, and plain GIFT.

Every problem is reported as ``file:line: reason``. What GIFT cannot carry (points,
combined feedback of matching/ordering, a bank's description) comes back as notes; the
review link, sources and the bank's module and pass mark travel in the comments the
exporter writes (``[review:…] [sources:…]``), so our own exports import completely.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..lms.common import ORDERING_HINT, ordering_position, read_tags, unit_html
from ..text import fold
from .common import ImportFailed, Imported, bank_settings, canonical, from_html, locator, nfc

SPECIALS = "~=#{}:\\"


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _find(text: str, chars: str, start: int = 0) -> int:
    """Index of the first unescaped character of ``chars`` from ``start``, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            return i
        i += 1
    return -1


def _split_answers(body: str) -> tuple[list[tuple[str, str]], str | None]:
    """Answer block -> [(marker, raw text incl. feedback)], general feedback (raw)."""
    general = None
    i = 0
    # General feedback: an unescaped "####".
    j = 0
    while True:
        j = _find(body, "#", j)
        if j < 0:
            break
        if body.startswith("####", j):
            general = body[j + 4:]
            body = body[:j]
            break
        j += 1
    answers: list[tuple[str, str]] = []
    i = _find(body, "=~")
    while i >= 0:
        nxt = _find(body, "=~", i + 1)
        # "->" in matching answers holds no "=" or "~"; an escaped one is skipped by _find.
        answers.append((body[i], body[i + 1: nxt if nxt >= 0 else len(body)].strip()))
        i = nxt
    return answers, general


def _text_fb(raw: str) -> tuple[str, str]:
    k = _find(raw, "#")
    if k < 0:
        return unescape(raw.strip()), ""
    return unescape(raw[:k].strip()), unescape(raw[k + 1:].strip())


WEIGHT = re.compile(r"^%(-?[\d.]+)%")


def parse_gift(text: str, name: str, bank_id: str | None = None, defaults: dict | None = None):
    """GIFT text -> (Imported, locate); raises ImportFailed listing every problem."""
    defaults = defaults or {}
    problems: list[str] = []
    notes: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    bank_meta: dict = {}
    header: list[str] = []
    comment_tags: dict = {}
    category = None
    blocks: list[tuple[int, str, dict]] = []  # (first line, question text, tags)
    cur: list[str] = []
    start = 0
    depth = 0
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not cur:
            if not s:
                continue
            if s.startswith("//"):
                tags = read_tags(s)
                if "bank" in tags:
                    bank_meta.update(tags)
                elif tags:
                    comment_tags = tags
                elif not blocks and not comment_tags:
                    header.append(s[2:].strip())
                continue
            if s.startswith("$CATEGORY:"):
                category = s.split(":", 1)[1].strip()
                continue
            start = n
        cur.append(line)
        # A question ends at the "}" that closes its answer block.
        k = 0
        while True:
            k = _find(line, "{}", k)
            if k < 0:
                break
            depth += 1 if line[k] == "{" else -1
            k += 1
        if depth <= 0 and _find("\n".join(cur), "{") >= 0:
            blocks.append((start, "\n".join(cur), comment_tags))
            cur, comment_tags, depth = [], {}, 0
    if cur:
        problems.append(f"{name}:{start}: câu hỏi chưa đóng bằng dấu }} (unterminated question)")

    questions: list[dict] = []
    locs: dict[tuple, str] = {}
    for start, block, tags in blocks:
        i = len(questions)
        locs[("questions", i)] = f"{name}:{start}"
        q = _question(block, tags, f"{name}:{start}", problems, notes, defaults)
        if q is not None:
            questions.append(q)

    bid = bank_id or bank_meta.get("bank") or Path(name).stem
    bank: dict = {"id": bid}
    title = header[0] if header else (category.rsplit("/", 1)[-1] if category else "")
    if not title:
        problems.append(f"{name}:1: không tìm thấy tiêu đề bộ câu hỏi (no title: first comment line or $CATEGORY)")
    bank["title"] = title
    bank_settings(bank, bank_meta, defaults, name, problems, tag_hint=True)
    notes.append("GIFT không chứa lời dẫn (description) của bộ câu hỏi và điểm từng câu (points): dùng giá trị mặc định")
    if problems:
        raise ImportFailed(problems)
    bank["questions"] = questions
    bank = canonical(nfc(bank))

    return Imported(bank, notes), locator(locs, f"{name}:1")


def _question(block: str, tags: dict, where: str, problems: list[str], notes: list[str], defaults: dict) -> dict | None:
    s = block.strip()
    qid = None
    if s.startswith("::"):
        end = s.find("::", 2)
        while end > 0 and s[end - 1] == "\\":
            end = s.find("::", end + 1)
        if end < 0:
            problems.append(f"{where}: thiếu '::' đóng tên câu hỏi (unterminated title)")
            return None
        qid = unescape(s[2:end]).strip()
        s = s[end + 2:]
    fmt = re.match(r"^\[(html|markdown|plain|moodle)\]", s)
    if fmt:
        s = s[fmt.end():]
    open_ = _find(s, "{")
    close = len(s) - 1 - s[::-1].find("}")
    if open_ < 0 or s[close] != "}":
        problems.append(f"{where}: không có khối đáp án {{…}} (no answer block)")
        return None
    if s[close + 1:].strip():
        problems.append(f"{where}: có chữ sau khối đáp án (text after the answer block: cloze questions are not supported)")
        return None
    stem_html = unescape(s[:open_]).strip()
    body = s[open_ + 1: close].strip()
    qid = tags.get("id") or qid
    if not qid:
        problems.append(f"{where}: câu hỏi không có tên '::mã::' (question without a name)")
        return None
    q: dict = {"id": qid}
    numeric = body.startswith("#")
    if numeric:
        body = body[1:]
    answers, general = _split_answers(body)
    explanation = from_html(unescape(general.strip())) if general is not None else ""
    tf = re.match(r"^(TRUE|FALSE|T|F)\b", body.strip())

    if tf and not answers:
        q["type"] = "true_false"
        q["answer"] = tf.group(1).startswith("T")
        rest = body.strip()[len(tf.group(1)):]
        parts = []
        k = _find(rest, "#")
        while k >= 0 and not rest.startswith("####", k):
            nxt = _find(rest, "#", k + 1)
            parts.append(rest[k + 1: nxt if nxt >= 0 else len(rest)])
            k = nxt
        fb = {}
        if parts and parts[0].strip():
            fb["incorrect"] = from_html(unescape(parts[0].strip()))
        if len(parts) > 1 and parts[1].strip():
            fb["correct"] = from_html(unescape(parts[1].strip()))
        if fb:
            q["feedback"] = fb
    elif numeric:
        q["type"] = "numeric"
        fb = {}
        if not answers:  # plain "{#3:0}" without a "=" marker
            k = body.find("####")
            answers = [("=", body[: k if k >= 0 else len(body)].strip())]
        for mark, raw in answers:
            val, feedback = _text_fb(raw)
            if mark == "=" and "answer" not in q:
                num, _, tol = val.partition(":")
                try:
                    q["answer"] = _num(num)
                    if tol and _num(tol) != 0:
                        q["tolerance"] = _num(tol)
                except ValueError:
                    problems.append(f"{where}: đáp án số không đọc được (invalid number): {val!r}")
                if feedback:
                    fb["correct"] = from_html(feedback)
            elif mark == "~" and feedback:
                fb["incorrect"] = from_html(feedback)
        unit = re.search(r"<p><em>Đơn vị tính: (.*?)</em></p>$", stem_html)
        if unit and stem_html.endswith(unit_html(_html_unescape(unit.group(1)))):
            q["unit"] = _html_unescape(unit.group(1))
            stem_html = stem_html[: unit.start()]
        if fb:
            q["feedback"] = fb
    elif answers and all(m == "=" and "->" in raw for m, raw in answers):
        pairs, distractors = [], []
        for _, raw in answers:
            left, _, right = raw.partition("->")
            left, right = unescape(left.strip()), unescape(right.strip())
            if left:
                pairs.append({"left": from_html(left, inline=True), "right": right})
            else:
                distractors.append(right)
        rights = [p["right"] for p in pairs]
        if stem_html.endswith(ORDERING_HINT) and not distractors and rights == [ordering_position(k) for k in range(1, len(rights) + 1)]:
            q["type"] = "ordering"
            stem_html = stem_html[: -len(ORDERING_HINT)]
            q["items"] = [p["left"] for p in pairs]
        else:
            q["type"] = "matching"
            q["pairs"] = pairs
            if distractors:
                q["distractors"] = distractors
        notes.append(f"{where}: {qid}: phản hồi khi đúng/sai của câu {q['type']} không có trong GIFT (not carried)")
    elif answers and all(m == "=" for m, _ in answers):
        q["type"] = "short_text"
        accepted, fb = [], {}
        for _, raw in answers:
            val, feedback = _text_fb(raw)
            if val == "%0%*":
                if feedback:
                    fb["incorrect"] = from_html(feedback)
                continue
            accepted.append(val.replace("\\*", "*"))
            if feedback and "correct" not in fb:
                fb["correct"] = from_html(feedback)
        # The exporter adds unaccented forms for ignore_diacritics: recognise and fold back.
        for cut in range(1, len(accepted)):
            head = accepted[:cut]
            extra = []
            for a in head:
                if fold(a) not in head and fold(a) not in extra:
                    extra.append(fold(a))
            if extra and head + extra == accepted:
                accepted = head
                q["ignore_diacritics"] = True
                break
        q["answers"] = accepted
        if fb:
            q["feedback"] = fb
    elif answers:
        weighted = [WEIGHT.match(raw) for _, raw in answers]
        opts = []
        if any(weighted):
            q["type"] = "multiple"
            weights = []
            for (_, raw), w in zip(answers, weighted):
                body_text = raw[w.end():] if w else raw
                weights.append(float(w.group(1)) if w else 0.0)
                val, feedback = _text_fb(body_text)
                o = {"text": from_html(val, inline=True)}
                if weights[-1] > 0:
                    o["correct"] = True
                if feedback:
                    o["feedback"] = from_html(feedback)
                opts.append(o)
            wrong = [w for w in weights if w <= 0]
            k = sum(1 for w in weights if w > 0)
            q["scoring"] = "all_or_nothing" if all(abs(w + 100) < 1e-3 for w in wrong) and k > 1 else "partial"
            if k == 1:
                q["scoring"] = defaults.get("scoring") or "all_or_nothing"
                notes.append(f"{where}: {qid}: một đáp án đúng, trọng số không phân biệt all_or_nothing/partial: chọn {q['scoring']}")
        else:
            q["type"] = "single"
            for mark, raw in answers:
                val, feedback = _text_fb(raw)
                o = {"text": from_html(val, inline=True)}
                if mark == "=":
                    o["correct"] = True
                if feedback:
                    o["feedback"] = from_html(feedback)
                opts.append(o)
        q["options"] = opts
    else:
        problems.append(f"{where}: {qid}: dạng câu hỏi GIFT không nhận ra được (unsupported GIFT question: essay or description)")
        return None

    q["prompt"] = from_html(stem_html)
    q["explanation"] = explanation
    if not explanation:
        problems.append(f"{where}: {qid}: thiếu giải thích '####…' (general feedback is the explanation, required)")
    review = tags.get("review") or defaults.get("review")
    sources = [x for x in (tags.get("sources") or defaults.get("sources") or "").split(",") if x]
    if not review:
        problems.append(f"{where}: {qid}: thiếu mục ôn tập; thêm '[review:trang.md#muc]' vào dòng chú thích trước câu "
                        "hoặc dùng --review (missing review link)")
    if not sources:
        problems.append(f"{where}: {qid}: thiếu nguồn; thêm '[sources:ma-nguon]' vào dòng chú thích trước câu "
                        "hoặc dùng --sources (missing sources)")
    q["review"] = review or ""
    q["sources"] = sources
    return q


def _num(text: str):
    v = float(text.strip())
    return int(v) if v.is_integer() and "." not in text else v


def _html_unescape(text: str) -> str:
    import html

    return html.unescape(text)
