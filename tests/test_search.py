"""Site search in Chromium: ranking, accents, previews, highlighting, loading and weight.

Search is MiniSearch behind Material's search box (docs/assets/js/search.js, index from
macros/search_index.py). A trainee's queries, half typed without diacritics, must put
the lesson section they need first (at least 90 %) and always in the top 3, over http
and from disk (file://). Pages load no search index until the reader opens search, and
the first load of a module page stays under a byte budget.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from macros.search_index import KIND_BOOST, index_payload, page_kind, sections
from macros.text import fold

M1, M2, M3, M4 = ("to-chuc-co-so-dang/index.html", "sinh-hoat-chi-bo/index.html",
                  "cong-tac-dang-vien/index.html", "kiem-tra-giam-sat-ky-luat/index.html")
M5, M6, M7, M8 = ("quy-che-lam-viec/index.html", "bao-ve-chinh-tri-noi-bo/index.html",
                  "neu-guong-mo-hinh/index.html", "iso-9001/index.html")

# (query as a trainee types it, expected "page.html#anchor" / "page.html" (any section of
# the page) or a tuple of equally right answers). Half are typed without diacritics.
QUERIES = [
    ("kết nạp đảng viên", M3),
    ("ket nap dang vien", M3),
    ("tổ đảng", M2 + "#to-dang"),
    ("to dang", M2 + "#to-dang"),
    ("biểu quyết kết nạp", M3 + "#bieu-quyet"),
    # Module 3 now has a general "Biểu quyết và bỏ phiếu" section over its sub-sections.
    ("bieu quyet", (M3 + "#bieu-quyet-bo-phieu", M3 + "#bieu-quyet")),
    ("hồ sơ kết nạp", M3 + "#ho-so"),
    ("ho so ket nap", M3 + "#ho-so"),
    ("thời gian dự bị", M3 + "#du-bi-chinh-thuc"),
    ("cong nhan dang vien chinh thuc", M3 + "#du-bi-chinh-thuc"),
    ("chuyển sinh hoạt đảng", M3 + "#chuyen-sinh-hoat"),
    ("dang vien noi cu tru", M3 + "#quan-ly-dang-vien"),
    ("đảng viên giới thiệu", M3 + "#nguoi-gioi-thieu"),
    ("thoi han gia tri ho so", M3 + "#thoi-han-ho-so"),
    ("thời lượng sinh hoạt chi bộ", M2 + "#thoi-luong"),
    ("bien ban sinh hoat", M2 + "#bien-ban"),
    ("sinh hoạt chuyên đề", M2 + "#chuyen-de"),
    ("chi bo ghep", M2 + "#chi-bo-ghep"),
    ("trình tự buổi sinh hoạt", M2 + "#trinh-tu"),
    ("giam sat chuyen de", M4 + "#giam-sat-chuyen-de"),
    ("giám sát thường xuyên", (M4 + "#giam-sat-thuong-xuyen", M4 + "#hinh-thuc-giam-sat")),
    ("hinh thuc ky luat", M4 + "#hinh-thuc-ky-luat"),
    ("đơn tố cáo", M4 + "#khi-nhan-don-to-cao"),
    ("xep loai chat luong", (M4 + "#danh-gia-xep-loai", M4 + "#bon-muc-xep-loai")),
    ("dấu hiệu vi phạm", M4 + "#kiem-tra-dau-hieu-vi-pham"),
    ("kiem tra va giam sat khac nhau", M4 + "#kiem-tra-va-giam-sat"),
    ("quy chế làm việc", M5),
    ("che do hoi hop", M5 + "#che-do-hoi-hop"),
    ("tập trung dân chủ", (M1 + "#tap-trung-dan-chu", M5 + "#tap-trung-dan-chu")),
    ("quy che mau", M5 + "#quy-che-mau"),
    ("thẩm tra lý lịch", M6 + "#tham-tra-xac-minh"),
    ("tieu chuan chinh tri", M6 + "#tieu-chuan-chinh-tri"),
    ("hồ sơ quá 12 tháng", M6 + "#ho-so-qua-12-thang"),
    ("bao ve chinh tri noi bo", M6),
    ("chi bộ bốn tốt", M7 + "#bon-tot"),
    ("bieu hien suy thoai", M7 + "#ra-soat-bieu-hien-suy-thoai"),
    ("giao ban bí thư", (M7 + "#giao-ban-bi-thu", M7 + "#chuan-bi-giao-ban")),
    ("tren lam guong duoi lam theo", M7 + "#tren-lam-guong"),
    ("chu trình PDCA", M8 + "#pdca"),
    ("danh gia noi bo", (M8 + "#danh-gia-noi-bo", M8 + "#cac-buoc-danh-gia")),
    ("hành động khắc phục", M8 + "#khong-phu-hop-khac-phuc"),
    ("tiep can theo qua trinh", M8 + "#tiep-can-theo-qua-trinh"),
    ("bảy loại hình", M1 + "#bay-loai-hinh"),
    ("chuc nang nhiem vu to chuc co so dang", M1 + "#chuc-nang-nhiem-vu"),
    ("đảng bộ xã phường", M1 + "#so-sanh-xa-phuong"),
    ("phuong thuc lanh dao", (M1 + "#phuong-thuc-lanh-dao", M7 + "#neu-guong-la-phuong-thuc-lanh-dao")),
    # Module 3 now walks through admission step by step (#ket-nap-tung-buoc).
    ("quy trình kết nạp đảng viên", (M3 + "#ket-nap-tung-buoc", "quy-trinh/qt-01.html", M3 + "#thoi-han")),
    ("may tinh han chot", "quy-trinh/moc-thoi-gian.html"),
    ("văn bản tham khảo", "van-ban-tham-khao.html"),
    ("doi tuong khoa hoc", ("index.html#doi-tuong", "index.html#gioi-thieu-khoa-hoc")),
]

# Module pages: the first load of each is measured against the budget.
MODULE_PAGES = [M1, M2, M3, M4, M5, M6, M7, M8]
FIRST_LOAD_BUDGET = 450 * 1024  # bytes decoded, everything a module page loads by itself


# ----------------------------------------------------------------- browser helpers
def open_search(page) -> None:
    box = page.locator("input.md-search__input")
    if box.is_visible():
        box.click()
    else:  # phones: the header button opens the search overlay
        page.locator("label[data-sotay-search-open]").click()


def search(page, query: str, base_url: str, with_html: bool = False):
    """Type ``query`` into the search box; return result locations, best first."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        open_search(page)
    box.fill(query)
    page.wait_for_function(
        "q => { const l = document.querySelector('.md-search-result__list');"
        " return l && l.getAttribute('data-query') === q; }", arg=query.strip(), timeout=20_000)
    links = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link",
        "els => els.map(e => [e.href, parseFloat(e.querySelector('article').dataset.mdScore)])")
    scores = [s for _h, s in links]
    assert scores == sorted(scores, reverse=True), "results are not listed best first"
    base = urlsplit(base_url).path
    out = []
    for href, _score in links:
        parts = urlsplit(href)
        path = parts.path[len(base):] if parts.path.startswith(base) else parts.path
        out.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    if with_html:
        return out, page.inner_html(".md-search-result__list")
    return out


