"""One request per kind: a page's own stylesheets and scripts joined at build
(macros.page_assets.bundle_site), and what pages, handouts and tests see of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros.page_assets import BUNDLE_MANIFEST, _css_part, bundle_page, bundle_site, page_asset_files

QUIZ_PAGE = "cong-tac-dang-vien/tu-kiem-tra.html"
LESSON_PAGE = "cong-tac-dang-vien/index.html"


def _mini_site(root: Path) -> Path:
    files = {
        "assets/stylesheets/main.1.min.css": "body{margin:0}",
        "assets/fonts/fonts.css": "@font-face{font-family:X;src:url(files/x.woff2) format(\"woff2\")}",
        "assets/fonts/files/x.woff2": "font",
        "assets/css/site.css": ".a{background:url('../images/i.png')}.d{background:url(data:image/png;base64,AA)}",
        "assets/css/print.css": "@media print{.a{color:red}}\n/*# sourceMappingURL=print.css.map */",
        "assets/css/imports.css": "@import url(site.css);.b{}",
        "assets/images/i.png": "png",
        "assets/javascripts/bundle.1.min.js": "window.md=1;",
        "assets/js/site.js": "var shared=1;(function(){window.s=shared})()\n//# sourceMappingURL=site.js.map",
        "assets/js/quiz.js": "(function(){window.q=window.s+1})()// last line comment",
        "assets/js/search.js": "(function(){})()",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


HEAD = ('<link rel="stylesheet" href="{up}assets/stylesheets/main.1.min.css">\n'
        '<link rel="stylesheet" href="{up}assets/fonts/fonts.css">\n'
        '<link rel="stylesheet" href="{up}assets/css/site.css">\n'
        '<link rel="stylesheet" href="{up}assets/css/print.css">\n'
        '<p>x</p>\n'
        '<script src="{up}assets/javascripts/bundle.1.min.js"></script>\n'
        '<script src="{up}assets/js/site.js"></script>\n'
        '<script src="{up}assets/js/quiz.js"></script>\n'
        '<script src="{up}assets/js/search.js" async></script>\n')


def test_runs_of_own_files_become_one_tag_each_in_order(tmp_path):
    site = _mini_site(tmp_path)
    manifest = {}
    out = bundle_page(site, "m/index.html", HEAD.format(up="../"), manifest)
    tags = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', out)
    css, js = sorted(r for r in manifest if r.endswith(".css")), sorted(r for r in manifest if r.endswith(".js"))
    assert len(css) == len(js) == 1
    # Material's files stay; the own run after it is one tag; the async script is untouched.
    assert tags == ["../assets/stylesheets/main.1.min.css", f"../{css[0]}", "../assets/javascripts/bundle.1.min.js",
                    f"../{js[0]}", "../assets/js/search.js"]
    assert manifest[css[0]] == ["assets/fonts/fonts.css", "assets/css/site.css", "assets/css/print.css"]
    assert manifest[js[0]] == ["assets/js/site.js", "assets/js/quiz.js"]
    assert "<p>x</p>" in out and 'async></script>' in out
    # The bundle is the parts in order; url()s now point from assets/css; source maps dropped.
    text = (site / css[0]).read_text(encoding="utf-8")
    assert text == ('@font-face{font-family:X;src:url(../fonts/files/x.woff2) format("woff2")}\n'
                    ".a{background:url(../images/i.png)}.d{background:url(data:image/png;base64,AA)}\n"
                    "@media print{.a{color:red}}\n")
    assert (site / "assets/fonts/files/x.woff2").samefile(site / "assets/css" / "../fonts/files/x.woff2")
    assert (site / js[0]).read_text(encoding="utf-8") == (
        "var shared=1;(function(){window.s=shared})()\n;\n(function(){window.q=window.s+1})()// last line comment\n;\n")
    # Named after the content: a page with the same files shares the file.
    assert re.fullmatch(r"assets/js/p-[0-9a-f]{10}\.js", js[0])
    again = bundle_page(site, "index.html", HEAD.format(up=""), manifest)
    assert len(manifest) == 2 and f'href="{css[0]}"' in again and f'src="{js[0]}"' in again


def test_what_is_not_bundled(tmp_path):
    site = _mini_site(tmp_path)
    manifest = {}
    html = ('<link rel="stylesheet" href="assets/css/site.css">\n'          # alone: stays
            '<p>break</p>\n'
            '<link rel="stylesheet" href="assets/css/imports.css">\n'       # @import: must stay first in a file
            '<link rel="stylesheet" href="assets/css/print.css">\n'
            '<link rel="stylesheet" href="https://example.org/x.css">\n'    # another host (never on the site)
            '<link rel="stylesheet" href="assets/css/missing.css">\n'       # no such file
            '<script src="assets/js/site.js"></script>\n'
            '<script src="assets/javascripts/bundle.1.min.js"></script>\n'  # a theme file splits the run
            '<script src="assets/js/quiz.js"></script>\n')
    assert bundle_page(site, "index.html", html, manifest) == html
    assert manifest == {}


def test_bundle_site_rewrites_pages_and_writes_the_manifest(tmp_path):
    site = _mini_site(tmp_path)
    for page, up in (("index.html", ""), ("m/index.html", "../"), ("m/n/p.html", "../../")):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(HEAD.format(up=up), encoding="utf-8")
    manifest = bundle_site(site)
    assert json.loads((site / BUNDLE_MANIFEST).read_text(encoding="utf-8")) == manifest
    assert len(manifest) == 2
    for page in ("index.html", "m/index.html", "m/n/p.html"):
        # Expanded, every page still names the files it loads, in order, from the site root.
        assert page_asset_files(site, page) == [
            "assets/stylesheets/main.1.min.css", "assets/fonts/fonts.css", "assets/css/site.css",
            "assets/css/print.css", "assets/javascripts/bundle.1.min.js", "assets/js/site.js", "assets/js/quiz.js",
            "assets/js/search.js"]
        html = (site / page).read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            assert (site / page).parent.joinpath(href).resolve().is_file(), (page, href)


# ----------------------------------------------------------------- the built site
def _own(rels):
    return [r for r in rels if r.startswith(("assets/css/", "assets/js/", "assets/fonts/"))]


def test_every_page_loads_one_own_stylesheet_and_one_run_of_own_scripts(site_dir):
    manifest = json.loads((site_dir / BUNDLE_MANIFEST).read_text(encoding="utf-8"))
    pages = sorted(site_dir.rglob("*.html"))
    checked = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        sheets = _own(re.findall(r'<link rel="stylesheet" href="(?:\.\./)*([^"]+)">', html))
        blocking = _own(re.findall(r'<script src="(?:\.\./)*([^"]+)"></script>', html))
        if not sheets:
            continue  # standalone files (class tests, launch pages of the packages)
        checked += 1
        assert len(sheets) == 1 and sheets[0] in manifest, (path, sheets)
        assert all(b in manifest or b == "assets/js/site.js" for b in blocking), (path, blocking)
        # No two own tags of a kind left side by side (the trainer's grading page has its
        # scripts in the article, apart from the theme's: two bundles there).
        assert not re.search(r'<script src="(?:\.\./)*assets/js/[^"]+"></script>\s*'
                             r'<script src="(?:\.\./)*assets/js/[^"]+"></script>',
                             html), path
        lesson_like = "giang-vien/cham-bai" not in path.as_posix()
        assert len(blocking) <= 1 or not lesson_like, (path, blocking)
    assert checked > 50
    # Each bundle is exactly its parts (CSS with its url()s re-pointed), in the manifest's order.
    for bundle, parts in manifest.items():
        text = (site_dir / bundle).read_text(encoding="utf-8")
        if bundle.endswith(".css"):
            assert text == "\n".join(_css_part(site_dir, p, "assets/css") for p in parts) + "\n", bundle
        else:
            assert text == "".join((site_dir / p).read_text(encoding="utf-8").rstrip() + "\n;\n" for p in parts)


def test_handouts_link_the_files_not_the_bundle(site_dir):
    from macros.handouts.compose import read_site

    sheets = [u.rsplit("/site/", 1)[-1] for u in read_site(site_dir).stylesheets]
    assert "assets/css/print.css" in sheets and not any("/p-" in s for s in sheets)
    assert sheets.index("assets/css/site.css") < sheets.index("assets/css/print.css")


@pytest.mark.browser
@pytest.mark.parametrize("which", ["http", "file"])
@pytest.mark.parametrize("page_rel", [QUIZ_PAGE, LESSON_PAGE])
def test_bundled_page_requests_and_works(context, http_url, file_url, which, page_rel):
    page = context.new_page()
    urls, errors = [], []
    page.on("request", lambda r: urls.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((http_url if which == "http" else file_url) + page_rel, wait_until="load")
    own = [re.sub(r".*/assets/", "assets/", u) for u in urls if re.search(r"/assets/(?:css|js)/[^/]+\.(?:css|js)$", u)]
    css = [u for u in own if u.endswith(".css")]
    js = [u for u in own if u.endswith(".js") and not u.endswith("search.js")]
    assert len(css) == 1 and css[0].startswith("assets/css/p-"), own
    assert len(js) == 1 and js[0].startswith("assets/js/p-"), own
    # The joined scripts did their work: the page's components are live, fonts came from the bundle's url()s.
    if page_rel == QUIZ_PAGE:
        page.wait_for_selector(".quiz-check", state="attached")  # buttons quiz.js adds to each question
        assert page.locator(".quiz-check").count() >= 1
    else:  # the deadline calculator is shown by components.js with workdays-core.js's calendar
        page.wait_for_selector(".sotay-calc", state="visible")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Be Vietnam Pro') && f.status === 'loaded')")
    assert errors == []
    page.close()
