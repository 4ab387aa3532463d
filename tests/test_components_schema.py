"""Checklists, timelines, procedures and the non-working-day table: schemas and error quality.

Every broken fixture under tests/fixtures/components/ must fail with the file, line,
item id and one-line message written in its header; a real build with a broken file
must stop with that message and no Python traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import build_site
from macros.errors import ContentErrors
from macros.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "components"
KIND_DIRS = {
    "checklist": "data/checklists",
    "timeline": "data/timelines",
    "procedure": "data/procedures",
}
SCHEMAS = ["checklist", "timeline", "procedure", "non-working-days"]

AGREED = {
    "checklist": {"chuan-bi-sinh-hoat-chi-bo", "bien-ban-sinh-hoat-chi-bo", "ho-so-ket-nap-dang-vien",
                  "giam-sat-chuyen-de", "danh-gia-noi-bo"},
    "timeline": {"ket-nap-dang-vien", "sinh-hoat-chi-bo-hang-thang", "giam-sat-chuyen-de",
                 "danh-gia-xep-loai-hang-nam"},
    "procedure": {f"QT-0{n}" for n in range(1, 10)},
}


# ---------------------------------------------------------------- the real content


def test_all_component_data_validates(repo):
    for kind, ids in AGREED.items():
        assert set(repo.items[kind]) == ids, kind
    assert len(repo.documents["non-working-days"]) == 1


def test_data_files_name_their_schema_for_the_editor():
    for kind, folder in KIND_DIRS.items():
        files = sorted((ROOT / folder).glob("*.yml"))
        assert files, folder
        for path in files:
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json", path
    first = (ROOT / "data/non-working-days.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schemas/non-working-days.schema.json"


def _properties(schema: dict, path: str = ""):
    """Every (path, property schema) reachable through properties / items / $defs."""
    for name, sub in (schema.get("properties") or {}).items():
        yield f"{path}.{name}", sub
        yield from _properties(sub, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _properties(schema["items"], f"{path}[]")
    for name, sub in (schema.get("$defs") or {}).items():
        yield from _properties(sub, f"$defs.{name}")


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_are_draft_2020_12_with_vietnamese_help(name):
    schema = json.loads((ROOT / f"data/schemas/{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert re.search(r"[^\x00-\x7f]", schema["title"] + schema["description"]), "title/description in Vietnamese"
    missing = [p for p, sub in _properties(schema) if "$ref" not in sub and not (sub.get("title") or sub.get("description"))]
    assert not missing, f"properties without title/description: {missing}"


def test_iso_clause_list_matches_the_renderer():
    from macros.procedure import ISO_CLAUSES

    schema = json.loads((ROOT / "data/schemas/procedure.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["iso_clauses"]["items"]["enum"] == list(ISO_CLAUSES)


# ---------------------------------------------------------------- broken fixtures
def _fixtures():
    return sorted(p for p in FIXTURES.rglob("*.yml"))


def _expectation(path: Path) -> tuple[int, str | None, str]:
    head = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        m = re.match(r"# expect-(line|id|message): (.*)$", line)
        assert m, f"{path.name}: header must have expect-line, expect-id, expect-message"
        head[m.group(1)] = m.group(2).strip()
    item = None if head["id"] == "-" else head["id"]
    return int(head["line"]), item, head["message"]


def _scratch(tmp_path: Path) -> Path:
    """A minimal project: the real sources register and schemas, no content."""
    root = tmp_path / "proj"
    (root / "data" / "schemas").mkdir(parents=True)
    shutil.copy(ROOT / "data/sources.yml", root / "data/sources.yml")
    for schema in (ROOT / "data/schemas").glob("*.json"):
        shutil.copy(schema, root / "data/schemas" / schema.name)
    (root / "docs").mkdir()
    return root


def _place(root: Path, fixture: Path) -> str:
    kind = fixture.parent.name
    if kind == "non-working-days":
        rel = "data/non-working-days.yml"
    else:
        rel = f"{KIND_DIRS[kind]}/{fixture.name}"
    dest = root / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixture, dest)
    return rel


def test_there_are_enough_broken_fixtures():
    fixtures = _fixtures()
    assert len(fixtures) >= 15
    assert {p.parent.name for p in fixtures} == {"checklist", "timeline", "procedure", "non-working-days"}


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_broken_fixture_reports_file_line_id_and_message(tmp_path, fixture):
    line, item, message = _expectation(fixture)
    root = _scratch(tmp_path)
    rel = _place(root, fixture)
    with pytest.raises(ContentErrors) as info:
        Repository(root).load()
    errors = info.value.errors
    ours = [e for e in errors if e.file == rel]
    assert ours, f"no error for {rel}: {info.value.render()}"
    match = [e for e in ours if message in e.message]
    assert match, f"expected message {message!r}, got {[e.message for e in ours]}"
    err = match[0]
    assert err.line == line, f"line {err.line} != {line}: {err}"
    assert err.item_id == item, f"id {err.item_id!r} != {item!r}: {err}"
    text = str(err)
    assert "\n" not in text and text.startswith(f"{rel}:{line}:")
    if item:
        assert f"[{item}]" in text


def test_the_real_content_passes_the_same_checks(tmp_path):
    """Control for the fixture test: a scratch project with the real files loads cleanly."""
    root = _scratch(tmp_path)
    for folder in KIND_DIRS.values():
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "data/non-working-days.yml", root / "data/non-working-days.yml")
    repo = Repository(root).load()
    assert len(repo.items["procedure"]) == 9


# ---------------------------------------------------------------- real builds stop cleanly
def _copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "site-src"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("docs", "data", "quizzes", "macros", "hooks", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, root / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    os.symlink(ROOT / "node_modules", root / "node_modules")
    return root


def test_build_stops_on_a_broken_checklist_without_traceback(tmp_path):
    root = _copy_project(tmp_path)
    fixture = FIXTURES / "checklist" / "cl-dup-item.yml"
    shutil.copy(fixture, root / "data/checklists" / fixture.name)
    proc = build_site(tmp_path / "out", root=root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "data/checklists/cl-dup-item.yml:15:" in output
    assert "[hai] mã việc 'hai' bị lặp" in output
    assert "Traceback" not in output


def test_build_stops_on_an_unknown_component_id_in_a_page(tmp_path):
    root = _copy_project(tmp_path)
    page = root / "docs/quy-trinh/danh-muc-kiem-tra.md"
    text = page.read_text(encoding="utf-8")
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    page.write_text(text + '\n{{ checklist("khong-co") }}\n\n{{ timeline("cung-khong-co") }}\n', encoding="utf-8")
    proc = build_site(tmp_path / "out", root=root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"docs/quy-trinh/danh-muc-kiem-tra.md:{lines + 2}: checklist(): không có checklist 'khong-co'" in output
    assert f"docs/quy-trinh/danh-muc-kiem-tra.md:{lines + 4}: timeline(): không có timeline 'cung-khong-co'" in output
    assert "Traceback" not in output


def test_check_command_reports_a_broken_procedure(tmp_path):
    root = _scratch(tmp_path)
    _place(root, FIXTURES / "procedure" / "QT-91.yml")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert "data/procedures/QT-91.yml:32:" in proc.stderr and "[b2]" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
