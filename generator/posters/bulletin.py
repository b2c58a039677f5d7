"""The weekly bulletin `bulletin-YYYY-Www.pdf`: the week's activities and current notices."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Callable, cast

from markupsafe import Markup
from weasyprint import Document

from generator.calendar.occurrences import between, week_of
from generator.content.schemas import Lesson, Notice
from generator.kinds import events, lessons, notices
from generator.model import Item, Site
from generator.posters.blocks import Block, plain
from generator.posters.layout import Fit, fit_to_page, first_fit
from generator.posters.qr import qr_svg
from generator.posters.items import PAD_REM, REM_MM
from generator.posters.render import PageFormat, Renderer

TITLE = "本周活动与通知"

def current_notices(site: Site, monday: date, sunday: date, audience: str | None = None) -> list[Item]:
    """Notices published by the week's end and not expired: on the day the bulletin is
    for (today, when today is in that week; else the week's Monday); with `audience`,
    only everyone's and that audience's (`yizhan posters --audience 4号楼`)."""
    day = site.today if monday <= site.today <= sunday else monday
    return [n for n in site.of(notices.KIND)
            if cast(Notice, n.fields).date <= sunday and not site.is_expired(n, on=day)
            and (audience is None or notices.for_audience(site, n, audience))]


def week_entries(site: Site, monday: date, sunday: date) -> list[tuple[date, list[tuple[str, Any]]]]:
    """Day → the events (occurrences, repeats expanded) and timed lessons of that day."""
    days: dict[date, list[tuple[str, Any]]] = defaultdict(list)
    for occurrence in between(site.of(events.KIND), monday, sunday):
        days[max(occurrence.first_day, monday)].append(("event", occurrence))
    for lesson in site.of(lessons.KIND):
        day = cast(Lesson, lesson.fields).date
        if monday <= day <= sunday:
            days[day].append(("lesson", lesson))
    return sorted(days.items())


def bulletin(renderer: Renderer, monday: date, fmt: PageFormat, audience: str | None = None) -> bytes:
    """The bulletin's PDF for the week of `monday` (for one audience, when given)."""
    site = renderer.site
    monday, sunday = week_of(monday)
    macros: Any = renderer.env.get_template("posters/_bulletin.html.j2").module

    def block(html: str, kind: str = "p") -> Block:
        return Block(Markup(html), plain(html), kind)

    entries = week_entries(site, monday, sunday)
    notices = current_notices(site, monday, sunday, audience)

    def blocks(summaries: Callable[[Item], bool]) -> list[Block]:
        found = [block(macros.heading("本周活动"), "h")]
        found += [block(macros.day(day, on_day)) for day, on_day in entries] or [block(macros.nothing("本周没有安排活动。"))]
        found.append(block(macros.heading("通知公告"), "h"))
        found += [block(macros.notice(n, not summaries(n))) for n in notices] or [block(macros.nothing("目前没有有效的通知。"))]
        return found

    home = site.absolute_url("")
    context = {"page_url": home, "qr": qr_svg(home) if home else None, "monday": monday, "sunday": sunday,
               "audience": audience}

    def render(fit: Fit) -> Document:
        return renderer.document(["posters/bulletin.html.j2"], fmt, fit=fit, **context)

    width = fmt.width_mm - 2 * PAD_REM * REM_MM * fmt.scale
    # Notices with their summaries; if that is too much for one sheet, only the pinned
    # ones keep theirs; then titles only.
    for summaries in (lambda n: True, lambda n: n.fields.pinned, lambda n: False):
        document, fit = fit_to_page(render, first_fit(TITLE, blocks(summaries), fmt, width), fmt)
        if not fit.cut:
            break
    return renderer.pdf(document)
