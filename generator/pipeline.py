"""The pipeline, named once: load → validate → model (`load_site`), then the output steps.

`build` (the whole site), `check` (nothing written), `yizhan posters` (the posters alone;
all three in generator/build.py) and the preview (generator/serve/) choose steps and
options from here and run them with `run_steps`; none of them composes the steps its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from generator.calendar.ics import write_calendar
from generator.checks import site_warnings
from generator.config import load_config
from generator.content.validate import Reader, load_items
from generator.model import Site, today_from
from generator.portal import read_sources
from generator.posters import no_poster_step, poster_step
from generator.problems import ContentError, Report
from generator.render.export import write_export
from generator.render.feeds import write_feed
from generator.render.kiosk import write_kiosk
from generator.render.search import write_search_index
from generator.render.weekdata import write_week_data
from generator.slugs import Slugger
from generator.stepcache import NO_CACHE, StepCache

# An output written beside the pages: `step(site, out, report, cache)` reads the Site, writes
# under the output folder, puts its problems into the report and may keep work for the next
# build in the cache (`cache.memo(…)`, generator/stepcache.py).
OutputStep = Callable[[Site, Path, Report, StepCache], None]


@dataclass
class BuildOptions:
    config_path: Path
    out: Path | None = None
    today: str | None = None
    drafts: bool = False
    strict: bool = False
    posters: bool = True
    cache: Path | None = None  # CI: MkDocs' pages and the steps' memos kept here between builds
    #                            (and a portal's last good copy of each source)


def load_site(options: BuildOptions, report: Report, reader: Reader | None = None,
              cache: StepCache = NO_CACHE) -> Site:
    """Config and content → the Site; raises ContentError when there are errors.

    `reader` reads and validates each content file (`yizhan serve` passes a caching one);
    the slugs of Chinese names are kept in `cache` (the Site's `slugs`: `save()` them after
    a build)."""
    config = load_config(options.config_path)
    slugs = Slugger(cache)
    items = load_items(config, report, include_drafts=options.drafts, reader=reader, slugs=slugs)
    if report.failed(options.strict):
        raise ContentError(report)
    today = today_from(options.today, config)
    sources = read_sources(config, today, report, options.cache) if config.sources else []
    site = Site(config, items, today, options.drafts, sources, slugs)
    report.extend(site_warnings(site))
    if report.failed(options.strict):
        raise ContentError(report)
    return site


# Output steps that read only the Site, not the pages: with 2 processes they run in a
# forked one from the start, beside our pages and MkDocs (see build.py `_beside_pages`).
# The search index comes before the calendar files: the live preview shows it to readers sooner.
SITE_ONLY: tuple[OutputStep, ...] = (write_feed, write_search_index, write_calendar, write_week_data, write_kiosk,
                                     write_export)


def output_steps(options: BuildOptions) -> list[OutputStep]:
    """What is written after the pages, in order; those in `SITE_ONLY` first. The offline
    bundle is not a step: the build finishes it after them all (its worker's version and the
    file:// zip take in every file written before it)."""
    posters = [poster_step] if options.posters else [no_poster_step]
    return [*SITE_ONLY, *posters]


def run_steps(steps: list[OutputStep], site: Site, out: Path, report: Report, cache: StepCache,
              done: Any = None) -> None:
    """Each step in order, writing into `out`, its problems into `report` (a step that must
    stop the build raises ContentError), keeping its work in `cache`. `done`, a counter
    shared with the parent of a forked run (`multiprocessing.Value`), counts the steps finished."""
    for step in steps:
        step(site, out, report, cache)
        if done is not None:
            done.value += 1


def site_files(config_path: Path) -> list[Path]:
    """What an output folder must never replace: the site's config, content and theme."""
    return [config_path, config_path.parent / "content", config_path.parent / "theme"]
