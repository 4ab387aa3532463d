"""Templates (mẫu biểu): schema and error quality, the Word files, their PDFs, the pages.

- every template in data/templates/ validates; each broken fixture under
  tests/fixtures/templates/ fails with the file, line, id and one-line message in its header,
  through ``Repository``, ``python -m macros check`` and a real strict build (no traceback);
- each DOCX written by the build (site/mau-bieu/<id>.docx) opens with python-docx and has the
  title, every field label, A4 paper, the chosen margins, Times New Roman and the header
  blocks in a borderless table;
- all DOCX files convert with one ``soffice --headless --convert-to pdf`` run; each PDF is A4,
  embeds its fonts and its text has the printed title in correct (NFC) Vietnamese;
- the "Mẫu biểu" page links every page, Word and PDF file, and the links resolve over http
  and from file://.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, build_site
from macros.errors import ContentErrors
from macros.repository import Repository
from test_components_schema import _properties

FIXTURES = ROOT / "tests" / "fixtures" / "templates"
TEMPLATE_DIR = ROOT / "data" / "templates"
SCHEMA = ROOT / "data" / "schemas" / "template.schema.json"
IDS = {
    "bien-ban-sinh-hoat-chi-bo-thuong-ky", "bien-ban-sinh-hoat-chuyen-de", "nghi-quyet-chi-bo-hang-thang",
    "phieu-bieu-quyet-ket-nap", "bien-ban-kiem-phieu-ket-nap", "phieu-bieu-quyet-ky-luat",
    "bien-ban-kiem-phieu-ky-luat", "nghi-quyet-de-nghi-ket-nap", "ban-tu-kiem-diem-cuoi-nam",
}
# The page set-up the Word files promise (mm), written out here rather than imported.
A4_MM = (210, 297)
MARGINS_MM = {"top": 25, "bottom": 25, "left": 35, "right": 15}
FONT = "Times New Roman"
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
EMU_PER_MM = 36000


def templates() -> list[dict]:
    """The template data, read straight from YAML (independently of the renderer)."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(TEMPLATE_DIR.glob("*.yml"))]


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def printed_title(tpl: dict) -> list[str]:
    """The title as printed on the form: the document type and the longest fixed piece of
    the summary line (the rest is "…" blanks)."""
    parts = [tpl["doc_type"]]
    if tpl.get("subtitle"):
        pieces = [p.strip(" ,.") for p in tpl["subtitle"].split("…")]
        parts.append(max(pieces, key=len))
    return [p for p in parts if p]


def printed_labels(tpl: dict) -> list[str]:
    """Every field label, table heading, table row label and choice option of a template."""
    out = [f["label"] for f in tpl["fields"]]
    for section in tpl["sections"]:
        if section.get("title"):
            out.append(section["title"])
        for block in section["blocks"]:
            if "table" in block:
                out += block["table"]["columns"]
                if isinstance(block["table"]["rows"], list):
                    out += block["table"]["rows"]
            if "choice" in block:
                out += [block["choice"]["label"], *block["choice"]["options"]]
    return out


# ---------------------------------------------------------------- the real content
def test_every_template_validates(repo):
    assert set(repo.items["template"]) == IDS
    for tid, (doc, data) in repo.items["template"].items():
        assert doc.path.name == f"{tid}.yml"
        assert (ROOT / "docs" / "mau-bieu" / f"{tid}.md").is_file(), f"no page for {tid}"


def test_template_files_name_their_schema_for_the_editor():
    files = sorted(TEMPLATE_DIR.glob("*.yml"))
    assert len(files) == len(IDS)
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/template.schema.json", path


def test_schema_is_draft_2020_12_with_vietnamese_help():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert re.search(r"[^\x00-\x7f]", schema["title"] + schema["description"])
    missing = [p for p, sub in _properties(schema) if "$ref" not in sub and not (sub.get("title") or sub.get("description"))]
    assert not missing, f"properties without title/description: {missing}"


def test_official_forms_name_their_source_and_models_say_so(repo):
    kinds = {tid: data["kind"] for tid, (_doc, data) in repo.items["template"].items()}
    assert kinds["nghi-quyet-de-nghi-ket-nap"] == "official"
    for tid, (_doc, data) in repo.items["template"].items():
        keys = [b["source"] for b in data["basis"]]
        assert keys and all(k in repo.sources for k in keys), tid
        if data["kind"] == "official":
            assert any(data["form_code"] in (b.get("article") or "") for b in data["basis"]), tid


# ---------------------------------------------------------------- broken fixtures
def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.yml"))


