"""The size of a picture, read from its file, so that a page can say `width` and `height` on
its `<img>`: the browser then keeps the picture's room from the start, and the text below
does not jump when it arrives (Lighthouse's layout shift and "unsized images").

Raster pictures by Pillow (it reads the header only); SVG from the root element's `width`
and `height` in pixels, else its `viewBox`. None when the file says nothing usable."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from markupsafe import Markup

_PIXELS = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read_size(path, stat.st_mtime_ns, stat.st_size)  # the live preview: a picture replaced


@lru_cache(maxsize=4096)
def _read_size(path: Path, mtime_ns: int, size: int) -> tuple[int, int] | None:
    try:
        if path.suffix.lower() == ".svg":
            return _svg_size(path)
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, ElementTree.ParseError):
        return None


def _svg_size(path: Path) -> tuple[int, int] | None:
    root = next(ElementTree.iterparse(path, events=("start",)))[1]
    width, height = (_PIXELS.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
        return round(float(box[2])), round(float(box[3]))
    return None


def size_attributes(path: Path | None) -> Markup:
    """` width="W" height="H"` for an `<img>` of `path`, or nothing."""
    size = image_size(path) if path else None
    return Markup(f' width="{size[0]}" height="{size[1]}"') if size else Markup("")
