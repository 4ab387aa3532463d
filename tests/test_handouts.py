"""Printed handouts (tools/handouts.py, macros/handouts/) and the print stylesheet.

`make test` runs the pipeline (pages, then `python -m macros.handouts`) before pytest; run alone
(`SITE_DIR=/tmp/x pytest tests/test_handouts.py`) the fixture generates the PDFs when
they are missing or older than the built pages. Checks use poppler-utils (pdfinfo,
pdffonts, pdftotext, pdftoppm, pdfimages) and pypdf; previews of a few pages go to
test-output/handouts/ for a person to look at.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT

from macros.handouts import compose, quizprint
from macros.handouts.catalog import load_catalog
from macros.html import md

OUT = "ban-in"
PREVIEWS = ROOT / "test-output" / "handouts"
A4 = (595.28, 841.89)  # points
# Body area of every page (between running header and footer), in points.
BODY_TOP, BODY_BOTTOM = 60, 790
HANDBOOK = "so-tay-nghiep-vu-cong-tac-dang.pdf"


# ------------------------------------------------------------------ expectations
def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.S)
    return (yaml.safe_load(m.group(1)) or {}) if m else {}


def expected_modules() -> list[tuple[int, str, str]]:
    """(number, slug, title) of every module page, found independently of the generator."""
    out = []
    for index in sorted((ROOT / "docs").glob("*/index.md")):
        meta = _front_matter(index)
        if isinstance(meta.get("module"), int) and meta["module"] >= 1:
            out.append((meta["module"], index.parent.name, str(meta.get("title"))))
    return sorted(out)


def banks() -> list[dict]:
    out = []
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("questions"):
            out.append(data)
    return out


def expected_files() -> list[str]:
    names = [f"{slug}.pdf" for _, slug, _ in expected_modules()] + [HANDBOOK]
    for bank in banks():
        names += [f"phieu-bai-tap-{bank['id']}.pdf", f"dap-an-{bank['id']}.pdf"]
    return names


@pytest.fixture(scope="session")
def handouts(site_dir: Path) -> Path:
    """site/ban-in/, generated here if missing or older than the built pages, the banks,
    the data or the code that prints them (tools/handouts.py, macros/handouts/, CSS)."""
    out = site_dir / OUT
    digest = hashlib.sha1(str(site_dir.resolve()).encode()).hexdigest()[:12]
    with open(Path(tempfile.gettempdir()) / f"handouts-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers share one generation
        inputs = [*site_dir.rglob("*.html"), *(site_dir / "assets").rglob("*.css"),
                  *(ROOT / "quizzes").glob("*.yml"), *(ROOT / "data").rglob("*.yml"),
                  *(ROOT / "macros" / "handouts").glob("*.py"), *(ROOT / "macros").glob("*.py"),
                  ROOT / "tools" / "handouts.py"]
        newest_page = max(p.stat().st_mtime for p in inputs)
        files = [out / n for n in expected_files()]
        if not all(f.is_file() and f.stat().st_mtime >= newest_page for f in files):
            proc = subprocess.run([sys.executable, str(ROOT / "tools" / "handouts.py"), str(site_dir)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=1800)
            assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


# ------------------------------------------------------------------ PDF helpers
def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def squash(text: str) -> str:
    """Whitespace and hyphens removed: pdftotext joins "126-" + "QĐ" at a line end into "126QĐ"."""
    return re.sub(r"[\s\-\u2010\u2011]+", "", unicodedata.normalize("NFC", text))


@lru_cache(maxsize=None)
def pages_text(path: Path, body_only: bool = False) -> tuple[str, ...]:
    """Text of each page (pdftotext); ``body_only`` crops the running header and footer."""
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if body_only:
        cmd += ["-x", "0", "-y", str(BODY_TOP), "-W", "600", "-H", str(BODY_BOTTOM - BODY_TOP)]
    out = subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return tuple(pages[:-1] if pages and not pages[-1].strip() else pages)


@lru_cache(maxsize=None)
def region_text(path: Path, y: float, h: float) -> tuple[str, ...]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-x", "0", "-y", str(y), "-W", "600",
                          "-H", str(h), str(path), "-"], capture_output=True, text=True, check=True).stdout
    return tuple(out.split("\f"))


def full_text(path: Path) -> str:
    return norm(" ".join(pages_text(path)))


def body_flat(path: Path) -> str:
    """All text between running header and footer, squashed (survives page breaks)."""
    return squash("".join(pages_text(path, body_only=True)))


def plain(markdown_text: str) -> str:
    """What a reader sees of author Markdown (rendered, tags removed)."""
    return norm(lxml.html.fromstring(f"<div>{md(markdown_text)}</div>").text_content())


def built_headings(site_dir: Path, src: str, levels=("h1", "h2", "h3")) -> list[str]:
    """Headings of a module page as built (the page's own Markdown headings)."""
    article = compose.load_article(site_dir, src)
    for link in article.xpath(".//*[contains(@class, 'headerlink')]"):
        link.drop_tree()
    return [norm(h.text_content()) for h in article if isinstance(h.tag, str) and h.tag in levels]


def lead_ins(site_dir: Path, src: str) -> set[str]:
    """Texts that introduce what follows: headings anywhere, table captions, box titles."""
    article = compose.load_article(site_dir, src)
    for link in article.xpath(".//*[contains(@class, 'headerlink')]"):
        link.drop_tree()
    found = article.xpath(".//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//caption"
                          " | .//*[contains(@class, 'admonition-title')]")
    return {norm(el.text_content()) for el in found if norm(el.text_content())}


def all_pdfs(handouts: Path) -> list[Path]:
    return [handouts / n for n in expected_files()]


# ------------------------------------------------------------------ files, size, fonts
def test_every_handout_exists_and_nothing_else(handouts):
    expected = set(expected_files())
    assert len(expected) >= 1 + 2 * len(banks())
    present = {p.name for p in handouts.glob("*.pdf")}
    assert expected <= present, f"thiếu: {sorted(expected - present)}"
    assert present <= expected, f"tệp thừa: {sorted(present - expected)}"


def test_pages_are_a4(handouts):
    for pdf in all_pdfs(handouts):
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 1, pdf.name
        for i, page in enumerate(reader.pages, 1):
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2, f"{pdf.name} trang {i}: {w}x{h}"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, pdf.name


def test_all_fonts_embedded(handouts):
    for pdf in all_pdfs(handouts):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, f"{pdf.name}: không có phông chữ"
        for row in rows:
            # columns: name type encoding emb sub uni object-id; type may contain spaces
            emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
            assert emb and emb.group(1) == "yes", f"{pdf.name}: phông không nhúng: {row}"
        assert any("BeVietnamPro" in r for r in rows), pdf.name


@lru_cache(maxsize=None)
def _font_stats(pdf: Path) -> tuple[dict[str, set[str]], dict[float, int]]:
    """(letters drawn with each font, characters per Be Vietnam Pro Regular size in pt).

    "Type3" stands for glyphs Chromium draws as outlines."""
    reader = PdfReader(pdf)
    letters_by_font: dict[str, set[str]] = {}
    sizes: dict[float, int] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if not text or font_dict is None:
            return
        name = str(font_dict.get("/BaseFont") or font_dict.get("/Subtype", "?")).lstrip("/")
        letters = {c for c in text if unicodedata.category(c).startswith("L")}
        if letters:
            letters_by_font.setdefault(name, set()).update(letters)
        if text.strip() and "BeVietnamPro-Regular" in name:
            size = round(font_size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), 1)
            sizes[size] = sizes.get(size, 0) + len(text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return letters_by_font, sizes


def _letters_by_font(pdf: Path) -> dict[str, set[str]]:
    return _font_stats(pdf)[0]


@pytest.mark.parametrize("name_filter", ["module", "other"])
def test_every_letter_is_set_in_be_vietnam_pro(handouts, name_filter):
    """No glyph fallback: every letter (Vietnamese included) comes from the site's font.

    Type 3 glyphs are outlines Chromium draws itself (text with a stroke, e.g. the white
    halo behind flowchart edge labels); they are allowed, any other font is a fallback.
    """
    modules = {f"{slug}.pdf" for _, slug, _ in expected_modules()} | {HANDBOOK}
    for pdf in all_pdfs(handouts):
        if (pdf.name in modules) != (name_filter == "module"):
            continue
        fonts = _letters_by_font(pdf)
        assert any("BeVietnamPro" in f for f in fonts), pdf.name
        stray = {f: "".join(sorted(c)) for f, c in fonts.items() if "BeVietnamPro" not in f and f != "Type3"}
        assert not stray, f"{pdf.name}: chữ in bằng phông khác: {stray}"


def test_text_is_printed_at_full_size(handouts):
    """Body text is 10.5 pt: a too-wide element would make Chromium shrink the whole PDF."""
    for pdf in all_pdfs(handouts):
        sizes = _font_stats(pdf)[1]
        total = sum(sizes.values())
        body = sum(n for size, n in sizes.items() if abs(size - 10.5) <= 0.15)
        assert total and body / total >= 0.2, f"{pdf.name}: chữ bị thu nhỏ? cỡ chữ: {sorted(sizes.items())}"


# ------------------------------------------------------------------ content
def test_module_handouts_carry_the_module_headings(handouts, site_dir):
    for number, slug, title in expected_modules():
        pdf = handouts / f"{slug}.pdf"
        text = full_text(pdf)
        raw = "".join(pages_text(pdf))
        assert unicodedata.is_normalized("NFC", raw), f"{pdf.name}: văn bản không ở dạng NFC"
        headings = built_headings(site_dir, f"{slug}/index.md")
        assert headings, slug
        for heading in headings:
            assert unicodedata.is_normalized("NFC", heading)
            assert heading in text, f"{pdf.name}: thiếu đề mục «{heading}»"
        assert norm(title) in text


def test_handbook_has_every_module_register_and_glossary(handouts, site_dir):
    pdf = handouts / HANDBOOK
    text = full_text(pdf)
    assert unicodedata.is_normalized("NFC", "".join(pages_text(pdf)))
    for number, slug, title in expected_modules():
        for heading in built_headings(site_dir, f"{slug}/index.md"):
            assert heading in text, f"sổ tay thiếu «{heading}» ({slug})"
    for src in ("van-ban-tham-khao.md", "thuat-ngu.md"):
        for heading in built_headings(site_dir, src, ("h1",)):
            assert heading in text
    glossary = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    for term in glossary["terms"]:
        assert norm(term["term"]) in text, f"sổ tay thiếu thuật ngữ {term['term']}"
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    register = squash(compose.load_article(site_dir, "van-ban-tham-khao.md").text_content())
    book = squash(text)
    for src in sources["sources"]:
        if squash(src["key"]) in register:  # whatever the register shows, the book shows too
            assert squash(src["key"]) in book, f"sổ tay thiếu nguồn {src['key']}"


def _toc_entries(pdf: Path) -> list[tuple[str, int]]:
    """(title, page) read back from the printed table of contents (layout mode)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", "2", "-l", "20", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    entries, pending = [], ""
    for page in out.split("\f"):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        if not lines or not lines[0].startswith("Mục lục"):  # running header of the TOC pages
            break
        for line in lines[1:]:
            if line == "Mục lục" or line.startswith("Bản in ngày"):
                continue
            m = re.match(r"^(.*?\S)\s{2,}(\d+)$", line)
            if m:
                entries.append((norm(f"{pending} {m.group(1)}"), int(m.group(2))))
                pending = ""
            else:
                pending = f"{pending} {line}".strip()
    return entries


def test_handbook_table_of_contents_has_right_page_numbers(handouts, site_dir):
    pdf = handouts / HANDBOOK
    entries = _toc_entries(pdf)
    titles = [t for t, _ in entries]
    for _, _, title in expected_modules():
        assert norm(title) in titles, f"mục lục thiếu {title}"
    assert "Văn bản tham khảo" in titles and "Thuật ngữ và chữ viết tắt" in titles
    pages = pages_text(pdf, body_only=True)
    numbers = [n for _, n in entries]
    assert numbers == sorted(numbers), "số trang trong mục lục phải tăng dần"
    for title, number in entries:
        assert 1 <= number <= len(pages)
        # casefold: some titles are set in capitals (text-transform) on the page
        assert title.casefold() in norm(pages[number - 1]).casefold(), f"mục lục: «{title}» không ở trang {number}"
    # Every part starts a page; the running header of its pages names the part.
    catalog = load_catalog(ROOT)
    headers = region_text(pdf, 0, BODY_TOP)
    appendix = [compose.page_headings(site_dir, src)[0] for g in catalog.appendices for src in g.pages]
    part_titles = ([norm(t) for _, _, t in expected_modules()] + [norm(t) for t in appendix]
                   + ["Văn bản tham khảo", "Thuật ngữ và chữ viết tắt"])
    starts = [(t, n) for t, n in entries if t in part_titles]
    assert [t for t, _ in starts] == part_titles
    # One line per module, per module section (h2), per appendix group and page, per extra page.
    expected = sum(1 + len(built_headings(site_dir, f"{slug}/index.md", ("h2",))) for _, slug, _ in expected_modules())
    expected += sum(1 + len(g.pages) for g in catalog.appendices) + len(catalog.extra_pages)
    assert len(entries) == expected, f"mục lục có {len(entries)} dòng, cần {expected}"
    for (title, first), nxt in zip(starts, starts[1:] + [(None, len(pages) + 1)]):
        assert title in norm(pages[first - 1])[:300], f"«{title}» không mở đầu trang {first}"
        for p in range(first, nxt[1]):
            assert title in norm(headers[p - 1]), f"trang {p}: đầu trang không ghi «{title}»"


def test_running_footer_numbers_every_page(handouts):
    for pdf in all_pdfs(handouts):
        pages = pages_text(pdf)
        n = len(pages)
        for i, text in enumerate(pages, 1):
            if pdf.name == HANDBOOK and i == 1:
                continue  # the cover has no header or footer
            assert f"Trang {i} / {n}" in norm(text), f"{pdf.name} trang {i}: thiếu 'Trang {i} / {n}'"
            assert "Bản in ngày" in text and "phiên bản" in text, f"{pdf.name} trang {i}: thiếu ngày in"


def test_module_handout_header_names_the_module(handouts):
    for _, slug, title in expected_modules():
        pdf = handouts / f"{slug}.pdf"
        for i, head in enumerate(region_text(pdf, 0, BODY_TOP)[: len(pages_text(pdf))], 1):
            assert norm(title) in norm(head), f"{pdf.name} trang {i}: đầu trang thiếu tên học phần"


def test_worksheets_have_questions_but_no_answers(handouts):
    for bank in banks():
        text = full_text(handouts / f"phieu-bai-tap-{bank['id']}.pdf")
        flat = body_flat(handouts / f"phieu-bai-tap-{bank['id']}.pdf")
        assert "Giải thích" not in text and "(đúng)" not in text and "Đáp án" not in text
        for n, q in enumerate(bank["questions"], 1):
            assert f"Câu {n}." in text
            assert squash(plain(q["prompt"])) in flat, f"{bank['id']}/{q['id']}: thiếu câu hỏi"
            secrets = [q["explanation"]]
            secrets += [o["feedback"] for o in q.get("options") or [] if o.get("feedback")]
            secrets += [v for v in (q.get("feedback") or {}).values()]
            for secret in secrets:
                assert squash(plain(secret)) not in flat, f"{bank['id']}/{q['id']}: phiếu bài tập lộ lời giải"


def test_answer_keys_have_every_question_answer_and_explanation(handouts):
    for bank in banks():
        text = full_text(handouts / f"dap-an-{bank['id']}.pdf")
        flat = body_flat(handouts / f"dap-an-{bank['id']}.pdf")
        for n, q in enumerate(bank["questions"], 1):
            assert f"Câu {n}." in text
            assert squash(plain(q["prompt"])) in flat, f"{bank['id']}/{q['id']}: thiếu câu hỏi"
            assert squash(plain(q["explanation"])) in flat, f"{bank['id']}/{q['id']}: thiếu giải thích"
            lay = quizprint.layout(bank, q)
            assert squash(quizprint.short_answer(q, lay)) in flat, f"{bank['id']}/{q['id']}: thiếu đáp án"
        assert text.count("Ôn lại:") == len(bank["questions"])


def test_page_counts_are_sane(handouts):
    counts = {p.name: len(PdfReader(p).pages) for p in all_pdfs(handouts)}
    module_total = 0
    for _, slug, _ in expected_modules():
        assert 1 <= counts[f"{slug}.pdf"] <= 60, (slug, counts[f"{slug}.pdf"])
        module_total += counts[f"{slug}.pdf"]
    book = counts[HANDBOOK]
    # The appendix of templates (mẫu biểu: the form and its filling guide, about three pages
    # each) comes on top of the modules.
    templates = len(list((ROOT / "data" / "templates").glob("*.yml")))
    assert module_total + 3 <= book <= module_total * 2 + 60 + 4 * templates, (module_total, book)
    for bank in banks():
        ws, key = counts[f"phieu-bai-tap-{bank['id']}.pdf"], counts[f"dap-an-{bank['id']}.pdf"]
        assert 1 <= ws <= len(bank["questions"]), (bank["id"], ws)
        assert ws <= key <= 4 * len(bank["questions"]), (bank["id"], key)


def _body_is_blank(pdf: Path, page: int) -> bool:
    """No ink at all between header and footer (rendered in grey at 20 dpi)."""
    scale = 20 / 72
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", "20", "-f", str(page), "-l", str(page),
         "-x", "0", "-y", str(int(BODY_TOP * scale)), "-W", str(int(A4[0] * scale)),
         "-H", str(int((BODY_BOTTOM - BODY_TOP) * scale)), str(pdf)],
        capture_output=True, check=True).stdout
    # binary PGM: "P5\n<w> <h>\n<max>\n<pixels>"
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", out)
    pixels = out[header.end():]
    return min(pixels) > 245


def test_no_blank_pages(handouts):
    for pdf in all_pdfs(handouts):
        for i, text in enumerate(pages_text(pdf, body_only=True), 1):
            if not text.strip():
                assert not _body_is_blank(pdf, i), f"{pdf.name}: trang {i} trắng"


def test_headings_are_never_last_on_a_page(handouts, site_dir):
    """No heading, table caption or box title is the last line of a page."""
    catalog = load_catalog(ROOT)
    appendix = [src for group in catalog.appendices for src in group.pages]
    book_headings: set[str] = set()
    documents = []
    for _, slug, _ in expected_modules():
        headings = lead_ins(site_dir, f"{slug}/index.md")
        book_headings |= headings
        documents.append((handouts / f"{slug}.pdf", headings))
    for src in appendix + catalog.extra_pages:
        book_headings |= lead_ins(site_dir, src)
    documents.append((handouts / HANDBOOK, book_headings))
    checked = 0
    for pdf, headings in documents:
        pages = pages_text(pdf, body_only=True)
        for i, text in enumerate(pages[:-1], 1):
            lines = [norm(x) for x in text.splitlines() if x.strip()]
            if not lines:
                continue
            checked += 1
            last = lines[-1]
            both = f"{lines[-2]} {lines[-1]}" if len(lines) > 1 else last
            assert last not in headings and both not in headings, \
                f"{pdf.name} trang {i}: đề mục «{last}» nằm cuối trang"
    assert checked


def test_diagrams_stay_vector(handouts, site_dir):
    """SVG flowcharts and timelines are not rasterised: no more images than <img> on the page."""
    for _, slug, _ in expected_modules():
        article = compose.load_article(site_dir, f"{slug}/index.md")
        imgs = len(article.xpath(".//img"))
        out = subprocess.run(["pdfimages", "-list", str(handouts / f"{slug}.pdf")],
                             capture_output=True, text=True, check=True).stdout
        images = len(out.splitlines()[2:])
        assert images <= imgs, f"{slug}: {images} ảnh raster, trang chỉ có {imgs} <img>"


def test_previews_for_people(handouts):
    """Render the first pages of every handout to PNG (60 dpi) for a visual check."""
    PREVIEWS.mkdir(parents=True, exist_ok=True)
    for old in PREVIEWS.glob("*.png"):  # page counts change with content
        old.unlink()
    for pdf in all_pdfs(handouts):
        n = len(PdfReader(pdf).pages)
        for page in sorted({1, min(2, n), n}):
            prefix = PREVIEWS / f"{pdf.stem}-{page}"
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                            str(pdf), str(prefix)], check=True)
            png = prefix.with_suffix(".png")
            assert png.stat().st_size > 1000
            w, h = _png_size(png)
            assert abs(h / w - A4[1] / A4[0]) < 0.01


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[16:24]
    return int.from_bytes(data[:4], "big"), int.from_bytes(data[4:], "big")


# ------------------------------------------------------------------ links on the site
def _resolve_href(page: Path, href: str) -> Path:
    return (page.parent / unquote(urlsplit(href).path)).resolve()


def test_module_pages_link_their_handout(handouts, site_dir):
    bank_ids = {b["id"] for b in banks()}
    for _, slug, _ in expected_modules():
        page = site_dir / slug / "index.html"
        doc = lxml.html.parse(str(page))
        links = {norm(a.text_content()): a.get("href") for a in doc.iter("a") if a.get("href")}
        assert "Tải bản in (PDF)" in links, slug
        assert links["Tải bản in (PDF)"] == f"../{OUT}/{slug}.pdf"
        assert _resolve_href(page, links["Tải bản in (PDF)"]) == (handouts / f"{slug}.pdf").resolve()
        if slug in bank_ids:
            assert _resolve_href(page, links["Phiếu bài tập (PDF)"]).is_file()


def test_print_page_links_every_pdf(handouts, site_dir):
    page = site_dir / "giang-vien" / "ban-in.html"
    doc = lxml.html.parse(str(page))
    article = doc.xpath("//article")[0]
    targets = {_resolve_href(page, a.get("href")) for a in article.iter("a")
               if (a.get("href") or "").endswith(".pdf")}
    expected = {(handouts / n).resolve() for n in expected_files()}
    # ...and the PDF of every template (mẫu biểu), beside its Word file in mau-bieu/.
    expected |= {(site_dir / "mau-bieu" / f"{p.stem}.pdf").resolve()
                 for p in (ROOT / "data" / "templates").glob("*.yml")}
    assert targets == expected
    assert all(t.is_file() for t in targets)


@pytest.mark.browser
def test_handout_link_works_over_http_and_from_disk(handouts, page, http_url, file_url, site_dir):
    slug = expected_modules()[0][1]
    page.goto(http_url + f"{slug}/index.html")
    link = page.get_by_role("link", name="Tải bản in (PDF)")
    href = link.get_attribute("href")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert response.ok and response.body()[:5] == b"%PDF-"
    page.goto(file_url + f"{slug}/index.html")
    absolute = page.get_by_role("link", name="Tải bản in (PDF)").evaluate("a => a.href")
    assert absolute.startswith("file://")
    assert Path(unquote(urlsplit(absolute).path)).is_file()
    assert not page.watch.external


# ------------------------------------------------------------------ Ctrl+P
@pytest.mark.browser
def test_browser_print_is_clean_a4(page, http_url, site_dir, tmp_path):
    slug = expected_modules()[1 if len(expected_modules()) > 1 else 0][1]
    page.goto(http_url + f"{slug}/index.html")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => {
        const sel = ['.md-header', '.md-tabs', '.md-sidebar', '.md-footer', '.md-search',
                     '.md-top', '.headerlink', '.handout-link', '.md-content__button'];
        const shown = [];
        for (const s of sel) for (const el of document.querySelectorAll(s))
            if (el.getClientRects().length) shown.push(s);
        return shown;
    }""")
    assert hidden == [], f"hiện khi in: {hidden}"
    assert page.locator("article h1").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    path = tmp_path / "print.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    for p in reader.pages:
        assert abs(float(p.mediabox.width) - A4[0]) < 2 and abs(float(p.mediabox.height) - A4[1]) < 2
    text = full_text(path)
    n = len(reader.pages)
    assert f"Trang 1 / {n}" in text
    for heading in built_headings(site_dir, f"{slug}/index.md", ("h1", "h2")):
        assert heading in text
    for chrome in ("Dành cho giảng viên", "Tiến độ học tập", "Tải bản in (PDF)"):
        assert chrome not in text, f"bản in trình duyệt còn «{chrome}»"
    fonts = _letters_by_font(path)
    assert all("BeVietnamPro" in f for f in fonts), fonts.keys()
    assert not page.watch.console_errors


