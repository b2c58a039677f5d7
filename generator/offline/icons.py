"""The app icons: the site's first character in white on its primary colour, as PNGs."""

from __future__ import annotations

import io
import json
from pathlib import Path

from generator.fonts import cjk_font_file
from generator.model import Site
from generator.palette import PALETTE
from generator.stepcache import StepCache, source_version

ICON_DIR = "assets/icons"
ICON_SIZES = (192, 512)
ICON_MEMO = "offline-icons"

def icon_png(letter: str, colour: str, size: int, font_file: str | None) -> bytes:
    """A square icon: `letter` in white on `colour` (a simple house when no CJK font)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    if font_file and letter:
        font = ImageFont.truetype(font_file, int(size * 0.58))
        draw.text((size / 2, size / 2), letter, fill="white", font=font, anchor="mm")
    else:
        s = size / 100
        draw.polygon([(20 * s, 50 * s), (50 * s, 22 * s), (80 * s, 50 * s)], fill="white")
        draw.rectangle([30 * s, 48 * s, 70 * s, 78 * s], fill="white")
        draw.rectangle([44 * s, 58 * s, 56 * s, 78 * s], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_icons(site: Site, out: Path, cache: StepCache) -> None:
    """The app icons; with the build cache, drawn again only when what they show changes."""
    import PIL

    colour = PALETTE[site.config.theme.primary].screen
    letter = next((ch for ch in site.config.site_name if not ch.isspace()), "")
    font = cjk_font_file() if not letter.isascii() else None
    memo = cache.memo(ICON_MEMO, f"{source_version(__file__)} pillow {PIL.__version__}")
    key = json.dumps([letter, colour, font, ICON_SIZES], ensure_ascii=False).encode("utf-8")
    icons = memo.get(key)
    if icons is None:
        icons = [icon_png(letter, colour, size, font and font[0]) for size in ICON_SIZES]
        memo.put(key, icons)
    memo.save()
    target = out / ICON_DIR
    target.mkdir(parents=True, exist_ok=True)
    for size, png in zip(ICON_SIZES, icons, strict=True):
        (target / f"icon-{size}.png").write_bytes(png)
