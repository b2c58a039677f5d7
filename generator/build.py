"""The commands that build: the whole site (`build`), nothing written (`check`), the
posters alone (`build_posters`), each a choice of the pipeline's steps (generator/pipeline.py)
run into an output folder that replaces the last one only when everything was made."""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from generator.content.memo import MemoReader
from generator.forked import Beside
from generator.model import Site
from generator.output import atomic_directory, check_replaceable, link_tree, sweep, sweep_beside, temp_prefix
from generator.pipeline import SITE_ONLY, BuildOptions, OutputStep, load_site, output_steps, run_steps, site_files
from generator.posters import FOLDER as POSTERS_FOLDER, parse_week
from generator.problems import ContentError, Problem, Report
from generator.reproducible import source_date
from generator.stepcache import NO_CACHE, FolderCache, StepCache
from generator.render import engine
from generator.render.pagememo import MemoRenderer
from generator.render.pages import PageRenderer, render_pages
from generator.render.precompress import BesideEachWrite, precompress
from generator.offline import OfflineBundle
from generator.portal import CACHE_FOLDER as PORTAL_COPIES

def build(options: BuildOptions) -> Report:
    """Build the whole site into `options.out`; the old output survives any failure."""
    report = Report()
    folder = _open_cache(options.cache)
    cache: StepCache = FolderCache(folder) if folder else NO_CACHE
    reader = MemoReader(options.config_path, cache) if folder else None
    out = options.out or options.config_path.parent / "site"
    keep = site_files(options.config_path)
    check_replaceable(out, keep)  # before anything is written, even beside it
    sweep_beside(out.resolve())   # a killed build's leftovers; its moved-aside output back
    site = load_site(options, report, reader, cache)
    if reader:
        reader.save()
    steps = output_steps(options)
    early = list(itertools.takewhile(lambda step: step in SITE_ONLY, steps))
    jobs = page_jobs()
    spare = folder / "spare" if folder else None  # the output this build replaces, kept
    offline = OfflineBundle(site, cache)  # sees every file written, then writes its own
    renderer = functools.partial(MemoRenderer, cache=cache) if folder else PageRenderer
    with (_beside_pages(site, early, cache, offline, out.resolve().parent, fork=jobs > 1) as finish_early,
          atomic_directory(out, spare, keep, label=site.config.site_name) as fresh, _engine_dirs(folder, fresh) as (work, pages, dirty)):
        staging = render_pages(site, renderer)
        with source_date(site.today):  # MkDocs dates the sitemap from SOURCE_DATE_EPOCH
            mkdocs_warnings = engine.build_site(site.config, staging, work, pages, dirty=dirty, jobs=jobs,
                                                on_write=engine.AllOf(offline, BesideEachWrite(pages)))
        if pages != fresh:
            link_tree(pages, fresh)
        for warning in mkdocs_warnings:
            report.warning("mkdocs", 0, "-", warning)
        finish_early(fresh, report)
        run_steps(steps[len(early):], site, fresh, report, cache)
        offline.finish(fresh, report)
        precompress(fresh, cache, jobs)  # what has no copy yet: the theme's, offline and poster files
        if report.failed(options.strict):
            raise ContentError(report)
    site.slugs.save()
    return report


STEPS_FOLDER = ".yizhan-steps-"   # beside the output: what the forked steps write
WORK_FOLDER = "yizhan-work-"      # in the temp folder: MkDocs' docs and work files


@contextmanager
def _beside_pages(site: Site, steps: list[OutputStep], cache: StepCache, offline: OfflineBundle, near: Path,
                  fork: bool) -> Iterator[Callable[[Path, Report], None]]:
    """Start `steps` (they need only the Site) in a forked process, writing into a folder of
    their own (MkDocs empties its output folder when it starts), a temporary one in `near`;
    yields `finish(out, report)`, which waits for them, moves their files into `out`, adds
    their problems to `report` and the offline zip's entries of their files to `offline`
    (made there, beside the pages, like MkDocs' page processes make those of the pages).
    Without `fork`, `finish` runs them there and then."""
    near.mkdir(parents=True, exist_ok=True)
    sweep(near, STEPS_FOLDER)
    with tempfile.TemporaryDirectory(prefix=temp_prefix(STEPS_FOLDER), dir=near) as folder, \
            Beside(_run_early, steps, site, Path(folder), cache, offline, fork=fork) as running:

        def finish(out: Path, report: Report) -> None:
            problems, stopped, entries = running.result()
            report.extend(problems)
            if stopped:
                raise ContentError(report)
            _move_into(Path(folder), out)
            offline.add(entries)

        yield finish


