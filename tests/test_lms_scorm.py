"""SCORM 1.2 packages: manifest validated against the official XSDs, self-contained content,
deterministic bytes, the site's download links, and a real run in Chromium against the
scorm-again SCORM 1.2 runtime (the "LMS")."""

from __future__ import annotations

import functools
import hashlib
import io
import http.server
import json
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import lxml.html
import pytest
import xmlschema
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "lms"))

from lmshelp import ROOT, module_banks  # noqa: E402

from macros.lms import load_project_banks  # noqa: E402
from macros.lms.cli import COURSE_ID, XSD_DIR, export  # noqa: E402

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
      "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
XSDS = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
# The W3C schema for the xml: namespace, as shipped inside the xmlschema package.
W3C_XML_XSD = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def banks():
    return load_project_banks(ROOT)


@pytest.fixture(scope="module")
def exported(site_dir, tmp_path_factory, banks):
    out = tmp_path_factory.mktemp("dist")
    result = export(site_dir, out, ROOT, XSD_DIR, banks=banks, copy_to_site=False)
    return out / "lms", result


def zips(exported) -> dict[str, Path]:
    lms, _ = exported
    return {p.stem: p for p in sorted((lms / "scorm").glob("*.zip"))}


def unpack(zip_path: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    return dest


def manifest_schema(folder: Path) -> xmlschema.XMLSchema11:
    """The package's own copies of the official SCORM 1.2 XSDs.

    Two defects of those 2001 files need a processor setting, not an edit: ims_xml.xsd
    binds the default namespace to the reserved xml: namespace (every namespace-aware
    XML parser refuses the file, expat and libxml2 alike), so the import of the xml:
    namespace is served by the W3C's xml.xsd (same xml:lang/xml:base attributes); and
    imsmd_rootv1p2p1.xsd breaks XSD 1.0's Unique Particle Attribution rule (an element
    next to a ##any wildcard), which XSD 1.1 resolves in favour of the element.
    """
    def mapper(uri: str) -> str:
        return W3C_XML_XSD.as_uri() if uri.endswith("/ims_xml.xsd") else uri

    return xmlschema.XMLSchema11(
        str(folder / "imscp_rootv1p1p2.xsd"),
        locations=[(NS["imsmd"], str(folder / "imsmd_rootv1p2p1.xsd")),
                   (NS["adlcp"], str(folder / "adlcp_rootv1p2.xsd"))],
        uri_mapper=mapper,
    )


# ------------------------------------------------------------------ packages
def test_one_package_per_module_and_one_for_the_course(exported, banks):
    found = zips(exported)
    assert set(found) == {b["id"] for b in module_banks(banks)} | {COURSE_ID}


def test_manifests_validate_against_scorm12_xsds(exported, banks, tmp_path):
    pass_marks = {b["id"]: b["pass_mark"] for b in banks}
    for name, path in zips(exported).items():
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
        assert names[0] == "imsmanifest.xml"
        for xsd in XSDS:
            assert xsd in names, (name, xsd)
            # The very files of the npm package, not edited copies.
            with zipfile.ZipFile(path) as zf:
                assert zf.read(xsd) == (XSD_DIR / xsd).read_bytes()
        folder = unpack(path, tmp_path / name)
        schema = manifest_schema(folder)
        schema.validate(str(folder / "imsmanifest.xml"))
        root = etree.parse(str(folder / "imsmanifest.xml")).getroot()
        assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
        assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
        res = root.findall("cp:resources/cp:resource", NS)
        assert len(res) == 1
        assert res[0].get(f"{{{NS['adlcp']}}}scormtype") == "sco"
        launch = res[0].get("href")
        assert (folder / launch).is_file()
        listed = {f.get("href") for f in res[0].findall("cp:file", NS)}
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert listed == on_disk - {"imsmanifest.xml", *XSDS}, name
        mastery = root.findtext(".//cp:item/adlcp:masteryscore", namespaces=NS)
        if name == COURSE_ID:
            assert mastery is None
        else:
            assert mastery == str(pass_marks[name])
        # A broken manifest must fail the same validation (the check can fail).
        bad = (folder / "imsmanifest.xml").read_text(encoding="utf-8").replace('scormtype="sco"', 'scormtype="x"')
        assert not schema.is_valid(bad)


# URL attributes of the pages: the usual ones and the files the search box loads on demand.
REF_ATTRS = ("src", "href", "data", "poster", "data-index", "data-engine")


def _local_refs(page: str, html_bytes: bytes):
    doc = lxml.html.document_fromstring(html_bytes.decode("utf-8"))
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in REF_ATTRS:
            url = el.get(attr)
            if not url or url.startswith(("#", "mailto:", "data:", "javascript:")):
                continue
            yield el.tag, attr, url


def _listed(folder: Path) -> set[str]:
    root = etree.parse(str(folder / "imsmanifest.xml")).getroot()
    return {f.get("href") for f in root.findall("cp:resources/cp:resource/cp:file", NS)}


def _index(folder: Path) -> dict:
    """The package's search index (search/search_index.js: ``var __index = {...};``)."""
    text = (folder / "search" / "search_index.js").read_text(encoding="utf-8")
    assert text.startswith("var __index = ") and text.rstrip().endswith(";")
    return json.loads(text[len("var __index = "):].rstrip().rstrip(";"))


def test_packages_are_self_contained(exported, tmp_path):
    for name, path in zips(exported).items():
        folder = unpack(path, tmp_path / name)
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        listed = _listed(folder)
        pages = sorted(f for f in files if f.endswith(".html"))
        assert "scorm-launch.html" in pages
        searched = 0
        for page in pages:
            raw = (folder / page).read_bytes()
            for tag, attr, url in _local_refs(page, raw):
                if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
                    # Only plain links may leave the package; nothing is loaded from another host.
                    assert tag == "a" and attr == "href", (name, page, tag, url)
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("#")[0].split("?")[0]))
                assert target in files, f"{name}: {page} -> {url} (missing {target})"
                # ... and is one of the package's own resources in the manifest.
                assert target in listed, f"{name}: {page} -> {url} ({target} not in imsmanifest.xml)"
                searched += attr == "data-engine"
            if page != "scorm-launch.html":
                # Material's lunr worker is not packaged, so no page names it.
                assert b"workers/search" not in raw, (name, page)
        # Every content page carries the search box, and the engine it loads is packaged.
        assert searched == len(pages) - 1, name
        assert "assets/vendor/minisearch/minisearch.js" in listed, name
        for page in pages:
            raw = (folder / page).read_bytes()
            if page != "scorm-launch.html":
                doc = lxml.html.document_fromstring(raw.decode("utf-8"))
                scripts = [s.get("src") for s in doc.iter("script") if s.get("src")]
                assert any(s.endswith("assets/js/scorm.js") for s in scripts), (name, page)
        for css in (f for f in files if f.endswith(".css")):
            text = (folder / css).read_text(encoding="utf-8")
            for m in re.finditer(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""", text):
                url = m.group(1)
                if url.startswith(("data:", "#")):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(css), url.split("#")[0].split("?")[0]))
                assert target in files, f"{name}: {css} -> {url}"
                assert target in listed, f"{name}: {css} -> {url} (not in imsmanifest.xml)"
        # The search index only lists the package's pages, at anchors those pages hold.
        index = _index(folder)
        assert index["docs"]
        assert {d["location"].split("#")[0] for d in index["docs"]} <= set(pages)
        ids: dict[str, set[str]] = {}
        for d in index["docs"]:
            page, _, anchor = d["location"].partition("#")
            if page not in ids:
                ids[page] = set(lxml.html.document_fromstring((folder / page).read_bytes()).xpath("//@id"))
            assert not anchor or anchor in ids[page], (name, d["location"])


def test_package_index_is_the_site_index_of_its_pages(exported, site_dir, tmp_path):
    """No text beyond the package's pages: each entry is the site's entry, unchanged, and
    every indexed section of those pages is there (no page of the package loses search)."""
    site = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for name, path in zips(exported).items():
        folder = unpack(path, tmp_path / name)
        pages = {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
        index = _index(folder)
        assert index["config"] == site["config"]
        expected = [d for d in site["docs"] if d["location"].split("#")[0] in pages]
        assert index["docs"] == expected, name
        assert len(index["docs"]) < len(site["docs"]), name  # trainer pages at least stay out
        assert not [d for d in index["docs"] if d["location"].startswith("giang-vien/")]


def test_module_package_holds_its_guide_and_quiz_only(exported, banks, tmp_path):
    found = zips(exported)
    for bank in module_banks(banks):
        with zipfile.ZipFile(found[bank["id"]]) as zf:
            pages = sorted(n for n in zf.namelist() if n.endswith(".html"))
            launch = zf.read("scorm-launch.html").decode("utf-8")
        slug = bank["id"]
        assert pages == sorted([f"{slug}/index.html", f"{slug}/tu-kiem-tra.html", "scorm-launch.html"])
        assert f'src="{slug}/index.html"' in launch
        cfg = json.loads(re.search(r'id="sotay-scorm-config">(.*?)</script>', launch).group(1))
        assert cfg["banks"] == {slug: bank["pass_mark"]} and cfg["mode"] == "module"
    with zipfile.ZipFile(found[COURSE_ID]) as zf:
        pages = [n for n in zf.namelist() if n.endswith(".html")]
    assert not [p for p in pages if p.startswith("giang-vien/")]  # no answer keys for learners
    for bank in module_banks(banks):
        assert f"{bank['id']}/tu-kiem-tra.html" in pages


def test_dist_holds_the_generators_output(exported, banks):
    from macros.lms.gift import bank_to_gift
    from macros.lms.moodle_xml import bank_to_xml

    lms, result = exported
    for bank in banks:
        assert (lms / "gift" / f"{bank['id']}.gift").read_text(encoding="utf-8") == bank_to_gift(bank)
        assert (lms / "moodle-xml" / f"{bank['id']}.xml").read_bytes() == bank_to_xml(bank)
    report = (lms / "bao-cao-chuyen-doi.txt").read_text(encoding="utf-8")
    ordering = [q["id"] for b in banks for q in b["questions"] if q["type"] == "ordering"]
    for qid in ordering:  # every conversion is reported, per question
        assert f"/{qid}: converted: ordering -> matching" in report
        assert f"/{qid}: converted: ordering -> qtype 'ordering'" in report


def test_normal_site_never_loads_the_scorm_adapter(site_dir):
    for page in site_dir.rglob("*.html"):
        if "tai-ve" in page.relative_to(site_dir).parts:
            continue
        assert "scorm.js" not in page.read_text(encoding="utf-8"), page


@pytest.mark.full_export
def test_exports_are_deterministic(site_dir, banks, tmp_path):
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        export(site_dir, out, ROOT, XSD_DIR, banks=banks, copy_to_site=False)
        files = sorted(p for p in (out / "lms").rglob("*") if p.is_file())
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files})
    assert digests[0] == digests[1]
    assert len(digests[0]) >= 2 * len(banks) + 3
    for p in (tmp_path / "a" / "lms" / "scorm").glob("*.zip"):
        with zipfile.ZipFile(p) as zf:
            for info in zf.infolist():
                assert info.date_time == (1980, 1, 1, 0, 0, 0), (p.name, info.filename)


def test_cli_writes_dist_and_the_site_links_resolve(site_dir, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(site_dir, site, ignore=shutil.ignore_patterns("tai-ve"))
    proc = subprocess.run(
        [sys.executable, "-m", "macros.lms", "export", "--site", str(site), "--out", str(tmp_path / "dist")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "converted: ordering" in proc.stdout  # conversions are printed, not silent
    assert (tmp_path / "dist" / "lms" / "bao-cao-chuyen-doi.txt").is_file()
    page = site / "giang-vien" / "lms.html"
    doc = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    links = [a.get("href") for a in doc.iter("a") if "tai-ve/lms/" in (a.get("href") or "")]
    assert len(links) >= 10
    for href in links:
        target = (page.parent / href).resolve()
        assert target.is_file(), href
        rel = target.relative_to(site / "tai-ve")
        assert (tmp_path / "dist" / rel).read_bytes() == target.read_bytes()


# ------------------------------------------------------------------ in a browser
HARNESS = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>LMS harness</title>
<script src="scorm12.js"></script>
<script>
  window.lmsLog = [];
  window.lms = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.lms.loadFromJSON(SEED);  // what the LMS kept from earlier sessions ({} at first launch)
  function wrap(name) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      var result = window.lms[name].apply(window.lms, args);
      window.lmsLog.push({ fn: name, args: args, result: String(result),
                           error: String(window.lms.LMSGetLastError()) });
      return result;
    };
  }
  window.API = {};
  ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
   "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"].forEach(function (n) {
    window.API[n] = wrap(n);
  });
</script></head>
<body><iframe id="sco" src="pkg/LAUNCH" style="width:1200px;height:850px;border:0"></iframe></body></html>
"""

# Runs in the quiz page: exam mode, then every drawn question answered right (or left empty).
TAKE_QUIZ = """async (right) => {
  const root = document.querySelector('.quiz[data-bank]');
  const data = JSON.parse(root.querySelector('script.quiz-data').textContent);
  const byId = {};
  data.q.forEach((d) => { byId[d.id] = d; });
  const exam = root.querySelector('input[value="exam"]');
  if (exam.checked) root.querySelector('.quiz-retry').click();  // a new attempt
  else exam.click();  // switching mode starts a new attempt
  for (const li of root.querySelectorAll('.quiz-q')) {
    if (li.hidden || !right) continue;
    const d = byId[li.getAttribute('data-qid')];
    if (d.t === 'single') li.querySelector('input[value="' + d.c[0] + '"]').click();
    else if (d.t === 'multiple') d.c.forEach((i) => li.querySelector('input[value="' + i + '"]').click());
    else if (d.t === 'true_false') li.querySelector('input[value="' + String(d.a) + '"]').click();
    else if (d.t === 'ordering') {
      for (let k = 0; k < d.n; k++) {
        const item = li.querySelector('.quiz-item[data-i="' + k + '"]');
        for (let guard = 0; guard < 50 && Array.prototype.indexOf.call(item.parentNode.children, item) > k; guard++) {
          item.querySelector('.quiz-up').click();
        }
      }
    } else if (d.t === 'matching') {
      li.querySelectorAll('.quiz-pair').forEach((p) => {
        const sel = p.querySelector('select');
        sel.value = p.getAttribute('data-i');
        sel.dispatchEvent(new Event('change', { bubbles: true }));
      });
    } else {
      const input = li.querySelector('input');
      input.value = d.t === 'numeric' ? String(d.a) : d.a[0];
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
  root.querySelector('.quiz-submit').click();
  const confirm = root.querySelector('.quiz-confirm');
  if (confirm && !confirm.closest('[hidden]')) confirm.click();
  return root.querySelector('.quiz-result').textContent;
}"""


@pytest.fixture
def lms_server(tmp_path):
    """A loopback HTTP server for a harness folder: serve(zip) -> harness URL."""
    servers = []

    def serve(zip_path: Path, seed: dict | None = None) -> str:
        folder = tmp_path / f"lms-{len(servers)}"
        folder.mkdir()
        unpack(zip_path, folder / "pkg")
        shutil.copy(SCORM_AGAIN, folder / "scorm12.js")
        launch = etree.parse(str(folder / "pkg" / "imsmanifest.xml")).find(".//cp:resource", NS).get("href")
        harness = HARNESS.replace("LAUNCH", launch).replace("SEED", json.dumps(seed or {}))
        (folder / "index.html").write_text(harness, encoding="utf-8")
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/index.html"

    yield serve
    for s in servers:
        s.shutdown()


def _frame(page, suffix: str):
    for _ in range(100):
        for f in page.frames:
            if f.url.endswith(suffix):
                f.wait_for_load_state("load")
                return f
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame {suffix}: {[f.url for f in page.frames]}")


def _cmi(page) -> dict:
    return page.evaluate("""() => ({
        raw: String(lms.cmi.core.score.raw), min: String(lms.cmi.core.score.min),
        max: String(lms.cmi.core.score.max), status: lms.cmi.core.lesson_status,
        suspend: lms.cmi.suspend_data })""")


def _calls(page, fn: str) -> list:
    return [c for c in page.evaluate("lmsLog") if c["fn"] == fn]


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "file:", "data:", "about:", "blob:")) else (errors.append("external: " + r.request.url), r.abort()))
    return errors


