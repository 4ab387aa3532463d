"""`python -m macros.lms export` in-process: options, messages, the files written and the
copy into the site, on a small project (fast enough to run for every mutant)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import ROOT
from macros.lms import cli
from test_quiz_schema import DEMO, fixture_bank, quiz_project


@pytest.fixture
def project(tmp_path):
    """The demo bank (module 0, no package) and a module-1 bank whose pages the site lacks."""
    bank = fixture_bank(tmp_path, "kiem-thu-xss", "kiem-thu-hp", 1, "hp-")
    root = quiz_project(tmp_path / "project", [ROOT / "quizzes" / f"{DEMO}.yml", bank])
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title><h1>Trang chủ</h1>", encoding="utf-8")
    return root, site


def _run(capsys, argv) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_names_every_option(capsys, monkeypatch, file_regression):
    monkeypatch.setenv("COLUMNS", "120")
    texts = []
    for argv in (["--help"], ["export", "--help"]):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 0
        texts.append(capsys.readouterr().out)
    file_regression.check("\n".join(texts), basename="help", extension=".txt")


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main([])
    assert info.value.code == 2
    assert "export" in capsys.readouterr().err


def test_missing_site_is_one_clear_line(tmp_path, capsys):
    code, out, err = _run(capsys, ["export", "--site", str(tmp_path / "khong-co"), "--out", str(tmp_path / "d")])
    assert code == 1 and out == ""
    assert err == f"lỗi: chưa có trang đã dựng trong {tmp_path / 'khong-co'}/ (run mkdocs build first)\n"
    assert not (tmp_path / "d").exists()


def test_export_writes_files_report_and_site_copy(project, tmp_path, capsys, file_regression):
    root, site = project
    out_dir = tmp_path / "dist"
    stale = out_dir / "lms" / "cu.txt"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    (site / "tai-ve" / "lms").mkdir(parents=True)
    (site / "tai-ve" / "lms" / "cu.txt").write_text("old", encoding="utf-8")
    code, out, err = _run(capsys, ["export", "--site", str(site), "--out", str(out_dir), "--root", str(root)])
    assert code == 0, err
    assert err == ""
    lms = out_dir / "lms"
    written = sorted(p.relative_to(lms).as_posix() for p in lms.rglob("*") if p.is_file())
    assert written == sorted([
        "bao-cao-chuyen-doi.txt",
        "gift/kiem-thu-hp.gift", f"gift/{DEMO}.gift", f"gift/{cli.COURSE_ID}.gift",
        "moodle-xml/kiem-thu-hp.xml", f"moodle-xml/{DEMO}.xml", f"moodle-xml/{cli.COURSE_ID}.xml",
    ])
    # The site gets the same folder, and nothing left over from an earlier export.
    copied = sorted(p.relative_to(site / "tai-ve" / "lms").as_posix()
                    for p in (site / "tai-ve" / "lms").rglob("*") if p.is_file())
    assert copied == written
    for rel in written:
        assert (site / "tai-ve" / "lms" / rel).read_bytes() == (lms / rel).read_bytes()
    # Module banks only in the course-wide files.
    assert "kiem-thu-hp" in (lms / "gift" / f"{cli.COURSE_ID}.gift").read_text(encoding="utf-8")
    assert DEMO not in (lms / "gift" / f"{cli.COURSE_ID}.gift").read_text(encoding="utf-8")
    # What the command prints, with the output folder and the timing masked.
    shown = re.sub(r"; \d+\.\ds$", "; T.Ts", out.replace(str(out_dir), "OUT"), flags=re.M)
    report = (lms / "bao-cao-chuyen-doi.txt").read_text(encoding="utf-8")
    file_regression.check(shown + "\n# bao-cao-chuyen-doi.txt\n" + report, basename="export-output", extension=".txt")


def test_no_site_copy_leaves_the_site_alone(project, tmp_path, capsys):
    root, site = project
    code, _out, err = _run(capsys, ["export", "--site", str(site), "--out", str(tmp_path / "d"), "--root", str(root),
                                    "--no-site-copy"])
    assert code == 0, err
    assert (tmp_path / "d" / "lms" / "bao-cao-chuyen-doi.txt").is_file()
    assert not (site / "tai-ve").exists()


def test_a_broken_bank_stops_with_its_position(project, tmp_path, capsys):
    root, site = project
    bank = root / "quizzes" / "kiem-thu-hp.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("pass_mark: ", "pass_mark: 1000 #", 1), encoding="utf-8")
    code, out, err = _run(capsys, ["export", "--site", str(site), "--out", str(tmp_path / "d"), "--root", str(root)])
    assert code == 1 and out == ""
    assert err == "1 lỗi nội dung (content error):\n  quizzes/kiem-thu-hp.yml:7:12: [kiem-thu-hp] giá trị 1000 vượt giới hạn (maximum 100)\n"
    assert not (tmp_path / "d" / "lms").exists()


def test_xsd_and_root_defaults_point_into_the_project():
    assert cli.XSD_DIR.is_dir() and (cli.XSD_DIR / "imscp_rootv1p1p2.xsd").is_file()
    assert cli.module_pages("a-b") == ["a-b/index.html", "a-b/tu-kiem-tra.html"]


def test_course_pages_leave_out_trainer_pages_and_downloads(tmp_path):
    for rel in ("index.html", "404.html", "mot/index.html", "giang-vien/x.html", "tai-ve/lms/a.html",
                "assets/a.html", "search/a.html", "mot/tu-kiem-tra.html", "giang-vien.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<h1>x</h1>", encoding="utf-8")
    assert cli.course_pages(tmp_path) == ["giang-vien.html", "index.html", "mot/index.html", "mot/tu-kiem-tra.html"]


def test_page_heading_prefers_the_article_heading(tmp_path):
    (tmp_path / "a.html").write_text("<h1>Ngoài</h1><article><h1>Bài  học X ¶</h1></article>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<h1> Chỉ một </h1>", encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>không có tiêu đề</p>", encoding="utf-8")
    assert cli.page_heading(tmp_path, "a.html") == "Bài học X"
    assert cli.page_heading(tmp_path, "b.html") == "Chỉ một"
    assert cli.page_heading(tmp_path, "c.html") == "c.html"


def test_notes_for_several_formats_are_merged():
    from macros.lms.common import Note

    notes = [Note("b", "q", "xml", "converted", "m"), Note("b", "q", "gift", "converted", "m"),
             Note("b", "", "scorm", "skipped", "n"), Note("b", "q", "gift", "converted", "m")]
    assert cli.merged_notes(notes) == ["[scorm] b: skipped: n", "[gift+xml] b/q: converted: m"]


def _bank(root, bank_id: str, module: int):
    fixture_bank(root / "quizzes", "kiem-thu-rut-de", bank_id, module, f"{bank_id}-")


def test_defaults_site_dist_and_the_project_root(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, ["export"])
    assert (code, out) == (1, "")
    assert err == "lỗi: chưa có trang đã dựng trong site/ (run mkdocs build first)\n"
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    code, out, err = _run(capsys, ["export", "--no-site-copy"])
    assert code == 0, err
    # The project's own banks (root = the project), written under ./dist/lms.
    gifts = sorted(p.stem for p in (tmp_path / "dist" / "lms" / "gift").glob("*.gift"))
    assert gifts == sorted([p.stem for p in (ROOT / "quizzes").glob("*.yml")] + [cli.COURSE_ID])


def test_export_with_packages_prints_the_package_summary(tmp_path, capsys):
    from test_lms_scorm import _mini_site

    root = quiz_project(tmp_path / "project", [])
    _bank(root, "a-truoc", 1)  # no pages in the site: no package (and the banks after it still get theirs)
    _bank(root, "mot", 1)
    site = _mini_site(tmp_path / "site")
    (site / "index.html").write_text("<h1>Trang chủ</h1>", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = _run(capsys, ["export", "--site", str(site), "--out", str(out_dir), "--root", str(root)])
    assert code == 0, err
    lms = out_dir / "lms"
    zips = sorted(p.name for p in (lms / "scorm").iterdir())
    assert zips == ["mot.zip", f"{cli.COURSE_ID}.zip"]
    last = out.splitlines()[-1]
    m = re.fullmatch(r"Đã xuất 2 bộ câu hỏi, 1 gói SCORM học phần \(\+1 gói toàn khóa\) vào (.+) — "
                     r"gift: 3, lms: 1, moodle-xml: 3, scorm: 2; (\d+\.\d) MB; (\d+) ghi chú chuyển đổi; (\d+\.\d)s", last)
    assert m, last
    assert m.group(1) == str(lms)
    total = sum(p.stat().st_size for p in lms.rglob("*") if p.is_file())
    assert m.group(2) == f"{total / 1e6:.1f}"
    assert 0 <= float(m.group(4)) < 3600  # an elapsed time, not a clock reading
    assert "[scorm] a-truoc: skipped" in out
    import zipfile

    from lxml import etree

    def package(name):
        zf = zipfile.ZipFile(lms / "scorm" / name)
        man = etree.fromstring(zf.read("imsmanifest.xml"))
        launch = zf.read("scorm-launch.html").decode("utf-8")
        config = json.loads(re.search(r'id="sotay-scorm-config">(.*?)</script>', launch).group(1))
        texts = {el.tag.split("}")[1]: el.text for el in man.iter() if isinstance(el.tag, str) and el.text and el.text.strip()}
        return man, config, texts

    man, config, texts = package("mot.zip")
    assert config == {"banks": {"mot": 60}, "id": "mot", "mode": "module", "start": "mot/index.html"}
    assert man.find(".//{*}masteryscore").text == "60"
    assert [ls.text for ls in man.iter("{*}langstring")] == ["Sổ tay nghiệp vụ công tác Đảng — Bài học",
                                                           "Kiểm thử rút đề"]
    man, config, texts = package(f"{cli.COURSE_ID}.zip")
    assert config == {"banks": {"mot": 60}, "id": cli.COURSE_ID, "mode": "course", "start": "index.html"}
    assert man.find(".//{*}masteryscore") is None
    assert [ls.text for ls in man.iter("{*}langstring")] == [
        "Sổ tay nghiệp vụ công tác Đảng", "Toàn bộ khóa học: các học phần và bài tự kiểm tra."]
    gift = (lms / "gift" / f"{cli.COURSE_ID}.gift").read_text(encoding="utf-8")
    assert gift.startswith("// Sổ tay nghiệp vụ công tác Đảng\n")
    assert "a-truoc" in gift and "mot-1" in gift


def test_export_copies_into_the_site_by_default(tmp_path):
    root = quiz_project(tmp_path / "project", [])
    _bank(root, "mot", 1)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    result = cli.export(site, tmp_path / "out", root)
    assert (site / "tai-ve" / "lms" / "bao-cao-chuyen-doi.txt").is_file()
    assert result["packaged"] == {}
    assert ("mot", "", "scorm", "skipped", "không có trang mot/index.html và mot/tu-kiem-tra.html trong bản dựng: "
            "không tạo gói SCORM") in [(n.bank, n.question, n.fmt, n.kind, n.message) for n in result["notes"]]


def test_a_package_error_is_one_line(tmp_path, capsys):
    from test_lms_scorm import _mini_site

    root = quiz_project(tmp_path / "project", [])
    _bank(root, "mot", 1)
    site = _mini_site(tmp_path / "site")
    (site / "index.html").write_text("<h1>Trang chủ</h1>", encoding="utf-8")
    (site / "assets" / "js" / "scorm.js").unlink()
    code, out, err = _run(capsys, ["export", "--site", str(site), "--out", str(tmp_path / "o"), "--root", str(root),
                                   "--xsd-dir", str(cli.XSD_DIR)])
    assert (code, out) == (1, "")
    assert err == "lỗi: thiếu assets/js/scorm.js trong bản dựng (build the site first)\n"
