"""Link check over the complete output (pages, PDFs, DOCX, zips), generator-independent.

``check_output(site)`` parses every HTML page, resolves each internal link and anchor,
and counts the link targets by kind. A download (PDF, DOCX, XLSX, zip) that no page links
to is reported as an orphan; a reference that would load something from another host is
reported too (an ``<a href>`` to another site is a link, not a load).
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

DOWNLOADS = (".pdf", ".docx", ".xlsx", ".zip")
# Folders that hold no reader-facing pages (theme assets, search worker).
SKIP_DIRS = ("assets",)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        for attr in ("href", "src", "srcset", "data", "poster"):
            if a.get(attr):
                value = a[attr].split(",")[0].split()[0] if attr == "srcset" else a[attr]
                self.links.append((tag, attr, value))


def parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if not set(p.relative_to(site).parts[:-1]) & set(SKIP_DIRS) and p.name != "404.html")


def check_site(site: Path, pages: list[Path], targets: dict[Path, int] | None = None) -> tuple[list[str], list[str]]:
    """Return (broken internal links/anchors, references that load from another host).

    ``targets`` (optional) collects every existing file a link points at, with a count.
    """
    parsed = {p: parse(p) for p in pages}
    ids_cache: dict[Path, set[str]] = {p: c.ids for p, c in parsed.items()}
    broken, external_loads = [], []
    for page, c in parsed.items():
        rel = page.relative_to(site).as_posix()
        for tag, attr, value in c.links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                if not (tag == "a" and attr == "href"):
                    external_loads.append(f"{rel}: <{tag} {attr}={value}>")
                continue
            if parts.scheme in ("mailto", "tel", "data", "javascript", "blob"):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path))
            target = Path(posixpath.normpath(target.as_posix()))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: {value} -> missing file")
                continue
            if targets is not None:
                targets[target] = targets.get(target, 0) + 1
            frag = unquote(parts.fragment)
            if frag and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = parse(target).ids
                if frag not in ids_cache[target]:
                    broken.append(f"{rel}: {value} -> missing anchor #{frag}")
    return broken, external_loads


def check_output(site: Path) -> dict:
    """Check the whole output folder; counts are of distinct files linked, by kind."""
    site = Path(site).resolve()
    pages = site_pages(site)
    targets: dict[Path, int] = {}
    broken, external = check_site(site, pages, targets)
    linked = {p.resolve() for p in targets}
    downloads = sorted(p for p in site.rglob("*") if p.is_file() and p.suffix.lower() in DOWNLOADS
                       and not set(p.relative_to(site).parts[:-1]) & set(SKIP_DIRS))
    orphans = [p.relative_to(site).as_posix() for p in downloads if p.resolve() not in linked]
    counts: dict[str, int] = {}
    for p in linked:
        kind = p.suffix.lower().lstrip(".") or "other"
        counts[kind] = counts.get(kind, 0) + 1
    return {"pages": len(pages), "linked": dict(sorted(counts.items())), "downloads": len(downloads),
            "broken": broken, "external": external, "orphans": orphans}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m macros.linkcheck", description="Kiểm tra liên kết (link check).")
    parser.add_argument("site", nargs="?", default="site")
    args = parser.parse_args(argv)
    r = check_output(Path(args.site))
    for line in r["broken"] + r["external"] + [f"{o}: orphan download" for o in r["orphans"]]:
        print(line, file=sys.stderr)
    print(f"{r['pages']} trang; đích liên kết: {r['linked']}; {r['downloads']} tệp tải về")
    return 1 if r["broken"] or r["external"] or r["orphans"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
