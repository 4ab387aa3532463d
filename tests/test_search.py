"""Vietnamese search in Chromium: accented and unaccented queries find the same section.

Users often type without diacritics ("ket nap"); the build adds accent-folded copies of
every title and text to the search index (hooks/site.py), so both forms must put the
expected page section in the top 3 results, over http and from disk (file://).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from macros.text import fold

# (accented query, expected "page.html#anchor" or "page.html") over the real content.
# The unaccented query is derived with macros.text.fold, so each row is a pair.
PAIRS = [
    ("đối tượng", "index.html#doi-tuong"),
]


def search(page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; return result links, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    last, stable = None, 0
    for _ in range(100):  # until the result list stops changing (max ~10 s)
        page.wait_for_timeout(100)
        html = page.inner_html(".md-search-result")
        meta = page.inner_text(".md-search-result__meta")
        if html == last and "khởi tạo" not in meta:
            stable += 1
            if stable >= 3:
                break
        else:
            last, stable = html, 0
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path.rsplit("/site/", 1)[-1] if parts.scheme == "file" else parts.path.lstrip("/")
        out.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return out


def _hit(results: list[str], expected: str, top: int = 3) -> bool:
    head = results[:top]
    if "#" in expected:
        return expected in head
    return any(r.split("#")[0] == expected for r in head)


def _run_pairs(page, base_url: str) -> dict:
    page.goto(base_url + "index.html")
    misses = {}
    for accented, expected in PAIRS:
        for query in (accented, fold(accented)):
            results = search(page, query)
            if not _hit(results, expected):
                misses[query] = {"expected": expected, "got": results[:5]}
    return misses


def test_pairs_table_is_large_and_really_accented():
    assert len(PAIRS) >= 20
    for accented, _ in PAIRS:
        assert fold(accented) != accented, accented


@pytest.mark.browser
def test_search_pairs_over_http(page, http_url):
    misses = _run_pairs(page, http_url)
    assert misses == {}, json.dumps(misses, ensure_ascii=False, indent=1)


@pytest.mark.browser
def test_search_pairs_from_disk(page, file_url):
    misses = _run_pairs(page, file_url)
    assert misses == {}, json.dumps(misses, ensure_ascii=False, indent=1)


def test_index_has_folded_fields(site_dir):
    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {"title_folded", "text_folded"} <= set(data["config"]["fields"])
    folded = [d for d in data["docs"] if "text_folded" in d]
    assert folded, "no folded documents in the index"
    for d in folded[:50]:
        assert d["text_folded"] == fold(d["text"])
    js = (site_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "text_folded" in js, "offline (file://) index was written before folding"
