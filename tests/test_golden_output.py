"""Approval tests: the exact output of the generators for small, fixed inputs.

The other tests check what the output means (letters, scores, escaping, structure);
these catch any other change in the markup quiz.js, the print CSS, Moodle and the
LMS read: a class renamed, an attribute lost, a feedback line dropped. The expected
files live in tests/test_golden_output/ and were read through by hand when written.
After an intended change, regenerate them with

    .venv/bin/python -m pytest tests/test_golden_output.py --force-regen

and read the diff before committing it (pytest-regressions' file_regression).
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.context import Context
from macros.handouts import quizprint
from macros.lms import load_bank_file
from macros.lms.gift import bank_to_gift
from macros.lms.moodle_xml import bank_to_xml
from macros.lms.scorm import PackageSpec, launch_page, manifest
from macros.quiz import MACROS, review_label
from macros.repository import Repository
from test_quiz_render import XSS_TITLE
from test_quiz_schema import DEMO, VALID_FIXTURES, fixture_bank, quiz_project
from test_quizprint import BANK as PRINT_BANK


def lines(markup: str | bytes) -> str:
    """One tag per line, so that a diff points at the element that changed."""
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8")
    return re.sub(r">(?=<)", ">\n", markup).rstrip("\n") + "\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("golden")
    bank = fixture_bank(tmp, "kiem-thu-xss", "kiem-thu-hp", 1, "hp-")
    assert XSS_TITLE in bank.read_text(encoding="utf-8")
    # Three of five questions drawn, a time limit, no shuffle setting (defaults), no description.
    timed = fixture_bank(tmp, "kiem-thu-rut-de", "kiem-thu-gio", 0, "gio-",
                         edits=(("draw: 3\n", "draw: 3\ntime_limit_minutes: 10\n"),))
    assert "shuffle" not in timed.read_text(encoding="utf-8") and "description" not in timed.read_text(encoding="utf-8")
    return Repository(quiz_project(tmp / "project", [ROOT / "quizzes" / f"{DEMO}.yml", bank, timed])).load()


def render(repo, macro: str, page: str, *args) -> str:
    return MACROS[macro](Context(repo=repo, page=page), *args)


@pytest.mark.parametrize("macro,page,args", [
    ("quiz", "giang-vien/vi-du-cau-hoi.md", (DEMO,)),
    ("quiz", "mot/tu-kiem-tra.md", ("kiem-thu-hp",)),
    ("quiz_answer_key", f"giang-vien/dap-an/{DEMO}.md", (DEMO,)),
    ("quiz_answer_key", "giang-vien/dap-an/kiem-thu-hp.md", ("kiem-thu-hp",)),
    ("quiz", "giang-vien/kiem-thu.md", ("kiem-thu-gio",)),
    ("quiz_answer_key", "giang-vien/dap-an/kiem-thu-gio.md", ("kiem-thu-gio",)),
    ("progress_overview", "tien-do-hoc-tap.md", ()),
    ("quiz_key_index", "giang-vien/dap-an/index.md", ()),
])
def test_quiz_macros(repo, file_regression, macro, page, args):
    name = "-".join((macro,) + args)
    file_regression.check(lines(render(repo, macro, page, *args)), basename=name, extension=".html")


def test_printed_worksheet(file_regression):
    file_regression.check(lines(quizprint.worksheet_html(PRINT_BANK)), basename="worksheet", extension=".html")


def test_printed_answer_key(repo, file_regression):
    sources = {"s": {"kind": "quy-dinh", "title": "Văn bản <thử>", "number": "01-QĐ/TW", "date": "2021-06-28"}}
    html = quizprint.answer_key_html(PRINT_BANK, sources, lambda ref: review_label(repo, ref))
    file_regression.check(lines(html), basename="answer-key", extension=".html")


def test_gift_export(file_regression):
    bank = load_bank_file(ROOT / "quizzes" / f"{DEMO}.yml")
    notes: list = []
    file_regression.check(bank_to_gift(bank, notes) + "\n// notes\n" + "\n".join(map(str, notes)) + "\n",
                          basename="demo", extension=".gift")


def test_moodle_xml_export(file_regression):
    bank = load_bank_file(ROOT / "quizzes" / f"{DEMO}.yml")
    notes: list = []
    xml = bank_to_xml(bank, notes).decode("utf-8")
    file_regression.check(xml + "<!-- notes\n" + "\n".join(map(str, notes)) + "\n-->\n",
                          basename="demo", extension=".xml")


def test_scorm_manifest_and_launch_page(file_regression):
    spec = PackageSpec(identifier="sinh-hoat-chi-bo", title="Sinh hoạt chi bộ & <thử>",
                       pages=["sinh-hoat-chi-bo/index.html", "sinh-hoat-chi-bo/tu-kiem-tra.html"],
                       start="sinh-hoat-chi-bo/index.html", banks={"sinh-hoat-chi-bo": 70},
                       description="Học phần 2", mastery=70)
    files = ["index.html", "sinh-hoat-chi-bo/index.html", "sinh-hoat-chi-bo/tu-kiem-tra.html", "assets/x.css"]
    file_regression.check(lines(manifest(spec, files)), basename="imsmanifest", extension=".xml")
    file_regression.check(lines(launch_page(spec)), basename="launch", extension=".html")


def test_messages_for_every_broken_bank(tmp_path, file_regression):
    """What an author reads for each broken fixture: file, line, column, question and sentence."""
    import shutil

    from macros.errors import ContentErrors
    from test_quiz_schema import BROKEN, load

    out = []
    for fixture in BROKEN:
        root = quiz_project(tmp_path / fixture.stem, all_docs=False)
        shutil.copy(fixture, root / "quizzes" / fixture.name)
        with pytest.raises(ContentErrors) as info:
            load(root)
        out.append(f"# {fixture.name}")
        out.extend(sorted(str(e) for e in info.value.errors))
    file_regression.check("\n".join(out) + "\n", basename="broken-banks", extension=".txt")


@pytest.mark.parametrize("bank_id", [DEMO, "kiem-thu-hp", "kiem-thu-gio"])
def test_printed_sheets_of_the_fixture_banks(repo, file_regression, bank_id):
    """Feedback per option and per outcome, descriptions, units, draws and escaping on paper."""
    _doc, bank = repo.get("quiz", bank_id)
    html = (quizprint.worksheet_html(bank) + "\n<!-- answer key -->\n"
            + quizprint.answer_key_html(bank, repo.sources, lambda ref: review_label(repo, ref)))
    file_regression.check(lines(html), basename=f"print-{bank_id}", extension=".html")


HANDMADE = {
    "id": "tu--tao", "title": "Tự tạo\r\nhai dòng", "module": 1, "pass_mark": 80, "draw": 1,
    "description": "Bộ câu hỏi **tự tạo**.",
    "questions": [
        {"id": "mui-ten", "type": "short_text", "prompt": "Dòng một\r\ndòng hai\rdòng ba", "answers": ["A -> B", "C"],
         "explanation": "Giải thích.", "review": "a.md#b--c", "sources": ["s--t"]},
        {"id": "tu-luan", "type": "essay", "prompt": "Viết.", "explanation": "x", "review": "a.md#b", "sources": ["s"]},
    ],
}


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_course_exports_of_several_banks(fmt, file_regression):
    from macros.lms.gift import banks_to_gift
    from macros.lms.moodle_xml import banks_to_xml

    banks = [load_bank_file(VALID_FIXTURES / f"{b}.yml") for b in ("kiem-thu-xss", "kiem-thu-rut-de")] + [HANDMADE]
    notes: list = []
    if fmt == "gift":
        out = banks_to_gift(banks, notes, "Khóa  học\n thử") + "\n// untitled:\n" + banks_to_gift(banks[1:2], None)
    else:  # Moodle XML is only ever given validated banks: no unknown type here
        banks[-1] = dict(HANDMADE, questions=HANDMADE["questions"][:1])
        out = banks_to_xml(banks, notes).decode("utf-8")
    file_regression.check(out + "\n" + "\n".join(map(str, notes)) + "\n", basename=f"course-{fmt}",
                          extension=".txt")
