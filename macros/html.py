"""Safe HTML building blocks: escaping and author Markdown rendered without scripts."""

from __future__ import annotations

import html
from functools import lru_cache

import markdown
import nh3

# Tags an author may produce through Markdown; everything else is stripped as text.
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "code", "pre", "ul", "ol", "li",
    "a", "abbr", "sub", "sup", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    "span", "mark", "kbd", "hr",
}
_ALLOWED_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def esc(text) -> str:
    return html.escape(str(text), quote=True)


_MARKDOWN = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


@lru_cache(maxsize=4096)
def md(text: str, inline: bool = False) -> str:
    """Render author Markdown to sanitised HTML (raw HTML in the source is escaped)."""
    # Escape angle brackets first so author-typed HTML shows as text, then render.
    src = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MARKDOWN.reset().convert(src)  # one parser, reset per call: much cheaper than a new one
    clean = nh3.clean(
        out,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    if inline and clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return clean
