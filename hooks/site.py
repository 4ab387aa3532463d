"""MkDocs hooks: the build glue that is specific to MkDocs.

- every Markdown/YAML source must be NFC-normalised (Vietnamese text);
- fonts and the iframe-worker shim come from node_modules (npm, pinned), never a CDN;
- glossary abbreviations become tooltips on every page;
- the search index (macros/search_index.py) is written for MiniSearch, loaded when the
  reader opens search; own JS/CSS, fonts and HTML are slimmed (macros/site_weight.py).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.site")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.glossary import abbreviations_markdown  # noqa: E402
from macros.sources import replaced_mentions  # noqa: E402
from macros.search_index import index_payload, index_script, page_kind  # noqa: E402
from macros.site_weight import collapse_html, slim_site  # noqa: E402
from macros.text import first_non_nfc_line, front_matter_lines  # noqa: E402

NODE = ROOT / "node_modules"
FONT_PKG = NODE / "@fontsource" / "be-vietnam-pro"
FONT_SUBSETS = ("vietnamese", "latin-ext", "latin")
FONT_FACES = (("400", "normal"), ("400", "italic"), ("600", "normal"), ("700", "normal"))
SHIM = NODE / "iframe-worker" / "shim" / "index.js"


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
            text = path.read_text(encoding="utf-8")
            line = first_non_nfc_line(text)
            if line is not None:
                bad.append(f"{path.relative_to(ROOT)}:{line}: văn bản chưa chuẩn hóa NFC (text is not NFC-normalised)")
    if bad:
        raise PluginError("\n".join(bad))


def on_config(config, **kwargs):
    _check_nfc()
    return config


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
    return markdown + "\n\n" + abbreviations_markdown(repo.glossary) + "\n"


# ---------------------------------------------------------------- search
# Material's lunr search is replaced by MiniSearch (npm, pinned) behind Material's search
# box (overrides/partials/search.html, docs/assets/js/search.js): the index is loaded only
# when the reader opens search, accents are folded in the browser (one copy of the text),
# and pages are ranked by kind (macros/search_index.py).
MINISEARCH = NODE / "minisearch" / "dist" / "umd" / "index.js"
_search_pages: dict[str, tuple[str, str]] = {}


def on_pre_build(config, **kwargs):
    _search_pages.clear()


def on_post_page(output: str, page, config, **kwargs):
    output = collapse_html(output)
    kind = page_kind(page.url, page.meta)
    if kind is not None:
        _search_pages[page.url] = (kind, output)
    return output


def _search_files(files: Files, config) -> None:
    if not MINISEARCH.is_file():
        raise _missing_asset(MINISEARCH)
    files.append(File.generated(config, "assets/vendor/minisearch/minisearch.js", abs_src_path=str(MINISEARCH)))


@event_priority(-50)
def on_post_build(config, **kwargs):
    site = Path(config.site_dir)
    pages = [(url, kind, html) for url, (kind, html) in sorted(_search_pages.items())]
    payload = index_payload(pages)
    (site / "search").mkdir(exist_ok=True)
    (site / "search" / "search_index.json").write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (site / "search" / "search_index.js").write_text(index_script(payload), encoding="utf-8")
    slim_site(site, NODE)
