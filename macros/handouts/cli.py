"""Printed handouts: A4 PDFs written into the built site (``<site>/ban-in/``).

    python -m macros.handouts [SITE_DIR] [--only NAME ...] [--force] [--keep-html DIR] [--report FILE]

One PDF per module, the whole handbook (cover, table of contents with page numbers,
all modules, sources register, glossary), and a worksheet and an answer key per quiz
bank. Documents are composed from the built pages by ``macros.handouts`` (plain Python)
and printed by Debian's Chromium through Playwright with the site's own print stylesheet.
The table of contents gets its page numbers from the PDF's named destinations (two passes).
Run after the pages are built; ``make handouts`` runs both through ``macros.pipeline``.

Incremental: beside every ``X.pdf`` sits ``X.pdf.sha256``, the hash of the print document
(HTML with the edition line and the site's location left out) and of every local file it
loads (stylesheets, fonts). A PDF is printed again only when that hash changes, so editing
one module reprints that module and the handbook. ``--force`` reprints everything.
``HANDOUTS_PRINTER=fake`` writes a one-page placeholder PDF instead of starting Chromium
(used by the pipeline tests, which check what is printed, not how it looks).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from ..errors import ContentErrors
from ..repository import Repository
from .catalog import OUT_DIR, load_catalog
from .compose import PageNotBuilt
from .documents import DocumentBuilder

ROOT = Path(__file__).resolve().parents[2]
HASH_SUFFIX = ".sha256"
# Bump when the printing itself changes (Chromium flags, PDF options): every PDF is reprinted.
PRINT_RECIPE = "chromium-a4-v1"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-file-access-from-files", "--font-render-hinting=none",
]
MAX_PASSES = 4
# Width of the printed column (A4 minus the handouts' side margins, 18 + 16 mm) in CSS px.
CONTENT_WIDTH_PX = round((210 - 18 - 16) / 25.4 * 96)
OVERFLOW_JS = """() => {
  const limit = document.documentElement.clientWidth + 1, found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit && !(el.parentElement && el.parentElement.getBoundingClientRect().right > limit))
      found.push(`<${el.tagName.toLowerCase()}> «${(el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50)}»`);
  }
  return found;
}"""


def revision(root: Path) -> str:
    """HANDOUT_REVISION, else the git commit ("+" when the tree has local changes)."""
    if os.environ.get("HANDOUT_REVISION"):
        return os.environ["HANDOUT_REVISION"]
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty=+"], cwd=root,
                             capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return "chưa đánh số"


def printed_date() -> date:
    """SOURCE_DATE_EPOCH (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def dest_pages(pdf: bytes) -> dict[str, int]:
    """Named destination (element id) -> 1-based page number."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out = {}
    for name, dest in reader.named_destinations.items():
        try:
            out[str(name).lstrip("/")] = reader.get_destination_page_number(dest) + 1
        except Exception:  # a destination without a page: ignore it
            continue
    return out


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


class Printer:
    """One Chromium, one tab, JavaScript off: handouts print the no-JS page content."""

    def __init__(self, workdir: Path):
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).is_file():
            raise SystemExit(f"Không thấy {CHROMIUM}: hãy chạy 'make test' hoặc cài gói chromium (Chromium missing)")
        self.workdir = workdir
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        self.context = self.browser.new_context(
            java_script_enabled=False, locale="vi-VN",
            viewport={"width": CONTENT_WIDTH_PX, "height": 1000})
        self.warnings: list[str] = []
        self.external: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.emulate_media(media="print")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:  # offline first: a handout never loads anything from a network
            self.external.append(url)
            route.abort()

    def pdf(self, html: str, name: str) -> bytes:
        path = self.workdir / (name.removesuffix(".pdf") + ".html")
        path.write_text(html, encoding="utf-8")
        self.page.goto(path.as_uri(), wait_until="load")
        # Load every face (all weights and unicode-range subsets) before printing: text that
        # only appears in page margin boxes would otherwise fall back to a system font.
        self.page.evaluate("Promise.all([...document.fonts].map(f => f.load())).then(() => document.fonts.ready)"
                           ".then(() => document.fonts.status)")
        # Anything wider than the paper makes Chromium shrink the whole document.
        for item in self.page.evaluate(OVERFLOW_JS):
            message = f"{name}: quá khổ giấy, cả tài liệu sẽ bị thu nhỏ (too wide for A4): {item}"
            if message not in self.warnings:
                self.warnings.append(message)
        return self.page.pdf(
            format="A4", prefer_css_page_size=True, print_background=True,
            outline=True, tagged=True, display_header_footer=False,
        )

    def close(self):
        self.context.close()
        self.browser.close()
        self._pw.stop()


class FakePrinter:
    """One blank page per document, no browser (HANDOUTS_PRINTER=fake; pipeline tests)."""

    def __init__(self, workdir: Path):
        self.warnings: list[str] = []
        self.external: list[str] = []

    def render(self, builder: DocumentBuilder, job) -> bytes:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.add_metadata({"/Title": job.title})
        buf = io.BytesIO()
        writer.write(buf)
        return buf.getvalue()

    def close(self):
        pass


_FILE_URL = re.compile(r"file://[^\s\"'<>)]+")


def _file_digest(path: Path, cache: dict) -> str:
    if path not in cache:
        cache[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
    return cache[path]


def source_hash(builder: DocumentBuilder, job, site_dir: Path, cache: dict) -> str:
    """Hash of what a PDF is printed from: its HTML and the local files that HTML loads.

    The edition line (print date, git revision) and the site's absolute location are left
    out: they change on every commit or checkout, the content does not.
    """
    from urllib.parse import unquote, urlsplit

    html = builder.html(job).html
    h = hashlib.sha256(PRINT_RECIPE.encode())
    site_uri = site_dir.resolve().as_uri()
    h.update(html.replace(builder.edition, "").replace(site_uri, "site:").encode("utf-8"))
    for url in sorted(set(_FILE_URL.findall(html))):
        path = Path(unquote(urlsplit(url).path))
        h.update(url.replace(site_uri, "site:").encode() + _file_digest(path, cache).encode())
        if path.suffix == ".css" and path.is_file():  # fonts and images a stylesheet loads
            for ref in sorted(set(re.findall(r"url\(['\"]?([^'\")]+)", path.read_text(encoding="utf-8")))):
                if not urlsplit(ref).scheme and not ref.startswith("#"):
                    h.update(ref.encode() + _file_digest((path.parent / unquote(ref.split("?")[0])).resolve(), cache).encode())
    return h.hexdigest()


def render_job(printer: Printer, builder: DocumentBuilder, job) -> bytes:
    if isinstance(printer, FakePrinter):
        return printer.render(builder, job)
    rendered = builder.html(job)
    pdf = printer.pdf(rendered.html, job.name)
    if not rendered.toc_targets:
        return pdf
    pages = None
    for _ in range(MAX_PASSES):
        found = dest_pages(pdf)
        missing = [t for t in rendered.toc_targets if t not in found]
        if missing:
            raise RuntimeError(f"{job.name}: không tìm thấy trang của mục lục cho {', '.join(missing[:5])}")
        new = {t: found[t] for t in rendered.toc_targets}
        if new == pages:
            return pdf
        pages = new
        rendered = builder.html(job, pages)
        pdf = printer.pdf(rendered.html, job.name)
    raise RuntimeError(f"{job.name}: số trang trong mục lục không ổn định sau {MAX_PASSES} lần in")


class HandoutError(Exception):
    """Printing stopped: the message is for the terminal; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def run(site_dir: Path, root: Path = ROOT, only: list[str] | None = None, force: bool = False,
        keep_html: Path | None = None, out=sys.stdout) -> dict:
    """Print the handouts that changed; returns {"printed", "kept", "removed", "pages", "files"}."""
    site_dir = Path(site_dir).resolve()
    root = Path(root).resolve()
    if not (site_dir / "index.html").is_file():
        raise HandoutError(f"Chưa có trang đã dựng ở {site_dir}: hãy chạy 'make build' trước (site not built)", 2)
    try:
        repo = Repository(root).load()
    except ContentErrors as exc:
        raise HandoutError(exc.render()) from None
    banks = [doc.data for doc in repo.documents.get("quiz", [])]
    catalog = load_catalog(root, banks)
    builder = DocumentBuilder(catalog, site_dir, repo.sources, printed_date(), revision(root))
    jobs = catalog.jobs()
    if only:
        unknown = sorted(set(only) - {j.name for j in jobs})
        if unknown:
            raise HandoutError(f"Không có bản in: {', '.join(unknown)} (unknown handout)", 2)
        jobs = [j for j in jobs if j.name in only]

    out_dir = site_dir / OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    removed: list[str] = []
    if not only:  # remove handouts whose module or bank no longer exists (this step's own files)
        wanted = {j.name for j in jobs}
        for stale in sorted(out_dir.glob("*.pdf")):
            if stale.name not in wanted:
                stale.unlink()
                removed.append(stale.name)
        for stale in sorted(out_dir.glob("*.pdf" + HASH_SUFFIX)):
            if stale.name.removesuffix(HASH_SUFFIX) not in wanted:
                stale.unlink()

    cache: dict = {}
    todo, kept = [], []
    for job in jobs:
        try:
            digest = source_hash(builder, job, site_dir, cache)
        except PageNotBuilt as exc:
            raise HandoutError(str(exc), 2) from None
        target = out_dir / job.name
        stamp = out_dir / (job.name + HASH_SUFFIX)
        current = stamp.read_text(encoding="ascii").split()[0] if stamp.is_file() else ""
        if not force and target.is_file() and current == digest:
            kept.append(job.name)
        else:
            todo.append((job, digest))

    total_pages = 0
    printed: list[str] = []
    if todo:
        with tempfile.TemporaryDirectory(prefix="handouts-") as tmp:
            workdir = Path(keep_html).resolve() if keep_html else Path(tmp)
            workdir.mkdir(parents=True, exist_ok=True)
            fake = os.environ.get("HANDOUTS_PRINTER") == "fake"
            printer = FakePrinter(workdir) if fake else Printer(workdir)
            try:
                width = len(str(len(todo)))
                for i, (job, digest) in enumerate(todo, 1):
                    t0 = time.perf_counter()
                    print(f"[{i:>{width}}/{len(todo)}] {OUT_DIR}/{job.name} …", end="", flush=True, file=out)
                    try:
                        pdf = render_job(printer, builder, job)
                    except PageNotBuilt as exc:
                        raise HandoutError(str(exc), 2) from None
                    except (RuntimeError, ValueError, KeyError) as exc:
                        raise HandoutError(f"Không in được {job.name} (handout failed): {exc}") from None
                    target = out_dir / job.name
                    tmp_file = target.with_suffix(".pdf.part")
                    tmp_file.write_bytes(pdf)
                    tmp_file.replace(target)
                    # The stamp is written after the PDF: an interrupted run reprints next time.
                    (out_dir / (job.name + HASH_SUFFIX)).write_text(f"{digest}  {job.name}\n", encoding="ascii")
                    printed.append(job.name)
                    n = page_count(pdf)
                    total_pages += n
                    print(f" {n} trang, {time.perf_counter() - t0:.1f} s", flush=True, file=out)
            finally:
                printer.close()
        for warning in printer.warnings:
            print(f"CẢNH BÁO: {warning}", file=sys.stderr)
        if printer.external:
            raise HandoutError("Bản in đã cố tải tài nguyên từ mạng (blocked network requests): "
                               + ", ".join(sorted(set(printer.external))))
    files = [j.name for j in jobs]
    if not only:
        made = template_pdfs(repo, site_dir, root, force, out)
        printed += made["printed"]
        kept += made["kept"]
        total_pages += made["pages"]
        files += made["files"]  # every file this step makes: printed or kept
    return {"printed": printed, "kept": kept, "removed": removed, "pages": total_pages,
            "files": files, "out_dir": str(out_dir)}


def template_pdfs(repo, site_dir: Path, root: Path, force: bool, out=sys.stdout) -> dict:
    """The PDF of every template (mẫu biểu) beside the Word file the build wrote in
    ``mau-bieu/``, converted from that same file by LibreOffice in one run.

    Incremental like the handouts: a ``.sha256`` beside each PDF holds the hash of the
    template's data and of the code that lays it out (the Word file itself is not
    byte-stable: its zip carries timestamps), so unchanged templates are not converted again.
    """
    from ..templates import PAGE_DIR, TemplateError, convert_to_pdf, docx_name

    templates = [doc.data for doc in repo.documents.get("template", [])]
    tpl_dir = site_dir / PAGE_DIR
    result = {"printed": [], "kept": [], "pages": 0,
              "files": [f"{PAGE_DIR}/{Path(docx_name(t['id'])).with_suffix('.pdf').name}" for t in templates]}
    if not templates:
        return result
    code = hashlib.sha256((root / "macros" / "templates.py").read_bytes()).hexdigest()
    todo, digests = [], {}
    for tpl in templates:
        docx = tpl_dir / docx_name(tpl["id"])
        if not docx.is_file():
            raise HandoutError(f"Chưa có tệp Word của mẫu biểu {docx.name}: hãy chạy 'make build' trước", 2)
        digest = hashlib.sha256((code + json.dumps(tpl, ensure_ascii=False, sort_keys=True)).encode()).hexdigest()
        pdf = docx.with_suffix(".pdf")
        stamp = pdf.with_name(pdf.name + HASH_SUFFIX)
        current = stamp.read_text(encoding="ascii").split()[0] if stamp.is_file() else ""
        if not force and pdf.is_file() and current == digest:
            result["kept"].append(f"{PAGE_DIR}/{pdf.name}")
        else:
            todo.append(docx)
            digests[docx.stem] = digest
    if todo:
        t0 = time.perf_counter()
        print(f"[mẫu biểu] {len(todo)} tệp PDF từ tệp Word (LibreOffice) …", end="", flush=True, file=out)
        if os.environ.get("HANDOUTS_PRINTER") == "fake":
            made = []
            for docx in todo:
                target = docx.with_suffix(".pdf")
                target.write_bytes(FakePrinter(tpl_dir).render(None, type("Job", (), {"title": docx.stem})()))
                made.append(target)
        else:
            try:
                made = convert_to_pdf(todo, tpl_dir)
            except TemplateError as exc:
                raise HandoutError(f"Không tạo được PDF của mẫu biểu (template PDFs failed): {exc}") from None
        for pdf in made:
            pdf.with_name(pdf.name + HASH_SUFFIX).write_text(f"{digests[pdf.stem]}  {pdf.name}\n", encoding="ascii")
            result["printed"].append(f"{PAGE_DIR}/{pdf.name}")
            result["pages"] += page_count(pdf.read_bytes())
        print(f" {time.perf_counter() - t0:.1f} s", flush=True, file=out)
    wanted = {docx_name(t["id"]).rsplit(".", 1)[0] for t in templates}
    for stale in tpl_dir.glob("*.pdf"):
        if stale.stem not in wanted:
            stale.unlink()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.handouts",
                                     description="Tạo bản in PDF (A4) từ trang đã dựng (build printed handouts).")
    parser.add_argument("site_dir", nargs="?", default=str(ROOT / "site"), help="thư mục trang đã dựng (default: site)")
    parser.add_argument("--root", default=str(ROOT), help="thư mục gốc dự án (project root)")
    parser.add_argument("--only", action="append", default=[], help="chỉ tạo tệp này (ví dụ iso-9001.pdf); lặp lại được")
    parser.add_argument("--force", action="store_true", help="in lại mọi tệp kể cả khi nội dung không đổi (reprint all)")
    parser.add_argument("--keep-html", help="giữ các tệp HTML trung gian trong thư mục này (debug)")
    parser.add_argument("--report", help="ghi báo cáo JSON vào tệp này (printed/kept/removed)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    try:
        result = run(Path(args.site_dir), Path(args.root), args.only, args.force,
                     Path(args.keep_html) if args.keep_html else None)
    except HandoutError as exc:
        print(f"\n{exc}" if str(exc).startswith("Không in") else str(exc), file=sys.stderr)
        return exc.code
    if args.report:
        Path(args.report).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    elapsed = time.perf_counter() - start
    print(f"Xong: in {len(result['printed'])} tệp PDF ({result['pages']} trang), giữ nguyên "
          f"{len(result['kept'])} tệp không đổi, tổng thời gian {elapsed:.1f} s → {result['out_dir']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
