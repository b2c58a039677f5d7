"""Calendar subscriptions: `calendar.ics` with everything, `calendar/<category-slug>.ics`
per event category, and one `.ics` per event.

RFC 5545 with a VTIMEZONE for the site's zone (icalendar's `Timezone.from_tzid`);
repeats stay RRULE/EXDATE, never flattened. icalendar ≥ 7 stamps the current time
and a random UID unless told otherwise, so UID and DTSTAMP are derived from the
content here: building the same content twice gives the same bytes. DTSTAMP (RFC 5545: when
the object was made) is the item's own date (`stamp` of `component`) but never later than
the start of the build's day (`--today`, SOURCE_DATE_EPOCH or the clock, `Site.today`).

No METHOD: libical (Evolution, GNOME) holds a calendar with `METHOD:PUBLISH` to RFC 5546,
which wants an ORGANIZER (a `mailto:` address) in every VEVENT; the site has no address
that answers for its events, and an invented one would be offered to readers as the place
to send replies. These files are subscriptions and downloads, not iTIP messages, so METHOD
is dropped instead, and with it icalendar's COMMENT line in VTIMEZONE, which RFC 5545
does not allow there (libical's check without METHOD rejects it).
tests/test_calendar_libical.py runs libical's `icalrestriction_check` on every file.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from generator.kinds import KINDS, events
from generator.model import Item, Site
from generator.portal import times_between
from generator.problems import Report
from generator.stepcache import Memo, StepCache, digest, package_versions, source_version

CALENDAR_FILE = "calendar.ics"
PRODID = "-//yizhan//yizhan calendar//ZH"
REFRESH = timedelta(hours=12)
CATEGORY_FOLDER = "calendar"   # calendar/<category-slug>.ics, beside the month pages


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
                                    calscale="GREGORIAN")  # no METHOD: see the module's docstring
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
            zone = Timezone.from_tzid(self.site.config.timezone, first_date=date(year, 1, 1),
                                      last_date=date(year + 15, 1, 1))
            zone.pop("COMMENT", None)  # "only works from … to …": not a VTIMEZONE property (RFC 5545)
            self._timezones[year] = zone
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
        """`calendar.ics`: every VEVENT of the site, kind after kind."""
        events = [event for kind in KINDS if kind.vevents
                  for item in self.site.of(kind) for event in self.vevents(item)]
        events += self.gathered_vevents()
        return self.ical(events, self.site.config.site_name, "calendar", self.site.absolute_url(CALENDAR_FILE))

    def category_ical(self, category: str, path: str) -> bytes:
        """`calendar/<category-slug>.ics`: the VEVENTs of `calendar.ics` of the events of one category."""
        found = [event for item in self.site.of(events.KIND) if _category(item) == category
                 for event in self.vevents(item)]
        uid = "calendar-category-" + path.rsplit("/", 1)[-1].removesuffix(".ics")
        return self.ical(found, f"{self.site.config.site_name} · {category}", uid, self.site.absolute_url(path))

    def own_ical(self, item: Item) -> bytes:
        """The `.ics` of one item (of a kind with `own_calendar`)."""
        return self.ical(self.vevents(item), item.title, f"calendar-{item.type.name}-{item.slug}",
                         self.site.absolute_url(item.calendar_file or ""))

    def vevents(self, item: Item) -> list[tuple[bytes, date | datetime]]:
        """An item's VEVENTs (its kind's `vevents`), serialized, with their starts (made
        once per build)."""
        if id(item) in self._vevents:
            return self._vevents[id(item)]
        key = digest(item.type.name.encode(), repr(item.fields).encode(), item.title.encode(), item.summary.encode(),
                     item.slug.encode(), str(self.site.absolute_url(item.url)).encode(),
                     self.site.config.timezone.encode(), self.domain.encode(), self.zone_rules,
                     self.site.today.isoformat().encode())  # DTSTAMP is clamped to it
        events = self.memo.get(key)
        if events is None:
            build = item.type.vevents
            events = [(component.to_ical(), component.DTSTART) for component in (build(self, item) if build else ())]
            self.memo.put(key, events)
        self._vevents[id(item)] = events
        return events

    def gathered_vevents(self) -> list[tuple[bytes, date | datetime]]:
        """A portal's sources' occurrences (generator/portal.py), one VEVENT each, in UTC,
        linking to the source's own page and named by its community."""
        found = []
        stamp = self.utc(datetime.combine(self.site.today, time()))
        for when in times_between(self.site, date.min, date.max):
            item = when.item
            start: date | datetime
            if when.all_day:
                start, end = date.fromisoformat(when.start[:10]), date.fromisoformat(when.end[:10]) + timedelta(days=1)
            else:
                start = datetime.fromisoformat(when.start).astimezone(timezone.utc)
                end = datetime.fromisoformat(when.end).astimezone(timezone.utc)
            uid = digest(item.url.encode(), when.start.encode()).hex()[:24]
            text = f"来自 {item.community}\n\n{item.summary}\n\n{item.url}".replace("\n\n\n\n", "\n\n")
            component = VEvent.new(uid=f"gathered-{uid}@{self.domain}", stamp=stamp, start=start, end=end,
                                   summary=item.title, description=text, url=item.url,
                                   categories=[item.community])
            if item.record.get("location"):
                component.add("location", item.record["location"])
            found.append((component.to_ical(), start))
        return found

    # -- components -----------------------------------------------------------------
    def component(self, item: Item, uid: str, start: date | datetime, end: date | datetime, summary: str,
                  category: str, stamp: datetime) -> VEvent:
        url = self.site.absolute_url(item.url)
        text = item.summary + (f"\n\n{url}" if url else "")
        stamp = min(stamp, datetime.combine(self.site.today, time()))  # not after the build's day
        return VEvent.new(uid=f"{uid}@{self.domain}", stamp=self.utc(stamp), start=start, end=end,
                          summary=summary, description=text.strip() or None, url=url, categories=[category])

    # -- time -----------------------------------------------------------------------
    def local(self, value: datetime) -> datetime:
        return value.replace(tzinfo=self.tz)

    def utc(self, value: datetime) -> datetime:
        return value.replace(tzinfo=self.tz).astimezone(timezone.utc)


