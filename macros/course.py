"""Course-level blocks shown on every module page (notice, update date, study time)."""

from __future__ import annotations

from .html import esc

NOTICE = (
    "Tài liệu này là tài liệu bồi dưỡng, hỗ trợ học tập. Khi áp dụng, hãy đối chiếu và "
    "thực hiện theo văn bản gốc của cơ quan có thẩm quyền; văn bản gốc luôn có giá trị cao hơn."
)


def module_intro(meta: dict) -> str:
    """Box at the top of a module: updated-to date, study time and the notice."""
    rows = []
    if meta.get("updated"):
        rows.append(f"<li><strong>Cập nhật theo văn bản đến:</strong> {esc(meta['updated'])}</li>")
    if meta.get("study_time"):
        rows.append(f"<li><strong>Thời gian học dự kiến:</strong> {esc(meta['study_time'])}</li>")
    items = "".join(rows)
    return (
        '<div class="admonition info module-intro"><p class="admonition-title">Thông tin học phần</p>'
        f"<ul>{items}</ul><p>{NOTICE}</p></div>"
    )


def _intro_macro(ctx) -> str:
    if not ctx.meta.get("updated"):
        raise KeyError("trang học phần cần khai báo 'updated' (ví dụ updated: \"11/2026\") trong phần đầu trang (front matter)")
    return module_intro(ctx.meta)


MACROS = {"module_intro": _intro_macro}
