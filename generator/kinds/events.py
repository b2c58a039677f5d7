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
from generator.kinds.base import Kind, KioskSlide
from generator.problems import Problem

if TYPE_CHECKING:
    from icalendar import Event as VEvent

    from generator.calendar.ics import IcsWriter
    from generator.model import Item, Site
    from generator.render.jsonld import LinkedData

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


# -- schema.org -------------------------------------------------------------------------
FREQUENCY = {"daily": "D", "weekly": "W", "monthly": "M"}


def jsonld(ld: "LinkedData", item: "Item") -> dict[str, Any]:
    """An Event: its first occurrence, a repeat as its `eventSchedule`, the place and organizer."""
    event = cast(Event, item.fields)
    start, length = first_start(event), event_length(event)
    node = ld.common(item, "Event")
    if event.all_day:
        node.update(startDate=ld.when(start.date()), endDate=ld.when((start + length).date()))
    else:
        node.update(startDate=ld.when(start), endDate=ld.when(start + length))
    node.update(eventStatus="https://schema.org/EventScheduled",
                eventAttendanceMode="https://schema.org/OfflineEventAttendanceMode",
                organizer=ld.organization(event.organizer))
    if event.location:
        node["location"] = ld.place(event.location)
    if event.capacity:
        node["maximumAttendeeCapacity"] = event.capacity
    if event.registration:
        node["offers"] = {"@type": "Offer", "url": event.registration, "price": 0, "priceCurrency": "CNY"}
    if event.repeat:
        node["eventSchedule"] = event_schedule(ld, event, event.repeat)
    return node


def event_schedule(ld: "LinkedData", event: Event, repeat: Repeat) -> dict[str, Any]:
    """The `repeat:` block as a schema.org Schedule (what the RRULE says, in its words)."""
    start, length = first_start(event), event_length(event)
    node: dict[str, Any] = {"@type": "Schedule", "repeatFrequency": f"P{repeat.interval}{FREQUENCY[repeat.freq]}",
                            "startDate": ld.when(start.date()), "scheduleTimezone": ld.site.config.timezone}
    if not event.all_day:
        node.update(startTime=ld.clock(start.time()), endTime=ld.clock((start + length).time()),
                    duration=f"PT{int(length.total_seconds()) // 60}M")
    if repeat.nth:
        n, day = repeat.nth
        node["byDay"] = [ld.day(day)]
        if n > 0:
            node["byMonthWeek"] = n
    elif repeat.days:
        node["byDay"] = [ld.day(day) for day in repeat.days]
    if repeat.day:
        node["byMonthDay"] = repeat.day
    if repeat.until:
        node["endDate"] = ld.when(repeat.until)
    elif repeat.count:
        node["repeatCount"] = repeat.count
    skipped = skipped_starts(event)
    if skipped:
        node["exceptDate"] = [ld.when(s.date() if event.all_day else s) for s in skipped]
    return node


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


# -- the corridor screen (kiosk/index.html) -------------------------------------------
KIOSK_DAYS = 42    # how far ahead an event's slide carries its dates for the browser
KIOSK_DATES = 60   # and at most this many


def on_kiosk(site: "Site") -> list[KioskSlide]:
    """An event's slide with its dates of the coming weeks: the browser shows it in the week
    of its next date (today's first), marked 进行中 while it is on."""
    last = site.today + timedelta(days=KIOSK_DAYS)
    slides = []
    for item in site.of(KIND):
        dates: list[Occurrence] = []
        for occurrence in occurrences(item):
            if occurrence.first_day > last or len(dates) == KIOSK_DATES:
                break
            if occurrence.last_day >= site.today:
                dates.append(occurrence)
        if dates:
            times = " ".join(f"{o.start.isoformat()}/{o.end.isoformat()}" for o in dates)
            slides.append(KioskSlide("events", item.url, {"item": item, "f": item.fields, "next": dates[0]},
                                     {"times": times}, body=item))
    return slides


KIND = Kind(
    "events", "活动", Event, ("start", "title"), poster_default=True, category_field="category",
    words=("活动日历", "event"), example="示例活动：社区开放日",
    checks=(event_without_location, endless_repeat),
    occurrences=occurrences, vevents=vevents, own_calendar=True,
    poster_context=poster_context, jsonld=jsonld,
    kiosk=on_kiosk,
)
