"""典型人物: profiles of people, by year, published with their consent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from generator.content.schemas import Figure
from generator.kinds.base import Kind, PosterSection, KioskSlide

if TYPE_CHECKING:
    from generator.model import Item, Site
    from generator.render.jsonld import LinkedData

HOME_COUNT = 4
KIOSK_COUNT = 30   # the newest on the corridor screen, one a round (a community of 200 had them all)


def honor_line(honor: Any) -> str:
    return f"{honor.year}年 {honor.title}" if honor.year else honor.title


def jsonld(ld: "LinkedData", item: "Item") -> dict[str, Any]:
    """A ProfilePage; the Person on it only with their consent (`consent: true`)."""
    figure = cast(Figure, item.fields)
    node = ld.common(item, "ProfilePage")
    if figure.consent:
        person: dict[str, Any] = {**ld.person(item.title), "description": figure.role}
        if figure.honors:
            person["award"] = [honor_line(honor) for honor in figure.honors]
        if "image" in node:
            person["image"] = node["image"]
        node["mainEntity"] = person
    return node


def on_home(site: "Site") -> list["Item"]:
    return site.of(KIND)[:HOME_COUNT]


# -- the corridor screen (kiosk/index.html) -------------------------------------------
def on_kiosk(site: "Site") -> list[KioskSlide]:
    """The newest figures a slide each (photo, role, quote); the browser shows one a round,
    in turn: 30 come round in a few hours at the default pace, 200 would take days."""
    return [KioskSlide("figures", item.url, {"item": item, "f": item.fields}, {"one-of": KIND.name})
            for item in site.of(KIND)[:KIOSK_COUNT]]


KIND = Kind(
    "figures", "典型人物", Figure, ("-year", "title"), group_by="year", poster_default=True,
    words=("人物", "典型", "figure"), example="示例人物",
    in_feed=True, home=on_home, jsonld=jsonld,
    poster_sections=(PosterSection("honors", "荣誉", line=honor_line),),
    kiosk=on_kiosk,
)
