"""Built site pages -> standalone print documents (plain Python, lxml).

A handout is an HTML document that links the site's own stylesheets (Material, fonts,
site, components, print.css) by absolute ``file://`` URL and contains only the article
of each page, cleaned of everything interactive. Each included page becomes a *part*
whose ids are prefixed, so the handbook can hold all modules at once and cross-page
links become links inside the PDF.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from ..html import esc
from ..links import page_url

UTF8 = lxml.html.HTMLParser(encoding="utf-8")  # built pages are UTF-8, whatever their <meta>
HEADER_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Interactive leftovers never printed (checkboxes stay: checklists print as empty boxes).
DROP_XPATH = (
    "//script | //noscript | //template | //button | //select | //textarea | //output"
    " | //dialog | //*[@hidden] | //*[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' md-content__button ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' md-source-file ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' handout-link ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' no-print ')]"
    " | //input[not(@type='checkbox')]"
)
ID_REF_ATTRS = ("for", "headers", "list", "form", "aria-labelledby", "aria-describedby",
                "aria-controls", "aria-owns", "aria-details", "aria-flowto", "aria-activedescendant")
URL_REF = re.compile(r"url\(\s*(['\"]?)#([^)'\"]+)\1\s*\)")
RESOURCE_ATTRS = (("img", "src"), ("source", "src"), ("object", "data"), ("embed", "src"),
                  ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
                  ("video", "poster"), ("audio", "src"), ("iframe", "src"))


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def text_of(el) -> str:
    """Visible text of an element, whitespace collapsed (headerlinks removed beforehand)."""
    return " ".join("".join(el.itertext()).split())


@dataclass
class Heading:
    level: int
    id: str
    text: str


@dataclass
class Part:
    src: str  # "sinh-hoat-chi-bo/index.md"
    key: str  # id prefix without the separator, e.g. "p2"
    title: str
    html: str
    headings: list[Heading] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.key}-start"  # prefixed ids always have "--": no clash


@dataclass
class SiteInfo:
    site_dir: Path
    stylesheets: list[str]  # absolute file:// URLs, in page order
    body_attrs: dict[str, str]
    lang: str


def read_site(site_dir: Path, sample: str = "index.html") -> SiteInfo:
    """Stylesheets and body attributes (colour scheme) of a built page."""
    site_dir = Path(site_dir).resolve()
    raw = (site_dir / sample).read_bytes()
    doc = lxml.html.fromstring(raw, parser=UTF8)
    # Pages link their own stylesheets as one bundle (macros.page_assets); a handout links
    # the files themselves, so its print hash follows each file and print.css stays named.
    from ..page_assets import STYLESHEETS, page_asset_files

    sheets = []
    for rel in page_asset_files(site_dir, sample, raw.decode("utf-8")):
        if rel.endswith(".css"):  # offline site: only the site's own files, never another host
            sheets.append((site_dir / rel).resolve().as_uri())
    # Pages link only the component stylesheets they use; a handout gathers pages of every
    # kind, so it links all of them, in the site's order.
    for rel in STYLESHEETS:
        url = (site_dir / rel).resolve().as_uri()
        if (site_dir / rel).is_file() and url not in sheets:
            sheets.append(url)
    body = doc.find("body")
    attrs = {k: v for k, v in (body.attrib.items() if body is not None else []) if k.startswith("data-md-") or k == "dir"}
    lang = doc.getroottree().getroot().get("lang") or "vi"
    return SiteInfo(site_dir, sheets, attrs, lang)


class PageNotBuilt(FileNotFoundError):
    pass


def load_article(site_dir: Path, src: str):
    path = Path(site_dir) / page_url(src)
    if not path.is_file():
        raise PageNotBuilt(f"chưa có trang {path} (page not built: run mkdocs build first)")
    doc = lxml.html.fromstring(path.read_bytes(), parser=UTF8)
    found = doc.xpath("//article[contains(concat(' ', normalize-space(@class), ' '), ' md-content__inner ')]")
    if not found:
        found = doc.xpath("//article") or doc.xpath("//main") or [doc.find("body")]
    return found[0]


def page_headings(site_dir: Path, src: str) -> tuple[str | None, dict[str, str]]:
    """(h1 text, {heading id: heading text}) of a built page, for "review" references."""
    try:
        article = load_article(site_dir, src)
    except PageNotBuilt:
        return None, {}
    for link in article.xpath(".//*[contains(@class, 'headerlink')]"):
        link.drop_tree()
    headings = {el.get("id"): text_of(el) for el in article.iter(*HEADER_TAGS) if el.get("id")}
    h1 = article.find(".//h1")
    return (text_of(h1) if h1 is not None else None), headings


def _resolve(from_html: str, href: str) -> tuple[str, str]:
    """Relative ``href`` on page ``from_html`` -> (site-relative path, fragment)."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_html), path))
    else:
        target = from_html
    return target, parts.fragment


