"""`yizhan serve`: a local preview that rebuilds on every save and reloads the open page.

The preview is built into a private temporary folder (never `site/`) and served on
127.0.0.1. A watchdog observer watches `content/`, `theme/` and `site_config.yml`.

Fast path, for a change under `content/`:
  - files are read and parsed again only when their mtime or size changed (`SourceCache`);
  - the output steps (feed, search, calendar) start at once in a forked process (`_Later`);
  - pages are rendered again only when their inputs changed (the page memo of
    `build --cache`, render/pagememo.py, kept in memory); home, list and tag pages are
    checked every time, so they are never stale;
  - MkDocs stays loaded (`engine.Session`) and renders only the pages whose Markdown changed.
A change to the theme or the config rebuilds everything.

Every HTML page is served with a small script (theme/serve/) that long-polls
`/__yizhan__/wait` and reloads when a rebuild finished; after a failed rebuild the page
keeps its last good content and shows the errors over it. Nothing of this is written
to the built files: it is added while serving.
"""

from __future__ import annotations

import http.server
import json
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from stat import S_ISDIR
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2
from markupsafe import Markup
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import page_jobs
from generator.pipeline import BuildOptions, OutputStep, load_site, output_steps
from generator.content.loader import SourceFile
from generator.config import SiteConfig
from generator.kinds import Kind
from generator.content.validate import Reader
from generator.forked import Beside
from generator.model import Item, Site
from generator.problems import ContentError, Problem, Report, one_line
from generator.render import engine
from generator.render.pagememo import MemoRenderer
from generator.render.pages import Staging, ThemeError, render_pages
from generator.render.templates import DEFAULT_THEME, environment
from generator.reproducible import source_date
from generator.stepcache import Resident, cache_folder

PREFIX = "/__yizhan__/"
ASSETS = "/assets/"
# The feed, the search index and the calendar files are made from the whole site; after the
# first build they run in a forked process as soon as the content is loaded, beside the
# pages (`_Later`), remembering per-item work between rebuilds (generator/stepcache.py).
# The offline bundle is not among the steps (`build` finishes it), so the preview has none:
# its service worker would answer from its cache, not the new page.
WRITES = ("created", "modified", "moved", "deleted", "closed")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


class SourceCache(Reader):
    """A `Reader` that reads, parses and validates a file again only when it changed on disk.

    Validation also depends on the config and on the files a file names (a cover image):
    `forget_validation()` is called when those change.
    """

    def __init__(self) -> None:
        self._read: dict[Path, tuple[Any, SourceFile | None, list[Problem]]] = {}
        self._valid: dict[Path, tuple[Any, Item | None, list[Problem]]] = {}
        self._config: tuple[SiteConfig, str] | None = None

    def read(self, path: Path, shown: str, type_: Kind, report: Report) -> SourceFile | None:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, type_.name)
        entry = self._read.get(path)
        if entry is None or entry[0] != key:
            file_report = Report()
            entry = (key, super().read(path, shown, type_, file_report), file_report.problems)
            self._read[path] = entry
        report.extend(entry[2])
        return entry[1]

    def validate(self, source: SourceFile, config: SiteConfig, report: Report) -> Item | None:
        key = (self._stamp(source.path), self._config_key(config))
        entry = self._valid.get(source.path)
        if entry is None or entry[0] != key:
            file_report = Report()
            entry = (key, super().validate(source, config, file_report), file_report.problems)
            self._valid[source.path] = entry
        report.extend(entry[2])
        item = entry[1]
        # load_items resolves links between items in place: hand out a fresh copy each time
        return replace(item, files=dict(item.files), links={}) if item is not None else None

    def _config_key(self, config: SiteConfig) -> str:
        """The config as text, made once per config object (each rebuild loads it afresh)."""
        if self._config is None or self._config[0] is not config:
            self._config = (config, repr(config))
        return self._config[1]

    def named_by_others(self, path: Path) -> bool:
        """Can a change of `path` change whether other files are valid? Images and attachments
        can; so can a page that appears or goes away (links to it). An edited page cannot."""
        return path.suffix != ".md" or not path.is_file() or path not in self._read

    def _stamp(self, path: Path) -> Any:
        entry = self._read.get(path)
        return entry[0] if entry else None

    def forget_validation(self) -> None:
        self._valid.clear()


