"""How fast `yizhan serve` shows a saved change, on a generated site (bench/corpus.py).

For each trial one item file gets a new, unique word in its title and body; we measure
  - page: from the file write to the served item page containing the word
    (HTTP polling every 10 ms; with --browser, to the open page in Chromium having
    reloaded itself and showing it, which is what a volunteer sees);
  - list: to the type's list page containing the new title;
  - search: to the search index being rewritten too, and
  - later: to the calendar files, feed and search index all being rewritten
    (the preview's status says when its background steps are done).

Last, one new file is added (page and list).

    .venv/bin/python bench/serve.py --items 2000 [--trials 5] [--browser]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402
from generator.content.loader import find_sources  # noqa: E402
from generator.slugs import slugify  # noqa: E402


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(test, timeout: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if test():
            return time.perf_counter()
        time.sleep(0.01)
    raise TimeoutError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also measure the reload in Chromium")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="yizhan-bench-serve-"))
    config = generate(root, args.items)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--config", str(config),
                               "--port", str(port), "--today", "2026-11-23"], env=env, cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = None
    try:
        _until(lambda: bool(_get(base)), timeout=900)
        print(f"{args.items} items: first full build and serve in {time.perf_counter() - started:.1f} s")
        if args.browser:
            from playwright.sync_api import sync_playwright

            from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
        notices = [p for t, p in find_sources(root / "content") if t is not None and t.name == "notices"]
        results: dict[str, list[float]] = {"page": [], "list": [], "search": [], "later": [], "browser": []}
        for trial in range(args.trials):
            path = notices[trial * 7 % len(notices)]
            url = f"{base}notices/{slugify(path.stem)}/"
            if page is not None:
                page.goto(url)
                page.wait_for_load_state()
            time.sleep(1.0)                          # let the previous background step finish
            word = f"基准测试{trial}号{int(time.time())}"
            text = path.read_text(encoding="utf-8")
            text = text.replace("\ntitle: ", f"\ntitle: {word} ", 1) + f"\n{word}。\n"
            version = json.loads(_get(base + "__yizhan__/status"))["version"]
            t0 = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            results["page"].append(_until(lambda: word in _get(url)) - t0)
            results["list"].append(_until(lambda: word in _get(base + "notices/")) - t0)
            if page is not None:
                page.wait_for_function("w => document.body.innerText.includes(w)", arg=word, timeout=120_000)
                results["browser"].append(time.perf_counter() - t0)

            def done(step: str | None) -> bool:
                status = json.loads(_get(base + "__yizhan__/status") or "{}")
                if status.get("version", version) <= version:
                    return False
                return not (status["later"].get(step, True) if step else status["later_running"])
            results["search"].append(_until(lambda: done("write_search_index")) - t0)
            results["later"].append(_until(lambda: done(None)) - t0)
            status = json.loads(_get(base + "__yizhan__/status"))
            print(f"trial {trial}: page {results['page'][-1]:.2f} s, list {results['list'][-1]:.2f} s, "
                  + (f"browser {results['browser'][-1]:.2f} s, " if page is not None else "")
                  + f"search {results['search'][-1]:.2f} s, calendar/feed/search {results['later'][-1]:.2f} s; phases "
                  + ", ".join(f"{k} {v:.2f}" for k, v in status.get("timings", {}).items()))
        for name, values in results.items():
            if values:
                print(f"{name}: median {statistics.median(values):.2f} s, max {max(values):.2f} s")
        # A new file: every file is validated again and MkDocs' dirty build runs.
        time.sleep(1.0)
        word = f"新文件{int(time.time())}"
        new = notices[0].with_name(f"bench-new-{int(time.time())}.md")
        t0 = time.perf_counter()
        new.write_text(f"---\ntitle: {word}\ndate: 2026-11-20\n---\n{word}。\n", encoding="utf-8")
        added = _until(lambda: word in _get(f"{base}notices/{slugify(new.stem)}/")) - t0
        listed = _until(lambda: word in _get(base + "notices/")) - t0
        print(f"a new file: page {added:.2f} s, list {listed:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
