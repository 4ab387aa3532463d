"""Load page-specific scripts and stylesheets only on the pages that use them.

MkDocs puts every ``extra_javascript``/``extra_css`` file on every page. Most of them
drive one kind of block (quiz, review sheet, checklist, deadline calculator, template
form); a lesson page without such a block need not download them. ``prune_assets`` drops
the tags a page does not need, judged from the class names the page's HTML uses, so a
new page using a component gets its script and stylesheet without any list to update.
Generator-independent: works on the finished HTML of a page.
"""

from __future__ import annotations

import re
from pathlib import Path

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
