"""Relative links between built pages (the offline build uses ``page.html`` URLs), and the
site files that URLs in built pages and stylesheets point to."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")  # url() in a stylesheet
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


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


def resolve(base: str, url: str) -> str | None:
    """Site-relative path a URL in file ``base`` points to, or None (external, anchor, data...)."""
    url = (url or "").strip()
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return None
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(base), path)
    norm = posixpath.normpath(joined)
    if norm.startswith(".."):
        return None
    if path.endswith("/"):  # a folder: its index page ("../" from a/b.html is the site's index)
        return "index.html" if norm == "." else posixpath.join(norm, "index.html")
    return None if norm == "." else norm