# ------------------------------------------------------------------ plain-Python parts
ARTICLE = """
<article class="md-content__inner md-typeset">
<a class="md-content__button" href="#">Sửa</a>
<h1 id="tieu-de">Tiêu đề<a class="headerlink" href="#tieu-de">¶</a></h1>
<p>Xem <a href="../khac/index.html#muc">trang khác</a>, <a href="#tieu-de">đầu trang</a>,
<a href="https://example.org/van-ban">văn bản</a>.</p>
<div class="calc"><label for="so">Số ngày</label><input id="so" type="number"><button>Tính</button>
<output>0</output></div>
<ul class="checklist"><li><input type="checkbox" id="c1" checked><label for="c1">Việc 1</label></li></ul>
<details><summary>Chi tiết</summary><p>Nội dung ẩn</p></details>
<svg viewBox="0 0 10 10"><defs><marker id="arrow"><path d="M0 0"/></marker></defs>
<path d="M1 1" marker-end="url(#arrow)"/></svg>
<img src="../assets/images/hinh.svg" alt="">
<script>alert(1)</script><noscript>Bật JavaScript</noscript>
</article>"""


def test_clean_article_removes_interactive_leftovers(tmp_path):
    (tmp_path / "mot").mkdir()
    (tmp_path / "mot" / "index.html").write_text(f"<html><body>{ARTICLE}</body></html>", encoding="utf-8")
    part = compose.build_part(tmp_path, "mot/index.md", "p1",
                              {"mot/index.html": "p1", "khac/index.html": "p2"})
    html = part.html
    doc = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not doc.xpath("//button | //script | //noscript | //output | //input[@type='number']")
    assert not doc.xpath("//*[contains(@class,'headerlink') or contains(@class,'md-content__button')]")
    box = doc.xpath("//input[@type='checkbox']")
    assert len(box) == 1 and box[0].get("checked") is None  # printed as an empty box
    assert doc.xpath("//details")[0].get("open") is not None
    assert doc.xpath("//marker")[0].get("id") == "p1--arrow"
    assert doc.xpath("//path[@marker-end]")[0].get("marker-end") == "url(#p1--arrow)"
    assert doc.xpath("//label")[1].get("for") == "p1--c1"
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert hrefs == ["#p2--muc", "#p1--tieu-de", "https://example.org/van-ban"]
    assert doc.xpath("//img")[0].get("src") == (tmp_path / "assets/images/hinh.svg").resolve().as_uri()
    assert [h.text for h in part.headings] == ["Tiêu đề"] and part.headings[0].id == "p1--tieu-de"

    alone = compose.build_part(tmp_path, "mot/index.md", "m", {"mot/index.html": "m"})
    other = lxml.html.fragment_fromstring(alone.html, create_parent="div").xpath("//a[contains(., 'trang khác')]")[0]
    assert other.get("href") is None  # a page not in the document: plain text on paper


