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
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
