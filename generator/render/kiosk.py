"""`kiosk/index.html`: the corridor screen (电子公告栏) for the TV in the hall (SPEC §5).

One page that runs for days: every slide any day of the coming weeks may need is in it
(each kind's `kiosk` hook says which, and when: generator/kinds/), with the QR code of its
page made here; theme/kiosk/kiosk.js chooses the slides at viewing time and only shows and
hides them, so nothing grows however long it runs. The CSS and the script are inline and
nothing is fetched (it runs from file:// too). `kiosk/version.js`, written beside it, says
which build this is: the page loads it now and then and reloads itself when it changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.calendar.occurrences import Occurrence, week_of
from generator.calendar.views import calendar_occurrences
from generator.kinds import KINDS
from generator.kinds.base import KioskSlide
from generator.model import Item, Site
from generator.palette import PALETTE
from generator.posters.blocks import Block, body_blocks, cut_text
from generator.posters import qr as qr_module
from generator.posters.qr import qr_svg
from generator.problems import Report
from generator.render.pages import media_path
from generator.render.templates import environment
from generator.stepcache import StepCache, package_versions, source_version

FOLDER = "kiosk"
VERSION_FILE = "version.js"
WEEKS = 6               # the weeks at a glance the page carries (from the build's week)
WEEK_ENTRIES = 6        # entries a day shows on the week's slide
TEXT_BUDGET = 260       # characters of an item's text a slide shows (half with a picture)
_VERSION_MARK = "KIOSK-VERSION-MARK"


@dataclass(frozen=True)
class Rendered:
    """One slide as it goes into the page."""

    kind: str
    show: dict[str, str]
    weight: str        # its time on screen, in slides
    html: Markup


@dataclass(frozen=True)
class Text:
    """An item's text on a slide: the blocks that fit, whether it was cut, its time on screen."""

    blocks: list[Block]
    cut: bool
    weight: float


def slide_text(item: Item, budget: int) -> Text:
    """Whole blocks up to `budget` characters, the next one cut (tables are left to the page).
    A long text is cut and stays longer: 1½ or 2 slides' time."""
    kept: list[Block] = []
    used = 0
    cut = False
    for block in body_blocks(item.body):
        if block.kind == "table":
            cut = True
            continue
        if used + len(block.text) <= budget:
            kept.append(block)
            used += len(block.text)
            continue
        if budget - used >= 24 and not block.is_heading:
            kept.append(cut_text(block.text, budget - used))
            used = budget
        cut = True
        break
    if kept and kept[-1].is_heading:
        kept.pop()
    weight = 1.0 if used <= 100 and not cut else 1.5 if used <= 200 else 2.0
    return Text(kept, cut, weight)


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours(site: Site) -> dict[str, str]:
    """The site's colours, each with the ink that reads on it (WCAG AA at least)."""
    primary = PALETTE[site.config.theme.primary].paper
    accent = PALETTE[site.config.theme.accent].screen

    def ink(background: str) -> str:
        return "#ffffff" if contrast(background, "#ffffff") >= contrast(background, "#111111") else "#111111"

    return {"primary": primary, "on-primary": ink(primary), "accent": accent, "on-accent": ink(accent),
            "strong": primary if contrast(primary, "#ffffff") >= 4.5 else "#111111"}


def week_slides(site: Site) -> list[KioskSlide]:
    """The week at a glance, for each of the coming `WEEKS` weeks (the browser shows this week's)."""
    monday, _ = week_of(site.today)
    last = monday + timedelta(weeks=WEEKS) - timedelta(days=1)
    occurrences = [o for o in calendar_occurrences(site) if o.last_day >= monday and o.first_day <= last]
    slides = []
    for week in range(WEEKS):
        first = monday + timedelta(weeks=week)
        days: list[tuple[Any, list[Occurrence]]] = []
        for n in range(7):
            day = first + timedelta(days=n)
            days.append((day, [o for o in occurrences if o.first_day <= day <= o.last_day]))
        slides.append(KioskSlide("week", "calendar/", {"days": days, "limit": WEEK_ENTRIES},
                                 {"week": first.isoformat()}))
    return slides


def kiosk_slides(site: Site) -> list[tuple[str, KioskSlide]]:
    """Every slide with the name of what it shows: each kind's, then the week's, then the welcome."""
    slides = [(kind.name, slide) for kind in KINDS if kind.kiosk for slide in kind.kiosk(site)]
    slides += [("week", slide) for slide in week_slides(site)]
    slides.append(("welcome", KioskSlide("welcome", "", {}, {"fallback": "yes"})))
    return slides


def render_kiosk(site: Site, cache: StepCache) -> str:
    """The page, with `_VERSION_MARK` where its version goes. Its QR codes (one a slide, a few
    ms each: ~2 s of CPU at 2,000 items) are kept in `cache` by their address."""
    config = site.config
    env = environment(config.theme_dir)
    codes = cache.memo("kiosk-qr", f"{source_version(qr_module.__file__)} {package_versions('segno')}")

    def media(path: Path | None) -> str | None:
        return "../" + media_path(config, path) if path else None

    def qr(url: str) -> Markup | None:
        absolute = site.absolute_url(url)
        if not absolute or not absolute.isascii():
            return None
        svg = codes.get(absolute.encode("ascii"))
        if svg is None:
            svg = str(qr_svg(absolute, "k-qr__code"))
            codes.put(absolute.encode("ascii"), svg)
        return Markup(svg)

    rendered = []
    for name, slide in kiosk_slides(site):
        text = None
        if slide.body is not None:
            text = slide_text(slide.body, TEXT_BUDGET // 2 if slide.body.picture else TEXT_BUDGET)
        html = env.get_template(f"kiosk/{slide.template}.html.j2").render(
            **slide.context, config=config, text=text, qr=qr(slide.url), media=media)
        weight = f"{text.weight:g}" if text else "1"
        rendered.append(Rendered(name, slide.show, weight, Markup(html)))
    codes.save()
    source = env.loader.get_source  # type: ignore[union-attr]
    return env.get_template("kiosk/index.html.j2").render(
        config=config, slides=rendered, version=_VERSION_MARK, colours=colours(site),
        logo=media(config.logo_path),
        css=Markup(source(env, "kiosk/kiosk.css")[0]), js=Markup(source(env, "kiosk/kiosk.js")[0]),
    )


def write_kiosk(site: Site, out: Path, report: Report, cache: StepCache) -> None:
    """Output step: `kiosk/index.html` and `kiosk/version.js` (a hash of the page)."""
    page = render_kiosk(site, cache)
    version = hashlib.sha256(page.encode("utf-8")).hexdigest()[:16]
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(page.replace(_VERSION_MARK, version), encoding="utf-8")
    (folder / VERSION_FILE).write_text(
        f'window.yizhanKioskVersion && window.yizhanKioskVersion("{version}");\n', encoding="utf-8")
