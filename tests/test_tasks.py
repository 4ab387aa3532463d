"""The branch secretary's tasks (issue 11): each one a section with steps, a "Căn cứ",
a worked example and at least three quiz questions that send the reader back to it;
the task index page links every one of them."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.repository import markdown_headings

# (title, page, anchor)
TASKS = [
    ("Kết nạp đảng viên từ đầu đến cuối", "cong-tac-dang-vien/index.md", "ket-nap-tung-buoc"),
    ("Đảng viên dự bị và công nhận chính thức", "cong-tac-dang-vien/index.md", "du-bi-chinh-thuc"),
    ("Biểu quyết và bỏ phiếu", "cong-tac-dang-vien/index.md", "bieu-quyet-bo-phieu"),
    ("Đánh giá, xếp loại chất lượng theo Quy định 366", "kiem-tra-giam-sat-ky-luat/index.md", "danh-gia-xep-loai"),
    ("Kỷ luật và tố cáo ở chi bộ", "kiem-tra-giam-sat-ky-luat/index.md", "ky-luat-to-cao-chi-bo"),
    ("Đại hội chi bộ, bầu chi ủy, bí thư, phó bí thư", "to-chuc-co-so-dang/index.md", "dai-hoi-chi-bo"),
    ("Yêu cầu của Chỉ thị 50 và Hướng dẫn 42 với buổi sinh hoạt", "sinh-hoat-chi-bo/index.md", "yeu-cau-ct50-hd42"),
]
TASK_INDEX = "viec-can-lam.md"


def section(page: str, anchor: str) -> str:
    """The Markdown of the section under the heading with ``anchor`` (up to the next heading
    of the same or a higher level)."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    lines = text.splitlines()
    heads = [(i, level, a) for i, (level, a, _t) in zip(
        [i for i, ln in enumerate(lines) if re.match(r"^#{1,6}\s", ln) and not _in_fence(lines, i)],
        markdown_headings(text))]
    for k, (i, level, a) in enumerate(heads):
        if a == anchor:
            end = next((j for j, lv, _ in heads[k + 1:] if lv <= level), len(lines))
            return "\n".join(lines[i:end])
    raise AssertionError(f"{page}: no section #{anchor}")


def steps(body: str) -> list[str]:
    """Numbered list items and table body rows (a step table has one row per step)."""
    items = re.findall(r"^\s*\d+\.\s+\S.*$", body, flags=re.M)
    lines = body.splitlines()
    sep = re.compile(r"^\|[\s:|-]+\|?\s*$")
    headers = {i - 1 for i, ln in enumerate(lines) if sep.match(ln)}
    rows = [ln for i, ln in enumerate(lines) if ln.startswith("|") and not sep.match(ln) and i not in headers]
    return items + rows


def _in_fence(lines: list[str], index: int) -> bool:
    return sum(1 for ln in lines[:index] if re.match(r"^\s*(```|~~~)", ln)) % 2 == 1


@pytest.mark.parametrize("title,page,anchor", TASKS, ids=[t[2] for t in TASKS])
def test_task_is_taught_end_to_end(title, page, anchor, repo):
    body = section(page, anchor)
    assert len(body.split()) >= 250, f"#{anchor} is too short to teach the task ({len(body.split())} words)"
    assert re.search(r"\{\{\s*cite\(", body), f"#{anchor} has no Căn cứ"
    assert re.search(r"cite\([^)]*\"(Điều|Mục|Phần|Khoản|Điểm|Nội dung|mục|điểm)", body), f"#{anchor} cites no article"
    assert re.search(r'^\s*(!!!|\?\?\?\+?)\s+\w+\s+"Ví dụ', body, flags=re.M), f"#{anchor} has no worked example"
    assert len(steps(body)) >= 3, f"#{anchor} lists no steps"
    target = f"{page}#{anchor}"
    questions = [q["id"] for bank in repo.items["quiz"].values() for q in bank[1]["questions"]
                 if q.get("review") == target]
    assert len(questions) >= 3, f"{target}: only {len(questions)} questions review this task"


def test_task_index_links_every_task_and_its_tools():
    text = (ROOT / "docs" / TASK_INDEX).read_text(encoding="utf-8")
    for _title, page, anchor in TASKS:
        assert f"{page}#{anchor}" in text, f"{TASK_INDEX} does not link {page}#{anchor}"
    assert "quy-trinh/danh-muc-kiem-tra.md#" in text and "quy-trinh/moc-thoi-gian.md#" in text
    assert "mau-bieu/" in text, "the task index links no template"


def test_section_finder_stops_at_the_next_heading_of_the_same_level(tmp_path):
    body = section("sinh-hoat-chi-bo/index.md", "yeu-cau-ct50-hd42")
    assert body.startswith("#") and "yeu-cau-ct50-hd42" in body.splitlines()[0]
    assert not any(ln.startswith("## ") for ln in body.splitlines()[1:])


def test_questions_reach_200_with_at_least_20_per_module(repo):
    from test_content import MODULES

    counts = {slug: len(repo.get("quiz", slug)[1]["questions"]) for slug in MODULES.values()}
    assert all(n >= 20 for n in counts.values()), counts
    assert sum(counts.values()) >= 200, counts
