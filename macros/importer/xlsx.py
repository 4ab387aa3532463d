"""Question banks in Excel (.xlsx): the template, a writer, and the importer (openpyxl).

Sheet "Câu hỏi": row 1 holds the column keys below, then one row per question.
Sheet "Giải thích các cột": what each column means (Vietnamese), for trainers.
Sheet "Bộ câu hỏi": the bank itself (id, title, module, pass mark …), one key per row.

Cells with several values (options, steps, pairs, accepted answers, sources) hold one
value per line (Alt+Enter in Excel). Options are marked ``[x]`` (correct) or ``[ ]``;
an option's own feedback follows `` || ``. Pairs are written ``left => right``; a
distractor is ``=> right``.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from .common import TYPES, ImportFailed, Imported, canonical, locator, nfc

TEMPLATE_URL = "tai-ve/mau-ngan-hang-cau-hoi.xlsx"  # inside the built site
Q_SHEET = "Câu hỏi"
HELP_SHEET = "Giải thích các cột"
BANK_SHEET = "Bộ câu hỏi"

# (key, required, Vietnamese explanation)
COLUMNS: list[tuple[str, bool, str]] = [
    ("id", False, "Mã câu hỏi: chữ thường không dấu, số và gạch nối, không trùng trong toàn bộ tài liệu "
                  "(ví dụ shcb-thoi-luong). Bỏ trống thì máy đặt theo mã bộ câu hỏi và số dòng."),
    ("type", True, "Dạng câu hỏi: single (một đáp án đúng), multiple (nhiều đáp án đúng), true_false (đúng/sai), "
                   "ordering (sắp xếp thứ tự), matching (ghép cặp), numeric (điền số), short_text (điền từ)."),
    ("prompt", True, "Nội dung câu hỏi. Được dùng **chữ đậm**, *chữ nghiêng* như trong bài học."),
    ("options", False, "Mỗi dòng một lựa chọn (Alt+Enter để xuống dòng). single/multiple: đầu dòng ghi [x] cho phương án "
                       "đúng, [ ] cho phương án sai; phản hồi riêng của phương án viết sau dấu ||. ordering: các bước theo "
                       "đúng thứ tự. matching: mỗi dòng 'vế trái => vế phải'; lựa chọn nhiễu viết '=> vế phải'."),
    ("answer", False, "Đáp án. true_false: Đúng hoặc Sai. numeric: một số (ô kiểu số, không phải chữ). short_text: "
                      "mỗi dòng một đáp án được chấp nhận. Các dạng khác để trống."),
    ("feedback_correct", False, "Phản hồi khi trả lời đúng (mọi dạng trừ single, multiple)."),
    ("feedback_incorrect", False, "Phản hồi khi trả lời sai (mọi dạng trừ single, multiple)."),
    ("explanation", True, "Giải thích hiện sau khi trả lời, nêu căn cứ."),
    ("review", True, "Mục cần ôn lại: trang trong docs/ và mã đề mục, ví dụ sinh-hoat-chi-bo/index.md#thoi-luong."),
    ("sources", True, "Mã văn bản căn cứ trong data/sources.yml, mỗi dòng một mã (ví dụ qd-294-2025)."),
    ("points", False, "Số điểm của câu, từ 1 đến 10; bỏ trống là 1."),
    ("scoring", False, "Chỉ cho multiple: all_or_nothing (đúng hết mới có điểm) hoặc partial (điểm từng phần)."),
    ("tolerance", False, "Chỉ cho numeric: sai số cho phép (ô kiểu số); bỏ trống là 0."),
    ("unit", False, "Chỉ cho numeric: đơn vị hiện sau ô nhập, ví dụ 'ngày làm việc'."),
    ("ignore_diacritics", False, "Chỉ cho short_text: Có để chấp nhận câu trả lời gõ không dấu; bỏ trống là Không."),
]
KEYS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[1]]

# (key, required, explanation) for the bank sheet
BANK_ROWS: list[tuple[str, bool, str]] = [
    ("id", True, "Mã bộ câu hỏi, cũng là tên tệp quizzes/<mã>.yml (ví dụ sinh-hoat-chi-bo)."),
    ("title", True, "Tiêu đề hiển thị, ví dụ 'Tự kiểm tra: Sinh hoạt chi bộ'."),
    ("module", True, "Số học phần (1 đến 8); 0 cho bộ câu hỏi minh họa."),
    ("pass_mark", True, "Điểm đạt, tính theo phần trăm (1 đến 100)."),
    ("draw", False, "Số câu rút ngẫu nhiên mỗi lượt làm bài; bỏ trống để dùng tất cả."),
    ("shuffle_questions", False, "Xáo trộn thứ tự câu hỏi: Có (mặc định) hoặc Không."),
    ("shuffle_options", False, "Xáo trộn thứ tự phương án: Có (mặc định) hoặc Không."),
    ("description", False, "Lời dẫn hiện phía trên bộ câu hỏi."),
]
YES = {"có", "co", "x", "yes", "true", "1"}
NO = {"không", "khong", "no", "false", "0"}
TRUE_WORDS = {"đúng", "dung", "true", "t", "đ"}
FALSE_WORDS = {"sai", "false", "f", "s"}
NUMBER_TEXT = re.compile(r"^\s*[-+]?\d+([.,]\d+)?\s*$")
OPTION = re.compile(r"^\s*\[( |x|X)\]\s?(.*)$")
FIXED_TIME = datetime(2025, 1, 1)


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


# ---------------------------------------------------------------- writing
def _lines(values) -> str:
    return "\n".join(str(v) for v in values)


def question_row(q: dict) -> dict:
    """One question as column values; raises ValueError for what a cell cannot hold."""
    t = q["type"]
    row: dict = {"id": q["id"], "type": t, "prompt": q["prompt"], "explanation": q["explanation"],
                 "review": q["review"], "sources": _lines(q["sources"])}
    if q.get("points", 1) != 1:
        row["points"] = q["points"]

    def one_line(text: str, what: str) -> str:
        if "\n" in text:
            raise ValueError(f"{q['id']}: {what} có nhiều dòng, không ghi được vào một dòng của ô (multi-line {what})")
        return text

    if t in ("single", "multiple"):
        lines = []
        for o in q["options"]:
            line = ("[x] " if o.get("correct") else "[ ] ") + one_line(o["text"], "phương án")
            if o.get("feedback"):
                line += " || " + one_line(o["feedback"], "phản hồi phương án")
            lines.append(line)
        row["options"] = _lines(lines)
        if t == "multiple":
            row["scoring"] = q["scoring"]
    elif t == "ordering":
        row["options"] = _lines(one_line(i, "bước") for i in q["items"])
    elif t == "matching":
        lines = [f"{one_line(p['left'], 'vế trái')} => {one_line(p['right'], 'vế phải')}" for p in q["pairs"]]
        lines += [f"=> {one_line(d, 'lựa chọn nhiễu')}" for d in q.get("distractors") or []]
        row["options"] = _lines(lines)
    elif t == "true_false":
        row["answer"] = "Đúng" if q["answer"] else "Sai"
    elif t == "numeric":
        row["answer"] = q["answer"]
        if q.get("tolerance"):
            row["tolerance"] = q["tolerance"]
        if q.get("unit"):
            row["unit"] = q["unit"]
    elif t == "short_text":
        row["answer"] = _lines(one_line(a, "đáp án") for a in q["answers"])
        if q.get("ignore_diacritics"):
            row["ignore_diacritics"] = "Có"
    fb = q.get("feedback") or {}
    if fb.get("correct"):
        row["feedback_correct"] = fb["correct"]
    if fb.get("incorrect"):
        row["feedback_incorrect"] = fb["incorrect"]
    return row


def _workbook(bank: dict | None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = Q_SHEET
    ws.append(KEYS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    widths = {"prompt": 60, "options": 60, "explanation": 50, "answer": 25, "review": 40}
    for i, key in enumerate(KEYS, 1):
        ws.column_dimensions[_col_letter(i)].width = widths.get(key, 18)
    if bank is not None:
        for q in bank["questions"]:
            row = question_row(q)
            ws.append([row.get(k) for k in KEYS])
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.append(["Cột", "Bắt buộc", "Ý nghĩa và cách ghi"])
    for key, required, text in COLUMNS:
        help_ws.append([key, "Có" if required else "Không", text])
    help_ws.append([])
    help_ws.append(["Trang", "", f"Trang '{BANK_SHEET}' ghi thông tin chung của bộ câu hỏi:"])
    for key, required, text in BANK_ROWS:
        help_ws.append([key, "Có" if required else "Không", text])
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["C"].width = 110
    for cell in help_ws[1]:
        cell.font = Font(bold=True)

    info = wb.create_sheet(BANK_SHEET)
    info.append(["Khóa", "Giá trị"])
    values = {}
    if bank is not None:
        sh = bank.get("shuffle") or {}
        values = {"id": bank["id"], "title": bank["title"], "module": bank["module"], "pass_mark": bank["pass_mark"],
                  "draw": bank.get("draw"), "description": bank.get("description"),
                  "shuffle_questions": None if sh.get("questions", True) else "Không",
                  "shuffle_options": None if sh.get("options", True) else "Không"}
    for key, _, _ in BANK_ROWS:
        info.append([key, values.get(key)])
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 60
    return wb


def deterministic_xlsx(wb) -> bytes:
    """Save with fixed document times and zip dates: the same bank gives the same bytes."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "So tay nghiep vu cong tac Dang"
    raw = io.BytesIO()
    wb.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    return out.getvalue()


