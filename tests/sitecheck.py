"""Static checks over the built HTML: links, anchors and third-party hosts."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


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


def check_site(site: Path, pages: list[Path]) -> tuple[list[str], list[str]]:
    """Return (broken internal links/anchors, references that load from another host)."""
    parsed = {p: parse(p) for p in pages}
    ids_cache: dict[Path, set[str]] = {p: c.ids for p, c in parsed.items()}
    broken, external_loads = [], []
    for page, c in parsed.items():
        rel = page.relative_to(site).as_posix()
        for tag, attr, value in c.links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                # <a href> to another site is a link, not a request; anything else loads.
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
            frag = unquote(parts.fragment)
            if frag and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = parse(target).ids
                if frag not in ids_cache[target]:
                    broken.append(f"{rel}: {value} -> missing anchor #{frag}")
    return broken, external_loads
