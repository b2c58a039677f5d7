"""Site-wide checks that are warnings, not errors: what `check` points out to volunteers."""

from __future__ import annotations

from typing import Callable, Iterator

from generator.model import Item, Site
from generator.problems import Problem

Check = Callable[[Site, Item], Iterator[Problem]]


def _warning(item: Item, field: str, message: str) -> Problem:
    return Problem(item.shown, item.doc.line((field,)), field, message, "warning")


def stale_policy(site: Site, item: Item) -> Iterator[Problem]:
    if item.type.name == "policies" and site.needs_review(item):
        days = site.config.policies.review_after_days
        yield _warning(item, "reviewed", f"已超过 {days} 天未核对原文：请对照最新文件核对后更新 reviewed 日期")


def expired_but_pinned(site: Site, item: Item) -> Iterator[Problem]:
    if item.type.name == "notices" and item.fields.pinned and site.is_expired(item):  # type: ignore[attr-defined]
        yield _warning(item, "pinned", "通知已过期但仍置顶：请去掉 pinned，或更新 expires")


def event_without_location(site: Site, item: Item) -> Iterator[Problem]:
    if item.type.name == "events" and not item.fields.location:  # type: ignore[attr-defined]
        yield _warning(item, "title", "活动没有写地点（location）：同学们不知道去哪里")


def pinned_without_expires(site: Site, item: Item) -> Iterator[Problem]:
    fields = item.fields
    if item.type.name == "notices" and fields.pinned and not fields.expires:  # type: ignore[attr-defined]
        yield _warning(item, "pinned", "置顶通知没有写过期日期（expires）：它会一直置顶在首页，请写上 expires")


def endless_repeat(site: Site, item: Item) -> Iterator[Problem]:
    repeat = getattr(item.fields, "repeat", None)
    if item.type.name == "events" and repeat and not (repeat.until or repeat.count):
        yield _warning(item, "repeat", "重复活动没有写结束（until 或 count）：日历上会一直重复下去，请写到学期末，"
                                       "如 until: 2027-01-15")


def expired_policy(site: Site, item: Item) -> Iterator[Problem]:
    if item.type.name == "policies" and site.is_expired(item):
        yield _warning(item, "expires", "政策已过失效日期（expires）：页面会标为已失效；如有新文件，请更新内容和日期")


PLACEHOLDER = "【待填写】"   # what `yizhan new` writes where real content is still missing


def placeholder_left(site: Site, item: Item) -> Iterator[Problem]:
    for key, value in (item.doc.data or {}).items():
        if PLACEHOLDER in str(value):
            yield _warning(item, str(key), f"还有“{PLACEHOLDER}”没有改成真实内容")
    for n, line in enumerate(item.body.split("\n")):
        if PLACEHOLDER in line:
            yield Problem(item.shown, item.body_line + n, "正文", f"还有“{PLACEHOLDER}”没有改成真实内容", "warning")
            break


CHECKS: tuple[Check, ...] = (stale_policy, expired_but_pinned, event_without_location, pinned_without_expires,
                             endless_repeat, expired_policy, placeholder_left)


def site_warnings(site: Site) -> list[Problem]:
    return [problem for item in site.items for check in CHECKS for problem in check(site, item)]
