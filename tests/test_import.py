"""Importing question banks: Excel (.xlsx), Moodle GIFT and Moodle XML (macros.importer).

Round trips run on every bank of the project; broken sheets are built with openpyxl in
the test, each expecting a message that names the sheet, row and column.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT
from macros.importer import ImportFailed, convert, import_file, read
from macros.importer.common import bank_yaml, canonical
from macros.importer.gift import parse_gift
from macros.importer.moodle_xml import parse_xml
from macros.importer.xlsx import BANK_SHEET, HELP_SHEET, KEYS, Q_SHEET, _workbook, bank_to_xlsx, template_xlsx
from macros.lms.common import load_project_banks
from macros.lms.gift import bank_to_gift
from macros.lms.moodle_xml import bank_to_xml

BANKS = load_project_banks(ROOT)
IDS = [b["id"] for b in BANKS]
COL = {k: i for i, k in enumerate(KEYS, 1)}
LETTER = {k: chr(ord("A") + i - 1) for k, i in COL.items()}


def test_every_question_type_is_covered():
    types = {q["type"] for b in BANKS for q in b["questions"]}
    assert types == {"single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text"}


@pytest.mark.parametrize("bank", BANKS, ids=IDS)
def test_xlsx_round_trip_gives_the_same_bank(bank, tmp_path):
    path = tmp_path / f"{bank['id']}.xlsx"
    path.write_bytes(bank_to_xlsx(bank))
    imported = convert(path, root=ROOT)  # parsed and validated against the project
    assert imported.bank == canonical(bank)
    assert len(imported.bank["questions"]) == len(bank["questions"])


def test_xlsx_is_deterministic():
    assert bank_to_xlsx(BANKS[0]) == bank_to_xlsx(BANKS[0])
    assert template_xlsx() == template_xlsx()


@pytest.mark.parametrize("bank", BANKS, ids=IDS)
def test_gift_export_import_export_is_a_fixed_point(bank):
    first = bank_to_gift(bank)
    imported, _ = parse_gift(first, f"{bank['id']}.gift")
    assert bank_to_gift(imported.bank) == first
    assert [q["id"] for q in imported.bank["questions"]] == [q["id"] for q in bank["questions"]]
    assert any("description" in n for n in imported.notes)  # what GIFT cannot carry is said


@pytest.mark.parametrize("bank", BANKS, ids=IDS)
def test_moodle_xml_export_import_export_is_a_fixed_point(bank):
    first = bank_to_xml(bank)
    imported, _ = parse_xml(first, f"{bank['id']}.xml")
    assert bank_to_xml(imported.bank) == first
    assert imported.bank == canonical(bank)  # XML carries everything the site has


def test_gift_reports_what_it_cannot_carry_and_import_says_so():
    from macros.lms.gift import bank_to_gift as export

    bank = canonical(BANKS[1])
    bank["questions"][0]["points"] = 3
    notes: list = []
    text = export(bank, notes)
    assert any(n.kind == "dropped" and "points" in n.message for n in notes)
    imported, _ = parse_gift(text, "x.gift")
    assert "points" not in imported.bank["questions"][0]
    assert any("points" in n for n in imported.notes)


def test_cli_writes_a_valid_bank_only_when_everything_converts(tmp_path):
    bank = BANKS[1]
    good = tmp_path / "good.xlsx"
    good.write_bytes(bank_to_xlsx(bank))
    out = tmp_path / "out"
    # Same id as the project bank: an import replaces that bank (written to --out here).
    cmd = [sys.executable, "-m", "macros", "import", str(good), "--root", str(ROOT), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert f"'{bank['id']}': {len(bank['questions'])} câu" in proc.stdout
    written = out / f"{bank['id']}.yml"
    import yaml

    assert yaml.safe_load(written.read_text(encoding="utf-8")) == canonical(bank)
    assert written.read_text(encoding="utf-8") == bank_yaml(bank)

    wb = _workbook(bank)
    wb[Q_SHEET].cell(row=5, column=COL["type"]).value = "khong-co"
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    out2 = tmp_path / "out2"
    proc = subprocess.run(cmd[:4] + [str(broken)] + cmd[5:-1] + [str(out2)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert not out2.exists()
    lines = [ln.strip() for ln in proc.stderr.splitlines()[1:]]
    assert lines == [f'broken.xlsx: trang "Câu hỏi", dòng 5, cột {LETTER["type"]} (type): dạng câu hỏi \'khong-co\' '
                     "không có (unknown type); chọn một trong single, multiple, true_false, ordering, matching, numeric, short_text"]
    assert "Traceback" not in proc.stderr


def test_template_has_the_columns_and_a_vietnamese_explanation_sheet(tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_xlsx())
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == [Q_SHEET, HELP_SHEET]
    header = [c.value for c in wb[Q_SHEET][1]]
    for key in ("type", "prompt", "options", "feedback_correct", "explanation", "review", "sources"):
        assert key in header
    explained = {r[0].value for r in wb[HELP_SHEET].iter_rows(min_row=2)}
    assert set(KEYS) <= explained
    assert convert(path, root=ROOT).bank["questions"][0]["type"] == "single"


# ---------------------------------------------------------------- broken sheets
def _set(key, value, row=2):
    def mutate(wb):
        wb[Q_SHEET].cell(row=row, column=COL[key]).value = value
    return mutate


def _bank_value(key, value):
    def mutate(wb):
        for r in wb[BANK_SHEET].iter_rows(min_row=2):
            if r[0].value == key:
                r[1].value = value
    return mutate


def _delete_column(key):
    def mutate(wb):
        wb[Q_SHEET].delete_cols(COL[key])
    return mutate


def _merge(wb):
    wb[Q_SHEET].merge_cells(start_row=3, start_column=COL["prompt"], end_row=4, end_column=COL["prompt"])


def _unknown_column(wb):
    wb[Q_SHEET].cell(row=1, column=len(KEYS) + 1).value = "ghi_chu"


def _type_of(row_type):
    """First data row (2-based) whose question has this type in the demo bank."""
    bank = next(b for b in BANKS if b["id"] == "vi-du-cac-dang-cau-hoi")
    return 2 + next(i for i, q in enumerate(bank["questions"]) if q["type"] == row_type)


SINGLE = _type_of("single")
MULTIPLE = _type_of("multiple")
NUMERIC = _type_of("numeric")
TRUE_FALSE = _type_of("true_false")
MATCHING = _type_of("matching")
ORDERING = _type_of("ordering")
SHORT = _type_of("short_text")

# (name, mutation, sheet, row, column key or None, expected words)
BROKEN = [
    ("missing-column", _delete_column("review"), Q_SHEET, 1, None, "thiếu cột 'review' (missing column)"),
    ("unknown-column", _unknown_column, Q_SHEET, 1, "", "cột 'ghi_chu' không có trong mẫu (unknown column)"),
    ("two-correct-single", _set("options", "[x] A\n[x] B", SINGLE), Q_SHEET, SINGLE, "options", "single needs exactly one correct option"),
    ("no-correct-multiple", _set("options", "[ ] A\n[ ] B", MULTIPLE), Q_SHEET, MULTIPLE, "options", "no correct option"),
    ("unmarked-option", _set("options", "[x] A\nB", SINGLE), Q_SHEET, SINGLE, "options", "option not marked"),
    ("unknown-type", _set("type", "essay"), Q_SHEET, 2, "type", "unknown type"),
    ("empty-prompt", _set("prompt", None), Q_SHEET, 2, "prompt", "empty prompt"),
    ("empty-explanation", _set("explanation", "  "), Q_SHEET, 2, "explanation", "empty explanation"),
    ("bad-review-pattern", _set("review", "sinh-hoat-chi-bo/index#thoi-luong"), Q_SHEET, 2, "review", "does not match pattern"),
    ("unknown-review-anchor", _set("review", "sinh-hoat-chi-bo/index.md#khong-co"), Q_SHEET, 2, "review", "unknown heading anchor"),
    ("unknown-source", _set("sources", "khong-co-nguon"), Q_SHEET, 2, "sources", "unknown source key"),
    ("merged-cells", _merge, Q_SHEET, 3, "", "merged cells"),
    ("number-as-text", _set("answer", "12", NUMERIC), Q_SHEET, NUMERIC, "answer", "number stored as text"),
    ("formula", _set("points", "=1+1"), Q_SHEET, 2, "", "formula"),
    ("true-false-word", _set("answer", "Có lẽ", TRUE_FALSE), Q_SHEET, TRUE_FALSE, "answer", "true/false expected"),
    ("matching-without-arrow", _set("options", "A => 1\nB 2", MATCHING), Q_SHEET, MATCHING, "options", "pair needs 'left => right'"),
    ("ordering-too-short", _set("options", "Bước 1\nBước 2", ORDERING), Q_SHEET, ORDERING, "options", "at least 3 steps"),
    ("short-text-no-answer", _set("answer", None, SHORT), Q_SHEET, SHORT, "answer", "no accepted answer"),
    ("field-not-for-type", _set("answer", "Đúng", SINGLE), Q_SHEET, SINGLE, "answer", "field not used by single"),
    ("bad-scoring", _set("scoring", "half", MULTIPLE), Q_SHEET, MULTIPLE, "scoring", "scoring expected"),
    ("duplicate-id", _set("id", "demo-shcb-chuan-bi", 2), Q_SHEET, 3, "id", "duplicate question id"),
    ("points-out-of-range", _set("points", 50), Q_SHEET, 2, "points", "maximum 10"),
    ("bank-pass-mark-text", _bank_value("pass_mark", "70"), BANK_SHEET, None, "pass_mark", "number stored as text"),
    ("bank-missing-title", _bank_value("title", None), BANK_SHEET, None, "title", "missing bank title"),
]


@pytest.mark.parametrize("name,mutate,sheet,row,col,words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_sheet_gives_a_row_and_column_message(name, mutate, sheet, row, col, words, tmp_path):
    bank = next(b for b in BANKS if b["id"] == "vi-du-cac-dang-cau-hoi")
    wb = _workbook(bank)
    mutate(wb)
    path = tmp_path / f"{name}.xlsx"
    wb.save(path)
    with pytest.raises(ImportFailed) as info:
        import_file(path, root=ROOT, dest=tmp_path / "out")
    assert not (tmp_path / "out").exists(), "nothing is written when a problem is found"
    problems = info.value.problems
    prefix = f'{name}.xlsx: trang "{sheet}", dòng '
    matching = [p for p in problems if words in p]
    assert matching, problems
    p = matching[0]
    assert p.startswith(prefix), p
    assert "\n" not in p
    if row is not None:
        assert p.startswith(f"{prefix}{row}"), p
    if col:
        letter = LETTER[col] if sheet == Q_SHEET else "B"
        assert f", cột {letter} ({col})" in p, p
    elif col == "":
        assert ", cột " in p, p


def test_not_an_xlsx_file(tmp_path):
    path = tmp_path / "cau-hoi.xlsx"
    path.write_text("không phải Excel", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        read(path)
    assert info.value.problems[0].startswith("cau-hoi.xlsx: không đọc được tệp Excel")


def test_gift_problem_names_the_line(tmp_path):
    text = bank_to_gift(BANKS[1])
    lines = text.split("\n")
    k = next(i for i, ln in enumerate(lines) if ln.startswith("// [id:"))
    lines[k] = "// [id:x] [tag:y]"  # no review link and no sources for the first question
    path = tmp_path / "ngan-hang.gift"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        convert(path, root=ROOT)
    assert any(p.startswith(f"ngan-hang.gift:{k + 2}: ") and "missing review link" in p for p in info.value.problems), info.value.problems


def test_plain_moodle_gift_imports_with_defaults_for_what_moodle_lacks(tmp_path):
    text = """// Câu hỏi cũ từ Moodle