def _expectation(path: Path) -> tuple[int, str | None, str]:
    head = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        m = re.match(r"# expect-(line|id|message): (.*)$", line)
        assert m, f"{path.name}: header must have expect-line, expect-id, expect-message"
        head[m.group(1)] = m.group(2).strip()
    return int(head["line"]), None if head["id"] == "-" else head["id"], head["message"]


def _scratch(tmp_path: Path) -> Path:
    """A minimal project: the real sources register and schemas, no content."""
    root = tmp_path / "proj"
    (root / "data" / "schemas").mkdir(parents=True)
    shutil.copy(ROOT / "data/sources.yml", root / "data/sources.yml")
    for schema in (ROOT / "data/schemas").glob("*.json"):
        shutil.copy(schema, root / "data/schemas" / schema.name)
    (root / "data" / "templates").mkdir()
    (root / "docs").mkdir()
    return root


def test_there_are_enough_broken_fixtures():
    assert len(_fixtures()) >= 5


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: p.name)
def test_broken_template_reports_file_line_id_and_message(tmp_path, fixture):
    line, item, message = _expectation(fixture)
    root = _scratch(tmp_path)
    shutil.copy(fixture, root / "data/templates" / fixture.name)
    rel = f"data/templates/{fixture.name}"
    with pytest.raises(ContentErrors) as info:
        Repository(root).load()
    ours = [e for e in info.value.errors if e.file == rel]
    assert ours, f"no error for {rel}: {info.value.render()}"
    match = [e for e in ours if message in e.message]
    assert match, f"expected message {message!r}, got {[e.message for e in ours]}"
    err = match[0]
    assert err.line == line, f"line {err.line} != {line}: {err}"
    assert err.item_id == item, f"id {err.item_id!r} != {item!r}: {err}"
    text = str(err)
    assert "\n" not in text and text.startswith(f"{rel}:{line}:")


def test_the_real_templates_pass_the_same_checks(tmp_path):
    """Control for the fixture test: the real templates load in the same scratch project."""
    root = _scratch(tmp_path)
    for path in TEMPLATE_DIR.glob("*.yml"):
        shutil.copy(path, root / "data/templates" / path.name)
    assert set(Repository(root).load().items["template"]) == IDS


def test_check_command_reports_a_broken_template(tmp_path):
    root = _scratch(tmp_path)
    shutil.copy(FIXTURES / "tpl-unknown-field.yml", root / "data/templates/tpl-unknown-field.yml")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert "data/templates/tpl-unknown-field.yml:18:16: [khong-co] ô 'khong-co' không có trong fields" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_strict_build_stops_on_a_broken_template_without_traceback(tmp_path):
    from conftest import copy_project

    root = copy_project(tmp_path / "src")
    shutil.copy(FIXTURES / "tpl-dup-field.yml", root / "data/templates/tpl-dup-field.yml")
    proc = build_site(tmp_path / "out", root=root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "data/templates/tpl-dup-field.yml:25:9: [mot] mã ô điền 'mot' bị lặp" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "mau-bieu").exists(), "nothing half-written"


# ---------------------------------------------------------------- DOCX
def _docx_text(document) -> str:
    """All text: body paragraphs and every table cell (nested tables included)."""
    parts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    return nfc("\n".join(parts))


