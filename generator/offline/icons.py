"""The app icons: the site's first character in white on its primary colour, as PNGs."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

from generator.model import Site
from generator.stepcache import Memo, source_version

ICON_DIR = "assets/icons"
ICON_SIZES = (192, 512)
ICON_MEMO = "offline-icons"

# Material's primary colours (its palette's 500 shades), for the icon and the browser bar.
MATERIAL_HEX = {
    "red": "#ef5350", "pink": "#e92063", "purple": "#ab47bc", "deep-purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light-green": "#8bc34a", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep-orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue-grey": "#546d78", "black": "#000000",
    "white": "#ffffff",
}


def _cjk_font() -> tuple[str, str] | None:
    """A font file that has Chinese glyphs (fontconfig), with what tells its versions apart
    (its version and size: the icons' memo key), or None."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh-cn", "file", "fontversion"], capture_output=True,
                                text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = sorted((line.split(":")[0].strip(), line.strip()) for line in listed.splitlines() if line.strip())
    bold = [font for font in fonts if "Bold" in font[0] and "CJK" in font[0]]
    if not (bold or fonts):
        return None
    file, described = (bold or fonts)[0]
    try:
        return file, f"{described} {os.path.getsize(file)} bytes"
    except OSError:
        return None


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


def write_icons(site: Site, out: Path, cache: Path | None) -> None:
    """The app icons; with the build cache, drawn again only when what they show changes."""
    import PIL

    colour = MATERIAL_HEX[site.config.theme.primary]
    letter = next((ch for ch in site.config.site_name if not ch.isspace()), "")
    font = _cjk_font() if not letter.isascii() else None
    memo = Memo(ICON_MEMO, f"{source_version(__file__)} pillow {PIL.__version__}", folder=cache)
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
