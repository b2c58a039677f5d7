"""Making a poster fill one page, by measuring WeasyPrint's layout (not by guessing).

A poster template marks its parts: `#title` (with `data-max-lines`), `#main` (the room
between the band and the footer), `#lead` (title, picture, facts), `#picture`, the text
area's blocks (`data-block="i"`) and `#footer`. The text is set at a size `k` (times the
base 1.12 rem) chosen from its length: a first guess from the characters and the room,
then after each layout the size that fills the room measured (text height grows about as
k^1.8), smaller when it overflows. A long text at the smallest size is cut at its last
whole line that fits and the poster says “扫码查看全文”; a title on too many lines gets a
smaller size. What room the text leaves, the picture takes (up to where it stays sharp),
then the space between lead and text (poster.css). At most a few layouts per poster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from generator.posters.blocks import Block, cut_text
from generator.posters.render import PX_PER_MM, PageFormat

ATTEMPTS = 4          # layouts after the first
GAP_MM = 3.0          # space kept free above the footer
NOTE_MM = 12.0        # room for the “扫码查看全文” line and a block's bottom margin (A4; scaled)
TITLE_MAX_MM = 16.0   # title type size on A4, largest and smallest (scaled on A3)
TITLE_MIN_MM = 8.0
TITLE_LINES = 3
BODY_MM = 4.7         # body type size (1.12 rem) and line height at k = 1, poster.css
BODY_LINE = 1.6
FIXED_MM = 75.0       # band, footer and margins (A4)
K_MIN, K_MAX = 1.0, 2.1   # the text's size: 4.7 mm (a long text) to 9.9 mm (a few lines)
FULL = 0.10           # the text fills its room when less than this share of the page is left
SPREAD = 0.05         # room worth a last layout to give away (share of the page height)
GROWTH = 1.8          # text height ~ k^GROWTH (wrapped lines ~k², short lines ~k)


@dataclass(frozen=True)
class Fit:
    """What a poster shows: its title at a size, and the blocks that fit at a size."""

    title: str
    title_mm: float
    blocks: tuple[Block, ...]
    cut: bool = False
    title_lines: int = TITLE_LINES
    k: float = 1.0         # the text's size, times the base 1.12 rem
    k_min: float = K_MIN   # … and its smallest, before the text is cut
    pages: bool = False    # more than one page allowed (the bulletin of a long week)
    picture_mm: float = 0.0      # the picture's height (0: its smallest)
    spread_mm: float = 0.0       # room left empty before the text, once it is as large as it gets
    lead_spread_mm: float = 0.0  # … and before the facts (landscape: the left column)


def first_fit(title: str, blocks: list[Block], fmt: PageFormat, text_width_mm: float,
              title_width: float | None = None, taken_mm: float = 0.0) -> Fit:
    """A first guess of the title size from its width in ems (CJK 1 em, Latin ~0.55 em)
    and of the text's size from its length and the room left (`taken_mm`: what the lead
    takes besides the title)."""
    title_width = title_width or text_width_mm
    ems = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in title) or 1.0
    largest, smallest = TITLE_MAX_MM * fmt.scale * (1.1 if fmt.size == "A3" else 1), TITLE_MIN_MM * fmt.scale
    size = largest
    if ems * largest > 2 * title_width:  # more than two lines at full size: aim for three
        size = max(smallest, min(largest, 0.95 * TITLE_LINES * title_width / ems))
    title_lines = min(TITLE_LINES, math.ceil(ems * size / title_width))
    room = fmt.height_mm - FIXED_MM * fmt.scale - taken_mm - title_lines * size * 1.25
    kept, cut = _within_budget(blocks, fmt, text_width_mm)
    return Fit(title, size, tuple(kept), cut, k=_guess_k(kept, fmt, text_width_mm, room))


def _guess_k(blocks: list[Block], fmt: PageFormat, width: float, room: float) -> float:
    """The size at which the text about fills `room` millimetres: with c the type size,
    chars·c²·line/width + blocks·c·(line/2 + 0.6) = room."""
    chars = sum(len(b.text) for b in blocks)
    if not blocks or room <= 0:
        return K_MIN
    a = chars * BODY_LINE / width
    b = len(blocks) * (BODY_LINE / 2 + 0.6)
    c = (-b + math.sqrt(b * b + 4 * a * room * 0.8)) / (2 * a) if a else room / b
    return max(K_MIN, min(K_MAX, c / (BODY_MM * fmt.scale)))


def _within_budget(blocks: list[Block], fmt: PageFormat, text_width_mm: float) -> tuple[list[Block], bool]:
    """Leave out blocks far beyond what the page could hold: laying out pages of text
    only to drop them is slow. Generous (a third more than the whole text area at the
    smallest size), so the measured cut still decides."""
    char_mm = BODY_MM * fmt.scale
    lines = (fmt.height_mm - FIXED_MM * fmt.scale) / (char_mm * BODY_LINE)
    budget = 1.35 * lines * text_width_mm / char_mm
    kept, used = [], 0.0
    for block in blocks:
        if used > budget:
            return kept, True
        kept.append(block)
        used += len(block.text) + text_width_mm / char_mm / 2  # a block ends its last line
    return kept, False


@dataclass
class _Measure:
    pages: int
    limit: float                         # y of the footer's top, minus the gap
    title_lines: int = 0
    title_bottom: float = 0.0
    note_bottom: float = 0.0                                  # the “扫码查看全文” line
    flow_top: float = 0.0                                     # where the text area starts
    flow_height: float = 0.0                                  # the text area's height
    free: float = 0.0                    # room below the text, above the footer (px)
    free_lead: float = 0.0               # room below the title, picture and facts
    page_height: float = 0.0
    bottoms: dict[int, float] = field(default_factory=dict)   # block → bottom on page 1
    lines: dict[int, list[tuple[float, int]]] = field(default_factory=dict)  # block → (bottom, chars)

    @property
    def over(self) -> float:
        """How far the text reaches beyond its room (px; negative: it fits)."""
        return max([*self.bottoms.values(), self.note_bottom, 0.0]) - self.limit


def _walk(box: boxes.Box) -> Iterator[boxes.Box]:
    box = getattr(box, "_box", box)  # an absolutely positioned box sits in a placeholder
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _attr(box: boxes.Box, name: str) -> str | None:
    element = getattr(box, "element", None)
    return element.get(name) if element is not None and box.element_tag else None


def _bottom(box: boxes.Box) -> float:
    return box.border_box_y() + box.border_height()


def _line_chars(line: boxes.Box) -> int:
    return sum(len(b.text) for b in _walk(line) if isinstance(b, boxes.TextBox))


def measure(document: Document) -> _Measure:
    page = document.pages[0]._page_box
    result = _Measure(pages=len(document.pages), limit=math.inf, page_height=page.height)
    seen_blocks: set[int] = set()
    parts: dict[str, boxes.Box] = {}
    for box in _walk(page):
        if not isinstance(box, boxes.BlockBox) and not isinstance(box, boxes.TableBox):
            continue
        box_id = _attr(box, "id")
        if box_id in ("lead", "flow") and box_id not in parts:
            parts[box_id] = box
        if box_id == "footer" and isinstance(box, boxes.BlockBox):
            result.limit = min(result.limit, box.border_box_y() - GAP_MM * PX_PER_MM)
        elif box_id == "flow":
            result.flow_top = box.border_box_y()
            result.flow_height = box.height
        elif box_id == "more":
            result.note_bottom = _bottom(box)
        elif box_id == "title":
            result.title_lines += sum(1 for b in box.children if isinstance(b, boxes.LineBox))
            result.title_bottom = _bottom(box)
        number = _attr(box, "data-block")
        if number is not None and int(number) not in seen_blocks:
            index = int(number)
            seen_blocks.add(index)
            result.bottoms[index] = _bottom(box)
            result.lines[index] = [(_bottom(line), _line_chars(line))
                                   for line in _walk(box) if isinstance(line, boxes.LineBox)]
    for later in document.pages[1:]:  # blocks (or parts) pushed to a next page do not fit
        for box in _walk(later._page_box):
            number = _attr(box, "data-block")
            if number is not None:
                result.bottoms[int(number)] = math.inf
    result.free = _free(parts, result)
    lead = parts.get("lead")
    result.free_lead = result.limit - _bottom(lead) if lead is not None else 0.0
    return result


def _free(parts: dict[str, boxes.Box], m: _Measure) -> float:
    """The room below the text area, down to the footer (less the gap)."""
    flow = parts.get("flow")
    if flow is None:
        return 0.0
    bottom = max([*m.bottoms.values(), m.note_bottom, flow.content_box_y() + flow.height])
    return m.limit - bottom


def _fits(m: _Measure, fit: Fit) -> bool:
    title_ok = m.title_lines <= fit.title_lines
    blocks_ok = all(bottom <= m.limit for bottom in [*m.bottoms.values(), m.note_bottom])
    return (m.pages == 1 or fit.pages) and title_ok and blocks_ok


def _shrink_title(fit: Fit, m: _Measure, fmt: PageFormat) -> Fit | None:
    if m.title_lines <= fit.title_lines:
        return None
    smallest = TITLE_MIN_MM * fmt.scale
    if fit.title_mm > smallest + 0.1:
        ratio = math.sqrt(fit.title_lines / m.title_lines) * 0.97
        return replace(fit, title_mm=max(smallest, fit.title_mm * ratio))
    if m.title_bottom > m.limit * 0.5:  # a title that would take half the poster: cut it too
        keep = int(len(fit.title) * fit.title_lines * 2 / m.title_lines) - 1
        return replace(fit, title=fit.title[:keep].rstrip() + "…", title_lines=fit.title_lines * 2)
    return replace(fit, title_lines=m.title_lines)  # many lines, but room enough: accept


def _cut_blocks(fit: Fit, m: _Measure, fmt: PageFormat) -> Fit:
    room = m.limit - NOTE_MM * fmt.scale * PX_PER_MM
    kept: list[Block] = []
    for index, block in enumerate(fit.blocks):
        if m.bottoms.get(index, math.inf) <= room:
            kept.append(block)
            continue
        lines = m.lines.get(index, [])
        total = sum(chars for _, chars in lines)
        fitting = sum(chars for bottom, chars in lines if bottom <= room)
        if total and fitting:
            keep = int(len(block.text) * fitting / total) - 2
            if keep >= 8 and block.kind in ("p", "list", "note"):  # a table or heading is not cut to text
                kept.append(cut_text(block.text, keep))
        break
    while kept and kept[-1].is_heading:
        kept.pop()
    if fit.cut and len(kept) == len(fit.blocks) and kept:
        # Measured as fitting but still over: take one more line's worth off.
        last = kept.pop()
        if len(last.text) > 20:
            kept.append(cut_text(last.text.rstrip("…"), int(len(last.text) * 0.8)))
    return replace(fit, blocks=tuple(kept), cut=True)


def _resized(fit: Fit, m: _Measure, target: float) -> float:
    """The size at which the text area is `target` px high, from its height now."""
    if m.flow_height <= 0:
        return fit.k
    ratio = max(target, 1.0) / m.flow_height
    return max(fit.k_min, min(K_MAX, fit.k * ratio ** (1 / GROWTH)))


Spread = Callable[[Fit, "_Measure"], "Fit | None"]


def fit_to_page(render: Callable[[Fit], Document], fit: Fit, fmt: PageFormat,
                overflow: Callable[[Fit, _Measure], Fit] | None = None,
                spread: Spread | None = None) -> tuple[Document, Fit]:
    """`_fit_text`, then the room the text leaves given away by `spread` (a last layout)."""
    document, fit = _fit_text(render, fit, fmt, overflow)
    if spread is not None and not fit.pages:
        m = measure(document)
        if _fits(m, fit):
            wider = spread(fit, m)
            if wider is not None:
                again = render(wider)
                if _fits(measure(again), wider):
                    return again, wider
    return document, fit


def _fit_text(render: Callable[[Fit], Document], fit: Fit, fmt: PageFormat,
              overflow: Callable[[Fit, _Measure], Fit] | None = None) -> tuple[Document, Fit]:
    """Lay out, measure and adjust until the poster fits one page and its text fills its
    room (or attempts run out: then the best that fitted, else the first page alone, so a
    poster is never two sheets). `overflow`: what to do with a text too long at the
    smallest size (default: cut it)."""
    document = render(fit)
    fitted: tuple[Document, Fit] | None = None
    too_big = K_MAX + 1        # the smallest size known to overflow
    full = FULL * fmt.height_mm * PX_PER_MM
    for _ in range(ATTEMPTS):
        m = measure(document)
        smaller = _shrink_title(fit, m, fmt)
        if smaller is not None:
            fit, fitted, too_big = smaller, None, K_MAX + 1
        elif _fits(m, fit):
            fitted = (document, fit)
            if fit.cut or fit.pages or m.free <= full or fit.k >= min(K_MAX, too_big) - 0.03:
                return fitted
            k = _resized(fit, m, m.flow_height + m.free - full / 2)
            if k >= too_big:
                k = (fit.k + too_big) / 2
            if k - fit.k < 0.03:
                return fitted
            fit = replace(fit, k=k)
        elif fitted is not None:  # the step up was too big: halfway, or the one that fitted
            too_big = fit.k
            k = (fitted[1].k + fit.k) / 2
            if k - fitted[1].k < 0.05:
                return fitted
            fit = replace(fitted[1], k=k)
        elif fit.k > fit.k_min + 0.01:
            too_big = fit.k
            fit = replace(fit, k=_resized(fit, m, (m.flow_height - m.over) * 0.95))
        elif overflow is not None:
            fit = overflow(fit, m)
        else:
            fit = _cut_blocks(fit, m, fmt)
        document = render(fit)
    m = measure(document)
    if _fits(m, fit) or fitted is None:
        if len(document.pages) > 1 and not fit.pages:
            document = document.copy(document.pages[:1])
        return document, fit
    return fitted
