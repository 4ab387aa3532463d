"""Quiz engine figures (printed, never asserted): ``python tests/bench_quiz.py``.

1. DOMContentLoaded of a generated 200-question quiz page with the engine, divided by the
   same page (same HTML from the same renderer, same site CSS) without the engine
   (no quiz.js, no quiz.css); alternating loads in one Chromium run. Target <= 1.2x.
   Printed three ways because a shared 2-core machine is noisy: ratio of the medians,
   median of the per-pair ratios, and ratio of the fastest loads; plus the time the
   engine itself takes in the DOMContentLoaded handler.
2. Time to validate 10,000 generated questions (YAML, JSON Schema and semantic checks,
   through the Repository, as the build does).
3. Gzipped size of quiz.js + quiz.css (budget 12 KB together).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

import yaml  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from macros.context import Context  # noqa: E402
from macros.repository import Repository  # noqa: E402
from test_quiz_schema import quiz_project  # noqa: E402

JS = ROOT / "docs" / "assets" / "js" / "quiz.js"
CORE_JS = ROOT / "docs" / "assets" / "js" / "quiz-core.js"
CSS = ROOT / "docs" / "assets" / "css" / "quiz.css"
REVIEW = "giang-vien/vi-du-cau-hoi.md#shcb-dinh-ky"


# ----------------------------------------------------------------- generated content
def question(prefix: str, i: int) -> dict:
    """A valid question of one of the seven types (cycling), with Vietnamese text."""
    base = {
        "id": f"{prefix}-{i}",
        "prompt": f"Câu hỏi số {i} về **sinh hoạt chi bộ**: nội dung nào đúng với quy định?",
        "explanation": f"Giải thích cho câu {i}: chi bộ sinh hoạt thường kỳ mỗi tháng một lần.",
        "review": REVIEW,
        "sources": ["dieu-le-2011"],
    }
    kind = ("single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text")[i % 7]
    base["type"] = kind
    if kind in ("single", "multiple"):
        base["options"] = [{"text": f"Phương án {k} của câu {i}", **({"correct": True} if k == 0 or (kind == "multiple" and k == 2) else {})}
                           for k in range(4)]
        if kind == "multiple":
            base["scoring"] = "partial"
    elif kind == "true_false":
        base["answer"] = i % 2 == 0
    elif kind == "ordering":
        base["items"] = [f"Bước {k} của quy trình {i}" for k in range(5)]
    elif kind == "matching":
        base["pairs"] = [{"left": f"Việc {k} ({i})", "right": f"Thời hạn {k} ({i})"} for k in range(3)]
        base["distractors"] = [f"Thời hạn nhiễu ({i})"]
    elif kind == "numeric":
        base.update(answer=60 + i, unit="ngày làm việc")
    else:
        base.update(answers=["thư ký", "thư kí"], ignore_diacritics=True)
    return base


def write_bank(dest: Path, bank_id: str, n: int, prefix: str) -> Path:
    data = {"id": bank_id, "title": f"Bộ câu hỏi sinh tự động {bank_id}", "module": 0, "pass_mark": 70,
            "questions": [question(prefix, i) for i in range(n)]}
    path = dest / f"{bank_id}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path


# ----------------------------------------------------------------- 1. page load ratio
def _site_dir(tmp: Path) -> Path:
    site = Path(os.environ.get("SITE_DIR") or ROOT / "site")
    if (site / "assets" / "javascripts").is_dir():
        return site
    proc = build_site(tmp / "site")
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    return tmp / "site"


def _page(body: str, css: list[str], js: list[str]) -> str:
    links = "".join(f'<link rel="stylesheet" href="{c}">' for c in css)
    scripts = "".join(f'<script src="{s}"></script>' for s in js)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bench</title>'
        f"{links}</head><body><main class=\"md-main\"><article class=\"md-content__inner md-typeset\">"
        f"<h1>Tự kiểm tra</h1>{body}</article></main>{scripts}</body></html>"
    )


def bench_page_load(runs: int = 41) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        site = _site_dir(tmp)
        bank = write_bank(tmp, "bench-200", 200, "bench")
        repo = Repository(quiz_project(tmp / "project", [ROOT / "quizzes" / "vi-du-cac-dang-cau-hoi.yml", bank])).load()
        from macros.quiz import render_quiz

        html = render_quiz(Context(repo=repo, page="bench/index.md"), "bench-200")
        www = tmp / "www"
        shutil.copytree(site / "assets", www / "assets")
        theme = sorted(p.relative_to(www).as_posix() for p in (www / "assets" / "stylesheets").glob("*.css"))
        common_css = theme + ["assets/css/site.css"]
        (www / "quiz.html").write_text(
            _page(html, common_css + ["assets/css/quiz.css"], ["assets/js/store.js", "assets/js/quiz-core.js", "assets/js/quiz.js"]), encoding="utf-8")
        (www / "plain.html").write_text(_page(html, common_css, ["assets/js/store.js"]), encoding="utf-8")

        handler = functools.partial(_Quiet, directory=str(www))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        times: dict[str, list[float]] = {"quiz": [], "plain": []}
        init: list[float] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page()
                for name in ("quiz", "plain"):  # warm the cache once
                    page.goto(base + name + ".html")
                for _ in range(runs):
                    for name in ("quiz", "plain"):
                        page.goto(base + name + ".html", wait_until="load")
                        start, end = page.evaluate(
                            "(n => [n.domContentLoadedEventStart, n.domContentLoadedEventEnd])"
                            "(performance.getEntriesByType('navigation')[0])")
                        times[name].append(end)
                        if name == "quiz":
                            init.append(end - start)  # the engine runs in the DOMContentLoaded handler
                engine_ready = page.goto(base + "quiz.html") and page.evaluate(
                    "document.querySelectorAll('.quiz.quiz-js .quiz-check').length")
                browser.close()
        finally:
            server.shutdown()
    quiz, plain = statistics.median(times["quiz"]), statistics.median(times["plain"])
    paired = statistics.median(q / p for q, p in zip(times["quiz"], times["plain"]))
    best = min(times["quiz"]) / min(times["plain"])
    return {"quiz_ms": quiz, "plain_ms": plain, "ratio": quiz / plain, "paired": paired, "best": best, "runs": runs,
            "init_ms": statistics.median(init), "load": os.getloadavg()[0],
            "questions": 200, "engine_buttons": engine_ready, "html_kb": len(html.encode()) / 1024}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static server; CSS/JS are cacheable so repeated loads measure the page, not
    this Python server's latency on a busy machine."""

    def end_headers(self):
        if not self.path.endswith(".html"):
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, *args):
        pass


