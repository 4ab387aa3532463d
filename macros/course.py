"""Course-level blocks shown on every module page (notice, update date, study time)."""

from __future__ import annotations

from .html import esc
from .links import relative

NOTICE = (
    "Tài liệu này là tài liệu bồi dưỡng, hỗ trợ học tập. Khi áp dụng, hãy đối chiếu và "
    "thực hiện theo văn bản gốc của cơ quan có thẩm quyền; văn bản gốc luôn có giá trị cao hơn."
)


def module_intro(meta: dict, pdf: str | None = None, worksheet: str | None = None) -> str:
    """Box at the top of a module: updated-to date, study time, the notice and print links.

    ``pdf``/``worksheet``: relative URLs of the printed handout and worksheet
    (written by ``make handouts`` into ``ban-in/``)."""
    rows = []
    if meta.get("updated"):
        rows.append(f"<li><strong>Cập nhật theo văn bản đến:</strong> {esc(meta['updated'])}</li>")
    if meta.get("study_time"):
        rows.append(f"<li><strong>Thời gian học dự kiến:</strong> {esc(meta['study_time'])}</li>")
    items = "".join(rows)
    links = []
    if pdf:
        links.append(f'<a href="{esc(pdf)}" type="application/pdf">Tải bản in (PDF)</a>')
    if worksheet:
        links.append(f'<a href="{esc(worksheet)}" type="application/pdf">Phiếu bài tập (PDF)</a>')
    print_links = f'<p class="handout-link">{" · ".join(links)}</p>' if links else ""
    return (
        '<div class="admonition info module-intro"><p class="admonition-title">Thông tin học phần</p>'
        f"<ul>{items}</ul><p>{NOTICE}</p>{print_links}</div>"
    )


def _intro_macro(ctx) -> str:
    if not ctx.meta.get("updated"):
        raise KeyError("trang học phần cần khai báo 'updated' (ví dụ updated: \"11/2026\") trong phần đầu trang (front matter)")
    # Handouts are named after the module folder (see macros/handouts/catalog.py).
    number = ctx.meta.get("module")
    is_module = isinstance(number, int) and not isinstance(number, bool) and number >= 1
    slug = ctx.page.rsplit("/", 1)[0] if "/" in ctx.page and is_module else None
    pdf = relative(ctx.page, f"ban-in/{slug}.pdf") if slug else None
    has_bank = slug is not None and slug in ctx.repo.items.get("quiz", {})
    worksheet = relative(ctx.page, f"ban-in/phieu-bai-tap-{slug}.pdf") if has_bank else None
    return module_intro(ctx.meta, pdf, worksheet)


MACROS = {"module_intro": _intro_macro}
