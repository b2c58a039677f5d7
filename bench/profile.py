"""Profile one yizhan build with pyinstrument (from the bench venv) as the main venv runs it.

    bench/.venv/bin/python bench/profile.py SITE_DIR [--jobs 1] [--out profile.txt] [--all] [--cache DIR]

jieba is hidden (`sys.modules["jieba"] = None`): the main environment has none, and a
leftover Material search plugin would otherwise segment with it. `--jobs 1` (the default)
keeps every page in this process, so that the profile sees MkDocs' part too. `--cache DIR`
profiles a CI rebuild (`yizhan build --cache DIR`): fill the cache by a first run, edit a
file, then profile the second run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.modules["jieba"] = None  # type: ignore[assignment]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("site", type=Path, help="folder with site_config.yml (e.g. from bench/corpus.py)")
    cli.add_argument("--jobs", default="1")
    cli.add_argument("--out", type=Path, help="write the text profile here (default: print it)")
    cli.add_argument("--all", action="store_true", help="show library frames too")
    cli.add_argument("--cache", type=Path, help="build cache kept between runs (yizhan build --cache)")
    args = cli.parse_args()
    os.environ["YIZHAN_JOBS"] = args.jobs
    from pyinstrument import Profiler

    from generator.build import BuildOptions, build

    profiler = Profiler(interval=0.002)
    with tempfile.TemporaryDirectory() as out:
        profiler.start()
        build(BuildOptions(config_path=args.site / "site_config.yml", out=Path(out) / "site",
                           today="2026-11-23", posters=False, cache=args.cache))
        profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=args.all)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