def clean_article(article, src: str, key: str, site_dir: Path, part_keys: dict[str, str]) -> list[Heading]:
    """Clean ``article`` in place for print and prefix its ids with ``key--``.

    ``part_keys`` maps built page paths ("x/index.html") of the pages in the same
    document to their part key: links to them stay links inside the PDF, links to
    other pages of the site become plain text (a printed page cannot follow them).
    """
    site_dir = Path(site_dir).resolve()
    here = page_url(src)
    for el in article.xpath(DROP_XPATH):
        if el.getparent() is not None:
            el.drop_tree()
    for el in article.xpath(".//details"):
        el.set("open", "")
    for el in article.xpath(".//input[@type='checkbox']"):
        el.attrib.pop("checked", None)
        el.set("disabled", "")
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in [a for a in el.attrib if a.lower().startswith("on")]:
            del el.attrib[attr]  # no inline handlers in a print document

    prefix = f"{key}--"
    ids = {el.get("id") for el in article.xpath(".//*[@id]")}

    def ref(value: str) -> str:
        return prefix + value if value in ids else value

    for el in article.xpath(".//*[@id]"):
        el.set("id", prefix + el.get("id"))
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ID_REF_ATTRS:
            if el.get(attr):
                el.set(attr, " ".join(ref(v) for v in el.get(attr).split()))
        for attr, value in list(el.attrib.items()):
            if "url(" in value and "#" in value:
                el.set(attr, URL_REF.sub(lambda m: f"url(#{ref(m.group(2))})", value))
        if el.tag == "style" and el.text and "url(" in el.text:
            el.text = URL_REF.sub(lambda m: f"url(#{ref(m.group(2))})", el.text)

    # Resources: absolute file URLs into the built site (the document lives elsewhere).
    for tag, attr in RESOURCE_ATTRS:
        for el in article.iter(tag):
            value = el.get(attr)
            if not value:
                continue
            if value.startswith("#"):
                el.set(attr, "#" + ref(value[1:]))
                continue
            if urlsplit(value).scheme or value.startswith("//"):
                continue
            target, frag = _resolve(here, value)
            url = (site_dir / target).as_uri()
            el.set(attr, f"{url}#{frag}" if frag else url)
    for el in article.iter("img"):
        el.attrib.pop("srcset", None)
        el.attrib.pop("loading", None)  # lazy images may never load in a print pass

    # Links.
    for a in article.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto", "tel"):
            continue
        if parts.scheme or href.startswith("//"):
            _unlink(a)
            continue
        if href.startswith("#"):
            a.set("href", "#" + ref(href[1:]))
            continue
        target, frag = _resolve(here, href)
        if target == here:
            a.set("href", "#" + ref(frag) if frag else f"#{key}-start")
        elif target in part_keys:
            other = part_keys[target]
            a.set("href", f"#{other}--{frag}" if frag else f"#{other}-start")
        else:
            _unlink(a)

    headings = []
    for el in article.iter(*HEADER_TAGS):
        if el.get("id"):
            headings.append(Heading(int(el.tag[1]), el.get("id"), text_of(el)))
    return headings