class Preview:
    """The preview site: built into a private folder, rebuilt on request."""

    def __init__(self, options: BuildOptions, log: Callable[[str], None] = print):
        self.options = options
        self.log = log
        self.folder = Path(tempfile.mkdtemp(prefix="yizhan-serve-"))
        self.work, self.site_dir = self.folder / "work", self.folder / "site"
        self.work.mkdir()
        self.site_dir.mkdir()
        self.sources = SourceCache()
        self.rendered = Resident()            # our pages' memo (render/pagememo.py), in memory
        self.built = False                     # the site folder holds a complete build
        self.version = 0
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.site_name = "一站"
        self.changed = threading.Condition()
        self._templates = environment(None)
        self.step_cache = self.folder / "cache"  # the output steps' memos (generator/stepcache.py)
        self.later = _Later(self.step_cache)
        self.session: engine.Session | None = None
        self.timings: dict[str, float] = {}

    def rebuild(self, full: bool = True, others: bool = False) -> float:
        """Build (incrementally unless `full`; `others`: a file that other files may name, such
        as an image or a linked page, appeared, changed or went away: validate them all again).

        Returns the seconds it took; `self.timings` keeps the seconds of each phase of the last rebuild (bench/serve.py)."""
        start = time.perf_counter()
        self.timings = {}
        report = Report()
        self.later.stop()
        if full or others:
            self.sources.forget_validation()   # a missing image may have appeared
        if full:
            self.rendered = Resident()
        try:
            site = load_site(self.options, report, reader=self.sources)
            self._lap("load", start)
            self.site_name = site.config.site_name
            steps = output_steps(self.options)
            full = full or not self.built
            if not full:
                self.later.start(steps, site, self.site_dir)
            with cache_folder(self.rendered):
                staging = render_pages(site, MemoRenderer)
            self._lap("render", start)
            with source_date(site.today):  # the sitemap's dates, as in `build`
                built_afresh = self._engine(site, staging, full)
            self._lap("mkdocs", start)
            if built_afresh:  # the folder was emptied: the steps run now, before the reload
                with cache_folder(self.step_cache):  # and fill the memos the next runs use
                    for step in steps:
                        step(site, self.site_dir, report)
                self._lap("steps", start)
            self.built = True
            errors, warnings = [], report.warnings
        except ContentError as exc:
            errors, warnings = exc.report.errors, exc.report.warnings
        except (ThemeError, jinja2.TemplateError) as exc:
            theme_error = exc if isinstance(exc, ThemeError) else ThemeError(exc)
            errors, warnings = [Problem("theme", 0, "模板", str(theme_error))], []
        except Exception as exc:  # a bug of ours or a broken override: keep serving, say what happened
            errors, warnings = [Problem("yizhan", 0, "内部错误", f"{type(exc).__name__}: {exc}")], []
            self.built = False     # the output may be half written: next time, build it all
        seconds = time.perf_counter() - start
        with self.changed:
            self.errors, self.warnings = errors, warnings
            self.version += 1
            self.changed.notify_all()
        return seconds

    def _lap(self, phase: str, start: float) -> None:
        self.timings[phase] = time.perf_counter() - start - sum(self.timings.values())

    def _engine(self, site: Site, staging: Staging, full: bool) -> bool:
        """The pages, through the MkDocs session; True when all were built afresh."""
        if full or self.session is None:
            self.session = engine.Session(site.config, self.work, self.site_dir, jobs=page_jobs())
        try:
            self.session.build(staging, full=full)
            return full
        except engine.EngineError:
            if full:
                raise
            self.later.stop()
            self.session.build(staging, full=True)
            return True

    def wait(self, since: str, timeout: float) -> int:
        """Block until the version differs from `since` (or the timeout); return it."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.version) != since, timeout=timeout)
            return self.version

    def inject(self) -> str:
        with self.changed:
            errors, warnings, version = list(self.errors), list(self.warnings), self.version
        return self._templates.get_template("serve/inject.html.j2").render(
            errors=errors, warnings=warnings, version=version)

    def error_page(self) -> bytes:
        page = self._templates.get_template("serve/error.html.j2")
        return page.render(site_name=self.site_name, inject=Markup(self.inject())).encode("utf-8")

    def close(self) -> None:
        self.later.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Later:
    """Output steps no open page needs at once (feed, search, .ics), run one after the other
    in a forked process beside the pages (`forked.Beside`), at a lower priority than the page
    being rendered; a newer rebuild stops an unfinished run. Their per-item work is
    remembered in `cache` between rebuilds (the step memos of `build --cache`)."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.beside: Beside | None = None
        self.steps: list[str] = []
        self.done: Any = None  # how many steps the process has finished (shared memory)

    def start(self, steps: list[OutputStep], site: Site, site_dir: Path) -> None:
        self.stop()
        self.steps = [step.__name__ for step in steps]
        self.done = multiprocessing.Value("i", 0, lock=False)
        self.beside = Beside(_run_steps, steps, site, site_dir, self.cache, self.done)
        if not self.beside.running():  # no fork here: run them now
            self.beside.result()

    def running(self) -> bool:
        return self.beside is not None and self.beside.running()

    def state(self) -> dict[str, bool]:
        """Each step of the last rebuild: still to be finished?"""
        running = self.running()
        return {name: running and k >= self.done.value for k, name in enumerate(self.steps)}

    def stop(self) -> None:
        if self.beside is not None:
            self.beside.stop()
        self.beside = None