@pytest.mark.browser
def test_module_package_reports_to_the_lms(context, exported, banks, lms_server):
    bank = next(b for b in module_banks(banks) if b["id"] == "sinh-hoat-chi-bo")
    slug, pass_mark = bank["id"], bank["pass_mark"]
    page = context.new_page()
    errors = _watch(page)
    page.goto(lms_server(zips(exported)[slug]))
    _frame(page, f"/pkg/{slug}/index.html")
    page.wait_for_function("lmsLog.some(c => c.fn === 'LMSInitialize')")
    init = _calls(page, "LMSInitialize")
    assert [(c["args"], c["result"]) for c in init] == [([""], "true")]
    # Guide opened, quiz not taken: incomplete.
    assert _cmi(page)["status"] == "incomplete"

    # The learner moves from the guide to the quiz inside the package: same LMS session.
    guide = _frame(page, f"/pkg/{slug}/index.html")
    guide.locator("a.md-footer__link--next").click()
    quiz = _frame(page, f"/pkg/{slug}/tu-kiem-tra.html")
    assert _calls(page, "LMSFinish") == []

    # 1. Fail: submit an empty exam.
    text = quiz.evaluate(TAKE_QUIZ, False)
    assert "0%" in text
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["min"], cmi["max"], cmi["status"]) == ("0", "0", "100", "failed")

    # 2. Pass: every drawn question answered right.
    text = quiz.evaluate(TAKE_QUIZ, True)
    assert "100%" in text and "Đạt" in text
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["min"], cmi["max"], cmi["status"]) == ("100", "0", "100", "passed")
    # The pass mark the package judges by is the bank's own.
    config = page.frame_locator("#sco").locator("#sotay-scorm-config").text_content()
    assert json.loads(config)["banks"] == {slug: pass_mark}

    # 3. A later failed attempt keeps the best score and the pass.
    quiz.evaluate(TAKE_QUIZ, False)
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["status"]) == ("100", "passed")
    assert json.loads(cmi["suspend"])["b"][slug] == [100, 1]
    commits = len(_calls(page, "LMSCommit"))
    assert commits >= 4

    # Leaving the package (the LMS replaces the SCO frame) commits and finishes.
    page.wait_for_load_state("networkidle")  # let pending loads finish first
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("lmsLog.some(c => c.fn === 'LMSFinish')")
    finish = _calls(page, "LMSFinish")
    assert [(c["args"], c["result"]) for c in finish] == [([""], "true")]
    log = page.evaluate("lmsLog")
    assert [c["fn"] for c in log][-2:] == ["LMSCommit", "LMSFinish"]
    sets = {c["args"][0]: c["args"][1] for c in log if c["fn"] == "LMSSetValue"}
    assert re.match(r"^\d{4}:\d{2}:\d{2}\.\d{2}$", sets["cmi.core.session_time"])
    # The runtime never reported an error for any call.
    assert [c for c in log if c["error"] != "0"] == []
    assert all(c["result"] == "true" for c in log if c["fn"] in ("LMSSetValue", "LMSCommit"))
    assert errors == []


