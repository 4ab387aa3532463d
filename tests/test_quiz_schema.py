"""Quiz banks: schema + semantic checks, author-facing errors, and the server-side HTML.

Every file in ``tests/fixtures/quiz/*.yml`` is a deliberately broken bank whose first line
says which error it must produce::

    # expect: line=11 col=7 id=fx-1 message="single needs exactly one correct option"

(``none`` for a missing line, column or id; ``others=N`` when the same mistake is also
reported in N other files). Each fixture is loaded with the real loader in a small
temporary project: the quiz schema, the register of sources, the demo bank and the docs.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, build_site
from macros.context import Context
from macros.errors import ContentErrors
from macros.html import md
from macros.repository import Repository

FIXTURES = ROOT / "tests" / "fixtures" / "quiz"
VALID_FIXTURES = FIXTURES / "valid"
DEMO = "vi-du-cac-dang-cau-hoi"
BROKEN = sorted(FIXTURES.glob("*.yml"))
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


# ----------------------------------------------------------------- helpers
# The one page the fixture banks' "review" links point at.
REVIEW_PAGE = "giang-vien/vi-du-cau-hoi.md"


def quiz_project(dest: Path, banks: list[Path] | None = None, *, all_docs: bool = True) -> Path:
    """A minimal project root for the Repository: quiz schema, sources, docs, banks.

    ``all_docs=False`` gives docs/ with only the page the fixture banks link to (a
    much faster load, for tests that load many projects)."""
    (dest / "quizzes").mkdir(parents=True)
    (dest / "data" / "schemas").mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "quiz.schema.json", dest / "quizzes")
    shutil.copy(ROOT / "data" / "sources.yml", dest / "data")
    shutil.copy(ROOT / "data" / "schemas" / "sources.schema.json", dest / "data" / "schemas")
    if all_docs:
        (dest / "docs").symlink_to(ROOT / "docs")
    else:
        (dest / "docs" / REVIEW_PAGE).parent.mkdir(parents=True)
        shutil.copy(ROOT / "docs" / REVIEW_PAGE, dest / "docs" / REVIEW_PAGE)
    for bank in banks if banks is not None else [ROOT / "quizzes" / f"{DEMO}.yml"]:
        shutil.copy(bank, dest / "quizzes" / bank.name)
    return dest


# The question-id prefix of each valid fixture bank, renamed in copies.
_FIXTURE_PREFIX = {"kiem-thu-xss": "xss-", "kiem-thu-rut-de": "rut-"}


def fixture_bank(folder: Path, fixture: str, bank_id: str, module: int, prefix: str,
                 edits: tuple[tuple[str, str], ...] = ()) -> Path:
    """A copy of a valid fixture bank as ``<folder>/<bank_id>.yml``: new id, module and
    question-id prefix (so it can sit beside the original), then the text ``edits``."""
    text = (VALID_FIXTURES / f"{fixture}.yml").read_text(encoding="utf-8")
    text = (text.replace(f"id: {fixture}\n", f"id: {bank_id}\n").replace("module: 0\n", f"module: {module}\n")
            .replace(f"  - id: {_FIXTURE_PREFIX[fixture]}", f"  - id: {prefix}"))
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = folder / f"{bank_id}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def copy_project(dest: Path) -> Path:
    """A full copy of the project that MkDocs can build (node_modules linked, not copied)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest)
    for name in ("docs", "quizzes", "data", "macros", "hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=_IGNORE)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def parse_expect(path: Path) -> dict:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# expect: "), f"{path.name}: first line must be '# expect: ...'"
    out = {}
    for token in shlex.split(first[len("# expect: "):]):
        key, _, value = token.partition("=")
        out[key] = value
    assert {"line", "col", "id", "message"} <= set(out), f"{path.name}: incomplete expectation {out}"
    return out


def _opt_int(value: str) -> int | None:
    return None if value == "none" else int(value)


def load(root: Path) -> Repository:
    return Repository(root).load()


