"""`posters/index.html`: every poster with a thumbnail of its first page, to pick and print."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.posters.render import Renderer

THUMBS = "thumbs"
THUMB_PX = 220


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


def write_index(renderer: Renderer, folder: Path, entries: list[PosterEntry]) -> None:
    rows = [{"entry": e, "thumb": thumbnail(folder / e.file, folder / THUMBS)} for e in entries]
    html = renderer.env.get_template("posters/index.html.j2").render(
        site=renderer.site, config=renderer.site.config, rows=rows, today=renderer.site.today,
        colors=renderer.colors)
    (folder / "index.html").write_text(html, encoding="utf-8")
