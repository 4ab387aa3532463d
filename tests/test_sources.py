"""The register of sources and how pages cite it."""

from macros.repository import Repository
from macros.sources import cite, replaced_mentions, short_name
from conftest import ROOT

SOURCES = {
    "qd-29-2016": {"key": "qd-29-2016", "kind": "quy-dinh", "number": "29-QĐ/TW", "title": "T",
                   "date": "2016-07-25", "status": "replaced", "replaced_by": "qd-294-2025",
                   "confidence": "high"},
    "qd-294-2025": {"key": "qd-294-2025", "kind": "quy-dinh", "number": "294-QĐ/TW", "title": "T",
                    "date": "2025-05-26", "status": "current", "confidence": "high"},
    "x": {"key": "x", "kind": "quy-dinh", "number": "20-QĐ/TW", "title": "T",
          "status": "unconfirmed", "confidence": "unconfirmed"},
}


def test_register_loads_and_every_replaced_document_names_a_known_replacement():
    repo = Repository(ROOT).load()
    sources = repo.sources
    assert len(sources) >= 30
    for key, s in sources.items():
        if s["status"] == "replaced":
            assert s["replaced_by"] in sources, key
            assert sources[s["replaced_by"]]["key"] != key


def test_unconfirmed_rows_of_the_reference_sheet_stay_unconfirmed():
    sources = Repository(ROOT).load().sources
    assert sources["qd-20-2026"]["status"] == "unconfirmed"
    assert sources["hd-12-2018"]["status"] == "unconfirmed"


def test_cite_says_replaced_and_unconfirmed():
    html = cite(SOURCES, ["qd-29-2016", "x"], "cong-tac-dang-vien/index.md")
    assert 'href="../van-ban-tham-khao.html#qd-29-2016"' in html
    assert "đã được thay thế bởi Quy định 294-QĐ/TW (26/05/2025)" in html
    assert "chưa xác minh" in html
    assert short_name(SOURCES["qd-294-2025"]) == "Quy định 294-QĐ/TW (26/05/2025)"


def test_replaced_mentions_need_an_explanation():
    text = "Theo Quy định 29-QĐ/TW, chi bộ phải...\n\nTrước đây là Quy định 29-QĐ/TW.\n\n" \
           "Quy định 294-QĐ/TW và 29-QĐ/TW\n\nQuy định 129-QĐ/TW không liên quan."
    found = replaced_mentions(text, SOURCES)
    assert found == [(1, "29-QĐ/TW", "294-QĐ/TW")]


def test_register_names_and_links_the_replacing_document():
    import lxml.html

    from macros.sources import register

    html = register(SOURCES, "van-ban-tham-khao.md", "11/2026")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    old = tree.xpath("//tr[@id='qd-29-2016']")[0]
    badge = old.xpath(".//span[@class='status-badge']")[0]
    assert " ".join(badge.text_content().split()) == "Đã được thay thế bởi Quy định 294-QĐ/TW (26/05/2025)"
    assert badge.xpath("./a/@href") == ["#qd-294-2025"]
    assert tree.xpath("//tr[@id='qd-294-2025']")  # the link's target exists
    new = tree.xpath("//tr[@id='qd-294-2025']//span[@class='status-badge']")[0]
    assert new.text_content() == "Đang có hiệu lực" and not new.xpath("./a")
    assert tree.xpath("//tr[@id='x']//span[@class='status-badge']")[0].text_content() == "Chưa xác minh"
    assert "Danh mục được rà soát đến tháng 11/2026." in tree.text_content()


def test_register_and_cite_escape_author_text():
    import lxml.html

    from macros.sources import register

    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    sources = {k: dict(v) for k, v in SOURCES.items()}
    sources["qd-294-2025"].update(number=payload, issuer=payload, note=payload)
    sources["qd-29-2016"]["title"] = payload
    for html in (register(sources, "van-ban-tham-khao.md", payload), cite(sources, ["qd-29-2016"], "a/b.md")):
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
        assert not tree.xpath("//script | //img"), html
        assert "<script>alert(1)</script>" in tree.text_content()
