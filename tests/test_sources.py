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
    # HD 12-HD/BTCTW (2018) was found cited by a provincial regulation: it is now a reference row.
    assert sources["hd-12-2018"]["status"] == "reference"


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
