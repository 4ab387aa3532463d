"""The build pipeline (macros.pipeline): one complete, link-clean output whatever the order.

Runs on a throw-away copy of the project. PDFs are printed by the pipeline's fake printer
(``HANDOUTS_PRINTER=fake``: one blank page per handout, no browser) because these tests
check which files are made, kept and reprinted, not how they look (tests/test_handouts.py
prints the real ones). Each pipeline run is one MkDocs build plus cheap steps.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project

HANDBOOK = "so-tay-nghiep-vu-cong-tac-dang.pdf"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pipeline") / "project")


def run(project: Path, target: str, out: str, report: Path | None = None) -> dict:
    base = project.parent / out
    cmd = [sys.executable, "-m", "macros.pipeline", target, "--root", str(project), "--site", str(base / "site"),
           "--dist", str(base / "dist"), "--state", str(base / "state")]
    if report:
        cmd += ["--report", str(report)]
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1", HANDOUTS_PRINTER="fake",
               PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return json.loads(report.read_text(encoding="utf-8")) if report else {}


def snapshot(site: Path) -> dict[str, str]:
    """Relative path -> content hash, for every file of the output."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(project) -> tuple[Path, dict]:
    report = run(project, "build", "a", project.parent / "a-build.json")
    return project.parent / "a" / "site", report


def test_build_alone_gives_a_complete_link_clean_site(built):
    site, report = built
    assert list(report) == ["pages", "handouts", "export", "linkcheck"]
    check = report["linkcheck"]
    pdfs = sorted(p.name for p in (site / "ban-in").glob("*.pdf"))
    assert len(pdfs) >= 27
    zips = list((site / "tai-ve" / "lms" / "scorm").glob("*.zip"))
    assert len(zips) >= 9
    # Each template (mẫu biểu) has its Word file and, beside it, the PDF made from it.
    docx = list(site.rglob("*.docx"))
    template_pdfs = sorted(p.name for p in (site / "mau-bieu").glob("*.pdf"))
    assert sorted(p.with_suffix(".pdf").name for p in (site / "mau-bieu").glob("*.docx")) == template_pdfs
    all_pdfs = list(site.rglob("*.pdf"))
    assert len(all_pdfs) == len(pdfs) + len(template_pdfs)
    # The handouts step reports every PDF it makes: the handouts and the templates' PDFs.
    assert sorted(report["handouts"]["files"]) == sorted(pdfs + [f"mau-bieu/{n}" for n in template_pdfs])
    # Every page, PDF, zip and the Excel template is a link target; nothing dangles.
    assert check["linked"]["pdf"] == len(all_pdfs)
    assert check["linked"]["zip"] == len(zips)
    assert check["linked"]["xlsx"] >= 1
    assert check["linked"]["html"] >= 40
    assert check["linked"].get("docx", 0) == len(docx)
    assert check["downloads"] == len(all_pdfs) + len(zips) + len(docx) + len(list(site.rglob("*.xlsx")))


def test_any_order_gives_the_same_output_and_nothing_is_deleted(project, built):
    site_a, _ = built
    full = snapshot(site_a)
    # A second site: partial targets first, from a clean tree.
    run(project, "handouts", "b")
    site_b = project.parent / "b" / "site"
    after_handouts = snapshot(site_b)
    assert not [f for f in after_handouts if f.startswith("tai-ve/lms/")]
    assert {f for f in full if f.startswith("ban-in/")} <= set(after_handouts)
    run(project, "export", "b")
    assert snapshot(site_b) == full  # export adds the packages; with handouts, whole
    run(project, "build", "b")
    assert snapshot(site_b) == full
    # The complete site again through the partial targets: nothing removed or changed.
    run(project, "handouts", "a")
    run(project, "export", "a")
    assert snapshot(site_a) == full
    scorm = sorted((site_a / "tai-ve" / "lms" / "scorm").glob("*.zip"))
    assert scorm and all(z.read_bytes() == (site_b / "tai-ve" / "lms" / "scorm" / z.name).read_bytes() for z in scorm)


def test_editing_one_module_reprints_that_module_and_the_handbook(project, built):
    site, _ = built
    page = project / "docs" / "quy-che-lam-viec" / "index.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.rstrip("\n") + "\n\nMột đoạn bổ sung để thử in lại.\n", encoding="utf-8")
        report = run(project, "handouts", "a", project.parent / "a-edit.json")
    finally:
        page.write_text(original, encoding="utf-8")
    assert sorted(report["handouts"]["printed"]) == sorted(["quy-che-lam-viec.pdf", HANDBOOK])
    assert len(report["handouts"]["kept"]) == len(report["handouts"]["files"]) - 2
    stamp = (site / "ban-in" / "quy-che-lam-viec.pdf.sha256").read_text(encoding="ascii")
    assert stamp.split()[1] == "quy-che-lam-viec.pdf" and len(stamp.split()[0]) == 64
    # The page was restored: the module and the handbook go back to their earlier content.
    report = run(project, "handouts", "a", project.parent / "a-again.json")
    assert sorted(report["handouts"]["printed"]) == sorted(["quy-che-lam-viec.pdf", HANDBOOK])
    # Unchanged content: nothing is printed.
    report = run(project, "handouts", "a", project.parent / "a-third.json")
    assert report["handouts"]["printed"] == []


def test_link_check_fails_on_a_missing_download(tmp_path):
    from macros.linkcheck import check_output

    (tmp_path / "index.html").write_text('<a href="ban-in/a.pdf">a</a><a href="x.zip">x</a>', encoding="utf-8")
    (tmp_path / "ban-in").mkdir()
    (tmp_path / "ban-in" / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "ban-in" / "orphan.docx").write_bytes(b"PK")
    result = check_output(tmp_path)
    assert result["broken"] == ["index.html: x.zip -> missing file"]
    assert result["orphans"] == ["ban-in/orphan.docx"]
    assert result["linked"] == {"pdf": 1}


def test_sync_removes_only_its_own_stale_files(tmp_path):
    from macros.pipeline import sync_tree

    src, dest, manifest = tmp_path / "src", tmp_path / "dest", tmp_path / "pages.json"
    src.mkdir()
    (src / "a.html").write_text("1")
    (src / "old.html").write_text("old")
    assert sync_tree(src, dest, manifest)["added"] == 2
    (dest / "ban-in").mkdir()
    (dest / "ban-in" / "x.pdf").write_text("another step's file")
    (src / "old.html").unlink()
    (src / "a.html").write_text("2")
    result = sync_tree(src, dest, manifest)
    assert result == {"files": 1, "added": 0, "updated": 1, "removed": 1}
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == ["a.html", "ban-in/x.pdf"]