def _run_early(steps: list[OutputStep], site: Site, out: Path, cache: StepCache,
               offline: OfflineBundle) -> tuple[list[Problem], bool, dict[str, Any]]:
    """The early steps, run in the forked process of `_beside_pages`: their problems, whether
    one of them stopped the build (a ContentError), and the offline zip's entries of the
    files they wrote (`offline.made_under`, for `offline.add`); their `.gz` copies made there."""
    report = Report()
    try:
        run_steps(steps, site, out, report, cache)
    except ContentError:
        return report.problems, True, {}
    made = offline.made_under(out)
    precompress(out, cache, jobs=1, memo_name="precompress-beside")  # here, beside the pages
    return report.problems, False, made


def _move_into(source: Path, target: Path) -> None:
    """Every file under `source` to the same place under `target` (one file system: renames)."""
    for folder, _, names in os.walk(source):
        there = target / os.path.relpath(folder, source)
        there.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), there / name)


def _open_cache(folder: Path | None) -> Path | None:
    """The build cache's folder (CI keeps it between runs), emptied when another version of
    yizhan made it; None without one."""
    if folder is None:
        return None
    cache, key = folder.resolve(), engine.cache_key()
    stamp = cache / "version"
    if not (stamp.is_file() and stamp.read_text() == key):
        for child in cache.iterdir() if cache.is_dir() else ():
            if child.name != PORTAL_COPIES:   # a portal's last good copies outlive a new version
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    return cache


@contextmanager
def _engine_dirs(cache: Path | None, fresh: Path) -> Iterator[tuple[Path, Path, bool]]:
    """Where MkDocs works and writes, and whether it may keep earlier pages (dirty build).

    Without a cache: a temporary folder, pages straight into the new output. With the build
    cache: MkDocs' pages and the manifest of what they were made from live there, only pages
    whose Markdown changed are rendered again, and the pages are hard-linked into the output
    (MkDocs replaces the files it writes, so neither the cache nor a published output
    changes through a link).
    """
    if cache is None:
        sweep(Path(tempfile.gettempdir()), WORK_FOLDER)
        with tempfile.TemporaryDirectory(prefix=temp_prefix(WORK_FOLDER)) as work:
            yield Path(work), fresh, False
        return
    (cache / "work").mkdir(exist_ok=True)
    yield cache / "work", cache / "pages", True


def page_jobs() -> int:
    """Processes for MkDocs' pages: YIZHAN_JOBS, else up to 2 (the cores of a small CI runner)."""
    value = os.environ.get("YIZHAN_JOBS", "")
    return max(1, int(value)) if value.isdigit() else min(2, os.cpu_count() or 1)


def check(options: BuildOptions) -> Report:
    """Validate everything, write nothing."""
    report = Report()
    load_site(options, report)
    return report


def build_posters(options: BuildOptions, week: str | None = None, size: str | None = None,
                  audience: str | None = None, only: str | None = None) -> tuple[Report, Path, int]:
    """`yizhan posters`: the posters alone, into `--out` or the site's `site/posters/`.

    The folder is replaced only when every poster was made (a failed run leaves the
    previous posters as they were). Returns the report, the folder and the count.
    """
    from generator.posters.make import PosterOptions, make_posters

    report = Report()
    site = load_site(options, report)
    folder = options.out or site.config.root / "site" / POSTERS_FOLDER
    audiences = site.config.audiences
    if audience is not None and audiences and audience not in audiences:
        report.error(site.config.path.name, 0, "--audience",
                     f"“{audience}”不在 site_config.yml 的 audiences 中，应为：{'、'.join(audiences)}")
        raise ContentError(report)
    chosen = PosterOptions(size=size, week=parse_week(week) if week else None, audience=audience, only=only)
    with atomic_directory(folder, keep=site_files(site.config.path), label=site.config.site_name) as fresh:
        made = make_posters(site, fresh, report, chosen)
        if report.failed(options.strict):
            raise ContentError(report)
    return report, folder.resolve(), len(made)
