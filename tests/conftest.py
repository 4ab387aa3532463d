"""Shared fixtures: the built site, a loopback HTTP server, and Debian's Chromium.

`make test` builds the site (strict) before pytest runs; when pytest is run alone the
``site_dir`` fixture builds it when it is missing or older than any file it is built
from (``SOURCES``), so a bare ``pytest`` after a change tests the current code.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import os
import tempfile
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("SITE_DIR") or ROOT / "site")
CHROMIUM = "/usr/bin/chromium"
# Flags as recommended for this sandbox: no background traffic, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
]

sys.path.insert(0, str(ROOT))


def build_site(dest: Path, root: Path = ROOT, strict: bool = True) -> subprocess.CompletedProcess:
    """Run a real MkDocs build of ``root`` into ``dest``; returns the finished process."""
    # Not --quiet: it filters warnings before --strict can count them.
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(dest)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(root))
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def repo():
    """All authored content, loaded and validated once per test session."""
    from macros.repository import Repository

    return Repository(ROOT).load()


@pytest.fixture(scope="session")
def cal(repo):
    """The working-day calendar (holidays package + data/non-working-days.yml)."""
    from macros import workdays

    return workdays.calendar_for(repo)


# Everything the site is built from; a change to any of these makes the build stale.
SOURCES = ("mkdocs.yml", "docs", "quizzes", "data", "macros", "hooks", "overrides", "requirements.txt")


def newest_source(root: Path = ROOT) -> tuple[float, str]:
    """(mtime, path) of the most recently changed source file (caches excluded)."""
    newest = (0.0, "")
    for name in SOURCES:
        top = root / name
        paths = [top] if top.is_file() else top.rglob("*") if top.is_dir() else []
        for path in paths:
            if "__pycache__" in path.parts or not path.is_file():
                continue
            mtime = path.stat().st_mtime
            if mtime > newest[0]:
                newest = (mtime, str(path.relative_to(root)))
    return newest


def site_is_stale(site: Path, root: Path = ROOT) -> str:
    """Why ``site`` must be rebuilt ("" when it is current). ``SITE_PREBUILT=1`` trusts an
    existing build as it is (``make mutation`` runs the tests against mutated copies of the
    code, which must not trigger a rebuild of the site)."""
    index = site / "index.html"
    if not index.is_file():
        return "no build"
    if os.environ.get("SITE_PREBUILT") == "1":
        return ""
    mtime, path = newest_source(root)
    return f"{path} is newer than the build" if mtime > index.stat().st_mtime else ""


@pytest.fixture(scope="session")
def site_dir() -> Path:
    digest = hashlib.sha1(str(SITE.resolve()).encode()).hexdigest()[:12]
    with open(Path(tempfile.gettempdir()) / f"site-build-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers share one build
        if site_is_stale(SITE):
            proc = build_site(SITE)
            assert proc.returncode == 0, proc.stderr
    return SITE


def html_pages(site: Path) -> list[Path]:
    """Every content page of the built site (not the 404 page or assets)."""
    return sorted(
        p for p in site.rglob("*.html")
        if "assets" not in p.relative_to(site).parts and p.name != "404.html"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def http_url(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def file_url(site_dir: Path) -> str:
    return site_dir.as_uri() + "/"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Debian's chromium is not installed (make test installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageWatch:
    """Records console errors, page errors and requests that leave the machine."""

    LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", ""}

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.external: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.context.route("**/*", self._route)

    def _on_console(self, msg):
        if msg.type == "error":
            self.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")

    def _route(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("file", "data", "blob", "about") or url.hostname in self.LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    p = context.new_page()
    p.watch = PageWatch(p)
    yield p
    p.close()


PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "quizzes", "macros", "hooks", "overrides")


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project (node_modules linked) for builds that must fail."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def pytest_collection_modifyitems(config, items):
    """Tests that use the whole-site export fixture are marked ``full_export`` (a test that
    exports the site itself carries the mark): `make mutation` leaves them out (one full
    export per mutant would take hours); the made-up site tests in test_lms_scorm.py check
    the same code in a fraction of a second."""
    for item in items:
        if "exported" in getattr(item, "fixturenames", ()):
            item.add_marker("full_export")
