"""SCORM 1.2 packages built from the built site's HTML pages and assets.

A package holds a set of site pages (a module's guide and quiz, or the whole learner
course) with exactly the files those pages load, at the same relative paths, plus:

- ``scorm-launch.html``: the SCO the LMS opens. It shows the site pages in a
  full-window frame and runs ``assets/js/scorm.js`` as the session "host": it finds
  the LMS's ``API`` object, calls ``LMSInitialize``/``LMSFinish`` once per LMS session
  (the learner may move between the guide and the quiz inside the frame without
  ending the session) and reports quiz results;
- the content pages get ``<script src=".../assets/js/scorm.js">`` injected: there it
  only forwards ``quiz:result`` events to the host. Opened from disk or outside an
  LMS the script finds no host and does nothing, so the pages work like the site;
- links to pages outside the package are removed from the navigation and turned into
  plain text in the content;
- search works inside the package as on the site: the search box's engine
  (``data-engine``, MiniSearch) is packaged, and its index (``data-index``,
  ``search/search_index.js``) is rebuilt from the site's index keeping only the
  package's pages, so every result links a page of the package and no other page's
  text travels with it. Material's lunr worker, which the site never starts, is left
  out and its path removed from the pages' ``__config``;
- ``imsmanifest.xml`` and the four SCORM 1.2 schema files (XSD) at the root.

The zip is deterministic: fixed order (manifest first, then sorted paths), fixed
timestamps (1980-01-01) and permissions, and no dates inside any file.
"""

from __future__ import annotations

import html
import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from ..links import CSS_URL, relative, resolve
from ..search_index import index_script

LAUNCH = "scorm-launch.html"
SCORM_JS = "assets/js/scorm.js"
XSD_FILES = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
NS_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_MD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Already-compressed formats are stored, everything else deflated.
STORED = {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".gz", ".pdf", ".mp3", ".mp4"}

_URL_ATTRS = {
    "link": ("href",), "script": ("src",), "img": ("src",), "source": ("src",), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "iframe": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "a": ("href",), "area": ("href",),
}
_CSS_IMPORT = re.compile(r"""@import\s+(['"])(.+?)\1""")
# The search box (overrides/partials/search.html) names the files search.js loads on demand.
SEARCH_BOX = "data-sotay-search"
SEARCH_ENGINE_ATTR = "data-engine"
SEARCH_INDEX_ATTR = "data-index"
SITE_SEARCH_INDEX = "search/search_index.json"  # the same payload as search_index.js, as JSON


class PackageError(Exception):
    """The site lacks something a package needs (one-line message)."""


@dataclass
class PackageSpec:
    """What goes into one package."""

    identifier: str  # e.g. "sinh-hoat-chi-bo" or "khoa-hoc"
    title: str
    pages: list[str]  # site-relative HTML pages, e.g. ["sinh-hoat-chi-bo/index.html", ...]
    start: str  # page the launch frame opens first
    banks: dict[str, int]  # bank id -> pass mark (percent) tracked by this package
    mode: str = "module"  # "module": one bank; "course": every module bank
    description: str = ""
    mastery: int | None = None  # adlcp:masteryscore (module packages: the bank's pass mark)
    extra: dict[str, bytes] = field(default_factory=dict)


# --------------------------------------------------------------------- CSS
def add_dependency(site: Path, target: str, deps: set[str]) -> None:
    """Add a site file to ``deps``; a stylesheet brings what it loads too."""
    if target.endswith(".css"):
        css_dependencies(site, target, deps)
    else:
        deps.add(target)


def css_references(site: Path, base: str, text: str, deps: set[str]) -> None:
    """Add the existing files that CSS ``text`` (in file ``base``) loads via url() or @import."""
    for m in list(CSS_URL.finditer(text)) + list(_CSS_IMPORT.finditer(text)):
        target = resolve(base, m.group(2))
        if target and (site / target).is_file():
            add_dependency(site, target, deps)