def _demo_bank() -> dict:
    found = [b for b in banks() if b.get("module") == 0] or banks()
    assert found, "không có bộ câu hỏi nào trong quizzes/"
    return found[0]


def test_worksheet_html_hides_answers_and_key_shows_them():
    bank = _demo_bank()
    ws = quizprint.worksheet_html(bank)
    key = quizprint.answer_key_html(bank, {}, lambda target: f"ôn {target}")
    ws_text = norm(lxml.html.fromstring(f"<div>{ws}</div>").text_content())
    key_text = norm(lxml.html.fromstring(f"<div>{key}</div>").text_content())
    assert "box--filled" not in ws and "is-correct" not in ws
    for q in bank["questions"]:
        assert plain(q["explanation"]) not in ws_text
        assert plain(q["explanation"]) in key_text
        assert f"ôn {q['review']}" in key_text
        if q["type"] == "ordering":  # never printed already in order
            assert quizprint.layout(bank, q).ordering != sorted(quizprint.layout(bank, q).ordering)
    # Same sheet on every run.
    assert quizprint.worksheet_html(bank) == ws


def test_catalog_follows_nav_front_matter_and_banks():
    catalog = load_catalog(ROOT)
    assert [(m.number, m.slug) for m in catalog.modules] == [(n, s) for n, s, _ in expected_modules()]
    assert [j.name for j in catalog.jobs()].count(HANDBOOK) == 1
    assert sorted(j.name for j in catalog.jobs()) == sorted(expected_files())
    assert catalog.extra_pages == ["van-ban-tham-khao.md", "thuat-ngu.md"]
    module_pages = {f"{slug}/index.md" for _, slug, _ in expected_modules()}
    for group in catalog.appendices:  # appendix groups never repeat module or quiz pages
        assert group.pages and not module_pages & set(group.pages)
        assert not any(p.endswith("tu-kiem-tra.md") for p in group.pages)