def _hit(results: list[str], expected, top: int) -> bool:
    head = results[:top]
    for target in (expected if isinstance(expected, tuple) else (expected,)):
        if "#" in target and target in head:
            return True
        if "#" not in target and any(r.split("#")[0] == target for r in head):
            return True
    return False


def _ranking(page, base_url: str) -> dict:
    page.goto(base_url + "index.html")
    open_search(page)
    first, misses, differ = 0, {}, {}
    for query, expected in QUERIES:
        results = search(page, query, base_url)
        first += _hit(results, expected, 1)
        if not _hit(results, expected, 3):
            misses[query] = {"expected": expected, "got": results[:5]}
        if fold(query) != query:  # same results without diacritics, đ/d included
            plain = search(page, fold(query), base_url)
            if plain[:10] != results[:10]:
                differ[query] = {"accented": results[:5], "plain": plain[:5]}
    return {"first": first, "total": len(QUERIES), "misses": misses, "differ": differ}


def _assert_ranking(report: dict) -> None:
    detail = json.dumps(report, ensure_ascii=False, indent=1)
    assert report["misses"] == {}, detail
    assert report["differ"] == {}, detail
    assert report["first"] >= 0.9 * report["total"], detail


# ----------------------------------------------------------------- the table itself
def test_query_table_is_large_realistic_and_half_unaccented():
    assert len(QUERIES) >= 40
    plain = [q for q, _ in QUERIES if fold(q) == q]
    assert len(plain) * 2 >= len(QUERIES), f"only {len(plain)} of {len(QUERIES)} unaccented"
    # Vietnamese words are mostly two syllables: "tổ đảng" is one, "kết nạp đảng viên" two.
    assert sum(1 for q, _ in QUERIES if len(q.split()) in (2, 3)) >= 5
    assert sum(1 for q, _ in QUERIES if len(q.split()) in (4, 5)) >= 10
    assert sum(1 for q, _ in QUERIES if len(q.split()) >= 6) >= 3
    assert any("đ" in q for q, _ in QUERIES), "no query with đ"


