"""The preview's HTTP server: the built files on 127.0.0.1, HTML pages with the reload
script (and the errors) added, `/__yizhan__/` for the script; only to this host's names."""

from __future__ import annotations

import http.server
import json
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator.problems import one_line
from generator.render.templates import DEFAULT_THEME
from generator.serve.preview import Preview

PREFIX = "/__yizhan__/"
ASSETS = "/assets/"
LOCAL_NAMES = {"127.0.0.1", "localhost"}


def start_server(preview: Preview, port: int) -> tuple[PreviewServer, str]:
    """Serve `preview` on 127.0.0.1:`port` in a thread; the server and its address.
    Raises OSError when the port cannot be used."""
    handler = partial(type("Handler", (PreviewHandler,), {"preview": preview}), directory=str(preview.site_dir))
    server = PreviewServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client gone away is silent; anything else one line, not a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print(f"预览：处理一个请求时出错（{type(exc).__name__}: {one_line(str(exc))}），预览继续运行。",
              file=sys.stderr, flush=True)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the preview; HTML pages get the reload script (and the errors)."""

    preview: Preview

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet terminal
        pass

    def parse_request(self) -> bool:
        """Only requests to this preview by its own name: a page of another site whose name
        was pointed at 127.0.0.1 (DNS rebinding) gets 403 and reads nothing."""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if host is not None and _host_name(host) not in LOCAL_NAMES:
            self.close_connection = True
            self._send("预览只接受 http://127.0.0.1 或 http://localhost 的访问。".encode("utf-8"),
                       "text/plain; charset=utf-8", 403)
            return False
        return True

    def handle(self) -> None:
        """A browser that reloads or closes the tab while a reply is sent: nothing to say."""
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def end_headers(self) -> None:
        # Theme assets (Material's bundle, our scripts and styles) change only with the theme:
        # the browser may keep them and ask again with If-Modified-Since, so that a reload
        # fetches the page alone. Everything else is fetched afresh each time.
        # (A request line too long to read has no path: 414 is sent before one is set.)
        asset = urlsplit(getattr(self, "path", "")).path.startswith(ASSETS)
        self.send_header("Cache-Control", "no-cache" if asset else "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path.startswith(PREFIX):
            return self._internal(url.path[len(PREFIX):], parse_qs(url.query))
        target = Path(self.translate_path(url.path))
        try:
            is_dir = target.is_dir()
            if is_dir and url.path.endswith("/"):
                target = target / "index.html"
            is_page = target.suffix == ".html" and target.is_file()
            absent = not target.exists()
        except (OSError, ValueError):  # a name too long for the file system, a NUL: no such page
            is_dir, is_page, absent = False, False, True
            target = Path("missing")
        if is_dir and not url.path.endswith("/"):
            return super().do_GET()          # redirect to the slash form
        if is_page:
            return self._html(target.read_bytes(), 200)
        if target.suffix in ("", ".html") and absent:
            missing = self.preview.site_dir / "404.html"
            if not self.preview.built or self.preview.errors or not missing.is_file():
                return self._send(self.preview.error_page(), "text/html; charset=utf-8", 404)
            return self._html(missing.read_bytes(), 404)
        return super().do_GET()

    def _html(self, page: bytes, status: int) -> None:
        snippet = self.preview.inject().encode("utf-8")
        at = page.rfind(b"</body>")
        page = page[:at] + snippet + page[at:] if at >= 0 else page + snippet
        self._send(page, "text/html; charset=utf-8", status)

    def _internal(self, name: str, query: dict[str, list[str]]) -> None:
        if name == "reload.js":
            return self._send((DEFAULT_THEME / "serve" / "reload.js").read_bytes(), "text/javascript", 200)
        if name == "wait":
            version = self.preview.wait(query.get("since", [""])[0], timeout=20)
            return self._send(json.dumps({"version": version}).encode(), "application/json", 200)
        if name == "status":
            data = self.preview.status()
            return self._send(json.dumps(data, ensure_ascii=False).encode(), "application/json", 200)
        self.send_error(404)

    def _send(self, data: bytes, content_type: str, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _host_name(host: str) -> str:
    """`Host` header → its name, without the port: `localhost:8000` → `localhost`."""
    host = host.strip().lower()
    if host.startswith("["):                 # [::1]:8000 — not a name the preview is served at
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if ":" in host else host
