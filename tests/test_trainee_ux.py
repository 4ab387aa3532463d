"""What a trainee meets first (issue 14): keyboard focus, phones, table regions, the 404 page,
Ctrl+P, fonts in PDFs, LMS file downloads from disk and touch targets.

One browser context per colour scheme for the module; the built site is reused."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, html_pages
from test_site_browser import run_axe

pytestmark = pytest.mark.browser

# Transitions would let a style read right after focus still show the unfocused value.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


class Watch:
    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


@pytest.fixture(scope="module")
def scheme_pages(browser):
    """{'light': page, 'dark': page}, one context each for the whole module."""
    contexts, pages = [], {}
    for scheme in ("light", "dark"):
        ctx = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900},
                                  color_scheme=scheme, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        page.watch = Watch(page)
        pages[scheme] = page
    yield pages
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 800},
                              is_mobile=True, has_touch=True, device_scale_factor=1)
    page = ctx.new_page()
    yield page
    ctx.close()


# ------------------------------------------------------------------ 1. visible focus
FOCUS_PAGES = ["sinh-hoat-chi-bo/tu-kiem-tra.html", "quy-trinh/danh-muc-kiem-tra.html",
               "quy-trinh/moc-thoi-gian.html", "index.html", "van-ban-tham-khao.html"]

# The focused element, the element a reader sees for it (a visually hidden radio shows its
# focus on its label), a style signature of both, and a "kind" for the pixel check.
FOCUS_INFO = """(mark) => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  if (e.dataset.fidx) return {again: true};
  e.dataset.fidx = String(mark);
  const visible = el => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
    return r.width >= 2 && r.height >= 2 && cs.opacity !== '0' && cs.visibility !== 'hidden'; };
  let shown = e;
  if (!visible(e)) {
    const cands = [e.nextElementSibling,
      e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null,
      e.closest('label'), e.parentElement];
    shown = cands.find(c => c && c.tagName === 'LABEL' && visible(c))
         || cands.find(c => c && visible(c)) || e;
  }
  shown.dataset.fshown = String(mark);
  const r = shown.getBoundingClientRect();
  const cls = String(e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className)
    .split(/\\s+/).filter(c => c && c !== 'focus-visible').sort().join('.');
  return {
    kind: [e.tagName, e.getAttribute('type') || '', e.getAttribute('role') || '', cls, shown.tagName].join('|'),
    name: (e.getAttribute('aria-label') || e.textContent || e.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    x: r.x, y: r.y, w: r.width, h: r.height, fv: e.matches(':focus-visible'),
  };
}"""
SIGNATURE = """(mark) => {
  const sig = el => { if (!el) return ''; const c = getComputedStyle(el);
    return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.outlineOffset, c.boxShadow,
            c.backgroundColor, c.color, c.borderColor, c.textDecorationLine].join(';'); };
  return sig(document.querySelector(`[data-fidx="${mark}"]`)) + '|' + sig(document.querySelector(`[data-fshown="${mark}"]`));
}"""
# Blur, but keep Material's search dialog as it was: focusing its field opens it, and a
# reader tabbing on stays inside the open dialog.
BLUR = """(mark) => { const t = document.getElementById('__search'), was = t && t.checked;
  document.querySelector(`[data-fidx="${mark}"]`).blur(); if (t) t.checked = was; }"""
REFOCUS = """(mark) => { const e = document.querySelector(`[data-fidx="${mark}"]`);
  e.focus({preventScroll: true}); return document.activeElement === e && e.matches(':focus-visible'); }"""


def _shot(page, info):
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    x, y = max(0, info["x"] - 8), max(0, info["y"] - 8)
    w, h = min(vw - x, info["w"] + 16), min(vh - y, info["h"] + 16)
    if w < 2 or h < 2:
        return None
    return page.screenshot(clip={"x": x, "y": y, "width": w, "height": h}, animations="disabled")


def focus_problems(page, url: str, max_tabs: int = 600) -> tuple[int, list[str]]:
    """Tab through a page; return (focusable count, controls whose focus is not visible)."""
    page.goto(url, wait_until="load")
    page.add_style_tag(content=NO_MOTION)
    page.wait_for_timeout(100)
    problems, pixel_checked, count = [], set(), 0
    for mark in range(max_tabs):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO, mark)
        if info is None:
            continue
        if info.get("again"):
            break
        count += 1
        label = f"{info['kind']} «{info['name']}»"
        if info["w"] < 2 or info["h"] < 2:
            problems.append(f"không thấy được (0 px): {label}")
            continue
        focused = page.evaluate(SIGNATURE, mark)
        page.evaluate(BLUR, mark)
        blurred = page.evaluate(SIGNATURE, mark)
        need_pixels = info["kind"] not in pixel_checked or focused == blurred
        before = _shot(page, info) if need_pixels else None
        assert page.evaluate(REFOCUS, mark), f"{url}: cannot refocus {label}"
        if need_pixels and before is not None:
            if _shot(page, info) != before:
                pixel_checked.add(info["kind"])
                continue
            problems.append(f"không đổi khi có tiêu điểm: {label}")
        elif focused == blurred:
            problems.append(f"không đổi khi có tiêu điểm: {label}")
    return count, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_control_shows_keyboard_focus(scheme_pages, http_url, scheme):
    page = scheme_pages[scheme]
    report, total = {}, 0
    for rel in FOCUS_PAGES:
        count, problems = focus_problems(page, http_url + rel)
        total += count
        assert count >= 10, f"{rel}: only {count} tab stops?"
        if problems:
            report[rel] = problems
    assert report == {}, report
    assert total >= 200


def test_focus_check_can_fail(browser, http_url):
    """A page whose focus styles are all removed must fail the check."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style');"
        " s.textContent = '*:focus, *:focus-visible, *:focus-visible + label { outline: none !important;"
        " box-shadow: none !important; color: inherit !important; background: none !important;"
        " text-decoration: inherit !important; }'; document.head.appendChild(s); });")
    try:
        _, problems = focus_problems(ctx.new_page(), http_url + "index.html", max_tabs=12)
    finally:
        ctx.close()
    assert problems


