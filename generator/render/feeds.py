"""`feed.xml`: an Atom feed of notices, lessons and figures, with absolute links.

Rendered from `theme/feeds/feed.xml.j2`. Every date comes from the content (or, for a
figure without a year, from `site.today`), so that two builds of the same input agree;
none is later than the build's day (a lesson dated ahead was published today, not then).
Drafts never appear, even in a `--drafts` build (a preview must not reach subscribers).
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from generator.kinds import KINDS
from generator.model import Item, Site
from generator.problems import Report
from generator.render.pages import media_path
from generator.render.templates import environment
from generator.stepcache import StepCache

FEED = "feed.xml"
LIMIT = 50


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    published: str          # RFC 3339, in the site's time zone
    type: str
    label: str
    tags: tuple[str, ...]
    summary: str
    image: str | None
    image_type: str | None


def published(item: Item, site: Site) -> date:
    """The day an item appeared: its `date`; a figure's year (1 January); else today."""
    day = getattr(item.fields, "date", None)
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    year = getattr(item.fields, "year", None)
    return date(year, 1, 1) if year else site.today


def entries(site: Site) -> list[Entry]:
    kinds = [kind for kind in KINDS if kind.in_feed]
    items = [i for kind in kinds for i in site.of(kind) if not i.fields.draft]
    order = {kind.name: n for n, kind in enumerate(kinds)}
    items.sort(key=lambda i: (-published(i, site).toordinal(), order[i.type.name], i.url))
    result = []
    for item in items[:LIMIT]:
        when = datetime.combine(min(published(item, site), site.today), time(0), site.config.tz)
        image = item.picture
        image_url = site.absolute_url(media_path(site.config, image)) if image else None
        result.append(Entry(
            title=item.title, url=site.absolute_url(item.url) or item.url, published=when.isoformat(),
            type=item.type.name, label=item.type.label, tags=tuple(item.fields.tags),
            summary=item.summary, image=image_url,
            image_type=mimetypes.guess_type(image.name)[0] if image else None,
        ))
    return result


def render_feed(site: Site) -> str:
    items = entries(site)
    config = site.config
    updated = max((e.published for e in items), default=None)
    if updated is None:
        updated = datetime.combine(site.today, time(0), config.tz).isoformat()
    logo = site.absolute_url(media_path(config, config.logo_path)) if config.logo_path else None
    template = environment(config.theme_dir).get_template("feeds/feed.xml.j2")
    return template.render(config=config, home=site.absolute_url(""), self_url=site.absolute_url(FEED),
                           updated=updated, logo=logo, entries=items)


def write_feed(site: Site, out: Path, report: Report, cache: StepCache) -> None:
    """Output step: `feed.xml`, or a warning when the site has no `site_url`."""
    if not site.config.site_url:
        report.warning(str(site.config.path.name), 0, "site_url", "未设置网站地址，没有生成订阅源 feed.xml")
        return
    (out / FEED).write_text(render_feed(site), encoding="utf-8")
