"""Side by side with the peer (printed, never asserted): ``python tests/bench_peer.py``.

The same 200 single/multiple-choice questions (same text, same explanations) become one
page built by this project (a copy of the project plus one bank and one page, built with
the project's own hooks: minified assets, subset fonts, lazy search) and one page built
by Material + mkdocs-quiz (pinned in tests/bench-requirements.txt, installed into
``.bench-venv`` by ``make bench``; Material's default search plugin on, web fonts off as
offline sites must). Both are loaded alternately in one Chromium run, each load in a fresh
browser context (a first visit, empty cache) from one loopback server; printed: median
DOMContentLoaded, load, decoded bytes and requests of each, and the ratios.
Then the first-load bytes of every module page of the built site and the search index size.
Targets: this project <= 1.0x the peer for DOMContentLoaded and bytes.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import yaml  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, copy_project  # noqa: E402

PEER_PY = Path(os.environ.get("BENCH_PEER_PYTHON") or ROOT / ".bench-venv" / "bin" / "python")
N = 200
MODULE_PAGES = ["to-chuc-co-so-dang/index.html", "sinh-hoat-chi-bo/index.html", "cong-tac-dang-vien/index.html",
                "kiem-tra-giam-sat-ky-luat/index.html", "quy-che-lam-viec/index.html",
                "bao-ve-chinh-tri-noi-bo/index.html", "neu-guong-mo-hinh/index.html", "iso-9001/index.html"]


def questions(n: int = N) -> list[dict]:
    out = []
    for i in range(n):
        multiple = i % 3 == 2
        options = [(f"Phương án {k} của câu {i}: chi bộ họp thường kỳ theo cách thứ {k}", k == 0 or (multiple and k == 2))
                   for k in range(4)]
        out.append({"prompt": f"Câu hỏi số {i} về sinh hoạt chi bộ: nội dung nào đúng với quy định?",
                    "options": options, "multiple": multiple,
                    "explanation": f"Giải thích cho câu {i}: chi bộ sinh hoạt thường kỳ mỗi tháng một lần."})
    return out


# ----------------------------------------------------------------- the two builds
def build_ours(tmp: Path, qs: list[dict]) -> Path:
    project = copy_project(tmp / "ours")
    bank = {"id": "bench-200", "title": "Bộ câu hỏi so sánh", "module": 0, "pass_mark": 70, "questions": [
        {"id": f"bench-{i}", "type": "multiple" if q["multiple"] else "single", "prompt": q["prompt"],
         "options": [{"text": t, **({"correct": True} if c else {})} for t, c in q["options"]],
         **({"scoring": "partial"} if q["multiple"] else {}),
         "explanation": q["explanation"], "review": "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky",
         "sources": ["dieu-le-2011"]} for i, q in enumerate(qs)]}
    (project / "quizzes" / "bench-200.yml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False),
                                                       encoding="utf-8")
    (project / "docs" / "bench.md").write_text(
        '---\ntitle: "Tự kiểm tra: so sánh"\n---\n\n# Tự kiểm tra: so sánh\n\n{{ quiz("bench-200") }}\n', encoding="utf-8")
    # The page is not in the nav: build without strict mode (a strict build stops on that).
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("\nstrict: true\n", "\nstrict: false\n"), encoding="utf-8")
    proc = build_site(project / "site", root=project, strict=False)
    if proc.returncode != 0:
        raise SystemExit("this project's bench page did not build:\n" + proc.stderr[-3000:])
    return project / "site"


def build_peer(tmp: Path, qs: list[dict]) -> Path:
    if not PEER_PY.is_file():
        raise SystemExit(f"{PEER_PY} is missing: run 'make bench' (it installs tests/bench-requirements.txt)")
    project = tmp / "peer"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Bench\nuse_directory_urls: false\ntheme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins:\n  - search\n  - mkdocs_quiz\n", encoding="utf-8")
    parts = ["# Tự kiểm tra: so sánh\n"]
    for q in qs:
        opts = "\n".join(f"- [{'x' if c else ' '}] {t}" for t, c in q["options"])
        parts.append(f"<quiz>\n{q['prompt']}\n{opts}\n\n{q['explanation']}\n</quiz>\n")
    (project / "docs" / "bench.md").write_text("\n".join(parts), encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([str(PEER_PY), "-m", "mkdocs", "build", "-q", "-d", str(project / "site")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit("the peer's bench page did not build:\n" + proc.stderr[-3000:])
    return project / "site"


# ----------------------------------------------------------------- loading
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_load(browser, url: str) -> dict:
    """One first visit in a fresh context: timings and decoded bytes of all responses."""
    ctx = browser.new_context(locale="vi-VN")
    page = ctx.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
              else route.abort())
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    nav = page.evaluate("(n => [n.domContentLoadedEventEnd, n.loadEventEnd])(performance.getEntriesByType('navigation')[0])")
    elements = page.evaluate("document.getElementsByTagName('*').length")
    total = 0
    for r in responses:
        try:
            total += len(r.body())
        except Exception:  # redirects, aborted requests
            pass
    urls = [r.url for r in responses]
    ctx.close()
    return {"dcl": nav[0], "load": nav[1], "bytes": total, "requests": len(urls), "urls": urls, "elements": elements}


def compare(runs: int = 15) -> dict:
    from playwright.sync_api import sync_playwright

    qs = questions()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        www = tmp / "www"
        www.mkdir()
        shutil.copytree(build_ours(tmp, qs), www / "ours")
        shutil.copytree(build_peer(tmp, qs), www / "peer")
        server, base = serve(www)
        res: dict[str, list[dict]] = {"ours": [], "peer": []}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for name in ("ours", "peer"):  # warm the server and the disk cache once
                    first_load(browser, f"{base}{name}/bench.html")
                for _ in range(runs):
                    for name in ("ours", "peer"):
                        res[name].append(first_load(browser, f"{base}{name}/bench.html"))
                checks = {}
                for name, sel in (("ours", ".quiz-check"), ("peer", ".quiz")):
                    page = browser.new_page()
                    page.goto(f"{base}{name}/bench.html")
                    checks[name] = page.locator(sel).count()
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    out = {"runs": runs, "questions": checks}
    for name, loads in res.items():
        out[name] = {k: statistics.median(load[k] for load in loads) for k in ("dcl", "load", "bytes", "requests", "elements")}
        out[name]["paired_dcl"] = loads
    out["paired_dcl_ratio"] = statistics.median(o["dcl"] / p["dcl"] for o, p in zip(res["ours"], res["peer"]))
    return out


def module_pages(site: Path) -> list[tuple[str, int, int]]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for page in MODULE_PAGES:
                load = first_load(browser, base + page)
                index = sum(1 for u in load["urls"] if "search_index" in u)
                out.append((page, load["bytes"], index))
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> None:
    cmp = compare()
    ours, peer = cmp["ours"], cmp["peer"]
    print(f"Same {N}-question page, first visits alternating in one Chromium run ({cmp['runs']} each, "
          f"medians; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    print(f"  {'':22}{'this project':>14}{'mkdocs-quiz':>14}{'ratio':>8}")
    for key, label, fmt in (("dcl", "DOMContentLoaded (ms)", "{:.1f}"), ("load", "load (ms)", "{:.1f}"),
                            ("bytes", "bytes (decoded)", "{:,.0f}"), ("requests", "requests", "{:.0f}"),
                            ("elements", "DOM elements at load", "{:,.0f}")):
        print(f"  {label:22}{fmt.format(ours[key]):>14}{fmt.format(peer[key]):>14}{ours[key] / peer[key]:>7.2f}x")
    print(f"  median of per-pair DOMContentLoaded ratios: {cmp['paired_dcl_ratio']:.2f}x (target <= 1.0x); "
          f"questions on the page: {cmp['questions']}")
    site = Path(os.environ.get("SITE_DIR") or ROOT / "site")
    if not (site / "index.html").is_file():
        print("(no built site/: run mkdocs build for the module page figures)")
        return
    print("First load of each module page (decoded bytes, budget 450 KB = 460,800 B; search index fetched?):")
    for page, size, index in module_pages(site):
        print(f"  {page:42} {size:>9,} B  {size / 1024:6.1f} KB  index {'FETCHED' if index else 'not fetched'}")
    for name in ("search_index.js", "search_index.json"):
        p = site / "search" / name
        if p.is_file():
            print(f"Search index {name}: {p.stat().st_size:,} B ({p.stat().st_size / 1024:.1f} KB), loaded when search opens")


if __name__ == "__main__":
    main()
