"""`calendar/week.<hash>.js`: the coming months of events the home page's 本周活动 and
即将开始 are picked from at viewing time (theme/assets/calendar.js), out of the home page.

Embedded in `index.html` they made it grow with the site (123 KB at 2,000 items); as a file
of their own they are cached by the browser and the service worker, and the home page only
names them. The name carries a hash of the content, so a new build's home page never gets
yesterday's file from a cache. A classic script (`window.yizhanWeek = …`), loaded with
`<script src>` before calendar.js: it works on file:// as well. The page renderer asks
`week_script` for the name, the output step `write_week_data` writes the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from markupsafe import Markup

from generator.calendar.views import home_week
from generator.model import Site
from generator.problems import Report
from generator.render.templates import environment
from generator.stepcache import StepCache

FOLDER = "calendar"
_made: dict[int, tuple[Site, str, bytes]] = {}  # by id of the Site: made once per Site in a process


def week_script(site: Site) -> tuple[str, bytes]:
    """(path from the site's root, bytes) of the week data for `site.today`."""
    made = _made.get(id(site))
    if made is None or made[0] is not site:
        data = _script(site).encode("utf-8")
        name = f"{FOLDER}/week.{hashlib.sha256(data).hexdigest()[:10]}.js"
        _made.clear()
        made = _made[id(site)] = (site, name, data)
    return made[1], made[2]


def _script(site: Site) -> str:
    """`window.yizhanWeek = {end, items}`; an item is [kind, category, start, end, page (from
    the site's root), when (as the pages write it), title, place]: what agenda_item in
    theme/pages/_calendar.j2 shows, which calendar.js rebuilds with textContent."""
    when = environment(site.config.theme_dir).get_template("pages/_macros.j2").module.when  # type: ignore[attr-defined]
    week = home_week(site)
    items = [[o.kind, o.category or "", o.start.isoformat(), o.end.isoformat(), o.item.url,
              Markup(when(o.start, o.end, o.all_day)).striptags(), o.title, o.item.fields.location or ""]
             for o in week["pool"]]
    text = json.dumps({"end": week["pool_end"].isoformat(), "items": items}, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.yizhanWeek={text};\n"


def write_week_data(site: Site, out: Path, report: Report, cache: StepCache) -> None:
    """Output step: the home page's week data (see the module's docstring)."""
    name, data = week_script(site)
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