@pytest.mark.browser
def test_module_package_failed_attempt_only(context, exported, banks, lms_server):
    bank = module_banks(banks)[0]
    page = context.new_page()
    errors = _watch(page)
    page.goto(lms_server(zips(exported)[bank["id"]]))
    guide = _frame(page, f"/pkg/{bank['id']}/index.html")
    guide.locator("a.md-footer__link--next").click()
    quiz = _frame(page, f"/pkg/{bank['id']}/tu-kiem-tra.html")
    quiz.evaluate(TAKE_QUIZ, False)
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["status"]) == ("0", "failed")
    page.wait_for_load_state("networkidle")  # let pending loads finish first
    page.evaluate("document.getElementById('sco').remove()")
    page.wait_for_function("lmsLog.some(c => c.fn === 'LMSFinish')")
    assert [c for c in page.evaluate("lmsLog") if c["error"] != "0"] == []
    assert errors == []


@pytest.mark.browser
def test_module_package_passes_at_exactly_the_pass_mark(context, exported, banks, lms_server):
    """One point under the bank's pass mark fails; exactly the pass mark passes."""
    bank = next(b for b in module_banks(banks) if b["id"] == "sinh-hoat-chi-bo")
    slug, mark = bank["id"], bank["pass_mark"]
    assert 0 < mark < 100
    page = context.new_page()
    errors = _watch(page)
    page.goto(lms_server(zips(exported)[slug]))
    guide = _frame(page, f"/pkg/{slug}/index.html")
    guide.locator("a.md-footer__link--next").click()
    quiz = _frame(page, f"/pkg/{slug}/tu-kiem-tra.html")
    send = """([bank, score]) => document.dispatchEvent(new CustomEvent("quiz:result",
        { detail: { bank, mode: "exam", score, passed: false } }))"""
    quiz.evaluate(send, [slug, mark - 1])
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["status"]) == (str(mark - 1), "failed")
    assert json.loads(cmi["suspend"])["b"][slug] == [mark - 1, 0]
    quiz.evaluate(send, [slug, mark])
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["status"]) == (str(mark), "passed")
    assert json.loads(cmi["suspend"])["b"][slug] == [mark, 1]
    # A bank the package does not hold changes nothing.
    quiz.evaluate(send, ["khong-co-trong-goi", 100])
    assert _cmi(page)["raw"] == str(mark)
    assert errors == []


