"""Build benchmark: yizhan against a plain `mkdocs build` (Material + jieba) of the same pages.

For each size, a corpus from `bench/corpus.py` is built

* by yizhan (`yizhan build --no-posters`, cold: no cache),
* by plain MkDocs + Material (`language: zh`, the search plugin, jieba installed, a
  small navigation: home + one list page per section) on the very same Markdown files
  (content/ copied as docs/; a home page and one list page per type linking every item),
* by yizhan again as a CI rebuild: `--cache DIR` kept from a previous build, one item
  edited in between,

several runs each, and reports medians of wall time, CPU time (user+sys, less disturbed
by other processes on the machine) and peak memory (max RSS of the build process and its
children, from wait4), the ratio yizhan/MkDocs, and how cost grows with the number of items.

    bench/.venv/bin/python bench/build.py [--sizes 500,2000,10000] [--runs 3]
    python bench/build.py --smoke        # ~50 items, one run: proves the benchmark still works

The MkDocs baseline runs in the bench venv (`bench/.venv`, `pip install -e ".[bench]"`,
which has jieba); yizhan runs in the main venv (`.venv`, no jieba). Without a bench venv
(as in the smoke run) the baseline runs without jieba and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

TODAY = "2026-11-23"
SECTIONS = {"notices": "通知公告", "events": "活动", "lessons": "党课", "figures": "典型人物",
            "services": "服务目录", "policies": "政策指南", "pages": "关于"}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Result:
    tool: str
    items: int
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command`; wall time, CPU time and peak RSS of it (and its waited-for children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output.decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


# -- the plain MkDocs baseline --------------------------------------------------------------
MKDOCS_YML = """\
site_name: 幸福里学生社区
site_url: https://bench.example.edu.cn/
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.top, navigation.footer, search.highlight]
plugins:
  - search:
      lang: zh
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc,
  pymdownx.betterem, pymdownx.caret, pymdownx.details, pymdownx.mark, pymdownx.superfences,
  pymdownx.tasklist, pymdownx.tilde]
