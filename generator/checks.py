"""Checks of the whole site that are warnings or reminders, not errors: what `check`
points out to volunteers. A kind's own checks are in its module (generator/kinds/);
here are those of every kind, and the loop over them all."""

from __future__ import annotations

from typing import Iterator

from generator.model import Item, Site
from generator.problems import Problem

PLACEHOLDER = "【待填写】"   # what `yizhan new` writes where real content is still missing


def placeholder_left(site: Site, item: Item) -> Iterator[Problem]:
    for key, value in (item.doc.data or {}).items():
        if PLACEHOLDER in str(value):
            yield item.problem(str(key), f"还有“{PLACEHOLDER}”没有改成真实内容")
    for n, line in enumerate(item.body.split("\n")):
        if PLACEHOLDER in line:
            yield Problem(item.shown, item.body_line + n, "正文", f"还有“{PLACEHOLDER}”没有改成真实内容", "warning")
            break


EVERY_KIND = (placeholder_left,)


def site_warnings(site: Site) -> list[Problem]:
    """Every warning and reminder of the site's items."""
    return [problem for item in site.items
            for found in (*item.type.checks, *EVERY_KIND) for problem in found(site, item)]
