"""政策指南: policies checked against their source; their deadlines are on the calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Iterator, cast

from generator.calendar.occurrences import KIND_LABELS, Occurrence
from generator.content.schemas import Policy
from generator.kinds.base import Kind, PosterSection
from generator.problems import Problem

if TYPE_CHECKING:
    from icalendar import Event as VEvent

    from generator.calendar.ics import IcsWriter
    from generator.model import Item, Site
    from generator.render.jsonld import LinkedData


def stale_policy(site: "Site", item: "Item") -> Iterator[Problem]:
    if site.needs_review(item):
        days = site.config.policies.review_after_days
        yield item.problem("reviewed", f"已超过 {days} 天未核对原文：请对照最新文件核对后更新 reviewed 日期",
                           "reminder")


def expired_policy(site: "Site", item: "Item") -> Iterator[Problem]:
    if site.is_expired(item):
        yield item.problem("expires", "政策已过失效日期（expires）：页面会标为已失效；如有新文件，请更新内容和日期",
                           "reminder")


def _deadlines(item: "Item") -> list:
    return sorted(cast(Policy, item.fields).deadlines, key=lambda d: (d.date, d.title))


def occurrences(item: "Item") -> Iterator[Occurrence]:
    for deadline in _deadlines(item):
        label = f"{item.title}：{deadline.title}"  # the calendar names the policy, not only 截止
        yield Occurrence(item, deadline.date, deadline.date, kind="deadline", label=label)


def vevents(writer: "IcsWriter", item: "Item") -> Iterator["VEvent"]:
    reviewed = datetime.combine(cast(Policy, item.fields).reviewed, time())
    seen: dict[date, int] = {}
    for deadline in _deadlines(item):
        n = seen[deadline.date] = seen.get(deadline.date, 0) + 1
        uid = f"policies-{item.slug}-deadline-{deadline.date:%Y%m%d}" + (f"-{n}" if n > 1 else "")
        component = writer.component(item, uid, deadline.date, deadline.date + timedelta(days=1),
                                     deadline.title, KIND_LABELS["deadline"], stamp=reviewed)
        component.add("transp", "TRANSPARENT")
        yield component


def jsonld(ld: "LinkedData", item: "Item") -> dict[str, Any]:
    """An Article: in force from `effective`, checked against its source on `reviewed`."""
    policy = cast(Policy, item.fields)
    node = ld.article(item, published=policy.effective or policy.reviewed, modified=policy.reviewed,
                      expires=policy.expires)
    if policy.issued_by:
        node["author"] = ld.organization(policy.issued_by)
    if policy.source and policy.source.url:
        node["isBasedOn"] = policy.source.url
    if policy.applies_to:
        node["audience"] = [ld.audience(name) for name in policy.applies_to]
    return node


KIND = Kind(
    "policies", "政策指南", Policy, ("category", "title"), group_by="category", poster_default=True,
    category_field="category",
    words=("政策", "policy"), example="示例政策：国家助学金",
    checks=(stale_policy, expired_policy),
    occurrences=occurrences, vevents=vevents, jsonld=jsonld,
    poster_sections=(PosterSection("steps", "办理步骤", numbered=True), PosterSection("materials", "所需材料")),
)
