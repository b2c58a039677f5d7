"""The long fuzz run: `check` and `build --no-posters` of random content for a while.

The generators are the suite's (tests/fuzzing.py; the suite runs them for under a minute).
Each case is 1–3 content files with mutated front matter and random bodies; a crash is a
case where either command exits other than 0 or 1, shows an internal error or a traceback,
prints a problem that is not one line `path:line: field: message`, or where `check` and
`build` disagree on pass/fail. Crashing cases are saved (their files, as JSON) to reproduce.

    .venv/bin/python bench/fuzz.py --minutes 10 [--out bench/out/fuzz]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from tests.fuzzing import check_and_build, sites, violations, write_site  # noqa: E402


class _TimeUp(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "fuzz")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.minutes * 60
    cases, crashes, passed = 0, [], 0
    kinds: Counter[str] = Counter()

    with tempfile.TemporaryDirectory(prefix="yizhan-fuzz-") as folder:
        root = Path(folder) / "site"

        @settings(max_examples=10**9, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(sites())
        def one(files: list[tuple[str, str]]) -> None:
            nonlocal cases, passed
            if time.monotonic() > deadline:
                raise _TimeUp
            write_site(root, files)
            outcome = check_and_build(root)
            cases += 1
            passed += outcome.check[0] == 0
            found = violations(outcome)
            if found:
                crashes.append({"files": files, "violations": found})
                kinds.update(line.split(":")[0] + ": " + line.split(":", 1)[1].strip()[:80] for line in found)
                (args.out / f"crash-{len(crashes):03d}.json").write_text(
                    json.dumps(crashes[-1], ensure_ascii=False, indent=1), encoding="utf-8")
            if cases % 50 == 0:
                print(f"… {cases} cases, {len(crashes)} crashes", flush=True)

        if args.seed is not None:
            one = __import__("hypothesis").seed(args.seed)(one)
        started = time.monotonic()
        try:
            one()
        except _TimeUp:
            pass
        seconds = time.monotonic() - started

    print(f"cases: {cases} (check passed {passed}, failed with content errors {cases - passed})")
    print(f"crashes: {len(crashes)}")
    print(f"duration: {seconds:.0f} s ({cases / max(seconds, 1e-9):.1f} cases/s)")
    for kind, count in kinds.most_common(20):
        print(f"  {count} × {kind}")
    (args.out / "summary.json").write_text(json.dumps(
        {"cases": cases, "passed": passed, "crashes": len(crashes), "seconds": round(seconds)}), encoding="utf-8")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
