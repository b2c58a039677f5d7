"""The content types as data: folder, Chinese label, schema, templates, order and grouping.

Everything that differs between types is written here once; the rest of the pipeline
asks a `ContentType` instead of testing a type's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.content import schemas


@dataclass(frozen=True)
class ContentType:
    name: str                       # folder under content/ and URL prefix
    label: str                      # Chinese name shown on the site
    model: type[BaseModel]
    sort_by: tuple[str, ...]        # item attributes, "-" for descending
    group_by: str | None = None     # list pages: one section per value of this field
    poster_default: bool = False    # SPEC §2 `poster`
    category_field: str | None = None  # checked against site_config `categories.<name>`
    listed: bool = True             # has a list page and a navigation tab

    @property
    def template(self) -> str:
        return f"pages/{self.name}.md.j2"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled by name: items loaded in another process (or kept in the build cache)
        come back with the very types of this one."""
        return _named, (self.name,)


TYPES: tuple[ContentType, ...] = (
    ContentType("notices", "通知公告", schemas.Notice, ("-pinned", "-date", "title")),
    ContentType("events", "活动", schemas.Event, ("start", "title"), poster_default=True,
                category_field="category"),
    ContentType("lessons", "党课", schemas.Lesson, ("-date", "title")),
    ContentType("figures", "典型人物", schemas.Figure, ("-year", "title"), group_by="year",
                poster_default=True),
    ContentType("services", "服务目录", schemas.Service, ("category", "title"), group_by="category",
                category_field="category"),
    ContentType("policies", "政策指南", schemas.Policy, ("category", "title"), group_by="category",
                poster_default=True, category_field="category"),
    ContentType("pages", "页面", schemas.StaticPage, ("order", "title"), listed=False),
)

BY_NAME: dict[str, ContentType] = {t.name: t for t in TYPES}


def _named(name: str) -> ContentType:
    return BY_NAME[name]
