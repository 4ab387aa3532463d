"""Hostile and mistaken input: no script runs from content, no traceback, no silent
acceptance, no hang (issue 16).

Fixtures live in tests/fixtures/hostile/ (see tests/hostile.py for the format), in four
groups, each loaded or built once:

- ``load``: parse, encoding, page and value errors: one Repository load (``macros check``);
- ``semantic``: cross-checks that only run on content that loads: one Repository load;
- ``build``: macro and Jinja mistakes in pages: one (failing) MkDocs build of a small project;
- ``site``: script payloads in every field: one full build, then the browser and the exports.

Every failing fixture must give exactly one error at its line and column with its exact
message; valid ones (``message=none``) none at all.
"""

from __future__ import annotations

import html
import re
import signal
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from conftest import build_site
from hostile import HOSTILE, KINDS, all_fixtures, content_project, fixtures, overlay, site_project
from macros.errors import ContentError, ContentErrors
from macros.repository import Repository
from macros.yamlio import load_yaml

LOAD, SEMANTIC, BUILD, SITE = (fixtures(g) for g in ("load", "semantic", "build", "site"))
PAYLOAD = "<img src=x onerror=alert(1)>"


@contextmanager
def deadline(seconds: int, what: str):
    """Fail (instead of hanging the suite) if a step runs away; not a timing assertion."""
    def stop(_signum, _frame):
        raise AssertionError(f"{what} did not finish within {seconds} s (hang)")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _expected_message(fx, offset: int) -> str:
    return re.sub(r"\{\+(\d+)\}", lambda m: str(offset + int(m.group(1))), fx.message)


# ----------------------------------------------------------------- inventory
def test_fixture_inventory():
    """At least one fixture of every kind, and the count the issue asks for."""
    counts = Counter(f.kind for f in all_fixtures())
    assert set(counts) == set(KINDS), counts
    assert counts["script"] >= 8 and counts["traceback"] >= 11 and counts["silent"] >= 16 and counts["vague"] >= 9
    assert counts["hang"] >= 1


# ----------------------------------------------------------------- load and semantic groups
@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> dict:
    out = {}
    for group in ("load", "semantic"):
        root = content_project(tmp_path_factory.mktemp(group) / "project")
        placed = overlay(root, group)
        errors: list[ContentError] = []
        with deadline(60, f"loading the '{group}' fixtures"):
            try:
                Repository(root).load()
            except ContentErrors as exc:
                errors = exc.errors
        out[group] = (errors, placed)
    return out


def _mine(fx, errors, placed):
    target, offset = placed[fx.path]
    n = fx.path.read_bytes().count(b"\n") + 1
    return [e for e in errors if e.file == target and (not fx.append or (e.line and offset < e.line <= offset + n))], offset


@pytest.mark.parametrize("fx", LOAD + SEMANTIC, ids=[f"{f.group}/{f.name}" for f in LOAD + SEMANTIC])
def test_content_fixture(fx, loaded):
    errors, placed = loaded[fx.group]
    mine, offset = _mine(fx, errors, placed)
    rendered = "\n".join(map(str, errors))
    if fx.message is None:
        assert mine == [], rendered
        return
    assert len(mine) == 1, rendered
    err = mine[0]
    assert (None if err.line is None else err.line - offset) == fx.line, rendered
    assert err.column == fx.col, rendered
    assert err.message == _expected_message(fx, offset), rendered
    line = str(err)
    assert "\n" not in line and line.startswith(f"{err.file}:{err.line}:"), line


@pytest.mark.parametrize("group", ["load", "semantic"])
def test_every_error_belongs_to_a_fixture(group, loaded):
    """Nothing else fails: the real content copied with the fixtures is valid."""
    errors, placed = loaded[group]
    claimed = set()
    for fx in fixtures(group):
        mine, _ = _mine(fx, errors, placed)
        claimed.update(id(e) for e in mine)
    stray = [str(e) for e in errors if id(e) not in claimed]
    assert not stray, "\n".join(stray)


def test_alias_bomb_stops_with_a_message():
    """9 levels x 9 aliases would expand to 387 million values; it stops at the alias budget."""
    path = HOSTILE / "load" / "quizzes" / "alias-bomb.yml"
    with deadline(10, "the alias bomb"):
        with pytest.raises(ContentError) as info:
            load_yaml(path)
    assert "YAML aliases" in info.value.message


def test_yaml_12_numbers_and_few_aliases_still_load(tmp_path):
    """What stays valid: quoted look-alikes, plain decimals, hex, a handful of aliases."""
    p = tmp_path / "ok.yml"
    p.write_text('a: "010"\nb: "1:30"\nc: 10\nd: 0x1F\ne: 1.5\nf: "yes"\ng: true\n'
                 "h: &x [1, 2]\ni: *x\n", encoding="utf-8")
    data = load_yaml(p).data
    assert data == {"a": "010", "b": "1:30", "c": 10, "d": 31, "e": 1.5, "f": "yes", "g": True, "h": [1, 2], "i": [1, 2]}


