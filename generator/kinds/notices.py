"""通知公告: dated notices, pinned ones first; current ones on the home page and the bulletin."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Iterator, cast

from generator.content.schemas import Notice
from generator.kinds.base import Kind, KioskSlide
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.model import Item, Site
    from generator.render.jsonld import LinkedData

HOME_COUNT = 8


def expired_but_pinned(site: "Site", item: "Item") -> Iterator[Problem]:
    if cast(Notice, item.fields).pinned and site.is_expired(item):
        yield item.problem("pinned", "通知已过期但仍置顶：请去掉 pinned，或更新 expires", "reminder")


def pinned_without_expires(site: "Site", item: "Item") -> Iterator[Problem]:
    notice = cast(Notice, item.fields)
    if notice.pinned and not notice.expires:
        yield item.problem("pinned", "置顶通知没有写过期日期（expires）：它会一直置顶在首页，请写上 expires")


def on_home(site: "Site") -> list["Item"]:
    """Pinned first, then the newest, that have not expired."""
    return [n for n in site.of(KIND) if not site.is_expired(n)][:HOME_COUNT]


# -- audiences (site_config `audiences`; its first value is the whole community) ----------
def for_everyone(site: "Site", item: "Item") -> bool:
    """A notice for everyone: no audience, or the first of `audiences` among its own."""
    audience = cast(Notice, item.fields).audience
    return not audience or bool(site.config.audiences and site.config.audiences[0] in audience)


def for_audience(site: "Site", item: "Item", audience: str) -> bool:
    """Shown to `audience`: everyone's notices and its own (`posters --audience`)."""
    return for_everyone(site, item) or audience in cast(Notice, item.fields).audience


def chooser_audience(site: "Site", item: "Item") -> list[str]:
    """What the page's chooser folds a notice by: its audiences, none when it is for everyone
    (or when the site lists no `audiences`: then there is no chooser)."""
    if not site.config.audiences or for_everyone(site, item):
        return []
    return list(cast(Notice, item.fields).audience)


def jsonld(ld: "LinkedData", item: "Item") -> dict[str, Any]:
    """An Article: published on `date`, expiring on `expires`, for its audiences."""
    notice = cast(Notice, item.fields)
    node = ld.article(item, published=notice.date, expires=notice.expires)
    if notice.audience:
        node["audience"] = [ld.audience(name) for name in notice.audience]
    return node


# -- the corridor screen (kiosk/index.html) -------------------------------------------
KIOSK_DAYS = 30   # a notice without `expires` is on the corridor screen this long (pinned: always)


def on_kiosk(site: "Site") -> list[KioskSlide]:
    """Pinned and current notices, each shown from its date to its `expires` (decided by
    the browser on the day), with its text and cover."""
    slides = []
    for item in site.of(KIND):
        notice = cast(Notice, item.fields)
        until = notice.expires or (None if notice.pinned else notice.date + timedelta(days=KIOSK_DAYS))
        if until and until < site.today:
            continue
        show = {"from": notice.date.isoformat(), **({"until": until.isoformat()} if until else {})}
        slides.append(KioskSlide("notices", item.url, {"item": item, "f": notice}, show, body=item))
    return slides


KIND = Kind(
    "notices", "通知公告", Notice, ("-pinned", "-date", "title"),
    words=("通知", "公告", "notice"), example="欢迎来到{name}",
    checks=(expired_but_pinned, pinned_without_expires),
    in_feed=True, home=on_home, audience_field="audience", jsonld=jsonld,
    kiosk=on_kiosk,
)
