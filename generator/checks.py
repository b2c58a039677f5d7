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


CHECKS: tuple[Check, ...] = (stale_policy, expired_but_pinned, event_without_location)


def site_warnings(site: Site) -> list[Problem]:
    return [problem for item in site.items for check in CHECKS for problem in check(site, item)]
