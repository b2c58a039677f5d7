"""Poster HTML (Jinja2 templates in theme/posters/) → PDF with WeasyPrint.

One `Renderer` per run: the template environment, the parsed print stylesheet and
WeasyPrint's FontConfiguration are shared by every poster (parsing the CJK font once
is most of the speed). A glyph missing from the font is an error, never a box on paper.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterator

from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from generator.model import Site
from generator.palette import PALETTE
from generator.paths import resolved
from generator.fonts import cjk_font_stack
from generator.posters.blocks import glue
from generator.render.templates import environment, theme_dirs

# Page sizes in millimetres (portrait); the scale of type and spacing follows the width.
SIZES = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
BLEED_MM = 3.0
PX_PER_MM = 96 / 25.4  # WeasyPrint lays out in CSS pixels

class PosterError(Exception):
    """A poster that must not be printed (a glyph the font lacks)."""


@dataclass(frozen=True)
class PageFormat:
    """Paper size, orientation and bleed of one poster."""

    size: str = "A4"
    orientation: str = "portrait"
    bleed: bool = False

    @property
    def width_mm(self) -> float:
        short, long = SIZES[self.size]
        return long if self.orientation == "landscape" else short

    @property
    def height_mm(self) -> float:
        short, long = SIZES[self.size]
        return short if self.orientation == "landscape" else long

    @property
    def scale(self) -> float:
        """Type scale: 1 on A4, √2 on A3 (the short side decides)."""
        return SIZES[self.size][0] / SIZES["A4"][0]

    @property
    def label(self) -> str:
        return f"{self.size} {'横向' if self.orientation == 'landscape' else '竖向'}"


def pdf_timestamp(site: Site) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH when it is the build's day, else the
    build's `today` at midnight: the same inputs give byte-identical PDFs."""
    tz = site.config.tz
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz)
        if moment.date() == site.today:
            return moment.isoformat(timespec="seconds")
    return datetime.combine(site.today, time(), tz).isoformat(timespec="seconds")


class _GlyphTrap(logging.Handler):
    """Collects WeasyPrint's `.notdef glyph rendered` warnings while a PDF is drawn."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if ".notdef glyph" in str(record.msg) and record.args:
            char = str(record.args[0])
            if char not in self.missing:
                self.missing.append(char)


@contextmanager
def _trapped() -> Iterator[_GlyphTrap]:
    logger = logging.getLogger("weasyprint")
    trap = _GlyphTrap()
    logger.addHandler(trap)
    try:
        yield trap
    finally:
        logger.removeHandler(trap)


class SiteFetcher(URLFetcher):
    """What WeasyPrint may load for a poster: the site's own files (its directory, the
    theme folders) and `data:` pictures. Nothing from the network, no file elsewhere on
    the machine (a poster is published: what it embeds is made public); each refused URL
    is remembered in `refused`, for a warning naming the poster's item."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [resolved(root) for root in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        inside = scheme == "data" or (scheme == "file" and not parts.netloc and any(
            resolved(Path(url2pathname(parts.path))).is_relative_to(root) for root in self.roots))
        if not inside:
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"not the site's own file: {url}")
        return super().fetch(url, headers)


class Renderer:
    """Renders every poster of one run."""

    def __init__(self, site: Site):
        self.site = site
        self.fonts = cjk_font_stack()  # raises FontMissing first: no poster without Chinese glyphs
        self.env = environment(site.config.theme_dir)
        self.env.filters["glue"] = glue  # a title's last line never holds one character
        self.font_config = FontConfiguration()
        self.fetcher = SiteFetcher([site.config.root, *theme_dirs(site.config.theme_dir)])
        css = self._theme_file("posters/poster.css")
        self.stylesheet = CSS(string=css.read_text(encoding="utf-8"), base_url=str(css.parent),
                              font_config=self.font_config, url_fetcher=self.fetcher)
        self.stamp = pdf_timestamp(site)
        theme = site.config.theme
        self.colors = {"primary": PALETTE[theme.primary].paper, "accent": PALETTE[theme.accent].paper}
        self.logo = site.config.logo_path.as_uri() if site.config.logo_path else None

    def _theme_file(self, name: str) -> Path:
        for folder in theme_dirs(self.site.config.theme_dir):
            if (folder / name).is_file():
                return folder / name
        raise FileNotFoundError(name)

    def html(self, templates: list[str], fmt: PageFormat, **context: Any) -> str:
        template = self.env.select_template(templates)
        return template.render(
            site=self.site, config=self.site.config, today=self.site.today, fmt=fmt, fonts=self.fonts,
            stamp=self.stamp, colors=self.colors, bleed_mm=BLEED_MM, logo=self.logo, **context,
        )

    def document(self, templates: list[str], fmt: PageFormat, **context: Any) -> Document:
        source = self.html(templates, fmt, **context)
        return HTML(string=source, base_url=str(self.site.config.root) + "/", url_fetcher=self.fetcher).render(
            stylesheets=[self.stylesheet], font_config=self.font_config)

    def pdf(self, document: Document) -> bytes:
        """The PDF's bytes; PosterError when a character has no glyph in the fonts."""
        with _trapped() as trap:
            data = document.write_pdf()
        if trap.missing:
            chars = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in trap.missing)
            raise PosterError(f"中文字体里没有这些字，打印出来会是方框：{chars}。请换用常见字，或安装更全的字体（fonts-noto-cjk）")
        return data
