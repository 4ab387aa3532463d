"""Every built page in real Chromium: over http and from disk, nothing from another host,
no console errors, and no serious or critical axe-core violations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, html_pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _visit_all(page, base_url: str, site: Path) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        page.watch.console_errors.clear()
        page.watch.external.clear()
        page.goto(base_url + rel, wait_until="load")
        page.wait_for_timeout(50)  # let deferred scripts report errors
        found = [f"console: {e}" for e in page.watch.console_errors]
        found += [f"external request: {u}" for u in page.watch.external]
        if found:
            problems[rel] = found
    return problems


@pytest.mark.browser
def test_every_page_over_http_is_self_contained(page, http_url, site_dir):
    problems = _visit_all(page, http_url, site_dir)
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.browser
def test_every_page_from_disk_is_self_contained(page, file_url, site_dir):
    problems = _visit_all(page, file_url, site_dir)
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.browser
def test_watch_detects_third_party_requests(page, http_url):
    """The guard itself must be able to fail: a page that loads a CDN script is caught."""
    page.goto(http_url + "index.html")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.src = 'https://cdn.jsdelivr.net/npm/x.js'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    assert page.watch.external == ["https://cdn.jsdelivr.net/npm/x.js"]


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_serious_or_critical_violation_on_any_page(page, http_url, site_dir, scheme):
    page.emulate_media(color_scheme=scheme)
    failures = {}
    for path in html_pages(site_dir) + [site_dir / "404.html"]:
        rel = path.relative_to(site_dir).as_posix()
        page.goto(http_url + rel, wait_until="load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected, rel
        bad = run_axe(page)
        if bad:
            failures[rel] = bad
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.browser
def test_axe_check_can_fail(page, http_url):
    page.goto(http_url + "index.html")
    page.evaluate("() => { const i = document.createElement('img'); i.src = 'x.png';"
                  " document.querySelector('article').appendChild(i); }")
    ids = {v["id"] for v in run_axe(page)}
    assert "image-alt" in ids