def bank_to_xlsx(bank: dict) -> bytes:
    return deterministic_xlsx(_workbook(bank))


def template_xlsx() -> bytes:
    """The empty template offered for download on the authoring page (one example row)."""
    example = {"id": "vi-du", "title": "Tự kiểm tra: Tên học phần", "module": 1, "pass_mark": 80, "questions": [{
        "id": "vd-cau-1", "type": "single", "prompt": "Nội dung câu hỏi?",
        "options": [{"text": "Phương án đúng", "correct": True, "feedback": "Vì sao đúng."},
                    {"text": "Phương án sai", "feedback": "Vì sao sai."}],
        "explanation": "Giải thích và căn cứ.", "review": "sinh-hoat-chi-bo/index.md#thoi-luong",
        "sources": ["hd-42-2025"]}]}
    return deterministic_xlsx(_workbook(example))


# ---------------------------------------------------------------- reading
class _Sheet:
    def __init__(self, file: str, ws):
        self.file = file
        self.ws = ws

    def at(self, row: int, col: int | None = None, header: str | None = None) -> str:
        where = f'{self.file}: trang "{self.ws.title}", dòng {row}'
        if col:
            where += f", cột {_col_letter(col)}" + (f" ({header})" if header else "")
        return where


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _split(value) -> list[str]:
    return [ln.strip() for ln in _text(value).split("\n") if ln.strip()]


