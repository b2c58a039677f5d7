"""Site → the Markdown pages and files MkDocs builds (a staging docs tree, in memory).

Every page is rendered from a Jinja2 template in `theme/pages/`; values from front
matter are HTML-escaped there, bodies stay Markdown for MkDocs' extensions.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, Callable

import jinja2

from generator.config import SiteConfig
from generator.calendar.ics import category_calendars
from generator.calendar.occurrences import describe, schedule, skipped_starts, upcoming, week_of
from generator.calendar.views import calendar_pages, home_week
from generator.content.links import file_part, rewrite
from generator.content.schemas import PICTURE_FIELDS
from generator.kinds import BY_NAME, KINDS, events, notices, pages
from generator.model import Item, Site
from generator.paths import resolved
from generator.portal import current_notices, times_between
from generator.render.jsonld import LinkedData, script
from generator.render.ownhtml import set_aside
from generator.render.safehtml import fence
from generator.render.templates import environment, inert, relative
from generator.render.weekdata import week_script

MEDIA = "media"
COMMUNITIES = "communities/"   # a portal's 社区一览
HOME_GATHERED = 12             # the sources' current notices on a portal's home page
HOME_GATHERED_WEEK = 20        # and their events of the week (the rest: on the calendar)


@dataclass
class Staging:
    """The docs tree for the engine: Markdown pages, copied files, and the navigation."""

    pages: dict[str, str] = field(default_factory=dict)       # docs path → Markdown
    files: dict[str, Path] = field(default_factory=dict)      # docs path → source file
    nav: list[dict[str, Any]] = field(default_factory=list)   # MkDocs `nav`
    blocks: dict[str, str] = field(default_factory=dict)      # placeholder name → our HTML block

    def markdown(self, doc: str) -> str:
        """The page as MkDocs reads it: our own HTML blocks as placeholders (see
        `ownhtml`), kept in `blocks` for the engine to put back."""
        return set_aside(self.pages[doc], self.blocks)


def media_path(config: SiteConfig, path: Path) -> str:
    """Docs path of a copied image or attachment: media/ + its path under content/."""
    root = resolved(config.content_dir)
    base = root if path.is_relative_to(root) else resolved(config.root)
    return f"{MEDIA}/{path.relative_to(base).as_posix()}"


def item_doc(item: Item) -> str:
    """Docs path of an item's Markdown page (its URL is `<type>/<slug>/`)."""
    return f"{item.type.name}/{item.slug}.md"


