"""Live editing: `mkdocs serve` (what `make serve` runs) rebuilds on quiz-bank changes and
keeps serving when an author breaks a bank, printing the usual one-line message."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project

BANK = "quy-che-lam-viec"
PAGE = f"{BANK}/tu-kiem-tra.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.read().decode("utf-8")


def wait_for(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, PYTHONPATH=str(project), NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(lambda: proc.poll() is None and get(url + PAGE)[0] == 200, 300, "the first build")
        yield project, url, log, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_bank_edit_rebuilds_and_a_broken_bank_keeps_the_server_up(server):
    project, url, log, proc = server
    bank = project / "quizzes" / f"{BANK}.yml"
    text = bank.read_text(encoding="utf-8")
    m = re.search(r'^(\s+)prompt: "', text, re.M)
    assert m
    marker = "Câu hỏi đã sửa khi đang xem"
    edited = text[: m.end()] + marker + " " + text[m.end():]
    bank.write_text(edited, encoding="utf-8")
    wait_for(lambda: marker in get(url + PAGE)[1], 300, "the edited question to appear")

    # Break the bank: a misspelt field name.
    line = edited[: m.start()].count("\n") + 1
    bank.write_text(edited[: m.start()] + m.group(1) + 'promt: "' + edited[m.end():], encoding="utf-8")
    wait_for(lambda: "rebuild failed" in log.read_text(encoding="utf-8"), 300, "the rebuild error")
    output = log.read_text(encoding="utf-8")
    assert re.search(rf"^\s*quizzes/{BANK}\.yml:{line}:\d+: .*promt.*\(field not allowed here\)$", output, re.M), output[-3000:]
    assert "Traceback" not in output
    assert proc.poll() is None, "the server stopped"
    status, body = get(url + PAGE)
    assert status == 200 and marker in body  # the last good build is still served

    # Fixed again: the server picks the change up.
    bank.write_text(text, encoding="utf-8")
    wait_for(lambda: marker not in get(url + PAGE)[1], 300, "the fixed bank to be served")
