"""The preview's output steps that no open page needs at once (feed, search index, .ics),
run in a forked process beside the pages."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path
from typing import Any

from generator.forked import Beside
from generator.model import Site
from generator.pipeline import OutputStep, run_steps
from generator.problems import Report
from generator.stepcache import StepCache


class BackgroundSteps:
    """The steps run one after the other in a forked process (`forked.Beside`), at a lower
    priority than the page being rendered; a newer rebuild stops an unfinished run. Their
    per-item work is remembered in `cache` between rebuilds (the step memos of `build --cache`).
    The offline bundle is not among them (`build` finishes it), so the preview has none: its
    service worker would answer from its cache, not the new page."""

    def __init__(self, cache: StepCache) -> None:
        self.cache = cache
        self.beside: Beside | None = None
        self.steps: list[str] = []
        self.done: Any = None  # how many steps the process has finished (shared memory)

    def start(self, steps: list[OutputStep], site: Site, site_dir: Path) -> None:
        self.stop()
        self.steps = [step.__name__ for step in steps]
        self.done = multiprocessing.Value("i", 0, lock=False)
        self.beside = Beside(_run_quietly, steps, site, site_dir, self.cache, self.done)
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


def _run_quietly(steps: list[OutputStep], site: Site, site_dir: Path, cache: StepCache, done: Any) -> None:
    """The pipeline's `run_steps`, niced when forked; nobody waits for the result (the page
    already shows), so a failure is one line on the terminal and the preview goes on."""
    if multiprocessing.parent_process() is not None:  # forked: the changed page comes first
        os.nice(5)
    try:
        run_steps(steps, site, site_dir, Report(), cache, done)
    except Exception as exc:  # noqa: BLE001 - the preview goes on; the page already shows
        print(f"预览：生成附属文件时出错（{type(exc).__name__}: {exc}）", file=sys.stderr, flush=True)