class PageRenderer:
    """Renders pages of one site; shares the template environment between pages."""

    def __init__(self, site: Site):
        self.site = site
        self.env = environment(site.config.theme_dir)
        self.env.auto_reload = False  # one environment per build: no stat of the template per use
        self.env.filters["repeat_text"] = describe
        self.env.globals["next_occurrences"] = lambda item, limit: upcoming(item, site.today, limit)
        self.env.globals["schedule_of"] = lambda item: schedule(item, site.today)
        self.env.globals.update(skipped_starts=skipped_starts)
        self.env.globals["site_path"] = self._media  # a file's path from the site root (share images)
        # schema.org JSON-LD (render/jsonld.py): an item's page, a list page, the home page
        self.env.globals["jsonld_item"] = lambda item, url: script(LinkedData(site, url).item_page(item))
        self.env.globals["jsonld_list"] = lambda kind, url: script(LinkedData(site, url).list_page(kind))
        self.env.globals["jsonld_home"] = lambda: script(LinkedData(site, "").home_page())
        # 我的楼栋/年级: the audiences a notice's card is folded by (none: shown to everyone)
        self.env.globals["audience_of"] = lambda item: notices.chooser_audience(site, item)
        calendars = category_calendars(site)
        self.env.globals["category_calendar"] = lambda category: calendars.get(category)
        self.env.globals["tag_cards"] = {}  # an item's card on the tag pages, made once (tag.md.j2)
        self.staging = Staging()

    def render_all(self) -> Staging:
        self._add_logo()
        self._page("index.md", "", "pages/home.md.j2", **self._home())
        for type_ in KINDS:
            items = self.site.by_type[type_.name]
            for item in items:
                self._item(item)
            if type_.listed:
                groups = self._groups(items, type_.group_by)
                self._page(f"{type_.name}/index.md", f"{type_.name}/", f"lists/{type_.name}.md.j2",
                           type=type_, items=items, groups=groups)
        self._tags()
        for page in calendar_pages(self.site):
            self._page(page.doc, page.url, page.template, **page.context)
        if self.site.config.sources:   # a portal (SPEC §6): its communities
            self._page(f"{COMMUNITIES}index.md", COMMUNITIES, "pages/communities.md.j2", sources=self.site.sources)
        self.staging.nav = self._nav()
        return self.staging

    # -- pages ----------------------------------------------------------------------
    def _page(self, doc: str, url: str, template: str, **context: Any) -> None:
        page = self.env.get_template(template)
        self.staging.pages[doc] = page.render(
            site=self.site, config=self.site.config, today=self.site.today, page_url=url,
            url=lambda target: relative(target, url), media=lambda p: relative(self._media(p), url),
            types=BY_NAME, **context,
        )

    def _item(self, item: Item) -> None:
        for path in self._item_files(item):
            self._media(path)
        doc = item_doc(item)
        body = fence(rewrite(item.body, lambda target: self._body_target(item, doc, target)))
        template = item.type.template
        self._page(doc, item.url, template, item=item, f=item.fields, body=body)

    def _item_files(self, item: Item) -> list[Path]:
        fields = item.fields
        paths = [getattr(fields, name, None) for name in PICTURE_FIELDS]
        paths += [attachment.file for attachment in fields.attachments]
        return [p for p in paths if p is not None]

    def _body_target(self, item: Item, doc: str, target: str) -> str | None:
        anchor = target[len(file_part(target)):]
        if target in item.links:
            linked = item_doc(item.links[target])
        elif target in item.files:
            linked = self._media(item.files[target])
        else:
            return None
        return posixpath.relpath(linked, posixpath.dirname(doc)) + anchor

    def _media(self, path: Path) -> str:
        docs_path = media_path(self.site.config, path)
        self.staging.files[docs_path] = path
        return docs_path

    def _add_logo(self) -> None:
        if self.site.config.logo_path:
            self._media(self.site.config.logo_path)

    def _home(self) -> dict[str, Any]:
        """Each kind's slice of the home page (by its name), and the calendar's week."""
        slices = {kind.name: kind.home(self.site) for kind in KINDS if kind.home}
        monday, sunday = week_of(self.site.today)
        week = times_between(self.site, monday, sunday)
        gathered = {"gathered_notices": current_notices(self.site)[:HOME_GATHERED],
                    "gathered_week": week[:HOME_GATHERED_WEEK],
                    "gathered_more": max(0, len(week) - HOME_GATHERED_WEEK)}
        return {**slices, **home_week(self.site), **gathered, "week_script": week_script(self.site)[0]}

    def _groups(self, items: list[Item], group_by: str | None) -> list[tuple[Any, list[Item]]]:
        if not group_by:
            return [(None, items)]
        return [(key, list(group)) for key, group in groupby(items, key=lambda i: getattr(i.fields, group_by))]

    def _tags(self) -> None:
        tags = self.site.tags
        self._page("tags/index.md", "tags/", "pages/tags.md.j2", tags=tags, slugs=self.site.tag_slugs)
        for tag, items in tags.items():
            slug = self.site.tag_slugs[tag]
            self._page(f"tags/{slug}.md", f"tags/{slug}/", "pages/tag.md.j2", tag=tag, items=items)

    def _nav(self) -> list[dict[str, Any]]:
        """The menu. A community lists every section, empty ones too (it is filling them); a
        portal only those it has items of: the rest of its menu would lead to 暂无内容 pages
        while its sources' items are on its home page, calendar and 社区一览."""
        gathering = bool(self.site.config.sources)
        nav: list[dict[str, Any]] = [{"首页": "index.md"}]
        for kind in KINDS:
            if kind.listed and (self.site.by_type[kind.name] or not gathering):
                nav.append({kind.label: f"{kind.name}/index.md"})
            if kind is events.KIND:
                nav.append({"日历": "calendar/index.md"})
        if self.site.tags or not gathering:
            nav.append({"标签": "tags/index.md"})
        if gathering:
            nav.append({"社区一览": f"{COMMUNITIES}index.md"})
        about = self.site.of(pages.KIND)
        if about:
            nav.append({"关于": [{inert(p.title): item_doc(p)} for p in about]})
        return nav


def render_pages(site: Site, renderer: Callable[[Site], PageRenderer] = PageRenderer) -> Staging:
    """All pages of the site, ready for the engine (`renderer`: `PageRenderer`, or one that
    keeps pages between builds, `functools.partial(pagememo.MemoRenderer, cache=…)`)."""
    try:
        return renderer(site).render_all()
    except jinja2.TemplateError as exc:  # a broken theme override: name the template
        raise ThemeError(exc) from exc


class ThemeError(Exception):
    """A template in theme/ could not be rendered."""

    def __init__(self, exc: jinja2.TemplateError):
        name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "theme"
        line = getattr(exc, "lineno", 0) or 0
        super().__init__(f"{name}:{line}: 模板: {exc.message if hasattr(exc, 'message') else exc}")