@pytest.mark.browser
def test_ranking_over_http(page, http_url):
    _assert_ranking(_ranking(page, http_url))


@pytest.mark.browser
def test_ranking_from_disk(page, file_url):
    _assert_ranking(_ranking(page, file_url))


# ----------------------------------------------------------------- previews, highlighting
@pytest.mark.browser
@pytest.mark.parametrize("query", ["thời lượng sinh hoạt", "thoi luong sinh hoat", "Đảng viên", "dang vien"])
def test_preview_highlights_words_with_or_without_diacritics(page, http_url, query):
    page.goto(http_url + "index.html")
    open_search(page)
    results, _html = search(page, query, http_url, with_html=True)
    assert results
    first = page.locator(".md-search-result__item").first
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    wanted = {fold(w).lower() for w in query.split()}
    assert marks, f"nothing highlighted for {query!r}"
    assert {fold(m) for m in marks} <= wanted | {m for m in map(fold, marks) if any(m.startswith(w) for w in wanted)}
    assert wanted <= {fold(m) for m in marks}, (query, marks)
    # Highlighted words keep their accents: the page's text is shown, not a folded copy.
    text = first.inner_text()
    assert "ờ" in text or "ạ" in text or "Đ" in text or "đ" in text


@pytest.mark.browser
@pytest.mark.parametrize("query", ["tự kiểm tra", "tu kiem tra"])
def test_previews_hold_no_noscript_notice(page, http_url, query):
    page.goto(http_url + "index.html")
    open_search(page)
    results, html = search(page, query, http_url, with_html=True)
    assert any(r.endswith("tu-kiem-tra.html") for r in results), results
    assert "JavaScript" not in html and "Trình duyệt" not in html


@pytest.mark.browser
@pytest.mark.parametrize("query", ["mã số QT-01", "ma so QT-01"])
def test_procedure_preview_keeps_table_cells_apart(page, http_url, query):
    page.goto(http_url + "index.html")
    open_search(page)
    results, _html = search(page, query, http_url, with_html=True)
    assert "quy-trinh/qt-01.html" in results[:3], results[:3]
    preview = page.locator(".md-search-result__item").nth(results.index("quy-trinh/qt-01.html")).inner_text()
    assert "Mã số · QT-01" in preview, preview
    assert "Mã sốQT" not in preview


@pytest.mark.browser
def test_trainee_search_has_no_answer_keys_and_trainer_pages_come_last(page, http_url):
    page.goto(http_url + "index.html")
    open_search(page)
    results = search(page, "đáp án sinh hoạt chi bộ", http_url)
    assert results and not any("giang-vien/dap-an/" in r for r in results)
    kinds = page.eval_on_selector_all(".md-search-result__item article", "els => els.map(e => e.dataset.kind)")
    assert kinds[0] == "module", kinds
    trainer = [i for i, k in enumerate(kinds) if k == "trainer"]
    modules = [i for i, k in enumerate(kinds) if k == "module"]
    assert not trainer or min(trainer) > min(modules)