def _unlink(a) -> None:
    """Keep the text of a link whose target is not in the printed document."""
    a.attrib.pop("href", None)
    a.attrib.pop("target", None)
    classes = _classes(a) | {"xref-off"}
    a.set("class", " ".join(sorted(classes)))


def build_part(site_dir: Path, src: str, key: str, part_keys: dict[str, str], title: str | None = None) -> Part:
    article = load_article(site_dir, src)
    headings = clean_article(article, src, key, site_dir, part_keys)
    first = article.find(".//h1")  # Material adds an h1 without id when the page has none
    h1 = Heading(1, first.get("id") or "", text_of(first)) if first is not None else None
    inner = (article.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in article
    )
    return Part(src, key, title or (h1.text if h1 else src), inner, headings)


# ------------------------------------------------------------------ CSS helpers
def css_string(text: str) -> str:
    """A CSS string literal (for ``content:`` in page margin boxes)."""
    clean = " ".join(str(text).split())
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_rules(name: str | None, header_left: str | None, header_right: str | None) -> str:
    """Margin boxes for a (named) page: running header left and right."""
    sel = f"@page {name}" if name else "@page"

    def box(value):
        return "none" if value is None else css_string(value)

    return (
        f"{sel} {{ @top-left {{ content: {box(header_left)}; }} "
        f"@top-right {{ content: {box(header_right)}; }} }}\n"
    )


def footer_rules(footer_left: str) -> str:
    return (
        f"@page {{ @bottom-left {{ content: {css_string(footer_left)}; }} "
        '@bottom-right { content: "Trang " counter(page) " / " counter(pages); } }\n'
    )


# ------------------------------------------------------------------ TOC
def toc_html(entries: list[tuple[int, str, str]], pages: dict[str, int] | None, title: str,
             css_class: str = "toc") -> str:
    """Table of contents: (level, target id, text); page numbers from a previous pass."""
    rows = []
    for level, target, text in entries:
        number = str(pages[target]) if pages and target in pages else "000"
        rows.append(
            f'<li class="toc-l{level}"><a href="#{esc(target)}"><span class="toc-text">{esc(text)}</span>'
            f'<span class="toc-fill" aria-hidden="true"></span>'
            f'<span class="toc-page">{number}</span></a></li>'
        )
    return (
        f'<nav class="{css_class}" aria-label="{esc(title)}"><p class="toc-title">{esc(title)}</p>'
        f'<ol>{"".join(rows)}</ol></nav>'
    )


def insert_after_intro(part_html: str, extra: str) -> str:
    """Put ``extra`` after the module intro box (or after the h1) of a part."""
    frag = lxml.html.fragment_fromstring(part_html, create_parent="div")
    anchor = frag.xpath("./*[contains(concat(' ', normalize-space(@class), ' '), ' module-intro ')]")
    if not anchor:
        anchor = frag.xpath("./h1")
    node = lxml.html.fragment_fromstring(extra)
    if anchor:
        anchor[0].addnext(node)
        if anchor[0].tail:
            node.tail, anchor[0].tail = anchor[0].tail, None
    else:
        frag.insert(0, node)
    return (frag.text or "") + "".join(lxml.html.tostring(c, encoding="unicode", method="html") for c in frag)


# ------------------------------------------------------------------ document
def document(site: SiteInfo, title: str, body: str, page_css: str, handout_css: str,
             body_class: str = "") -> str:
    links = "".join(f'<link rel="stylesheet" href="{esc(url)}">' for url in site.stylesheets)
    attrs = "".join(f' {k}="{esc(v)}"' for k, v in site.body_attrs.items())
    return (
        f'<!doctype html><html lang="{esc(site.lang)}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title>{links}<style>{handout_css}\n{page_css}</style></head>"
        f'<body{attrs} class="handout {esc(body_class)}">{body}</body></html>'
    )


__all__ = [
    "Heading", "Part", "SiteInfo", "PageNotBuilt", "read_site", "load_article", "page_headings",
    "clean_article", "build_part", "css_string", "page_rules", "footer_rules", "toc_html",
    "insert_after_intro", "document", "text_of",
]
