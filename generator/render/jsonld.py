"""schema.org JSON-LD of the pages (SPEC §5), for search engines and other programs.

What an item is (Event, EducationEvent, Article, Service, ProfilePage …) comes from its
kind's module (`Kind.jsonld`, given a `LinkedData` with the helpers below); every item
page adds its BreadcrumbList, a list page its own, the home page the WebSite. Dates are
ISO 8601 with the offset of the site's zone. The JSON is written so that no text in it
can end the script element: `<`, `>` and `&` are JSON escapes (`\\u003c` …), never
characters an HTML parser reads.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Iterable

from markupsafe import Markup

from generator.render.templates import relative

if TYPE_CHECKING:
    from generator.kinds.base import Kind
    from generator.model import Item, Site

CONTEXT = "https://schema.org"
DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
        "sat": "Saturday", "sun": "Sunday"}
LANGUAGE = "zh-CN"
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                          "\u2029": "\\u2029"})


class LinkedData:
    """The helpers a kind's `jsonld` hook builds its node with, for one page of the site."""

    def __init__(self, site: "Site", page_url: str):
        self.site = site
        self.page_url = page_url
        self.tz = site.config.tz

    # -- values ---------------------------------------------------------------------
    def url(self, path: str) -> str:
        """Absolute with `site_url`; else relative to this page."""
        return self.site.absolute_url(path) or relative(path, self.page_url)

    def when(self, value: date | datetime) -> str:
        """A date as it is; a date-time with the offset of the site's zone."""
        if isinstance(value, datetime):
            return value.replace(tzinfo=self.tz).isoformat()
        return value.isoformat()

    def clock(self, value: time) -> str:
        return value.strftime("%H:%M:%S")

    def day(self, name: str) -> str:
        """mon … sun → https://schema.org/Monday …"""
        return f"{CONTEXT}/{DAYS[name]}"

    # -- nodes ----------------------------------------------------------------------
    def place(self, name: str) -> dict[str, Any]:
        return {"@type": "Place", "name": name, "address": name}

    def organization(self, name: str | None = None) -> dict[str, Any]:
        """`name`, else the site's organization (its own site's address then)."""
        config = self.site.config
        node: dict[str, Any] = {"@type": "Organization", "name": name or config.organization or config.site_name}
        if not name and config.site_url:
            node["url"] = config.site_url
        return node

    def person(self, name: str) -> dict[str, Any]:
        return {"@type": "Person", "name": name}

    def audience(self, name: str) -> dict[str, Any]:
        return {"@type": "Audience", "audienceType": name}

    def common(self, item: "Item", type_: str) -> dict[str, Any]:
        """What every item's node has: its type, name, address, summary, picture, tags."""
        node: dict[str, Any] = {"@type": type_, "@id": self.url(item.url) + "#main", "name": item.title,
                                "url": self.url(item.url), "inLanguage": LANGUAGE}
        if item.summary:
            node["description"] = item.summary
        if item.picture:
            node["image"] = self.url(self.site_path(item.picture))
        if item.fields.tags:
            node["keywords"] = list(item.fields.tags)
        return node

    def article(self, item: "Item", published: date, modified: date | None = None,
                expires: date | None = None) -> dict[str, Any]:
        node = self.common(item, "Article")
        node.update(headline=item.title, datePublished=self.when(published), publisher=self.organization())
        if modified:
            node["dateModified"] = self.when(modified)
        if expires:
            node["expires"] = self.when(expires)
        return node

    def site_path(self, path: Any) -> str:
        from generator.render.pages import media_path

        return media_path(self.site.config, path)

    # -- the page -------------------------------------------------------------------
    def breadcrumbs(self, trail: Iterable[tuple[str, str]]) -> dict[str, Any]:
        return {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": self.url(path)}
            for n, (name, path) in enumerate(trail, 1)]}

    def item_page(self, item: "Item") -> list[dict[str, Any]]:
        """The item's own node (its kind's, else a WebPage) and its breadcrumbs."""
        hook = item.type.jsonld
        node = hook(self, item) if hook else self.common(item, "WebPage")
        crumbs = [("首页", "")]
        if item.type.listed:
            crumbs.append((item.type.label, f"{item.type.name}/"))
        crumbs.append((item.title, item.url))
        return [node, self.breadcrumbs(crumbs)]

    def list_page(self, kind: "Kind") -> list[dict[str, Any]]:
        return [self.breadcrumbs([("首页", ""), (kind.label, f"{kind.name}/")])]

    def home_page(self) -> list[dict[str, Any]]:
        config = self.site.config
        node: dict[str, Any] = {"@type": "WebSite", "@id": self.url("") + "#website", "name": config.site_name,
                                "url": self.url(""), "inLanguage": LANGUAGE, "publisher": self.organization()}
        if config.description:
            node["description"] = config.description
        return [node]


def script(nodes: list[dict[str, Any]]) -> Markup:
    """`<script type="application/ld+json">` with the nodes as one @graph."""
    return Markup('<script type="application/ld+json">') + Markup(dumps({"@context": CONTEXT, "@graph": nodes})) \
        + Markup("</script>")


def dumps(data: Any) -> str:
    """JSON whose text no HTML parser can end early: `<`, `>`, `&` (and the JavaScript line
    breaks) as JSON escapes; everything else as written, so the bytes depend on the data only."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
