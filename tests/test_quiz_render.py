"""Server-side HTML of the progress page and the trainers' key index (macros/quiz.py):
only the eight module banks count on the progress page, and author text (bank titles)
is escaped in every macro's output."""

from __future__ import annotations

import lxml.html
import pytest

from conftest import ROOT
from macros.context import Context
from macros.quiz import MACROS, module_pages
from macros.repository import Repository
from test_quiz_schema import DEMO, fixture_bank, quiz_project

XSS_TITLE = "Kiểm thử <script>alert('title')</script>"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The demo bank (module 0) and a copy of the XSS bank moved to module 1."""
    tmp = tmp_path_factory.mktemp("quizrender")
    bank = fixture_bank(tmp, "kiem-thu-xss", "kiem-thu-hp", 1, "hp-")
    assert XSS_TITLE in bank.read_text(encoding="utf-8")
    # A module-3 bank whose id sorts first: tables follow the module order, not the ids.
    later = fixture_bank(tmp, "kiem-thu-xss", "aa-hp-ba", 3, "aa-", edits=((XSS_TITLE, "Bộ ba"),))
    return Repository(quiz_project(tmp / "project", [ROOT / "quizzes" / f"{DEMO}.yml", bank, later])).load()


def render(repo, name: str, page: str, *args) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(MACROS[name](Context(repo=repo, page=page), *args), create_parent="div")


def _no_markup_from_authors(tree) -> None:
    assert not tree.xpath("//script | //img | //svg | //iframe")
    assert not [a for el in tree.iter() for a in el.attrib if a.startswith("on")]


def test_progress_page_counts_only_module_banks(repo):
    tree = render(repo, "progress_overview", "tien-do-hoc-tap.md")
    assert tree.xpath("//tr/@data-bank") == ["kiem-thu-hp", "aa-hp-ba"]
    assert not tree.xpath(f"//tr[@data-bank='{DEMO}']") and "Bài minh họa" not in tree.text_content()
    # One row per module of the course: the bank's row for module 1, "being written" for the rest.
    modules = module_pages(repo)
    assert len(modules) == 8
    assert len(tree.xpath("//tbody/tr")) == 8
    assert len(tree.xpath("//tbody/tr[@class='qp-none']")) == 6
    first = tree.xpath("//tbody/tr")[0]
    assert " ".join(first.xpath("./th")[0].text_content().split()) == modules[1][1]


def test_progress_page_escapes_the_bank_title(repo):
    tree = render(repo, "progress_overview", "tien-do-hoc-tap.md")
    _no_markup_from_authors(tree)
    cell = tree.xpath("//tr[@data-bank='kiem-thu-hp']/td")[0]
    assert cell.text_content() == XSS_TITLE  # no page shows this bank: the title without a link
    html = MACROS["progress_overview"](Context(repo=repo, page="tien-do-hoc-tap.md"))
    assert "Kiểm thử &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html


def test_key_index_escapes_titles_and_lists_every_bank(repo):
    tree = render(repo, "quiz_key_index", "giang-vien/dap-an/index.md")
    _no_markup_from_authors(tree)
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("./td")] for tr in tree.xpath("//tbody/tr")]
    demo_title = repo.get("quiz", DEMO)[1]["title"]
    assert [" ".join(th.text_content().split()) for th in tree.xpath("//thead//th")] == [
        "Học phần", "Bộ câu hỏi", "Số câu", "Đáp án"]
    assert rows == [
        ["1", XSS_TITLE, "5", "chưa có trang đáp án"],
        ["3", "Bộ ba", "5", "chưa có trang đáp án"],
        ["Minh họa", demo_title, str(len(repo.get("quiz", DEMO)[1]["questions"])), "Đáp án"],
    ]
    assert tree.xpath("//a[.='Đáp án']/@href") == [f"{DEMO}.html"]


def test_quiz_and_answer_key_escape_the_bank_id_and_title(repo):
    for name in ("quiz", "quiz_answer_key"):
        html = MACROS[name](Context(repo=repo, page="giang-vien/vi-du-cau-hoi.md"), "kiem-thu-hp")
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert [s.get("type") for s in tree.xpath("//script")] in ([], ["application/json"]), name
        assert not tree.xpath("//img | //svg | //iframe"), name


PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_glossary_and_module_intro_escape_author_text():
    from macros.course import module_intro
    from macros.glossary import table

    html = table([{"term": PAYLOAD, "expansion": PAYLOAD, "definition": PAYLOAD}])
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    _no_markup_from_authors(tree)
    assert tree.text_content().count("<script>alert(1)</script>") == 3
    html = module_intro({"updated": PAYLOAD, "study_time": PAYLOAD}, pdf='x.pdf" onclick="alert(3)')
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    _no_markup_from_authors(tree)
    assert tree.text_content().count("<script>alert(1)</script>") == 2
    assert tree.xpath("//a/@href") == ['x.pdf" onclick="alert(3)']


def test_grading_data_block_is_exactly_what_quiz_core_reads(tmp_path):
    """The JSON contract between macros/quiz.py and quiz-core.js, written out by hand."""
    import json

    from macros.quiz import _answer_data

    qs = [
        {"id": "a", "type": "single", "options": [{"text": "x"}, {"text": "y", "correct": True}]},
        {"id": "b", "type": "multiple", "scoring": "partial", "points": 2,
         "options": [{"text": "x", "correct": True}, {"text": "y"}, {"text": "z", "correct": True}]},
        {"id": "c", "type": "multiple", "scoring": "all_or_nothing", "options": [{"text": "x", "correct": True}, {"text": "y"}]},
        {"id": "d", "type": "true_false", "answer": False},
        {"id": "e", "type": "ordering", "items": ["1", "2", "3"]},
        {"id": "f", "type": "matching", "pairs": [{"left": "l1", "right": "r1"}, {"left": "l2", "right": "r2"}],
         "distractors": ["r3"]},
        {"id": "g", "type": "numeric", "answer": 1.5, "tolerance": 0.1},
        {"id": "h", "type": "numeric", "answer": 120},
        {"id": "i", "type": "short_text", "answers": ["Bí thư chi bộ", "bí  THƯ"], "ignore_diacritics": True},
        {"id": "j", "type": "short_text", "answers": ["Chi ủy"]},
    ]
    assert [_answer_data(q) for q in qs] == [
        {"id": "a", "t": "single", "p": 1, "c": [1]},
        {"id": "b", "t": "multiple", "p": 2, "c": [0, 2], "s": "partial"},
        {"id": "c", "t": "multiple", "p": 1, "c": [0], "s": "all_or_nothing"},
        {"id": "d", "t": "true_false", "p": 1, "a": False},
        {"id": "e", "t": "ordering", "p": 1, "n": 3},
        {"id": "f", "t": "matching", "p": 1, "n": 2},
        {"id": "g", "t": "numeric", "p": 1, "a": 1.5, "tol": 0.1},
        {"id": "h", "t": "numeric", "p": 1, "a": 120, "tol": 0},
        {"id": "i", "t": "short_text", "p": 1, "a": ["bi thu", "bi thu chi bo"], "f": True, "d": "Bí thư chi bộ"},
        {"id": "j", "t": "short_text", "p": 1, "a": ["chi ủy"], "f": False, "d": "Chi ủy"},
    ]
    json.dumps([_answer_data(q) for q in qs])  # serialisable as the page's JSON block


def test_progress_table_structure_before_javascript(repo):
    tree = render(repo, "progress_overview", "tien-do-hoc-tap.md")
    root = tree.xpath("./div")[0]
    assert root.get("class") == "quiz-progress"
    assert tree.xpath("//p[@class='qp-summary']")[0].get("aria-live") == "polite"
    assert " ".join(tree.xpath("//p[@class='qp-summary']")[0].text_content().split()) == (
        "Kết quả được lưu trên trình duyệt này; cần bật JavaScript để xem.")
    assert tree.xpath("//caption")[0].text_content() == "Kết quả tự kiểm tra theo học phần (cột chấm dọc là điểm đạt)"
    assert [th.text_content() for th in tree.xpath("//thead//th")] == [
        "Học phần", "Bài tự kiểm tra", "Trạng thái", "Điểm cao nhất", "Số lần làm"]
    assert all(th.get("scope") == "col" for th in tree.xpath("//thead//th"))
    row = tree.xpath("//tr[@data-bank='kiem-thu-hp']")[0]
    assert row.get("data-pass") == "50" and row.xpath("./th")[0].get("scope") == "row"
    assert [td.get("class") for td in row.xpath("./td")] == [None, "qp-status", "qp-score", "qp-attempts"]
    assert row.xpath(".//td[@class='qp-status']")[0].text_content() == "Chưa có dữ liệu"
    assert row.xpath(".//span[@class='qp-val']")[0].text_content() == "—"
    assert row.xpath(".//td[@class='qp-attempts']")[0].text_content() == "—"
    assert row.xpath(".//span[@class='qp-pass']")[0].get("style") == "left:50%"
    assert row.xpath(".//span[@class='qp-bar']")[0].get("aria-hidden") == "true"
    assert row.xpath(".//span[@class='qp-fill']")
    none = tree.xpath("//tr[@class='qp-none']")[0]
    assert none.xpath("./td")[-1].get("colspan") == "3"
    assert none.xpath("./td")[-1].text_content() == "Bộ câu hỏi đang được biên soạn."
    actions = tree.xpath("//p[@class='qp-actions']")[0]
    assert actions.get("hidden") is not None
    assert actions.xpath("./button")[0].text_content() == "Xóa tiến độ học tập"
    assert actions.xpath("./button")[0].get("type") == "button"


# ----------------------------------------------------------------- small helpers, exact values
def test_matching_letters_run_a_to_z_then_numbers():
    from macros.quiz import _letter

    assert [_letter(n) for n in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "27", "28"]


def test_derangement_never_keeps_the_bank_order_from_two_items():
    from macros.quiz import _derange

    assert _derange(0, "s") == [] and _derange(1, "s") == [0]
    for n in (2, 3):
        for seed in ("a", "b", "c", "d"):
            order = _derange(n, seed)
            assert sorted(order) == list(range(n)) and order != list(range(n))


def test_numbers_in_the_answer_key_use_a_decimal_comma():
    from macros.quiz import _format_number

    assert [_format_number(v) for v in (60, 60.0, 1.5, 0.25)] == ["60", "60", "1,5", "0,25"]


def test_grading_data_keeps_vietnamese_letters_unescaped():
    from macros.quiz import _json_script

    assert _json_script({"d": "Bí thư"}) == '<script type="application/json" class="quiz-data">{"d":"Bí thư"}</script>'


@pytest.mark.parametrize("name", ["progress_overview", "quiz_key_index"])
def test_macros_without_arguments_name_themselves_when_given_one(repo, name):
    with pytest.raises(ValueError) as info:
        MACROS[name](Context(repo=repo, page="a.md"), "x")
    assert str(info.value) == f"{name}() không nhận tham số ({name}() takes no arguments)"
    with pytest.raises(ValueError):
        MACROS[name](Context(repo=repo, page="a.md"), k="x")


@pytest.mark.parametrize("name", ["quiz", "quiz_answer_key"])
def test_bank_macros_name_themselves_in_the_error(repo, name):
    for args, kwargs in (((), {}), (("a", "b"), {}), (("",), {}), (("kiem-thu-hp",), {"x": 1})):
        with pytest.raises(ValueError) as info:
            MACROS[name](Context(repo=repo, page="a.md"), *args, **kwargs)
        assert str(info.value) == (f'{name}() cần đúng một mã bộ câu hỏi, ví dụ {name}("sinh-hoat-chi-bo") '
                                   f"({name}() takes one bank id)")


# ----------------------------------------------------------------- progress page on a made-up course
def _course(tmp, banks: dict[str, int]) -> Repository:
    """docs/ with module pages 1, 2 and 6 (and pages that are not module pages) and the given banks."""
    import shutil

    root = tmp
    docs = root / "docs"
    pages = {
        "mot/index.md": "---\ntitle: Học phần một\nmodule: 1\n---\n# Một\n",
        "mot/tu-kiem-tra.md": '# Tự kiểm tra\n\n{{ quiz("mot") }}\n',
        "hai/index.md": "---\nmodule: 2\n---\n# Hai\n",
        "hai/bai-tap.md": "# Bài tập\n\n{{ quiz('khac') }}\n",
        "sau/index.md": "---\ntitle: Học phần sáu\nmodule: 6\n---\n# Sáu\n",
        "sau/tu-kiem-tra.md": "# Tự kiểm tra\n",
        "bon/index.md": "# Bốn, không có phần đầu\n",
        "nam/index.md": "---\ntitle: Năm\nmodule: 0\n---\n# Năm\n",
        "tam/index.md": "---\ntitle: Tám\nmodule: \"8\"\n---\n# Tám\n",
        "giang-vien/vi-du-cau-hoi.md": (ROOT / "docs" / "giang-vien" / "vi-du-cau-hoi.md").read_text(encoding="utf-8"),
    }
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (root / "quizzes").mkdir()
    (root / "data" / "schemas").mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "quiz.schema.json", root / "quizzes")
    shutil.copy(ROOT / "data" / "sources.yml", root / "data")
    shutil.copy(ROOT / "data" / "schemas" / "sources.schema.json", root / "data" / "schemas")
    for bank_id, module in banks.items():
        fixture_bank(root / "quizzes", "kiem-thu-rut-de", bank_id, module, f"{bank_id}-")
    return Repository(root).load()


def _rows(repo, page="tien-do.md"):
    tree = render(repo, "progress_overview", page)
    return [(" ".join(tr.xpath("./th")[0].text_content().split()), tr.get("data-bank"),
             [(a.text_content(), a.get("href")) for a in tr.xpath(".//a")],
             " ".join(tr.xpath("./td")[-1].text_content().split()) if tr.xpath("./td") else "")
            for tr in tree.xpath("//tbody/tr")]


def test_module_pages_come_from_front_matter_only(tmp_path):
    repo = _course(tmp_path, {})
    assert module_pages(repo) == {1: ("mot", "Học phần một"), 2: ("hai", "hai"), 6: ("sau", "Học phần sáu")}


def test_progress_page_links_each_bank_to_the_page_that_shows_it(tmp_path):
    repo = _course(tmp_path, {"khac": 2, "mot": 1, "bay": 7, "minh-hoa": 0})
    assert _rows(repo, "hoc-vien/tien-do.md") == [
        ("Học phần một", "mot", [("Kiểm thử rút đề", "../mot/tu-kiem-tra.html")], "—"),
        ("hai", "khac", [("Kiểm thử rút đề", "../hai/bai-tap.html")], "—"),
        ("Học phần sáu", None, [("Tự kiểm tra", "../sau/tu-kiem-tra.html")], "Bộ câu hỏi đang được biên soạn."),
        ("Học phần 7", "bay", [], "—"),
    ]


def test_progress_page_without_any_bank(tmp_path):
    repo = _course(tmp_path, {})
    assert _rows(repo) == [
        ("Học phần một", None, [("Tự kiểm tra", "mot/tu-kiem-tra.html")], "Bộ câu hỏi đang được biên soạn."),
        ("hai", None, [], "Bộ câu hỏi đang được biên soạn."),
        ("Học phần sáu", None, [("Tự kiểm tra", "sau/tu-kiem-tra.html")], "Bộ câu hỏi đang được biên soạn."),
    ]


def test_review_labels_name_page_and_heading(tmp_path):
    import os

    from macros.quiz import review_label

    repo = _course(tmp_path, {})
    docs = repo.docs_dir
    (docs / "a.md").write_text("---\ntitle: Trang A\n---\n# Trang A\n\n## Mục **một** {#muc-1}\n\n## Trang A {#trung}\n",
                               encoding="utf-8")
    (docs / "b.md").write_text("Không có tiêu đề.\n\n## Mục hai {#muc-2}\n", encoding="utf-8")
    (docs / "c.md").write_text("# Tiêu đề `C`\n\nChữ.\n", encoding="utf-8")
    assert review_label(repo, "a.md#muc-1") == "Trang A › Mục một"
    assert review_label(repo, "a.md#trung") == "Trang A"  # heading equal to the title: said once
    assert review_label(repo, "a.md#khong-co") == "Trang A"
    assert review_label(repo, "a.md") == "Trang A"
    assert review_label(repo, "b.md#muc-2") == "Mục hai"
    assert review_label(repo, "b.md#khong-co") == "b.md#khong-co"
    assert review_label(repo, "c.md") == "Tiêu đề C"
    assert review_label(repo, "khong-co.md#x") == "khong-co.md#x"
    assert review_label(repo, "a.md#muc-1#x") == "Trang A"
    # An edited page is read again (the cache is keyed on the file's time).
    (docs / "c.md").write_text("# Tiêu đề mới\n", encoding="utf-8")
    stat = (docs / "c.md").stat()
    os.utime(docs / "c.md", (stat.st_atime, stat.st_mtime + 5))
    assert review_label(repo, "c.md") == "Tiêu đề mới"


def test_plain_option_labels_drop_markdown_but_keep_author_text():
    from macros.quiz import _plain

    # Markdown emphasis and code go; author "HTML" is text and comes back as typed.
    assert _plain("**Đậm**  và `mã` & <b>x</b>") == "Đậm và mã & <b>x</b>"
    assert _plain("Dòng một\n  dòng hai") == "Dòng một dòng hai"


def test_duplicates_point_at_the_first_occurrence():
    from macros.quiz import _duplicates

    assert list(_duplicates(["A", "b", "a ", " B", "c", "A"])) == [(2, 0), (3, 1), (5, 0)]


NUMERIC_BANK = """\
id: so-khong-don-vi
title: "Số không đơn vị"
module: 0
pass_mark: 70
questions:
  - id: so-1
    type: numeric
    prompt: "Bao nhiêu?"
    answer: 2.5
    explanation: "Hai phẩy năm."
    review: "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"
    sources: [dieu-le-2011]
  - id: so-2
    type: numeric
    prompt: "Bao nhiêu ngày?"
    answer: 30
    tolerance: 1
    unit: "ngày"
    explanation: "Ba mươi."
    review: "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"
    sources: [dieu-le-2011]
