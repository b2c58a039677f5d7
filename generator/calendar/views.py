"""What the calendar pages show: month grids, the upcoming list, the category filter (and,
on a portal, its sources' events and a filter by community).

`calendar_pages(site)` gives one `CalendarPage` per page (the calendar's front page and
a month view for every month that has occurrences); pages.py renders them with the
templates in theme/pages/calendar*.md.j2.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from generator.calendar.occurrences import (
    KIND_LABELS, Occurrence, is_endless, occurrences_of, until_day, week_of,
)
from generator.calendar.ics import category_calendars
from generator.kinds import KINDS, events
from generator.model import Site
from generator.portal import times_between

HORIZON = timedelta(days=366)      # an endless repeat is shown this far ahead of `today`
UPCOMING_DAYS = 60                 # the front page lists this many days ahead
HOME_POOL_DAYS = 183               # the home page's week data carries this many days (render/weekdata.py)
HOME_WEEK_SHOWN = 10               # 本周活动 lists this many, then 本周还有 N 项 (calendar.js likewise)
HOME_UPCOMING = 6                  # 即将开始 after the week: this many events, each once (calendar.js likewise)


@dataclass
class Day:
    day: date
    in_month: bool
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    count: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def url(self) -> str:
        return f"calendar/{self.key}/"

    @property
    def doc(self) -> str:
        return f"calendar/{self.key}.md"

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月"


@dataclass
class CalendarPage:
    doc: str
    url: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class GatheredOccurrence(Occurrence):
    """A portal's source's occurrence (portal.GatheredTime) on the calendar: its times in
    the portal's zone, its item a portal.Gathered (title, absolute url), its community."""

    item: Any
    community: str = ""

    @property
    def category(self) -> str:
        return self.item.record.get("category") or "其他活动"


def gathered_occurrences(site: Site) -> list[Occurrence]:
    """The sources' occurrences as the calendar shows them (what their exports carry)."""
    zone = site.config.tz
    found: list[Occurrence] = []
    for time in times_between(site, date.min, date.max):
        start: date | datetime
        end: date | datetime
        if time.all_day:
            start, end = time.first_day, time.last_day
        else:
            start, end = (datetime.fromisoformat(t).astimezone(zone).replace(tzinfo=None) for t in (time.start, time.end))
        found.append(GatheredOccurrence(time.item, start, end, community=time.item.community))
    return found


def calendar_occurrences(site: Site) -> list[Occurrence]:
    """Everything on the calendar, sorted; endless repeats up to `today` + HORIZON; a
    portal's sources' occurrences too."""
    horizon = site.today + HORIZON
    found: list[Occurrence] = []
    for kind in KINDS:
        for item in site.of(kind) if kind.occurrences else ():
            for occurrence in occurrences_of(item):
                if is_endless(item) and occurrence.first_day > horizon:
                    break
                found.append(occurrence)
    found += gathered_occurrences(site)
    return sorted(found, key=Occurrence.sort_key)


def communities_of(site: Site, occurrences: list[Occurrence]) -> list[tuple[str, str]]:
    """A portal's filter by community: (value, name), the portal itself first ("@"), then
    each source with something on the calendar; nothing for a site that is not a portal."""
    if not site.config.sources:
        return []
    used = {o.community for o in occurrences if isinstance(o, GatheredOccurrence)}
    return [("@", site.config.site_name)] + [("@" + s.name, s.name) for s in site.sources if s.name in used]


def months_of(occurrences: list[Occurrence]) -> list[Month]:
    """A month view for every month in which something takes place (on any of its days)."""
    by_day: dict[date, list[Occurrence]] = {}
    for occurrence in occurrences:
        for day in occurrence.days():
            by_day.setdefault(day, []).append(occurrence)
    keys = sorted({(day.year, day.month) for day in by_day})
    grid = stdlib_calendar.Calendar(firstweekday=0)
    months = []
    for year, month in keys:
        weeks = [[Day(d, d.month == month, by_day.get(d, []) if d.month == month else []) for d in week]
                 for week in grid.monthdatescalendar(year, month)]
        count = len({id(o) for week in weeks for d in week for o in d.occurrences})
        months.append(Month(year, month, weeks, count))
    return months


