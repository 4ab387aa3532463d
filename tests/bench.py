"""`make bench`: performance figures for the current content. Prints, never asserts.

- full build time (fresh process, strict) and the share spent in the project's own
  code (macros/, hooks/), measured by profiling one in-process build;
- bytes of the project's own JS/CSS (raw and gzip), of the fonts copied into the site,
  and of the search index;
- then every other ``tests/bench_*.py`` module's ``main()`` (quiz engine and others).
"""

from __future__ import annotations

import cProfile
import gzip
import importlib.util
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN = (str(ROOT / "macros"), str(ROOT / "hooks"))
# Our guard around mkdocs-macros' render only delegates to it (Jinja and all); the
# macros it then calls are counted when Jinja enters them.
PASS_THROUGH = {("mkdocs_adapter.py", "render")}


def _is_own(func: tuple) -> bool:
    filename, _line, name = func
    return filename.startswith(OWN) and (Path(filename).name, name) not in PASS_THROUGH


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def build_time(runs: int = 3) -> list[float]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", tmp],
                           cwd=ROOT, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    return times


def own_code_share() -> tuple[float, float]:
    """Profile one build; inclusive time entering our code from outside it / total."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            config = load_config(str(ROOT / "mkdocs.yml"), site_dir=tmp, strict=True)
            prof = cProfile.Profile()
            t0 = time.perf_counter()
            prof.enable()
            build(config)
            prof.disable()
            total = time.perf_counter() - t0
        finally:
            os.chdir(cwd)
    stats = pstats.Stats(prof).stats
    own = 0.0
    for func, (_cc, _nc, _tt, _ct, callers) in stats.items():
        if not _is_own(func):
            continue
        for caller, (_c, _n, _t, ct) in callers.items():
            if not _is_own(caller):
                own += ct
    return own, total


def asset_sizes(site: Path) -> None:
    print("\nProject's own front-end assets (docs/assets):")
    total_raw = total_gz = 0
    for path in sorted((ROOT / "docs" / "assets").rglob("*")):
        if path.suffix not in (".js", ".css") or not path.is_file():
            continue
        data = path.read_bytes()
        total_raw += len(data)
        total_gz += gz(data)
        print(f"  {path.relative_to(ROOT)}: {kb(len(data))} raw, {kb(gz(data))} gzip")
    print(f"  total JS+CSS: {kb(total_raw)} raw, {kb(total_gz)} gzip")
    built = [p for d in ("js", "css") for p in (site / "assets" / d).glob(f"*.{d}") if not p.name.startswith("p-")]
    data = b"".join(p.read_bytes() for p in built)
    print(f"  minified by esbuild at build (assets/js + assets/css): "
          f"{kb(len(data))} raw, {kb(gz(data))} gzip")
    manifest = site / "assets" / "bundles.json"
    if manifest.is_file():
        import json

        bundles = json.loads(manifest.read_text(encoding="utf-8"))
        print(f"  joined per kind of page (what pages load): {len(bundles)} bundles")
        for rel, parts in sorted(bundles.items()):
            data = (site / rel).read_bytes()
            names = ", ".join(Path(part).name for part in parts)
            print(f"    {rel}: {kb(len(data))} raw, {kb(gz(data))} gzip = {names}")
    fonts = [p for p in (site / "assets" / "fonts" / "files").glob("*") if p.is_file()]
    print(f"Fonts copied into the site: {len(fonts)} files, {kb(sum(p.stat().st_size for p in fonts))}")
    for name in ("search_index.json", "search_index.js"):
        p = site / "search" / name
        if p.is_file():
            data = p.read_bytes()
            print(f"Search index {name}: {kb(len(data))} raw, {kb(gz(data))} gzip")


def main() -> None:
    print("== Build ==")
    times = build_time()
    print(f"Full strict build: {', '.join(f'{t:.2f}s' for t in times)} (best {min(times):.2f}s)")
    own, total = own_code_share()
    print(f"Profiled build: {total:.2f}s, of which project code (macros/, hooks/) "
          f"{own:.2f}s = {100 * own / total:.1f}% (cProfile inflates both)")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", tmp], cwd=ROOT, env=env, check=True)
        asset_sizes(Path(tmp))
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.parent))
        spec.loader.exec_module(module)
        if hasattr(module, "main"):
            print(f"\n== {path.name} ==")
            module.main()


if __name__ == "__main__":
    main()