"""


def test_answer_key_numbers_with_and_without_a_unit(tmp_path):
    repo = _course(tmp_path, {})
    (repo.root / "quizzes" / "so-khong-don-vi.yml").write_text(NUMERIC_BANK, encoding="utf-8")
    repo = Repository(repo.root).load()
    tree = render(repo, "quiz_answer_key", "giang-vien/dap-an/so-khong-don-vi.md", "so-khong-don-vi")
    answers = [" ".join(li.text_content().split()) for li in tree.xpath("//p[@class='quiz-key-answer']")]
    assert answers == ["Đáp án: 2,5", "Đáp án: 30 ngày (sai số cho phép ± 1)"], answers


def test_key_index_of_a_course_without_banks(tmp_path):
    tree = render(_course(tmp_path, {}), "quiz_key_index", "giang-vien/dap-an/index.md")
    assert tree.xpath("//tbody/tr") == [] and len(tree.xpath("//thead//th")) == 4
def test_quiz_markup_is_lean(repo):
    """Counts, not times: a quiz page's cost before DOMContentLoaded grows with its element
    count (every full restyle visits each element). Feedback and explanations live in one
    <template> per quiz, one ``div[data-qid]`` per question, not a template per question;
    a choice question is at most 7 elements plus 3 per option (item, label, box), author
    markup aside."""
    _doc, bank = repo.get("quiz", DEMO)
    tree = lxml.html.fragment_fromstring(MACROS["quiz"](Context(repo=repo, page="giang-vien/vi-du-cau-hoi.md"), DEMO),
                                         create_parent="div")
    questions = tree.xpath("//li[contains(@class, 'quiz-q')]")
    assert len(questions) == len(bank["questions"])
    assert len(tree.xpath("//template")) == 1
    assert not tree.xpath("//li[contains(@class, 'quiz-q')]//template")
    notes = tree.xpath("//template[@class='quiz-tpl']")[0]
    # lxml keeps a template's children in the tree; the browser parses them into an inert fragment
    keys = [d.get("data-qid") for d in notes.xpath("./div")]
    assert keys == [q["id"] for q in bank["questions"]]
    assert all(d.xpath(".//div[@class='quiz-explain']") for d in notes.xpath("./div"))
    choice = 0
    for li, q in zip(questions, bank["questions"]):
        if q["type"] not in ("single", "multiple"):
            continue
        choice += 1
        author = sum(len(x.xpath(".//*")) for x in li.xpath(".//*[@class='quiz-prompt']"))
        author += sum(len(x.xpath(".//*")) - 1 for x in li.xpath(".//li[@class='quiz-opt']/label"))
        own = len(li.xpath("descendant-or-self::*")) - author - (1 if q.get("points", 1) != 1 else 0)
        assert own <= 7 + 3 * len(q["options"]), (q["id"], own)
    assert choice >= 2


def test_quiz_page_of_a_bank(tmp_path):
    from macros.quiz import quiz_page

    repo = _course(tmp_path, {})
    assert quiz_page(repo, "mot") == "mot/tu-kiem-tra.md"     # its own page, calling quiz("mot")
    assert quiz_page(repo, "khac") == "hai/bai-tap.md"        # another page calling quiz('khac')
    assert quiz_page(repo, "sau") == "sau/tu-kiem-tra.md"     # the default page, even without the call
    assert quiz_page(repo, "khong-co") is None


def test_progress_row_of_a_module_without_bank_or_page(tmp_path):
    tree = render(_course(tmp_path, {}), "progress_overview", "tien-do.md")
    row = tree.xpath("//tbody/tr[th[normalize-space()='hai']]")[0]
    assert [td.text_content() for td in row.xpath("./td")] == ["", "Bộ câu hỏi đang được biên soạn."]
