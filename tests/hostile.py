"""Hostile and mistaken input fixtures (tests/fixtures/hostile/): reading and projects.

Each fixture states what it must produce. YAML files start with, Markdown pages end with::

    # expect: kind=hang line=9 col=5 message=the exact one-line message, to the end of the line
    <!-- expect: kind=script line=5 col=1 message=… -->

``kind`` is what the input did before it was handled (script, traceback, hang, silent,
vague); ``line``/``col`` are 1-based (``none`` when there is no column); ``message=none``
means the input is valid and must produce no error. ``*.append.yml`` files are appended
to the project file of the same name (``data/sources.append.yml`` -> ``data/sources.yml``);
their lines count from the fixture's own first line.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
KINDS = ("script", "traceback", "hang", "silent", "vague")
_EXPECT_MD = re.compile(rb"<!-- expect: (.*?) -->\s*$")


@dataclass(frozen=True)
class Fixture:
    path: Path  # the fixture file
    group: str  # load, semantic, build
    target: str  # project-relative path the fixture becomes (or is appended to)
    append: bool
    kind: str
    line: int | None
    col: int | None
    message: str | None  # None: must be accepted

    @property
    def name(self) -> str:
        return self.path.relative_to(HOSTILE / self.group).as_posix()


def _parse(header: str, path: Path) -> dict:
    """``kind=… line=… col=… message=everything to the end of the line``."""
    head, sep, message = header.partition(" message=")
    assert sep, f"{path}: expectation needs message=…"
    out = dict(token.partition("=")[::2] for token in head.split())
    out["message"] = message
    assert {"kind", "line", "col"} <= set(out), f"{path}: incomplete expectation {out}"
    assert out["kind"] in KINDS, f"{path}: unknown kind {out['kind']}"
    return out


def read_fixture(path: Path, group: str) -> Fixture:
    raw = path.read_bytes()
    if path.suffix == ".md":
        m = _EXPECT_MD.search(raw)
        assert m, f"{path}: last line must be '<!-- expect: ... -->'"
        header = m.group(1).decode("utf-8")
    else:
        first = raw.split(b"\n", 1)[0].decode("utf-8")
        assert first.startswith("# expect: "), f"{path}: first line must be '# expect: ...'"
        header = first[len("# expect: "):]
    exp = _parse(header, path)
    rel = path.relative_to(HOSTILE / group).as_posix()
    append = rel.endswith(".append.yml")
    target = re.sub(r"(\.[\w-]+)?\.append\.yml$", ".yml", rel) if append else rel
    opt = lambda v: None if v in ("none", "?") else int(v)  # noqa: E731
    return Fixture(path, group, target, append, exp["kind"], opt(exp["line"]), opt(exp["col"]),
                   None if exp["message"] == "none" else exp["message"])


def fixtures(group: str) -> list[Fixture]:
    base = HOSTILE / group
    return [read_fixture(p, group) for p in sorted(base.rglob("*")) if p.is_file() and p.suffix in (".yml", ".md")
            and _is_fixture(p)]


def _is_fixture(p: Path) -> bool:
    raw = p.read_bytes()
    return raw.startswith(b"# expect: ") or bool(_EXPECT_MD.search(raw))


def all_fixtures() -> list[Fixture]:
    return [f for g in ("load", "semantic", "build", "site") for f in fixtures(g)]


def overlay(root: Path, group: str) -> dict[Path, tuple[str, int]]:
    """Copy or append every file of a fixture group into ``root``.

    Returns fixture path -> (target, line offset of the fixture in the target).
    """
    placed: dict[Path, tuple[str, int]] = {}
    base = HOSTILE / group
    for src in sorted(p for p in base.rglob("*") if p.is_file()):
        rel = src.relative_to(base).as_posix()
        if rel == "README.md":
            continue
        if rel.endswith(".append.yml"):
            target = re.sub(r"(\.[\w-]+)?\.append\.yml$", ".yml", rel)
            dest = root / target
            before = dest.read_bytes()
            if not before.endswith(b"\n"):
                before += b"\n"
            dest.write_bytes(before + src.read_bytes())
            placed[src] = (target, before.count(b"\n"))
        else:
            dest = root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            placed[src] = (rel, 0)
    return placed


def content_project(dest: Path) -> Path:
    """A project root the Repository can load: schemas, data, quizzes and docs pages."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "quizzes", dest / "quizzes")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("assets"))
    return dest


def site_project(dest: Path, docs: bool = True, quizzes: bool = True) -> Path:
    """A project MkDocs can build; without ``docs`` it has only the assets and no nav,
    so a handful of fixture pages build in a few seconds."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("macros", "hooks", "overrides", "data"):
        shutil.copytree(ROOT / part, dest / part, ignore=ignore)
    if quizzes:
        shutil.copytree(ROOT / "quizzes", dest / "quizzes")
    else:
        (dest / "quizzes").mkdir()  # mkdocs.yml watches it: the path must exist
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if docs:
        shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    else:
        shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets", ignore=ignore)
        config = config[: config.index("\nnav:")] + "\n"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest
