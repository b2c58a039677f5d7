"""Material's palette (site_config `theme: {primary, accent}`) and the colours yizhan draws
with each name: Material's own 500 shade on screen (the app icon, the browser bar), and a
darker shade that stays strong on paper (the posters)."""

from __future__ import annotations

from typing import NamedTuple


class Colour(NamedTuple):
    screen: str   # Material's primary colour
    paper: str    # for print


PALETTE: dict[str, Colour] = {
    "red": Colour("#ef5350", "#c62828"), "pink": Colour("#e92063", "#ad1457"),
    "purple": Colour("#ab47bc", "#6a1b9a"), "deep-purple": Colour("#7e56c2", "#4527a0"),
    "indigo": Colour("#4051b5", "#283593"), "blue": Colour("#2094f3", "#1565c0"),
    "light-blue": Colour("#02a6f2", "#0277bd"), "cyan": Colour("#00bdd6", "#00838f"),
    "teal": Colour("#009485", "#00695c"), "green": Colour("#4cae4f", "#2e7d32"),
    "light-green": Colour("#8bc34a", "#558b2f"), "lime": Colour("#cbdc38", "#9e9d24"),
    "yellow": Colour("#ffec3d", "#f9a825"), "amber": Colour("#ffc105", "#ff8f00"),
    "orange": Colour("#ffa724", "#ef6c00"), "deep-orange": Colour("#ff6e42", "#d84315"),
    "brown": Colour("#795649", "#4e342e"), "grey": Colour("#757575", "#424242"),
    "blue-grey": Colour("#546d78", "#37474f"), "black": Colour("#000000", "#000000"),
    "white": Colour("#ffffff", "#ffffff"),
}
NAMES = tuple(PALETTE)