@pytest.mark.browser
def test_course_package_reports_the_mean_of_module_banks(context, exported, banks, lms_server):
    modules = module_banks(banks)
    first = modules[0]
    page = context.new_page()
    errors = _watch(page)
    page.goto(lms_server(zips(exported)[COURSE_ID]))
    _frame(page, "/pkg/index.html")
    page.wait_for_function("lmsLog.some(c => c.fn === 'LMSInitialize')")
    assert _cmi(page)["status"] == "incomplete"
    page.frame_locator("#sco").locator("#sotay-scorm-content").evaluate(
        f"f => f.src = '{first['id']}/tu-kiem-tra.html'")
    quiz = _frame(page, f"/pkg/{first['id']}/tu-kiem-tra.html")
    quiz.evaluate(TAKE_QUIZ, True)
    cmi = _cmi(page)
    # One of N module banks at 100 %, the others not taken (0): mean, still incomplete.
    assert cmi["raw"] == str(int(100 / len(modules) + 0.5))  # Math.round: halves go up
    assert cmi["status"] == "incomplete"
    assert [c for c in page.evaluate("lmsLog") if c["error"] != "0"] == []
    assert errors == []


@pytest.mark.browser
def test_package_opened_from_disk_works_like_the_site(context, exported, banks, tmp_path):
    bank = module_banks(banks)[0]
    folder = unpack(zips(exported)[bank["id"]], tmp_path / "disk")
    page = context.new_page()
    errors = _watch(page)
    page.goto((folder / bank["id"] / "tu-kiem-tra.html").as_uri())
    page.wait_for_selector(".quiz.quiz-js")
    text = page.evaluate(TAKE_QUIZ, True)
    assert "100%" in text
    progress = page.evaluate("SotayQuiz.progress()")
    assert progress["banks"][bank["id"]]["passed"] is True
    # The launch page without an LMS shows the guide and makes no SCORM call.
    page.goto((folder / "scorm-launch.html").as_uri())
    page.frame_locator("#sotay-scorm-content").locator("h1").first.wait_for()
    assert page.evaluate("window.SotayScormHost.connected()") is False
    assert errors == []