def css_dependencies(site: Path, css_path: str, seen: set[str]) -> None:
    """Add a CSS file and everything it loads (url(), @import), recursively, to ``seen``."""
    if css_path in seen:
        return
    seen.add(css_path)
    css_references(site, css_path, (site / css_path).read_text(encoding="utf-8", errors="replace"), seen)


# --------------------------------------------------------------------- HTML
def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _drop_link(a) -> None:
    """Remove a link to a page outside the package: nav items go, others become text."""
    node = a
    while node is not None:
        cls = _classes(node)
        if node.tag == "li" and any(c.startswith(("md-nav__item", "md-tabs__item")) for c in cls):
            node.getparent().remove(node)
            return
        if "md-footer__link" in cls:
            node.getparent().remove(node)
            return
        node = node.getparent()
    a.tag = "span"
    for attr in ("href", "target", "rel", "hreflang", "download"):
        a.attrib.pop(attr, None)


def _prune_empty_nav(doc) -> None:
    """Remove navigation sections left without any item."""
    changed = True
    while changed:
        changed = False
        for li in doc.xpath('//li[contains(@class, "md-nav__item--nested") or contains(@class, "md-nav__item--section")]'):
            if not li.xpath('.//li[contains(@class, "md-nav__item")]') and not li.xpath('./a[@href]'):
                li.getparent().remove(li)
                changed = True
                break


@dataclass
class PageResult:
    html: bytes
    deps: set[str]
    search_index: str | None  # the package-relative index the page's search box loads


def _search_box(site: Path, page: str, doc, deps: set[str]) -> str | None:
    """Package the search engine the page's search box loads; return its index's path."""
    index = None
    for box in doc.xpath(f"//*[@{SEARCH_BOX}]"):
        for attr in (SEARCH_ENGINE_ATTR, SEARCH_INDEX_ATTR):
            value = box.get(attr)
            target = resolve(page, value) if value else None
            if target is None:
                raise PackageError(f"{page}: ô tìm kiếm thiếu {attr} (search box without a local {attr})")
            if not (site / target).is_file():
                raise PackageError(f"{page}: thiếu {target} trong bản dựng (search box file missing)")
            if attr == SEARCH_ENGINE_ATTR:
                deps.add(target)
            else:
                index = target
    return index


def _drop_lunr_worker(doc) -> None:
    """Remove the lunr worker's path from Material's ``__config``: the site's search is
    MiniSearch (no Material search component), so the worker is never loaded."""
    for config in doc.xpath('//script[@id="__config"]'):
        try:
            cfg = json.loads(config.text or "")
        except ValueError:
            continue
        if isinstance(cfg, dict) and "search" in cfg:
            del cfg["search"]
            config.text = json.dumps(cfg, ensure_ascii=False).replace("</", "<\\/")


def process_page(site: Path, page: str, pages: set[str], inject_script: bool = True) -> PageResult:
    """Rewrite one page for the package and list the files it needs."""
    raw = (site / page).read_bytes()
    doc = lxml.html.document_fromstring(raw.decode("utf-8"))
    deps: set[str] = set()
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):
            continue
        attrs = _URL_ATTRS.get(el.tag, ())
        for attr in attrs:
            value = el.get(attr)
            target = resolve(page, value) if value else None
            if target is None:
                continue
            is_page = target.endswith((".html", ".htm"))
            if el.tag in ("a", "area") or (el.tag == "link" and (el.get("rel") or "") in ("prev", "next", "canonical", "alternate")):
                if is_page and target in pages:
                    continue
                if not is_page and (site / target).is_file():
                    deps.add(target)  # a download (PDF...) linked from the page
                    continue
                if el.tag == "link":
                    el.getparent().remove(el)
                else:
                    _drop_link(el)
                continue
            if (site / target).is_file():
                add_dependency(site, target, deps)
        for attr in ("srcset",):
            value = el.get(attr)
            if value:
                for part in value.split(","):
                    target = resolve(page, part.strip().split(" ")[0])
                    if target and (site / target).is_file():
                        deps.add(target)
        style = el.get("style")
        if style:
            for m in CSS_URL.finditer(style):
                target = resolve(page, m.group(2))
                if target and (site / target).is_file():
                    deps.add(target)
    for style in doc.iter("style"):
        css_references(site, page, style.text or "", deps)
    _prune_empty_nav(doc)
    search_index = _search_box(site, page, doc, deps)
    _drop_lunr_worker(doc)

    if inject_script:
        body = doc.find("body")
        script = etree.SubElement(body, "script", src=relative(page, SCORM_JS))
        script.tail = "\n"
        deps.add(SCORM_JS)
    out = lxml.html.tostring(doc, encoding="unicode", method="html", doctype="<!doctype html>")
    return PageResult(out.encode("utf-8"), deps, search_index)


