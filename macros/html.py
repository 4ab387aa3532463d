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
# No ``title`` anywhere: Material's ``content.tooltips`` copies a title into the page as
# HTML. No ``id``/``class``/``style``/``data-*`` either: our JS and CSS key on those.
# "*" (attributes allowed on every tag) must be given: nh3 otherwise keeps title and lang.
_ALLOWED_ATTRS = {"*": set(), "a": {"href"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def tooltip_attr(text) -> str:
    """A ``title`` attribute value that stays text when Material turns it into a tooltip.

    Material's tooltip sets ``innerHTML`` from the title, so the value is escaped once
    for that and once for the attribute: ``<b>`` shows as ``<b>``, never as markup.
    """
    return esc(html.escape(" ".join(str(text).split()), quote=False))


def json_for_script(text: str) -> str:
    """JSON text made safe inside ``<script>``: no ``</script>``, ``<!--`` or ``]]>``."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
        url_schemes=_URL_SCHEMES,
        link_rel="noopener",
    )
    if inline and clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return clean
