"""One pipeline for the whole deliverable: ``python -m macros.pipeline TARGET``.

    python -m macros.pipeline build      # pages -> handouts -> export -> linkcheck
    python -m macros.pipeline handouts   # pages -> handouts
    python -m macros.pipeline export     # pages -> handouts -> export (packages carry the PDFs)
    python -m macros.pipeline pages      # pages only

Rules every step follows, so that targets can run in any order and ``site/`` is always whole:
- a step writes only its own files and never deletes another step's work (it may remove
  its own stale files, e.g. a handout whose module was deleted);
- a step is incremental where it is expensive (PDFs carry a content hash beside them);
- the link check runs last, over the complete output.

The pages step builds with MkDocs into a staging folder (``.cache/pipeline/pages``) and
syncs it into ``site/``: MkDocs empties its output folder, the sync only adds, updates and
removes the pages it wrote last time. Another generator can replace that one step.

EXTENSION POINT: to add a step, write ``def _my_step(ctx: Ctx) -> dict`` (return a small
report) and add one line ``Step("my-step", _my_step, "...")`` to ``STEPS`` in the right
place; then add its name to the ``TARGETS`` that should run it (``build`` runs all steps).
A Makefile target is then one line: ``$(PIPELINE) my-target``.

``--report FILE`` writes what each step did as JSON (tests assert from it).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Ctx:
    root: Path
    site: Path
    dist: Path
    state: Path  # pipeline state and staging, outside site/ (never copied to a USB stick)
    strict: bool = True
    force: bool = False
    reports: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Ctx], dict]
    help: str


class StepFailed(Exception):
    def __init__(self, step: str, message: str, code: int = 1):
        super().__init__(message)
        self.step = step
        self.code = code


# ---------------------------------------------------------------- steps
def _pages(ctx: Ctx) -> dict:
    """MkDocs build into the staging folder, then sync into site/."""
    staging = ctx.state / "pages"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(staging), "-f", str(ctx.root / "mkdocs.yml")]
    if ctx.strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ctx.root))
    proc = subprocess.run(cmd, cwd=ctx.root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        # MkDocs logs author errors one per line; show those, not the INFO chatter.
        lines = [ln for ln in proc.stderr.splitlines() if not ln.startswith("INFO")]
        raise StepFailed("pages", "\n".join(lines).strip() or "mkdocs build failed")
    return sync_tree(staging, ctx.site, ctx.state / "pages.json")


def sync_tree(src: Path, dest: Path, manifest: Path) -> dict:
    """Copy ``src`` into ``dest``: add new files, update changed ones, remove files that the
    previous sync wrote and ``src`` no longer has. Files from other steps are left alone."""
    new_files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    old_files = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    added = updated = 0
    for rel in new_files:
        s, d = src / rel, dest / rel
        if d.is_file():
            if filecmp.cmp(s, d, shallow=False):
                continue
            updated += 1
        else:
            added += 1
            d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(s, d)
    removed = 0
    for rel in sorted(old_files - set(new_files)):
        d = dest / rel
        if d.is_file():
            d.unlink()
            removed += 1
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(new_files, ensure_ascii=False), encoding="utf-8")
    return {"files": len(new_files), "added": added, "updated": updated, "removed": removed}


def _handouts(ctx: Ctx) -> dict:
    from .handouts.cli import HandoutError, run

    try:
        return run(ctx.site, ctx.root, force=ctx.force)
    except HandoutError as exc:
        raise StepFailed("handouts", str(exc), exc.code) from None


def _export(ctx: Ctx) -> dict:
    from .errors import ContentErrors
    from .lms.cli import export, merged_notes
    from .lms.scorm import PackageError

    try:
        result = export(ctx.site, ctx.dist, ctx.root)
    except ContentErrors as exc:
        raise StepFailed("export", exc.render()) from None
    except PackageError as exc:
        raise StepFailed("export", f"lỗi: {exc}") from None
    return {"files": sorted(p.relative_to(ctx.dist).as_posix() for p in result["files"]),
            "notes": len(merged_notes(result["notes"]))}


def _linkcheck(ctx: Ctx) -> dict:
    from .linkcheck import check_output

    result = check_output(ctx.site)
    problems = result["broken"] + result["external"] + [f"{p}: không có trang nào liên kết tới (orphan download)"
                                                         for p in result["orphans"]]
    if problems:
        raise StepFailed("linkcheck", "\n".join(problems[:50]) + (f"\n… {len(problems) - 50} more" if len(problems) > 50 else ""))
    return {k: v for k, v in result.items() if k not in ("broken", "external", "orphans")}


# The order matters: every step may use what the earlier ones wrote (SCORM packages carry
# the PDFs; the link check sees everything). Add new steps here (see EXTENSION POINT above).
STEPS: list[Step] = [
    Step("pages", _pages, "dựng các trang (MkDocs, strict) và đồng bộ vào site/"),
    Step("handouts", _handouts, "in các bản PDF khổ A4 đã thay đổi vào site/ban-in/"),
    Step("export", _export, "xuất GIFT, Moodle XML, SCORM 1.2 vào dist/lms/ và site/tai-ve/lms/"),
    Step("linkcheck", _linkcheck, "kiểm tra liên kết trên toàn bộ kết quả (trang, PDF, DOCX, zip)"),
]
ALL = [s.name for s in STEPS]
TARGETS: dict[str, list[str]] = {
    "build": ALL,
    "pages": ["pages"],
    "handouts": ["pages", "handouts"],
    "export": ["pages", "handouts", "export"],
    "linkcheck": ["linkcheck"],
}


def run(target: str, ctx: Ctx, out=sys.stdout) -> dict:
    wanted = TARGETS[target]
    for step in STEPS:
        if step.name not in wanted:
            continue
        t0 = time.perf_counter()
        print(f"==> {step.name}: {step.help}", file=out, flush=True)
        report = step.run(ctx)
        report["seconds"] = round(time.perf_counter() - t0, 2)
        ctx.reports[step.name] = report
        print(f"    {step.name}: {_summary(report)}", file=out, flush=True)
    return ctx.reports


def _summary(report: dict) -> str:
    parts = []
    for key, value in report.items():
        if isinstance(value, list):
            value = len(value)
        if isinstance(value, (int, float, str)) and key not in ("out_dir",):
            parts.append(f"{key}={value}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.pipeline",
                                     description="Dựng toàn bộ sản phẩm vào site/ (build the whole deliverable).")
    parser.add_argument("target", nargs="?", default="build", choices=sorted(TARGETS))
    parser.add_argument("--root", default=str(ROOT), help="thư mục gốc dự án (project root)")
    parser.add_argument("--site", default=None, help="thư mục kết quả (default: <root>/site)")
    parser.add_argument("--dist", default=None, help="thư mục gói xuất LMS (default: <root>/dist)")
    parser.add_argument("--state", default=None, help="thư mục trạng thái (default: <root>/.cache/pipeline)")
    parser.add_argument("--force", action="store_true", help="in lại mọi bản PDF (reprint every handout)")
    parser.add_argument("--report", help="ghi báo cáo JSON của từng bước vào tệp này")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve()
    ctx = Ctx(root=root, site=Path(args.site or root / "site").resolve(), dist=Path(args.dist or root / "dist").resolve(),
              state=Path(args.state or root / ".cache" / "pipeline").resolve(), force=args.force)
    ctx.site.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    code = 0
    try:
        run(args.target, ctx)
    except StepFailed as exc:
        print(str(exc), file=sys.stderr)
        print(f"Dừng ở bước {exc.step} (pipeline stopped at step {exc.step}).", file=sys.stderr)
        code = exc.code
    if args.report:
        Path(args.report).write_text(json.dumps(ctx.reports, ensure_ascii=False, indent=1), encoding="utf-8")
    if code == 0:
        n = sum(1 for p in ctx.site.rglob("*") if p.is_file())
        print(f"Xong '{args.target}': {n} tệp trong {ctx.site}, {time.perf_counter() - start:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
