"""Printed worksheet and answer key (macros/handouts/quizprint.py) against expectations
written out by hand: the letter a reader sees next to the right option on the worksheet,
the blank lines left empty, the marking grid row by row. Nothing here is recomputed with
the functions under test."""

from __future__ import annotations

import copy

import lxml.html
import pytest

from macros.handouts import quizprint

BANK = {
    "id": "kiem-thu-in", "title": "Kiểm thử in", "module": 1, "pass_mark": 70,
    "questions": [
        {"id": "q-mot", "type": "single", "prompt": "Mấy giờ?", "explanation": "Giải thích một.", "review": "a.md#b",
         "sources": ["s"],
         "options": [{"text": "Một giờ"}, {"text": "Hai giờ"}, {"text": "Ba giờ", "correct": True}, {"text": "Bốn giờ"}]},
        {"id": "q-nhieu", "type": "multiple", "scoring": "partial", "prompt": "Chọn?", "explanation": "Giải thích hai.",
         "review": "a.md#b", "sources": ["s"],
         "options": [{"text": "Táo", "correct": True}, {"text": "Cam"}, {"text": "Chuối", "correct": True}, {"text": "Lê"},
                     {"text": "Mận"}]},
        {"id": "q-tu", "type": "ordering", "prompt": "Xếp?", "explanation": "Giải thích ba.", "review": "a.md#b",
         "sources": ["s"], "items": ["Bước một", "Bước hai", "Bước ba", "Bước bốn"]},
        {"id": "q-ghep", "type": "matching", "prompt": "Ghép?", "explanation": "Giải thích bốn.", "review": "a.md#b",
         "sources": ["s"],
         "pairs": [{"left": "Trái một", "right": "Phải một"}, {"left": "Trái hai", "right": "Phải hai"},
                   {"left": "Trái ba", "right": "Phải ba"}], "distractors": ["Nhiễu"]},
        {"id": "q-so", "type": "numeric", "prompt": "Bao nhiêu?", "explanation": "Giải thích năm.", "review": "a.md#b",
         "sources": ["s"], "answer": 1.5, "tolerance": 0.1, "unit": "giờ", "points": 2},
        {"id": "q-chu", "type": "short_text", "prompt": "Ai?", "explanation": "Giải thích sáu.", "review": "a.md#b",
         "sources": ["s"], "answers": ["Bí thư chi bộ", "Bí thư"], "ignore_diacritics": True},
        {"id": "q-dung", "type": "true_false", "prompt": "Đúng không?", "explanation": "Giải thích bảy.",
         "review": "a.md#b", "sources": ["s"], "answer": False},
    ],
}

# What the printed worksheet shows (read off the sheet once, by hand): letter and text.
SHEET = {
    "q-mot": ["A.Bốn giờ", "B.Hai giờ", "C.Một giờ", "D.Ba giờ"],
    "q-nhieu": ["A.Táo", "B.Chuối", "C.Cam", "D.Lê", "E.Mận"],
    "q-tu": ["a.Bước ba", "b.Bước hai", "c.Bước một", "d.Bước bốn"],
    "q-ghep": ["1.Trái một", "2.Trái hai", "3.Trái ba", "a.Phải hai", "b.Nhiễu", "c.Phải một", "d.Phải ba"],
    "q-so": [],
    "q-chu": [],
    "q-dung": ["Đúng", "Sai"],
}
# The marking grid a trainer uses with that sheet: "Ba giờ" is printed at D, "Táo" and
# "Chuối" at A and B; step one is c, two b, three a, four d; "Phải một" is c, ...
GRID = [
    ["Câu 1", "D", "1"],
    ["Câu 2", "A, B", "1"],
    ["Câu 3", "c › b › a › d", "1"],
    ["Câu 4", "1–c; 2–a; 3–d", "1"],
    ["Câu 5", "1,5 giờ", "2"],
    ["Câu 6", "Bí thư chi bộ", "1"],
    ["Câu 7", "Sai", "1"],
]