def categories_of(site: Site, occurrences: list[Occurrence]) -> list[str]:
    """Filter choices: the configured event categories in use, then 党课 and 政策截止."""
    used = {o.category for o in occurrences}
    configured = site.config.categories.get(events.KIND.name, [])
    ordered = [c for c in configured if c in used]
    ordered += sorted(c for c in used if c not in ordered and c not in KIND_LABELS.values())
    ordered += [label for label in KIND_LABELS.values() if label in used]
    return ordered


def subscribe_links(site: Site, path: str = "calendar.ics") -> dict[str, str] | None:
    """`webcal://` and `https://` addresses of an .ics file, when the site has a `site_url`."""
    https = site.absolute_url(path)
    if not https:
        return None
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def category_subscriptions(site: Site) -> list[dict[str, Any]]:
    """Per event category: its name, its .ics file and its subscription addresses."""
    return [{"category": category, "file": path, "links": subscribe_links(site, path)}
            for category, path in category_calendars(site).items()]


def calendar_pages(site: Site) -> list[CalendarPage]:
    occurrences = calendar_occurrences(site)
    months = months_of(occurrences)
    common = {"categories": categories_of(site, occurrences), "communities": communities_of(site, occurrences),
              "months": months,
              "subscribe": subscribe_links(site), "kinds": KIND_LABELS}
    current = next((m for m in months if (m.year, m.month) >= (site.today.year, site.today.month)), None)
    last = site.today + timedelta(days=UPCOMING_DAYS)
    soon = [o for o in occurrences if o.last_day >= site.today and o.first_day <= last]
    pages = [CalendarPage("calendar/index.md", "calendar/", "pages/calendar.md.j2",
                          {**common, "month": current, "upcoming": by_day(soon, site.today),
                           "upcoming_days": UPCOMING_DAYS, "by_category": category_subscriptions(site)})]
    for index, month in enumerate(months):
        neighbours = {"previous": months[index - 1] if index else None,
                      "next": months[index + 1] if index + 1 < len(months) else None}
        pages.append(CalendarPage(month.doc, month.url, "pages/calendar-month.md.j2",
                                  {**common, "month": month, **neighbours}))
    return pages


def by_day(occurrences: list[Occurrence], today: date) -> list[tuple[date, list[Occurrence]]]:
    """Occurrences grouped under the day they are on (from `today` for one already running)."""
    days: dict[date, list[Occurrence]] = {}
    for occurrence in occurrences:
        days.setdefault(max(occurrence.first_day, today), []).append(occurrence)
    return sorted(days.items())


def each_once(occurrences: list[Occurrence]) -> list[Occurrence]:
    """The first occurrence of each event (a weekly one would fill 即将开始 on its own)."""
    firsts: dict[int, Occurrence] = {}
    for occurrence in occurrences:
        firsts.setdefault(id(occurrence.item), occurrence)
    return list(firsts.values())


def home_week(site: Site) -> dict[str, Any]:
    """The home page's 本周活动 and 即将开始 for `today`, and the pool the browser picks from."""
    monday, sunday = week_of(site.today)
    pool_end = monday + timedelta(days=HOME_POOL_DAYS)
    coming = until_day(site.of(events.KIND), pool_end)
    current = [o for o in coming if o.last_day >= monday and o.first_day <= pool_end]
    week = [o for o in current if o.first_day <= sunday]
    return {
        "week": week[:HOME_WEEK_SHOWN],
        "week_more": len(week) - len(week[:HOME_WEEK_SHOWN]),
        "week_shown": HOME_WEEK_SHOWN,
        "upcoming_shown": HOME_UPCOMING,
        "week_range": (monday, sunday),
        "upcoming": each_once([o for o in current if o.first_day > sunday])[:HOME_UPCOMING],
        "pool": current,
        "pool_end": pool_end,
    }
