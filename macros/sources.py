"""Citations ("Căn cứ") and the generated register of sources ("Văn bản tham khảo")."""

from __future__ import annotations

import re

from .html import esc
from .links import relative

REGISTER_PAGE = "van-ban-tham-khao.md"

KIND_LABELS = {
    "dieu-le": "Điều lệ Đảng",
    "quy-dinh": "Quy định",
    "huong-dan": "Hướng dẫn",
    "nghi-quyet": "Nghị quyết",
    "chi-thi": "Chỉ thị",
    "ket-luan": "Kết luận",
    "quyet-dinh": "Quyết định",
    "cong-van": "Công văn",
    "luat": "Luật",
    "tieu-chuan": "Tiêu chuẩn",
    "bai-viet": "Bài viết nguồn",
}
STATUS_LABELS = {
    "current": "Đang có hiệu lực",
    "replaced": "Đã được thay thế",
    "unconfirmed": "Chưa xác minh",
    "reference": "Tài liệu tham khảo",
}
CONFIDENCE_LABELS = {"high": "cao", "medium": "trung bình", "unconfirmed": "chưa xác minh"}


def format_date(value: str | None) -> str:
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2]):02d}/{int(parts[1]):02d}/{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1]):02d}/{parts[0]}"
    return parts[0]


def short_name(src: dict) -> str:
    """E.g. "Quy định 294-QĐ/TW (26/05/2025)" or an article's title."""
    if src["kind"] == "bai-viet":
        name = src["title"]
    elif src.get("number"):
        name = f"{KIND_LABELS[src['kind']]} {src['number']}"
    else:
        name = src["title"]
    date = format_date(src.get("date"))
    return f"{name} ({date})" if date else name


KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_cite_args(args: tuple | list) -> list[tuple[str, str | None]]:
    """``("qd-22-2021", "Điều 15.1", "hd-06-2025")`` -> [(key, locator), (key, None)].

    An argument that is not shaped like a source key is the article (locator) of the
    key before it; a locator with no key before it is an error.
    """
    pairs: list[tuple[str, str | None]] = []
    for arg in args:
        if not isinstance(arg, str):
            raise ValueError(f"tham số phải là chuỗi, nhận {type(arg).__name__} (argument must be a string)")
        text = arg.strip()
        if KEY_PATTERN.match(text):
            pairs.append((text, None))
        elif not text:
            raise ValueError("điều khoản trống (empty article)")
        elif not pairs:
            raise ValueError(f"điều khoản '{text}' phải đứng sau mã nguồn (article must follow a source key)")
        elif pairs[-1][1] is not None:
            raise ValueError(f"nguồn '{pairs[-1][0]}' đã có điều khoản '{pairs[-1][1]}' (one article per key; repeat the key)")
        else:
            pairs[-1] = (pairs[-1][0], text)
    return pairs


def cite(sources: dict, keys: list, page: str) -> str:
    """Inline "Căn cứ" reference; replaced or unconfirmed documents say so.

    ``keys`` holds source keys, each optionally paired with its article:
    ``["qd-294-2025", ("qd-22-2021", "Điều 15.1")]``.
    """
    parts = []
    for item in keys:
        key, locator = (item, None) if isinstance(item, str) else item
        src = sources[key]
        href = relative(page, f"{REGISTER_PAGE}#{key}")
        label = esc(short_name(src))
        where = f' <span class="cite-locator">{esc(locator)}</span>' if locator else ""
        note = ""
        if src["status"] == "replaced":
            new = sources.get(src.get("replaced_by", ""))
            note = f" — đã được thay thế bởi {esc(short_name(new))}" if new else " — đã được thay thế"
        elif src["status"] == "unconfirmed" or src["confidence"] == "unconfirmed":
            note = " — chưa xác minh"
        parts.append(f'<a class="cite-ref" href="{href}">{label}</a>{where}{note}')
    return '<span class="cite"><span class="cite-label">Căn cứ:</span> ' + "; ".join(parts) + "</span>"