@pytest.mark.browser
def test_course_package_relaunch_restores_results_of_earlier_sessions(context, exported, banks, lms_server):
    """Second LMS session: the results saved in suspend_data count towards the course score."""
    modules = module_banks(banks)
    first, second, third = (b["id"] for b in modules[:3])
    saved = {"v": 1, "b": {first: [100, 1], second: [40, 0], "khong-co": [90, 1]}}
    seed = {"core": {"lesson_status": "incomplete", "score": {"raw": "18", "min": "0", "max": "100"}},
            "suspend_data": json.dumps(saved)}
    page = context.new_page()
    errors = _watch(page)
    page.goto(lms_server(zips(exported)[COURSE_ID], seed))
    _frame(page, "/pkg/index.html")
    page.wait_for_function("lmsLog.some(c => c.fn === 'LMSInitialize')")
    reads = [c["args"][0] for c in _calls(page, "LMSGetValue")]
    assert "cmi.suspend_data" in reads
    assert _cmi(page)["status"] == "incomplete"
    page.frame_locator("#sco").locator("#sotay-scorm-content").evaluate(f"f => f.src = '{third}/tu-kiem-tra.html'")
    quiz = _frame(page, f"/pkg/{third}/tu-kiem-tra.html")
    quiz.evaluate(TAKE_QUIZ, True)
    cmi = _cmi(page)
    # (100 + 40 + 100) / N: the earlier sessions' two banks are still there; an unknown bank is dropped.
    assert cmi["raw"] == str(int(240 / len(modules) + 0.5))
    assert cmi["status"] == "incomplete"
    assert json.loads(cmi["suspend"]) == {"v": 1, "b": {first: [100, 1], second: [40, 0], third: [100, 1]}}
    assert [c for c in page.evaluate("lmsLog") if c["error"] != "0"] == []
    assert errors == []


@pytest.mark.browser
def test_module_package_relaunch_keeps_the_earlier_pass(context, exported, banks, lms_server):
    """An earlier session passed with 85 (no suspend data): a failed attempt now keeps 85 and the pass."""
    bank = module_banks(banks)[0]
    seed = {"core": {"lesson_status": "passed", "score": {"raw": "85", "min": "0", "max": "100"}}}
    page = context.new_page()
    errors = _watch(page)
    page.goto(lms_server(zips(exported)[bank["id"]], seed))
    guide = _frame(page, f"/pkg/{bank['id']}/index.html")
    guide.locator("a.md-footer__link--next").click()
    quiz = _frame(page, f"/pkg/{bank['id']}/tu-kiem-tra.html")
    quiz.evaluate(TAKE_QUIZ, False)
    cmi = _cmi(page)
    assert (cmi["raw"], cmi["status"]) == ("85", "passed")
    assert json.loads(cmi["suspend"])["b"] == {bank["id"]: [85, 1]}
    assert errors == []


# ------------------------------------------------------------------ search inside a package
SEARCH_QUERIES = ("biên bản sinh hoạt", "bien ban sinh hoat")  # with and without diacritics
SEARCH_EXPECTED = "sinh-hoat-chi-bo/index.html#bien-ban"  # what the site puts first (tests/test_search.py)


