"""Load page-specific scripts and stylesheets only on the pages that use them.

MkDocs puts every ``extra_javascript``/``extra_css`` file on every page. Most of them
drive one kind of block (quiz, review sheet, checklist, deadline calculator, template
form); a lesson page without such a block need not download them. ``prune_assets`` drops
the tags a page does not need, judged from the class names the page's HTML uses, so a
new page using a component gets its script and stylesheet without any list to update.
After the build, ``bundle_site`` joins each page's own stylesheets, and its own scripts,
into one file of each kind. Generator-independent: works on the finished HTML.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from .links import CSS_URL, relative, resolve

_QUIZ = ("quiz", "qp-", "rv-", "rs-", "ctg")  # quiz, review sheet, class-test grading
_COMPONENTS = ("sotay-checklist", "sotay-timeline", "sotay-calc")


def _uses(classes: set[str], prefixes: tuple[str, ...]) -> bool:
    return any(c.startswith(prefixes) for c in classes)


# Script (path under the site root) -> does a page with these class names need it?
SCRIPTS = {
    "assets/js/store.js": lambda c: _uses(c, _QUIZ + _COMPONENTS),
    "assets/js/quiz-core.js": lambda c: _uses(c, _QUIZ),
    "assets/js/quiz.js": lambda c: _uses(c, _QUIZ),
    "assets/js/timer.js": lambda c: _uses(c, _QUIZ),
    "assets/js/review.js": lambda c: _uses(c, _QUIZ),
    "assets/js/workdays-core.js": lambda c: _uses(c, _COMPONENTS),
    "assets/js/components.js": lambda c: _uses(c, _COMPONENTS),
}
# Stylesheets kept only where the page uses one of the classes they style.
STYLESHEETS = ("assets/css/quiz.css", "assets/css/components.css", "assets/css/training.css",
               "assets/css/templates.css")

_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_SELECTOR_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
_TAG = re.compile(r'<(?:script src|link rel="stylesheet" href)="(?:\.\./)*(assets/(?:js|css)/[\w.-]+)"[^>]*>'
                  r'(?:</script>)?\n?')


def stylesheet_classes(css: str) -> set[str]:
    """Class names a stylesheet styles (Material's own ``md-*`` classes are on every page)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = " ".join(re.findall(r"([^{}]*)\{", css))
    selectors = re.sub(r'"[^"]*"|\'[^\']*\'|url\([^)]*\)', "", selectors)
    return {c for c in _SELECTOR_CLASS.findall(selectors) if not c.startswith("md-")}


def load_stylesheets(docs_dir: Path) -> dict[str, set[str]]:
    out = {}
    for rel in STYLESHEETS:
        path = Path(docs_dir) / rel
        if path.is_file():
            out[rel] = stylesheet_classes(path.read_text(encoding="utf-8"))
    return out


def prune_assets(html: str, stylesheets: dict[str, set[str]]) -> str:
    """``html`` without the script and stylesheet tags its content does not use."""
    classes = {c for attr in _CLASS_ATTR.findall(html) for c in attr.split()}

    def keep(match: re.Match) -> str:
        rel = match.group(1)
        if rel in SCRIPTS and not SCRIPTS[rel](classes):
            return ""
        if rel in stylesheets and not (stylesheets[rel] & classes):
            return ""
        return match.group(0)

    return _TAG.sub(keep, html)


_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def first_abbr_only(html: str) -> str:
    """Keep the glossary tooltip (``<abbr title>``) on the first use of each term in a page
    and print later uses as plain text: the definition is given where the term is first met
    (as WCAG's H28 technique does) instead of repeated on every use, which on a long lesson
    weighed tens of kilobytes of identical ``title`` attributes."""
    seen: set[str] = set()

    def once(match: re.Match) -> str:
        term = match.group(2)
        if term in seen:
            return term
        seen.add(term)
        return match.group(0)

    return _ABBR.sub(once, html)


# ---------------------------------------------------------------- one request per kind
# After pruning, a quiz page still linked four own stylesheets and six own scripts; each
# is a request the browser makes before DOMContentLoaded (stylesheets hold back the
# scripts after them). ``bundle_site`` joins each run of consecutive own stylesheets (and
# of own classic scripts) into one file named after its content. Pages of one kind share
# one bundle, so a reader moving between lessons fetches it once. Material's own files
# stay separate: they are the same on every page and so stay cached across kinds.
BUNDLE_DIRS = ("assets/css/", "assets/js/", "assets/fonts/")
BUNDLE_MANIFEST = "assets/bundles.json"
_CSS_TAG = r'<link rel="stylesheet" href="([^"]+)">'
_JS_TAG = r'<script src="([^"]+)"></script>'
_RUNS = {".css": re.compile(rf"(?:{_CSS_TAG}\s*)+"), ".js": re.compile(rf"(?:{_JS_TAG}\s*)+")}
_HREF = {".css": re.compile(_CSS_TAG), ".js": re.compile(_JS_TAG)}
_SOURCE_MAP = re.compile(r"^[ \t]*(?://|/\*)# sourceMappingURL=.*$", re.M)


def _css_part(site: Path, rel: str, out_dir: str) -> str:
    """One stylesheet with its relative url()s pointing from ``out_dir`` instead."""
    css = _SOURCE_MAP.sub("", (site / rel).read_text(encoding="utf-8"))
    src_dir = posixpath.dirname(rel)

    def fix(m: re.Match) -> str:
        url = m.group(2).strip()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return m.group(0)
        return f"url({posixpath.relpath(posixpath.normpath(posixpath.join(src_dir, url)), out_dir)})"

    return CSS_URL.sub(fix, css).strip()


def _bundleable(site: Path, rel: str | None, ext: str) -> bool:
    if rel is None or not rel.startswith(BUNDLE_DIRS) or not rel.endswith(ext) or not (site / rel).is_file():
        return False
    if ext == ".css":  # @import / @charset are only valid at the top of a stylesheet
        return not re.search(r"@(?:import|charset)\b", (site / rel).read_text(encoding="utf-8"))
    return True


def _write_bundle(site: Path, parts: list[str], ext: str, manifest: dict[str, list[str]]) -> str:
    """The bundle joining ``parts`` (written and added to ``manifest`` unless it is there)."""
    for rel, joined in manifest.items():
        if joined == parts:
            return rel
    out_dir = "assets/css" if ext == ".css" else "assets/js"
    if ext == ".css":
        text = "\n".join(_css_part(site, rel, out_dir) for rel in parts) + "\n"
    else:  # classic scripts share one global scope, so joining them keeps their meaning
        text = "".join(_SOURCE_MAP.sub("", (site / rel).read_text(encoding="utf-8")).rstrip() + "\n;\n"
                       for rel in parts)
    data = text.encode("utf-8")
    rel = f"{out_dir}/p-{hashlib.sha256(data).hexdigest()[:10]}{ext}"
    (site / rel).write_bytes(data)
    manifest[rel] = parts
    return rel


def bundle_page(site: Path, page: str, html: str, manifest: dict[str, list[str]]) -> str:
    """``html`` of ``page`` (site-relative) with each run of two or more consecutive own
    stylesheets / scripts replaced by one tag to their bundle (written under ``site`` and
    listed in ``manifest``: bundle -> the files it joins)."""
    for ext, run_re in _RUNS.items():
        def bundle_run(match: re.Match, ext: str = ext) -> str:
            tags = [(m.group(0), resolve(page, m.group(1))) for m in _HREF[ext].finditer(match.group(0))]
            out, group = [], []

            def flush() -> None:
                if len(group) >= 2:
                    bundle = _write_bundle(site, [rel for _, rel in group], ext, manifest)
                    href = relative(page, bundle)
                    out.append(f'<link rel="stylesheet" href="{href}">' if ext == ".css"
                               else f'<script src="{href}"></script>')
                else:
                    out.extend(tag for tag, _ in group)
                group.clear()

            for tag, rel in tags:
                if _bundleable(site, rel, ext):
                    group.append((tag, rel))
                else:
                    flush()
                    out.append(tag)
            flush()
            return "\n".join(out) + "\n"

        html = run_re.sub(bundle_run, html)
    return html


def bundle_site(site: Path) -> dict[str, list[str]]:
    """Bundle the own stylesheets and scripts of every page under ``site``; writes and
    returns the manifest (bundle -> the files it joins, in order)."""
    site = Path(site)
    manifest: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "<link rel=\"stylesheet\"" not in html and "<script src=" not in html:
            continue
        new = bundle_page(site, path.relative_to(site).as_posix(), html, manifest)
        if new != html:
            path.write_text(new, encoding="utf-8")
    (site / BUNDLE_MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def page_asset_files(site: Path, page: str, html: str | None = None) -> list[str]:
    """Site-relative stylesheets and scripts ``page`` loads, in order, bundles expanded
    into the files they join (for the handouts and the tests)."""
    site = Path(site)
    if html is None:
        html = (site / page).read_text(encoding="utf-8")
    manifest_path = site / BUNDLE_MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    out = []
    for m in re.finditer(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"', html):
        rel = resolve(page, m.group(1) or m.group(2))
        if rel is not None:
            out.extend(manifest.get(rel, [rel]))
    return out
