"""The preview's pipeline: the site built into a private folder and rebuilt on request,
incrementally when only content changed; its errors and warnings for the open pages."""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from generator.build import page_jobs
from generator.model import Site
from generator.pipeline import BuildOptions, load_site, output_steps, run_steps
from generator.problems import ContentError, Problem, Report
from generator.render import engine
from generator.render.pagememo import MemoRenderer
from generator.render.pages import Staging, ThemeError, render_pages
from generator.render.templates import environment
from generator.reproducible import source_date
from generator.serve.background import BackgroundSteps
from generator.serve.sources import SourceCache
from generator.stepcache import FolderCache, Resident


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
        # the output steps' memos (generator/stepcache.py), in files: they run in a forked process
        self.step_cache = FolderCache(self.folder / "cache")
        self.background = BackgroundSteps(self.step_cache)
        self.session: engine.Session | None = None
        self.timings: dict[str, float] = {}

    def rebuild(self, full: bool = True, others: bool = False) -> float:
        """Build (incrementally unless `full`; `others`: a file that other files may name, such
        as an image or a linked page, appeared, changed or went away: validate them all again).

        Returns the seconds it took; `self.timings` keeps the seconds of each phase of the last rebuild (bench/serve.py)."""
        start = time.perf_counter()
        self.timings = {}
        report = Report()
        self.background.stop()
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
                self.background.start(steps, site, self.site_dir)
            staging = render_pages(site, functools.partial(MemoRenderer, cache=self.rendered))
            self._lap("render", start)
            with source_date(site.today):  # the sitemap's dates, as in `build`
                built_afresh = self._engine(site, staging, full)
            self._lap("mkdocs", start)
            if built_afresh:  # the folder was emptied: the steps run now, before the reload
                run_steps(steps, site, self.site_dir, report, self.step_cache)  # and fill the memos the next runs use
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
            self.background.stop()
            self.session.build(staging, full=True)
            return True

    def wait(self, since: str, timeout: float) -> int:
        """Block until the version differs from `since` (or the timeout); return it."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.version) != since, timeout=timeout)
            return self.version

    def status(self) -> dict[str, object]:
        """The last rebuild as `/__yizhan__/status` tells it (tests, bench/serve.py)."""
        with self.changed:
            return {"version": self.version, "errors": [str(p) for p in self.errors],
                    "warnings": [str(p) for p in self.warnings], "timings": self.timings,
                    "later_running": self.background.running(), "later": self.background.state()}

    def inject(self) -> str:
        """The reload script, with the last rebuild's errors and warnings, for an HTML page."""
        with self.changed:
            errors, warnings, version = list(self.errors), list(self.warnings), self.version
        return self._templates.get_template("serve/inject.html.j2").render(
            errors=errors, warnings=warnings, version=version)

    def error_page(self) -> bytes:
        page = self._templates.get_template("serve/error.html.j2")
        return page.render(site_name=self.site_name, inject=Markup(self.inject())).encode("utf-8")

    def close(self) -> None:
        self.background.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
