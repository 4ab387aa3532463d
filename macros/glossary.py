"""Glossary: abbreviation tooltips on every page and the glossary page."""

from __future__ import annotations

import re

from .html import esc
from .text import fold


# Characters that would break the ``*[term]: tooltip`` line appended to every page.
_BAD_TERM = re.compile(r"[\[\]\\<>\n\r]")


def check(repo, doc) -> list:
    errors, seen = [], {}
    for i, t in enumerate(doc.data["terms"]):
        key = t["term"]
        bad = _BAD_TERM.search(key)
        if bad or key != key.strip() or not key.strip():
            what = repr(bad.group()) if bad else "khoảng trắng ở đầu hoặc cuối"
            errors.append(doc.error(("terms", i, "term"), f"thuật ngữ {key[:40]!r} không được chứa {what} (term may not contain brackets, backslash, < >, line breaks or edge spaces)"))
            continue
        if key in seen:
            errors.append(doc.error(("terms", i, "term"), f"thuật ngữ '{key}' bị lặp (duplicate term; first at item {seen[key]})", key))
        seen[key] = i
    return errors


def tooltip(term: dict) -> str:
    text = term.get("expansion") or term["definition"]
    if term.get("expansion"):
        text = f"{term['expansion']}: {term['definition']}"
    return " ".join(text.split())


def abbreviations_markdown(terms: list[dict]) -> str:
    """Python-Markdown ``abbr`` definitions, appended to every page at build time."""
    lines = []
    for t in terms:
        lines.append(f"*[{t['term']}]: {tooltip(t).replace(']', ')')}")
    return "\n".join(lines)


def table(terms: list[dict]) -> str:
    rows = sorted(terms, key=lambda t: fold(t["term"]).casefold())
    out = ['<dl class="glossary">']
    for t in rows:
        anchor = "tn-" + "".join(c if c.isalnum() else "-" for c in fold(t["term"]).lower()).strip("-")
        exp = f' <span class="glossary-expansion">({esc(t["expansion"])})</span>' if t.get("expansion") else ""
        out.append(f'<dt id="{anchor}"><strong>{esc(t["term"])}</strong>{exp}</dt><dd>{esc(t["definition"])}</dd>')
    out.append("</dl>")
    return "\n".join(out)


MACROS = {"glossary_table": lambda ctx: table(ctx.repo.glossary)}