# ------------------------------------------------------------------ 3. phones
OVERFLOW = """() => ({sw: document.documentElement.scrollWidth, iw: innerWidth,
  wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
     && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search, .md-tabs'))
     .slice(0, 3).map(e => e.tagName + '.' + e.className)})"""


def test_no_page_scrolls_sideways_on_a_phone(browser, http_url, site_dir):
    """Every page (and the 404 page) loaded at 320 px, then widened to 390 px."""
    ctx = browser.new_context(viewport={"width": 320, "height": 800}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    wide = {}
    try:
        for path in html_pages(site_dir) + [site_dir / "404.html"]:
            rel = path.relative_to(site_dir).as_posix()
            page.set_viewport_size({"width": 320, "height": 800})
            page.goto(http_url + rel, wait_until="load")
            for width in (320, 390):
                page.set_viewport_size({"width": width, "height": 800})
                r = page.evaluate(OVERFLOW)
                assert r["iw"] == width
                if r["sw"] > r["iw"]:
                    wide[f"{rel} @ {width}"] = r
        # the measurement itself can fail
        page.evaluate("() => { const d = document.createElement('div'); d.style.width = '700px';"
                      " d.style.height = '5px'; document.querySelector('article').appendChild(d); }")
        assert page.evaluate(OVERFLOW)["sw"] > 390
    finally:
        ctx.close()
    assert wide == {}, wide


def test_wide_tables_scroll_in_their_own_box(phone, http_url):
    for rel, min_wide in (("tien-do-hoc-tap.html", 1), ("van-ban-tham-khao.html", 1), ("giang-vien/dap-an/index.html", 1)):
        phone.goto(http_url + rel, wait_until="load")
        boxes = phone.evaluate("""() => [...document.querySelectorAll('article table')].map(t => {
            const w = t.closest('.md-typeset__scrollwrap');
            return {wrapped: !!w, nested: !!(w && w.parentElement.closest('.md-typeset__table')),
                    table: t.scrollWidth, box: w ? w.clientWidth : 0}; })""")
        assert boxes and all(b["wrapped"] and not b["nested"] for b in boxes), (rel, boxes)
        assert sum(b["table"] > b["box"] for b in boxes) >= min_wide, (rel, boxes)


# ------------------------------------------------------------------ 7. named table regions
def _regions(page):
    return page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => {
        const cap = w.querySelector('caption');
        return {role: w.getAttribute('role'), name: w.getAttribute('aria-label'), tab: w.tabIndex,
                caption: cap ? cap.textContent.replace(/\\s+/g, ' ').trim() : null}; })""")


def test_table_regions_are_named_after_their_table(scheme_pages, http_url, site_dir):
    page = scheme_pages["light"]
    checked = 0
    for path in html_pages(site_dir):
        if "<table" not in path.read_text(encoding="utf-8"):
            continue
        rel = path.relative_to(site_dir).as_posix()
        page.goto(http_url + rel, wait_until="load")
        regions = _regions(page)
        names = [r["name"] for r in regions]
        assert len(set(names)) == len(names), (rel, names)
        for r in regions:
            assert r["role"] == "region" and r["tab"] == 0 and r["name"], (rel, r)
            assert r["name"] != "Bảng (có thể cuộn ngang)", (rel, r)
            if r["caption"]:
                assert r["caption"] in r["name"], (rel, r)
            # the accessibility tree has it under that name, exactly once
            assert page.get_by_role("region", name=r["name"], exact=True).count() == 1, (rel, r)
        checked += len(regions)
    assert checked >= 20
    page.goto(http_url + "tien-do-hoc-tap.html", wait_until="load")
    caption = page.locator("article table caption").first.inner_text().strip()
    assert page.get_by_role("region", name="Bảng: " + caption).count() == 1
    page.goto(http_url + "van-ban-tham-khao.html", wait_until="load")
    heading = page.locator("article h2").first.evaluate("h => h.firstChild.textContent.trim()")
    assert page.get_by_role("region", name="Bảng: " + heading, exact=True).count() == 1


# ------------------------------------------------------------------ 9. 404 page
def test_404_page_works_from_disk(scheme_pages, file_url):
    for scheme, page in scheme_pages.items():
        page.watch.errors.clear()
        page.goto(file_url + "404.html", wait_until="load")
        page.wait_for_timeout(300)
        assert page.watch.errors == [], (scheme, page.watch.errors)
        styled = page.evaluate("""() => ({font: getComputedStyle(document.body).fontFamily,
            logo: document.querySelector('.md-header .md-logo').getBoundingClientRect().height,
            sheets: [...document.styleSheets].filter(s => s.href).map(s => s.href.split('/assets/')[1]),
            search: document.querySelector('[data-sotay-search]').getAttribute('aria-label')})""")
        assert "Be Vietnam Pro" in styled["font"], styled
        # Material's two stylesheets and the site's own, joined into one (macros.page_assets)
        assert styled["logo"] <= 48 and len(styled["sheets"]) == 3, styled
        assert styled["sheets"][0].startswith("stylesheets/main.") and styled["sheets"][2].startswith("css/p-"), styled
        assert styled["search"], styled
        home = page.locator("article a[href$='index.html']").first
        assert (Path(file_url[7:]) / "index.html").is_file()
        assert home.evaluate("a => a.href").startswith(file_url), "link home must stay on disk"
        assert run_axe(page) == [], scheme


def test_404_page_works_under_a_sub_path(browser, site_dir, tmp_path):
    (tmp_path / "tai-lieu").symlink_to(site_dir)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctx = browser.new_context()
    page = ctx.new_page()
    watch, failed = Watch(page), []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/tai-lieu/404.html", wait_until="load")
        page.wait_for_timeout(300)
        assert watch.errors == [] and failed == [], (watch.errors, failed)
        assert "Be Vietnam Pro" in page.evaluate("getComputedStyle(document.body).fontFamily")
    finally:
        ctx.close()
        server.shutdown()


# ------------------------------------------------------------------ 12. Ctrl+P
def _pdf_text_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]


def test_printed_page_has_a_running_header_naming_the_module(scheme_pages, http_url, tmp_path):
    page = scheme_pages["light"]
    page.goto(http_url + "sinh-hoat-chi-bo/index.html", wait_until="load")
    title = page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()")
    for rel in ("sinh-hoat-chi-bo/index.html", "sinh-hoat-chi-bo/tu-kiem-tra.html"):
        page.goto(http_url + rel, wait_until="load")
        pdf = tmp_path / "p.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True))
        pages = _pdf_text_pages(pdf)
        assert len(pages) >= 2, rel
        for i, text in enumerate(pages, 1):
            first_line = text.strip().splitlines()[0]
            assert f"Học phần {title}" in first_line, (rel, i, first_line)


# Words cut across two lines inside a run of letters (a syllable), outside links and code,
# which may break anywhere as a last resort.
SPLIT_WORDS = r"""() => { const out = [];
  const letter = /\p{L}/u;
  for (const cell of document.querySelectorAll('article td, article th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) {
      if (n.parentElement.closest('a, code')) continue;
      const re = /\S+/g; let m;
      while ((m = re.exec(n.data))) {
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        if (new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size < 2) continue;
        let prev = null;
        for (let i = 0; i < m[0].length; i++) {
          const c = document.createRange(); c.setStart(n, m.index + i); c.setEnd(n, m.index + i + 1);
          const top = Math.round(c.getBoundingClientRect().top);
          if (prev && prev.top !== top && letter.test(prev.ch) && letter.test(m[0][i])) { out.push(m[0]); break; }
          prev = {top, ch: m[0][i]};
        }
      }
    }
  }
  return out; }"""


def test_print_never_splits_a_syllable_in_table_cells(browser, http_url, site_dir):
    # A4 minus the print margins (18 + 16 mm) in CSS px: the printed column.
    ctx = browser.new_context(viewport={"width": round(176 / 25.4 * 96), "height": 1000})
    page = ctx.new_page()
    page.emulate_media(media="print")
    split, seen = {}, 0
    try:
        for path in html_pages(site_dir):
            if "<table" not in path.read_text(encoding="utf-8"):
                continue
            rel = path.relative_to(site_dir).as_posix()
            page.goto(http_url + rel, wait_until="load")
            seen += 1
            bad = page.evaluate(SPLIT_WORDS)
            if bad:
                split[rel] = bad[:10]
        assert page.evaluate("getComputedStyle(document.querySelector('article td')).overflowWrap") != "anywhere"
        # the check can fail: force breaking anywhere in a narrow table
        page.goto(http_url + "van-ban-tham-khao.html", wait_until="load")
        page.add_style_tag(content="article td { overflow-wrap: anywhere !important; word-break: break-all !important;"
                           " max-width: 3em; width: 3em; }")
        assert page.evaluate(SPLIT_WORDS), "a cell that breaks anywhere must be caught"
    finally:
        ctx.close()
    assert seen >= 10
    assert split == {}, split


# ------------------------------------------------------------------ 13. fonts in PDFs
def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(base font name without the subset tag, type) of every font in a PDF (pdffonts)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for row in out.splitlines()[2:]:
        name = row.split()[0]
        kind = "Type 3" if " Type 3 " in row else row[37:54].strip()
        fonts.append((re.sub(r"^[A-Z]{6}\+", "", name), kind))
    return fonts


def foreign_fonts(pdf: Path) -> list[str]:
    """Fonts other than Be Vietnam Pro. Type 3 fonts are glyph outlines Chromium draws
    itself (stroked text of the site's font, e.g. halos behind diagram labels)."""
    return [f"{n} ({k})" for n, k in pdf_fonts(pdf) if not n.startswith("BeVietnamPro-") and k != "Type 3"]


def test_printed_pages_use_only_the_site_font(scheme_pages, http_url, site_dir, tmp_path):
    """Pages that used to print "→" in a fallback font, printed here; and every PDF handout
    already made (make handouts / make test put them in site/ban-in/)."""
    page = scheme_pages["light"]
    for rel in ("iso-9001/index.html", "cong-tac-dang-vien/index.html", "giang-vien/dap-an/iso-9001.html"):
        page.goto(http_url + rel, wait_until="load")
        pdf = tmp_path / "p.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True))
        assert any(n.startswith("BeVietnamPro-") for n, _ in pdf_fonts(pdf)), rel
        assert foreign_fonts(pdf) == [], rel
    # the check can fail: an arrow the font lacks comes from another font
    page.evaluate("() => { const p = document.createElement('p'); p.textContent = 'A → B';"
                  " document.querySelector('article').prepend(p); }")
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    assert foreign_fonts(pdf), "a glyph missing from Be Vietnam Pro must show up as another font"
    for handout in sorted((site_dir / "ban-in").glob("*.pdf")):
        assert foreign_fonts(handout) == [], handout.name


def test_sources_use_only_characters_the_site_font_has(site_dir):
    """Every character written in docs/, quizzes/ and data/ is in the font files shipped
    (fc-query reads the woff2 character maps), so print never falls back to another font."""
    from conftest import ROOT

    covered: set[int] = set()
    for font in (site_dir / "assets" / "fonts" / "files").glob("*-400-normal.woff2"):
        out = subprocess.run(["fc-query", "-f", "%{charset}", str(font)], capture_output=True, text=True, check=True).stdout
        for part in out.split():
            lo, _, hi = part.partition("-")
            covered.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    assert ord("ệ") in covered and ord("→") not in covered
    missing = {}
    for pattern in ("docs/**/*.md", "quizzes/*.yml", "data/*.yml"):
        for path in sorted(ROOT.glob(pattern)):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for ch in line:
                    if ord(ch) > 127 and ord(ch) not in covered:
                        missing.setdefault(ch, f"{path.relative_to(ROOT)}:{number}")
    assert missing == {}, missing


# ------------------------------------------------------------------ 14. LMS files from disk
def test_lms_files_download_over_http(scheme_pages, http_url):
    page = scheme_pages["light"]
    page.context.route("**/tai-ve/lms/**", lambda route: route.fulfill(
        status=200, body="// GIFT\n", headers={"Content-Type": "text/plain; charset=utf-8"}))
    try:
        page.goto(http_url + "giang-vien/lms.html", wait_until="load")
        assert page.locator(".download-hint").count() == 0
        for sel in ('a[href$=".gift"]', 'a[href$=".xml"]'):
            link = page.locator(sel).first
            assert link.get_attribute("download") is not None
            with page.expect_download() as dl:
                link.click()
            assert dl.value.suggested_filename.endswith(sel[-7:-2].lstrip('"$'))
        assert page.url.endswith("giang-vien/lms.html")
    finally:
        page.context.unroute("**/tai-ve/lms/**")


def test_lms_files_from_disk_say_how_to_save(browser, file_url):
    """A reader's Chromium (no --allow-file-access-from-files) opens .gift/.xml in the tab
    even with `download`: the page then says how to save them, above the first link."""
    args = [a for a in CHROMIUM_ARGS if "file-access" not in a]
    if True:
        b = browser.browser_type.launch(executable_path=CHROMIUM, args=args, headless=True)
        try:
            page = b.new_page()
            watch = Watch(page)
            page.goto(file_url + "giang-vien/lms.html", wait_until="load")
            hint = page.locator(".download-hint")
            assert hint.count() == 1 and hint.is_visible()
            assert "chuột phải" in hint.inner_text() and "Lưu" in hint.inner_text()
            first = page.locator('a[href$=".gift"], a[href$=".xml"]').first
            assert hint.evaluate("(h, a) => !!(h.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)",
                                 first.element_handle())
            for link in page.locator('a[href$=".gift"], a[href$=".xml"]').all():
                assert link.get_attribute("download") is not None
                assert "chuột phải" in (link.get_attribute("title") or "")
            assert watch.errors == []
        finally:
            b.close()


# ------------------------------------------------------------------ 15. touch targets
def test_citation_links_are_24px_touch_targets(phone, http_url, site_dir):
    seen = 0
    for path in html_pages(site_dir):
        if "sotay-refs" not in path.read_text(encoding="utf-8"):
            continue
        rel = path.relative_to(site_dir).as_posix()
        phone.goto(http_url + rel, wait_until="load")
        boxes = phone.evaluate("""() => [...document.querySelectorAll('.sotay-refs')].map(s =>
            [...s.querySelectorAll('a')].map(a => { const r = a.getBoundingClientRect();
              return {x: r.x, y: r.y, w: r.width, h: r.height, t: a.textContent.trim()}; }))""")
        for group in boxes:
            for a in group:
                assert a["w"] >= 24 and a["h"] >= 24, (rel, a)
                seen += 1
            for a, b in zip(group, group[1:]):
                if abs(a["y"] - b["y"]) < 1:  # same line: apart, not touching
                    assert b["x"] - (a["x"] + a["w"]) >= 2, (rel, a, b)
    assert seen >= 10


def test_search_results_are_a_tab_stop_only_with_a_query(scheme_pages, http_url):
    page = scheme_pages["light"]
    page.goto(http_url + "index.html", wait_until="load")
    results = page.locator(".md-search__scrollwrap")
    assert results.evaluate("e => e.tabIndex") == -1
    page.locator(".md-search__input").focus()
    assert results.evaluate("e => e.tabIndex") == -1
    page.keyboard.type("chi bộ")
    page.wait_for_timeout(300)
    assert results.evaluate("e => e.tabIndex") == 0
    assert results.bounding_box()["height"] > 20
    page.locator(".md-search__input").fill("")
    page.keyboard.press("Escape")
    assert results.evaluate("e => e.tabIndex") == -1