def test_print_documents_have_no_interactive_leftovers(site_dir):
    """The HTML printed for every handout: no controls, scripts or hidden UI; boxes unticked."""
    from datetime import date

    from macros.handouts.documents import DocumentBuilder
    from macros.repository import Repository

    repo = Repository(ROOT).load()
    catalog = load_catalog(ROOT, [d.data for d in repo.documents.get("quiz", [])])
    builder = DocumentBuilder(catalog, site_dir, repo.sources, date(2026, 1, 2), "test")
    for job in catalog.jobs():
        html = builder.html(job).html
        doc = lxml.html.document_fromstring(html)
        leftovers = doc.xpath(
            "//body//script | //button | //select | //textarea | //output | //body//*[@hidden]"
            " | //input[not(@type='checkbox')] | //input[@checked] | //*[contains(@class, 'headerlink')]"
            " | //details[not(@open)] | //*[@onclick]")
        assert not leftovers, f"{job.name}: {[lxml.html.tostring(e, encoding='unicode')[:80] for e in leftovers[:3]]}"
        assert "Bản in ngày 02/01/2026 · phiên bản test" in html
        for link in doc.xpath("//link[@rel='stylesheet']"):
            assert link.get("href").startswith("file://"), "handouts load only local files"
        assert doc.xpath("//link[contains(@href, 'assets/css/print.css')]"), "print.css is the shared print stylesheet"
