"""Command line: ``python -m macros check`` validates all content without building."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import ContentErrors
from .repository import Repository


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Kiểm tra nội dung YAML (validate content).")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra mọi tệp YAML theo lược đồ và các ràng buộc (validate all YAML)")
    check.add_argument("--root", default=".", help="thư mục gốc của dự án (project root)")
    imp = sub.add_parser("import", help="nhập bộ câu hỏi từ Excel (.xlsx), GIFT hoặc Moodle XML vào quizzes/")
    imp.add_argument("file", help="tệp .xlsx, .gift hoặc .xml")
    imp.add_argument("--bank", help="mã bộ câu hỏi (tên tệp quizzes/<mã>.yml); mặc định lấy trong tệp")
    imp.add_argument("--root", default=".", help="thư mục gốc của dự án (project root)")
    imp.add_argument("--out", help="thư mục ghi tệp YAML (mặc định: <root>/quizzes)")
    imp.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi tệp (dry run)")
    imp.add_argument("--review", help="mục ôn tập cho câu không ghi (GIFT/XML từ Moodle), ví dụ trang.md#muc")
    imp.add_argument("--sources", help="mã nguồn cho câu không ghi, cách nhau bằng dấu phẩy")
    imp.add_argument("--module", type=int, help="số học phần khi tệp không ghi")
    imp.add_argument("--pass-mark", type=int, help="điểm đạt (%%) khi tệp không ghi")
    args = parser.parse_args(argv)

    if args.command == "import":
        return _import(args)

    if args.command == "check":
        start = time.perf_counter()
        try:
            repo = Repository(Path(args.root)).load()
        except ContentErrors as exc:
            print(exc.render(), file=sys.stderr)
            return 1
        counts = ", ".join(f"{k}: {len(v)}" for k, v in repo.documents.items())
        print(f"Nội dung hợp lệ (content OK) — {counts} — {time.perf_counter() - start:.2f}s")
        return 0
    return 2


def _import(args) -> int:
    from .importer import ImportFailed, import_file

    defaults = {k: v for k, v in {"review": args.review, "sources": args.sources, "module": args.module,
                                  "pass_mark": args.pass_mark}.items() if v is not None}
    root = Path(args.root).resolve()
    try:
        if args.check:
            from .importer import convert

            imported, target = convert(Path(args.file), args.bank, defaults, root), None
        else:
            target, imported = import_file(Path(args.file), args.bank, defaults, root, Path(args.out) if args.out else None)
    except ImportFailed as exc:
        n = len(exc.problems)
        print(f"Không nhập được {args.file}: {n} lỗi, chưa ghi tệp nào (nothing written):", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    for note in imported.notes:
        print(f"  ghi chú: {note}")
    bank = imported.bank
    where = target.relative_to(root) if target and target.is_relative_to(root) else target
    verb = f"đã ghi {where}" if target else "hợp lệ (chưa ghi: --check)"
    print(f"Bộ câu hỏi '{bank['id']}': {len(bank['questions'])} câu, {verb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
