"""服务目录: services with their place, contact and opening hours; a directory sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.schemas import Service
from generator.kinds.base import Kind, PosterSection

if TYPE_CHECKING:
    from generator.model import Item, Site


def on_home(site: "Site") -> list["Item"]:
    return site.of(KIND)  # all: the browser shows those open now


KIND = Kind(
    "services", "服务目录", Service, ("category", "title"), group_by="category", category_field="category",
    words=("服务", "service"),
    home=on_home,
    poster_sections=(PosterSection("steps", "办理步骤", numbered=True), PosterSection("materials", "所需材料")),
)