def read_xlsx(path: Path, bank_id: str | None = None):
    """An .xlsx file -> (Imported, locate); raises ImportFailed with every problem found."""
    from openpyxl import load_workbook

    path = Path(path)
    name = path.name
    try:
        wb = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ImportFailed([f"{name}: không đọc được tệp Excel .xlsx (cannot read workbook): {exc.__class__.__name__}"]) from None
    problems: list[str] = []
    if Q_SHEET not in wb.sheetnames:
        raise ImportFailed([f'{name}: không có trang "{Q_SHEET}" (missing sheet); hãy dùng tệp mẫu'])
    qs = _Sheet(name, wb[Q_SHEET])
    ws = qs.ws

    for sheet_name in (Q_SHEET, BANK_SHEET):
        if sheet_name in wb.sheetnames:
            sh = _Sheet(name, wb[sheet_name])
            for rng in sorted(sh.ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
                problems.append(f"{sh.at(rng.min_row, rng.min_col)}: ô gộp {rng.coord} (merged cells); "
                                "hãy bỏ gộp ô, mỗi ô một giá trị")
            for row in sh.ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                        problems.append(f"{sh.at(cell.row, cell.column)}: ô chứa công thức {cell.value!s} (formula); "
                                        "hãy dán giá trị (Paste Values)")

    header = [_text(c.value) for c in ws[1]]
    cols: dict[str, int] = {}
    for i, h in enumerate(header, 1):
        if not h:
            continue
        if h not in KEYS:
            problems.append(f"{qs.at(1, i)}: cột '{h}' không có trong mẫu (unknown column); các cột: {', '.join(KEYS)}")
        elif h in cols:
            problems.append(f"{qs.at(1, i)}: cột '{h}' bị lặp (duplicate column)")
        else:
            cols[h] = i
    for key in REQUIRED:
        if key not in cols:
            problems.append(f"{qs.at(1)}: thiếu cột '{key}' (missing column)")
    if problems and any("missing column" in p or "unknown column" in p for p in problems):
        raise ImportFailed(problems)

    meta, meta_locs = _read_bank_sheet(wb, name, bank_id, problems)
    locs: dict[tuple, str] = {(): f"{name}"}
    locs.update(meta_locs)
    questions: list[dict] = []
    for r in range(2, ws.max_row + 1):
        cells = {k: ws.cell(row=r, column=c) for k, c in cols.items()}
        if all(_text(c.value) == "" for c in cells.values()):
            continue
        i = len(questions)

        def loc(key: str, r=r) -> str:
            return qs.at(r, cols.get(key), key)

        locs[("questions", i)] = qs.at(r)
        for key in cols:
            locs[("questions", i, key)] = loc(key)
        q = _read_question(cells, r, meta.get("id") or "bo-cau-hoi", loc, problems)
        questions.append(q)
        for key in ("answers", "items", "pairs", "distractors"):
            locs[("questions", i, key)] = loc("answer" if key == "answers" else "options")
        locs[("questions", i, "feedback")] = loc("feedback_correct")
    if not questions:
        problems.append(f"{qs.at(2)}: không có câu hỏi nào (no question rows)")
    if problems:
        raise ImportFailed(problems)
    bank = dict(meta)
    bank["questions"] = questions
    bank = canonical(nfc(bank))

    return Imported(bank, []), locator(locs, name)


def _read_bank_sheet(wb, name: str, bank_id: str | None, problems: list[str]):
    meta: dict = {}
    locs: dict[tuple, str] = {}
    if BANK_SHEET not in wb.sheetnames:
        problems.append(f'{name}: không có trang "{BANK_SHEET}" (missing sheet): cần id, title, module, pass_mark')
        return meta, locs
    sh = _Sheet(name, wb[BANK_SHEET])
    values: dict[str, tuple] = {}
    for row in sh.ws.iter_rows(min_row=2):
        key = _text(row[0].value) if row else ""
        if not key:
            continue
        cell = row[1] if len(row) > 1 else None
        if key not in {k for k, _, _ in BANK_ROWS}:
            problems.append(f"{sh.at(row[0].row, 1)}: khóa '{key}' không có trong mẫu (unknown key)")
            continue
        values[key] = (cell.value if cell is not None else None, row[0].row)
        locs[(key,)] = sh.at(row[0].row, 2, key)
    if bank_id:
        values["id"] = (bank_id, values.get("id", (None, 0))[1])
    sh_flags = {}
    for key, required, _ in BANK_ROWS:
        value, r = values.get(key, (None, 0))
        at = sh.at(r, 2, key) if r else sh.at(1)
        if value is None or _text(value) == "":
            if required:
                problems.append(f"{at}: thiếu giá trị '{key}' (missing bank {key})")
            continue
        if key in ("module", "pass_mark", "draw"):
            if isinstance(value, str):
                problems.append(f"{at}: số được lưu dạng chữ '{value}' (number stored as text); hãy nhập lại ô dưới dạng số"
                                if NUMBER_TEXT.match(value) else f"{at}: cần một số nguyên (integer expected): {value!r}")
                continue
            if isinstance(value, float) and not value.is_integer():
                problems.append(f"{at}: cần một số nguyên (integer expected): {value}")
                continue
            meta[key] = int(value)
        elif key.startswith("shuffle_"):
            flag = _yes_no(value)
            if flag is None:
                problems.append(f"{at}: ghi Có hoặc Không (yes/no expected): {value!r}")
            elif flag is False:
                sh_flags[key.removeprefix("shuffle_")] = False
        else:
            meta[key] = _text(value) if key != "description" else _text(value)
    if sh_flags:
        meta["shuffle"] = sh_flags
        locs[("shuffle",)] = locs.get(("shuffle_questions",)) or locs.get(("shuffle_options",)) or sh.at(1)
    return meta, locs


def _yes_no(value):
    if isinstance(value, bool):
        return value
    t = _text(value).lower()
    if t in YES:
        return True
    if t in NO:
        return False
    return None


def _read_question(cells: dict, r: int, bank_id: str, loc, problems: list[str]) -> dict:
    def raw(key):
        c = cells.get(key)
        return None if c is None else c.value

    def text(key) -> str:
        return _text(raw(key))

    q: dict = {}
    q["id"] = text("id") or f"{bank_id}-{r - 1}"
    t = text("type").lower()
    if not t:
        problems.append(f"{loc('type')}: thiếu dạng câu hỏi (empty type); chọn một trong {', '.join(TYPES)}")
    elif t not in TYPES:
        problems.append(f"{loc('type')}: dạng câu hỏi '{t}' không có (unknown type); chọn một trong {', '.join(TYPES)}")
    q["type"] = t
    for key in ("prompt", "explanation", "review"):
        if not text(key):
            problems.append(f"{loc(key)}: ô trống (empty {key})")
        q[key] = text(key)
    q["sources"] = [s.strip() for s in re.split(r"[\n,;]", text("sources")) if s.strip()]
    if not q["sources"]:
        problems.append(f"{loc('sources')}: cần ít nhất một mã nguồn (no sources)")

    def number(key, integer: bool = False):
        v = raw(key)
        if v is None or _text(v) == "":
            return None
        if isinstance(v, str) and v.startswith("="):
            return None  # a formula: reported once for the cell
        if isinstance(v, bool) or isinstance(v, str):
            if isinstance(v, str) and NUMBER_TEXT.match(v):
                problems.append(f"{loc(key)}: số được lưu dạng chữ '{v}' (number stored as text); hãy nhập lại ô dưới dạng số")
            else:
                problems.append(f"{loc(key)}: cần một số (number expected): {v!r}")
            return None
        if integer:
            if isinstance(v, float) and not v.is_integer():
                problems.append(f"{loc(key)}: cần một số nguyên (integer expected): {v}")
                return None
            return int(v)
        return int(v) if isinstance(v, float) and v.is_integer() else v

    pts = number("points", integer=True)
    if pts is not None:
        q["points"] = pts
    allowed = {"single": {"options"}, "multiple": {"options", "scoring"}, "true_false": {"answer", "fb"},
               "ordering": {"options", "fb"}, "matching": {"options", "fb"},
               "numeric": {"answer", "tolerance", "unit", "fb"}, "short_text": {"answer", "ignore_diacritics", "fb"}}
    if t in allowed:
        for key in ("options", "answer", "scoring", "tolerance", "unit", "ignore_diacritics",
                    "feedback_correct", "feedback_incorrect"):
            k = "fb" if key.startswith("feedback") else key
            if text(key) and k not in allowed[t]:
                problems.append(f"{loc(key)}: cột này không dùng cho dạng {t} (field not used by {t}); hãy để trống")
    fb = {}
    if text("feedback_correct"):
        fb["correct"] = text("feedback_correct")
    if text("feedback_incorrect"):
        fb["incorrect"] = text("feedback_incorrect")
    if fb and t not in ("single", "multiple"):
        q["feedback"] = fb

    lines = _split(raw("options"))
    if t in ("single", "multiple"):
        opts = []
        for n, line in enumerate(lines, 1):
            m = OPTION.match(line)
            if not m:
                problems.append(f"{loc('options')}: dòng {n} của ô thiếu dấu [x] hoặc [ ] ở đầu (option not marked): {line[:40]!r}")
                continue
            body, _, feedback = m.group(2).partition(" || ")
            o = {"text": body.strip()}
            if m.group(1) in "xX":
                o["correct"] = True
            if feedback.strip():
                o["feedback"] = feedback.strip()
            opts.append(o)
        n_correct = sum(1 for o in opts if o.get("correct"))
        if len(opts) < 2 and len(opts) == len(lines):
            problems.append(f"{loc('options')}: cần ít nhất 2 phương án (at least 2 options), hiện có {len(opts)}")
        elif t == "single" and n_correct != 1 and len(opts) == len(lines):
            problems.append(f"{loc('options')}: câu single phải có đúng một phương án [x], hiện có {n_correct} "
                            "(single needs exactly one correct option)")
        elif t == "multiple" and n_correct < 1 and len(opts) == len(lines):
            problems.append(f"{loc('options')}: câu multiple cần ít nhất một phương án [x] (no correct option)")
        q["options"] = opts
        if t == "multiple":
            scoring = text("scoring") or ""
            if scoring not in ("all_or_nothing", "partial"):
                problems.append(f"{loc('scoring')}: ghi all_or_nothing hoặc partial (scoring expected): {scoring!r}")
            q["scoring"] = scoring
    elif t == "ordering":
        if len(lines) < 3:
            problems.append(f"{loc('options')}: câu ordering cần ít nhất 3 bước, mỗi dòng một bước (at least 3 steps), hiện có {len(lines)}")
        q["items"] = lines
    elif t == "matching":
        pairs, distractors = [], []
        for n, line in enumerate(lines, 1):
            if "=>" not in line:
                problems.append(f"{loc('options')}: dòng {n} của ô thiếu '=>' giữa hai vế (pair needs 'left => right'): {line[:40]!r}")
                continue
            left, _, right = line.partition("=>")
            left, right = left.strip(), right.strip()
            if not right:
                problems.append(f"{loc('options')}: dòng {n} của ô thiếu vế phải (empty right side)")
            elif left:
                pairs.append({"left": left, "right": right})
            else:
                distractors.append(right)
        if len(pairs) < 2:
            problems.append(f"{loc('options')}: câu matching cần ít nhất 2 cặp (at least 2 pairs), hiện có {len(pairs)}")
        q["pairs"] = pairs
        if distractors:
            q["distractors"] = distractors
    elif t == "true_false":
        v = raw("answer")
        word = _text(v).lower()
        if isinstance(v, bool):
            q["answer"] = v
        elif word in TRUE_WORDS:
            q["answer"] = True
        elif word in FALSE_WORDS:
            q["answer"] = False
        else:
            problems.append(f"{loc('answer')}: ghi Đúng hoặc Sai (true/false expected): {_text(v)!r}")
    elif t == "numeric":
        v = number("answer")
        if v is None and not any(loc("answer") in p for p in problems):
            problems.append(f"{loc('answer')}: thiếu đáp án số (numeric answer missing)")
        q["answer"] = v
        tol = number("tolerance")
        if tol is not None:
            q["tolerance"] = tol
        if text("unit"):
            q["unit"] = text("unit")
    elif t == "short_text":
        answers = _split(raw("answer"))
        if not answers:
            problems.append(f"{loc('answer')}: cần ít nhất một đáp án được chấp nhận (no accepted answer)")
        q["answers"] = answers
        if text("ignore_diacritics"):
            flag = _yes_no(raw("ignore_diacritics"))
            if flag is None:
                problems.append(f"{loc('ignore_diacritics')}: ghi Có hoặc Không (yes/no expected)")
            elif flag:
                q["ignore_diacritics"] = True
    return q