@pytest.fixture(scope="session")
def built_docx(site_dir) -> dict[str, Path]:
    files = {t["id"]: site_dir / "mau-bieu" / f"{t['id']}.docx" for t in templates()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    assert not missing, f"the build wrote no Word file: {missing}"
    return files


@pytest.mark.parametrize("tid", sorted(IDS))
def test_docx_opens_with_title_labels_a4_and_margins(built_docx, tid):
    import docx
    from docx.oxml.ns import qn

    tpl = next(t for t in templates() if t["id"] == tid)
    document = docx.Document(str(built_docx[tid]))
    assert document.core_properties.title == tpl["title"]
    assert document.core_properties.language == "vi-VN"
    text = _docx_text(document)
    for piece in printed_title(tpl):
        assert nfc(piece) in text, f"{tid}: title piece {piece!r} missing"
    for label in printed_labels(tpl):
        assert nfc(label) in text, f"{tid}: label {label!r} missing"
    assert MOTTO in text

    assert len(document.sections) == 1
    sec = document.sections[0]
    assert (round(sec.page_width / EMU_PER_MM), round(sec.page_height / EMU_PER_MM)) == A4_MM
    got = {k: round(getattr(sec, f"{k}_margin") / EMU_PER_MM, 1) for k in MARGINS_MM}
    assert got == {k: float(v) for k, v in MARGINS_MM.items()}

    normal = document.styles["Normal"]
    assert normal.font.name == FONT
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT}
    # ...and the document defaults name no theme font (Word would prefer it).
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_fonts = defaults.find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:ascii")) == FONT and default_fonts.get(qn("w:asciiTheme")) is None
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"

    # Header blocks: the first thing in the body is a borderless two-column table with the
    # issuing body on the left and the party's motto on the right.
    body = document.element.body
    first = next(el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl")))
    assert first.tag == qn("w:tbl"), f"{tid}: the document must open with the header table"
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert len(header.columns) == 2
    assert nfc(left.text).startswith(tpl["header"]["superior"]) and tpl["header"]["issuer"] in left.text
    assert right.paragraphs[0].text == MOTTO
    assert right.paragraphs[0].runs[0].bold
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
    # The motto has its rule (a bottom border), and the date line is italic.
    assert right.paragraphs[0]._p.pPr.find(qn("w:pBdr")) is not None
    if tpl["header"].get("place_date", True):
        assert "ngày" in right.paragraphs[1].text and right.paragraphs[1].runs[0].italic


def test_docx_blanks_are_dotted_tab_leaders(built_docx):
    """A one-line field is "Label:" then a tab with a dot leader to the right margin."""
    import docx
    from docx.enum.text import WD_TAB_LEADER

    text_width = A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    document = docx.Document(str(built_docx["bien-ban-sinh-hoat-chi-bo-thuong-ky"]))
    para = next(p for p in document.paragraphs if p.text.startswith("Địa điểm:"))
    stops = list(para.paragraph_format.tab_stops)
    assert len(stops) == 1 and stops[0].leader == WD_TAB_LEADER.DOTS
    assert round(stops[0].position / EMU_PER_MM) == text_width
    assert para.text.endswith("\t")


def test_docx_table_has_a_narrow_number_column_and_fits_the_page(built_docx):
    import docx

    text_width = A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
    document = docx.Document(str(built_docx["bien-ban-kiem-phieu-ket-nap"]))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    widths = [round(c.width / EMU_PER_MM, 1) for c in table.columns]
    assert widths[0] == min(widths) and widths[0] < widths[1] / 2
    assert abs(sum(widths) - text_width) <= 1
    assert [table.rows[i].cells[0].text for i in (1, 2, 3)] == ["1", "2", "3"]


def test_docx_sizes_are_small(built_docx):
    sizes = {tid: p.stat().st_size for tid, p in built_docx.items()}
    assert all(10_000 < s < 100_000 for s in sizes.values()), sizes


# ---------------------------------------------------------------- PDF (LibreOffice)
@pytest.fixture(scope="session")
def converted(built_docx, tmp_path_factory) -> dict[str, Path]:
    """Every DOCX converted by ONE ``soffice --headless --convert-to pdf`` run."""
    assert shutil.which("soffice"), "LibreOffice is not installed (make test installs libreoffice-writer-nogui)"
    out = tmp_path_factory.mktemp("template-pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    cmd = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
           "--outdir", str(out), *[str(p) for p in built_docx.values()]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Error" not in proc.stderr, proc.stderr
    pdfs = {tid: out / f"{tid}.pdf" for tid in built_docx}
    assert all(p.is_file() for p in pdfs.values()), sorted(x.name for x in out.iterdir())
    return pdfs


@pytest.mark.parametrize("tid", sorted(IDS))
def test_pdf_is_a4_with_embedded_fonts_and_the_title_in_vietnamese(converted, tid):
    from pypdf import PdfReader

    tpl = next(t for t in templates() if t["id"] == tid)
    pdf = converted[tid]
    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == A4_MM
    assert reader.metadata.title == tpl["title"]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = nfc(text)
    for piece in printed_title(tpl):
        assert nfc(piece) in flat, f"{tid}: {piece!r} not in the PDF text"
    assert MOTTO in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in f" {r} " for r in rows), fonts
    assert any("Serif" in r or "Times" in r for r in rows), fonts


def test_pipeline_converter_writes_every_pdf(built_docx, tmp_path):
    """The function tools/handouts.py uses: one run, all files, nothing left half-written."""
    from macros.templates import convert_to_pdf

    subset = [built_docx["phieu-bieu-quyet-ket-nap"], built_docx["phieu-bieu-quyet-ky-luat"]]
    made = convert_to_pdf(subset, tmp_path / "out")
    assert sorted(p.name for p in made) == ["phieu-bieu-quyet-ket-nap.pdf", "phieu-bieu-quyet-ky-luat.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in made)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in made)


# ---------------------------------------------------------------- pages and links
class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("class"):
            self.classes.extend(a["class"].split())


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="session")
def site_with_pdfs(site_dir, built_docx) -> Path:
    """The built site with the template PDFs, as `make test` leaves it after tools/handouts.py;
    converted here when missing or older than their Word file."""
    from macros.templates import convert_to_pdf

    stale = [p for p in built_docx.values()
             if not p.with_suffix(".pdf").is_file() or p.with_suffix(".pdf").stat().st_mtime < p.stat().st_mtime]
    if stale:
        convert_to_pdf(stale, site_dir / "mau-bieu")
    return site_dir


def test_template_pages_show_every_label_dotted_blanks_and_one_kind_notice(site_dir):
    for tpl in templates():
        page = site_dir / "mau-bieu" / f"{tpl['id']}.html"
        html = page.read_text(encoding="utf-8")
        parsed = _parse(page)
        text = nfc(re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&"))
        for label in printed_labels(tpl):
            assert nfc(label) in text, f"{tpl['id']}: {label!r} not on the page"
        blanks = parsed.classes.count("sotay-form__blank") + parsed.classes.count("sotay-form__line")
        assert blanks >= len(tpl["fields"]), tpl["id"]
        notice = "Theo mẫu chính thức" if tpl["kind"] == "official" else "Mẫu tham khảo"
        assert text.count(notice) == 1, f"{tpl['id']}: {notice!r} must appear exactly once"
        if tpl["kind"] == "official":
            assert tpl["form_code"] in text
        for field in tpl["fields"]:  # the filling guide
            assert nfc(field["help"]) in text, f"{tpl['id']}: help of {field['id']} missing"
        assert f"{tpl['id']}.docx" in parsed.hrefs and f"{tpl['id']}.pdf" in parsed.hrefs


def _index_links(site: Path) -> dict[str, list[str]]:
    hrefs = _parse(site / "mau-bieu" / "index.html").hrefs
    return {ext: sorted({h for h in hrefs if h.endswith(f".{ext}")}) for ext in ("html", "docx", "pdf")}


def test_index_lists_every_template_with_both_downloads(site_dir):
    links = _index_links(site_dir)
    assert links["docx"] == sorted(f"{t}.docx" for t in IDS)
    assert links["pdf"] == sorted(f"{t}.pdf" for t in IDS)
    assert set(f"{t}.html" for t in IDS) <= set(links["html"])
    assert all(not h.startswith(("/", "http")) for v in links.values() for h in v), "links must be relative"


@pytest.mark.parametrize("base", ["http", "file"])
def test_index_download_links_resolve(site_with_pdfs, http_url, file_url, base):
    root = http_url if base == "http" else file_url
    index = urljoin(root, "mau-bieu/index.html")
    links = _index_links(site_with_pdfs)
    links["html"] = [h for h in links["html"] if h.removesuffix(".html") in IDS]
    magic = {"docx": b"PK\x03\x04", "pdf": b"%PDF", "html": b"<!doctype html"}
    checked = 0
    for ext, hrefs in links.items():
        for href in hrefs:
            url = urljoin(index, href)
            with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - loopback or file://
                if base == "http":
                    assert resp.status == 200, url
                data = resp.read()
            assert data.lstrip()[: len(magic[ext])].lower() == magic[ext].lower(), url
            checked += 1
    assert checked >= 3 * len(IDS)


def test_print_page_lists_template_pdfs(site_dir):
    hrefs = _parse(site_dir / "giang-vien" / "ban-in.html").hrefs
    for tid in IDS:
        assert f"../mau-bieu/{tid}.pdf" in hrefs and f"../mau-bieu/{tid}.docx" in hrefs


def test_handbook_has_an_appendix_of_templates():
    from macros.handouts.catalog import load_catalog

    catalog = load_catalog(ROOT)
    groups = {a.title: a.pages for a in catalog.appendices}
    assert "Mẫu biểu" in groups
    assert sorted(groups["Mẫu biểu"]) == sorted(f"mau-bieu/{t}.md" for t in IDS)


def test_make_test_installs_libreoffice():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pkgs = " ".join(re.findall(r"^TEST_PKGS\s*[:+]?=\s*(.*)$", makefile, flags=re.M)).split()
    assert "libreoffice-writer-nogui" in pkgs and "fonts-liberation2" in pkgs
    assert "python-docx==" in (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_search_finds_templates_by_title_but_not_by_their_blank_forms(site_dir):
    """The blank form and the filling guide repeat words ("biên bản", "biểu quyết") that must
    lead to the teaching sections: they are kept out of the index, the title stays in."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    for tpl in templates():
        doc = docs[f"mau-bieu/{tpl['id']}.html"]
        assert nfc(doc["title"]) == nfc(tpl["title"])
        assert doc.get("boost", 1) < 1
        assert MOTTO not in doc["text"] and "Hướng dẫn điền" not in doc["text"]
        assert all(nfc(f["help"]) not in nfc(doc["text"]) for f in tpl["fields"])
