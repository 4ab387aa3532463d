"""Make a built site lighter (generator-independent; the build calls ``slim_site``).

- the project's own JS and CSS (``assets/js``, ``assets/css``, vendored scripts) are
  minified in place with esbuild (npm, pinned in package.json);
- the web fonts are cut down to the glyphs the site uses (plus ASCII and the whole
  Vietnamese alphabet, for what readers type) with fontTools, the Latin and Vietnamese
  cuts of each face merged into one file (Vietnamese text no longer alternates between
  two fonts word by word, and a page waits for one file per face, not two), and
  ``fonts.css`` gets each file's real ``unicode-range``;
- Material's "no transitions while the colour scheme switches" rule is retargeted from
  the marker Material also sets (and removes) on every page load, which restyled every
  element of the page twice before DOMContentLoaded, to one that site.js sets only when
  the reader switches (``retarget_palette_switch``);
- every page preloads its upright regular and bold files, so they usually arrive before
  the page is first laid out instead of swapping in later and restyling the whole page;
- each page's own stylesheets and scripts are joined into one file of each kind
  (``page_assets.bundle_site``), so a page waits for two requests of ours, not ten;
- HTML: runs of whitespace between tags (template indentation) become one newline,
  outside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from pathlib import Path

from .page_assets import bundle_site

# Browsers of the training rooms' old PCs and cheap phones: no newer syntax than this.
ESBUILD_TARGET = "es2017"
MINIFY_DIRS = ("assets/js", "assets/css", "assets/vendor", "assets/fonts")
VIETNAMESE = (
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
)
TYPED = "".join(chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x100)]) + VIETNAMESE + "–—‘’“”…·•€₫→←✓✗"

_RAW = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BETWEEN_TAGS = re.compile(r">\s{2,}<|>[ \t]*\n\s*<")


def collapse_html(html: str) -> str:
    """Whitespace between tags -> one newline (same rendering), raw-text elements untouched."""
    parts = _RAW.split(html)
    out = []
    i = 0
    while i < len(parts):
        out.append(_BETWEEN_TAGS.sub(">\n<", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])  # the whole raw element
        i += 3
    return "".join(out)


def esbuild_path(node_modules: Path) -> Path:
    return node_modules / ".bin" / "esbuild"


def minify_assets(site: Path, node_modules: Path) -> list[Path]:
    """Minify own JS/CSS in place; returns the files minified. Raises on esbuild errors."""
    files = [p for d in MINIFY_DIRS for p in sorted((site / d).rglob("*"))
             if p.suffix in (".js", ".css") and p.is_file() and not p.name.endswith(".min.js")]
    if not files:
        return []
    exe = esbuild_path(node_modules)
    if not exe.is_file():
        raise FileNotFoundError(f"{exe}: esbuild is missing (run npm ci)")
    for path in files:
        proc = subprocess.run(
            [str(exe), str(path), "--minify", f"--target={ESBUILD_TARGET}", "--charset=utf8",
             "--log-level=error"],
            capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{path}: esbuild could not minify it: {proc.stderr.strip()}")
        path.write_text(proc.stdout, encoding="utf-8")
    return files


def used_characters(site: Path) -> set[str]:
    """Characters of the built pages and scripts, what readers type, and the generators' own
    strings (``macros/**/*.py``: the PDF handouts add text of their own, e.g. «…» around the
    accepted answers of an answer key, that no page shows)."""
    chars = set(TYPED)
    for path in Path(__file__).resolve().parent.rglob("*.py"):
        chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js") and path.is_file() and "javascripts" not in path.parts:
            chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return {c for c in chars if c.isprintable() or c == "\u00a0"}


def _ranges(codepoints: list[int]) -> str:
    out, start, prev = [], None, None
    for cp in sorted(codepoints):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            out.append((start, prev))
            start = prev = cp
    if start is not None:
        out.append((start, prev))
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in out)


def _parse_range(value: str) -> set[int]:
    out: set[int] = set()
    for part in value.split(","):
        part = part.strip().upper().removeprefix("U+")
        if not part:
            continue
        lo, _, hi = part.partition("-")
        if "?" in lo:
            lo, hi = lo.replace("?", "0"), lo.replace("?", "F")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return out


def woff2_subset(font, unicodes, **options) -> bytes:
    """``font`` (a fontTools TTFont, changed in place) cut down to ``unicodes``, as woff2
    bytes; ``options`` are fontTools ``subset.Options`` (layout_features, name_IDs, ...)."""
    from fontTools import subset

    sub = subset.Subsetter(subset.Options(flavor="woff2", **options))
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff2"
    font.save(buf)
    return buf.getvalue()


def subset_fonts(site: Path, merge_weights: dict[str, str] | None = None) -> int:
    """Subset the woff2 files named in assets/fonts/fonts.css; returns the bytes saved.

    Each @font-face keeps only the used characters of its declared unicode-range that no
    earlier face took, so the ranges no longer overlap and a Vietnamese page loads two
    files per weight (Latin, Vietnamese) instead of three. ``merge_weights`` maps a weight
    onto a heavier one that serves both (default: 600 -> 700, one file set fewer).
    """
    from fontTools.ttLib import TTFont

    merge_weights = {"600": "700"} if merge_weights is None else merge_weights
    folder = site / "assets" / "fonts"
    css_path = folder / "fonts.css"
    if not css_path.is_file():
        return 0
    wanted = {ord(c) for c in used_characters(site)}
    css = css_path.read_text(encoding="utf-8")
    blocks = re.findall(r"@font-face\s*\{[^}]*\}", css)
    taken: dict[tuple[str, str], set[int]] = {}
    saved = 0
    out = []
    for block in blocks:
        url = re.search(r"url\(([^)]+)\)", block).group(1).strip("'\"")
        path = folder / url
        weight = re.search(r"font-weight:\s*(\d+)", block).group(1)
        style = re.search(r"font-style:\s*(\w+)", block).group(1)
        before = path.stat().st_size if path.is_file() else 0
        if weight in merge_weights:
            path.unlink(missing_ok=True)
            saved += before
            continue
        declared = re.search(r"unicode-range:\s*([^;}]*)", block)
        declared_set = _parse_range(declared.group(1)) if declared else set(range(0x110000))
        claimed = taken.setdefault((weight, style), set())
        keep = (declared_set & wanted) - claimed
        font = TTFont(str(path), recalcTimestamp=False)  # same bytes on every build
        keep &= set(font.getBestCmap() or {})
        if not keep:
            path.unlink()
            saved += before
            continue
        claimed |= keep
        # keep the names: Chromium writes the PostScript name (ID 6) into printed PDFs, and
        # without a name table it prints "OTS-derived-font" instead of BeVietnamPro-*;
        # TrueType hints are about half of each file
        data = woff2_subset(font, sorted(keep), layout_features=["*"], name_IDs=[1, 2, 4, 6],
                            name_legacy=False, hinting=False)
        path.write_bytes(data)
        saved += before - len(data)
        served = [w for w, heavier in merge_weights.items() if heavier == weight]
        weights = f"{min([weight, *served])} {weight}" if served else weight
        block = re.sub(r"unicode-range:[^;}]*", f"unicode-range: {_ranges(sorted(keep))}", block)
        block = re.sub(r"font-weight:\s*\d+", f"font-weight: {weights}", block)
        out.append((weight, style, keep, path, block))
    merged = _merge_faces(folder, out)
    css_path.write_text("\n".join(merged) + "\n", encoding="utf-8")
    return saved


def _merge_faces(folder: Path, faces: list[tuple]) -> list[str]:
    """One file per (weight, style): the subset files of a face merged with fontTools.

    ``faces``: (weight, style, codepoints, path, @font-face block) in fonts.css order; the
    ranges of one face never overlap (``subset_fonts``). Returns the @font-face blocks.
    """
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    groups: dict[tuple[str, str], list[tuple]] = {}
    for face in faces:
        groups.setdefault(face[:2], []).append(face)
    blocks = []
    for parts in groups.values():
        if len(parts) == 1:
            blocks.append(parts[0][4])
            continue
        paths = [part[3] for part in parts]
        stems = [p.stem for p in paths]
        prefix = os.path.commonprefix(stems)
        prefix = prefix[:prefix.rfind("-") + 1] if "-" in prefix else prefix
        target = paths[0].parent / f"{prefix}{parts[0][0]}-{parts[0][1]}.woff2"
        with tempfile.TemporaryDirectory() as tmp:
            plain = []
            for i, path in enumerate(paths):
                font = TTFont(str(path), recalcTimestamp=False)
                font.flavor = None
                if i == 0:
                    stamps = (font["head"].created, font["head"].modified)
                plain.append(str(Path(tmp) / f"{i}.ttf"))
                font.save(plain[-1])
            font = Merger().merge(plain)
        # fontTools' merger stamps the merged head table with the current time: keep the
        # package's own dates instead, so that every build writes the same bytes.
        font["head"].created, font["head"].modified = stamps
        font.recalcTimestamp = False
        font.flavor = "woff2"
        buf = io.BytesIO()
        font.save(buf)
        for path in paths:
            path.unlink()
        target.write_bytes(buf.getvalue())
        keep = set().union(*(part[2] for part in parts))
        block = re.sub(r"unicode-range:[^;}]*", f"unicode-range: {_ranges(sorted(keep))}", parts[0][4])
        block = re.sub(r"url\([^)]+\)", f"url({target.relative_to(folder).as_posix()})", block)
        blocks.append(block)
    return blocks


PRELOAD_MARK = "font-preload"
_FONT_LINK = re.compile(r'<link rel="stylesheet" href="((?:\.\.?/)*)assets/fonts/fonts\.css">')


def preload_fonts(site: Path) -> list[str]:
    """Preload the upright regular and bold files on every page that links fonts.css;
    returns the files preloaded (relative to assets/fonts/).

    A font preload is a CORS request, which Chromium refuses for a page opened from disk
    (the @font-face load itself is allowed), so a two-line script placed before the first
    stylesheet adds the ``<link rel=preload>`` tags over http(s) only.
    """
    css_path = site / "assets" / "fonts" / "fonts.css"
    if not css_path.is_file():
        return []
    files = []
    for block in re.findall(r"@font-face\s*\{[^}]*\}", css_path.read_text(encoding="utf-8")):
        style = re.search(r"font-style:\s*(\w+)", block).group(1)
        weights = re.search(r"font-weight:\s*([\d ]+)", block).group(1).split()
        if style == "normal" and ("400" in weights or "700" in weights):
            files.append(re.search(r"url\(([^)]+)\)", block).group(1).strip("'\""))
    if not files:
        return []
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        link = _FONT_LINK.search(html)
        first = html.find('<link rel="stylesheet"')
        if not link or PRELOAD_MARK in html:
            continue
        hrefs = ",".join(f'"{link.group(1)}assets/fonts/{f}"' for f in files)
        script = (f'<script>/*{PRELOAD_MARK}*/location.protocol!=="file:"&&[{hrefs}].forEach(function(h){{'
                  'var l=document.createElement("link");l.rel="preload";l.as="font";l.type="font/woff2";'
                  'l.crossOrigin="anonymous";l.href=h;document.head.appendChild(l)})</script>')
        path.write_text(html[:first] + script + html[first:], encoding="utf-8")
    return files


# ---------------------------------------------------------------- unused theme CSS
def _split_rules(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a stylesheet; quoted strings may hold braces."""
    out, depth, start, prelude_end, i, quote = [], 0, 0, 0, 0, ""
    while i < len(css):
        ch = css[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            if depth == 0:
                prelude_end = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                out.append((css[start:prelude_end], css[prelude_end + 1:i]))
                start = i + 1
        elif ch == ";" and depth == 0:
            out.append((css[start:i + 1], None))
            start = i + 1
        i += 1
    return out


_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")


def purge_css(css: str, tokens: set[str]) -> str:
    """Drop style rules all of whose selectors name a class that appears nowhere in the site.

    ``tokens``: every word of the site's HTML and JS (Material's bundle adds classes at run
    time, so its strings count). A BEM modifier (``block--mod``) or element counts as
    present when its block is, since scripts may build those names from parts.
    """
    def present(cls: str) -> bool:
        return cls in tokens or cls.split("--")[0] in tokens or cls.split("__")[0] in tokens

    def dead(selector: str) -> bool:
        return any(not present(c) for c in _CLASS.findall(re.sub(r"\([^()]*\)", "", selector)))

    out = []
    for prelude, body in _split_rules(css):
        if body is None:
            out.append(prelude)
            continue
        head = prelude.strip()
        if head.startswith("@media") or head.startswith("@supports") or head.startswith("@layer"):
            inner = purge_css(body, tokens)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
            continue
        if head.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
            continue
        selectors = [sel for sel in _split_selectors(head) if not dead(sel)]
        if selectors:
            out.append(",".join(selectors) + "{" + body + "}")
    return "".join(out)


def _split_selectors(head: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in head:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def purge_theme_css(site: Path) -> int:
    """Purge Material's main stylesheet of rules for components this site never uses."""
    tokens: set[str] = set()
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js") and path.is_file():
            tokens.update(re.findall(r"[A-Za-z_][\w-]*", path.read_text(encoding="utf-8", errors="ignore")))
    saved = 0
    for path in (site / "assets" / "stylesheets").glob("main.*.min.css"):
        css = path.read_text(encoding="utf-8")
        slim = purge_css(css, tokens)
        saved += len(css.encode()) - len(slim.encode())
        path.write_text(slim, encoding="utf-8")
    return saved


PALETTE_SWITCH = "[data-md-color-switching]"
OWN_PALETTE_SWITCH = "[data-sotay-switching]"  # set and removed by docs/assets/js/site.js


def retarget_palette_switch(site: Path) -> int:
    """Point Material's transition-off rule at our own marker; returns the selectors changed.

    Material sets ``data-md-color-switching`` on <body> when it mounts the palette toggle
    on every page load (and again when the reader switches); the rule behind it matches
    every element, so each load restyled the whole page for a switch that never happens.
    """
    changed = 0
    for path in (site / "assets" / "stylesheets").glob("palette.*.min.css"):
        css = path.read_text(encoding="utf-8")
        changed += css.count(PALETTE_SWITCH)
        path.write_text(css.replace(PALETTE_SWITCH, OWN_PALETTE_SWITCH), encoding="utf-8")
    return changed


def slim_site(site: Path, node_modules: Path) -> None:
    purge_theme_css(site)
    retarget_palette_switch(site)
    subset_fonts(site)
    preload_fonts(site)
    minify_assets(site, node_modules)
    bundle_site(site)
