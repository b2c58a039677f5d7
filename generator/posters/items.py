"""One poster per item: an event, a notice with `poster: true`, a figure, a policy …"""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup
from weasyprint import Document

from generator.model import Item
from generator.posters.blocks import Block, body_blocks, plain
from generator.posters.layout import Fit, first_fit, fit_to_page
from generator.posters.qr import qr_svg
from generator.posters.render import PageFormat, Renderer

PAD_REM = 3.4          # side padding of main (poster.css), in rem
REM_MM = 4.2           # 1 rem on A4, in mm
PHOTO_REM = 18.0       # photo plus gap beside a figure's name (poster.css .hero)


def section_blocks(renderer: Renderer, item: Item) -> list[Block]:
    macro = renderer.env.get_template("posters/_macros.html.j2").module.section  # type: ignore[attr-defined]
    found = []
    for section in item.type.poster_sections:
        values = getattr(item.fields, section.field, None) or []
        if values:
            html = Markup(macro(section.heading, [section.line(v) for v in values], section.numbered))
            found.append(Block(html, plain(html), "list"))
    return found


def item_poster(renderer: Renderer, item: Item, fmt: PageFormat) -> bytes:
    """The PDF of one item's poster, fitted to one page."""
    site = renderer.site
    page_url = site.absolute_url(item.url)
    photo = getattr(item.fields, "photo", None)  # a figure's photo sits beside the name
    context: dict[str, Any] = {
        "item": item, "page_url": page_url, "qr": qr_svg(page_url) if page_url else None,
        "photo": photo.as_uri() if photo and photo.is_file() else None,
    }
    if item.type.poster_context:
        context.update(item.type.poster_context(item, site.today, qr_svg))
    width = fmt.width_mm - 2 * PAD_REM * REM_MM * fmt.scale
    if context["photo"]:
        width -= PHOTO_REM * REM_MM * fmt.scale
    blocks = [*section_blocks(renderer, item), *body_blocks(item.body)]
    templates = [f"posters/{item.type.name}.html.j2", "posters/poster.html.j2"]

    def render(fit: Fit) -> Document:
        return renderer.document(templates, fmt, fit=fit, **context)

    document, _ = fit_to_page(render, first_fit(item.title, blocks, fmt, width), fmt)
    return renderer.pdf(document)
