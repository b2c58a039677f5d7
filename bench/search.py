"""Search benchmark: index size, first-query transfer and time to first result.

For each size (500 and 2,000 generated items by default) it builds a site from
bench/corpus.py with posters off, serves it on 127.0.0.1, and for every query opens the
home page in a fresh Chromium context (empty cache), types the query as soon as the page
has loaded, and waits for the first result; then the same from the folder (`file://`).
Reported per query:

  transfer  bytes (uncompressed: the files' sizes) of everything requested after the page's
            load event until the first result (Playwright sees file:// requests too)
  ttfr      ms from the last keystroke (the input event) to the first result in the page,
            timed in the page (the query is typed as soon as the page has loaded)
  weak      the same over http with a weak Wi-Fi emulated (1.5 Mbit/s down, 150 ms round trip)

    .venv/bin/python bench/search.py [--items 500 2000] [--json out.json]
    .venv/bin/python bench/search.py --built OUT [OUT …]   # outputs already built (a portal: bench/portal.py)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from generator.build import BuildOptions, build  # noqa: E402

# Multi-word: 心理 预约 (a space), 专升本报名 and 奖学金评审 (cut by the browser's word segmenter).
QUERIES = ["咨询", "专升本", "心理咨询", "学业门诊", "幸福里3号楼", "奖学金评审", "茶", "心理 预约", "专升本报名"]
WEAK_WIFI = {"offline": False, "latency": 150, "downloadThroughput": 1_500_000 / 8, "uploadThroughput": 750_000 / 8}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def index_sizes(out: Path) -> dict[str, int]:
    files = [p for p in (out / "search").rglob("*.js")]
    buckets = [p for p in files if p.name.startswith("b")]
    return {
        "files": len(files),
        "total_bytes": sum(p.stat().st_size for p in files),
        "meta_bytes": (out / "search/meta.js").stat().st_size,
        "largest_bucket_bytes": max(p.stat().st_size for p in buckets),
        "text_chunks": sum(1 for p in files if p.name.startswith("t")),
    }


def local_size(out: Path, base: str, url: str) -> int:
    """The size of the output's file behind `url` (served as it is, uncompressed)."""
    relative = unquote(urlsplit(url).path).removeprefix(unquote(urlsplit(base).path))
    path = out / relative
    return (path / "index.html" if path.is_dir() else path).stat().st_size if path.exists() else 0


def requests_after_load(page) -> list[str]:
    """The URLs `page` requests after its next load event, as they are requested (events come
    in order: a request seen after "load" was made after the load event)."""
    urls: list[str] = []
    page.once("load", lambda: page.on("request", lambda request: urls.append(request.url)))
    return urls


# The time of the last keystroke in the search box and of the first result (or of 没有找到).
TIMING = """addEventListener("DOMContentLoaded", () => {
  window.__typed = window.__shown = null;
  document.addEventListener("input", () => { window.__typed = performance.now(); }, true);
  new MutationObserver(() => {
    const status = document.querySelector(".yz-search__status");
    if (window.__shown === null && window.__typed !== null && (document.querySelector(".yz-search__results .yz-result")
        || (status && status.textContent.includes("没有找到")))) window.__shown = performance.now();
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
});"""


def first_query(browser, out: Path, base: str, query: str, weak: bool) -> dict[str, float]:
    context = browser.new_context(service_workers="block")
    context.add_init_script(TIMING)
    page = context.new_page()
    after_load = requests_after_load(page)
    if weak:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", WEAK_WIFI)
    page.goto(base + ("index.html" if base.startswith("file:") else ""), wait_until="load", timeout=120_000)
    page.fill(".yz-search__input", query)
    page.wait_for_function("window.__shown !== null", timeout=60_000)
    elapsed = page.evaluate("window.__shown - window.__typed")
    results = page.locator(".yz-search__results .yz-result").count()
    loaded = {url: local_size(out, base, url) for url in after_load}
    context.close()
    return {"ms": round(elapsed), "bytes": sum(loaded.values()), "files": len(loaded), "shown": results}


def measure(browser, out: Path) -> dict:
    """Every query's first-query transfer and time on the built output `out`, http and file://."""
    base, server = serve(out)
    queries = {q: {"fast": first_query(browser, out, base, q, False), "weak": first_query(browser, out, base, q, True),
                   "file": first_query(browser, out, out.resolve().as_uri() + "/", q, False)}
               for q in QUERIES}
    server.shutdown()
    server.server_close()
    return {"index": index_sizes(out), "queries": queries}


def run(sizes: list[int], built: list[Path] = ()) -> dict:
    from playwright.sync_api import sync_playwright

    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="yizhan-bench-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for out in built:
            report[str(out)] = {"build_s": "-", **measure(browser, out)}
        for items in sizes if not built else ():
            site = Path(tmp) / f"site-{items}"
            config = generate(site, items)
            out = site / "out"
            began = time.perf_counter()
            build(BuildOptions(config_path=config, out=out, today="2026-11-23", posters=False))
            build_s = time.perf_counter() - began
            report[items] = {"build_s": round(build_s, 1), **measure(browser, out)}
        browser.close()
    return report


def show(report: dict) -> None:
    for items, data in report.items():
        index = data["index"]
        print(f"\n{items} items (build {data['build_s']} s): index {index['total_bytes'] / 1e6:.2f} MB in "
              f"{index['files']} files; meta {index['meta_bytes'] / 1e3:.1f} kB, largest bucket "
              f"{index['largest_bucket_bytes'] / 1e3:.0f} kB, {index['text_chunks']} text chunks")
        print(f"  {'query':<10} {'transfer':>10} {'files':>5} {'ttfr':>7} {'weak wifi':>10} {'file://':>10} "
              f"{'ttfr':>7} {'shown':>5}")
        for query, q in data["queries"].items():
            print(f"  {query:<10} {q['fast']['bytes'] / 1e3:>8.0f}kB {q['fast']['files']:>5} "
                  f"{q['fast']['ms']:>5}ms {q['weak']['ms']:>8}ms {q['file']['bytes'] / 1e3:>8.0f}kB "
                  f"{q['file']['ms']:>5}ms {q['fast']['shown']:>5}")
        for where in ("fast", "file"):
            sizes = [q[where]["bytes"] for q in data["queries"].values()]
            times = [q[where]["ms"] for q in data["queries"].values()]
            print(f"  {'http' if where == 'fast' else 'file://'}: first-query transfer worst {max(sizes) / 1e3:.0f} kB, "
                  f"median {statistics.median(sizes) / 1e3:.0f} kB; time to first result median "
                  f"{statistics.median(times):.0f} ms ({min(times)}–{max(times)} ms)")
        weak = [q["weak"]["ms"] for q in data["queries"].values()]
        print(f"  weak Wi-Fi: median {statistics.median(weak):.0f} ms ({min(weak)}–{max(weak)} ms)")


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--items", type=int, nargs="+", default=[500, 2000])
    cli.add_argument("--json", type=Path)
    cli.add_argument("--built", type=Path, nargs="+", default=[], help="measure these built outputs instead")
    args = cli.parse_args()
    result = run(args.items, args.built)
    show(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
