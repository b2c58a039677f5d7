"""Printable posters (SPEC §5): a PDF per event, notice with `poster: true`, figure and
policy, a service-directory sheet, the weekly bulletin `bulletin-YYYY-Www.pdf` and
`posters/index.html` with a preview of each.

Site → Jinja2 HTML (theme/posters/) → WeasyPrint → PDF. Layout: layout.py measures the
laid-out page and shrinks the title or cuts the text until the poster fits one page.
This module is the light entry point (WeasyPrint is imported only when posters are made):
`yizhan posters` calls `run_posters`, `yizhan build` runs `poster_step`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.posters.weeks import parse_week, week_name
from generator.problems import ContentError, Report

if TYPE_CHECKING:
    from generator.build import BuildOptions
    from generator.model import Site

FOLDER = "posters"

__all__ = ["FOLDER", "parse_week", "poster_step", "run_posters", "week_name"]


def poster_step(site: "Site", out_dir: Path, report: Report) -> None:
    """The build's output step: every poster into `<out>/posters/`."""
    from generator.posters.make import make_posters

    make_posters(site, out_dir / FOLDER, report)


def run_posters(options: "BuildOptions", week: str | None = None, size: str | None = None) -> tuple[Report, Path, int]:
    """`yizhan posters`: the posters alone, into `--out` or the site's `site/posters/`.

    The folder is replaced only when every poster was made (a failed run leaves the
    previous posters as they were). Returns the report, the folder and the count.
    """
    from generator.build import load_site, site_files
    from generator.output import atomic_directory
    from generator.posters.make import PosterOptions, make_posters

    report = Report()
    site = load_site(options, report)
    folder = options.out or site.config.root / "site" / FOLDER
    chosen = PosterOptions(size=size, week=parse_week(week) if week else None)
    with atomic_directory(folder, keep=site_files(site.config.path), label=site.config.site_name) as fresh:
        made = make_posters(site, fresh, report, chosen)
        if report.failed(options.strict):
            raise ContentError(report)
    return report, folder.resolve(), len(made)
