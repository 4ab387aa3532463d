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


# ------------------------------------------------------------------ evidence and articles
from macros.sources import evidence_html, parse_cite_args  # noqa: E402
from macros.yamlio import load_yaml  # noqa: E402
from macros.schema import validate  # noqa: E402
from macros import sources as sources_mod  # noqa: E402


def test_cite_names_the_article_after_its_key():
    pairs = parse_cite_args(("qd-29-2016", "Điều 15.1", "qd-294-2025"))
    assert pairs == [("qd-29-2016", "Điều 15.1"), ("qd-294-2025", None)]
    html = cite(SOURCES, pairs, "index.md")
    assert '<a class="cite-ref" href="van-ban-tham-khao.html#qd-29-2016">Quy định 29-QĐ/TW (25/07/2016)</a> ' \
           '<span class="cite-locator">Điều 15.1</span> — đã được thay thế bởi Quy định 294-QĐ/TW' in html
    assert html.count("cite-locator") == 1


def test_cite_arguments_that_cannot_be_read_are_errors():
    import pytest

    for args, message in [(("Điều 4",), "phải đứng sau mã nguồn"),
                          (("qd-294-2025", "Điều 4", "Điều 5"), "đã có điều khoản"),
                          (("qd-294-2025", " "), "điều khoản trống"),
                          ((["qd-294-2025"],), "phải là chuỗi")]:
        with pytest.raises(ValueError, match=message):
            parse_cite_args(args)


def test_evidence_is_listed_under_the_register_row_escaped():
    html = evidence_html([{"url": "https://example.org/a?b=1&c=2", "publisher": "Báo <X>",
                           "read": "2026-11-30", "locator": "Điều 4", "quote": "trích \"đúng\""}])
    assert "Bằng chứng đối chiếu (1)" in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "Báo &lt;X&gt;" in html and "<q>trích &quot;đúng&quot;</q>" in html
    assert "Điều 4" in html and "đọc ngày 30/11/2026" in html


def _check_register(tmp_path, body: str) -> list[str]:
    (tmp_path / "data" / "schemas").mkdir(parents=True)
    (tmp_path / "data" / "schemas" / "sources.schema.json").write_text(
        (ROOT / "data" / "schemas" / "sources.schema.json").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "data" / "sources.yml"
    path.write_text(body, encoding="utf-8")
    doc = load_yaml(path, tmp_path)
    errors = validate(doc, tmp_path / "data" / "schemas" / "sources.schema.json")
    if not errors:
        errors = sources_mod.check(None, doc)
    return [str(e) for e in errors]


ENTRY = """sources:
  - key: qd-1
    kind: quy-dinh
    title: Một quy định
    status: current
    confidence: high
    evidence:
      - url: {url}
        publisher: Báo điện tử
        read: "{read}"
        quote: {quote}
"""


def test_evidence_url_date_and_quote_length_are_checked(tmp_path):
    ok = ENTRY.format(url="https://dangcongsan.vn/a.html", read="2026-11-01", quote="một hai ba")
    assert _check_register(tmp_path / "ok", ok) == []
    bad_url = ENTRY.format(url="ftp://x.vn/a", read="2026-11-01", quote="a b c")
    assert _check_register(tmp_path / "u", bad_url) == [
        "data/sources.yml:8:14: sai định dạng (does not match pattern ^https?://[^\\s/$.?#][^\\s]*$): 'ftp://x.vn/a'"]
    no_host = ENTRY.format(url="https://localhost/a", read="2026-11-01", quote="a b c")
    assert _check_register(tmp_path / "h", no_host) == [
        "data/sources.yml:8:14: [qd-1] địa chỉ không hợp lệ (invalid URL): https://localhost/a"]
    bad_day = ENTRY.format(url="https://a.vn/", read="2025-02-30", quote="a b c")
    assert _check_register(tmp_path / "d", bad_day) == [
        "data/sources.yml:10:15: [qd-1] ngày đọc không có thật (impossible date): 2025-02-30"]
    future = ENTRY.format(url="https://a.vn/", read="2999-01-01", quote="a b c")
    assert "ngày đọc ở tương lai" in _check_register(tmp_path / "f", future)[0]
    long_quote = ENTRY.format(url="https://a.vn/", read="2026-11-01", quote=" ".join(["từ"] * 31))
    assert _check_register(tmp_path / "q", long_quote) == [
        "data/sources.yml:11:16: [qd-1] đoạn trích dài 31 từ, tối đa 30 (quote too long)"]
    thirty = ENTRY.format(url="https://a.vn/", read="2026-11-01", quote=" ".join(["từ"] * 30))
    assert _check_register(tmp_path / "q30", thirty) == []


def test_duplicate_keys_and_bad_replacements_are_reported(tmp_path):
    body = """sources:
  - {key: a, kind: quy-dinh, title: Văn bản A, status: replaced, replaced_by: a, confidence: high}
  - {key: b, kind: quy-dinh, title: Văn bản B, status: replaced, replaced_by: zz, confidence: high}
  - {key: a, kind: quy-dinh, title: Văn bản C, status: current, confidence: high, date: "2025-13-01"}
"""
    errors = _check_register(tmp_path, body)
    assert any(e.startswith("data/sources.yml:2:") and "trỏ về chính nó" in e for e in errors), errors
    assert any(e.startswith("data/sources.yml:3:") and "'zz' không có" in e for e in errors), errors
    assert any(e.startswith("data/sources.yml:4:") and "bị lặp" in e and "first at line 2" in e for e in errors), errors


def test_every_cited_source_in_the_built_site_resolves_and_replaced_ones_name_their_successor(site_dir, repo):
    import re as _re
    from conftest import html_pages

    sources = repo.sources
    for page in html_pages(site_dir):
        html = page.read_text(encoding="utf-8")
        for m in _re.finditer(r'<a class="cite-ref" href="[^"]*van-ban-tham-khao\.html#([a-z0-9-]+)">(.*?)</a>(.*?)(?=; <a class="cite-ref"|</span>\s*$|</span></span>)', html):
            key = m.group(1)
            assert key in sources, (page, key)
            if sources[key]["status"] == "replaced":
                new = sources[sources[key]["replaced_by"]]
                assert "đã được thay thế bởi" in m.group(3), (page, key)
                assert new.get("number", new["title"]) in m.group(3), (page, key)