# ----------------------------------------------------------------- every real bank is valid
def test_every_bank_in_quizzes_validates(tmp_path):
    banks = sorted((ROOT / "quizzes").glob("*.yml"))
    assert any(b.stem == DEMO for b in banks)
    try:
        repo = load(quiz_project(tmp_path, banks))
    except ContentErrors as exc:  # pragma: no cover - the message is the point
        pytest.fail(exc.render())
    assert sorted(repo.items["quiz"]) == [b.stem for b in banks]


def test_demo_bank_has_every_question_type_twice(tmp_path):
    repo = load(quiz_project(tmp_path))
    _doc, bank = repo.get("quiz", DEMO)
    counts: dict[str, int] = {}
    for q in bank["questions"]:
        counts[q["type"]] = counts.get(q["type"], 0) + 1
    assert set(counts) == {"single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text"}
    assert min(counts.values()) >= 2, counts
    assert bank["module"] == 0
    assert {q.get("scoring") for q in bank["questions"] if q["type"] == "multiple"} == {"partial", "all_or_nothing"}


# ----------------------------------------------------------------- broken fixtures
def test_there_are_at_least_30_broken_fixtures():
    assert len(BROKEN) >= 30


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_fails_with_expected_message(fixture, tmp_path):
    expect = parse_expect(fixture)
    root = quiz_project(tmp_path, all_docs=False)
    shutil.copy(fixture, root / "quizzes" / fixture.name)
    with pytest.raises(ContentErrors) as info:
        load(root)
    name = f"quizzes/{fixture.name}"
    mine = [e for e in info.value.errors if e.file == name]
    others = [e for e in info.value.errors if e.file != name]
    rendered = info.value.render()
    assert len(mine) == 1, rendered
    assert len(others) == int(expect.get("others", 0)), rendered
    err = mine[0]
    assert err.line == _opt_int(expect["line"]), rendered
    assert err.column == _opt_int(expect["col"]), rendered
    assert err.item_id == (None if expect["id"] == "none" else expect["id"]), rendered
    assert expect["message"] in err.message, rendered
    # One line per error, starting with file:line(:col):
    line = str(err)
    assert "\n" not in line
    where = name + (f":{err.line}" if err.line else "") + (f":{err.column}" if err.column else "") + ":"
    assert line.startswith(where), line
    if err.item_id:
        assert f"[{err.item_id}]" in line


def test_fixtures_cover_every_semantic_rule():
    messages = " ".join(parse_expect(p)["message"] for p in BROKEN)
    for rule in ("exactly one correct", "at least one correct", "duplicate ordering item", "duplicate left item",
                 "duplicate right item", "distractor equals", "draw exceeds", "unknown heading anchor",
                 "unknown page", "unknown source key", "duplicate question id across banks",
                 "duplicate question id", "YAML syntax", "duplicate key", "NFC", "unknown field",
                 "missing required field", "cần integer", "cần boolean", "duplicate distractor",
                 "empty accepted answer"):
        assert rule in messages, rule


# ----------------------------------------------------------------- the build stops cleanly
BAD_BANK = """\
# yaml-language-server: $schema=./quiz.schema.json
id: kiem-thu-loi
title: "Bộ câu hỏi có lỗi"
module: 0
pass_mark: 70
questions:
  - id: kiem-thu-loi-1
    type: single
    prompt: "Chi bộ sinh hoạt thường kỳ bao lâu một lần?"
    options:
      - text: "Mỗi tháng một lần"
        correct: true
      - text: "Mỗi quý một lần"
        correct: true
    explanation: "Mỗi tháng một lần."
    review: "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"
    sources: [dieu-le-2011]
"""
BAD_LINE = "quizzes/kiem-thu-loi.yml:11:7: [kiem-thu-loi-1]"


