"""One poster per item: an event, a notice with `poster: true`, a figure, a policy …

The item's picture (a `cover`, a figure's `photo`) is on its poster, cropped to its box
(never stretched); a raster picture may grow into spare room only as far as it stays sharp
at 150 dpi, and one too small even for its smallest box is a warning naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup
from weasyprint import Document

from generator.model import Item
from generator.plaintext import html_text
from generator.posters.blocks import Block, body_blocks, glue_headings
from generator.posters.layout import SPREAD, Fit, first_fit, fit_to_page
from generator.posters.qr import qr_svg
from generator.posters.render import PX_PER_MM, PageFormat, Renderer
from generator.render.imagesize import image_size

PAD_REM = 3.4          # side padding of main (poster.css), in rem
REM_MM = 4.2           # 1 rem on A4, in mm
PHOTO_REM = 18.0       # photo plus gap beside a figure's name (poster.css .hero)
PRINT_DPI = 150        # what a picture needs on paper to print sharp
LEAD_SHARE = 0.46      # landscape: the width of the left column (poster.css), of the text width
FLOW_SHARE = 0.50      # landscape: the text column


@dataclass(frozen=True)
class Picture:
    """An item's picture on its poster: its file, and its box in millimetres."""

    path: Path
    field: str
    width_mm: float
    min_mm: float             # the box's height, at least …
    max_mm: float             # … and at most (spare room: not beyond sharp at 150 dpi)
    grows: bool = True        # a cover grows into spare room; a figure's photo keeps its box
    pixels: tuple[int, int] | None = None   # a raster picture's size; None for SVG

    @property
    def uri(self) -> str:
        return self.path.as_uri()

    @property
    def dpi(self) -> float | None:
        """The sharpness of the picture in its smallest box (object-fit: cover crops, so
        the side that fills decides)."""
        if not self.pixels:
            return None
        mm_per_px = max(self.width_mm / self.pixels[0], self.min_mm / self.pixels[1])
        return 25.4 / mm_per_px


def text_width(fmt: PageFormat) -> float:
    return fmt.width_mm - 2 * PAD_REM * REM_MM * fmt.scale


def _pixels(path: Path) -> tuple[int, int] | None:
    """A raster picture's pixels (an SVG has no resolution to check)."""
    return None if path.suffix.lower() == ".svg" else image_size(path)


def picture_of(item: Item, fmt: PageFormat) -> Picture | None:
    """The picture on an item's poster and its box: a figure's photo beside the name, any
    other item's cover across the text (landscape: across the left column)."""
    is_figure = hasattr(item.fields, "photo")
    fields = ("photo", "cover") if is_figure else ("cover",)
    found = next(((name, p) for name in fields if (p := getattr(item.fields, name, None)) and p.is_file()), None)
    if not found:
        return None
    field, path = found
    pixels = _pixels(path)
    rem = REM_MM * fmt.scale
    landscape = fmt.orientation == "landscape"
    if is_figure:
        width, height = (12 * rem, 15 * rem) if landscape else (16 * rem, 20 * rem)
        return Picture(path, field, width, height, height, grows=False, pixels=pixels)
    width = text_width(fmt) * (LEAD_SHARE if landscape else 1)
    low = fmt.height_mm * (0.26 if landscape else 0.17 if fmt.size == "A4" else 0.2)
    high = fmt.height_mm * (0.5 if landscape else 0.4)
    if pixels:
        high = max(low, min(high, pixels[1] * 25.4 / PRINT_DPI))
    return Picture(path, field, width, low, high, pixels=pixels)


def picture_field(item: Item) -> str:
    return "photo" if getattr(item.fields, "photo", None) else "cover"


def picture_warning(item: Item, fmt: PageFormat, file: str) -> str | None:
    """Why the item's picture will print blurred on this poster, or None."""
    picture = picture_of(item, fmt)
    dpi = picture.dpi if picture else None
    if picture is None or dpi is None or dpi >= PRINT_DPI - 1 or not picture.pixels:
        return None
    need = (round(picture.width_mm / 25.4 * PRINT_DPI), round(picture.min_mm / 25.4 * PRINT_DPI))
    return (f"{file}：图片 {picture.path.name} 只有 {picture.pixels[0]}×{picture.pixels[1]} 像素，"
            f"印在海报上（{picture.width_mm:.0f}×{picture.min_mm:.0f} 毫米）只有 {dpi:.0f} dpi，会模糊："
            f"请换一张至少 {need[0]}×{need[1]} 像素的图片（打印要 {PRINT_DPI} dpi）")


def section_blocks(renderer: Renderer, item: Item) -> list[Block]:
    macro = renderer.env.get_template("posters/_macros.html.j2").module.section  # type: ignore[attr-defined]
    found = []
    for section in item.type.poster_sections:
        values = getattr(item.fields, section.field, None) or []
        if values:
            html = Markup(macro(section.heading, [section.line(v) for v in values], section.numbered))
            found.append(Block(glue_headings(html), html_text(html), "list"))
    return found


def item_poster(renderer: Renderer, item: Item, fmt: PageFormat) -> bytes:
    """The PDF of one item's poster, fitted to one page and filling it."""
    site = renderer.site
    page_url = site.absolute_url(item.url)
    picture = picture_of(item, fmt)
    context: dict[str, Any] = {
        "item": item, "page_url": page_url, "qr": qr_svg(page_url) if page_url else None, "picture": picture,
    }
    if item.type.poster_context:
        context.update(item.type.poster_context(item, site.today, qr_svg))
    width = text_width(fmt)
    landscape = fmt.orientation == "landscape"
    title_width = width * LEAD_SHARE if landscape else width
    if picture and not picture.grows:
        title_width -= PHOTO_REM * REM_MM * fmt.scale * (0.75 if landscape else 1)
    flow_width = width * FLOW_SHARE if landscape else width
    blocks = [*section_blocks(renderer, item), *body_blocks(item.body)]
    templates = [f"posters/{item.type.name}.html.j2", "posters/poster.html.j2"]

    def render(fit: Fit) -> Document:
        return renderer.document(templates, fmt, fit=fit, **context)

    # room the text has on a first guess: the lead's picture and facts are above it
    taken = 0.0 if landscape else (picture.min_mm if picture else 0.0) + 40 * fmt.scale
    fit = first_fit(item.title, blocks, fmt, flow_width, title_width=title_width, taken_mm=taken)
    document, _ = fit_to_page(render, fit, fmt, spread=lambda fit, m: spread(fit, m, picture, landscape))
    return renderer.pdf(document)


def spread(fit: Fit, m: Any, picture: Picture | None, landscape: bool) -> Fit | None:
    """The room the text leaves (its size as large as it gets, or a cut text's last line):
    to the picture first, as far as it stays sharp, then before the text (landscape: the
    left column's before its facts)."""
    free, lead_free = m.free / PX_PER_MM - 1, m.free_lead / PX_PER_MM - 1
    worth = SPREAD * m.page_height / PX_PER_MM  # less is not worth another layout
    if free < worth and (not landscape or lead_free < worth):
        return None
    grow = 0.0
    if picture is not None and picture.grows:
        grow = max(0.0, min(lead_free if landscape else free, picture.max_mm - picture.min_mm))
    changes: dict[str, float] = {}
    if grow > 1:
        changes["picture_mm"] = picture.min_mm + grow if picture else 0.0
    if landscape:
        if lead_free - grow > 2:
            changes["lead_spread_mm"] = lead_free - grow
        if free > 2:
            changes["spread_mm"] = free
    elif free - grow > 2:
        changes["spread_mm"] = free - grow
    return replace(fit, **changes) if changes else None
