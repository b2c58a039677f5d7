"""Repeat rules → occurrences, with python-dateutil's rrule in the site's local time.

Times are naive local times of the site's time zone (SPEC §2). `start` is always the
first occurrence, `count` is the number of occurrences including it, `until` includes
its day, and `except` dates are skipped. Besides events, a lesson with a `time` and
each policy deadline are on the calendar too: each kind says how (`Kind.occurrences`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator

from dateutil import rrule

from generator.content.fields import WEEKDAY_NAMES, WEEKDAYS
from generator.content.schemas import Event, Repeat

if TYPE_CHECKING:
    from generator.model import Item

_FREQ = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY}
_DAYS = dict(zip(WEEKDAYS, (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)))

LESSON_LENGTH = timedelta(hours=1)   # a lesson has no `end`: the events' default length


@dataclass(frozen=True)
class Occurrence:
    """One time something on the calendar takes place."""

    item: Item
    start: datetime | date
    end: datetime | date   # all-day: the last day (inclusive)
    kind: str = "event"    # event, lesson or deadline: they look different on the calendar
    label: str = ""        # what the calendar shows; the item's title unless set

    @property
    def title(self) -> str:
        return self.label or self.item.title

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        return self.end.date() if isinstance(self.end, datetime) else self.end

    @property
    def category(self) -> str:
        """What the calendar's filter calls it: the event's category, 党课 or 政策截止."""
        if self.kind == "event":
            return getattr(self.item.fields, "category", None) or "其他活动"
        return KIND_LABELS[self.kind]

    def days(self) -> Iterator[date]:
        """Every day this occurrence touches."""
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += timedelta(days=1)

    def sort_key(self) -> tuple:
        return (as_datetime(self.start), self.title, self.item.url)


KIND_LABELS = {"event": "活动", "lesson": "党课", "deadline": "政策截止"}


def as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


# -- repeat rules ---------------------------------------------------------------------
def rule_of(repeat: Repeat, start: datetime) -> rrule.rrule:
    """The dateutil rule of a `repeat:` block from `start`, without `count` (see starts_of)."""
    byweekday = [_DAYS[d] for d in repeat.days] or None
    if repeat.nth:
        n, day = repeat.nth
        byweekday = [_DAYS[day](n)]
    until = datetime.combine(repeat.until, time(23, 59, 59)) if repeat.until else None
    return rrule.rrule(
        _FREQ[repeat.freq], dtstart=start, interval=repeat.interval, wkst=rrule.MO,
        byweekday=byweekday, bymonthday=repeat.day, until=until,
    )


def first_start(event: Event) -> datetime:
    """`start` as a datetime (an all-day event at midnight)."""
    return as_datetime(event.start)


def synchronized(event: Event) -> bool:
    """Is `start` one of the days its own repeat rule produces? (RFC 5545 wants it so.)"""
    if event.repeat is None:
        return True
    first = first_start(event)
    return next(iter(rule_of(event.repeat, first)), None) == first


def scheduled_starts(event: Event) -> Iterator[datetime]:
    """Every start the rule schedules, `except` not yet applied: `start`, then the rule.

    `count` counts `start` too, whether or not `start` fits the rule; except dates
    still count (as RFC 5545 has it: EXDATE is applied after COUNT).
    """
    first = first_start(event)
    yield first
    if event.repeat is None:
        return
    later = (s for s in rule_of(event.repeat, first) if s > first)
    if event.repeat.count is not None:
        later = islice(later, event.repeat.count - 1)
    yield from later


def starts_of(event: Event) -> Iterator[datetime]:
    """Start times of every occurrence that is held (all-day events at midnight)."""
    skipped = set(event.except_)
    return (s for s in scheduled_starts(event) if s.date() not in skipped)


def skipped_starts(event: Event) -> list[datetime]:
    """Scheduled starts that `except` cancels (an except date off the schedule is not one)."""
    if not event.except_:
        return []
    wanted, last = set(event.except_), max(event.except_)
    found = []
    for start in scheduled_starts(event):
        if start.date() > last:
            break
        if start.date() in wanted:
            found.append(start)
    return found


def event_length(event: Event) -> timedelta:
    return as_datetime(event.end_or_default) - as_datetime(event.start)


def occurrences_of(item: Item) -> Iterator[Occurrence]:
    """Occurrences of one item, in time order (endless for an endless repeat); none for
    a kind that is not on the calendar (each kind says how it is: generator/kinds/)."""
    occurrences = item.type.occurrences
    return occurrences(item) if occurrences else iter(())


def until_day(items: Iterable[Item], last: date) -> list[Occurrence]:
    """Occurrences of `items` that start on or before `last`, sorted."""
    found = []
    for item in items:
        for occurrence in occurrences_of(item):
            if occurrence.first_day > last:
                break
            found.append(occurrence)
    return sorted(found, key=Occurrence.sort_key)


def between(items: list[Item], first: date, last: date) -> list[Occurrence]:
    """Occurrences of `items` that overlap the days `first`..`last`."""
    return [o for o in until_day(items, last) if o.last_day >= first]


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def upcoming(item: Item, today: date, limit: int) -> list[Occurrence]:
    """The next `limit` occurrences of an item that have not ended before `today`."""
    return list(islice((o for o in occurrences_of(item) if o.last_day >= today), limit))


@dataclass(frozen=True)
class Schedule:
    """An item's dates as a reader sees them on a given day: the next ones and the last.

    `coming` are the occurrences not over before the day, as many as a page carries for
    the browser to pick from later (calendar.js); `complete` says whether they run to the
    very last one, so that the browser may say 已结束 once they are all over.
    """

    coming: list[Occurrence]
    last: Occurrence | None
    complete: bool

    @property
    def shown(self) -> Occurrence | None:
        """What the page says on the day: the next occurrence, or the last one (ended)."""
        return self.coming[0] if self.coming else self.last

    @property
    def over(self) -> bool:
        return not self.coming and self.last is not None


SCHEDULE_DAYS = 183   # how far ahead a page carries an item's dates for the browser
SCHEDULE_LIMIT = 40   # and at most this many


def schedule(item: Item, today: date) -> Schedule:
    """The dates of `item` a page shows on `today` and carries for later days."""
    horizon = today + timedelta(days=SCHEDULE_DAYS)
    coming: list[Occurrence] = []
    last = None
    complete = True
    for occurrence in occurrences_of(item):
        if occurrence.last_day < today:
            last = occurrence
            continue
        if occurrence.first_day > horizon or len(coming) == SCHEDULE_LIMIT:
            complete = False
            break
        coming.append(occurrence)
    return Schedule(coming, coming[-1] if coming and complete else last, complete)


def is_endless(item: Item) -> bool:
    repeat = getattr(item.fields, "repeat", None)
    return bool(repeat and not repeat.until and not repeat.count)


def describe(repeat: Repeat) -> str:
    """A repeat rule in Chinese: 每周四, 隔周三, 每月最后一个周五, 每月15日 … until/count."""
    unit = {"daily": "天", "weekly": "周", "monthly": "月"}[repeat.freq]
    if repeat.interval == 1:
        text = "每" + unit
    elif repeat.interval == 2:
        text = "隔" + unit
    else:
        text = f"每{repeat.interval}{'个' if repeat.freq == 'monthly' else ''}{unit}"
    if repeat.days and repeat.freq == "weekly":
        text += "、".join(WEEKDAY_NAMES[d] for d in repeat.days)
    elif repeat.days:
        text += "（" + "、".join("周" + WEEKDAY_NAMES[d] for d in repeat.days) + "）"
    if repeat.day:
        text += f"{repeat.day}日"
    if repeat.nth:
        n, day = repeat.nth
        text += ("最后一个" if n == -1 else f"第{n}个") + "周" + WEEKDAY_NAMES[day]
    if repeat.until:
        text += f"，至{repeat.until.year}年{repeat.until.month}月{repeat.until.day}日"
    if repeat.count:
        text += f"，共{repeat.count}次"
    return text
