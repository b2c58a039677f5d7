"""Repeat rules → occurrences, with python-dateutil's rrule in the site's local time.

Times are naive local times of the site's time zone (SPEC §2); `start` is always the
first occurrence, `except` dates are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterator

from dateutil import rrule

from generator.content.schemas import Event, Repeat
from generator.model import Item

_FREQ = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY}
_DAYS = {"mon": rrule.MO, "tue": rrule.TU, "wed": rrule.WE, "thu": rrule.TH,
         "fri": rrule.FR, "sat": rrule.SA, "sun": rrule.SU}


@dataclass(frozen=True)
class Occurrence:
    """One time an event takes place."""

    item: Item
    start: datetime | date
    end: datetime | date   # all-day: the last day (inclusive)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        return self.end.date() if isinstance(self.end, datetime) else self.end


def rule_of(repeat: Repeat, start: datetime) -> rrule.rrule:
    """The dateutil rule of a `repeat:` block, starting at `start`."""
    byweekday = [_DAYS[d] for d in repeat.days] or None
    if repeat.nth:
        n, day = repeat.nth
        byweekday = [_DAYS[day](n)]
    until = datetime.combine(repeat.until, time(23, 59, 59)) if repeat.until else None
    return rrule.rrule(
        _FREQ[repeat.freq], dtstart=start, interval=repeat.interval, byweekday=byweekday,
        bymonthday=repeat.day, until=until, count=repeat.count,
    )


def starts_of(event: Event) -> Iterator[datetime]:
    """Start times of every occurrence (as datetimes; all-day events at midnight)."""
    first = event.start if isinstance(event.start, datetime) else datetime.combine(event.start, time())
    skipped = set(event.except_)
    if event.repeat is None:
        if first.date() not in skipped:
            yield first
        return
    seen_first = False
    for start in rule_of(event.repeat, first):
        if not seen_first and start != first:
            if first.date() not in skipped:
                yield first
        seen_first = True
        if start.date() not in skipped:
            yield start
    if not seen_first and first.date() not in skipped:
        yield first


def occurrences_of(item: Item) -> Iterator[Occurrence]:
    event: Event = item.fields  # type: ignore[assignment]
    length = _as_datetime(event.end_or_default) - _as_datetime(event.start)
    for start in starts_of(event):
        if event.all_day:
            yield Occurrence(item, start.date(), (start + length).date())
        else:
            yield Occurrence(item, start, start + length)


def between(items: list[Item], first: date, last: date) -> list[Occurrence]:
    """Occurrences of the events in `items` that overlap the days `first`..`last`."""
    found = []
    for item in items:
        for occurrence in occurrences_of(item):
            if occurrence.first_day > last:
                break
            if occurrence.last_day >= first:
                found.append(occurrence)
    return sorted(found, key=lambda o: (_as_datetime(o.start), o.item.title))


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def upcoming(item: Item, today: date, limit: int) -> list[Occurrence]:
    """The next `limit` occurrences of an event that have not ended before `today`."""
    found = []
    for occurrence in occurrences_of(item):
        if occurrence.last_day >= today:
            found.append(occurrence)
            if len(found) == limit:
                break
    return found


_ZH_DAYS = dict(zip(_DAYS, "一二三四五六日"))


def describe(repeat: Repeat) -> str:
    """A repeat rule in Chinese: 每周四, 隔周二、四, 每月最后一个周五, 每3天 …, with its end."""
    unit = {"daily": "天", "weekly": "周", "monthly": "月"}[repeat.freq]
    if repeat.interval == 1:
        text = "每" + unit
    elif repeat.interval == 2:
        text = "隔" + unit
    else:
        text = f"每{repeat.interval}{'个' if repeat.freq == 'monthly' else ''}{unit}"
    if repeat.days and repeat.freq == "weekly":
        text += "、".join(_ZH_DAYS[d] for d in repeat.days)
    elif repeat.days:
        text += "（" + "、".join("周" + _ZH_DAYS[d] for d in repeat.days) + "）"
    if repeat.day:
        text += f"{repeat.day}日"
    if repeat.nth:
        n, day = repeat.nth
        text += ("最后一个" if n == -1 else f"第{n}个") + "周" + _ZH_DAYS[day]
    if repeat.until:
        text += f"，至{repeat.until.year}年{repeat.until.month}月{repeat.until.day}日"
    if repeat.count:
        text += f"，共{repeat.count}次"
    return text