def _tree(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _flat(node) -> str:
    return " ".join(node.text_content().split())


def _sheet(html: str) -> dict:
    return {sec.get("id")[2:]: [_flat(li) for li in sec.xpath(".//li")] for sec in _tree(html).xpath("//section")}


def _grid(html: str) -> list:
    return [[_flat(td) for td in tr.xpath("./td")] for tr in _tree(html).xpath("//table[@class='ak-grid']/tbody/tr")]


def test_worksheet_prints_the_expected_letters_and_no_answer():
    html = quizprint.worksheet_html(BANK)
    assert _sheet(html) == SHEET
    text = _flat(_tree(html))
    for answer in ("Bí thư", "1,5", "1.5", "(đúng)", "Giải thích"):
        assert answer not in text, answer
    assert "box--filled" not in html and "is-correct" not in html
    # The blank lines of the numeric and short-text questions are empty.
    blanks = _tree(html).xpath("//p[@class='q-blank']/span[@class='line']")
    assert len(blanks) == 2 and all(_flat(b) == "" and len(b) == 0 for b in blanks)
    assert [_flat(u) for u in _tree(html).xpath("//span[@class='q-unit']")] == ["giờ"]
    assert "7 câu hỏi · tổng 8 điểm · đạt khi được từ 70% số điểm trở lên." in text


def test_answer_key_grid_names_the_letters_printed_on_the_worksheet():
    assert _grid(quizprint.answer_key_html(BANK, {}, lambda target: target)) == GRID


def test_answer_key_grid_agrees_with_the_sheet_letter_by_letter():
    """The letter in the grid is the one the sheet prints next to the right option."""
    sheet = _sheet(quizprint.worksheet_html(BANK))
    grid = _grid(quizprint.answer_key_html(BANK, {}, lambda target: target))
    for row, q in zip(grid, BANK["questions"]):
        if q["type"] in ("single", "multiple"):
            right = {o["text"] for o in q["options"] if o.get("correct")}
            letters = [line.split(".", 1)[0] for line in sheet[q["id"]] if line.split(".", 1)[1] in right]
            assert row[1] == ", ".join(letters), q["id"]


def test_without_option_shuffle_letters_follow_the_bank_order():
    bank = copy.deepcopy(BANK)
    bank["shuffle"] = {"options": False}
    assert _sheet(quizprint.worksheet_html(bank))["q-mot"] == ["A.Một giờ", "B.Hai giờ", "C.Ba giờ", "D.Bốn giờ"]
    grid = _grid(quizprint.answer_key_html(bank, {}, lambda target: target))
    assert grid[0] == ["Câu 1", "C", "1"]
    assert grid[1] == ["Câu 2", "A, C", "1"]


def test_answer_key_details_show_the_answers_on_the_sheet_layout():
    key = _tree(quizprint.answer_key_html(BANK, {"s": {"kind": "quy-dinh", "number": "1-QĐ/TW", "title": "T",
                                                       "date": "2025-01-02"}}, lambda target: f"ôn {target}"))
    sections = {s.get("id")[2:]: s for s in key.xpath("//section")}
    # The right option is ticked and marked where the sheet prints it.
    assert [_flat(li) for li in sections["q-mot"].xpath(".//li[@class='is-correct']")] == ["D.Ba giờ (đúng)"]
    assert [_flat(li) for li in sections["q-nhieu"].xpath(".//li[@class='is-correct']")] == ["A.Táo (đúng)", "B.Chuối (đúng)"]
    assert len(sections["q-mot"].xpath(".//span[contains(@class,'box--filled')]")) == 1
    # Ordering: the number each printed step should get.
    assert [_flat(li) for li in sections["q-tu"].xpath(".//ul[contains(@class,'q-ordering')]/li")] == [
        "3a.Bước ba", "2b.Bước hai", "1c.Bước một", "4d.Bước bốn"]
    assert [_flat(li) for li in sections["q-ghep"].xpath(".//ul[contains(@class,'q-match__left')]/li")] == [
        "1.Trái mộtc", "2.Trái haia", "3.Trái bad"]
    assert [_flat(li) for li in sections["q-dung"].xpath(".//li[@class='is-correct']")] == ["Sai"]
    assert _flat(sections["q-so"].xpath(".//span[@class='line']")[0]) == "1,5"
    assert _flat(sections["q-chu"].xpath(".//span[@class='line']")[0]) == "Bí thư chi bộ"
    text = _flat(key)
    assert "Đáp án: 1,5 giờ (chấp nhận sai lệch ± 0,1)" in text
    assert "Đáp án được chấp nhận: «Bí thư chi bộ», «Bí thư» (chấp nhận cả khi gõ không dấu)" in text
    assert "Đáp án: A, B (tính điểm từng phần)" in text
    assert "Ôn lại: ôn a.md#b" in text and "Căn cứ: Quy định 1-QĐ/TW (02/01/2025)" in text
    assert "7 câu hỏi · tổng 8 điểm · điểm đạt 70%." in text


@pytest.mark.parametrize("field", ["prompt", "explanation", "option", "answer", "unit", "review"])
def test_author_text_is_escaped_on_paper(field):
    bank = copy.deepcopy(BANK)
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    if field == "prompt":
        bank["questions"][0]["prompt"] = payload
    elif field == "explanation":
        bank["questions"][0]["explanation"] = payload
    elif field == "option":
        bank["questions"][0]["options"][2]["text"] = payload
    elif field == "answer":
        bank["questions"][5]["answers"] = [payload]
    elif field == "unit":
        bank["questions"][4]["unit"] = payload
    for html in (quizprint.worksheet_html(bank), quizprint.answer_key_html(bank, {}, lambda t: payload)):
        tree = _tree(html)
        assert not tree.xpath("//script | //img"), field
    key = _flat(_tree(quizprint.answer_key_html(bank, {}, lambda t: payload)))
    assert "<script>alert(1)</script>" in key


def test_boxes_round_for_one_answer_square_for_several_and_inline_text():
    tree = _tree(quizprint.worksheet_html(BANK))
    sections = {s.get("id")[2:]: s for s in tree.xpath("//section")}
    assert {b.get("class") for b in sections["q-mot"].xpath(".//span[contains(@class,'box')]")} == {"box box--round"}
    assert {b.get("class") for b in sections["q-nhieu"].xpath(".//span[contains(@class,'box')]")} == {"box box--square"}
    assert not tree.xpath("//span[@class='opt-text']//p")  # option text is inline, not a paragraph


def test_two_item_questions_are_still_printed_out_of_order():
    bank = {"id": "kiem-thu-in", "pass_mark": 50, "questions": [
        {"id": "q-hai", "type": "ordering", "prompt": "Xếp?", "items": ["Trước", "Sau"]},
        {"id": "q-ghep-hai", "type": "matching", "prompt": "Ghép?",
         "pairs": [{"left": "x", "right": "Phải một"}, {"left": "y", "right": "Phải hai"}]},
    ]}
    sheet = _sheet(quizprint.worksheet_html(bank))
    assert sheet["q-hai"] == ["a.Sau", "b.Trước"]
    assert sheet["q-ghep-hai"] == ["1.x", "2.y", "a.Phải hai", "b.Phải một"]


def test_numbers_print_with_a_decimal_comma_and_no_trailing_zero():
    assert [quizprint._num(v) for v in (60, 60.0, 1.5, 0.1)] == ["60", "60", "1,5", "0,1"]


def test_a_question_type_the_printer_does_not_know_is_named():
    bad = copy.deepcopy(BANK["questions"][0])
    bad["type"] = "essay"
    with pytest.raises(ValueError) as info:
        quizprint._body(bad, quizprint.layout(BANK, bad), key=False)
    assert str(info.value) == "dạng câu hỏi không hỗ trợ khi in (unsupported question type): essay"


def test_short_answers_of_numbers_without_a_unit_and_unknown_sources():
    q = {"id": "q-x", "type": "numeric", "prompt": "?", "explanation": "x", "review": "a.md#b",
         "sources": ["khong-co"], "answer": 2.5}
    assert quizprint.short_answer(q, quizprint.layout(BANK, q)) == "2,5"
    bank = dict(BANK, questions=[q])
    html = quizprint.answer_key_html(bank, {}, lambda ref: "Trang › Mục")
    assert "khong-co" in _flat(_tree(html))
