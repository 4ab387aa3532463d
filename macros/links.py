"""Relative links between built pages (the offline build uses ``page.html`` URLs)."""

from __future__ import annotations

import posixpath


def page_url(src: str) -> str:
    """``sinh-hoat-chi-bo/index.md`` -> ``sinh-hoat-chi-bo/index.html``."""
    return src[:-3] + ".html" if src.endswith(".md") else src


def relative(from_src: str, target: str) -> str:
    """URL of ``target`` (``page.md#anchor`` or a site file) relative to page ``from_src``."""
    path, _, anchor = target.partition("#")
    dest = page_url(path) if path else page_url(from_src)
    base = posixpath.dirname(page_url(from_src)) or "."
    url = posixpath.relpath(dest, base)
    return f"{url}#{anchor}" if anchor else url
