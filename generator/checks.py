"""Checks of the whole site that are warnings or reminders, not errors: what `check`
points out to volunteers. Each check belongs to one content type (types are data)."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterator

from generator.model import Item, Site
from generator.problems import Problem, Severity

Check = Callable[[Site, Item], Iterator[Problem]]
CHECKS: dict[str, list[Check]] = defaultdict(list)   # type name ("*": every type) → checks
PLACEHOLDER = "【待填写】"   # what `yizhan new` writes where real content is still missing


def check(*type_names: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        for name in type_names:
            CHECKS[name].append(function)
        return function
    return register


def _problem(item: Item, field: str, message: str, severity: Severity = "warning") -> Problem:
    return Problem(item.shown, item.doc.line((field,)), field, message, severity)


@check("policies")
def stale_policy(site: Site, item: Item) -> Iterator[Problem]:
    if site.needs_review(item):
        days = site.config.policies.review_after_days
        yield _problem(item, "reviewed", f"已超过 {days} 天未核对原文：请对照最新文件核对后更新 reviewed 日期",
                       "reminder")


@check("policies")
def expired_policy(site: Site, item: Item) -> Iterator[Problem]:
    if site.is_expired(item):
        yield _problem(item, "expires", "政策已过失效日期（expires）：页面会标为已失效；如有新文件，请更新内容和日期",
                       "reminder")


@check("notices")
def expired_but_pinned(site: Site, item: Item) -> Iterator[Problem]:
    if item.fields.pinned and site.is_expired(item):  # type: ignore[attr-defined]
        yield _problem(item, "pinned", "通知已过期但仍置顶：请去掉 pinned，或更新 expires", "reminder")


@check("notices")
def pinned_without_expires(site: Site, item: Item) -> Iterator[Problem]:
    if item.fields.pinned and not item.fields.expires:  # type: ignore[attr-defined]
        yield _problem(item, "pinned", "置顶通知没有写过期日期（expires）：它会一直置顶在首页，请写上 expires")


@check("events")
def event_without_location(site: Site, item: Item) -> Iterator[Problem]:
    if not item.fields.location:  # type: ignore[attr-defined]
        yield _problem(item, "title", "活动没有写地点（location）：同学们不知道去哪里")


@check("events")
def endless_repeat(site: Site, item: Item) -> Iterator[Problem]:
    repeat = item.fields.repeat  # type: ignore[attr-defined]
    if repeat and not (repeat.until or repeat.count):
        yield _problem(item, "repeat", "重复活动没有写结束（until 或 count）：日历上会一直重复下去，请写到学期末，"
                                       "如 until: 2027-01-15")


@check("*")
def placeholder_left(site: Site, item: Item) -> Iterator[Problem]:
    for key, value in (item.doc.data or {}).items():
        if PLACEHOLDER in str(value):
            yield _problem(item, str(key), f"还有“{PLACEHOLDER}”没有改成真实内容")
    for n, line in enumerate(item.body.split("\n")):
        if PLACEHOLDER in line:
            yield Problem(item.shown, item.body_line + n, "正文", f"还有“{PLACEHOLDER}”没有改成真实内容", "warning")
            break


def site_warnings(site: Site) -> list[Problem]:
    """Every warning and reminder of the site's items."""
    return [problem for item in site.items
            for found in (*CHECKS[item.type.name], *CHECKS["*"]) for problem in found(site, item)]
