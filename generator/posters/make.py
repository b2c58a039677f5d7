"""Every poster of a site into one folder (see the package's docstring)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

with warnings.catch_warnings():  # with no font at all WeasyPrint warns on import: fonts.py explains instead
    warnings.simplefilter("ignore", UserWarning)
    import weasyprint  # noqa: F401

from generator.calendar.occurrences import week_of
from generator.kinds import notices, services
from generator.model import Site
from generator.problems import Report
from generator.slugs import slugify
from generator.posters.bulletin import bulletin
from generator.posters.directory import directory
from generator.fonts import FontMissing
from generator.posters.weeks import week_name
from generator.posters.index import PosterEntry, write_index
from generator.posters.items import item_poster, picture_field, picture_warning
from generator.posters.render import PageFormat, PosterError, Renderer

@dataclass(frozen=True)
class PosterOptions:
    size: str | None = None     # --size: overrides the config and every item
    week: date | None = None    # --week: the bulletin's week (its Monday); default this week
    audience: str | None = None  # --audience: the bulletin for one audience (everyone's notices and its own)
    only: str | None = None      # --only: bulletin, directory or items (SPEC §4); default all

    def wants(self, part: str) -> bool:
        return self.only is None or self.only == part


def page_format(site: Site, item_choice: object = None, size: str | None = None) -> PageFormat:
    """Paper of a poster: `--size`, else the item's `poster: A3 …`, else site_config `posters`."""
    settings = site.config.posters
    chosen_size = getattr(item_choice, "size", None)
    chosen_orientation = getattr(item_choice, "orientation", None)
    return PageFormat(size or chosen_size or settings.size, chosen_orientation or settings.orientation,
                      settings.bleed)


def make_posters(site: Site, folder: Path, report: Report, options: PosterOptions = PosterOptions()) -> list[PosterEntry]:
    """Write every poster into `folder`; problems go to `report` (errors stop the build)."""
    try:
        renderer = Renderer(site)
    except FontMissing as exc:
        report.error("posters", 0, "字体", str(exc))
        return []
    if not site.config.site_url:
        report.warning("site_config.yml", 0, "site_url",
                       "没有设置 site_url（网站的网址），海报上印不了二维码：请在 site_config.yml 写上 site_url")
    folder.mkdir(parents=True, exist_ok=True)
    written: list[PosterEntry] = []

    def tell_refused(source: str, poster: str = "") -> None:
        for url in renderer.fetcher.refused:
            report.warning(source, 0, "poster", f"{poster}海报只用站点自己的文件，没有载入“{url[:200]}”："
                                                "图片请放进 content/assets/ 再引用")
        renderer.fetcher.refused.clear()

    tell_refused("theme/posters/poster.css")  # what the print stylesheet asked for

    def save(entry: PosterEntry, source: str, make: Callable[[], bytes]) -> None:
        try:
            data = make()
        except PosterError as exc:  # a glyph the font lacks: never a poster with boxes
            report.error(source, 0, "poster", f"{entry.file}：{exc}")
            return
        tell_refused(source, f"{entry.file}：")
        (folder / entry.file).write_bytes(data)
        written.append(entry)

    base = page_format(site, size=options.size)
    first, _ = week_of(options.week or site.today)
    # this week's bulletin and next week's (staff print it on Friday); --week: that week's
    mondays = [first] if options.week else [first, first + timedelta(days=7)]
    for monday in mondays if options.wants("bulletin") else []:
        week = week_name(monday)
        name, title = f"bulletin-{week}", f"每周公告栏 {week}"
        if options.audience:
            name, title = f"{name}-{slugify(options.audience)}", f"{title} · {options.audience}"
        save(PosterEntry(f"{name}.pdf", title, "每周公告栏", base.label), f"content/{notices.KIND.name}",
             lambda: bulletin(renderer, monday, base, options.audience))  # noqa: B023 (called at once)
    if site.of(services.KIND) and options.wants("directory"):
        save(PosterEntry("service-directory.pdf", "服务目录", "服务目录", base.label), f"content/{services.KIND.name}",
             lambda: directory(renderer, base))
    for type_items in site.by_type.values() if options.wants("items") else []:
        for item in type_items:
            if item.wants_poster:
                fmt = page_format(site, item.fields.poster, options.size)
                entry = PosterEntry(f"{item.type.name}-{item.slug}.pdf", item.title, item.type.label, fmt.label, item.url)
                blurred = picture_warning(item, fmt, entry.file)
                if blurred:
                    report.extend([item.problem(picture_field(item), blurred)])
                save(entry, item.shown, lambda: item_poster(renderer, item, fmt))  # noqa: B023 (called at once)
    write_index(renderer, folder, written)
    return written
