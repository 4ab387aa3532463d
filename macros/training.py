"""The training session: the trainer's grading page for class-test hand-in codes, the
trainee's "Ôn lại câu sai" page and the personal result sheet.

Each macro returns static HTML that reads (and prints) without JavaScript; the
behaviour lives in ``grading-page.js`` (with ``handin-core.js``, ``quiz-core.js`` and the
jsQR decoder) and ``review.js``. The grading page carries every bank's grading data: it
is on the trainer's side, and the trainee edition (EDITION=hoc-vien) leaves it out.
"""

from __future__ import annotations

import json

from .classtest import grading_data
from .html import esc
from .links import relative
from .quiz import _no_args, module_pages, quiz_page, render_quiz


def _json(data) -> str:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _banks(repo):
    return sorted(repo.items.get("quiz", {}).items(), key=lambda kv: (kv[1][1]["module"] or 99, kv[0]))


def _script(ctx, path: str) -> str:
    return f'<script src="{esc(relative(ctx.page, path))}"></script>'


# ----------------------------------------------------------------- grading page
def render_grader(ctx) -> str:
    banks = [grading_data(bank_id, bank) for bank_id, (_doc, bank) in _banks(ctx.repo)]
    return (
        '<div class="ctg" data-search-exclude>'
        '<noscript><p class="ctg-warn">Cần bật JavaScript để chấm bài.</p></noscript>'
        '<div class="ctg-input">'
        '<p><label for="ctg-text"><strong>Dán các mã nộp bài</strong> (mỗi mã một dòng, hoặc cách nhau bằng dấu cách; '
        "có thể dán cả đoạn tin nhắn chứa mã)</label></p>"
        '<textarea id="ctg-text" rows="8" spellcheck="false" autocomplete="off"></textarea>'
        '<p class="ctg-drop" id="ctg-drop"><label for="ctg-files">Hoặc chọn tệp văn bản (.txt) hay ảnh chụp mã QR</label> '
        '<input type="file" id="ctg-files" multiple accept=".txt,text/plain,image/*"> '
        "<span>(có thể kéo thả tệp vào khung này)</span></p>"
        '<p><button type="button" class="md-button md-button--primary" id="ctg-grade">Chấm bài</button> '
        '<button type="button" class="md-button" id="ctg-clear">Xóa kết quả</button></p>'
        "</div>"
        '<div id="ctg-status" role="status" aria-live="polite"></div>'
        '<div id="ctg-warnings" class="ctg-warnings" hidden></div>'
        '<div id="ctg-results" hidden></div>'
        f'<script type="application/json" class="ctg-data">{_json({"banks": banks})}</script>'
        + _script(ctx, "assets/vendor/jsqr/jsQR.js")
        + _script(ctx, "assets/js/handin-core.js")
        + _script(ctx, "assets/js/grading-page.js")
        + "</div>"
    )


# ----------------------------------------------------------------- review of mistakes
def render_review(ctx) -> str:
    """Every bank's quiz, inert: review.js keeps only the questions answered wrong."""
    parts = []
    for bank_id, (_doc, bank) in _banks(ctx.repo):
        if not bank["module"]:
            continue  # the demo bank lives in the trainer section
        quiz = render_quiz(ctx, bank_id)
        # Not a ".quiz" yet, so quiz.js leaves it alone until review.js has filtered it.
        quiz = quiz.replace('<div class="quiz" ', '<div class="rv-quiz" hidden ', 1)
        parts.append(
            f'<section class="rv-bank" data-bank="{esc(bank_id)}" hidden>'
            f'<h2 class="rv-title">{esc(bank["title"])}</h2>{quiz}</section>'
        )
    return (
        '<div class="rv-root">'
        '<p class="rv-summary" aria-live="polite">Cần bật JavaScript để ôn lại các câu đã trả lời sai; '
        "danh sách được lưu trên trình duyệt này.</p>"
        + "".join(parts)
        + "</div>"
    )


# ----------------------------------------------------------------- result sheet
def render_result_sheet(ctx) -> str:
    repo = ctx.repo
    modules = module_pages(repo)
    rows = []
    for bank_id, (_doc, bank) in _banks(repo):
        mod = bank["module"]
        if mod == 0:
            continue
        label = modules[mod][1] if mod in modules else f"Học phần {mod}"
        page = quiz_page(repo, bank_id)
        title = esc(bank["title"].split(":", 1)[-1].strip())
        link = f'<a href="{esc(relative(ctx.page, page))}">{title}</a>' if page else title
        rows.append(
            f'<tr data-bank="{esc(bank_id)}" data-pass="{bank["pass_mark"]}"><th scope="row">{esc(label)}</th>'
            f'<td>{link}</td><td class="rs-best">—</td><td class="rs-date">—</td>'
            f'<td>{bank["pass_mark"]}%</td><td class="rs-status">Chưa làm</td></tr>'
        )
    return (
        '<div class="rs">'
        '<div class="rs-who">'
        '<p><label for="rs-name">Họ và tên:</label> <input type="text" id="rs-name" class="rs-field" autocomplete="name">'
        '<span class="rs-value" data-for="rs-name"></span></p>'
        '<p><label for="rs-unit">Đơn vị:</label> <input type="text" id="rs-unit" class="rs-field">'
        '<span class="rs-value" data-for="rs-unit"></span></p>'
        '<p>Ngày lập phiếu: <span class="rs-today">…</span></p></div>'
        '<div class="md-typeset__table"><table><caption>Kết quả tự kiểm tra tốt nhất theo học phần</caption>'
        '<thead><tr><th scope="col">Học phần</th><th scope="col">Bài tự kiểm tra</th>'
        '<th scope="col">Điểm cao nhất</th><th scope="col">Ngày đạt điểm đó</th><th scope="col">Điểm đạt</th>'
        f'<th scope="col">Trạng thái</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        '<p class="rs-summary" aria-live="polite">Kết quả được lưu trên trình duyệt này; cần bật JavaScript để điền phiếu.</p>'
        '<div class="rs-sign"><p>Học viên<br><em>(ký, ghi rõ họ tên)</em></p>'
        "<p>Giảng viên xác nhận<br><em>(ký, ghi rõ họ tên)</em></p></div>"
        '<p class="rs-actions"><button type="button" class="md-button md-button--primary rs-print" hidden>In phiếu (A4)</button></p>'
        "</div>"
    )


MACROS: dict = {
    "classtest_grader": _no_args("classtest_grader", render_grader),
    "review_mistakes": _no_args("review_mistakes", render_review),
    "result_sheet": _no_args("result_sheet", render_result_sheet),
}
