"""The Site model: validated items, their URLs, order, tags and what "today" makes of them."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.content.schemas import PICTURE_FIELDS, Common
from generator.kinds import KINDS, Kind
from generator.plaintext import markdown_text
from generator.problems import Problem, Severity
from generator.slugs import Slugger
from generator.yamltext import Document


@dataclass(eq=False)
class Item:
    """One published piece of content."""

    type: Kind
    fields: Common
    body: str
    source: Path
    shown: str
    slug: str
    extra: dict[str, Any] = field(default_factory=dict)
    doc: Document = field(default_factory=lambda: Document({}))
    body_line: int = 1
    digest: bytes = b""                                     # SHA-256 of its file's text
    files: dict[str, Path] = field(default_factory=dict)    # body link target → local file
    links: dict[str, "Item"] = field(default_factory=dict)  # body link target → linked item

    @property
    def url(self) -> str:
        """Site-relative URL of the item's page: `<type>/<slug>/`."""
        return f"{self.type.name}/{self.slug}/"

    @property
    def picture(self) -> Path | None:
        """Its own picture: a cover, else a figure's photo (link previews, the feed)."""
        return next((p for name in PICTURE_FIELDS if (p := getattr(self.fields, name, None))), None)

    @property
    def calendar_file(self) -> str | None:
        """Where its own .ics is, beside its page (`events/<slug>/<slug>.ics`), for a kind
        whose items have one."""
        return f"{self.url}{self.slug}.ics" if self.type.own_calendar else None

    @property
    def title(self) -> str:
        return self.fields.title

    @cached_property
    def summary(self) -> str:
        """The `summary` field, else the body's first paragraph as plain text."""
        if self.fields.summary:
            return self.fields.summary
        for block in re.split(r"\n\s*\n", self.body):
            text = markdown_text(block, images=False)
            if text and not block.lstrip().startswith(("#", "!!!", "|", "<", "```", "![")):
                return text[:120] + ("…" if len(text) > 120 else "")
        return ""

    def problem(self, field: str, message: str, severity: Severity = "warning") -> Problem:
        """A problem of this item's `field`, at the line where the field is written."""
        return Problem(self.shown, self.doc.line((field,)), field, message, severity)

    @property
    def wants_poster(self) -> bool:
        poster = self.fields.poster
        return self.type.poster_default if poster is None else bool(poster)

    def sort_key(self) -> tuple:
        return tuple(_Descending(self._value(k[1:])) if k.startswith("-") else _Ascending(self._value(k))
                     for k in self.type.sort_by)

    def _value(self, name: str) -> Any:
        value = getattr(self.fields, name, None)
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, datetime.min.time())
        return value


@dataclass(frozen=True, order=False)
class _Ascending:
    """Sort wrapper: None last, otherwise natural order."""

    value: Any

    def __lt__(self, other: "_Ascending") -> bool:
        if self.value is None or other.value is None:
            return self.value is not None and other.value is None
        return self.value < other.value


@dataclass(frozen=True, order=False)
class _Descending(_Ascending):
    def __lt__(self, other: "_Ascending") -> bool:
        if self.value is None or other.value is None:
            return self.value is not None and other.value is None
        return self.value > other.value


@dataclass
class Site:
    """Everything the outputs are made from."""

    config: SiteConfig
    items: list[Item]
    today: date
    drafts: bool = False
    sources: list[Any] = field(default_factory=list)   # a portal's sources as read (generator/portal.py)
    slugs: Slugger = field(default_factory=Slugger, repr=False, compare=False)  # tags, categories → slugs

    @cached_property
    def by_type(self) -> dict[str, list[Item]]:
        grouped: dict[str, list[Item]] = {kind.name: [] for kind in KINDS}
        for item in self.items:
            grouped[item.type.name].append(item)
        return {name: sorted(items, key=Item.sort_key) for name, items in grouped.items()}

    def of(self, kind: Kind) -> list[Item]:
        """The items of `kind`, in its order."""
        return self.by_type[kind.name]

    @cached_property
    def tags(self) -> dict[str, list[Item]]:
        """Tag → items, across all types; tags in the order of their first use."""
        tagged: dict[str, list[Item]] = defaultdict(list)
        for items in self.by_type.values():
            for item in items:
                for tag in dict.fromkeys(item.fields.tags):
                    tagged[tag].append(item)
        return dict(sorted(tagged.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    @cached_property
    def tag_slugs(self) -> dict[str, str]:
        slugs: dict[str, str] = {}
        used: set[str] = set()
        for tag in self.tags:
            base = self.slugs(tag)
            slug, n = base, 2
            while slug in used:
                slug, n = f"{base}-{n}", n + 1
            used.add(slug)
            slugs[tag] = slug
        return slugs

    def is_expired(self, item: Item, on: date | None = None) -> bool:
        """A notice or policy whose `expires` date has passed (by today, or by `on`)."""
        expires = getattr(item.fields, "expires", None)
        return bool(expires and expires < (on or self.today))

    def needs_review(self, item: Item) -> bool:
        """A policy not checked against its source for `policies.review_after_days`."""
        reviewed = getattr(item.fields, "reviewed", None)
        limit = timedelta(days=self.config.policies.review_after_days)
        return bool(reviewed and reviewed + limit < self.today)

    def absolute_url(self, path: str) -> str | None:
        """`site_url` + path, or None when the site has no `site_url`."""
        return self.config.site_url + path.lstrip("/") if self.config.site_url else None


def today_from(option: str | None, config: SiteConfig) -> date:
    """`--today`, else SOURCE_DATE_EPOCH, else the clock, in the site's time zone."""
    if option:
        return date.fromisoformat(option)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), config.tz).date()
    return datetime.now(config.tz).date()
