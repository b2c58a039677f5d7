"""Lighthouse scores of a built site: the home page, a list page and an item page of every kind.

    .venv/bin/python bench/lighthouse.py [--preset mobile|desktop] [--runs 5] [--today YYYY-MM-DD]
    .venv/bin/python bench/corpus.py /tmp/lh2k --items 2000
    .venv/bin/python bench/lighthouse.py --corpus /tmp/lh2k          # a generated site
    .venv/bin/python bench/lighthouse.py --built bench/out/lighthouse/site --pages home,list

Builds the example community (or the `bench/corpus.py` folder given with --corpus; posters
off: they are PDFs, not pages) into bench/out/lighthouse/, serves it on 127.0.0.1 the way a
campus nginx would (HTTP/1.1 keep-alive; `gzip_static on`: the `.gz` copy the build wrote
beside a text file, else gzip on the fly as `gzip on`), runs Lighthouse (npm `lighthouse`,
installed by .ci/setup into node_modules) in Debian's Chromium (CHROME_PATH=/usr/bin/chromium)
`--runs` times per page, and prints the median of each category score with its spread
(lowest–highest), the median metrics, and every audit short of full marks in the run with
the median performance score. The site is built for the real date unless --today says
otherwise (a page older than the reader's day is brought up to date by its scripts: more
work, and another paint). The load average is printed before and after: performance is
simulated throttling, but the main thread's work is measured on this machine, so a busy
machine lowers it. Reports are kept in bench/out/lighthouse/*.json. Not a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, build  # noqa: E402
from generator.kinds import KINDS  # noqa: E402

OUT = ROOT / "bench/out/lighthouse"
LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Not --disable-gpu: with it, headless Chromium painted a page at ~0.2 s but reported its first
# paint ~1 s later, at its next frame (the trace: Paint and Commit at 210 ms, firstContentfulPaint
# at 1199 ms), and Lighthouse's simulation then counts every request before that paint as
# holding it back. Without it the paint is reported when it happens.
CHROME_FLAGS = ("--headless=new --no-sandbox --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "speed-index": "SI",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS"}
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".ics", ".webmanifest", ".txt"}


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as nginx sends them: keep-alive, and for a browser that accepts gzip the
    precompressed `name.gz` beside a text file (`gzip_static on`), else gzip made now (`gzip on`)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        ready = path.with_name(path.name + ".gz")
        body = ready.read_bytes() if ready.is_file() else gzip.compress(path.read_bytes(), 1, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pages_of(site: Path) -> dict[str, str]:
    """home, the first kind's list page, and for each kind its biggest item page (the one
    with the most to show: images, tables, long text), by site-relative URL."""
    pages = {"home": "", "list": f"{KINDS[0].name}/"}
    for kind in KINDS:
        items = [p for p in (site / kind.name).glob("*/index.html")] if (site / kind.name).is_dir() else []
        if items:
            biggest = max(items, key=lambda p: (p.stat().st_size, p.parent.name))
            pages[kind.name] = f"{kind.name}/{biggest.parent.name}/"
    return pages


def lighthouse(url: str, report: Path, preset: str) -> dict:
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def scores(result: dict) -> dict[str, float]:
    values = {c: round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES}
    values.update({short: result["audits"][audit]["numericValue"] for audit, short in METRICS.items()})
    return values


def short_of_full(result: dict) -> list[str]:
    lines = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(f"{category}: {audit['id']} {audit['score']:.2f} {audit.get('displayValue', '')}".rstrip())
    return lines


def spread(values: list[float], digits: int = 0) -> str:
    middle, low, high = statistics.median(values), min(values), max(values)
    fmt = (lambda v: f"{v:.{digits}f}")
    return fmt(middle) if low == high else f"{fmt(middle)} ({fmt(low)}–{fmt(high)})"


def measure(site: Path, names: list[str] | None, runs: int, preset: str, tag: str) -> dict:
    pages = pages_of(site)
    if names:
        pages = {name: pages[name] for name in names}
    server, base = serve(site)
    summary: dict = {"load_before": os.getloadavg(), "pages": {}}
    try:
        for name, path in pages.items():
            results = [scores(r) | {"audits": short_of_full(r)}
                       for r in (lighthouse(base + path, OUT / f"{tag}-{name}-{preset}-{i}.json", preset)
                                 for i in range(runs))]
            summary["pages"][name] = {"url": "/" + path, "runs": results}
            show_page(name, path, results)
    finally:
        server.shutdown()
        server.server_close()
    summary["load_after"] = os.getloadavg()
    return summary


def show_page(name: str, path: str, results: list[dict]) -> None:
    cells = [spread([r[c] for r in results]) for c in CATEGORIES]
    cells += [spread([r[m] for r in results], 3 if m == "CLS" else 0) for m in METRICS.values()]
    print(f"| {name} | /{path} | " + " | ".join(cells) + " |", flush=True)
    ordered = sorted(results, key=lambda r: r["performance"])
    for line in ordered[len(ordered) // 2]["audits"]:
        print(f"|   | {line} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--today", default=date.today().isoformat(),
                        help="the build's date; default the real one (a site viewed the day it was built)")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (median and spread)")
    parser.add_argument("--corpus", type=Path, help="a folder written by bench/corpus.py, built instead of the example")
    parser.add_argument("--built", type=Path, help="a site already built: measure it as it is")
    parser.add_argument("--pages", help="comma-separated page names (home, list, a kind's name); default all")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        print("node_modules/lighthouse is missing: run `bash .ci/setup`", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    if args.built:
        site, tag = args.built, args.built.name
    else:
        config = args.corpus / "site_config.yml" if args.corpus else ROOT / "site_config.yml"
        tag = args.corpus.name if args.corpus else "example"
        site = OUT / f"site-{tag}"
        build(BuildOptions(config_path=config, out=site, today=args.today, posters=False))
    print(f"Lighthouse ({args.preset}, {args.runs} runs a page: median (lowest–highest)), {site}, "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
    print("| page | url | " + " | ".join(CATEGORIES) + " | " + " | ".join(f"{m} {'ms' if m != 'CLS' else ''}".strip()
                                                                   for m in METRICS.values()) + " |")
    print("|---|---|" + "---:|" * (len(CATEGORIES) + len(METRICS)))
    names = args.pages.split(",") if args.pages else None
    summary = measure(site, names, args.runs, args.preset, tag)
    (OUT / f"{tag}-{args.preset}-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nload average before {summary['load_before'][0]:.2f}, after {summary['load_after'][0]:.2f} "
          f"(1 min; 5 min after: {summary['load_after'][1]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
