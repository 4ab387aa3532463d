"""The site's search index, built from rendered pages (generator-independent).

``sections(url, html)`` cuts one rendered page into searchable sections (one per heading
with an id), with clean text: no scripts, ``<noscript>`` notices, templates, quiz bodies
(``data-search-exclude``) or permalink signs, and table cells kept apart. ``page_kind``
ranks a page by what it is for the trainee: the lesson (module page) first, then the
procedures and reference pages, then the quizzes; trainer pages come last and answer keys
are left out. ``index_payload`` is what the browser loads when the reader opens search
(``docs/assets/js/search.js``); accents are folded there, so the index holds the text
once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

import lxml.html

# Page kinds, best first, with the weight search.js multiplies a section's score by.
KIND_BOOST = {"module": 3.0, "procedure": 1.6, "reference": 1.4, "quiz": 0.5, "trainer": 0.25}
EXCLUDED_PREFIXES = ("giang-vien/dap-an/",)  # answer keys: never in the trainee search
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "button", "input", "select", "textarea", "form"}
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "blockquote", "pre",
              "details", "summary", "figure", "figcaption", "table", "thead", "tbody", "br", "hr", "caption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SECTION_HEADINGS = {"h1", "h2", "h3"}


@dataclass
class Section:
    location: str
    title: str
    text: str


def page_kind(url: str, meta: dict | None = None) -> str | None:
    """What a page is for: module, procedure, reference, quiz, trainer; None = not indexed."""
    meta = meta or {}
    if meta.get("search", {}).get("exclude") if isinstance(meta.get("search"), dict) else False:
        return None
    if url.startswith(EXCLUDED_PREFIXES) or url == "404.html":
        return None
    if url.startswith("giang-vien/"):
        return "trainer"
    if url.startswith("quy-trinh/"):
        return "procedure"
    if url.endswith("tu-kiem-tra.html"):
        return "quiz"
    if meta.get("module") is not None and url.endswith("/index.html"):
        return "module"
    return "reference"


def page_boost(meta: dict | None = None) -> float | None:
    """A page's own weight from its front matter (``search: boost: 0.1``, as Material's
    search read it), multiplied into its kind's weight; None when the page sets none."""
    search = (meta or {}).get("search")
    boost = search.get("boost") if isinstance(search, dict) else None
    if boost is None:
        return None
    if isinstance(boost, bool) or not isinstance(boost, (int, float)) or boost <= 0:
        raise ValueError(f"search.boost must be a positive number, not {boost!r}")
    return float(boost)


def _skipped(el) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in SKIP_TAGS or el.get("data-search-exclude") is not None:
        return True
    cls = el.get("class") or ""
    return "headerlink" in cls.split() or el.get("aria-hidden") == "true"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    text = re.sub(r"(?:\s*·)+\s*(?=[.;]|$)", "", text)  # a trailing cell separator
    return text.strip(" ·")


def _heading_title(el) -> str:
    """A heading's text without its permalink sign."""
    clone = lxml.html.fromstring(lxml.html.tostring(el, encoding="unicode"))
    for node in clone.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"):
        node.drop_tree()
    return _clean(clone.text_content())


def sections(url: str, html: str) -> list[Section]:
    """Sections of a rendered page: the part before the first h2 belongs to the page itself."""
    doc = lxml.html.document_fromstring(html)
    found = doc.xpath("//article[contains(concat(' ', normalize-space(@class), ' '), ' md-content__inner ')]")
    root = found[0] if found else doc.body
    page_title_el = root.find(".//h1")
    page_title = _heading_title(page_title_el) if page_title_el is not None else ""
    if not page_title:
        title_el = doc.find(".//title")
        page_title = _clean(title_el.text_content().split(" - ")[0]) if title_el is not None else url
    out: list[Section] = [Section(url, page_title, "")]
    buf: list[str] = []

    def flush():
        out[-1].text = _clean((out[-1].text + " " + "".join(buf)))
        buf.clear()

    def walk(el):
        for child in el:
            if _skipped(child):
                if child.tail:
                    buf.append(child.tail)
                continue
            tag = child.tag
            if tag in HEADINGS:
                if tag in SECTION_HEADINGS and child.get("id") and tag != "h1":
                    flush()
                    out.append(Section(f"{url}#{child.get('id')}", _heading_title(child), ""))
                elif tag != "h1":
                    buf.append(" " + _heading_title(child) + ". ")
                if child.tail:
                    buf.append(child.tail)
                continue
            if child.text:
                buf.append(child.text)
            walk(child)
            if tag in ("td", "th"):
                buf.append(" · ")
            elif tag == "tr":
                buf.append(". ")
            elif tag in BLOCK_TAGS or tag == "li":
                buf.append(" ")
            if child.tail:
                buf.append(child.tail)

    if root.text:
        buf.append(root.text)
    walk(root)
    flush()
    for s in out:
        s.text = re.sub(r"\s*·\s*\.", ".", s.text)
        s.text = re.sub(r"\.(\s*\.)+", ".", s.text)
    return [s for s in out if s.title or s.text]


def index_payload(pages: list[tuple]) -> dict:
    """``pages``: (url, kind, html[, boost]) in navigation order -> the JSON the browser loads.

    A page's own boost (``page_boost``), when set, goes on each of its sections as ``boost``.
    """
    docs = []
    for url, kind, html, *rest in pages:
        boost = rest[0] if rest else None
        for s in sections(url, html):
            doc = {"location": s.location, "title": s.title, "text": s.text, "kind": kind}
            if boost is not None and boost != 1:
                doc["boost"] = boost
            docs.append(doc)
    return {"config": {"boost": KIND_BOOST}, "docs": docs}


def index_script(payload: dict) -> str:
    """The same index as a script (works from file://, where fetch() is refused)."""
    return "var __index = " + json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + ";\n"
