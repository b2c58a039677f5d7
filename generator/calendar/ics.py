"""Calendar subscriptions: `calendar.ics` with everything, and one `.ics` per event.

RFC 5545 with a VTIMEZONE for the site's zone (icalendar's `Timezone.from_tzid`);
repeats stay RRULE/EXDATE, never flattened. icalendar ≥ 7 stamps the current time
and a random UID unless told otherwise, so UID and DTSTAMP are derived from the
content here: building the same content twice gives the same bytes.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone, vRecur
from icalendar import Event as VEvent

from generator.calendar.occurrences import (
    KIND_LABELS, LESSON_LENGTH, event_length, first_start, scheduled_starts, skipped_starts, synchronized,
)
from generator.content.schemas import Event, Repeat
from generator.model import Item, Site
from generator.problems import Report
from generator.stepcache import Memo, digest, package_versions, source_version

CALENDAR_FILE = "calendar.ics"
PRODID = "-//yizhan//yizhan calendar//ZH"
REFRESH = timedelta(hours=12)


def event_ics_path(item: Item) -> str:
    """Where an event's own .ics is written: beside its page, `events/<slug>/<slug>.ics`."""
    return f"{item.url}{item.slug}.ics"


class IcsWriter:
    """Turns the site's calendar items into VEVENTs in the site's time zone.

    With a build cache (`memo`), an item's serialized VEVENTs and the VTIMEZONE of a year
    are kept by the hash of everything they are made of: a rebuild serializes only what changed."""

    def __init__(self, site: Site, memo: Memo):
        self.site = site
        self.tz = site.config.tz
        host = urlsplit(site.config.site_url or "").hostname
        self.domain = host or "yizhan.invalid"
        self._timezones: dict[int, Timezone] = {}
        self._zones: dict[int, bytes] = {}  # serialized, by year
        self._vevents: dict[int, list[tuple[bytes, date | datetime]]] = {}  # by id of the item
        self.memo = memo

    # -- calendars ------------------------------------------------------------------
    def ical(self, events: list[tuple[bytes, date | datetime]], name: str, uid: str, url: str | None) -> bytes:
        """A calendar of serialized VEVENTs (from `vevents`), with the VTIMEZONE of the first
        timed start's year: what `Calendar.to_ical` writes, one component after the other,
        without serializing the events and the zone again for every calendar they are in."""
        end = b"END:VCALENDAR\r\n"
        starts = [start for _, start in events]
        zone = b""
        if any(isinstance(s, datetime) for s in starts):
            zone = self.zone_ical(min(s.date() if isinstance(s, datetime) else s for s in starts).year)
        return self.header(name, uid, url).removesuffix(end) + zone + b"".join(data for data, _ in events) + end

    def header(self, name: str, uid: str, url: str | None) -> bytes:
        """An empty calendar's lines, serialized; kept by what they are made of."""
        config = self.site.config
        key = digest(b"header", name.encode(), uid.encode(), str(url).encode(), self.domain.encode(),
                     str(config.description).encode(), config.timezone.encode())
        data = self.memo.get(key)
        if data is None:
            calendar = Calendar.new(prodid=PRODID, name=name, description=config.description or None,
                                    refresh_interval=REFRESH, url=url, uid=f"{uid}@{self.domain}",
                                    calscale="GREGORIAN", method="PUBLISH")
            calendar.add("x-wr-timezone", config.timezone)
            calendar.add("x-published-ttl", "PT12H")
            data = calendar.to_ical()
            self.memo.put(key, data)
        return data

    def vtimezone(self, year: int) -> Timezone:
        """The site's VTIMEZONE from 1 January of `year`, for 15 years.

        What `Calendar.add_missing_timezones` would add, computed once per start year:
        icalendar builds it hour by hour (~50 ms each), and every event has a calendar.
        """
        if year not in self._timezones:
            self._timezones[year] = Timezone.from_tzid(self.site.config.timezone, first_date=date(year, 1, 1),
                                                       last_date=date(year + 15, 1, 1))
        return self._timezones[year]

    def zone_ical(self, year: int) -> bytes:
        """`vtimezone(year)`, serialized; kept by the zone's compiled rules."""
        if year in self._zones:
            return self._zones[year]
        key = digest(b"zone", self.site.config.timezone.encode(), str(year).encode(), self.zone_rules)
        data = self.memo.get(key)
        if data is None:
            data = self.vtimezone(year).to_ical()
            self.memo.put(key, data)
        self._zones[year] = data
        return data

    @cached_property
    def zone_rules(self) -> bytes:
        """The site's zone as zoneinfo reads it (a TZif file of TZPATH, else of tzdata)."""
        name = self.site.config.timezone
        for root in zoneinfo.TZPATH:
            if (Path(root) / name).is_file():
                return (Path(root) / name).read_bytes()
        try:
            return resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
        except (ModuleNotFoundError, OSError):
            return name.encode()

    def site_ical(self) -> bytes:
        """`calendar.ics`: every VEVENT of the site."""
        events = [event for type_name, build in self.builders().items()
                  for item in self.site.by_type.get(type_name, []) for event in self.vevents(type_name, build, item)]
        return self.ical(events, self.site.config.site_name, "calendar", self.site.absolute_url(CALENDAR_FILE))

    def event_ical(self, item: Item) -> bytes:
        """An event's own `.ics`."""
        return self.ical(self.vevents("events", self.events, item), item.title, f"calendar-events-{item.slug}",
                         self.site.absolute_url(event_ics_path(item)))

    def vevents(self, type_name: str, build: Callable[[Item], Iterator[VEvent]],
                item: Item) -> list[tuple[bytes, date | datetime]]:
        """An item's VEVENTs, serialized, with their starts (made once per build)."""
        if id(item) in self._vevents:
            return self._vevents[id(item)]
        key = digest(type_name.encode(), repr(item.fields).encode(), item.title.encode(), item.summary.encode(),
                     item.slug.encode(), str(self.site.absolute_url(item.url)).encode(),
                     self.site.config.timezone.encode(), self.domain.encode(), self.zone_rules)
        events = self.memo.get(key)
        if events is None:
            events = [(component.to_ical(), component.DTSTART) for component in build(item)]
            self.memo.put(key, events)
        self._vevents[id(item)] = events
        return events

    def builders(self) -> dict[str, Callable[[Item], Iterator[VEvent]]]:
        return {"events": self.events, "lessons": self.lessons, "policies": self.deadlines}

    # -- components -----------------------------------------------------------------
    def events(self, item: Item) -> Iterator[VEvent]:
        event: Event = item.fields  # type: ignore[assignment]
        start = first_start(event)
        if event.all_day:
            dtstart: date | datetime = start.date()
            dtend: date | datetime = start.date() + event_length(event) + timedelta(days=1)
        else:
            dtstart, dtend = self.local(start), self.local(start + event_length(event))
        component = self.component(item, f"events-{item.slug}", dtstart, dtend, item.title,
                                   event.category or KIND_LABELS["event"], stamp=start)
        if event.location:
            component.add("location", event.location)
        if event.repeat:
            component.add("rrule", self.rrule(event, event.repeat))
        skipped = skipped_starts(event)
        if skipped:
            component.add("exdate", [s.date() if event.all_day else self.local(s) for s in skipped])
        yield component

    def lessons(self, item: Item) -> Iterator[VEvent]:
        fields = item.fields
        if fields.time is None:  # type: ignore[attr-defined]
            return
        start = datetime.combine(fields.date, fields.time)  # type: ignore[attr-defined]
        component = self.component(item, f"lessons-{item.slug}", self.local(start),
                                   self.local(start + LESSON_LENGTH), item.title, KIND_LABELS["lesson"],
                                   stamp=start)
        if fields.location:  # type: ignore[attr-defined]
            component.add("location", fields.location)  # type: ignore[attr-defined]
        yield component

    def deadlines(self, item: Item) -> Iterator[VEvent]:
        reviewed = datetime.combine(item.fields.reviewed, time())  # type: ignore[attr-defined]
        seen: dict[date, int] = {}
        for deadline in sorted(item.fields.deadlines, key=lambda d: (d.date, d.title)):  # type: ignore[attr-defined]
            n = seen[deadline.date] = seen.get(deadline.date, 0) + 1
            uid = f"policies-{item.slug}-deadline-{deadline.date:%Y%m%d}" + (f"-{n}" if n > 1 else "")
            component = self.component(item, uid, deadline.date, deadline.date + timedelta(days=1),
                                       deadline.title, KIND_LABELS["deadline"], stamp=reviewed)
            component.add("transp", "TRANSPARENT")
            yield component

    def component(self, item: Item, uid: str, start: date | datetime, end: date | datetime, summary: str,
                  category: str, stamp: datetime) -> VEvent:
        url = self.site.absolute_url(item.url)
        text = item.summary + (f"\n\n{url}" if url else "")
        return VEvent.new(uid=f"{uid}@{self.domain}", stamp=self.utc(stamp), start=start, end=end,
                          summary=summary, description=text.strip() or None, url=url, categories=[category])

    def rrule(self, event: Event, repeat: Repeat) -> vRecur:
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
            rule["UNTIL"] = self.until(event, list(scheduled_starts(event))[-1])
        elif repeat.until:
            rule["UNTIL"] = self.until(event, datetime.combine(repeat.until, time(23, 59, 59)))
        if repeat.freq == "weekly" and repeat.interval != 1:
            rule["WKST"] = "MO"
        return vRecur(rule)

    # -- time -----------------------------------------------------------------------
    def until(self, event: Event, last: datetime) -> date | datetime:
        """UNTIL: a date for all-day events, else UTC (RFC 5545 with a TZID start)."""
        return last.date() if event.all_day else self.utc(last)

    def local(self, value: datetime) -> datetime:
        return value.replace(tzinfo=self.tz)

    def utc(self, value: datetime) -> datetime:
        return value.replace(tzinfo=self.tz).astimezone(timezone.utc)


def write_calendar(site: Site, out: Path, report: Report) -> None:
    """Output step: `calendar.ics` and `events/<slug>/<slug>.ics` for every event.

    Each VEVENT is serialized once and goes into both. With a build cache, an item's
    VEVENTs are kept by the hash of everything they are made of (the item's fields, title,
    summary and address, the site's zone), a calendar's own lines likewise, and a year's
    VTIMEZONE by the zone's rules (see `IcsWriter`)."""
    memo = _memo()
    writer = IcsWriter(site, memo)
    (out / CALENDAR_FILE).write_bytes(writer.site_ical())
    for item in site.by_type.get("events", []):
        path = out / event_ics_path(item)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(writer.event_ical(item))
    memo.save()


def _memo() -> Memo:
    """Event calendars, VEVENTs and VTIMEZONEs of unchanged input, from the build cache (see stepcache)."""
    from generator.calendar import occurrences

    return Memo("calendar", f"{source_version(__file__, occurrences.__file__)} {package_versions('icalendar')}")
