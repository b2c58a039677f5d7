"""Checks of the whole site that are warnings or reminders, not errors: what `check`
points out to volunteers. A kind's own checks are in its module (generator/kinds/);
here are those of every kind, and the loop over them all."""

from __future__ import annotations

from typing import Iterator

from generator.model import Item, Site
from generator.problems import Problem, Severity

PLACEHOLDER = "【待填写】"   # what `yizhan new` writes where real content is still missing


def placeholder_left(site: Site, item: Item) -> Iterator[Problem]:
    """A placeholder of `yizhan new` left in: an error once the item is published (SPEC §4:
    it would be on the site and the posters), a warning while it is a draft."""
    severity: Severity = "warning" if item.fields.draft else "error"
    message = f"还有“{PLACEHOLDER}”没有改成真实内容" + ("" if item.fields.draft else "：改好之前不能发布（或改回 draft: true）")
    for key, value in (item.doc.data or {}).items():
        if PLACEHOLDER in str(value):
            yield item.problem(str(key), message, severity)
    for n, line in enumerate(item.body.split("\n")):
        if PLACEHOLDER in line:
            yield Problem(item.shown, item.body_line + n, "正文", message, severity)
            break


EVERY_KIND = (placeholder_left,)


def site_warnings(site: Site) -> list[Problem]:
    """Every warning and reminder of the site's items."""
    return [problem for item in site.items
            for found in (*item.type.checks, *EVERY_KIND) for problem in found(site, item)]