def _run_steps(steps: list[OutputStep], site: Site, site_dir: Path, cache: Path, done: Any) -> None:
    if multiprocessing.parent_process() is not None:  # forked: the changed page comes first
        os.nice(5)
    try:
        with cache_folder(cache):
            for step in steps:
                step(site, site_dir, Report())
                done.value += 1
    except Exception as exc:  # noqa: BLE001 - the preview goes on; the page already shows
        print(f"预览：生成附属文件时出错（{type(exc).__name__}: {exc}）", file=sys.stderr, flush=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
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
            with self.preview.changed:
                data = {"version": self.preview.version, "errors": [str(p) for p in self.preview.errors],
                        "warnings": [str(p) for p in self.preview.warnings], "timings": self.preview.timings,
                        "later_running": self.preview.later.running(),
                        "later": self.preview.later.state()}
            return self._send(json.dumps(data, ensure_ascii=False).encode(), "application/json", 200)
        self.send_error(404)

    def _send(self, data: bytes, content_type: str, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Watch(FileSystemEventHandler):
    """Puts every relevant changed path into a queue."""

    def __init__(self, changes: queue.Queue[Path], config_path: Path):
        self.changes = changes
        self.config_path = config_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Only writes: reading a file (as every rebuild does) also makes "opened" events.
        # Of folders: deleted and moved (a folder renamed, content/ moved away or back).
        if event.event_type not in WRITES or (event.is_directory and event.event_type not in ("deleted", "moved")):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw))
            if path.name.startswith((".", "#")) or path.name.endswith(IGNORED_SUFFIXES) or path.name == "4913":
                continue
            if path.parent == self.config_path.parent and path != self.config_path \
                    and not (path.name in WATCHED_FOLDERS and event.is_directory):
                continue
            self.changes.put(path)


LOCAL_NAMES = {"127.0.0.1", "localhost"}
WATCHED_FOLDERS = ("content", "theme")


def _host_name(host: str) -> str:
    """`Host` header → its name, without the port: `localhost:8000` → `localhost`."""
    host = host.strip().lower()
    if host.startswith("["):                 # [::1]:8000 — not a name the preview is served at
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if ":" in host else host


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client gone away is silent; anything else one line, not a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print(f"预览：处理一个请求时出错（{type(exc).__name__}: {one_line(str(exc))}），预览继续运行。",
              file=sys.stderr, flush=True)


