"""Lighthouse scores of the example site: the home page, a list page and an item page.

    .venv/bin/python bench/lighthouse.py [--preset mobile|desktop] [--today 2026-11-23]

Builds the example community (posters off: they are PDFs, not pages) into
bench/out/lighthouse/site, serves it on 127.0.0.1 the way a campus web server would
(gzip for text, as nginx's `gzip on`), runs Lighthouse (npm `lighthouse`, installed by
.ci/setup into node_modules) in Debian's Chromium (CHROME_PATH=/usr/bin/chromium), and
prints the four category scores of each page; every audit that is not a full score is
listed under it. The reports are kept in bench/out/lighthouse/*.json.
Not a test: scores depend on the machine's load (performance is simulated throttling).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import BuildOptions, build  # noqa: E402

OUT = ROOT / "bench/out/lighthouse"
LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
PAGES = {"home": "", "list": "notices/", "item": "events/xinling-chahui/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".ics", ".webmanifest", ".txt"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if not self.path.split("?")[0].endswith("/") and (Path(self.translate_path(self.path))).is_dir():
            return super().send_head()  # the redirect to the folder's URL
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str, report: Path, preset: str) -> dict:
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--today", default="2026-11-23")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        print("node_modules/lighthouse is missing: run `bash .ci/setup`", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    site = OUT / "site"
    build(BuildOptions(config_path=ROOT / "site_config.yml", out=site, today=args.today, posters=False))
    server, base = serve(site)
    try:
        print(f"Lighthouse ({args.preset}), example site built for {args.today}\n")
        print(f"{'page':<6} {'url':<26} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        details = []
        for name, path in PAGES.items():
            result = lighthouse(base + path, OUT / f"{name}-{args.preset}.json", args.preset)
            scores = {c: round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES}
            print(f"{name:<6} /{path:<25} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
            for category in CATEGORIES:
                for ref in result["categories"][category]["auditRefs"]:
                    audit = result["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                        value = audit.get("displayValue", "")
                        details.append(f"  {name}/{category}: {audit['id']} {audit['score']:.2f} {value}".rstrip())
        if details:
            print("\nAudits short of full marks:")
            print("\n".join(details))
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
