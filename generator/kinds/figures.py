"""典型人物: profiles of people, by year, published with their consent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.content.schemas import Figure
from generator.kinds.base import Kind, PosterSection

if TYPE_CHECKING:
    from generator.model import Item, Site

HOME_COUNT = 4


def honor_line(honor: Any) -> str:
    return f"{honor.year}年 {honor.title}" if honor.year else honor.title


def on_home(site: "Site") -> list["Item"]:
    return site.of(KIND)[:HOME_COUNT]


KIND = Kind(
    "figures", "典型人物", Figure, ("-year", "title"), group_by="year", poster_default=True,
    words=("人物", "典型", "figure"),
    in_feed=True, home=on_home,
    poster_sections=(PosterSection("honors", "荣誉", line=honor_line),),
)