def _search_in(frame, query: str) -> list[str]:
    """Open the search box in ``frame`` (a page or a frame), type ``query``: result hrefs, best first."""
    box = frame.locator("input.md-search__input")
    box.click()
    box.fill(query)
    frame.wait_for_function(
        "q => { const l = document.querySelector('.md-search-result__list');"
        " return l && l.getAttribute('data-query') === q; }", arg=query, timeout=20_000)
    return frame.eval_on_selector_all(".md-search-result__item a.md-search-result__link", "els => els.map(e => e.href)")


def _inside(href: str, base: str, folder: Path) -> str:
    """The package path ``href`` (under ``base``, the package's URL) points to; asserts the
    file and its anchor exist in the unpacked package ``folder``."""
    assert href.startswith(base), f"{href} leaves the package {base}"
    rel, _, anchor = href[len(base):].partition("#")
    assert (folder / rel).is_file(), href
    if anchor:
        ids = lxml.html.document_fromstring((folder / rel).read_bytes()).xpath("//@id")
        assert anchor in ids, href
    return rel + (f"#{anchor}" if anchor else "")


@pytest.mark.browser
def test_search_inside_a_module_package_from_disk(context, exported, tmp_path):
    folder = unpack(zips(exported)["sinh-hoat-chi-bo"], tmp_path / "disk")
    page = context.new_page()
    errors = _watch(page)
    page.goto((folder / "sinh-hoat-chi-bo" / "tu-kiem-tra.html").as_uri())
    found = {}
    for query in SEARCH_QUERIES:
        hrefs = _search_in(page, query)
        assert hrefs, query
        found[query] = [_inside(h, folder.as_uri() + "/", folder) for h in hrefs]
        # Only the package's two pages: another module's lesson is not a result here.
        assert {r.split("#")[0] for r in found[query]} <= {"sinh-hoat-chi-bo/index.html", "sinh-hoat-chi-bo/tu-kiem-tra.html"}
    assert found[SEARCH_QUERIES[0]][0] == SEARCH_EXPECTED
    assert found[SEARCH_QUERIES[0]] == found[SEARCH_QUERIES[1]]  # diacritics change nothing
    # A query another module answers on the site (module 6) links only pages of this package here.
    others = [_inside(h, folder.as_uri() + "/", folder) for h in _search_in(page, "thẩm tra lý lịch")]
    assert not [r for r in others if not r.startswith("sinh-hoat-chi-bo/")]
    # Following a result stays in the package.
    hrefs = _search_in(page, SEARCH_QUERIES[1])
    page.locator(".md-search-result__item a.md-search-result__link").first.click()
    page.wait_for_url(hrefs[0])
    page.locator("#bien-ban").wait_for()
    assert errors == []


@pytest.mark.browser
def test_search_inside_packages_served_by_the_lms(context, exported, lms_server, tmp_path):
    """Inside the launch frame over http: the module package, then the whole course."""
    page = context.new_page()
    errors = _watch(page)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(lms_server(zips(exported)["sinh-hoat-chi-bo"]))
    folder = tmp_path / "lms-0" / "pkg"  # where lms_server unpacked it
    guide = _frame(page, "/pkg/sinh-hoat-chi-bo/index.html")
    base = guide.url.split("/pkg/")[0] + "/pkg/"
    assert not [u for u in requested if "minisearch" in u or "search_index" in u]  # not before search opens
    results = [[_inside(h, base, folder) for h in _search_in(guide, q)] for q in SEARCH_QUERIES]
    assert results[0] and results[0] == results[1]
    assert results[0][0] == SEARCH_EXPECTED
    assert {r.split("#")[0] for r in results[0]} <= {"sinh-hoat-chi-bo/index.html", "sinh-hoat-chi-bo/tu-kiem-tra.html"}
    loaded = sorted(u for u in requested if "minisearch" in u or "search_index" in u)
    assert loaded == [base + "assets/vendor/minisearch/minisearch.js", base + "search/search_index.js"]
    guide.locator(".md-search-result__item a.md-search-result__link").first.click()
    _frame(page, "/pkg/" + SEARCH_EXPECTED).locator("#bien-ban").wait_for()

    # The course package: another module's lesson is found, trainer pages are not there.
    page.goto(lms_server(zips(exported)[COURSE_ID]))
    folder = tmp_path / "lms-1" / "pkg"
    home = _frame(page, "/pkg/index.html")
    base = home.url.split("/pkg/")[0] + "/pkg/"
    for query in ("thẩm tra lý lịch", "tham tra ly lich"):
        hits = [_inside(h, base, folder) for h in _search_in(home, query)]
        assert hits and hits[0].startswith("bao-ve-chinh-tri-noi-bo/index.html"), (query, hits[:3])
    assert errors == []


