"""Printable posters (SPEC §5): a PDF per event, notice with `poster: true`, figure and
policy, a service-directory sheet, the weekly bulletin `bulletin-YYYY-Www.pdf` and
`posters/index.html` with a preview of each.

Site → Jinja2 HTML (theme/posters/) → WeasyPrint → PDF. Layout: layout.py measures the
laid-out page and shrinks the title or cuts the text until the poster fits one page.
This module is the light entry point (WeasyPrint is imported only when posters are made):
`yizhan build` runs `poster_step`; `yizhan posters` runs it alone (build.py `build_posters`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.posters.weeks import parse_week, week_name
from generator.problems import Report

if TYPE_CHECKING:
    from generator.model import Site
    from generator.stepcache import StepCache

FOLDER = "posters"

__all__ = ["FOLDER", "parse_week", "poster_step", "no_poster_step", "week_name"]


def poster_step(site: "Site", out_dir: Path, report: Report, cache: "StepCache") -> None:
    """The build's output step: every poster into `<out>/posters/`."""
    from generator.posters.make import make_posters

    make_posters(site, out_dir / FOLDER, report)


def no_poster_step(site: "Site", out_dir: Path, report: Report, cache: "StepCache") -> None:
    """A build without posters: `posters/index.html` says so (every page links to it)."""
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    from generator.render.templates import environment

    page = environment(site.config.theme_dir).get_template("posters/placeholder.html.j2").render(config=site.config)
    (folder / "index.html").write_text(page, encoding="utf-8")