@pytest.mark.browser
def test_keyboard_opens_search_and_reaches_results(page, http_url):
    page.goto(http_url + M3)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    page.wait_for_function("() => document.activeElement === document.querySelector('input.md-search__input')")
    box.type("bien ban")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').getAttribute('data-query') === 'bien ban'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert page.locator("[data-sotay-search]").get_attribute("aria-label") == "Tìm kiếm trong tài liệu"


# ----------------------------------------------------------------- loading and weight
def _first_load(page, url: str) -> tuple[int, list[str]]:
    """Decoded bytes of everything ``url`` loads without any interaction, and the URLs."""
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(url, wait_until="networkidle")
    total = 0
    for r in responses:
        body = r.body() if r.status < 300 else b""
        total += len(body)
    return total, [r.url for r in responses]


@pytest.mark.browser
@pytest.mark.parametrize("module_page", MODULE_PAGES)
def test_module_page_first_load_under_budget(context, http_url, module_page):
    page = context.new_page()
    total, urls = _first_load(page, http_url + module_page)
    page.close()
    assert total <= FIRST_LOAD_BUDGET, f"{module_page}: {total} bytes > {FIRST_LOAD_BUDGET}\n" + "\n".join(urls)


@pytest.mark.browser
@pytest.mark.parametrize("which", ["http", "file"])
def test_search_index_is_fetched_only_when_search_opens(page, http_url, file_url, which):
    base = http_url if which == "http" else file_url
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base + M2, wait_until="networkidle")
    page.mouse.wheel(0, 800)
    page.locator("a[href='../cong-tac-dang-vien/index.html']").first.hover()
    page.wait_for_timeout(200)
    assert not [u for u in requested if "search_index" in u or "minisearch" in u], requested
    open_search(page)
    page.wait_for_function("() => window.__index && window.MiniSearch")
    assert [u for u in requested if "search_index" in u], requested
    assert search(page, "chi bo ghep", base)[0] == M2 + "#chi-bo-ghep"


# ----------------------------------------------------------------- the index (no browser)
def test_index_holds_the_text_once_and_no_answer_keys(site_dir):
    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = data["docs"]
    # "boost" only on pages whose front matter sets one (the templates' blank forms).
    assert docs and all({"location", "title", "text", "kind"} <= set(d) <= {"location", "title", "text", "kind", "boost"}
                        for d in docs)
    assert all(d["location"].startswith("mau-bieu/") and d["boost"] < 1 for d in docs if "boost" in d)
    assert not any(d["location"].startswith("giang-vien/dap-an/") for d in docs)
    text_bytes = sum(len((d["title"] + d["text"]).encode()) for d in docs)
    size = (site_dir / "search" / "search_index.js").stat().st_size
    assert size < 1.25 * text_bytes, (size, text_bytes)  # one copy plus JSON keys, no folded copy
    assert not any("Trình duyệt đang tắt JavaScript" in d["text"] for d in docs)
    assert set(d["kind"] for d in docs) <= set(KIND_BOOST)


def test_page_kinds_rank_lesson_procedure_quiz_trainer():
    assert page_kind("cong-tac-dang-vien/index.html", {"module": 3}) == "module"
    assert page_kind("quy-trinh/qt-01.html") == "procedure"
    assert page_kind("cong-tac-dang-vien/tu-kiem-tra.html", {"module": 3}) == "quiz"
    assert page_kind("giang-vien/ban-in.html") == "trainer"
    assert page_kind("giang-vien/dap-an/cong-tac-dang-vien.html") is None
    b = KIND_BOOST
    assert b["module"] > b["procedure"] > b["quiz"] > b["trainer"]


