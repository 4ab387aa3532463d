"""MkDocs hooks: the build glue that is specific to MkDocs.

- every Markdown/YAML source must be NFC-normalised (Vietnamese text);
- fonts and the iframe-worker shim come from node_modules (npm, pinned), never a CDN;
- glossary abbreviations become tooltips on every page;
- the search index (macros/search_index.py) is written for MiniSearch, loaded when the
  reader opens search; own JS/CSS, fonts and HTML are slimmed (macros/site_weight.py);
- each template (data/templates/) gets its Word file mau-bieu/<id>.docx, made in memory
  by macros.templates.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.site")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVE_FLAG = "SO_TAY_MKDOCS_SERVE"

# `mkdocs serve` loads the configuration again for every rebuild, and with it this file
# (see on_config); drop the cached `macros` package first so edits to its code apply too.
if os.environ.get(SERVE_FLAG):
    for _name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[_name]

from macros.errors import ContentError  # noqa: E402
from macros.glossary import abbreviations_markdown  # noqa: E402
from macros.html import tooltip_attr  # noqa: E402
from macros.yamlio import decode  # noqa: E402
from macros.sources import replaced_mentions  # noqa: E402
from macros.search_index import index_payload, index_script, page_boost, page_kind  # noqa: E402
from macros.page_assets import first_abbr_only, load_stylesheets, prune_assets  # noqa: E402
from macros.site_weight import collapse_html, slim_site  # noqa: E402
from macros.templates import TemplateError, site_files as template_files  # noqa: E402
from macros.text import first_non_nfc_line, front_matter_lines  # noqa: E402

NODE = ROOT / "node_modules"
FONT_PKG = NODE / "@fontsource" / "be-vietnam-pro"
FONT_SUBSETS = ("vietnamese", "latin-ext", "latin")
FONT_FACES = (("400", "normal"), ("400", "italic"), ("600", "normal"), ("700", "normal"))
SHIM = NODE / "iframe-worker" / "shim" / "index.js"
JSQR = NODE / "jsqr" / "dist" / "jsQR.js"  # QR photos on the trainer's grading page

# EDITION=hoc-vien: the trainee edition, without the trainer section (answer keys, the
# class-test grading page), for hosting on a room LAN during a test.
EDITIONS = ("day-du", "hoc-vien")
TRAINER_DIR = "giang-vien/"
TRAINER_NAV = "Dành cho giảng viên"


def edition() -> str:
    import os

    value = os.environ.get("EDITION", "").strip() or "day-du"
    if value not in EDITIONS:
        raise PluginError(f"EDITION={value}: chỉ nhận {' hoặc '.join(EDITIONS)} (unknown edition)")
    return value


def _missing_asset(path: Path) -> PluginError:
    return PluginError(
        f"thiếu tệp {path.relative_to(ROOT)}: hãy chạy 'make serve' hoặc 'npm ci' "
        "(missing front-end asset; run npm ci)"
    )


# ---------------------------------------------------------------- NFC check
def _check_nfc() -> None:
    bad = []
    for base in ("docs", "quizzes", "data"):
        for path in sorted((ROOT / base).rglob("*")):
            if path.suffix not in (".md", ".yml", ".yaml") or not path.is_file():
                continue
            try:
                text = decode(path.read_bytes(), str(path.relative_to(ROOT)))
            except ContentError as exc:
                bad.append(str(exc))
                continue
            line = first_non_nfc_line(text)
            if line is not None:
                bad.append(f"{path.relative_to(ROOT)}:{line}: văn bản chưa chuẩn hóa NFC (text is not NFC-normalised)")
    if bad:
        raise PluginError("\n".join(bad))


class _AnchorWarningWithLine(logging.Filter):
    """MkDocs reports a link to a missing anchor without a line: add file and line."""

    PATTERN = re.compile(r"^Doc file '(.+?)' contains a link '(.+?)', but (.+)$", re.S)

    def filter(self, record: logging.LogRecord) -> bool:
        m = self.PATTERN.match(record.getMessage())
        if m:
            src, link, problem = m.groups()
            where = f"docs/{src}"
            try:
                text = decode((ROOT / "docs" / src).read_bytes(), where)
            except (OSError, ContentError):
                text = ""
            line = next((i for i, ln in enumerate(text.split("\n"), 1) if f"({link}" in ln or f"]: {link}" in ln), None)
            if line is None:
                line = next((i for i, ln in enumerate(text.split("\n"), 1) if link in ln), None)
            if line is not None:
                where += f":{line}"
            record.msg = f"{where}: liên kết '{link}' trỏ tới đề mục không có (link to a missing anchor: {problem.rstrip('.')})"
            record.args = ()
        return True


_ANCHOR_FILTER = _AnchorWarningWithLine()


def on_config(config, **kwargs):
    if os.environ.get(SERVE_FLAG):
        # MkDocs caches loaded hooks; forget this one so the next rebuild runs the edited file.
        from mkdocs.config import config_options

        config_options.Hooks._load_hook.cache_clear()
    _check_nfc()
    pages_log = logging.getLogger("mkdocs.structure.pages")
    if _ANCHOR_FILTER not in pages_log.filters:
        pages_log.addFilter(_ANCHOR_FILTER)
    if edition() == "hoc-vien":
        config["nav"] = [item for item in config["nav"] or []
                         if not (isinstance(item, dict) and TRAINER_NAV in item)]
    return config


# ---------------------------------------------------------------- live editing (mkdocs serve)
def _keep_serving(builder):
    """Wrap the serve loop's builder: a failed rebuild leaves the last good site served.

    MkDocs has already logged each author error on its own line (file:line: …); without
    this wrapper it would add a Python traceback and then hold every page request until
    the error is fixed. Errors that are not MkDocs errors (bugs) keep their traceback.
    """
    from functools import wraps

    from mkdocs.exceptions import MkDocsException

    @wraps(builder)
    def build(*args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except MkDocsException:
            log.error("Chưa dựng lại được (rebuild failed): trang cũ vẫn được phục vụ; "
                      "sửa lỗi ở dòng trên rồi lưu tệp để dựng lại.")

    return build


def on_startup(command, **kwargs):
    if command == "serve":
        from mkdocs.livereload import LiveReloadServer

        os.environ[SERVE_FLAG] = "1"
        if not getattr(LiveReloadServer.__init__, "_keeps_serving", False):
            original = LiveReloadServer.__init__

            def __init__(self, builder, *args, **kwargs):
                original(self, _keep_serving(builder), *args, **kwargs)

            __init__._keeps_serving = True
            LiveReloadServer.__init__ = __init__


# ---------------------------------------------------------------- assets
def font_css() -> str:
    """@font-face rules for the subsets we need, woff2 only, pointing at copied files."""
    rules = []
    for weight, style in FONT_FACES:
        name = f"{weight}-italic.css" if style == "italic" else f"{weight}.css"
        css_path = FONT_PKG / name
        if not css_path.is_file():
            raise _missing_asset(css_path)
        css = css_path.read_text(encoding="utf-8")
        for block in re.findall(r"/\*[^*]*\*/\s*@font-face\s*\{[^}]*\}", css):
            subset = re.search(r"be-vietnam-pro-([a-z-]+)-\d{3}-", block)
            if not subset or subset.group(1) not in FONT_SUBSETS:
                continue
            block = re.sub(r",\s*url\([^)]*\.woff\)\s*format\('woff'\)", "", block)
            rules.append(block.replace("./files/", "files/"))
    return "\n".join(rules) + "\n"


def font_files() -> list[Path]:
    files = []
    for weight, style in FONT_FACES:
        for subset in FONT_SUBSETS:
            p = FONT_PKG / "files" / f"be-vietnam-pro-{subset}-{weight}-{style}.woff2"
            if not p.is_file():
                raise _missing_asset(p)
            files.append(p)
    return files


def on_files(files: Files, config, **kwargs):
    if not SHIM.is_file():
        raise _missing_asset(SHIM)
    files.append(File.generated(config, "assets/vendor/iframe-worker/shim.js", abs_src_path=str(SHIM)))
    for p in font_files():
        files.append(File.generated(config, f"assets/fonts/files/{p.name}", abs_src_path=str(p)))
    files.append(File.generated(config, "assets/fonts/fonts.css", content=font_css()))
    # Templates (mẫu biểu): a Word file per template from data/templates/, built in memory
    # by macros.templates and published beside its page as mau-bieu/<id>.docx.
    repo = config.plugins["macros"].variables.get("repo") if "macros" in config.plugins else None
    if repo is not None:
        try:
            generated = template_files([d.data for d in repo.documents.get("template", [])])
        except TemplateError as exc:
            raise PluginError(str(exc)) from None
        for uri, content in generated.items():
            files.append(File.generated(config, uri, content=content))
    if edition() == "hoc-vien":
        for f in [f for f in files if f.src_uri.startswith(TRAINER_DIR)]:
            files.remove(f)
    else:
        if not JSQR.is_file():
            raise _missing_asset(JSQR)
        files.append(File.generated(config, "assets/vendor/jsqr/jsQR.js", abs_src_path=str(JSQR)))
        # The Excel template for question banks (linked from the trainers' authoring guide),
        # generated from the importer's columns.
        from macros.importer.xlsx import TEMPLATE_URL, template_xlsx

        files.append(File.generated(config, TEMPLATE_URL, content=template_xlsx()))
    _search_files(files, config)
    return files


# ---------------------------------------------------------------- content checks, glossary
def on_page_markdown(markdown: str, page, config, **kwargs):
    repo = config.plugins["macros"].variables.get("repo")
    if repo is None:
        return markdown
    # A replaced document named without saying so: warn (a strict build stops).
    offset = front_matter_lines(page.file.content_string) if page.file.abs_src_path else 0
    for line, number, new in replaced_mentions(page.markdown or markdown, repo.sources):
        log.warning(
            f"docs/{page.file.src_uri}:{line + offset}: nhắc đến {number} (đã được thay thế bởi {new}) "
            "mà không nói rõ văn bản đã bị thay thế (cites a replaced document without saying so)"
        )
    # Front matter the theme writes into <title> and <meta> without escaping.
    for key in ("title", "description", "author"):
        value = (page.meta or {}).get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)
    return markdown + "\n\n" + abbreviations_markdown(repo.glossary) + "\n"


# ---------------------------------------------------------------- trainee edition
_TRAINER_LINK = re.compile(r'<a\s[^>]*href="(?:\.\./)*' + re.escape(TRAINER_DIR) + r'[^"]*"[^>]*>(.*?)</a>', re.S)


def _trainee_links(html_text: str) -> str:
    """Trainee edition: a link into the trainer section (left out) keeps only its text."""
    if edition() == "hoc-vien":
        return _TRAINER_LINK.sub(r"\1", html_text)
    return html_text


# ---------------------------------------------------------------- script safety
_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background")


def _own_asset_script(el) -> bool:
    """A macro's ``<script src>`` for one of the site's own files under assets/ (e.g. the
    grading page's scripts): no inline code, no other host, no scheme."""
    src = el.get("src") or ""
    return (not (el.text or "").strip() and ":" not in src and not src.startswith("//")
            and re.fullmatch(r"(\.\./)*assets/[\w./-]+\.js", src) is not None)


def script_in_html(html_text: str) -> str | None:
    """A description of the first thing in ``html_text`` that could run a script, or None."""
    import lxml.html

    if not html_text.strip():
        return None
    root = lxml.html.fragment_fromstring(html_text, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "script" and el.get("type") != "application/json" and not _own_asset_script(el):
            return "thẻ <script>"
        if tag in ("iframe", "object", "embed", "frame", "base"):
            return f"thẻ <{tag}>"
        for name, value in el.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                return f"thuộc tính {name}= trên <{tag}>"
            if name == "srcdoc":
                return f"thuộc tính srcdoc= trên <{tag}>"
            if name in _URL_ATTRS and re.match(r"\s*(javascript|vbscript|data)\s*:", value or "", re.I):
                return f"liên kết {value.split(':')[0].strip().lower()}: trên <{tag}>"
    return None


def on_page_content(html_text: str, page, config, **kwargs):
    """Last line of defence: the rendered page body may not contain a script.

    The Markdown sources are checked line by line before the build (macros.pages);
    this catches what only appears after rendering (e.g. text produced by Jinja).
    """
    found = script_in_html(html_text)
    if found:
        raise PluginError(f"docs/{page.file.src_uri}: trang sinh ra {found} (the rendered page contains something that runs a script)")
    return _trainee_links(html_text)


_TITLE_ATTR = re.compile(r'(\stitle=")([^"]*)(")')


def _inert_title(m: re.Match) -> str:
    value = html.unescape(m.group(2))
    if "<" not in value and "&" not in value:
        return m.group()
    return m.group(1) + tooltip_attr(value) + m.group(3)


# ---------------------------------------------------------------- accessibility
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _post_page_accessibility(output: str) -> str:
    """Give Material's search dialog an accessible name (axe: aria-dialog-name), and make
    every ``title`` attribute inert: Material's tooltips insert titles as HTML."""
    output = _TITLE_ATTR.sub(_inert_title, output)
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Tìm kiếm trong tài liệu">', 1)


def on_post_template(output: str, template_name: str, config, **kwargs):
    """The same name on the search dialog of theme pages (404.html)."""
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Tìm kiếm trong tài liệu">', 1)


# ---------------------------------------------------------------- search
# Material's lunr search is replaced by MiniSearch (npm, pinned) behind Material's search
# box (overrides/partials/search.html, docs/assets/js/search.js): the index is loaded only
# when the reader opens search, accents are folded in the browser (one copy of the text),
# and pages are ranked by kind (macros/search_index.py).
MINISEARCH = NODE / "minisearch" / "dist" / "umd" / "index.js"
_search_pages: dict[str, tuple[str, str, float | None]] = {}


def on_pre_build(config, **kwargs):
    _search_pages.clear()


def on_post_page(output: str, page, config, **kwargs):
    output = collapse_html(_post_page_accessibility(output))
    # Page-specific scripts and stylesheets only where the page uses them (first-load weight).
    output = first_abbr_only(prune_assets(output, load_stylesheets(config["docs_dir"])))
    kind = page_kind(page.url, page.meta)
    if kind is not None:
        try:
            boost = page_boost(page.meta)
        except ValueError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None
        _search_pages[page.url] = (kind, output, boost)
    return output


def _search_files(files: Files, config) -> None:
    if not MINISEARCH.is_file():
        raise _missing_asset(MINISEARCH)
    files.append(File.generated(config, "assets/vendor/minisearch/minisearch.js", abs_src_path=str(MINISEARCH)))


@event_priority(-50)
def on_post_build(config, **kwargs):
    site = Path(config.site_dir)
    pages = [(url, *entry) for url, entry in sorted(_search_pages.items())]
    payload = index_payload(pages)
    (site / "search").mkdir(exist_ok=True)
    (site / "search" / "search_index.json").write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (site / "search" / "search_index.js").write_text(index_script(payload), encoding="utf-8")
    slim_site(site, NODE)