def register(sources: dict, page: str, checked: str | None = None) -> str:
    """The whole register, grouped by kind, with status and confidence shown."""
    out = []
    if checked:
        out.append(f'<p class="register-checked">Danh mục được rà soát đến tháng {esc(checked)}.</p>')
    for kind, label in KIND_LABELS.items():
        rows = [s for s in sources.values() if s["kind"] == kind]
        if not rows:
            continue
        rows.sort(key=lambda s: (s.get("date") or "", s["key"]), reverse=True)
        out.append(f'<h2 id="nhom-{kind}">{esc(label)}</h2>')
        # Material wraps only class-less tables; the register gets the same scroll box so
        # that a phone scrolls the table, not the page.
        out.append('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                   '<table class="register"><thead><tr>'
                   "<th>Văn bản</th><th>Cơ quan ban hành</th><th>Trạng thái</th><th>Độ tin cậy</th>"
                   "</tr></thead><tbody>")
        for s in rows:
            status = STATUS_LABELS[s["status"]]
            if s["status"] == "replaced" and s.get("replaced_by") in sources:
                new = s["replaced_by"]
                status += f' bởi <a href="#{esc(new)}">{esc(short_name(sources[new]))}</a>'
            title = esc(short_name(s))
            extra = f"<br><small>{esc(s['title'])}</small>" if s["kind"] != "bai-viet" else ""
            if s.get("effective"):
                extra += f"<br><small>Hiệu lực từ {format_date(s['effective'])}</small>"
            if s.get("note"):
                extra += f"<br><small>{esc(s['note'])}</small>"
            extra += evidence_html(s.get("evidence") or [])
            out.append(
                f'<tr id="{esc(s["key"])}" class="status-{s["status"]}">'
                f"<td><strong>{title}</strong>{extra}<br><code>{esc(s['key'])}</code></td>"
                f"<td>{esc(s.get('issuer', ''))}</td>"
                f'<td><span class="status-badge">{status}</span></td>'
                f"<td>{_confidence(s)}</td></tr>"
            )
        out.append("</tbody></table></div></div>")
    return "\n".join(out)


def evidence_html(items: list[dict]) -> str:
    """The pages read to confirm a document, as a collapsible list under its register row."""
    if not items:
        return ""
    rows = []
    for ev in items:
        bits = [f'<a href="{esc(ev["url"])}" rel="noopener">{esc(ev["publisher"])}</a>']
        if ev.get("locator"):
            bits.append(esc(ev["locator"]))
        if ev.get("quote"):
            bits.append(f"<q>{esc(ev['quote'])}</q>")
        bits.append(f"đọc ngày {format_date(ev['read'])}")
        rows.append("<li>" + "; ".join(bits) + "</li>")
    n = len(items)
    return (f'<details class="evidence"><summary>Bằng chứng đối chiếu ({n})</summary>'
            f'<ul>{"".join(rows)}</ul></details>')


def _confidence(s: dict) -> str:
    """The confidence cell; an unconfirmed row already says so in its status cell."""
    if s["status"] == "unconfirmed" and s["confidence"] == "unconfirmed":
        return "—"
    return CONFIDENCE_LABELS[s["confidence"]]


def _cite_macro(ctx, *args: str) -> str:
    if not args:
        raise KeyError("cite() cần ít nhất một mã nguồn (cite() needs at least one source key)")
    pairs = parse_cite_args(args)
    sources = ctx.repo.sources
    unknown = [k for k, _ in pairs if k not in sources]
    if unknown:
        raise KeyError(f"nguồn không có trong data/sources.yml (unknown source key): {', '.join(unknown)}")
    return cite(sources, pairs, ctx.page)


def _register_macro(ctx) -> str:
    docs = ctx.repo.documents.get("sources") or []
    checked = docs[0].data.get("checked") if docs else None
    return register(ctx.repo.sources, ctx.page, checked)


MACROS = {"cite": _cite_macro, "sources_register": _register_macro}