def test_sections_are_clean_and_cells_separated():
    html = """<html><head><title>T</title></head><body><article class="md-content__inner md-typeset">
    <h1 id="t">Trang <a class="headerlink" href="#t">¶</a></h1><p>Mở đầu.</p>
    <noscript>Trình duyệt đang tắt JavaScript</noscript>
    <h2 id="a">Mục A<a class="headerlink" href="#a">¶</a></h2>
    <table><tr><th>Mã số</th><td>QT-01</td></tr><tr><th>Lần</th><td>1</td></tr></table>
    <div data-search-exclude><p>Câu hỏi bí mật</p></div><script>var x = 1;</script>
    <h3 id="b">Mục B</h3><ul><li>một</li><li>hai</li></ul></article></body></html>"""
    got = sections("p.html", html)
    assert [(s.location, s.title) for s in got] == [("p.html", "Trang"), ("p.html#a", "Mục A"), ("p.html#b", "Mục B")]
    assert got[0].text == "Mở đầu."
    assert got[1].text == "Mã số · QT-01. Lần · 1."
    assert got[2].text == "một hai"
    payload = index_payload([("p.html", "module", html)])
    assert all(d["kind"] == "module" for d in payload["docs"])


def test_minisearch_and_own_assets_are_minified(site_dir):
    for rel in ("assets/js/search.js", "assets/js/quiz.js", "assets/css/site.css", "assets/vendor/minisearch/minisearch.js"):
        text = (site_dir / rel).read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        assert lines <= 5 or len(text) / lines > 200, f"{rel} does not look minified"
    assert not re.search(r"/\*[^!]", (site_dir / "assets/js/search.js").read_text(encoding="utf-8"))


# ----------------------------------------------------------------- page-specific assets
def test_pages_load_quiz_and_component_assets_only_where_used(site_dir):
    from macros.page_assets import SCRIPTS, STYLESHEETS

    from macros.page_assets import page_asset_files

    quiz_page = "cong-tac-dang-vien/tu-kiem-tra.html"
    lesson_html = (site_dir / M3).read_text(encoding="utf-8")
    quiz_html = (site_dir / quiz_page).read_text(encoding="utf-8")
    lesson = page_asset_files(site_dir, M3)
    quiz = page_asset_files(site_dir, quiz_page)
    for name in ("quiz.js", "quiz-core.js", "timer.js", "review.js", "quiz.css", "templates.css"):
        assert f"assets/{'js' if name.endswith('.js') else 'css'}/{name}" not in lesson, name
    for name in ("quiz.js", "quiz-core.js", "store.js", "timer.js", "review.js"):
        assert f"assets/js/{name}" in quiz, name
    assert 'class="sotay-timeline' in lesson_html and "assets/js/components.js" in lesson
    assert 'class="quiz' in quiz_html and "assets/css/quiz.css" in quiz
    # Every optional asset is still used by some page.
    used = {rel for p in site_dir.rglob("*.html") for rel in page_asset_files(site_dir, p.relative_to(site_dir).as_posix())}
    for rel in list(SCRIPTS) + list(STYLESHEETS):
        assert rel in used, rel


def test_glossary_tooltip_on_the_first_use_only():
    from macros.page_assets import first_abbr_only

    html = ('<p><abbr title="Tổ chức cơ sở đảng: …">TCCSĐ</abbr> và <abbr title="Tổ chức cơ sở đảng: …">TCCSĐ</abbr>'
            ', <abbr title="Chi ủy: …">chi ủy</abbr></p>')
    assert first_abbr_only(html) == ('<p><abbr title="Tổ chức cơ sở đảng: …">TCCSĐ</abbr> và TCCSĐ'
                                     ', <abbr title="Chi ủy: …">chi ủy</abbr></p>')


def test_prune_assets_keeps_what_a_page_uses():
    from macros.page_assets import prune_assets

    head = ('<link rel="stylesheet" href="../assets/css/quiz.css">\n<script src="../assets/js/quiz.js"></script>\n'
            '<script src="../assets/js/site.js"></script>\n')
    styles = {"assets/css/quiz.css": {"quiz", "quiz-q"}}
    assert prune_assets(head + '<div class="md-content">x</div>', styles) == (
        '<script src="../assets/js/site.js"></script>\n<div class="md-content">x</div>')
    used = head + '<div class="quiz" data-bank="b"></div>'
    assert prune_assets(used, styles) == used