class _Watcher:
    """The watchdog observer, watching the site's folders. A folder that is deleted and comes
    back (content/ restored from a copy, a `git checkout`) is a new folder: its old watch saw
    nothing more, so `refresh` watches it again and says it changed."""

    def __init__(self, options: BuildOptions, handler: FileSystemEventHandler):
        self.options = options
        self.handler = handler
        self.observer = Observer()
        self.watches: dict[Path, tuple[Any, tuple[int, int]]] = {}
        for path, recursive in _watched(options):
            self._watch(path, recursive)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def _watch(self, path: Path, recursive: bool) -> None:
        stat = path.stat()
        self.watches[path] = (self.observer.schedule(self.handler, str(path), recursive=recursive),
                              (stat.st_dev, stat.st_ino))

    def forget(self, path: Path) -> None:
        """`path` (a watched folder) was deleted: `refresh` watches it when it is back."""
        known = self.watches.pop(path, None)
        if known is not None:
            try:
                self.observer.unschedule(known[0])
            except (KeyError, OSError):
                pass   # its emitter already ended with the folder

    def refresh(self) -> list[Path]:
        """Watch again the folders that came back (or came new): those folders."""
        back = []
        for path, recursive in _watched(self.options, existing=False):
            try:
                stat = path.stat()
            except OSError:
                continue
            if not S_ISDIR(stat.st_mode):
                continue
            known = self.watches.get(path)
            if known is not None and known[1] == (stat.st_dev, stat.st_ino):
                continue
            self.forget(path)
            try:
                self._watch(path, recursive)
            except OSError:
                continue  # gone again: next time
            back.append(path)
        return back


def _watched(options: BuildOptions, existing: bool = True) -> list[tuple[Path, bool]]:
    root = options.config_path.parent
    dirs = [(root, False), *((root / name, True) for name in WATCHED_FOLDERS)]
    seen: set[Path] = set()
    found = []
    for path, recursive in dirs:
        if (path.is_dir() or not existing) and path.resolve() not in seen:
            seen.add(path.resolve())
            found.append((path, recursive))
    return found


def _report(preview: Preview, seconds: float, what: str) -> None:
    if preview.errors:
        report = Report([*preview.errors, *preview.warnings])
        for line in report.summary():
            print(line, file=sys.stderr)
        print("预览没有更新：请改正上面的错误（保存后会自动重试）。", file=sys.stderr, flush=True)
        return
    note = f"，{len(preview.warnings)} 个警告（yizhan check 可查看）" if preview.warnings else ""
    print(f"{time.strftime('%H:%M:%S')} 已更新{what}（{seconds:.2f} 秒）{note}", flush=True)


def serve(options: BuildOptions, port: int = 8000, ready: Callable[[str], None] | None = None) -> int:
    """Build, serve on 127.0.0.1:`port` and rebuild on changes until interrupted."""
    signal.signal(signal.SIGTERM, _interrupt)   # `kill` cleans up like Ctrl+C
    preview = Preview(options)
    try:
        return _serve(preview, options, port, ready)
    except KeyboardInterrupt:
        print("预览已停止。")
        return 0
    finally:
        preview.close()


def _serve(preview: Preview, options: BuildOptions, port: int, ready: Callable[[str], None] | None) -> int:
    seconds = preview.rebuild(full=True)
    _report(preview, seconds, "")
    handler = partial(type("Handler", (_Handler,), {"preview": preview}), directory=str(preview.site_dir))
    try:
        server = _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        print(f"无法使用端口 {port}：{exc.strerror}。请换一个端口：yizhan serve --port 8001", file=sys.stderr)
        return 2
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"预览地址：{address}  （保存文件后页面会自动刷新；按 Ctrl+C 退出）", flush=True)
    if ready:
        ready(address)

    changes: queue.Queue[Path] = queue.Queue()
    observer = _Watcher(options, _Watch(changes, options.config_path))
    observer.start()
    themes = [options.config_path.parent / "theme"]
    try:
        while True:
            back = set(observer.refresh())       # content/ deleted and restored: watched again
            for folder in back:
                changes.put(folder)
            try:
                changed = {changes.get(timeout=0.5)}
            except queue.Empty:
                continue
            time.sleep(0.02)                      # an editor's save is often several events
            while not changes.empty():
                changed.add(changes.get())
            for path in changed - back:
                if path.parent == options.config_path.parent and path.name in WATCHED_FOLDERS:
                    observer.forget(path)         # deleted or moved: watched again once it is (back) there
            full = options.config_path in changed or any(p.is_relative_to(t) for p in changed for t in themes)
            others = any(preview.sources.named_by_others(p) for p in changed)
            seconds = preview.rebuild(full=full, others=others)
            names = sorted(_shown(p, options.config_path.parent) for p in changed)
            _report(preview, seconds, "：" + "、".join(names[:3]) + ("…" if len(names) > 3 else ""))
    finally:
        observer.stop()
        server.shutdown()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return unquote(path.name)