MAX_QUOTE_WORDS = 30


def check(repo, doc) -> list:
    """Semantic checks of data/sources.yml beyond its schema."""
    import datetime
    from urllib.parse import urlsplit

    errors = []
    seen: dict[str, int] = {}
    entries = doc.data["sources"]
    keys = {s["key"] for s in entries}
    for i, s in enumerate(entries):
        key = s["key"]
        if key in seen:
            first = doc.where(("sources", seen[key], "key"))[0]
            errors.append(doc.error(("sources", i, "key"), f"mã nguồn '{key}' bị lặp (duplicate source key; first at line {first})", key))
        else:
            seen[key] = i
        target = s.get("replaced_by")
        if target is not None and (target == key or target not in keys):
            why = "trỏ về chính nó (points to itself)" if target == key else f"'{target}' không có trong danh mục (unknown key)"
            errors.append(doc.error(("sources", i, "replaced_by"), f"replaced_by {why}", key))
        for field in ("date", "effective"):
            if s.get(field) and not _real_date(s[field]):
                errors.append(doc.error(("sources", i, field), f"ngày không có thật (impossible date): {s[field]}", key))
        for j, ev in enumerate(s.get("evidence") or []):
            at = ("sources", i, "evidence", j)
            parts = urlsplit(ev["url"])
            if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
                errors.append(doc.error(at + ("url",), f"địa chỉ không hợp lệ (invalid URL): {ev['url']}", key))
            if not _real_date(ev["read"]):
                errors.append(doc.error(at + ("read",), f"ngày đọc không có thật (impossible date): {ev['read']}", key))
            elif datetime.date.fromisoformat(ev["read"]) > datetime.date.today():
                errors.append(doc.error(at + ("read",), f"ngày đọc ở tương lai (read date in the future): {ev['read']}", key))
            words = len((ev.get("quote") or "").split())
            if words > MAX_QUOTE_WORDS:
                errors.append(doc.error(at + ("quote",), f"đoạn trích dài {words} từ, tối đa {MAX_QUOTE_WORDS} (quote too long)", key))
    return errors


def _real_date(value: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a day that exists."""
    import datetime

    parts = [int(x) for x in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


# Words that show a sentence already says a document is no longer current.
_REPLACED_MARKERS = ("thay thế", "thay cho", "trước đây", "hết hiệu lực", "đã bị", "văn bản cũ",
                     "bãi bỏ", "sửa đổi", "kế thừa", "trước năm", "thời điểm")


def replaced_mentions(markdown: str, sources: dict) -> list[tuple[int, str, str]]:
    """Lines that name a replaced document without saying it was replaced.

    Returns (line number, document number, replacement) for each such mention, so the
    build can warn. A mention counts as explained when its paragraph uses a marker
    such as "thay thế" or "trước đây", or names the replacement document too.
    """
    replaced = {
        s["number"]: s for s in sources.values()
        if s["status"] == "replaced" and s.get("number")
    }
    if not replaced:
        return []
    lines = markdown.splitlines()
    # Paragraph (blank-line separated block) of each line, lower-cased.
    paragraphs, start = {}, 0
    for i in range(len(lines) + 1):
        if i == len(lines) or not lines[i].strip():
            block = " ".join(lines[start:i]).lower()
            for j in range(start, i):
                paragraphs[j] = block
            start = i + 1
    found = []
    for i, line in enumerate(lines):
        for number, src in replaced.items():
            if not _mentions(line, number):
                continue
            block = paragraphs.get(i, line.lower())
            new = sources.get(src.get("replaced_by", ""), {})
            if any(m in block for m in _REPLACED_MARKERS):
                continue
            if new.get("number") and _mentions(block, new["number"].lower()):
                continue
            found.append((i + 1, number, new.get("number") or src.get("replaced_by", "")))
    return found


def _mentions(text: str, number: str) -> bool:
    import re

    return re.search(r"(?<![\w-])" + re.escape(number) + r"(?!\w)", text, flags=re.IGNORECASE) is not None
