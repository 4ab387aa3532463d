"""Zero broken internal links or anchors; nothing loaded from another host."""

from conftest import html_pages
from sitecheck import check_site


def test_no_broken_links_or_anchors_and_no_third_party_loads(site_dir):
    pages = html_pages(site_dir)
    assert len(pages) >= 20
    broken, external = check_site(site_dir, pages)
    assert broken == [], "\n".join(broken[:50])
    assert external == [], "\n".join(external[:50])


def test_checker_catches_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#missing">x</a><a href="nope.html">y</a><a href="#here">z</a>'
        '<p id="here"></p><script src="https://cdn.example.org/x.js"></script>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h1 id="top">b</h1>', encoding="utf-8")
    broken, external = check_site(tmp_path, [tmp_path / "a.html", tmp_path / "b.html"])
    assert any("missing anchor #missing" in b for b in broken)
    assert any("nope.html" in b for b in broken)
    assert not any("#here" in b for b in broken)
    assert external == ["a.html: <script src=https://cdn.example.org/x.js>"]
