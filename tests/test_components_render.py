"""HTML produced by the checklist, timeline and procedure macros (no browser)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from lxml import etree, html

from macros import checklist, procedure, timeline
from macros.context import Context

ROOT = Path(__file__).resolve().parent.parent


def ctx(repo, page="quy-trinh/danh-muc-kiem-tra.md"):
    return Context(repo=repo, page=page, meta={})


def frag(markup: str):
    return html.fragment_fromstring(markup, create_parent="div")


# ---------------------------------------------------------------- checklists
def test_checklist_has_labelled_checkboxes_grouped_in_fieldsets(repo):
    data = repo.get("checklist", "chuan-bi-sinh-hoat-chi-bo")[1]
    root = frag(checklist.MACROS["checklist"](ctx(repo), "chuan-bi-sinh-hoat-chi-bo"))
    items = [it for g in data["groups"] for it in g["items"]]
    boxes = root.xpath('//input[@type="checkbox"]')
    assert len(boxes) == len(items) == 18
    assert [b.get("data-item") for b in boxes] == [it["id"] for it in items]
    for box in boxes:
        labels = root.xpath(f'//label[@for="{box.get("id")}"]')
        assert len(labels) == 1 and labels[0].text_content().strip()
    assert len(set(b.get("id") for b in boxes)) == len(boxes)
    legends = [lg.text_content() for lg in root.xpath("//fieldset/legend")]
    assert legends == [g["title"] for g in data["groups"]]
    # who is responsible and notes are tied to the box for screen readers
    first = boxes[0]
    meta = root.get_element_by_id(first.get("aria-describedby"))
    assert "Người thực hiện:" in meta.text_content() and items[0]["who"] in meta.text_content()


def test_checklist_counter_is_a_polite_live_region_hidden_without_js(repo):
    root = frag(checklist.MACROS["checklist"](ctx(repo), "bien-ban-sinh-hoat-chi-bo"))
    controls = root.xpath('//*[contains(@class, "sotay-checklist__controls")]')[0]
    assert controls.get("hidden") is not None
    counter = controls.xpath('.//*[@aria-live]')[0]
    assert counter.get("aria-live") == "polite" and counter.get("role") == "status"
    assert "0/13" in counter.text_content()
    button = controls.xpath(".//button")[0]
    assert button.get("type") == "button" and button.text_content() == "Bỏ mọi dấu tích"
    wrapper = root.xpath('//*[@data-checklist="bien-ban-sinh-hoat-chi-bo"]')[0]
    assert wrapper.get("data-total") == "13"


def test_checklist_sources_are_numbered_notes(repo):
    root = frag(checklist.MACROS["checklist"](ctx(repo), "ho-so-ket-nap-dang-vien"))
    notes = root.xpath('//ol[contains(@class, "sotay-sources")]/li')
    refs = root.xpath('//span[contains(@class, "sotay-refs")]/a')
    assert notes and refs
    ids = {li.get("id") for li in notes}
    assert all(a.get("href")[1:] in ids for a in refs)
    assert all(a.xpath('.//*[contains(@class, "sotay-visually-hidden")]') for a in refs)
    # Register links are relative to the page the checklist is on.
    hrefs = [a.get("href") for a in notes[0].xpath(".//a")]
    assert hrefs and all(h.startswith("../van-ban-tham-khao.html#") for h in hrefs)
    # The admission checklist is verified (no badge); an item flagged unverified still gets one.
    assert not root.xpath('//*[contains(@class, "sotay-badge--unverified")]')
    data = copy.deepcopy(repo.get("checklist", "ho-so-ket-nap-dang-vien")[1])
    data["groups"][0]["items"][0]["unverified"] = True
    flagged = frag(checklist.render(data, repo.sources, "quy-trinh/danh-muc-kiem-tra.md"))
    badges = flagged.xpath('//*[contains(@class, "sotay-badge--unverified")]')
    assert len(badges) == 1 and badges[0].text_content() == "chưa xác minh"


def test_checklist_escapes_author_text(repo):
    data = {
        "id": "thu", "title": "<script>alert(1)</script> & co",
        "groups": [{"title": "<b>Nhóm</b>", "items": [
            {"id": "a", "text": "**đậm** <img src=x onerror=alert(1)>", "who": "<i>ai</i>", "note": "[x](javascript:alert(1))"},
        ]}],
    }
    out = checklist.render(data, repo.sources, "x.md")
    assert "<script>" not in out and "<img" not in out and "<i>ai</i>" not in out and "<b>Nhóm" not in out
    assert "&lt;script&gt;" in out and "&lt;img" in out and "<strong>đậm</strong>" in out
    assert "javascript:" not in out
    root = frag(out)
    assert root.xpath("//label")[0].text_content().startswith("đậm")


# ---------------------------------------------------------------- timelines
def test_timeline_steps_limits_and_calculator(repo):
    out = timeline.MACROS["timeline"](ctx(repo, "quy-trinh/moc-thoi-gian.md"), "ket-nap-dang-vien")
    root = frag(out)
    data = repo.get("timeline", "ket-nap-dang-vien")[1]
    steps = root.xpath('//ol[contains(@class, "sotay-timeline__steps")]/li')
    assert [li.get("data-step") for li in steps] == [s["id"] for s in data["steps"]]
    # 13 steps, numbered as in module 3 and QT-01; the admission decision is step 8.
    assert [li.xpath('.//*[contains(@class, "sotay-timeline__marker")]')[0].text for li in steps] == [str(n) for n in range(1, 14)]
    limit = steps[7].xpath('.//*[contains(@class, "sotay-timeline__limit")]')[0].text_content()
    assert "Trong 60 ngày làm việc kể từ ngày chi bộ có nghị quyết đề nghị kết nạp (bước 6)" in limit
    assert "trường hợp đặc biệt: thêm 30 ngày làm việc" in limit
    link = steps[7].xpath('.//*[contains(@class, "sotay-timeline__limit")]//a')[0]
    assert link.get("href") == "#timeline-ket-nap-dang-vien-nghi-quyet-ket-nap"
    # Calculator: hidden until JS runs; one labelled date input per step others count from.
    calc = root.xpath('//*[contains(@class, "sotay-calc")]')[0]
    assert calc.get("hidden") is not None
    inputs = calc.xpath('.//input[@data-anchor]')
    assert all(i.get("type") == "text" and i.get("placeholder") == "dd/mm/yyyy" for i in inputs)
    anchors = [i.get("data-anchor") for i in inputs]
    assert anchors == ["nghi-quyet-ket-nap", "nhan-quyet-dinh", "le-ket-nap", "het-du-bi", "nghi-quyet-chinh-thuc"]
    for inp in inputs:
        label = calc.xpath(f'.//label[@for="{inp.get("id")}"]')[0].text_content()
        assert label[0].isupper() and "(bước" in label
        assert inp.get("inputmode") == "numeric" and "hint" in inp.get("aria-describedby")
    summary = calc.xpath('.//*[contains(@class, "sotay-calc__summary")]')[0]
    assert summary.get("aria-live") == "polite"
    method = calc.xpath('.//*[contains(@class, "sotay-calc__method")]')[0].text_content()
    assert "ngày D không tính" in method and "văn bản gốc" in method and "2020–2030" in method
    assert len(root.xpath("//*[@data-deadline-for]")) == len(steps)


def test_timeline_embeds_step_data_and_the_holiday_table_as_json(repo, cal):
    root = frag(timeline.MACROS["timeline"](ctx(repo), "ket-nap-dang-vien"))
    payload = json.loads(root.xpath('//script[@type="application/json"][contains(@class, "sotay-timeline__data")]')[0].text)
    by_id = {s["id"]: s for s in payload["steps"]}
    assert by_id["quyet-dinh-ket-nap"] | {} == {
        "id": "quyet-dinh-ket-nap", "n": 8, "title": "Cấp ủy có thẩm quyền ra quyết định kết nạp",
        "ref": "nghi-quyet-ket-nap", "dir": "after", "amount": 60, "unit": "working_days",
        "ext": {"amount": 30, "unit": "working_days", "when": "trường hợp đặc biệt"},
    }
    assert by_id["het-du-bi"]["label"] == "Ngày hết thời kỳ dự bị"
    table = json.loads(root.xpath('//script[contains(@class, "sotay-workdays-table")]')[0].text)
    assert table == json.loads(cal.to_json())


def test_timeline_before_limit_wording(repo):
    root = frag(timeline.MACROS["timeline"](ctx(repo), "sinh-hoat-chi-bo-hang-thang"))
    step = root.get_element_by_id("timeline-sinh-hoat-chi-bo-hang-thang-dua-tai-lieu")
    text = step.xpath('.//*[contains(@class, "sotay-timeline__limit")]')[0].text_content()
    assert "Ít nhất 01 ngày trước buổi sinh hoạt" in text and "ngày sinh hoạt chi bộ (ngày 3 hằng tháng) (bước 5)" in text
    assert [i.get("data-anchor") for i in root.xpath('//input[@data-anchor]')] == ["sinh-hoat"]


def test_timeline_without_numeric_limits_has_no_calculator(repo):
    for tid in ("giam-sat-chuyen-de", "danh-gia-xep-loai-hang-nam"):
        out = timeline.MACROS["timeline"](ctx(repo), tid)
        assert "sotay-calc" not in out and "application/json" not in out
        root = frag(out)
        assert root.xpath('//li[contains(@class, "sotay-timeline__step")]')
        status = repo.get("timeline", tid)[1]["status"]
        assert checklist.STATUS_NOTICES[status][0] in out


def test_timeline_json_cannot_break_out_of_its_script(repo, cal):
    data = copy.deepcopy(repo.get("timeline", "ket-nap-dang-vien")[1])
    data["steps"][2]["title"] = "</script><script>alert(1)</script>"
    out = timeline.render(data, repo.sources, "x.md", cal)
    assert "</script><script>" not in out
    assert out.count("<script") == 3  # steps, holiday table, override notes
    root = frag(out)
    payload = json.loads(root.xpath('//script[contains(@class, "sotay-timeline__data")]')[0].text)
    assert payload["steps"][2]["title"] == "</script><script>alert(1)</script>"


# ---------------------------------------------------------------- procedures
def _procedure_blocks(repo, code):
    return procedure.MACROS["procedure"](ctx(repo, f"quy-trinh/{code.lower()}.md"), code)


def test_procedure_sections_are_markdown_headings(repo):
    out = _procedure_blocks(repo, "QT-01")
    heads = re.findall(r"^## (.+?) \{#(qt-01-[a-z-]+)\}$", out, flags=re.M)
    assert [h[0] for h in heads] == [
        "1. Mục đích", "2. Phạm vi áp dụng", "3. Tài liệu viện dẫn", "4. Thuật ngữ và chữ viết tắt",
        "5. Lưu đồ", "6. Diễn giải các bước", "7. Hồ sơ lưu", "8. Theo dõi sửa đổi",
    ]
    # Raw HTML blocks must not contain blank lines (Markdown would end the block there).
    for block in out.strip().split("\n\n"):
        assert block.strip()


def test_procedure_document_control_block(repo):
    out = _procedure_blocks(repo, "QT-03")
    root = frag(out.split("\n\n## ")[0])
    cells = {tr.xpath("./th")[0].text_content(): tr.xpath("./td")[0].text_content()
             for tr in root.xpath('//table[contains(@class, "control-table")]//tr')}
    assert cells["Mã số"] == "QT-03"
    assert cells["Lần ban hành"] == "1"
    assert cells["Ngày hiệu lực"].startswith("22/11/2026")
    assert cells["Người phê duyệt"]
    assert checklist.STATUS_NOTICES["du-thao-mau"][0] in root.text_content()


@pytest.mark.parametrize("code", sorted(f"QT-0{n}" for n in range(1, 10)))
def test_procedure_flowchart_svg_and_text_version(repo, code):
    data = repo.get("procedure", code)[1]
    svg_text = procedure.flowchart_svg(data)
    svg = etree.fromstring(svg_text.encode())  # well-formed XML
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    title = svg.find("s:title", ns)
    assert title is not None and svg.get("aria-labelledby") == title.get("id")
    assert code in title.text
    decisions = [s for s in data["steps"] if s.get("type") == "decision"]
    assert len(svg.findall(".//s:polygon", ns)) == len(decisions) >= 1
    texts = " ".join("".join(t.itertext()) for t in svg.findall(".//s:text", ns))
    for n, s in enumerate(data["steps"], 1):
        assert f"{n}." in texts
    for s in decisions:
        for b in s["branches"]:
            assert b["label"] in texts
    # Every arrow points at something: one marker-end per edge (start + successors).
    edges = 1 + sum(len(procedure.successors(data["steps"], i)) for i in range(len(data["steps"])))
    assert len(svg.xpath('.//*[@marker-end]')) == edges
    # Text alternative: aria-describedby names the ordered list, one item per step.
    out = _procedure_blocks(repo, code)
    root = frag(out.replace("\n\n## ", "\n<hr>\n").replace("\n\n", "\n"))
    ol = root.get_element_by_id(svg.get("aria-describedby"))
    assert ol.tag == "ol" and len(ol.xpath("./li")) == len(data["steps"])
    for s in decisions:
        for b in s["branches"]:
            assert f"{b['label']}:" in ol.text_content()


def test_procedure_step_and_record_tables(repo):
    data = repo.get("procedure", "QT-05")[1]
    out = _procedure_blocks(repo, "QT-05")
    root = frag(out.replace("\n\n## ", "\n<hr>\n").replace("\n\n", "\n"))
    steps = root.xpath('//table[contains(@class, "sotay-procedure__steps")]/tbody/tr')
    assert len(steps) == len(data["steps"])
    assert [th.text_content() for th in root.xpath('//table[contains(@class, "sotay-procedure__steps")]//th')] == \
        ["Bước", "Nội dung công việc", "Trách nhiệm", "Biểu mẫu, hồ sơ", "Thời hạn"]
    # A jump to a non-adjacent step is spelled out in the table.
    ky_luat = steps[5].text_content()
    assert "Tiếp theo: sang bước 8" in ky_luat
    records = root.xpath('//table[contains(@class, "sotay-procedure__records")]/tbody/tr')
    assert len(records) == len(data["records"])
    clauses = [li.text_content() for li in root.xpath('//ul[contains(@class, "sotay-procedure__clauses")]/li')]
    assert clauses == [f"{c} {procedure.ISO_CLAUSES[c]}" for c in sorted(data["iso_clauses"], key=procedure.clause_key)]
    related = root.xpath('//p[contains(@class, "sotay-procedure__related")]/a')
    assert [a.get("href") for a in related] == ["qt-04.html", "qt-08.html"]


def test_procedure_escapes_author_text_in_svg_and_html(repo):
    data = copy.deepcopy(repo.get("procedure", "QT-09")[1])
    data["steps"][0]["name"] = 'Lập <kế hoạch> & "chương trình"'
    decision = next(s for s in data["steps"] if s.get("branches"))
    decision["branches"][0]["label"] = "<Không>"
    data["purpose"] = "<script>alert(1)</script>"
    out = procedure.render(data, repo.sources, "quy-trinh/qt-09.md")
    assert "<script>" not in out and "<kế hoạch>" not in out and "<Không>" not in out
    svg = etree.fromstring(procedure.flowchart_svg(data).encode())
    assert 'Lập <kế hoạch> & "chương' in "".join(svg.itertext())


def test_register_lists_every_procedure(repo):
    out = procedure.MACROS["procedure_register"](ctx(repo, "quy-trinh/index.md"))
    root = frag(out)
    rows = root.xpath("//tbody/tr")
    assert len(rows) == len(repo.items["procedure"]) == 9
    for n, row in enumerate(rows, 1):
        cells = [td.text_content() for td in row.xpath("./td")]
        code = f"QT-0{n}"
        data = repo.get("procedure", code)[1]
        assert cells[0] == code
        assert cells[1].startswith(data["title"])
        assert cells[2] == str(data["revision"])
        assert cells[3] == "/".join(reversed(data["effective_date"].split("-")))
        assert row.xpath("./td/a")[0].get("href") == f"qt-0{n}.html"
    headers = [th.text_content() for th in root.xpath("//thead//th")]
    assert headers[:4] == ["Mã số", "Tên tài liệu", "Lần ban hành", "Ngày hiệu lực"]


def test_register_requires_every_procedure_page(repo, monkeypatch):
    anchors = dict(repo.anchors())
    anchors.pop("quy-trinh/qt-04.md")
    monkeypatch.setattr(repo, "anchors", lambda: anchors)
    with pytest.raises(KeyError, match="docs/quy-trinh/qt-04.md"):
        procedure.MACROS["procedure_register"](ctx(repo, "quy-trinh/index.md"))


def test_unknown_ids_raise_author_errors(repo):
    with pytest.raises(KeyError, match="không có checklist 'khong-co'"):
        checklist.MACROS["checklist"](ctx(repo), "khong-co")
    with pytest.raises(KeyError, match="không có timeline 'x'"):
        timeline.MACROS["timeline"](ctx(repo), "x")
    with pytest.raises(KeyError, match="không có procedure 'QT-00'"):
        procedure.MACROS["procedure"](ctx(repo), "QT-00")


# ---------------------------------------------------------------- built site
def test_built_pages_contain_the_components(site_dir):
    reg = html.parse(str(site_dir / "quy-trinh/index.html")).getroot()
    assert len(reg.xpath('//table[contains(@class, "sotay-register")]/tbody/tr')) == 9
    for n in range(1, 10):
        page = html.parse(str(site_dir / f"quy-trinh/qt-0{n}.html")).getroot()
        assert page.xpath('//svg[@role="img"]'), n
        assert page.xpath(f'//h2[@id="qt-0{n}-luu-do"]'), n
        toc = page.xpath('//nav[contains(@class, "md-nav--secondary")]//a/@href')
        assert f"#qt-0{n}-luu-do" in toc
    tl = html.parse(str(site_dir / "quy-trinh/moc-thoi-gian.html")).getroot()
    assert len(tl.xpath('//*[contains(@class, "sotay-timeline")][@data-timeline]')) == 4
    cl = html.parse(str(site_dir / "quy-trinh/danh-muc-kiem-tra.html")).getroot()
    assert len(cl.xpath('//*[@data-checklist]')) == 5


def test_internal_links_of_every_component_resolve(repo):
    """Step references and [n] source notes point at ids inside the same component."""
    rendered = []
    for cid in repo.items["checklist"]:
        rendered.append(checklist.MACROS["checklist"](ctx(repo), cid))
    for tid in repo.items["timeline"]:
        rendered.append(timeline.MACROS["timeline"](ctx(repo), tid))
    for code in repo.items["procedure"]:
        out = _procedure_blocks(repo, code)
        rendered.append(out.replace("\n\n## ", "\n<hr>\n").replace("\n\n", "\n"))
    checked = 0
    for out in rendered:
        root = frag(out)
        ids = set(root.xpath("//@id"))
        for href in root.xpath('//a[starts-with(@href, "#")]/@href'):
            assert href[1:] in ids, href
            checked += 1
        # Every numbered note is used by at least one [n] link or is the component's own source.
        assert len(root.xpath('//ol[contains(@class, "sotay-sources")]')) == 1
    assert checked > 100
