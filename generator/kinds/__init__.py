"""The content kinds, one module each, and `KINDS`: the one list of them.

A kind's module holds everything about it — schema, order, checks, the words `yizhan new`
accepts, what it puts on the calendar and in the .ics files, its poster sections, whether
it is in the feed, its slice of the home page — and its templates live in `theme/`
(`pages/<name>.md.j2`, `cards/<name>.html.j2`, `lists/<name>.md.j2`, `posters/<name>.html.j2`,
`scaffold/<name>.md.j2`). Adding a kind is a module here, its line below and its templates
(tests/test_kinds.py adds a throw-away 失物招领 kind that way, from outside the package).
"""

from __future__ import annotations

from typing import Literal

from generator.kinds import events, figures, lessons, notices, pages, policies, services
from generator.kinds.base import Kind, PosterSection

KINDS: list[Kind] = [notices.KIND, events.KIND, lessons.KIND, figures.KIND, services.KIND,
                     policies.KIND, pages.KIND]
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
KindName = Literal[tuple(BY_NAME)]  # type: ignore[valid-type]  # for site_config's keys

__all__ = ["BY_NAME", "KINDS", "Kind", "KindName", "PosterSection", "kind_named"]


def kind_named(name: str) -> Kind:
    return BY_NAME[name]
