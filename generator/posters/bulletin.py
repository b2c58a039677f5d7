"""The weekly bulletin `bulletin-YYYY-Www.pdf`: the week's activities day by day, the current
notices with their 面向, the services open this week and a QR code to the home page. A
portal's (SPEC §6) has its sources' events and notices too, each marked with its community."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, cast

from markupsafe import Markup
from weasyprint import Document

from generator.calendar.occurrences import between, week_of
from generator.content.schemas import Lesson, Notice
from generator.kinds import events, lessons, notices, services
from generator.model import Item, Site
from generator import portal
from generator.plaintext import html_text
from generator.posters.blocks import Block
from generator.posters.layout import Fit, fit_to_page, first_fit
from generator.posters.qr import qr_svg
from generator.posters.items import text_width
from generator.posters.render import PX_PER_MM, PageFormat, Renderer

TITLE = "本周活动与通知"
SIDES = ("left", "right")
K_BULLETIN = 0.68  # the smallest text of a bulletin (of the base 1.12 rem), before a second sheet
K_SQUEEZE = 0.62   # … tried once more when that overflows, so that a week just too long
                   # gets one sheet, not a second one holding only its last lines or the QR code
TITLE_MM = 11.0    # its title: the week matters more
# A portal gathers many communities: its bulletin shows this many of their events a day and
# of their notices (newest first), and says how many more are online, so that a school of a
# hundred communities gets a board of a sheet or two, not seventy.
GATHERED_A_DAY = 6
GATHERED_NOTICES = 10

def current_notices(site: Site, monday: date, sunday: date, audience: str | None = None) -> list[Item]:
    """Notices published by the week's end and not expired: on the day the bulletin is
    for (today, when today is in that week; else the week's Monday); with `audience`,
    only everyone's and that audience's (`yizhan posters --audience 4号楼`)."""
    day = notices_day(site, monday, sunday)
    return [n for n in site.of(notices.KIND)
            if cast(Notice, n.fields).date <= sunday and not site.is_expired(n, on=day)
            and (audience is None or notices.for_audience(site, n, audience))]


def notices_day(site: Site, monday: date, sunday: date) -> date:
    """The day whose current notices a bulletin shows: today in its week, else its Monday."""
    return site.today if monday <= site.today <= sunday else monday


def gathered_notices(site: Site, monday: date, sunday: date, audience: str | None = None) -> list[portal.Gathered]:
    """A portal's sources' notices current that day, published by the week's end; with
    `audience`, only those for everyone (a source's audiences are its own words)."""
    return [g for g in portal.current_notices(site, on=notices_day(site, monday, sunday))
            if (g.day("date") or monday) <= sunday and (audience is None or not g.audience)]


def week_entries(site: Site, monday: date, sunday: date) -> list[tuple[date, list[tuple[str, Any]]]]:
    """Day → the events (occurrences, repeats expanded) and timed lessons of that day; a
    portal's sources' after them, at most `GATHERED_A_DAY`, then ("more", how many others)."""
    days: dict[date, list[tuple[str, Any]]] = defaultdict(list)
    for occurrence in between(site.of(events.KIND), monday, sunday):
        days[max(occurrence.first_day, monday)].append(("event", occurrence))
    for lesson in site.of(lessons.KIND):
        day = cast(Lesson, lesson.fields).date
        if monday <= day <= sunday:
            days[day].append(("lesson", lesson))
    theirs: dict[date, list[portal.GatheredTime]] = defaultdict(list)
    for time in portal.times_between(site, monday, sunday):
        theirs[max(time.first_day, monday)].append(time)
    for day, times in theirs.items():
        days[day] += [("gathered", time) for time in times[:GATHERED_A_DAY]]
        if len(times) > GATHERED_A_DAY:
            days[day].append(("more", len(times) - GATHERED_A_DAY))
    return sorted(days.items())


class _TooLong(Exception):
    """The week does not fit one sheet this way."""


def week_title(site: Site, monday: date) -> str:
    this_monday, _ = week_of(site.today)
    if monday == this_monday:
        return TITLE
    if monday == this_monday + timedelta(days=7):
        return "下周活动与通知"
    return f"第{monday.isocalendar().week}周活动与通知"


def open_services(site: Site) -> list[Item]:
    """The services with opening hours (open on some day of every week)."""
    return [s for s in site.of(services.KIND) if getattr(s.fields, "hours", None)]


def bulletin(renderer: Renderer, monday: date, fmt: PageFormat, audience: str | None = None) -> bytes:
    """The bulletin's PDF for the week of `monday` (for one audience, when given): a board
    filling the sheet, its text as large as the week allows; a long week goes on to a
    second sheet rather than being cut."""
    site = renderer.site
    monday, sunday = week_of(monday)
    macros: Any = renderer.env.get_template("posters/_bulletin.html.j2").module

    def block(html: str, kind: str = "p") -> Block:
        return Block(Markup(html), html_text(html), kind)

    on = dict(week_entries(site, monday, sunday))
    notices = current_notices(site, monday, sunday, audience)
    theirs = gathered_notices(site, monday, sunday, audience)
    theirs, more_notices = theirs[:GATHERED_NOTICES], len(theirs) - GATHERED_NOTICES
    found = open_services(site)

    def blocks(summaries: bool) -> list[Block]:
        made = [block(macros.heading("本周活动"), "h")]
        made += [block(macros.day(day, on.get(day, []), site.today))
                 for day in (monday + timedelta(days=n) for n in range(7))]
        made.append(block(macros.heading("通知公告"), "h"))
        # the notices in two columns (poster.css: .block-left, .block-right)
        made += [block(macros.notice(n, not (summaries or n.fields.pinned)), SIDES[i % 2])
                 for i, n in enumerate(notices)]
        made += [block(macros.gathered_notice(g, not summaries), SIDES[(len(notices) + i) % 2])
                 for i, g in enumerate(theirs)]
        if more_notices > 0:
            made.append(block(macros.more_notices(more_notices)))
        if not notices and not theirs:
            made.append(block(macros.nothing("目前没有有效的通知。")))
        if found:
            made.append(block(macros.heading("本周开放的服务"), "h"))
            made.append(block(macros.services(found)))
        return made

    home = site.absolute_url("")
    context = {"page_url": home, "qr": qr_svg(home) if home else None, "monday": monday, "sunday": sunday,
               "audience": audience, "picture": None}

    def render(fit: Fit) -> Document:
        return renderer.document(["posters/bulletin.html.j2"], fmt, fit=fit, **context)

    def more_pages(fit: Fit, m: Any) -> Fit:  # too long for one sheet at the smallest size
        if fit.k_min > K_SQUEEZE:
            return replace(fit, k=K_SQUEEZE, k_min=K_SQUEEZE)
        return replace(fit, pages=True, k=K_BULLETIN, k_min=K_BULLETIN)

    def spread(fit: Fit, m: Any) -> Fit | None:  # the days' rows take the room left
        free = m.free / PX_PER_MM - 1
        return replace(fit, spread_mm=free) if free > 3 else None

    def too_long(fit: Fit, m: Any) -> Fit:
        raise _TooLong

    width = text_width(fmt)
    # The notices with their summaries; if the week is too long for one sheet, only the
    # pinned ones keep theirs; if it still is, it goes on to a second sheet.
    for summaries in (True, False):
        fit = first_fit(week_title(site, monday), blocks(summaries), fmt, width, taken_mm=20 * fmt.scale)
        fit = replace(fit, blocks=tuple(blocks(summaries)), cut=False, k_min=K_BULLETIN,
                      title_mm=min(fit.title_mm, TITLE_MM * fmt.scale))
        if not summaries:  # the first way was too long even at the smallest size
            fit = replace(fit, k=K_BULLETIN)
        elif fit.k <= 1.0:  # the guess stops at the items' smallest: a bulletin goes below
            fit = replace(fit, k=0.85)
        try:
            document, fit = fit_to_page(render, fit, fmt, overflow=too_long if summaries else more_pages,
                                        spread=spread)
            break
        except _TooLong:
            continue
    return renderer.pdf(document)
