"""Macros for the authoring guide: a gallery of real error messages.

``error_gallery()`` does not copy messages by hand: it runs the same checks the build and
the importer run on small broken examples (a quiz bank in YAML, an Excel sheet) and shows
what they print, so the guide stays true when a message changes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .errors import ContentError
from .html import esc

BASE_BANK = """\
id: vi-du-loi
title: "Ví dụ lỗi"
module: 0
pass_mark: 70
questions:
  - id: vd-loi-1
    type: single
    prompt: "Chi bộ sinh hoạt thường kỳ bao lâu một lần?"
    options:
      - text: "Mỗi tháng một lần"
        correct: true
      - text: "Mỗi quý một lần"
    explanation: "Điều lệ Đảng quy định chi bộ họp thường kỳ mỗi tháng một lần."
    review: "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"
    sources: [dieu-le-2011]
"""

# (what the author did, replacement applied to BASE_BANK, what it means / how to fix)
YAML_CASES: list[tuple[str, tuple[str, str], str]] = [
    ("Thụt lề sai (dùng phím Tab hoặc lệch cột)", ('    type: single', '\ttype: single'),
     "YAML dùng dấu cách để thụt lề, không dùng Tab; các trường cùng cấp phải thẳng cột. Sửa ở đúng dòng, cột được báo."),
    ("Quên một trường bắt buộc", ('    explanation: "Điều lệ Đảng quy định chi bộ họp thường kỳ mỗi tháng một lần."\n', ''),
     "Mỗi câu hỏi cần đủ id, type, prompt, explanation, review, sources. Thêm trường còn thiếu vào câu được nêu trong ngoặc vuông."),
    ("Gõ sai tên dạng câu hỏi", ('type: single', 'type: singel'),
     "Chỉ dùng một trong bảy dạng được liệt kê trong thông báo."),
    ("Gõ sai tên trường", ('    prompt: "Chi bộ', '    promt: "Chi bộ'),
     "Tên trường viết đúng như trong lược đồ; trình soạn thảo VS Code có gợi ý khi gõ."),
    ("Câu một đáp án có hai phương án đúng", ('      - text: "Mỗi quý một lần"', '      - text: "Mỗi quý một lần"\n        correct: true'),
     "Câu single có đúng một phương án correct: true. Nếu có nhiều đáp án đúng, đổi thành type: multiple và thêm scoring."),
    ("Hai phương án trùng nhau", ('"Mỗi quý một lần"', '"Mỗi tháng một lần"'),
     "Mỗi phương án phải khác nhau (không phân biệt chữ hoa, dấu cách thừa)."),
    ("Mục ôn tập trỏ tới đề mục không có", ('#shcb-dinh-ky', '#dinh-ky'),
     "Mã sau dấu # phải là mã đề mục có thật trong trang, ví dụ `## Thời lượng {#thoi-luong}`."),
    ("Mục ôn tập viết sai dạng", ('"giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"', '"/giang-vien/vi-du-cau-hoi#shcb-dinh-ky"'),
     "Viết đường dẫn tệp Markdown trong docs/ (không có / ở đầu), rồi # và mã đề mục."),
    ("Mã nguồn không có trong danh mục", ('[dieu-le-2011]', '[dieu-le-2012]'),
     "Mỗi mã trong sources phải có trong data/sources.yml; thêm văn bản vào đó trước (xem mục Văn bản căn cứ)."),
    ("Mã câu hỏi trùng với bộ câu hỏi khác", ('id: vd-loi-1', 'id: demo-shcb-dinh-ky'),
     "Mã câu hỏi không được trùng trong toàn bộ tài liệu; thêm tiền tố theo học phần."),
]


def yaml_errors(repo, text: str) -> list[str]:
    """Messages the build prints for a quiz bank with this text (empty when it is valid)."""
    from .importer.common import ROOT
    from .quiz import check
    from .schema import validate
    from .yamlio import load_yaml

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "quizzes" / "vi-du-loi.yml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        try:
            doc = load_yaml(path, root)
        except ContentError as exc:
            return [str(exc)]
        errors = validate(doc, ROOT / "quizzes" / "quiz.schema.json")
        if errors:
            return [str(e) for e in errors]
        errors = list(check(repo, doc))
        for i, q in enumerate(doc.data["questions"]):
            for k, key in enumerate(q["sources"]):
                if key not in repo.sources:
                    errors.append(doc.error(("questions", i, "sources", k),
                                            f"nguồn '{key}' không có trong data/sources.yml (unknown source key)", q["id"]))
        return [str(e) for e in errors]


def excel_cases() -> list[tuple[str, list[str], str]]:
    """(what the trainer did, messages, meaning) for a few broken Excel sheets."""
    from .importer import ImportFailed
    from .importer.xlsx import BANK_SHEET, KEYS, Q_SHEET, _workbook, read_xlsx

    good = {"id": "vi-du-loi", "title": "Ví dụ lỗi", "module": 0, "pass_mark": 70, "questions": [{
        "id": "vd-loi-1", "type": "single", "prompt": "Chi bộ sinh hoạt thường kỳ bao lâu một lần?",
        "options": [{"text": "Mỗi tháng một lần", "correct": True}, {"text": "Mỗi quý một lần"}],
        "explanation": "Điều lệ Đảng quy định.", "review": "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky",
        "sources": ["dieu-le-2011"]}]}
    col = {k: i for i, k in enumerate(KEYS, 1)}

    def merged(wb):
        wb[Q_SHEET].merge_cells(start_row=2, start_column=col["prompt"], end_row=2, end_column=col["options"])

    def text_number(wb):
        info = wb[BANK_SHEET]
        for row in info.iter_rows(min_row=2):
            if row[0].value == "pass_mark":
                row[1].value = "70"

    def formula(wb):
        wb[Q_SHEET].cell(row=2, column=col["points"]).value = "=1+1"

    def unknown_type(wb):
        wb[Q_SHEET].cell(row=2, column=col["type"]).value = "chọn một"

    def two_correct(wb):
        wb[Q_SHEET].cell(row=2, column=col["options"]).value = "[x] Mỗi tháng một lần\n[x] Mỗi quý một lần"

    cases = [
        ("Gõ sai dạng câu hỏi trong cột type", unknown_type, "Ghi một trong bảy dạng bằng tiếng Anh như trong trang giải thích."),
        ("Đánh dấu [x] hai phương án của câu single", two_correct, "Câu single có đúng một [x]; nhiều đáp án đúng thì dùng multiple."),
        ("Gộp ô (Merge cells)", merged, "Mỗi ô một giá trị: chọn ô gộp, bấm Merge & Center lần nữa để bỏ gộp."),
        ("Số được lưu dạng chữ", text_number, "Ô có dấu tam giác xanh ở góc: chọn ô, bấm biểu tượng cảnh báo, chọn Convert to Number."),
        ("Ô chứa công thức", formula, "Tệp nhập chỉ nhận giá trị: sao chép cột, dán bằng Paste Values."),
    ]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for title, mutate, meaning in cases:
            wb = _workbook(good)
            mutate(wb)
            path = Path(tmp) / "cau-hoi.xlsx"
            wb.save(path)
            try:
                read_xlsx(path)
                messages = []
            except ImportFailed as exc:
                messages = exc.problems
            out.append((title, messages, meaning))
    return out


def _row(title: str, messages: list[str], meaning: str) -> str:
    shown = "<br>".join(f"<code>{esc(m)}</code>" for m in messages) or "<em>(không có lỗi)</em>"
    return f"<tr><td>{esc(title)}</td><td>{shown}</td><td>{esc(meaning)}</td></tr>"


def error_gallery(ctx, kind: str = "yaml") -> str:
    """HTML table of real messages: kind "yaml" (quiz banks) or "excel" (the importer)."""
    rows = []
    if kind == "yaml":
        for title, (old, new), meaning in YAML_CASES:
            if old not in BASE_BANK:
                raise ValueError(f"error_gallery: ví dụ '{title}' không áp dụng được (example does not apply)")
            messages = yaml_errors(ctx.repo, BASE_BANK.replace(old, new, 1))
            if not messages:
                raise ValueError(f"error_gallery: ví dụ '{title}' không sinh lỗi (example raised no error)")
            rows.append(_row(title, messages, meaning))
    elif kind == "excel":
        for title, messages, meaning in excel_cases():
            if not messages:
                raise ValueError(f"error_gallery: ví dụ Excel '{title}' không sinh lỗi (example raised no error)")
            rows.append(_row(title, messages, meaning))
    else:
        raise ValueError(f"error_gallery: kind phải là 'yaml' hoặc 'excel', nhận được {kind!r}")
    return ('<table class="error-gallery"><thead><tr><th>Đồng chí đã làm gì</th><th>Thông báo in ra</th>'
            '<th>Nghĩa là gì, sửa thế nào</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


MACROS = {"error_gallery": error_gallery}
