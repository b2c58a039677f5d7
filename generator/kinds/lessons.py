"""党课: dated lessons, newest first; a lesson with a `time` is on the calendar."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator, cast

from generator.calendar.occurrences import KIND_LABELS, LESSON_LENGTH, Occurrence
from generator.content.schemas import Lesson
from generator.kinds.base import Kind, PosterSection

if TYPE_CHECKING:
    from icalendar import Event as VEvent

    from generator.calendar.ics import IcsWriter
    from generator.model import Item, Site
    from generator.render.jsonld import LinkedData

HOME_COUNT = 4


def occurrences(item: "Item") -> Iterator[Occurrence]:
    lesson = cast(Lesson, item.fields)
    if lesson.time is not None:
        start = datetime.combine(lesson.date, lesson.time)
        yield Occurrence(item, start, start + LESSON_LENGTH, kind="lesson")


def vevents(writer: "IcsWriter", item: "Item") -> Iterator["VEvent"]:
    lesson = cast(Lesson, item.fields)
    if lesson.time is None:
        return
    start = datetime.combine(lesson.date, lesson.time)
    component = writer.component(item, f"lessons-{item.slug}", writer.local(start),
                                 writer.local(start + LESSON_LENGTH), item.title, KIND_LABELS["lesson"],
                                 stamp=start)
    if lesson.location:
        component.add("location", lesson.location)
    yield component


def jsonld(ld: "LinkedData", item: "Item") -> dict[str, Any]:
    """A lesson with a time is an EducationEvent; one without is an Article (learning material)."""
    lesson = cast(Lesson, item.fields)
    if lesson.time is None:
        node = ld.article(item, published=lesson.date)
        if lesson.speaker:
            node["author"] = ld.person(lesson.speaker)
        return node
    start = datetime.combine(lesson.date, lesson.time)
    node = ld.common(item, "EducationEvent")
    node.update(startDate=ld.when(start), endDate=ld.when(start + LESSON_LENGTH),
                eventStatus="https://schema.org/EventScheduled",
                eventAttendanceMode="https://schema.org/OfflineEventAttendanceMode",
                organizer=ld.organization())
    if lesson.location:
        node["location"] = ld.place(lesson.location)
    if lesson.speaker:
        node["performer"] = ld.person(lesson.speaker)
    return node


def on_home(site: "Site") -> list["Item"]:
    return site.of(KIND)[:HOME_COUNT]  # newest first (sort_by)


KIND = Kind(
    "lessons", "党课", Lesson, ("-date", "title"),
    words=("lesson",), example="示例党课：第一讲",
    in_feed=True, home=on_home,
    occurrences=occurrences, vevents=vevents, jsonld=jsonld,
    poster_sections=(PosterSection("readings", "学习材料"),),
)
