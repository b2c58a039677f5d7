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

FOLDER = "posters"

__all__ = ["FOLDER", "parse_week", "poster_step", "no_poster_step", "week_name"]


def poster_step(site: "Site", out_dir: Path, report: Report) -> None:
    """The build's output step: every poster into `<out>/posters/`."""
    from generator.posters.make import make_posters

    make_posters(site, out_dir / FOLDER, report)


PLACEHOLDER = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>海报</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.7">
<h1>海报</h1><p>这次构建没有生成海报（<code>--no-posters</code>）。运行 <code>yizhan posters</code> 即可生成，
或去掉 <code>--no-posters</code> 重新构建。</p><p><a href="../index.html">返回网站首页</a></p></body></html>
"""


def no_poster_step(site: "Site", out_dir: Path, report: Report) -> None:
    """A build without posters: `posters/index.html` says so (every page links to it)."""
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(PLACEHOLDER, encoding="utf-8")
