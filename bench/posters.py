"""Poster speed: posters per second in one process (goal: at most 0.5 s per poster).

    .venv/bin/python bench/posters.py [--repeat N] [--config site_config.yml]

Renders every poster of the example community (bulletin, service directory, one per
event, figure, policy and notice with `poster: true`) into a temporary folder, N times
in the same process after one warm-up run, and prints wall-clock and CPU seconds per
poster. CPU time is the steadier number on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.build import BuildOptions, load_site  # noqa: E402
from generator.posters.make import make_posters  # noqa: E402
from generator.problems import Report  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--repeat", type=int, default=2)
    args.add_argument("--config", type=Path, default=REPO / "site_config.yml")
    options = args.parse_args()
    site = load_site(BuildOptions(config_path=options.config, today="2026-11-23"), Report())
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        count = len(make_posters(site, Path(folder) / "warm", Report()))
        print(f"first run (fonts loaded, thumbnails): {count} posters in {time.perf_counter() - started:.1f} s")
        wall, cpu = time.perf_counter(), _cpu()
        for n in range(options.repeat):
            make_posters(site, Path(folder) / f"run{n}", Report())
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    total = count * options.repeat
    print(f"{total} posters: {wall / total:.3f} s per poster (wall), {cpu / total:.3f} s per poster (CPU, with the "
          f"pdftoppm thumbnails), {total / wall:.1f} posters/s (wall), {total / cpu:.1f} posters/s (CPU)")


def _cpu() -> float:
    """CPU seconds of this process and of the finished child processes (pdftoppm)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


if __name__ == "__main__":
    main()
