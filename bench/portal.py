"""Portal benchmark setup (issue 19 §4): a portal of N sources × M items.

Building 100 community sites would take ~100 × the build of one; the portal reads only their
`data/site.json`. So one bench/corpus.py site of M items is generated and built once, and its
real export is copied N times, each copy with its own community name, URL and item URLs
(valid against data/site.schema.json). The portal's `site_config.yml` lists the copies as
`path` sources. Then build and measure it, e.g.:

    .venv/bin/python bench/portal.py /tmp/portal [--sources 100] [--items 200]
    /usr/bin/time -v .venv/bin/yizhan build --config /tmp/portal/portal/site_config.yml \\
        --out /tmp/portal/out --today 2026-11-23
    .venv/bin/python bench/search.py --built /tmp/portal/out    # first-query transfer
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from generator.build import BuildOptions, build  # noqa: E402
from generator.render.export import EXPORT_FILE  # noqa: E402

TODAY = "2026-11-23"


def prepare(root: Path, sources: int, items: int) -> Path:
    """The sources' exports under `root/sources/` and the portal's config; its path."""
    config = generate(root / "one", items)
    build(BuildOptions(config_path=config, out=root / "one-out", today=TODAY, posters=False))
    text = (root / "one-out" / EXPORT_FILE).read_text(encoding="utf-8")
    base = json.loads(text)["site"]["url"]
    lines = ["site_name: 百社区门户", "site_url: https://portal.example.edu.cn/", "timezone: Asia/Shanghai", "sources:"]
    for n in range(sources):
        name, url = f"第{n:03d}学生社区", f"https://c{n:03d}.example.edu.cn/"
        export = json.loads(text.replace(base, url))
        export["site"]["name"] = name
        target = root / "sources" / f"c{n:03d}" / EXPORT_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
        lines.append(f"  - {{name: {name}, path: {target.parents[1]}}}")
    portal = root / "portal"
    (portal / "content").mkdir(parents=True, exist_ok=True)
    (portal / "site_config.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return portal / "site_config.yml"


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("out", type=Path)
    cli.add_argument("--sources", type=int, default=100)
    cli.add_argument("--items", type=int, default=200)
    args = cli.parse_args()
    print(prepare(args.out.resolve(), args.sources, args.items))
