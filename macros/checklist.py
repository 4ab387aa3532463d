"""Checklists: ``{{ checklist("chuan-bi-sinh-hoat-chi-bo") }}``.

Data: ``data/checklists/<id>.yml`` (schema ``data/schemas/checklist.schema.json``).
Output: real ``<input type=checkbox>`` with labels, grouped in fieldsets. Without
JavaScript the boxes can still be ticked; ``components.js`` adds the counter, the reset
button and persistence through ``SotayStore`` (key ``sotay.checklist.v1``). Printed
pages show empty boxes and no controls (``components.css``).

This module also holds the small helpers the timeline and procedure renderers share
(status notice, "chưa xác minh" badge, source line).
"""

from __future__ import annotations

from .html import esc, md
from .sources import cite

STORE_KEY = "sotay.checklist.v1"

STATUS_NOTICES = {
    "mau": ("Mẫu tham khảo", "Đây là mẫu để chi bộ, cấp ủy tham khảo và điều chỉnh cho phù hợp; khi áp dụng, đối chiếu văn bản gốc của cơ quan có thẩm quyền."),
    "du-thao-mau": ("Mẫu để đơn vị điều chỉnh", "Quy định, thời hạn và tỷ lệ biểu quyết ở đây lấy từ văn bản của Đảng và có ghi căn cứ; giữ nguyên những điểm đó. Trước khi dùng, cấp ủy, chi bộ điền phần văn bản để đơn vị tự quyết: tên đơn vị, người phụ trách từng bước, mẫu giấy tờ, nơi lưu hồ sơ và các mốc nội bộ. Văn bản gốc của cơ quan có thẩm quyền luôn có giá trị cao hơn."),
    "ban-hanh": ("Đã ban hành", "Tài liệu đã được cấp ủy ban hành; bản in ra không được kiểm soát, hãy dùng bản mới nhất trên trang."),
}


# ---------------------------------------------------------------- shared helpers
def dom_id(*parts: str) -> str:
    """An HTML id from content ids (which are already ``[a-z0-9-]`` or ``QT-NN``)."""
    return "-".join(str(p).lower() for p in parts)


def status_notice(status: str, extra: str | None = None) -> str:
    label, text = STATUS_NOTICES.get(status or "mau", STATUS_NOTICES["mau"])
    more = f" {md(extra, inline=True)}" if extra else ""
    return (
        f'<p class="sotay-status sotay-status--{esc(status or "mau")}">'
        f'<strong class="sotay-badge">{esc(label)}</strong> {esc(text)}{more}</p>'
    )


def unverified_badge(flag: bool | str) -> str:
    """The one label a step or item carries when its rule could not be found in a text.

    ``unverified: "chưa tìm được văn bản gốc của …"`` shows that reason; ``true`` shows
    a bare "chưa xác minh" (kept for old content; prefer the reason).
    """
    if not flag:
        return ""
    text = flag if isinstance(flag, str) else "chưa xác minh"
    return f' <span class="sotay-badge sotay-badge--unverified">{esc(text)}</span>'


def sources_html(sources: dict, keys: list[str] | None, page: str) -> str:
    return cite(sources, list(keys), page) if keys else ""


def number_sources(*key_lists) -> dict[str, int]:
    """Number source keys in order of first use: ``{"hd-42-2025": 1, ...}``."""
    numbers: dict[str, int] = {}
    for keys in key_lists:
        for key in keys or []:
            numbers.setdefault(key, len(numbers) + 1)
    return numbers


def source_refs(base: str, numbers: dict[str, int], keys: list[str] | None) -> str:
    """Short "Căn cứ: [1] [3]" links to the numbered notes of a component."""
    if not keys:
        return ""
    links = " ".join(
        f'<a href="#{base}-src-{numbers[k]}"><span class="sotay-visually-hidden">nguồn </span>[{numbers[k]}]</a>'
        for k in keys
    )
    return f'<span class="sotay-refs"><span class="sotay-label">Căn cứ:</span> {links}</span>'


def source_notes(base: str, numbers: dict[str, int], sources: dict, page: str, title: str = "Nguồn, căn cứ") -> str:
    """The numbered list the ``[n]`` links point to (full citations with status)."""
    if not numbers:
        return ""
    items = "".join(f'<li id="{base}-src-{n}">{sources_html(sources, [k], page)}</li>' for k, n in numbers.items())
    heading = f'<p class="sotay-label sotay-sources-title" id="{base}-sources">{esc(title)}</p>' if title else ""
    label = f' aria-labelledby="{base}-sources"' if title else ""
    return f'{heading}<ol class="sotay-sources"{label}>{items}</ol>'