# ----------------------------------------------------------------- 2. validation speed
def bench_validation(total: int = 10_000, banks: int = 10) -> dict:
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        gen = tmp / "gen"
        gen.mkdir()
        paths = [write_bank(gen, f"sinh-tu-dong-{b}", total // banks, f"gen{b}") for b in range(banks)]
        root = quiz_project(tmp / "project", paths)
        start, cpu = time.perf_counter(), time.process_time()
        repo = Repository(root).load()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        n = sum(len(d.data["questions"]) for d in repo.documents["quiz"])
    return {"questions": n, "seconds": elapsed, "cpu": cpu, "us_per_question": cpu / n * 1e6}


# ----------------------------------------------------------------- 3. size
def bench_size() -> dict:
    js, css = JS.read_bytes() + CORE_JS.read_bytes(), CSS.read_bytes()
    gz = lambda b: len(gzip.compress(b, compresslevel=9))  # noqa: E731
    return {"js": len(js), "css": len(css), "js_gz": gz(js), "css_gz": gz(css), "total_gz": gz(js) + gz(css)}


def main() -> None:
    size = bench_size()
    print(f"quiz engine size: quiz.js {size['js']} B ({size['js_gz']} B gzip), quiz.css {size['css']} B "
          f"({size['css_gz']} B gzip); together {size['total_gz'] / 1024:.1f} KB gzip (budget 12 KB)")
    val = bench_validation()
    print(f"validation: {val['questions']} questions (YAML + schema + semantic checks) in {val['seconds']:.2f} s wall, "
          f"{val['cpu']:.2f} s CPU ({val['us_per_question']:.0f} µs CPU per question)")
    load = bench_page_load()
    print(f"page load: 200-question quiz page DOMContentLoaded {load['quiz_ms']:.1f} ms vs same page without the "
          f"engine {load['plain_ms']:.1f} ms -> {load['ratio']:.2f}x (median of per-pair ratios {load['paired']:.2f}x, ratio of fastest loads "
          f"{load['best']:.2f}x; "
          f"target <= 1.2x; {load['runs']} alternating loads each, "
          f"{load['html_kb']:.0f} KB of quiz HTML, {load['engine_buttons']} questions enhanced; engine init in the "
          f"DOMContentLoaded handler {load['init_ms']:.1f} ms; load average {load['load']:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
