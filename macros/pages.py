"""Checks on the Markdown pages under ``docs/`` that need no MkDocs build.

- every page is UTF-8 (a bad byte is reported with its line and column);
- front matter is valid YAML (MkDocs would drop broken front matter without a word);
- the policy for raw HTML written by authors (see README, "Thêm và sửa nội dung"):
  only a small allow-list of presentational tags; no ``on…=`` event attributes, no
  ``javascript:``/``vbscript:``/``data:`` URLs, neither in HTML nor in Markdown links;
- every ``--8<--`` snippet file exists (pymdownx.snippets would stop with a traceback).

Fenced code blocks and inline code spans are documentation, so they are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, rel
from .yamlio import decode, load_text

# Raw HTML tags an author may write in a page. Everything else (script, iframe, object,
# embed, style, form, input, base, meta, link, svg, math, template...) is refused.
ALLOWED_TAGS = frozenset("""
a abbr b blockquote br caption cite code col colgroup dd del details div dl dt em figcaption
figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s section small span strong sub
summary sup table tbody td tfoot th thead tr u ul
""".split())

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG = re.compile(r"<\s*([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?")
_EVENT_ATTR = re.compile(r"(?:^|[\s\"'/])(on[a-z]+)\s*=", re.I)
_BAD_URL_ATTR = re.compile(r"\b(?:href|src|action|formaction|xlink:href|srcdoc|background|poster)\s*=\s*[\"']?\s*(javascript|vbscript|data)\s*:", re.I)
_SRCDOC = re.compile(r"\bsrcdoc\s*=", re.I)
_MD_LINK_URL = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data)\s*:", re.I)
_REF_DEF_URL = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?\s*(javascript|vbscript|data)\s*:", re.I)
_LINK_TITLE = re.compile(r"""(\]\([^)\s]*)\s+(?:"[^"]*"|'[^']*')\s*\)""")
_QUOTED_VALUE = re.compile(r"\"[^\"]*\"|'[^']*'")
_SNIPPET = re.compile(r"^\s*(;?)-{1,}8<-{1,}\s+([\"'])(.+?)\2\s*$")
_SNIPPET_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)\s*$")


def read_page(path: Path, root: Path) -> str:
    """A page's text (UTF-8, BOM removed), or ContentError with the line of a bad byte."""
    return decode(path.read_bytes(), rel(path, root))


def front_matter(text: str, name: str) -> tuple[dict, int]:
    """(front matter, lines it takes) of a page; broken front matter is a ContentError."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if _FRONT_END.match(lines[i]):
            block = "\n".join(lines[1:i]) + "\n"
            doc = load_text(block, name, line_offset=1, allow_empty=True)
            if doc.data is None:
                return {}, i + 1
            if not isinstance(doc.data, dict):
                raise ContentError(name, 2, None, "phần đầu trang (front matter) phải là các cặp 'khóa: giá trị' (front matter must be a mapping)")
            return doc.data, i + 1
    raise ContentError(name, 1, None, "phần đầu trang (front matter) mở bằng '---' nhưng không có dòng '---' đóng lại (unclosed front matter)")


def _code_free_lines(text: str):
    """(line number, line without inline code) for lines outside fenced code blocks."""
    fence = None
    for n, line in enumerate(text.split("\n"), 1):
        m = _FENCE.match(line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark[0] * 3
            elif mark.startswith(fence):
                fence = None
            continue
        if fence is None:
            yield n, _CODE_SPAN.sub(lambda s: " " * len(s.group()), line)


_COMMENT = re.compile(r"<!--.*?-->|\{##.*?##\}", re.S)


def blank_comments(text: str) -> str:
    """``text`` with HTML (``<!-- -->``) and Jinja (``{## ##}``) comments blanked, lines kept."""
    return _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)


def html_policy(text: str, name: str, skip_lines: int = 0) -> list[ContentError]:
    """Raw HTML and URLs an author may not write (scripts, event handlers, script URLs).

    Front matter (``skip_lines``) is YAML, escaped by the build; a Markdown link title
    (``[x](url "title")``) becomes an escaped attribute, so neither is raw HTML.
    """
    errors = []
    for n, line in _code_free_lines(blank_comments(text)):
        if n <= skip_lines:
            continue
        line = _LINK_TITLE.sub(lambda t: t.group(1) + " " * (len(t.group()) - len(t.group(1)) - 1) + ")", line)
        for m in _TAG.finditer(line):
            tag, attrs = m.group(1).lower(), _QUOTED_VALUE.sub('""', m.group(2))
            col = m.start() + 1
            if tag not in ALLOWED_TAGS:
                errors.append(ContentError(name, n, col, f"thẻ HTML <{tag}> không được dùng trong trang; xem mục 'Thêm và sửa nội dung' trong README (raw <{tag}> is not allowed)"))
                continue
            ev = _EVENT_ATTR.search(attrs)
            if ev:
                errors.append(ContentError(name, n, col, f"thuộc tính {ev.group(1)}= (chạy mã JavaScript) không được dùng trong trang (event-handler attributes are not allowed)"))
            if _SRCDOC.search(attrs):
                errors.append(ContentError(name, n, col, "thuộc tính srcdoc= không được dùng trong trang (srcdoc is not allowed)"))
        for rx in (_BAD_URL_ATTR, _MD_LINK_URL, _REF_DEF_URL):
            for m in rx.finditer(line):
                errors.append(ContentError(name, n, m.start() + 1, f"liên kết '{m.group(1).lower()}:' không được dùng; chỉ dùng http:, https:, mailto: hoặc đường dẫn trong tài liệu ({m.group(1).lower()}: URLs are not allowed)"))
    return errors


def snippet_errors(text: str, name: str, root: Path) -> list[ContentError]:
    """``--8<-- "file"`` lines whose file does not exist (relative to the project root)."""
    errors = []
    lines = text.split("\n")
    in_block = False
    for n, line in enumerate(lines, 1):
        if _SNIPPET_BLOCK.match(line):
            in_block = not in_block
            continue
        target = None
        m = _SNIPPET.match(line)
        if m and not m.group(1):
            target = m.group(3)
        elif in_block and line.strip() and not line.strip().startswith(";"):
            target = line.strip()
        if target is None or re.match(r"^[a-z]+://", target):
            continue
        path = target
        if not (root / path).is_file():
            path = re.sub(r"(:[^:/\\]*){1,2}$", "", target)  # file.md:section or file.md:1:3
        if not (root / path).is_file():
            errors.append(ContentError(name, n, None, f"tệp trích đoạn không tồn tại (missing snippet file): {target}"))
    return errors


def check_pages(root: Path, docs_dir: Path) -> tuple[dict[str, str], list[ContentError]]:
    """Text of every page (by path under docs/) and every problem found in the pages."""
    texts: dict[str, str] = {}
    errors: list[ContentError] = []
    for path in sorted(docs_dir.rglob("*.md")):
        name = rel(path, root)
        key = path.relative_to(docs_dir).as_posix()
        try:
            text = read_page(path, root)
        except ContentError as exc:
            errors.append(exc)
            texts[key] = path.read_bytes().decode("utf-8", "replace")
            continue
        texts[key] = text
        try:
            _meta, front_lines = front_matter(text, name)
        except ContentError as exc:
            errors.append(exc)
            front_lines = 0
        errors.extend(html_policy(text, name, front_lines))
        errors.extend(snippet_errors(text, name, root))
    return texts, errors