def write_calendar(site: Site, out: Path, report: Report, cache: StepCache) -> None:
    """Output step: `calendar.ics`, `calendar/<category-slug>.ics` for every event category,
    and `events/<slug>/<slug>.ics` for every event (every item of a kind with `own_calendar`).

    Each VEVENT is serialized once and goes into both. With a build cache, an item's
    VEVENTs are kept by the hash of everything they are made of (the item's fields, title,
    summary and address, the site's zone), a calendar's own lines likewise, and a year's
    VTIMEZONE by the zone's rules (see `IcsWriter`)."""
    memo = _memo(cache)
    writer = IcsWriter(site, memo)
    (out / CALENDAR_FILE).write_bytes(writer.site_ical())
    for category, path in category_calendars(site).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(writer.category_ical(category, path))
    for kind in KINDS:
        for item in site.of(kind) if kind.own_calendar else ():
            path = out / (item.calendar_file or "")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(writer.own_ical(item))
    memo.save()


def category_calendars(site: Site) -> dict[str, str]:
    """Each event category in use → its subscription `calendar/<category-slug>.ics`: the
    configured categories in their order, then any others; slugs made unique with -2, -3 …"""
    used = {category for item in site.of(events.KIND) if (category := _category(item))}
    configured = [c for c in site.config.categories.get(events.KIND.name, []) if c in used]
    files: dict[str, str] = {}
    taken: set[str] = set()
    for category in [*configured, *sorted(used - set(configured))]:
        base = site.slugs(category)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        files[category] = f"{CATEGORY_FOLDER}/{slug}.ics"
    return files


def _category(item: Item) -> str | None:
    return getattr(item.fields, events.KIND.category_field or "category", None)


def _memo(cache: StepCache) -> Memo:
    """Event calendars, VEVENTs and VTIMEZONEs of unchanged input, from `cache`."""
    from generator import kinds
    from generator.calendar import occurrences

    kind_modules = sorted(str(path) for path in Path(kinds.__file__).parent.glob("*.py"))
    return cache.memo("calendar", f"{source_version(__file__, occurrences.__file__, *kind_modules)} "
                            f"{package_versions('icalendar')}")