$CATEGORY: $course$/top/Ôn tập

::q1:: Chi bộ sinh hoạt thường kỳ bao lâu một lần? {=Mỗi tháng một lần ~Mỗi quý một lần#Quá thưa. ####Điều lệ quy định hằng tháng.}

::q2:: Chi bộ họp thường kỳ mỗi tháng một lần. {T ####Đúng theo Điều lệ.}

::q3:: Tên gọi của tổ chức cơ sở đảng có dưới ba đảng viên chính thức? {=chi bộ =chi bo ####Chi bộ.}

::q4:: Bao nhiêu đảng viên chính thức thì được lập chi bộ? {#3:0 ####Ít nhất ba.}

::q5:: Ghép cặp. {=Chi bộ -> sinh hoạt hằng tháng =Đảng ủy -> họp theo quy chế ####Theo quy chế.}
"""
    path = tmp_path / "cu.gift"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        convert(path, root=ROOT)
    assert any(p.startswith("cu.gift:4: q1: thiếu mục ôn tập") for p in info.value.problems), info.value.problems
    defaults = {"review": "sinh-hoat-chi-bo/index.md#thoi-luong", "sources": "dieu-le-2011", "module": 2, "pass_mark": 70}
    bank = convert(path, "on-tap-cu", defaults, root=ROOT).bank
    assert bank["id"] == "on-tap-cu" and bank["title"] == "Câu hỏi cũ từ Moodle"
    assert [q["type"] for q in bank["questions"]] == ["single", "true_false", "short_text", "numeric", "matching"]
    assert bank["questions"][0]["options"][1] == {"text": "Mỗi quý một lần", "feedback": "Quá thưa."}
    assert bank["questions"][3]["answer"] == 3


def test_error_gallery_shows_real_one_line_messages(repo):
    from macros.authoring import YAML_CASES, error_gallery, excel_cases
    from macros.context import Context

    ctx = Context(repo=repo, page="giang-vien/huong-dan-bien-soan.md")
    html = error_gallery(ctx, "yaml")
    assert html.count("<tr>") == len(YAML_CASES) + 1
    assert html.count("<code>quizzes/vi-du-loi.yml:") >= len(YAML_CASES)
    for _, messages, _ in excel_cases():
        assert messages and all(m.startswith('cau-hoi.xlsx: trang "') and "\n" not in m for m in messages)
