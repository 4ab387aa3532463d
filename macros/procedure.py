"""Placeholder: the procedure kind (replaced by its issue's implementation)."""

from __future__ import annotations

from .html import esc


def check(repo, doc) -> list:
    return []


def _placeholder(name):
    def macro(ctx, *args, **kwargs):
        label = esc(", ".join(map(str, args)))
        return f'<div class="admonition note"><p>{name}({label}): đang biên soạn.</p></div>'
    return macro


MACROS: dict = {n: _placeholder(n) for n in ['procedure', 'procedure_register']}
