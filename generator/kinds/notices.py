"""通知公告: dated notices, pinned ones first; current ones on the home page and the bulletin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, cast

from generator.content.schemas import Notice
from generator.kinds.base import Kind
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.model import Item, Site

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


KIND = Kind(
    "notices", "通知公告", Notice, ("-pinned", "-date", "title"),
    words=("通知", "公告", "notice"),
    checks=(expired_but_pinned, pinned_without_expires),
    in_feed=True, home=on_home,
)
