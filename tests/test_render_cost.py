"""What a built page makes the browser do before DOMContentLoaded, asserted as counts.

- the web font: one file per face (the Latin and Vietnamese cuts merged), and every page
  preloads its regular and bold files, so they arrive before the first layout instead of
  restyling and relaying the whole page when they swap in;
- Material's "no transitions while the colour scheme switches" rule no longer keys on
  the marker Material sets on every page load (it matched every element, twice per load);
- the quiz engine adds one element per choice question at setup.
"""

from __future__ import annotations

import re

from conftest import ROOT
from macros.site_weight import OWN_PALETTE_SWITCH, PALETTE_SWITCH

DEMO_PAGE = "giang-vien/vi-du-cau-hoi.html"


def _faces(site_dir):
    css = (site_dir / "assets" / "fonts" / "fonts.css").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"@font-face\s*\{[^}]*\}", css):
        out.append((re.search(r"font-weight:\s*([\d ]+)", block).group(1).strip(),
                    re.search(r"font-style:\s*(\w+)", block).group(1),
                    re.search(r"url\(([^)]+)\)", block).group(1).strip("'\"")))
    return out


def test_one_font_file_per_face(site_dir):
    faces = _faces(site_dir)
    assert len(faces) == len({(w, s) for w, s, _ in faces}) == 3
    files = sorted((site_dir / "assets" / "fonts" / "files").glob("*.woff2"))
    assert [p.name for p in files] == sorted(f.split("/")[-1] for _, _, f in faces)


def test_every_page_preloads_the_regular_and_bold_font(site_dir):
    upright = sorted(f for w, s, f in _faces(site_dir) if s == "normal")
    assert len(upright) == 2
    from macros.page_assets import page_asset_files

    pages = [p for p in site_dir.rglob("*.html")
             if "assets/fonts/fonts.css" in page_asset_files(site_dir, p.relative_to(site_dir).as_posix())]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script>/\*font-preload\*/(.*?)</script>", html)
        assert len(scripts) == 1, page
        hrefs = re.findall(r'"((?:\.\.?/)*)assets/fonts/([^"]+)"', scripts[0])
        assert sorted(f for _, f in hrefs) == upright, page
        for up, f in hrefs:
            assert (page.parent / up / "assets" / "fonts" / f).resolve().is_file()
        assert html.index("font-preload") < html.index('<link rel="stylesheet"')


def _font_preloads(page, url: str) -> tuple[int, list[str]]:
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    return page.locator('link[rel="preload"][as="font"]').count(), errors


def test_fonts_preload_over_http_and_not_from_disk(browser, http_url, file_url):
    """Over http both files are preloaded; from disk (no --allow-file-access-from-files)
    a font preload would be a refused CORS request, so there is none and no error."""
    from conftest import CHROMIUM, CHROMIUM_ARGS

    page = browser.new_page()
    try:
        assert _font_preloads(page, http_url + DEMO_PAGE) == (2, [])
    finally:
        page.close()
    args = [a for a in CHROMIUM_ARGS if "file-access" not in a]
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=args, headless=True)
    try:
        assert _font_preloads(b.new_page(), file_url + DEMO_PAGE) == (0, [])
    finally:
        b.close()


def test_palette_switch_rule_keys_on_our_marker(site_dir):
    palette = "".join(p.read_text(encoding="utf-8") for p in (site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert palette.count(PALETTE_SWITCH) == 0
    assert palette.count(OWN_PALETTE_SWITCH) == 3  # *, ::after, ::before
    assert OWN_PALETTE_SWITCH.strip("[]") in (ROOT / "docs" / "assets" / "js" / "site.js").read_text(encoding="utf-8")


def test_palette_toggle_still_switches_without_transitions(page, http_url):
    page.goto(http_url + DEMO_PAGE)
    page.evaluate("""() => { window.__marks = [];
        new MutationObserver(() => window.__marks.push(document.body.hasAttribute('data-sotay-switching')))
          .observe(document.body, {attributes: true, attributeFilter: ['data-sotay-switching', 'data-md-color-scheme']}); }""")
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator('[data-md-component="palette"] label:not([hidden])').first.click()
    page.wait_for_function("!document.body.hasAttribute('data-sotay-switching')")
    assert page.evaluate("document.body.dataset.mdColorScheme") != before
    assert True in page.evaluate("window.__marks")  # the marker was on while the scheme changed


def test_quiz_setup_adds_one_element_per_choice_question(browser, http_url, site_dir):
    html = (site_dir / DEMO_PAGE).read_text(encoding="utf-8")
    ctx = browser.new_context(java_script_enabled=False)
    try:
        plain = ctx.new_page()
        plain.goto(http_url + DEMO_PAGE)
        count = "q => q.querySelectorAll('*').length"
        before = plain.eval_on_selector_all(".quiz-q", f"qs => qs.map({count})")
        types = plain.eval_on_selector_all(".quiz-q", "qs => qs.map(q => q.dataset.type)")
    finally:
        ctx.close()
    page = browser.new_page()
    try:
        page.goto(http_url + DEMO_PAGE)
        after = page.eval_on_selector_all(".quiz-q", f"qs => qs.map({count})")
        ids = page.eval_on_selector_all(".quiz-q", "qs => qs.map(q => q.id)")
    finally:
        page.close()
    assert "quiz-tpl" in html and len(before) == len(after) >= 7
    static_ids = re.findall(r'<li class="quiz-q" id="([^"]+)"', html)
    by_id = dict(zip(ids, after))
    for qid, n, kind in zip(static_ids, before, types):
        if kind in ("single", "multiple", "true_false", "numeric", "short_text", "matching"):
            assert by_id[qid] - n == 1, (qid, kind, by_id[qid] - n)


def test_questions_are_named_by_number_hint_and_prompt(page, http_url):
    """The question's group (or its answer box) is named by its number, hint and prompt."""
    page.goto(http_url + DEMO_PAGE)
    named = 0
    for q in page.locator(".quiz-q:not([hidden])").all():
        meta = " ".join(q.locator(".quiz-meta").inner_text().split())
        prompt = " ".join(q.locator(".quiz-prompt").inner_text().split())
        role = "textbox" if q.get_attribute("data-type") in ("numeric", "short_text") else "group"
        assert q.get_by_role(role, name=f"{meta} {prompt}", exact=True).count() == 1, (meta, prompt)
        named += 1
    assert named >= 7
