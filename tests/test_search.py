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

# (accented query, expected "page.html#anchor" or "page.html", or a tuple of equally
# right sections) over the real content. The unaccented query is derived with
# macros.text.fold, so each row is a pair.
PAIRS = [
    ("đối tượng", "index.html#doi-tuong"),
    ("thời lượng buổi sinh hoạt", "sinh-hoat-chi-bo/index.html#thoi-luong"),
    ("biên bản", "sinh-hoat-chi-bo/index.html#bien-ban"),
    ("chi bộ ghép", "sinh-hoat-chi-bo/index.html#chi-bo-ghep"),
    ("sinh hoạt chuyên đề", "sinh-hoat-chi-bo/index.html#chuyen-de"),
    ("hai nhóm nội dung", "sinh-hoat-chi-bo/index.html#hai-nhom-noi-dung"),
    ("biểu quyết", "cong-tac-dang-vien/index.html#bieu-quyet"),
    ("chuyển sinh hoạt đảng", ("cong-tac-dang-vien/index.html#chuyen-sinh-hoat", "quy-trinh/qt-06.html")),
    ("đảng viên giới thiệu", "cong-tac-dang-vien/index.html#nguoi-gioi-thieu"),
    ("hồ sơ kết nạp", "cong-tac-dang-vien/index.html#ho-so"),
    ("hình thức kỷ luật", "kiem-tra-giam-sat-ky-luat/index.html#hinh-thuc-ky-luat"),
    ("giám sát chuyên đề", ("kiem-tra-giam-sat-ky-luat/index.html#giam-sat-chuyen-de",
                            "quy-trinh/qt-04.html")),
    ("đơn tố cáo", "kiem-tra-giam-sat-ky-luat/index.html#khi-nhan-don-to-cao"),
    ("xếp loại chất lượng", "kiem-tra-giam-sat-ky-luat/index.html#danh-gia-xep-loai"),
    ("quy chế mẫu", "quy-che-lam-viec/index.html#quy-che-mau"),
    ("mối quan hệ công tác", "quy-che-lam-viec/index.html#moi-quan-he-cong-tac"),
    ("thẩm tra, xác minh lý lịch", "bao-ve-chinh-tri-noi-bo/index.html#tham-tra-xac-minh"),
    ("tiêu chuẩn chính trị", "bao-ve-chinh-tri-noi-bo/index.html#tieu-chuan-chinh-tri"),
    ("rà soát biểu hiện suy thoái", "neu-guong-mo-hinh/index.html#ra-soat-bieu-hien-suy-thoai"),
    ("giao ban bí thư chi bộ", ("neu-guong-mo-hinh/index.html#giao-ban-bi-thu",
                                "neu-guong-mo-hinh/index.html#chuan-bi-giao-ban")),
    ("chu trình PDCA", "iso-9001/index.html#pdca"),
    ("hành động khắc phục", "iso-9001/index.html#khong-phu-hop-khac-phuc"),
    ("phương thức lãnh đạo", "to-chuc-co-so-dang/index.html#phuong-thuc-lanh-dao"),
    ("bảy loại hình", "to-chuc-co-so-dang/index.html#bay-loai-hinh"),
]


def search(page, query: str, base_url: str) -> list[str]:
    """Type ``query`` into Material's search box; return result links, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    # Start from an empty box so results of the previous query cannot be mistaken
    # for this one's; Material searches on keyboard events, not on fill().
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length === 0", timeout=10_000)
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta').textContent;"
        " return !m.includes('khởi tạo') && !m.includes('Nhập từ khóa'); }", timeout=10_000)
    last, stable = None, 0
    for _ in range(100):  # until the result list stops changing (max ~5 s)
        page.wait_for_timeout(50)
        html = page.inner_html(".md-search-result")
        if html == last:
            stable += 1
            if stable >= 3:
                break
        else:
            last, stable = html, 0
    scored = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link",
        "els => els.map(e => [e.href, parseFloat(e.querySelector('article').dataset.mdScore || '0')])")
    # Best first: Material groups sections under their page; rank every link by its score.
    scored.sort(key=lambda pair: -pair[1])
    out = []
    base = urlsplit(base_url).path
    for href, _score in scored:
        parts = urlsplit(href)
        path = parts.path[len(base):] if parts.path.startswith(base) else parts.path
        out.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return out


def _hit(results: list[str], expected: str | tuple[str, ...], top: int = 3) -> bool:
    """``expected`` is one location or a tuple of equally right ones."""
    head = results[:top]
    for target in (expected if isinstance(expected, tuple) else (expected,)):
        if "#" in target and target in head:
            return True
        if "#" not in target and any(r.split("#")[0] == target for r in head):
            return True
    return False


def _run_pairs(page, base_url: str) -> dict:
    page.goto(base_url + "index.html")
    misses = {}
    for accented, expected in PAIRS:
        for query in (accented, fold(accented)):
            results = search(page, query, base_url)
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
