"""Course content coverage: every module is complete, sourced, current and linked."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros.sources import parse_cite_args
from sitecheck import parse

MODULES = {
    1: "to-chuc-co-so-dang", 2: "sinh-hoat-chi-bo", 3: "cong-tac-dang-vien",
    4: "kiem-tra-giam-sat-ky-luat", 5: "quy-che-lam-viec", 6: "bao-ve-chinh-tri-noi-bo",
    7: "neu-guong-mo-hinh", 8: "iso-9001",
}
QUESTION_TYPES = {"single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text"}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


@pytest.mark.parametrize("number,slug", sorted(MODULES.items()))
def test_module_page_is_complete(number, slug, repo, site_dir):
    src = ROOT / "docs" / slug / "index.md"
    meta = front_matter(src)
    assert meta["module"] == number
    assert re.fullmatch(r"(0[1-9]|1[0-2])/20\d\d", str(meta["updated"]))
    assert meta.get("study_time")
    html_path = site_dir / slug / "index.html"
    html = html_path.read_text(encoding="utf-8")
    ids = parse(html_path).ids
    # Objectives (3 to 5), discussion questions (2 to 4), the notice and update date.
    assert {"muc-tieu", "cau-hoi-thao-luan"} <= ids
    md = src.read_text(encoding="utf-8")
    objectives = re.search(r"## Mục tiêu.*?\n(.*?)\n## ", md, flags=re.S).group(1)
    assert 3 <= len(re.findall(r"^\d+\. ", objectives, flags=re.M)) <= 5
    discussion = re.search(r"## Câu hỏi thảo luận.*?\n(.*?)(\n## |\Z)", md, flags=re.S).group(1)
    assert 2 <= len(re.findall(r"^\s*(\d+\.|-) ", discussion, flags=re.M)) <= 4
    assert "Cập nhật theo văn bản đến:" in html and "văn bản gốc" in html
    # Sources: several "Căn cứ" references, each pointing into the register.
    assert html.count('class="cite"') >= 3
    for key in re.findall(r'href="\.\./van-ban-tham-khao\.html#([a-z0-9-]+)"', html):
        assert key in repo.sources
    # Its quiz: a bank of at least 15 questions mixing all types, on the quiz page.
    doc, bank = repo.get("quiz", slug)
    assert bank["module"] == number
    questions = bank["questions"]
    assert len(questions) >= 15
    assert {q["type"] for q in questions} == QUESTION_TYPES
    quiz_html = (site_dir / slug / "tu-kiem-tra.html").read_text(encoding="utf-8")
    assert f'data-bank="{slug}"' in quiz_html
    assert quiz_html.count('class="quiz-q"') == len(questions)


def test_course_has_at_least_120_questions_and_no_repeated_prompt(repo):
    banks = [repo.get("quiz", slug)[1] for slug in MODULES.values()]
    questions = [q for b in banks for q in b["questions"]]
    assert len(questions) >= 120
    prompts = Counter(" ".join(q["prompt"].casefold().split()) for q in questions)
    repeated = [p for p, n in prompts.items() if n > 1]
    assert repeated == []


def test_every_review_link_resolves_in_the_built_site(repo, site_dir):
    missing = []
    for bank_id, (doc, bank) in repo.items["quiz"].items():
        for q in bank["questions"]:
            page, _, anchor = q["review"].partition("#")
            built = site_dir / (page[:-3] + ".html")
            if not built.is_file() or anchor not in parse(built).ids:
                missing.append(f"{bank_id}/{q['id']}: {q['review']}")
    assert missing == []


def test_every_cited_key_resolves(repo):
    cited = set()
    for path in (ROOT / "docs").rglob("*.md"):
        for call in re.findall(r"cite\(([^)]*)\)", path.read_text(encoding="utf-8")):
            # An argument shaped like a key is a key; anything else ("Điều 4") is the
            # article of the key before it (cite() with an article).
            cited |= {a for a in re.findall(r'"([^"]+)"', call) if re.fullmatch(r"[a-z0-9][a-z0-9-]*", a)}
    assert cited, "no page cites anything"
    assert sorted(cited - set(repo.sources)) == []


def test_no_glossary_term_is_unused(repo, site_dir):
    pages = [p for p in site_dir.rglob("*.html")
             if p.name != "thuat-ngu.html" and "assets" not in p.parts]
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    used = set(re.findall(r'<abbr title="[^"]*">([^<]+)</abbr>', text))
    unused = [t["term"] for t in repo.glossary if t["term"] not in used]
    assert unused == []


def test_glossary_terms_show_as_tooltips(repo, site_dir):
    html = (site_dir / "to-chuc-co-so-dang" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Tổ chức cơ sở đảng: [^"]+">TCCSĐ</abbr>', html)
    glossary = (site_dir / "thuat-ngu.html").read_text(encoding="utf-8")
    for term in repo.glossary:
        assert term["term"] in glossary


def test_all_authored_text_is_nfc():
    bad = []
    for base in ("docs", "quizzes", "data"):
        for path in (ROOT / base).rglob("*"):
            if path.suffix in (".md", ".yml", ".yaml", ".json") and path.is_file():
                text = path.read_text(encoding="utf-8")
                if text != unicodedata.normalize("NFC", text):
                    bad.append(str(path.relative_to(ROOT)))
    assert bad == []


def test_register_page_lists_every_source_with_status(repo, site_dir):
    html_path = site_dir / "van-ban-tham-khao.html"
    html = html_path.read_text(encoding="utf-8")
    ids = parse(html_path).ids
    for key, src in repo.sources.items():
        assert key in ids, key
    assert html.count("Đã được thay thế") >= sum(s["status"] == "replaced" for s in repo.sources.values())
    assert "Chưa xác minh" in html


def test_no_example_depends_on_the_district_level():
    """Since 01/7/2025 there is no cấp huyện: pages may mention it only as history."""
    offenders = []
    for path in (ROOT / "docs").rglob("*.md"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            low = line.lower()
            if ("cấp huyện" in low or "huyện ủy" in low) and not any(
                    w in low for w in ("không còn", "bỏ cấp", "trước", "01/7/2025", "không có cấp", "địa bàn huyện")):
                offenders.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()[:100]}")
    assert offenders == []