not_in_nav: /*
validation: {{omitted_files: ignore, absolute_links: ignore, unrecognized_links: ignore}}
nav:
{nav}
"""


def prepare_mkdocs(site: Path, project: Path) -> Path:
    """The same Markdown files as a plain MkDocs project with a small navigation."""
    import yaml

    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    shutil.copytree(site / "content", docs)
    nav = ["  - 首页: index.md"]
    home = ["# 幸福里学生社区", ""]
    for folder, label in SECTIONS.items():
        pages = sorted((docs / folder).rglob("*.md"))
        lines = [f"# {label}", ""]
        for page in pages:
            meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---", 2)[1]) or {}
            lines.append(f"- [{meta.get('title', page.stem)}]({page.relative_to(docs / folder).as_posix()})")
        (docs / folder / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        nav.append(f"  - {label}: {folder}/index.md")
        home.append(f"- [{label}]({folder}/index.md)（{len(pages)} 篇）")
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML.format(site_dir="site", nav="\n".join(nav)), encoding="utf-8")
    return project


def has_jieba(python: str) -> bool:
    return subprocess.run([python, "-c", "import jieba"], capture_output=True).returncode == 0


# -- one size ----------------------------------------------------------------------------------
def edit_one(site: Path, n: int) -> None:
    """What a volunteer does between two CI builds: fix a sentence in one notice."""
    notices = sorted((site / "content" / "notices").glob("tongzhi-*.md"))
    path = notices[(n * 7919) % len(notices)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n（第 {n + 1} 次更正：请以本页为准。）\n", encoding="utf-8")


def bench_size(items: int, runs: int, out: Path, pythons: dict[str, str], code: Path, log) -> list[Result]:
    site = out / f"corpus-{items}"
    if site.exists():
        shutil.rmtree(site)
    generate(site, items)
    project = prepare_mkdocs(site, out / f"mkdocs-{items}")
    yizhan = [pythons["yizhan"], "-m", "generator", "--config", str(site / "site_config.yml"), "build",
              "--no-posters", "--today", TODAY]
    cold = Result("yizhan", items)
    material = Result("mkdocs-material", items)
    rebuild = Result("yizhan rebuild (cache, 1 item edited)", items)
    cache = out / f"cache-{items}"
    # PYTHONPATH: the generator/ measured (this checkout's), whatever an editable install points at.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "PYTHONPATH": str(code)}
    for n in range(runs):
        cold.runs.append(measure([*yizhan, "--out", str(out / f"yizhan-site-{items}")], site, env))
        log(f"  {items:>6} yizhan cold       {cold.runs[-1]}")
        material.runs.append(measure([pythons["mkdocs"], "-m", "mkdocs", "build", "-q"], project, env))
        log(f"  {items:>6} mkdocs-material   {material.runs[-1]}")
    if cache.exists():
        shutil.rmtree(cache)
    measure([*yizhan, "--cache", str(cache), "--out", str(out / f"yizhan-ci-{items}")], site, env)  # fills the cache
    for n in range(runs):
        edit_one(site, n)
        rebuild.runs.append(measure([*yizhan, "--cache", str(cache), "--out", str(out / f"yizhan-ci-{items}")], site, env))
        log(f"  {items:>6} yizhan rebuild    {rebuild.runs[-1]}")
    return [cold, material, rebuild]


# -- report --------------------------------------------------------------------------------------
def table(results: list[Result]) -> str:
    rows = ["| items | tool | wall s (median) | CPU s (median) | peak MB (median) | runs |", "|---:|---|---:|---:|---:|---:|"]
    for r in results:
        rows.append(f"| {r.items} | {r.tool} | {r.median('wall'):.2f} | {r.median('cpu'):.2f} | {r.median('peak_mb'):.0f} | {len(r.runs)} |")
    by = {(r.items, r.tool): r for r in results}
    rows.append("")
    rows.append("| items | yizhan / Material (wall) | (CPU) | rebuild / cold Material (wall) | yizhan ms per item |")
    rows.append("|---:|---:|---:|---:|---:|")
    for items in sorted({r.items for r in results}):
        y, m = by[(items, "yizhan")], by[(items, "mkdocs-material")]
        rb = by[(items, "yizhan rebuild (cache, 1 item edited)")]
        rows.append(f"| {items} | {y.median('wall') / m.median('wall'):.2f} | {y.median('cpu') / m.median('cpu'):.2f} | "
                    f"{rb.median('wall') / m.median('wall'):.2f} | {1000 * y.median('wall') / items:.1f} |")
    sizes = sorted({r.items for r in results})
    if len(sizes) > 1:
        import math
        a, b = sizes[0], sizes[-1]
        for tool in ("yizhan", "mkdocs-material"):
            ta, tb = by[(a, tool)].median("cpu"), by[(b, tool)].median("cpu")
            rows.append(f"\n{tool}: CPU time grows as items^{math.log(tb / ta) / math.log(b / a):.2f} from {a} to {b} items")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description="yizhan vs MkDocs + Material build benchmark")
    cli.add_argument("--sizes", default="500,2000,10000")
    cli.add_argument("--runs", type=int, default=3)
    cli.add_argument("--smoke", action="store_true", help="~50 items, one run (CI: keeps the benchmark alive)")
    cli.add_argument("--out", type=Path, default=HERE / "out")
    cli.add_argument("--yizhan-python", default=str(REPO / ".venv" / "bin" / "python"))
    cli.add_argument("--mkdocs-python", default=str(HERE / ".venv" / "bin" / "python"))
    cli.add_argument("--code", type=Path, default=REPO,
                     help="folder with generator/ and theme/ to measure (e.g. a `git archive HEAD` export)")
    args = cli.parse_args(argv)
    sizes = [50] if args.smoke else [int(s) for s in args.sizes.split(",")]
    runs = 1 if args.smoke else args.runs
    pythons = {"yizhan": args.yizhan_python if Path(args.yizhan_python).exists() else sys.executable,
               "mkdocs": args.mkdocs_python if Path(args.mkdocs_python).exists() else sys.executable}
    if has_jieba(pythons["yizhan"]):
        print("warning: jieba is installed in yizhan's environment", file=sys.stderr)
    jieba = has_jieba(pythons["mkdocs"])
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    for items in sizes:
        results += bench_size(items, runs, args.out, pythons, args.code.resolve(), log=lambda line: print(line, flush=True))
    load = os.getloadavg()
    text = table(results)
    header = (f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}; baseline jieba: {'yes' if jieba else 'NO'}; "
              f"load average after the runs: {load[0]:.2f}")
    print(header)
    print(text)
    name = "smoke" if args.smoke else "results-" + "-".join(map(str, sizes))
    (args.out / f"{name}.json").write_text(json.dumps(
        {"header": header, "results": [asdict(r) for r in results]}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
