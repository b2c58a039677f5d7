"""What a content kind is: the one record of everything that differs between kinds.

Each module of this package fills one `Kind`; the pipeline loops over `KINDS` and asks
them (its folder, schema and order; its checks; whether and how it is on the calendar,
in the feed and on the home page; what its poster shows), instead of testing a kind's
name. A hook is a plain function of the model (an `Item`, the `Site`), so that this
package depends on the content layer and the calendar's time rules only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterator

from pydantic import BaseModel

if TYPE_CHECKING:
    from icalendar import Event as VEvent

    from generator.calendar.ics import IcsWriter
    from generator.calendar.occurrences import Occurrence
    from generator.model import Item, Site
    from generator.problems import Problem
    from generator.render.jsonld import LinkedData

Check = Callable[["Site", "Item"], Iterator["Problem"]]


@dataclass(frozen=True)
class PosterSection:
    """A list of an item shown as a section of its poster, above the body."""

    field: str                                  # the item's list field
    heading: str
    numbered: bool = False
    line: Callable[[Any], str] = str            # one value of the list → its line of text


@dataclass(frozen=True)
class KioskSlide:
    """One slide of the corridor screen (`kiosk/index.html`, generator/render/kiosk.py),
    rendered with `theme/kiosk/<template>.html.j2` and its `context`, with the QR code of
    `url` (site-relative). `show` says when the browser shows it, as data-* attributes that
    theme/kiosk/kiosk.js reads at viewing time: `from`/`until` (days, inclusive), `times`
    (occurrences "start/end …": in the week of the next one not over), `rows` (while one
    of its rows' `data-hours` is open), `one-of` (one slide of the group a round).
    `body`: an item whose text the slide shows, cut to fit (and longer on screen when long)."""

    template: str
    url: str
    context: dict[str, Any] = field(default_factory=dict)
    show: dict[str, str] = field(default_factory=dict)
    body: "Item | None" = None


@dataclass(frozen=True)
class Kind:
    """One content kind: a folder of `content/`, its pages and everything it adds elsewhere."""

    name: str                        # folder under content/, URL prefix, template names
    label: str                       # Chinese name shown on the site
    model: type[BaseModel]           # the front matter's schema
    sort_by: tuple[str, ...]         # item attributes, "-" for descending
    group_by: str | None = None      # list page: one section per value of this field
    poster_default: bool = False     # SPEC §2 `poster`: made unless the item says otherwise
    category_field: str | None = None  # checked against site_config `categories.<name>`
    audience_field: str | None = None  # checked against site_config `audiences`; the chooser reads it
    listed: bool = True              # a list page and a navigation tab of its own
    words: tuple[str, ...] = ()      # what a volunteer may type for it (`yizhan new 通知 …`)
    example: str = ""                # the title of its example in a new site (`yizhan init`; {name}: the site's)
    checks: tuple[Check, ...] = ()   # its warnings and reminders (generator/checks.py)
    in_feed: bool = False            # its items are entries of feed.xml
    home: Callable[["Site"], list["Item"]] | None = None   # its slice of the home page
    # The calendar: an item's occurrences in time order, and its VEVENTs for the .ics files.
    occurrences: Callable[["Item"], Iterator["Occurrence"]] | None = None
    vevents: Callable[["IcsWriter", "Item"], Iterator["VEvent"]] | None = None
    own_calendar: bool = False       # each item has an .ics of its own beside its page
    # Its poster: sections above the body, and what its template needs besides the item.
    poster_sections: tuple[PosterSection, ...] = ()
    # (item, the poster's day, a function making the QR code of a URL) → template variables
    poster_context: Callable[["Item", date, Callable[[str], Any]], dict[str, Any]] | None = None
    # Its page's schema.org node (JSON-LD; render/jsonld.py adds the breadcrumbs); None: a WebPage.
    jsonld: Callable[["LinkedData", "Item"], dict[str, Any]] | None = None
    # Its slides on the corridor screen (kiosk/index.html), in the order they are shown.
    kiosk: Callable[["Site"], list[KioskSlide]] | None = None

    @property
    def template(self) -> str:
        return f"pages/{self.name}.md.j2"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled by name: items loaded in another process (or kept in the build cache)
        come back with the very kinds of this one."""
        from generator.kinds import kind_named

        return kind_named, (self.name,)
