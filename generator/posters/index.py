"""`posters/index.html`: every poster with a thumbnail of its first page, to pick and print.

Its first row is this week's and next week's bulletins, then the posters by type; it says
when they were made. `contact-sheet.png` puts every first page on one picture, to see
them all at a glance (made from the thumbnails with Pillow, WeasyPrint's own dependency).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.posters.render import Renderer

THUMBS = "thumbs"
THUMB_PX = 220
SHEET = "contact-sheet.png"
SHEET_PX = 150        # the height of a page on the contact sheet
SHEET_COLUMNS = 10
BULLETIN_KIND = "每周公告栏"


@dataclass(frozen=True)
class PosterEntry:
    file: str
    title: str
    kind: str
    paper: str
    page: str | None = None   # the item's page, site-relative


def thumbnail(pdf: Path, folder: Path) -> str | None:
    """A PNG of the first page (poppler's pdftoppm), or None where it is not installed."""
    tool = shutil.which("pdftoppm")
    if not tool:
        return None
    folder.mkdir(exist_ok=True)
    target = folder / pdf.stem
    done = subprocess.run([tool, "-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to", str(THUMB_PX),
                           str(pdf), str(target)], capture_output=True, check=False)
    return f"{THUMBS}/{pdf.stem}.png" if done.returncode == 0 else None


def contact_sheet(folder: Path, thumbs: list[str]) -> str | None:
    """One PNG of every first page, small, in rows; None without thumbnails."""
    if not thumbs:
        return None
    from PIL import Image

    pages = []
    for thumb in thumbs:
        with Image.open(folder / thumb) as image:
            image = image.convert("RGB")
            width = round(image.width * SHEET_PX / image.height)
            pages.append(image.resize((width, SHEET_PX), Image.Resampling.LANCZOS))
    gap = 8
    cell = max(page.width for page in pages) + gap
    rows = -(-len(pages) // SHEET_COLUMNS)
    sheet = Image.new("RGB", (min(len(pages), SHEET_COLUMNS) * cell + gap, rows * (SHEET_PX + gap) + gap), "#d0d0d0")
    for n, page in enumerate(pages):
        sheet.paste(page, (gap + (n % SHEET_COLUMNS) * cell, gap + (n // SHEET_COLUMNS) * (SHEET_PX + gap)))
    sheet.save(folder / SHEET, optimize=True)
    return SHEET


def write_index(renderer: Renderer, folder: Path, entries: list[PosterEntry]) -> None:
    rows = [{"entry": e, "thumb": thumbnail(folder / e.file, folder / THUMBS)} for e in entries]
    bulletins = [row for row in rows if row["entry"].kind == BULLETIN_KIND]
    groups: dict[str, list[dict]] = {}
    for row in rows:
        if row["entry"].kind != BULLETIN_KIND:
            groups.setdefault(row["entry"].kind, []).append(row)
    sheet = contact_sheet(folder, [row["thumb"] for row in rows if row["thumb"]])
    html = renderer.env.get_template("posters/index.html.j2").render(
        site=renderer.site, config=renderer.site.config, rows=rows, bulletins=bulletins, groups=groups,
        sheet=sheet, made=renderer.stamp, today=renderer.site.today, colors=renderer.colors)
    (folder / "index.html").write_text(html, encoding="utf-8")