def duplicate_ids(doc, items, path_of, what: str) -> list:
    """Errors for repeated ``id`` values among ``items`` (pairs of (index path, id))."""
    errors, seen = [], {}
    for path, item_id in items:
        if item_id in seen:
            errors.append(doc.error(path, f"mã {what} '{item_id}' bị lặp (duplicate id; first at line {seen[item_id]})", item_id))
        else:
            seen[item_id] = doc.where(path)[0]
    return errors


# ---------------------------------------------------------------- checks
def check(repo, doc) -> list:
    data = doc.data
    items = [
        (("groups", g, "items", i, "id"), item["id"])
        for g, group in enumerate(data["groups"])
        for i, item in enumerate(group["items"])
    ]
    errors = duplicate_ids(doc, items, None, "việc")
    titles = [(("groups", g, "title"), group["title"]) for g, group in enumerate(data["groups"])]
    seen: dict[str, int] = {}
    for path, title in titles:
        key = " ".join(title.split()).casefold()
        if key in seen:
            errors.append(doc.error(path, f"tên nhóm '{title}' bị lặp (duplicate group title; first at line {seen[key]})", data["id"]))
        else:
            seen[key] = doc.where(path)[0]
    return errors


# ---------------------------------------------------------------- rendering
def render(cl: dict, sources: dict, page: str) -> str:
    cid = cl["id"]
    base = dom_id("checklist", cid)
    total = sum(len(g["items"]) for g in cl["groups"])
    # Sources as numbered notes: the checklist's own first, then each item's, in order.
    numbers = number_sources(cl.get("sources"), *[it.get("sources") for g in cl["groups"] for it in g["items"]])
    out = [
        f'<div class="sotay-checklist" id="{base}" data-checklist="{esc(cid)}" data-total="{total}" '
        f'role="group" aria-labelledby="{base}-title">',
        f'<p class="sotay-checklist__title" id="{base}-title"><strong>{esc(cl["title"])}</strong></p>',
        status_notice(cl.get("status", "mau")),
    ]
    if cl.get("description"):
        out.append(f'<div class="sotay-checklist__desc">{md(cl["description"])}</div>')
    if cl.get("notice"):
        out.append(f'<p class="sotay-note">{md(cl["notice"], inline=True)}</p>')
    out.append(
        f'<div class="sotay-checklist__controls" hidden>'
        f'<p class="sotay-checklist__counter" role="status" aria-live="polite" aria-atomic="true">'
        f'Đã đánh dấu <span class="sotay-checklist__count">0/{total}</span> việc</p>'
        f'<button type="button" class="sotay-button sotay-checklist__reset">Bỏ mọi dấu tích</button>'
        f'<p class="sotay-checklist__save" hidden>Trình duyệt này không cho lưu: dấu tích sẽ mất khi tải lại trang.</p>'
        f"</div>"
    )
    for g, group in enumerate(cl["groups"], 1):
        out.append(f'<fieldset class="sotay-checklist__group"><legend>{esc(group["title"])}</legend>')
        if group.get("description"):
            out.append(f'<p class="sotay-checklist__group-desc">{md(group["description"], inline=True)}</p>')
        out.append('<ul class="sotay-checklist__items">')
        for item in group["items"]:
            iid = f"{base}-{item['id']}"
            meta = []
            if item.get("who"):
                meta.append(f'<span class="sotay-checklist__who"><span class="sotay-label">Người thực hiện:</span> {esc(item["who"])}</span>')
            if item.get("note"):
                meta.append(f'<span class="sotay-checklist__note">{md(item["note"], inline=True)}</span>')
            badge = unverified_badge(item.get("unverified", False))
            if item.get("sources"):
                meta.append(source_refs(base, numbers, item["sources"]))
            described = f' aria-describedby="{iid}-meta"' if meta or badge else ""
            out.append(
                f'<li class="sotay-checklist__item">'
                f'<input type="checkbox" id="{iid}" data-item="{esc(item["id"])}"{described}>'
                f'<label for="{iid}">{md(item["text"], inline=True)}</label>'
            )
            if meta or badge:
                out.append(f'<div class="sotay-checklist__meta" id="{iid}-meta">{" ".join(meta)}{badge}</div>')
            out.append("</li>")
        out.append("</ul></fieldset>")
    out.append(source_notes(base, numbers, sources, page))
    out.append("</div>")
    return "\n".join(out)


def _checklist_macro(ctx, checklist_id: str) -> str:
    _doc, data = ctx.repo.get("checklist", str(checklist_id))
    return render(data, ctx.repo.sources, ctx.page)


MACROS = {"checklist": _checklist_macro}