# ------------------------------------------------------------------ a made-up site, exact results
MINI_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title><!-- chú thích -->
<link rel="stylesheet" href="../assets/a.css"><link rel="next" href="../khac/index.html">
<link rel="prev" href="../khac/mot.html"><link rel="icon" href="../assets/icon.png">
<link rel="canonical" href="../khac/index.html"><link rel="alternate" href="../khac/index.html">
<link rel="prefetch" href="tu-kiem-tra.html">
<script id="__config" type="application/json">{{"base": "..", "search": "../assets/worker.js", "x": "</b>", "tên": "Sổ tay"}}</script>
<style>.h {{ background: url("../assets/bg.png") }}</style></head>
<body><nav><ul>
<li class="md-nav__item md-nav__item--nested"><a href="../khac/index.html">Khác</a><ul>
<li class="md-nav__item"><a href="../khac/mot.html">Một</a></li></ul></li>
<li class="md-nav__item"><a href="index.html">Bài học</a></li>
<li class="md-nav__item md-nav__item--section"><ul><li class="md-nav__item"><a href="tu-kiem-tra.html">Tự kiểm tra</a></li></ul></li>
<li class="md-nav__item md-nav__item--section"><label>Phần ngoài</label><ul>
<li class="md-nav__item md-nav__item--nested"><label>Con</label><ul><li class="md-nav__item"><a href="../khac/mot.html">Một</a></li></ul></li>
</ul></li>
<li class="md-nav__item md-nav__item--nested"><a href="index.html">Trang có liên kết</a><ul></ul></li>
</ul></nav>
<nav class="md-tabs"><ul><li class="md-tabs__item"><a href="../khac/index.html">Tab khác</a></li>
<li class="md-tabs__item"><a href="index.html">Tab này</a></li></ul></nav>
<div class="md-search" data-sotay-search data-index="../search/search_index.js" data-engine="../assets/ms.js"></div>
<article><h1>{title}</h1>
<p><a href="../khac/index.html#muc" target="_blank" rel="noopener" hreflang="vi" download>Trang ngoài</a>
<a href="#neo">Neo</a> <a href="https://example.org/x">Ngoài mạng</a> <a href="mailto:a@b.c">Thư</a>
<a href="//cdn.example/x.js">CDN</a> <a href="../ban-in/bai.pdf?v=1#p2">PDF</a> <a href="../khong-co.pdf">Mất</a>
<a href="../../ngoai.html">Thoát</a> <a href="/goc/">Gốc</a> <a href="tu-kiem-tra.html#cau-1">Câu 1</a></p>
<img src="../assets/%E1%BA%A3nh.png" srcset="../assets/a1.png 1x, ../assets/a2.png 2x, ../assets/mat.png 3x" alt="">
<div style="background-image: url('../assets/style.png')"></div>
<img src="data:image/png;base64,AAAA" alt=""><img src="../assets/khong-co.png" alt="">
<ul><li>Xem <a href="../khac/index.html">trang khác</a> và <a href="../khac/cu.htm">trang cũ</a></li></ul>
<map name="m"><area href="../khac/index.html" alt="Khác"><area href="tu-kiem-tra.html" alt="Câu hỏi"></map>
<video src="#khong" poster="../assets/poster.png"></video>
</article>
<footer><a class="md-footer__link md-footer__link--next" href="../khac/index.html">Sau</a></footer>
</body></html>"""


def _mini_site(root):
    files = {
        "mot/index.html": MINI_PAGE.format(title="Bài học"),
        "mot/tu-kiem-tra.html": MINI_PAGE.format(title="Tự kiểm tra"),
        "khac/index.html": MINI_PAGE.format(title="Khác"),
        "goc/index.html": "<p>gốc</p>",
        "assets/a.css": "@import 'b.css';\n.x{background:url(img/x.png)}\n.y{background:url( \"img/khong-co.png\" )}",
        "assets/b.css": "@import \"a.css\";\n.f{src:url('fonts/f.woff2?v=2#x')}",
        "khac/cu.htm": "<p>cũ</p>", "assets/poster.png": "p",
        "assets/img/x.png": "png", "assets/fonts/f.woff2": "woff2", "assets/bg.png": "bg", "assets/icon.png": "i",
        "assets/ảnh.png": "anh", "assets/a1.png": "a1", "assets/a2.png": "a2", "assets/style.png": "s",
        "assets/ms.js": "/* engine */", "assets/worker.js": "/* lunr */", "assets/js/scorm.js": "/* scorm */",
        "ban-in/bai.pdf": "%PDF",
        "search/search_index.json": json.dumps({"config": {"lang": ["vi"]}, "docs": [
            {"location": "mot/index.html", "title": "Bài học", "text": "một"},
            {"location": "mot/tu-kiem-tra.html#cau-1", "title": "Câu 1", "text": "hai"},
            {"location": "mot/index.html#muc#con", "title": "Mục", "text": "bốn"},
            {"title": "Không vị trí", "text": "năm"},
            {"location": "khac/index.html", "title": "Khác", "text": "ba"}]}, ensure_ascii=False),
        "search/search_index.js": "var __index = {};",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    with (root / "assets/b.css").open("ab") as f:
        f.write(b"\n/* \xff not UTF-8 */\n")  # read with replacement, never an error
    return root


MINI_SPEC = dict(identifier="mot", title="Một & hai", pages=["mot/index.html", "mot/tu-kiem-tra.html"],
                 start="mot/index.html", banks={"mot": 80}, description="Học phần một", mastery=80)


def test_made_up_site_package_holds_exactly_what_its_pages_load(tmp_path, file_regression):
    import zipfile

    from macros.lms.cli import XSD_DIR
    from macros.lms.scorm import PackageSpec, build_package

    site = _mini_site(tmp_path / "site")
    data = build_package(site, PackageSpec(**MINI_SPEC), XSD_DIR)
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = zf.infolist()
    listing = [f"{i.filename} {i.date_time} {oct(i.external_attr >> 16)} system={i.create_system} "
               f"{'stored' if i.compress_type == zipfile.ZIP_STORED else 'deflated'} {i.compress_size}" for i in infos]
    parts = ["# entries", *listing]
    for name in ("mot/index.html", "mot/tu-kiem-tra.html", "imsmanifest.xml", "search/search_index.js"):
        parts += [f"# {name}", zf.read(name).decode("utf-8")]
    file_regression.check("\n".join(parts) + "\n", basename="mini-package", extension=".txt")
    assert build_package(site, PackageSpec(**MINI_SPEC), XSD_DIR) == data  # byte for byte


@pytest.mark.parametrize("breakage,message", [
    ("page", "thiếu trang trong bản dựng (missing built page): mot/tu-kiem-tra.html"),
    ("scorm", "thiếu assets/js/scorm.js trong bản dựng (build the site first)"),
    ("engine", "mot/index.html: thiếu assets/ms.js trong bản dựng (search box file missing)"),
    ("engine-attr", "mot/index.html: ô tìm kiếm thiếu data-engine (search box without a local data-engine)"),
    ("index-attr", "mot/index.html: ô tìm kiếm thiếu data-index (search box without a local data-index)"),
    ("index", "thiếu search/search_index.json trong bản dựng (build the site first)"),
    ("index-broken", "search/search_index.json: chỉ mục tìm kiếm hỏng (unreadable search index)"),
    ("index-no-docs", "search/search_index.json: chỉ mục tìm kiếm hỏng (unreadable search index)"),
    ("xsd", "thiếu lược đồ SCORM XSD/imscp_rootv1p1p2.xsd (missing SCORM 1.2 XSD; run 'npm ci')"),
])
def test_made_up_site_missing_pieces_are_one_line_errors(tmp_path, breakage, message):
    from macros.lms.cli import XSD_DIR
    from macros.lms.scorm import PackageError, PackageSpec, build_package

    site = _mini_site(tmp_path / "site")
    xsd = tmp_path / "XSD"
    shutil.copytree(XSD_DIR, xsd)
    for page in ("mot/index.html", "mot/tu-kiem-tra.html"):
        text = (site / page).read_text(encoding="utf-8")
        if breakage == "engine-attr":
            text = text.replace(' data-engine="../assets/ms.js"', "")
        if breakage == "index-attr":
            text = text.replace('data-index="../search/search_index.js"', 'data-index="https://x.org/i.js"')
        (site / page).write_text(text, encoding="utf-8")
    target = {"page": "mot/tu-kiem-tra.html", "scorm": "assets/js/scorm.js", "engine": "assets/ms.js",
              "index": "search/search_index.json"}.get(breakage)
    if target:
        (site / target).unlink()
    if breakage == "index-broken":
        (site / "search/search_index.json").write_text("{", encoding="utf-8")
    if breakage == "index-no-docs":
        (site / "search/search_index.json").write_text("[]", encoding="utf-8")
    if breakage == "xsd":
        (xsd / "imscp_rootv1p1p2.xsd").unlink()
    with pytest.raises(PackageError) as info:
        build_package(site, PackageSpec(**MINI_SPEC), xsd)
    assert str(info.value) == message.replace("XSD/", f"{xsd}/")


def test_resolve_and_relative_paths():
    # macros.links holds them (the page bundles use them too); the packager imports them.
    from macros.lms.scorm import relative, resolve

    cases = {
        ("a/b.html", "/Xc.css"): "Xc.css", ("a/b.html", "c.html#x#y"): "a/c.html", ("a/b.html", "d.css?x?y"): "a/d.css",
        ("a/b.html", "c.html"): "a/c.html", ("a/b.html", "../c/d.css?x=1#y"): "c/d.css",
        ("a/b.html", "/c/"): "c/index.html", ("a/b.html", "sub/"): "a/sub/index.html",
        ("a/b.html", "%E1%BA%A3nh.png"): "a/ảnh.png", ("a/b.html", "  c.html  "): "a/c.html",
        ("b.html", "c.html"): "c.html",
        ("a/b.html", "#x"): None, ("a/b.html", "//h/x"): None, ("a/b.html", "https://h/x"): None,
        ("a/b.html", "mailto:x@y"): None, ("a/b.html", "data:x"): None, ("a/b.html", "../../x"): None,
        ("a/b.html", ".."): None, ("a/b.html", "?q=1"): None, ("a/b.html", ""): None, ("a/b.html", None): None,
        ("a/b.html", "./"): "a/index.html", ("a/b.html", "../"): "index.html",
    }
    assert {k: resolve(*k) for k in cases} == cases
    assert relative("a/b.html", "assets/js/s.js") == "../assets/js/s.js"
    assert relative("b.html", "assets/js/s.js") == "assets/js/s.js"
    assert relative("a/b.md", "#x") == "b.html#x" and relative("a/b.md", "a/c.md#y") == "c.html#y"


def test_config_blocks_that_are_not_an_object_are_left_alone(tmp_path):
    from macros.lms.scorm import process_page

    site = _mini_site(tmp_path / "site")
    for text, kept in (('["search"]', '["search"]'), ("không phải JSON", "không phải JSON"), ("", "")):
        (site / "x.html").write_text(f'<html><head><script id="__config">{text}</script></head><body></body></html>',
                                     encoding="utf-8")
        out = process_page(site, "x.html", {"x.html"}, inject_script=False).html.decode("utf-8")
        assert f'<script id="__config">{kept}</script>' in out
        assert "scorm.js" not in out


def test_manifest_identifier_keeps_only_safe_characters():
    from macros.lms.scorm import PackageSpec, manifest

    spec = PackageSpec(identifier="Gói 1/a_b.c-d", title="T", pages=["a.html"], start="a.html", banks={})
    root = etree.fromstring(manifest(spec, ["a.html"]))
    assert root.get("identifier") == "SOTAY-G-i-1-a_b.c-d"
    assert root.find(".//{*}masteryscore") is None and root.find(".//{*}description") is None