def test_bom_does_not_shift_yaml_lines(tmp_path):
    p = tmp_path / "bom.yml"
    p.write_bytes("\ufeffid: x\nid: y\n".encode("utf-8"))
    with pytest.raises(ContentError) as info:
        load_yaml(p)
    assert (info.value.line, info.value.column) == (2, 1)


# ----------------------------------------------------------------- build group
@pytest.fixture(scope="module")
def failed_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-build")
    root = site_project(base / "project", docs=False, quizzes=False)
    overlay(root, "build")
    proc = build_site(base / "site", root=root)
    out = proc.stdout + proc.stderr
    lines = [re.sub(r"^(ERROR|WARNING)\s+-\s+", "", ln).strip() for ln in out.splitlines()]
    return proc, out, lines


def test_build_fails_cleanly(failed_build):
    proc, out, lines = failed_build
    assert proc.returncode != 0, out
    assert "Traceback" not in out, out
    reported = [ln for ln in lines if ln.startswith("docs/")]
    assert len(reported) == len(BUILD), out  # one line per fixture, nothing else


@pytest.mark.parametrize("fx", BUILD, ids=[f.name for f in BUILD])
def test_build_fixture(fx, failed_build):
    _proc, out, lines = failed_build
    assert f"{fx.name}:{fx.line}: {fx.message}" in lines, out