# --------------------------------------------------------------------- search
def package_index(site: Path, pages: set[str]) -> bytes:
    """The site's search index (``search/search_index.js``) keeping only ``pages``' sections."""
    path = site / SITE_SEARCH_INDEX
    if not path.is_file():
        raise PackageError(f"thiếu {SITE_SEARCH_INDEX} trong bản dựng (build the site first)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        docs = data["docs"]
    except (ValueError, KeyError, TypeError):
        raise PackageError(f"{SITE_SEARCH_INDEX}: chỉ mục tìm kiếm hỏng (unreadable search index)") from None
    data["docs"] = [d for d in docs if str(d.get("location", "")).split("#", 1)[0] in pages]
    return index_script(data).encode("utf-8")


# --------------------------------------------------------------------- launch page
def launch_page(spec: PackageSpec) -> bytes:
    config = {"id": spec.identifier, "mode": spec.mode, "banks": dict(sorted(spec.banks.items())), "start": spec.start}
    cfg = json.dumps(config, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    title = html.escape(spec.title)
    start = html.escape(spec.start, quote=True)
    page = f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<style>html,body{{margin:0;height:100%;overflow:hidden}}iframe{{display:block;border:0;width:100%;height:100%}}</style>
<script type="application/json" id="sotay-scorm-config">{cfg}</script>
<script src="{SCORM_JS}"></script>
</head>
<body>
<iframe id="sotay-scorm-content" src="{start}" title="{title}"></iframe>
<noscript><p><a href="{start}">Mở nội dung: {title}</a></p></noscript>
</body>
</html>
"""
    return page.encode("utf-8")


# --------------------------------------------------------------------- manifest
def manifest(spec: PackageSpec, files: list[str]) -> bytes:
    """imsmanifest.xml for one SCO (the launch page) listing every content file."""
    ident = "SOTAY-" + re.sub(r"[^A-Za-z0-9_.-]", "-", spec.identifier)
    nsmap = {None: NS_CP, "adlcp": NS_ADLCP, "xsi": NS_XSI}
    root = etree.Element(f"{{{NS_CP}}}manifest", nsmap=nsmap, identifier=ident, version="1.0")
    root.set(f"{{{NS_XSI}}}schemaLocation", " ".join([
        NS_CP, "imscp_rootv1p1p2.xsd", NS_MD, "imsmd_rootv1p2p1.xsd", NS_ADLCP, "adlcp_rootv1p2.xsd",
    ]))
    meta = etree.SubElement(root, f"{{{NS_CP}}}metadata")
    etree.SubElement(meta, f"{{{NS_CP}}}schema").text = "ADL SCORM"
    etree.SubElement(meta, f"{{{NS_CP}}}schemaversion").text = "1.2"
    lom = etree.SubElement(meta, f"{{{NS_MD}}}lom", nsmap={"imsmd": NS_MD})
    general = etree.SubElement(lom, f"{{{NS_MD}}}general")
    t = etree.SubElement(general, f"{{{NS_MD}}}title")
    ls = etree.SubElement(t, f"{{{NS_MD}}}langstring")
    ls.set("{http://www.w3.org/XML/1998/namespace}lang", "vi")
    ls.text = spec.title
    etree.SubElement(general, f"{{{NS_MD}}}language").text = "vi"
    if spec.description:
        d = etree.SubElement(general, f"{{{NS_MD}}}description")
        ls = etree.SubElement(d, f"{{{NS_MD}}}langstring")
        ls.set("{http://www.w3.org/XML/1998/namespace}lang", "vi")
        ls.text = spec.description

    orgs = etree.SubElement(root, f"{{{NS_CP}}}organizations", default=f"{ident}-ORG")
    org = etree.SubElement(orgs, f"{{{NS_CP}}}organization", identifier=f"{ident}-ORG")
    etree.SubElement(org, f"{{{NS_CP}}}title").text = spec.title
    item = etree.SubElement(org, f"{{{NS_CP}}}item", identifier=f"{ident}-ITEM",
                            identifierref=f"{ident}-SCO", isvisible="true")
    etree.SubElement(item, f"{{{NS_CP}}}title").text = spec.title
    if spec.mastery is not None:
        etree.SubElement(item, f"{{{NS_ADLCP}}}masteryscore").text = str(int(spec.mastery))
    resources = etree.SubElement(root, f"{{{NS_CP}}}resources")
    res = etree.SubElement(resources, f"{{{NS_CP}}}resource", identifier=f"{ident}-SCO", type="webcontent", href=LAUNCH)
    res.set(f"{{{NS_ADLCP}}}scormtype", "sco")
    for name in files:
        etree.SubElement(res, f"{{{NS_CP}}}file", href=name)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


# --------------------------------------------------------------------- package
def package_files(site: Path | str, spec: PackageSpec) -> dict[str, bytes]:
    """Every content file of the package (without manifest and XSDs), path -> bytes."""
    site = Path(site)
    pages = set(spec.pages)
    missing = [p for p in spec.pages if not (site / p).is_file()]
    if missing:
        raise PackageError(f"thiếu trang trong bản dựng (missing built page): {', '.join(missing)}")
    if not (site / SCORM_JS).is_file():
        raise PackageError(f"thiếu {SCORM_JS} trong bản dựng (build the site first)")
    files: dict[str, bytes] = {}
    deps: set[str] = set()
    indexes: set[str] = set()
    for page in sorted(pages):
        result = process_page(site, page, pages)
        files[page] = result.html
        deps |= result.deps
        if result.search_index:
            indexes.add(result.search_index)
    for dep in sorted(deps):
        if dep not in files:
            files[dep] = (site / dep).read_bytes()
    if indexes:
        index = package_index(site, pages)
        for path in sorted(indexes):
            files[path] = index
    files[LAUNCH] = launch_page(spec)
    files.update(spec.extra)
    return files


def build_package(site: Path | str, spec: PackageSpec, xsd_dir: Path | str) -> bytes:
    """The SCORM 1.2 zip for ``spec`` built from the site in ``site``."""
    xsd_dir = Path(xsd_dir)
    files = package_files(site, spec)
    entries: dict[str, bytes] = {"imsmanifest.xml": manifest(spec, sorted(files))}
    for name in XSD_FILES:
        p = xsd_dir / name
        if not p.is_file():
            raise PackageError(f"thiếu lược đồ SCORM {p} (missing SCORM 1.2 XSD; run 'npm ci')")
        entries[name] = p.read_bytes()
    for name in sorted(files):
        entries[name] = files[name]
    return deterministic_zip(entries)


def deterministic_zip(entries: dict[str, bytes]) -> bytes:
    """Zip ``entries`` in the given order with fixed dates and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = posixpath.splitext(name)[1].lower() in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=None if stored else 9)
    return buf.getvalue()
