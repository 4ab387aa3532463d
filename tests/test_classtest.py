"""The training session (issue 12): class-test file, hand-in codes, the trainer's grading
page, timers, review of mistakes, the result sheet and the trainee edition.

Everything runs in Debian's Chromium. The expected answers and scores are computed from
the bank YAML (via the real loader), never hard-coded: a question the draw gives is
answered right or wrong from its key, and the expected percentage follows the engine's
rule (floor of 100 x points earned / points drawn).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, build_site, copy_project
from macros.classtest import bank_version, grading_data
from macros.quiz import _plain

pytestmark = pytest.mark.browser

BANK = "vi-du-cac-dang-cau-hoi"  # every question type
GRADER = "giang-vien/cham-bai-kiem-tra.html"
XSS = '<img src=x onerror="window.__xss=1">Lê B'
T0 = datetime(2026, 11, 30, 8, 0, 0)


# ----------------------------------------------------------------- helpers
def make_test(out: Path, bank: str = BANK, n: int | None = 12, minutes: int | None = None, root: Path = ROOT) -> Path:
    cmd = [sys.executable, "-m", "macros.classtest", bank, "--out", str(out), "--root", str(root)]
    if n:
        cmd += ["--n", str(n)]
    if minutes:
        cmd += ["--minutes", str(minutes)]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out / f"{bank}.html"


@pytest.fixture(scope="module")
def questions(repo):
    return repo.items["quiz"][BANK][1]["questions"]


@pytest.fixture(scope="module")
def class_file(tmp_path_factory):
    return make_test(tmp_path_factory.mktemp("kiem-tra"))


@pytest.fixture
def requests_seen(page):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def start(page, url: str, name: str, unit: str):
    page.goto(url)
    page.fill("#ct-name", name)
    page.fill("#ct-unit", unit)
    page.click("#ct-begin")
    page.wait_for_selector("#ct-test:not([hidden])")


def drawn(page) -> list[int]:
    return page.eval_on_selector_all("#ct-list > .ct-q:not([hidden])", "els => els.map(e => +e.dataset.q)")


def answer(page, index: int, q: dict, right: bool) -> None:
    """Answer bank question `index` (shown in the page) right or wrong, from its key."""
    li = page.locator(f'.ct-q[data-q="{index}"]')
    t = q["type"]
    if t in ("single", "multiple"):
        good = [i for i, o in enumerate(q["options"]) if o.get("correct")]
        bad = [i for i, o in enumerate(q["options"]) if not o.get("correct")]
        for i in (good if right else bad[:1]):
            li.locator(f'input[value="{i}"]').check()
    elif t == "true_false":
        li.locator(f'input[value="{str(q["answer"] == right).lower()}"]').check()
    elif t == "ordering":
        if right:  # use the Lên buttons: bubble each item to its place
            for target in range(len(q["items"])):
                while True:
                    order = li.locator(".ct-order > li").evaluate_all("els => els.map(e => +e.dataset.i)")
                    pos = order.index(target)
                    if pos == target:
                        break
                    li.locator(f'.ct-order > li[data-i="{target}"] button').first.click()
    elif t == "matching":
        n = len(q["pairs"])
        for i in range(n):
            li.locator("select").nth(i).select_option(str(i if right else (i + 1) % n))
    elif t == "numeric":
        value = q["answer"] if right else q["answer"] + q.get("tolerance", 0) + 1000
        li.locator("input").fill(str(value).replace(".", ","))
    else:
        li.locator("input").fill(q["answers"][0] if right else "không biết")


def submit(page) -> str:
    page.click("#ct-submit")
    if page.locator("#ct-missing:not([hidden])").count():
        page.click("#ct-submit")
    page.wait_for_selector("#ct-done:not([hidden])")
    return page.text_content("#ct-code")


def expected_percent(qs: list[dict], right: set[int]) -> int:
    earned = sum(q.get("points", 1) for i, q in enumerate(qs) if i in right)
    total = sum(q.get("points", 1) for q in qs)
    return math.floor(earned * 100 / total + 1e-9)


# ----------------------------------------------------------------- no grading data
def test_class_file_holds_no_grading_data(class_file, repo, questions):
    raw = class_file.read_text(encoding="utf-8")
    doc = lxml.html.document_fromstring(raw)
    text = unescape(raw)
    # The only data block: the draw's shapes, nothing about answers.
    data = json.loads(doc.get_element_by_id("ct-data").text)
    assert set(data) == {"bank", "title", "tag", "version", "count", "minutes", "flags", "shapes"}
    assert all(set(s) <= {"t", "n", "m"} for s in data["shapes"])
    assert len(data["shapes"]) == len(questions)
    # What a trainee must see anyway (a short answer may also be a word of another question).
    public = " ".join(_plain(x) for q in questions for x in (
        [q["prompt"]] + [o["text"] for o in q.get("options", [])] + q.get("items", [])
        + [p[k] for p in q.get("pairs", []) for k in ("left", "right")] + q.get("distractors", [])))
    checked = 0
    for q in questions:
        secrets = [q["explanation"]] + list((q.get("feedback") or {}).values())
        secrets += [o["feedback"] for o in q.get("options", []) if o.get("feedback")]
        if q["type"] == "short_text":
            secrets += [a for a in q["answers"] if a not in public]
        for secret in secrets:
            plain = _plain(secret)
            probe = plain[:60] if len(plain) > 12 else plain
            assert probe not in text, (q["id"], probe)
            checked += 1
        # The prompt and every option are there, so the test can be taken.
        assert _plain(q["prompt"])[:40] in text
    assert checked > 20
    assert 'data-correct' not in raw and '"c":' not in raw and '"a":' not in raw
    # One file: nothing it loads, and a policy that forbids loading anything.
    assert doc.xpath("//*[@src] | //link[@href] | //iframe | //object | //embed") == []
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert re.findall(r"url\((?!data:)", raw) == []
    assert "@font-face" in raw and "font/woff2" in raw
    size = class_file.stat().st_size
    assert 50_000 < size < 400_000, size


def test_bank_version_covers_text_the_file_never_holds(repo):
    bank = repo.items["quiz"][BANK][1]
    edited = json.loads(json.dumps(bank))
    edited["questions"][0]["explanation"] += " (sửa)"
    assert bank_version(edited) != bank_version(bank)
    moved = json.loads(json.dumps(bank))
    moved["questions"][0]["review"] = "index.md#khac"
    assert bank_version(moved) == bank_version(bank)
    assert grading_data(BANK, bank)["version"] == bank_version(bank)


def test_generator_rejects_bad_requests(tmp_path):
    for args, needle in ((["khong-co"], "không có bộ câu hỏi"), ([BANK, "--n", "99"], "N=99")):
        proc = subprocess.run([sys.executable, "-m", "macros.classtest", *args, "--out", str(tmp_path)],
                              cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True)
        assert proc.returncode == 1
        assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_handin_core_node_tests():
    proc = subprocess.run(["node", "--test", str(ROOT / "tests" / "js" / "handin.test.js")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^# pass \d+", proc.stdout, re.M) and re.search(r"^# fail 0", proc.stdout, re.M)


# ----------------------------------------------------------------- take it, grade it
def test_take_twice_then_grade(page, requests_seen, class_file, questions, http_url, tmp_path):
    url = class_file.as_uri()
    taken = []
    # 1. Everything right.
    start(page, url, "Nguyễn Thị An", "Chi bộ 1")
    shown = drawn(page)
    assert len(shown) == 12 and len(set(shown)) == 12
    for i in shown:
        answer(page, i, questions[i], True)
    page.reload()  # answers survive a reload
    assert drawn(page) == shown
    code1 = submit(page)
    taken.append((shown, set(shown)))
    assert "%" not in page.inner_text("#ct-done") and "điểm" not in page.inner_text("#ct-code")
    assert page.eval_on_selector("#ct-qr", "c => c.width") > 100
    page.reload()
    assert page.text_content("#ct-code") == code1  # the code survives a reload
    # 2. Another trainee: the first six shown questions wrong, one left blank (fails).
    page.once("dialog", lambda d: d.accept())
    page.click("#ct-new")
    page.wait_for_selector("#ct-start:not([hidden])")
    start(page, url, XSS, "=2+3")
    shown2 = drawn(page)
    right2 = set(shown2[7:])
    for i in shown2[:6]:
        answer(page, i, questions[i], False)
    for i in shown2[7:]:
        answer(page, i, questions[i], True)
    code2 = submit(page)
    taken.append((shown2, right2))
    assert code1 != code2
    assert all(u == url for u in requests_seen), requests_seen  # no other file, no network
    assert len(code1) <= 200, code1

    # The trainer's page: both codes, a duplicate and a truncated code.
    page.goto(http_url + GRADER)
    page.fill("#ctg-text", f"Bài của An: {code1}\n{code2}\n{code1}\n{code2[:-6]}")
    page.click("#ctg-grade")
    page.wait_for_selector("#ctg-results:not([hidden])")
    warnings = page.inner_text("#ctg-warnings")
    assert page.locator("#ctg-warnings li.ctg-w-duplicate").count() == 1
    assert page.locator("#ctg-warnings li.ctg-w-checksum").count() == 1
    assert "trùng với mã số 1" in warnings
    rows = page.locator(f'.ctg-bank[data-bank="{BANK}"] tbody tr')
    assert rows.count() == 2
    for r, (shown_q, right), name, unit in ((0, taken[0], "Nguyễn Thị An", "Chi bộ 1"), (1, taken[1], XSS, "=2+3")):
        row = rows.nth(r)
        qs = [questions[i] for i in shown_q]
        pct = expected_percent(qs, {k for k, i in enumerate(shown_q) if i in right})
        assert row.locator(".ctg-name").inner_text() == name
        assert row.locator(".ctg-unit").inner_text() == unit
        assert row.locator(".ctg-score").inner_text() == f"{pct}%"
        assert row.locator(".ctg-pass").inner_text() == ("✓ Đạt" if pct >= 70 else "✗ Chưa đạt")
        for i in range(len(questions)):
            cell = row.locator(f'td.ctg-mark[data-q="{questions[i]["id"]}"]')
            if cell.count():
                want = "—" if i not in shown_q else ("✓" if i in right else "✗")
                assert cell.inner_text() == want, (name, questions[i]["id"])
    assert pct < 70  # the second trainee failed
    assert rows.nth(0).locator(".ctg-score").inner_text() == "100%"
    # The name with markup stayed text.
    assert page.locator(".ctg-bank table img").count() == 0
    assert page.evaluate("window.__xss") is None
    # Difficulty: share right per question among those who got it.
    for i in set(taken[0][0]) | set(taken[1][0]):
        got = [t for t in taken if i in t[0]]
        share = round(100 * sum(1 for t in got if i in t[1]) / len(got))
        assert page.locator(f'td.ctg-share[data-q="{questions[i]["id"]}"]').inner_text() == f"{share}%"
    # CSV: BOM, Vietnamese intact, exact rows, no formula injection.
    with page.expect_download() as dl:
        page.click(f'.ctg-bank[data-bank="{BANK}"] .ctg-csv')
    data = Path(dl.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:6] == ["STT", "Họ và tên", "Đơn vị", "Bộ câu hỏi", "Điểm (%)", "Kết quả"]
    assert table[1][:6] == ["1", "Nguyễn Thị An", "Chi bộ 1", BANK, "100", "Đạt"]
    assert table[2][1] == XSS and table[2][2] == "'=2+3"
    assert table[2][4] == str(pct) and table[2][5] == "Chưa đạt"
    for line in table[1:]:
        assert not any(c[:1] in "=+-@" for c in line if c)
    head = table[0]
    for k, i in enumerate(taken[1][0]):
        col = next(j for j, h in enumerate(head) if h.endswith(" " + questions[i]["id"]))
        assert table[2][col] == ("Đúng" if i in taken[1][1] else "Sai")
    # A4 print sheet (landscape: one column per question): the results only.
    page.evaluate("window.print = function () { window.__printed = document.documentElement.className; }")
    page.click(f'.ctg-bank[data-bank="{BANK}"] .ctg-print')
    assert "ctg-printing" in page.evaluate("window.__printed")
    page.evaluate("document.documentElement.classList.add('ctg-printing')")
    page.emulate_media(media="print")
    assert not page.locator("#ctg-text").is_visible() and not page.locator("#ctg-warnings").is_visible()
    assert page.locator(".ctg-bank table").is_visible()
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert "NguyễnThịAn" in re.sub(r"\s+", "", pages[0].extract_text())


def test_code_of_an_edited_bank_is_reported(page, tmp_path, http_url):
    root = copy_project(tmp_path / "project")
    path = root / "quizzes" / f"{BANK}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('explanation: "', 'explanation: "Bản đã sửa. ', 1), encoding="utf-8")
    edited = make_test(tmp_path / "out", root=root)
    start(page, edited.as_uri(), "Trần Văn C", "Chi bộ 2")
    code = submit(page)
    page.goto(http_url + GRADER)
    page.fill("#ctg-text", code)
    page.click("#ctg-grade")
    assert page.locator("#ctg-warnings li.ctg-w-version").count() == 1
    assert "phiên bản khác" in page.inner_text("#ctg-warnings")
    assert page.locator(".ctg-bank table tbody tr").count() == 0


def test_qr_photo_is_read(page, class_file, http_url, tmp_path):
    start(page, class_file.as_uri(), "Phạm Thị D", "Chi bộ 4")
    code = submit(page)
    png = tmp_path / "qr.png"
    page.locator("#ct-qr").screenshot(path=str(png))
    txt = tmp_path / "ma-nop-bai.txt"
    txt.write_text(f"Phạm Thị D gửi mã:\r\n{code}\r\n", encoding="utf-8")
    page.goto(http_url + GRADER)
    page.set_input_files("#ctg-files", [str(png), str(txt)])
    page.wait_for_selector("#ctg-results:not([hidden])")
    assert page.locator(".ctg-name").inner_text() == "Phạm Thị D"
    # The same code from the photo and from the text file: read twice, counted once.
    assert page.locator("#ctg-warnings li.ctg-w-duplicate").count() == 1
    assert code.startswith("KT")


# ----------------------------------------------------------------- timers
def test_class_test_timer_survives_reload_and_submits_at_zero(page, tmp_path, http_url, questions):
    timed = make_test(tmp_path, minutes=6)
    page.clock.install(time=T0)
    page.clock.pause_at(T0 + timedelta(seconds=1))
    start(page, timed.as_uri(), "Hoàng Văn E", "Chi bộ 5")
    assert page.text_content("#ct-timer") == "⏱ Thời gian còn lại: 6:00"
    page.clock.run_for(61_000)
    assert page.text_content("#ct-timer") == "⏱ Thời gian còn lại: 4:59"
    assert page.text_content("#ct-live") == "Còn 5 phút làm bài."
    first = drawn(page)[0]
    answer(page, first, questions[first], True)
    page.reload()
    page.wait_for_selector("#ct-test:not([hidden])")
    assert page.text_content("#ct-timer") == "⏱ Thời gian còn lại: 4:59"
    page.clock.run_for(240_000)
    assert page.text_content("#ct-live") == "Còn 1 phút làm bài."
    assert page.locator("#ct-done").is_hidden()
    page.clock.run_for(60_000)
    page.wait_for_selector("#ct-done:not([hidden])")
    code = page.text_content("#ct-code")
    page.goto(http_url + GRADER)
    page.fill("#ctg-text", code)
    page.click("#ctg-grade")
    row = page.locator(".ctg-bank table tbody tr").first
    assert row.locator(".ctg-time").inner_text() == "6:00"
    assert row.locator(f'td.ctg-mark[data-q="{questions[first]["id"]}"]').inner_text() == "✓"


@pytest.fixture(scope="module")
def timed_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("timed")
    root = copy_project(base / "project")
    path = root / "quizzes" / f"{BANK}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("pass_mark: 70\n", "pass_mark: 70\ntime_limit_minutes: 2\n", 1),
                    encoding="utf-8")
    proc = build_site(base / "site", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (base / "site").as_uri() + "/"


def test_site_exam_timer(page, timed_site):
    page.clock.install(time=T0)
    page.clock.pause_at(T0 + timedelta(seconds=1))
    page.goto(timed_site + "giang-vien/vi-du-cau-hoi.html")
    page.wait_for_selector(".quiz.quiz-js")
    assert page.locator(".quiz-timer").is_hidden()
    page.check('.quiz-modes input[value="exam"]')
    assert page.text_content(".quiz-timer") == "⏱ Thời gian còn lại: 2:00"
    page.clock.run_for(30_000)
    assert page.text_content(".quiz-timer") == "⏱ Thời gian còn lại: 1:30"
    page.reload()
    page.wait_for_selector(".quiz.quiz-js")
    assert page.is_checked('.quiz-modes input[value="exam"]')
    assert page.text_content(".quiz-timer") == "⏱ Thời gian còn lại: 1:30"
    page.clock.run_for(30_100)
    assert page.text_content(".quiz .quiz-sr[aria-live=assertive]") == "Còn 1 phút làm bài."
    page.clock.run_for(60_000)
    page.wait_for_selector(".quiz-result:not([hidden])")
    assert "Kết quả: 0%" in page.inner_text(".quiz-result")
    assert page.evaluate("JSON.parse(localStorage.getItem('sotay.timer.v1'))") == {}


# ----------------------------------------------------------------- review, result sheet
def test_review_of_mistakes_and_result_sheet(page, http_url, repo):
    bank = repo.items["quiz"]["sinh-hoat-chi-bo"][1]
    by_id = {q["id"]: q for q in bank["questions"]}
    page.clock.install(time=T0)
    page.goto(http_url + "sinh-hoat-chi-bo/tu-kiem-tra.html")
    page.wait_for_selector(".quiz.quiz-js")
    page.check('.quiz-modes input[value="exam"]')
    page.click(".quiz-submit")
    page.click(".quiz-confirm")  # submit with nothing answered: every question wrong
    page.wait_for_selector(".quiz-result:not([hidden])")
    wrong = page.eval_on_selector_all(".quiz-q:not([hidden])", "els => els.map(e => e.dataset.qid)")
    assert len(wrong) == bank["draw"]

    def review_ids():
        page.goto(http_url + "on-lai-cau-sai.html")
        page.wait_for_selector(".rv-summary")
        return page.eval_on_selector_all(".rv-bank:not([hidden]) .quiz-q:not([hidden])", "els => els.map(e => e.dataset.qid)")

    assert sorted(review_ids()) == sorted(wrong)
    assert f"Có {len(wrong)} câu cần ôn lại" in page.inner_text(".rv-summary")
    target = next(i for i in wrong if by_id[i]["type"] == "single")
    right = next(k for k, o in enumerate(by_id[target]["options"]) if o.get("correct"))

    def answer_right():
        li = page.locator(f'.quiz-q[data-qid="{target}"]')
        li.locator(f'input[value="{right}"]').check()
        li.locator(".quiz-check").click()
        assert "Đúng" in li.locator(".quiz-verdict").inner_text()

    answer_right()
    assert target in review_ids()
    answer_right()  # twice on the same day counts once
    assert target in review_ids()
    page.clock.set_system_time(T0 + timedelta(days=1))
    answer_right()
    ids = review_ids()
    assert target not in ids and len(ids) == len(wrong) - 1

    # Personal result sheet.
    page.goto(http_url + "phieu-ket-qua.html")
    row = page.locator('tr[data-bank="sinh-hoat-chi-bo"]')
    assert row.locator(".rs-best").inner_text() == "0%"
    assert row.locator(".rs-date").inner_text() == "30/11/2026"
    assert row.locator(".rs-status").inner_text() == "✗ Chưa đạt"
    assert page.locator('tr[data-bank="iso-9001"] .rs-status').inner_text() == "Chưa làm"
    page.fill("#rs-name", "Nguyễn Văn F")
    page.fill("#rs-unit", "Chi bộ 6")
    page.reload()
    assert page.input_value("#rs-name") == "Nguyễn Văn F"
    page.emulate_media(media="print")
    assert page.locator(".rs-print").is_hidden()
    assert page.locator('.rs-value[data-for="rs-name"]').inner_text() == "Nguyễn Văn F"
    assert page.locator('.rs-value[data-for="rs-name"]').is_visible()


# ----------------------------------------------------------------- trainee edition
def test_trainee_edition_has_no_trainer_section(tmp_path):
    dest = tmp_path / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), EDITION="hoc-vien")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert not (dest / "giang-vien").exists()
    assert (dest / "on-lai-cau-sai.html").is_file() and (dest / "phieu-ket-qua.html").is_file()
    for page in dest.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(href|src)="[^"]*giang-vien/', html), page
        assert "quiz-key" not in html and "ctg-data" not in html, page
    bad = subprocess.run(cmd, cwd=ROOT, env=dict(env, EDITION="khac"), capture_output=True, text=True, timeout=600)
    assert bad.returncode != 0 and "EDITION=khac" in bad.stderr


def test_review_rule_wrong_answer_restarts_the_count(page, http_url):
    page.clock.install(time=T0)
    page.goto(http_url + "on-lai-cau-sai.html")
    note = "([b, q, f]) => window.SotayReview.note(b, q, f)"
    listed = "() => Object.keys(window.SotayReview.mistakes())"
    assert page.evaluate(note, ["b", "q1", 0])["wrong"] == 1
    assert page.evaluate(note, ["b", "q2", 1]) is None  # right, never wrong: not listed
    page.evaluate(note, ["b", "q1", 1])
    page.clock.set_system_time(T0 + timedelta(days=1))
    page.evaluate(note, ["b", "q1", 0.5])  # partly right counts as wrong: start again
    assert page.evaluate(listed) == ["b/q1"]
    page.evaluate(note, ["b", "q1", 1])
    page.clock.set_system_time(T0 + timedelta(days=2))
    assert page.evaluate(note, ["b", "q1", 1]) is None
    assert page.evaluate(listed) == []
