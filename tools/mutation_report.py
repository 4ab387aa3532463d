"""Print the mutation score per module after `make mutation`.

Reads StrykerJS's JSON report (test-output/stryker/mutation.json) and mutmut's result
files (mutants/**/*.py.meta). Score = killed (incl. timeouts) / (killed + survived +
no tests); mutants judged equivalent are listed in tools/mutation-equivalent.txt
("module: mutant id  # why") and counted as killed, each shown with its reason.
Exit status 0 always: the figures are for the reader, `make test` does not use them.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRYKER = ROOT / "test-output" / "stryker" / "mutation.json"
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.txt"

KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout",
          -11: "killed", -9: "killed", 37: "killed"}


def equivalent() -> dict[str, str]:
    out = {}
    if EQUIVALENT.is_file():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, why = line.partition("#")
                out[key.strip()] = why.strip()
    return out


def stryker_rows(eq: dict[str, str]) -> list[tuple[str, int, int, list[str]]]:
    if not STRYKER.is_file():
        return []
    report = json.loads(STRYKER.read_text(encoding="utf-8"))
    rows = []
    for path, info in sorted(report["files"].items()):
        killed = survived = 0
        left = []
        for m in info["mutants"]:
            status = m["status"]
            if status in ("Ignored", "CompileError", "RuntimeError"):
                continue
            key = f"{path}: {m['mutatorName']} L{m['location']['start']['line']}:{m['location']['start']['column']}"
            if status in ("Killed", "Timeout") or key in eq:
                killed += 1
            else:
                survived += 1
                left.append(f"{key} {m.get('replacement', '')!r} ({status})")
        rows.append((path, killed, survived, left))
    return rows


def mutmut_rows(eq: dict[str, str]) -> list[tuple[str, int, int, list[str]]]:
    per = defaultdict(lambda: [0, 0, []])
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        module = meta.relative_to(MUTANTS).as_posix()[: -len(".meta")]
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key, code in sorted(data.get("exit_code_by_key", {}).items()):
            row = per[module]
            if code in KILLED or key in eq:
                row[0] += 1
            elif code is None or code == 34:
                continue  # not run (interrupted or skipped)
            else:
                row[1] += 1
                row[2].append(f"{key} (exit {code})")
    return [(m, k, s, left) for m, (k, s, left) in sorted(per.items())]


def main() -> int:
    eq = equivalent()
    rows = stryker_rows(eq) + mutmut_rows(eq)
    if not rows:
        print("no mutation results: run `make mutation` first")
        return 0
    print(f"{'module':45} {'killed':>7} {'survived':>9} {'score':>7}")
    for module, killed, survived, _ in rows:
        total = killed + survived
        if not total:
            print(f"{module:45} {'-':>7} {'-':>9} {'not run':>7}")
            continue
        print(f"{module:45} {killed:7d} {survived:9d} {100.0 * killed / total:6.1f}%")
    if eq:
        print("\nJudged equivalent (counted as killed):")
        for key, why in sorted(eq.items()):
            print(f"  {key}  — {why}")
    if "-v" in sys.argv:
        for module, _, _, left in rows:
            for item in left:
                print("survived:", item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
