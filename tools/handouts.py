"""Printed handouts: A4 PDFs written into the built site (``<site>/ban-in/``).

    python tools/handouts.py [SITE_DIR] [--only NAME ...] [--keep-html DIR]

One PDF per module, the whole handbook (cover, table of contents with page numbers,
all modules, sources register, glossary), and a worksheet and an answer key per quiz
bank; then the PDF of every template (mẫu biểu) beside its Word file in ``mau-bieu/``,
converted by LibreOffice. Documents are composed from the built pages by ``macros.handouts`` (plain Python)
and printed by Debian's Chromium through Playwright with the site's own print stylesheet.
The table of contents gets its page numbers from the PDF's named destinations (two passes).
Run after ``mkdocs build``; ``make handouts`` does both.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.errors import ContentErrors  # noqa: E402
from macros.handouts.catalog import OUT_DIR, load_catalog  # noqa: E402
from macros.handouts.compose import PageNotBuilt  # noqa: E402
from macros.handouts.documents import DocumentBuilder  # noqa: E402
from macros.repository import Repository  # noqa: E402
from macros.templates import PAGE_DIR as TEMPLATE_DIR, TemplateError, convert_to_pdf, docx_name  # noqa: E402

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


def render_job(printer: Printer, builder: DocumentBuilder, job) -> bytes:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo bản in PDF (A4) từ trang đã dựng (build printed handouts).")
    parser.add_argument("site_dir", nargs="?", default=str(ROOT / "site"), help="thư mục trang đã dựng (default: site)")
    parser.add_argument("--root", default=str(ROOT), help="thư mục gốc dự án (project root)")
    parser.add_argument("--only", action="append", default=[], help="chỉ tạo tệp này (ví dụ iso-9001.pdf); lặp lại được")
    parser.add_argument("--keep-html", help="giữ các tệp HTML trung gian trong thư mục này (debug)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    root = Path(args.root).resolve()
    site_dir = Path(args.site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        print(f"Chưa có trang đã dựng ở {site_dir}: hãy chạy 'make build' trước (site not built)", file=sys.stderr)
        return 2
    try:
        repo = Repository(root).load()
    except ContentErrors as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    banks = [doc.data for doc in repo.documents.get("quiz", [])]
    catalog = load_catalog(root, banks)
    builder = DocumentBuilder(catalog, site_dir, repo.sources, printed_date(), revision(root))
    jobs = catalog.jobs()
    if args.only:
        unknown = sorted(set(args.only) - {j.name for j in jobs})
        if unknown:
            print(f"Không có bản in: {', '.join(unknown)} (unknown handout)", file=sys.stderr)
            return 2
        jobs = [j for j in jobs if j.name in args.only]

    out_dir = site_dir / OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    if not args.only:  # remove handouts whose module or bank no longer exists
        wanted = {j.name for j in jobs}
        for stale in out_dir.glob("*.pdf"):
            if stale.name not in wanted:
                stale.unlink()

    total_pages = 0
    with tempfile.TemporaryDirectory(prefix="handouts-") as tmp:
        workdir = Path(args.keep_html).resolve() if args.keep_html else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        printer = Printer(workdir)
        try:
            width = len(str(len(jobs)))
            for i, job in enumerate(jobs, 1):
                t0 = time.perf_counter()
                print(f"[{i:>{width}}/{len(jobs)}] {OUT_DIR}/{job.name} …", end="", flush=True)
                try:
                    pdf = render_job(printer, builder, job)
                except PageNotBuilt as exc:
                    print(f"\n{exc}", file=sys.stderr)
                    return 2
                except (RuntimeError, ValueError, KeyError) as exc:
                    print(f"\nKhông in được {job.name} (handout failed): {exc}", file=sys.stderr)
                    return 1
                target = out_dir / job.name
                tmp_file = target.with_suffix(".pdf.part")
                tmp_file.write_bytes(pdf)
                tmp_file.replace(target)
                n = page_count(pdf)
                total_pages += n
                print(f" {n} trang, {time.perf_counter() - t0:.1f} s", flush=True)
        finally:
            printer.close()
    templates = [doc.data for doc in repo.documents.get("template", [])]
    template_pdfs = 0
    if templates and not args.only:
        # Templates (mẫu biểu): the PDF beside each Word file the build wrote, converted
        # from that same file by LibreOffice in one run.
        t0 = time.perf_counter()
        tpl_dir = site_dir / TEMPLATE_DIR
        docx = [tpl_dir / docx_name(t["id"]) for t in templates]
        missing = [p.name for p in docx if not p.is_file()]
        if missing:
            print(f"Chưa có tệp Word của mẫu biểu ({', '.join(missing)}): hãy chạy 'make build' trước",
                  file=sys.stderr)
            return 2
        print(f"[mẫu biểu] {len(docx)} tệp PDF từ tệp Word (LibreOffice) …", end="", flush=True)
        try:
            made = convert_to_pdf(docx, tpl_dir)
        except TemplateError as exc:
            print(f"\nKhông tạo được PDF của mẫu biểu (template PDFs failed): {exc}", file=sys.stderr)
            return 1
        for stale in tpl_dir.glob("*.pdf"):
            if stale not in made:
                stale.unlink()
        total_pages += sum(page_count(p.read_bytes()) for p in made)
        template_pdfs = len(made)
        print(f" {time.perf_counter() - t0:.1f} s", flush=True)
    for warning in printer.warnings:
        print(f"CẢNH BÁO: {warning}", file=sys.stderr)
    if printer.external:
        print("Bản in đã cố tải tài nguyên từ mạng (blocked network requests): "
              + ", ".join(sorted(set(printer.external))), file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start
    print(f"Xong: {len(jobs) + template_pdfs} tệp PDF, {total_pages} trang, tổng thời gian {elapsed:.1f} s → {out_dir}"
          + (f" và {site_dir / TEMPLATE_DIR}" if template_pdfs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