def test_error_in_a_bank_stops_mkdocs_build_without_traceback(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "quizzes" / "kiem-thu-loi.yml").write_text(BAD_BANK, encoding="utf-8")
    proc = build_site(tmp_path / "site", root=root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    lines = [ln for ln in output.splitlines() if BAD_LINE in ln]
    assert len(lines) == 1, output
    assert "single needs exactly one correct option" in lines[0]
    assert "Traceback" not in output


def test_error_in_a_bank_fails_macros_check(tmp_path):
    root = quiz_project(tmp_path)
    (root / "quizzes" / "kiem-thu-loi.yml").write_text(BAD_BANK, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(root)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert BAD_LINE in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


# ----------------------------------------------------------------- server-side HTML
@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    banks = [ROOT / "quizzes" / f"{DEMO}.yml"] + sorted(VALID_FIXTURES.glob("*.yml"))
    return load(quiz_project(tmp_path_factory.mktemp("quizrepo"), banks))


def render(repo, name: str, *args, page: str = "giang-vien/vi-du-cau-hoi.md") -> str:
    from macros.quiz import MACROS

    return MACROS[name](Context(repo=repo, page=page), *args)


def visible_text(html: str) -> str:
    """Text a reader (or a printer) gets without JavaScript: no scripts, no templates."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in tree.xpath("//script|//template|//noscript"):
        el.drop_tree()
    return " ".join(tree.text_content().split())


def test_quiz_shows_every_question_and_option_without_answers(repo):
    html = render(repo, "quiz", DEMO)
    text = visible_text(html)
    _doc, bank = repo.get("quiz", DEMO)
    for q in bank["questions"]:
        assert visible_text(md(q["prompt"])) in text
        for opt in q.get("options", []):
            assert opt["text"] in text
        for item in q.get("items", []):
            assert item in text
        assert " ".join(q["explanation"].split()) not in text, q["id"]
    assert "Giải thích" not in text
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert len(tree.xpath("//li[@class='quiz-q']")) == len(bank["questions"])
    # Grading data and explanations are present for the engine, but inert.
    assert len(tree.xpath("//script[@type='application/json']")) == 1
    # One inert template per quiz holds each question's explanation and feedback.
    assert len(tree.xpath("//template[@data-search-exclude]")) == 1
    assert len(tree.xpath("//template/div[@data-qid]")) == len(bank["questions"])


def test_ordering_and_matching_are_never_shown_in_the_correct_order(repo):
    _doc, bank = repo.get("quiz", DEMO)
    tree = lxml.html.fragment_fromstring(render(repo, "quiz", DEMO), create_parent="div")
    for q in bank["questions"]:
        li = tree.xpath(f"//li[@data-qid='{q['id']}']")[0]
        if q["type"] == "ordering":
            order = [int(x) for x in li.xpath(".//li[contains(@class,'quiz-item')]/@data-i")]
            assert sorted(order) == list(range(len(q["items"]))) and order != sorted(order)
        if q["type"] == "matching":
            order = [int(x) for x in li.xpath(".//ul[@class='quiz-rights']/li/@data-i")]
            assert sorted(order) == list(range(len(q["pairs"]) + len(q.get("distractors", []))))
            assert order != sorted(order)


def test_unknown_bank_is_a_clear_keyerror(repo):
    with pytest.raises(KeyError) as info:
        render(repo, "quiz", "khong-co-bo-nay")
    assert "khong-co-bo-nay" in info.value.args[0] and "unknown quiz" in info.value.args[0]
    with pytest.raises(KeyError):
        render(repo, "quiz_answer_key", "khong-co-bo-nay")
    for args in ((), (DEMO, "thua")):
        with pytest.raises(ValueError, match="takes one bank id"):
            render(repo, "quiz", *args)


def test_author_html_is_escaped_in_quiz_and_answer_key(repo):
    for name in ("quiz", "quiz_answer_key"):
        html = render(repo, name, "kiem-thu-xss")
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert not tree.xpath("//img|//svg|//iframe|//b|//i[@onclick]"), name
        assert not [a for el in tree.iter() for a in el.attrib if a.startswith("on")], name
        assert not [h for h in tree.xpath("//a/@href") if h.strip().lower().startswith("javascript")], name
        assert [s.get("type") for s in tree.xpath("//script")] in ([], ["application/json"])
        assert "<img src=x onerror=alert(1)>" in tree.text_content()
    data = lxml.html.fragment_fromstring(render(repo, "quiz", "kiem-thu-xss"), create_parent="div").xpath("//script")[0].text
    assert "<" not in data and ">" not in data


def test_answer_key_lists_answers_explanations_reviews_and_sources(repo):
    html = render(repo, "quiz_answer_key", DEMO, page="giang-vien/dap-an/vi-du-cac-dang-cau-hoi.md")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    text = " ".join(tree.text_content().split())
    _doc, bank = repo.get("quiz", DEMO)
    for q in bank["questions"]:
        li = tree.xpath(f"//li[@id='{q['id']}']")
        assert li, q["id"]
        body = " ".join(li[0].text_content().split())
        assert " ".join(q["explanation"].split()) in body
        assert "Ôn lại:" in body and "Căn cứ:" in body
        hrefs = li[0].xpath(".//a/@href")
        assert "../vi-du-cau-hoi.html#" + q["review"].split("#")[1] in hrefs
        if q["type"] == "numeric":
            assert str(q["answer"]) in body
        if q["type"] == "short_text":
            assert all(a in body for a in q["answers"])
        if q["type"] == "ordering":
            assert [" ".join(x.text_content().split()) for x in li[0].xpath(".//ol[@class='quiz-key-order']/li")] == q["items"]
    assert text.count("✓ Đúng") == sum(1 for q in bank["questions"] for o in q.get("options", []) if o.get("correct"))


def test_progress_overview_lists_every_bank_and_module(repo):
    html = render(repo, "progress_overview", page="tien-do-hoc-tap.md")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    banks = tree.xpath("//tr/@data-bank")
    # Only module banks count; these test banks are all module 0 (demo, trainers' tests).
    assert sorted(banks) == sorted(k for k, (_d, b) in repo.items["quiz"].items() if b["module"]) == []
    # Every module page of the course has a row, with or without a bank yet.
    from macros.quiz import module_pages

    rows = " ".join(tree.xpath("//tbody/tr/th/text()"))
    for _mod, (_slug, title) in module_pages(repo).items():
        assert title in rows
    assert tree.xpath("//button[contains(@class,'qp-clear')]")


def test_short_text_answers_are_normalised_like_python(repo):
    import json

    from macros.text import normalize_answer

    tree = lxml.html.fragment_fromstring(render(repo, "quiz", DEMO), create_parent="div")
    data = json.loads(tree.xpath("//script")[0].text)
    _doc, bank = repo.get("quiz", DEMO)
    by_id = {q["id"]: q for q in bank["questions"]}
    for q in data["q"]:
        if q["t"] == "short_text":
            src = by_id[q["id"]]
            fold = bool(src.get("ignore_diacritics"))
            assert q["f"] == fold
            assert set(q["a"]) == {normalize_answer(a, ignore_diacritics=fold) for a in src["answers"]}


def test_answer_key_pages_exist_for_banks_and_are_in_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"# BEGIN nav:quiz.*?# END nav:quiz", nav, re.S).group(0)
    for page in sorted((ROOT / "docs" / "giang-vien" / "dap-an").glob("*.md")):
        rel = page.relative_to(ROOT / "docs").as_posix()
        assert rel in block, rel
        if page.stem != "index":
            assert (ROOT / "quizzes" / f"{page.stem}.yml").is_file(), page
            text = page.read_text(encoding="utf-8")
            assert f'quiz_answer_key("{page.stem}")' in text
            assert re.search(r'^title: "Đáp án: ', text, re.M)
    assert "giang-vien/vi-du-cau-hoi.md" in block


def test_boundaries_that_are_allowed(tmp_path):
    """Drawing every question, and a multiple-answer question with a single right option, are valid."""
    text = (VALID_FIXTURES / "kiem-thu-rut-de.yml").read_text(encoding="utf-8").replace("draw: 3\n", "draw: 6\n")
    text += """  - id: rut-nhieu
    type: multiple
    scoring: partial
    prompt: "Chọn các ý đúng."
    options:
      - text: "Ý một"
        correct: true
      - text: "Ý hai"
    explanation: "Chỉ ý một."
    review: "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"
    sources: [dieu-le-2011]
"""
    bank = tmp_path / "kiem-thu-rut-de.yml"
    bank.write_text(text, encoding="utf-8")
    repo = load(quiz_project(tmp_path / "p", [bank], all_docs=False))
    assert repo.get("quiz", "kiem-thu-rut-de")[1]["draw"] == 6 == len(repo.get("quiz", "kiem-thu-rut-de")[1]["questions"])
