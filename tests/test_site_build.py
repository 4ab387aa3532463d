"""The strict build: author mistakes stop it with file, line and a one-line message."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import build_site, copy_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"))


def _assert_clean_failure(proc, *needles):
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Traceback" not in out, out
    for needle in needles:
        assert needle in out, out


def test_copy_of_project_builds_strict(project, tmp_path):
    proc = build_site(tmp_path / "site", root=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_non_nfc_markdown_fails_the_build(tmp_path):
    root = copy_project(tmp_path / "p")
    decomposed = unicodedata.normalize("NFD", "Kết nạp đảng viên")
    page = root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{decomposed}\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, f"docs/index.md:{line}", "NFC")


def test_non_nfc_yaml_fails_the_build(tmp_path):
    root = copy_project(tmp_path / "p")
    data = root / "data" / "glossary.yml"
    data.write_text(data.read_text(encoding="utf-8") + "# " + unicodedata.normalize("NFD", "Đảng ủy") + "\n",
                    encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, "data/glossary.yml:", "NFC")


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    root = copy_project(tmp_path / "p")
    src = root / "data" / "sources.yml"
    lines = src.read_text(encoding="utf-8").splitlines()
    lines.append("  - key: [unclosed")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, "data/sources.yml:", "YAML")


def test_schema_violation_names_file_line_and_field(tmp_path):
    root = copy_project(tmp_path / "p")
    src = root / "data" / "sources.yml"
    text = src.read_text(encoding="utf-8")
    src.write_text(text + "  - key: Sai Ma\n    kind: bao-chi\n    title: X\n", encoding="utf-8")
    n = len(text.splitlines())
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, f"data/sources.yml:{n + 1}:", "missing required field", "bao-chi")


def test_unknown_source_key_in_a_page_names_the_page_line(tmp_path):
    root = copy_project(tmp_path / "p")
    page = root / "docs" / "index.md"
    text = page.read_text(encoding="utf-8") + '\n{{ cite("khong-co-nguon-nay") }}\n'
    page.write_text(text, encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, f"docs/index.md:{len(text.splitlines())}", "khong-co-nguon-nay")


def test_unknown_macro_and_jinja_syntax_errors_are_one_line(tmp_path):
    root = copy_project(tmp_path / "p")
    page = root / "docs" / "index.md"
    base = page.read_text(encoding="utf-8")
    page.write_text(base + "\n{{ khong_co_macro() }}\n", encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, "docs/index.md:", "khong_co_macro")
    page.write_text(base + '\n{{ cite("dieu-le-2011" }}\n', encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, "docs/index.md:", "macro syntax")


def test_heading_ids_survive_jinja(site_dir):
    """`{#id}` after a heading is attr_list syntax, not a Jinja comment."""
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'id="doi-tuong"' in html


def test_naming_a_replaced_document_without_saying_so_fails_strict_build(tmp_path):
    root = copy_project(tmp_path / "p")
    page = root / "docs" / "index.md"
    text = page.read_text(encoding="utf-8") + "\nTheo Quy định 29-QĐ/TW thì chi bộ làm như sau.\n"
    page.write_text(text, encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    _assert_clean_failure(proc, f"docs/index.md:{len(text.splitlines())}", "29-QĐ/TW", "24-QĐ/TW")
    # Saying it was replaced is enough.
    page.write_text(text.replace("Theo Quy định 29-QĐ/TW", "Trước đây, theo Quy định 29-QĐ/TW"), encoding="utf-8")
    assert build_site(tmp_path / "site2", root=root).returncode == 0