# ----------------------------------------------------------------- the hostile site
@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile-site")
    root = site_project(base / "project")
    overlay(root, "site")
    proc = build_site(base / "site", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return base / "site"


PAGES = ["hostile/index.html", "hostile/dap-an.html", "quy-trinh/qt-90.html", "van-ban-tham-khao.html",
         "thuat-ngu.html", "giang-vien/lms.html", "giang-vien/ban-in.html", "giang-vien/dap-an/index.html"]


def test_site_pages_hold_payloads_only_as_text(hostile_site):
    for rel in PAGES:
        doc = lxml.html.parse(str(hostile_site / rel)).getroot()
        content = doc.find_class("md-content")[0]
        assert content.xpath(".//script[not(@type='application/json')]") == [], rel
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert el.tag != "img" or el.get("src") != "x", rel
            for name, value in el.attrib.items():
                assert not name.startswith("on"), (rel, el.tag, name)
                if name == "title":  # Material puts a title into the page as HTML
                    assert "<" not in value, (rel, el.tag, value)
        if rel.startswith("hostile/") or rel.startswith("quy-trinh/"):
            assert PAYLOAD in doc.text_content(), rel
    page = (hostile_site / "hostile/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;' in page
    assert "<title>Trang thử &lt;img src=x onerror=alert(1)&gt; - " in page


def test_macros_in_fenced_code_are_shown_not_run(hostile_site):
    doc = lxml.html.parse(str(hostile_site / "hostile/macro-trong-khoi-ma.html")).getroot()
    code = " ".join(doc.xpath("string(//pre)").split())
    assert '{{ cite("dieu-le-2011") }}' in code and "{{ checklist() }}" in code


def test_review_link_to_a_procedure_heading(hostile_site):
    doc = lxml.html.parse(str(hostile_site / "hostile/index.html")).getroot()
    hrefs = {a.get("href") for a in doc.iter("a")}
    assert "../quy-trinh/qt-01.html#qt-01-dien-giai" in hrefs
    target = lxml.html.parse(str(hostile_site / "quy-trinh/qt-01.html")).getroot()
    assert target.get_element_by_id("qt-01-dien-giai") is not None


@pytest.mark.browser
def test_browser_runs_no_script_from_content(hostile_site, browser):
    import functools
    import http.server
    import threading

    from conftest import _QuietHandler
    from test_quiz_browser import answer, visible_questions

    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    errors: list[str] = []
    try:
        page = ctx.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        hovered = tooltips = literal = 0
        for rel in PAGES:
            page.goto(base + rel)
            page.wait_for_load_state("load")
            # Handles, not locators: Material removes the title while a tooltip shows.
            for el in page.query_selector_all("article [title], article abbr"):
                if not el.is_visible():
                    continue
                el.scroll_into_view_if_needed()
                el.hover()
                hovered += 1
                tip_id = None
                for _ in range(40):  # Material shows the tooltip after a short delay
                    tip_id = el.get_attribute("aria-describedby")
                    if tip_id:
                        break
                    page.wait_for_timeout(25)
                assert tip_id, el.evaluate("e => e.outerHTML")
                tip = page.locator(f"[id='{tip_id}']")
                tooltips += 1
                # Text only: no element at all inside the tooltip's content.
                assert tip.locator(".md-typeset *").count() == 0, tip.inner_html()
                literal += PAYLOAD in tip.inner_text()
                page.mouse.move(0, 0)
            assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[src$=\"/x\"]').length") == 0, rel
        assert tooltips >= 20 and literal >= 3, (hovered, tooltips, literal)

        # The quiz: answer and check every question, then look at the feedback.
        page.goto(base + "hostile/index.html")
        data = __import__("yaml").safe_load((HOSTILE / "site/quizzes/hostile-xss.yml").read_text(encoding="utf-8"))
        qdata = {q["id"]: q for q in data["questions"]}
        qs = visible_questions(page, "hostile-xss")
        assert len(qs) == len(qdata)
        for q in qs:
            answer(q, qdata[q.get_attribute("data-qid")], True)
            q.locator(".quiz-check").click()
            fb = q.locator(".quiz-fb")
            assert fb.count() == 1
            for link in fb.locator("a[href^='https']").all():
                link.hover()
        body = page.inner_text("article")
        assert PAYLOAD in body
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[src$=\"/x\"]').length") == 0
        # A short-text answer that looks like markup is graded as text.
        assert "✓ Đúng" in page.locator("[data-qid='xss-short-text'] .quiz-fb").inner_text()
    finally:
        ctx.close()
        server.shutdown()
    assert dialogs == [], dialogs
    assert errors == [], errors


# ----------------------------------------------------------------- exports
def test_exports_carry_payloads_escaped():
    from macros.lms import load_bank_file
    from macros.lms.gift import bank_to_gift
    from macros.lms.moodle_xml import bank_to_xml

    bank = load_bank_file(HOSTILE / "site" / "quizzes" / "hostile-xss.yml")
    gift = bank_to_gift(bank)
    # Comment lines (never imported) hold the title; everything else is HTML for Moodle
    # ([html] marker), so a payload must arrive escaped.
    imported = "\n".join(ln for ln in gift.splitlines() if not ln.startswith("//"))
    assert "<img" not in imported and "<script" not in imported and "onerror=alert(1)" in imported
    assert html.escape(PAYLOAD, quote=False) in imported
    assert gift.count("// Tự kiểm tra: bộ câu hỏi thử") == 1
    root = lxml.etree.fromstring(bank_to_xml(bank))
    texts = [t.text or "" for t in root.iter("text")]
    assert texts
    for value in texts:  # what Moodle reads (and renders as HTML)
        assert "<img" not in value and "<script" not in value and "onmouseover" not in value.split("&lt;")[0], value
    answers = {t.text for t in root.iter("text") if t.getparent().tag == "answer"}
    assert html.escape(PAYLOAD, quote=False) in answers  # short-text answer
    assert any(a and a.startswith("Phải một &lt;img") for a in answers)  # matching right side
    assert any(a and a.startswith("Nhiễu &lt;img") for a in answers)  # distractor
    category = root.find("question[@type='category']/category/text").text
    assert "&lt;img" in category and "<img" not in category


def test_our_javascript_never_parses_text_as_html():
    """Text typed by trainees (answers, names) and author text only ever reach the page as
    text: our scripts never build HTML from strings."""
    for path in sorted((HOSTILE.parents[2] / "docs" / "assets" / "js").glob("*.js")):
        src = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                     "createContextualFragment", "DOMParser"):
            assert sink not in src, f"{path.name} uses {sink}"


def test_scorm_package_keeps_payloads_inert(hostile_site):
    """SCORM pages are the built pages re-serialised: titles must stay double-escaped."""
    from macros.lms.scorm import PackageSpec, package_files

    spec = PackageSpec(identifier="hostile-xss", title=f"Gói thử {PAYLOAD}", pages=["hostile/index.html", "hostile/dap-an.html"],
                       start="hostile/index.html", banks={"hostile-xss": 50})
    files = package_files(hostile_site, spec)
    for name in ("hostile/index.html", "hostile/dap-an.html", "scorm-launch.html"):
        doc = lxml.html.document_fromstring(files[name].decode("utf-8"))
        assert doc.xpath("//img[@src='x']") == [], name
        for el in doc.iter():
            if isinstance(el.tag, str):
                assert not any(a.startswith("on") for a in el.attrib), (name, el.tag)
                if name != "scorm-launch.html":  # the launch frame does not load Material's tooltips
                    assert "<" not in (el.get("title") or ""), (name, el.get("title"))
        assert doc.xpath("//*[contains(@class, 'md-content')]//script[not(@type='application/json')]") == [], name
