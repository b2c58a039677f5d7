"""活动: events, repeating or not; the calendar, the home page's week, their own .ics and a
poster with the next dates and a sign-up QR code."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterator, cast

from icalendar import vRecur

from generator.calendar.occurrences import (
    KIND_LABELS, Occurrence, describe, event_length, first_start, scheduled_starts, schedule,
    skipped_starts, starts_of, synchronized,
)
from generator.content.schemas import Event, Repeat
from generator.kinds.base import Kind
from generator.problems import Problem

if TYPE_CHECKING:
    from icalendar import Event as VEvent

    from generator.calendar.ics import IcsWriter
    from generator.model import Item, Site

POSTER_DATES = 4   # the next dates a poster lists


def event_without_location(site: "Site", item: "Item") -> Iterator[Problem]:
    if not cast(Event, item.fields).location:
        yield item.problem("title", "活动没有写地点（location）：同学们不知道去哪里")


def endless_repeat(site: "Site", item: "Item") -> Iterator[Problem]:
    repeat = cast(Event, item.fields).repeat
    if repeat and not (repeat.until or repeat.count):
        yield item.problem("repeat", "重复活动没有写结束（until 或 count）：日历上会一直重复下去，请写到学期末，"
                                     "如 until: 2027-01-15")


# -- the calendar ---------------------------------------------------------------------
def occurrences(item: "Item") -> Iterator[Occurrence]:
    event = cast(Event, item.fields)
    length = event_length(event)
    for start in starts_of(event):
        if event.all_day:
            yield Occurrence(item, start.date(), (start + length).date())
        else:
            yield Occurrence(item, start, start + length)


def vevents(writer: "IcsWriter", item: "Item") -> Iterator["VEvent"]:
    event = cast(Event, item.fields)
    start = first_start(event)
    if event.all_day:
        dtstart: date | datetime = start.date()
        dtend: date | datetime = start.date() + event_length(event) + timedelta(days=1)
    else:
        dtstart, dtend = writer.local(start), writer.local(start + event_length(event))
    component = writer.component(item, f"events-{item.slug}", dtstart, dtend, item.title,
                                 event.category or KIND_LABELS["event"], stamp=start)
    if event.location:
        component.add("location", event.location)
    if event.repeat:
        component.add("rrule", rrule(writer, event, event.repeat))
    skipped = skipped_starts(event)
    if skipped:
        component.add("exdate", [s.date() if event.all_day else writer.local(s) for s in skipped])
    yield component


def rrule(writer: "IcsWriter", event: Event, repeat: Repeat) -> vRecur:
    """The RRULE of a `repeat:` block (RFC 5545)."""
    rule: dict[str, object] = {"FREQ": repeat.freq.upper()}
    if repeat.interval != 1:
        rule["INTERVAL"] = repeat.interval
    if repeat.nth:
        n, day = repeat.nth
        rule["BYDAY"] = [f"{n}{day[:2].upper()}"]
    elif repeat.days:
        rule["BYDAY"] = [d[:2].upper() for d in repeat.days]
    if repeat.day:
        rule["BYMONTHDAY"] = [repeat.day]
    if repeat.count and synchronized(event):
        rule["COUNT"] = repeat.count
    elif repeat.count:  # RFC 5545 leaves COUNT with an off-rule DTSTART open: say the last day
        rule["UNTIL"] = _until(writer, event, list(scheduled_starts(event))[-1])
    elif repeat.until:
        rule["UNTIL"] = _until(writer, event, datetime.combine(repeat.until, time(23, 59, 59)))
    if repeat.freq == "weekly" and repeat.interval != 1:
        rule["WKST"] = "MO"
    return vRecur(rule)


def _until(writer: "IcsWriter", event: Event, last: datetime) -> date | datetime:
    """UNTIL: a date for all-day events, else UTC (RFC 5545 with a TZID start)."""
    return last.date() if event.all_day else writer.utc(last)


# -- the poster -------------------------------------------------------------------------
def poster_context(item: "Item", today: date, qr: Callable[[str], Any]) -> dict[str, Any]:
    """An event's next occurrences (or its last, ended), its repeat rule and its sign-up QR."""
    event = cast(Event, item.fields)
    dates = schedule(item, today)
    return {
        "next": dates.coming[:POSTER_DATES],
        "last": dates.last,
        "rule": describe(event.repeat) if event.repeat else None,
        "registration_qr": qr(event.registration) if event.registration and event.registration.isascii() else None,
    }


KIND = Kind(
    "events", "活动", Event, ("start", "title"), poster_default=True, category_field="category",
    words=("活动日历", "event"),
    checks=(event_without_location, endless_repeat),
    occurrences=occurrences, vevents=vevents, own_calendar=True,
    poster_context=poster_context,
)
