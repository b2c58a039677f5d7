"""Making a poster fit one page, by measuring WeasyPrint's layout (not by guessing).

A poster template marks its parts: `#title` (with `data-max-lines`), the text area's
blocks (`data-block="i"`) and `#footer`, fixed at the page's bottom. After a layout:
a title on too many lines gets a smaller size; blocks that reach the footer or the next
page are dropped, the first of them cut at its last whole line, and the poster says
“扫码查看全文”. At most a few layouts per poster; most fit at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from generator.posters.blocks import Block, cut_text
from generator.posters.render import PX_PER_MM, PageFormat

ATTEMPTS = 5
GAP_MM = 3.0          # space kept free above the footer
NOTE_MM = 12.0        # room for the “扫码查看全文” line and a block's bottom margin (A4; scaled)
TITLE_MAX_MM = 15.0   # title type size on A4, largest and smallest (scaled on A3)
TITLE_MIN_MM = 7.0
TITLE_LINES = 3
BODY_MM = 4.7         # body type size (1.12 rem) and line height, poster.css
BODY_LINE = 1.65
FIXED_MM = 70.0       # band and footer, at least
TIGHT_SAVES = 0.10    # the tight text (poster.css #flow.tight) takes about 12 % less height


@dataclass(frozen=True)
class Fit:
    """What a poster shows: its title at a size, and the blocks that fit."""

    title: str
    title_mm: float
    blocks: tuple[Block, ...]
    cut: bool = False
    title_lines: int = TITLE_LINES
    tight: bool = False    # smaller text, for a body only a little too long


def first_fit(title: str, blocks: list[Block], fmt: PageFormat, text_width_mm: float) -> Fit:
    """A first guess of the title size from its width in ems (CJK 1 em, Latin ~0.55 em)."""
    ems = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in title) or 1.0
    largest, smallest = TITLE_MAX_MM * fmt.scale, TITLE_MIN_MM * fmt.scale
    size = largest
    if ems * largest > 2 * text_width_mm:  # more than two lines at full size: aim for three
        size = max(smallest, min(largest, 0.95 * TITLE_LINES * text_width_mm / ems))
    kept, cut = _within_budget(blocks, fmt, text_width_mm)
    return Fit(title, size, tuple(kept), cut)


def _within_budget(blocks: list[Block], fmt: PageFormat, text_width_mm: float) -> tuple[list[Block], bool]:
    """Leave out blocks far beyond what the page could hold: laying out pages of text
    only to drop them is slow. Generous (a third more than the whole text area), so the
    measured cut still decides."""
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
    bottoms: dict[int, float] = field(default_factory=dict)   # block → bottom on page 1
    lines: dict[int, list[tuple[float, int]]] = field(default_factory=dict)  # block → (bottom, chars)


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
    result = _Measure(pages=len(document.pages), limit=math.inf)
    seen_blocks: set[int] = set()
    for box in _walk(page):
        if not isinstance(box, boxes.BlockBox) and not isinstance(box, boxes.TableBox):
            continue
        box_id = _attr(box, "id")
        if box_id == "footer" and isinstance(box, boxes.BlockBox):
            result.limit = min(result.limit, box.border_box_y() - GAP_MM * PX_PER_MM)
        elif box_id == "flow":
            result.flow_top = box.border_box_y()
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
    return result


def _fits(m: _Measure, fit: Fit) -> bool:
    title_ok = m.title_lines <= fit.title_lines
    blocks_ok = all(bottom <= m.limit for bottom in [*m.bottoms.values(), m.note_bottom])
    return m.pages == 1 and title_ok and blocks_ok


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
            if keep >= 8 and not block.is_heading:
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


def _a_little_over(m: _Measure) -> bool:
    """Text that overflows by less than a tenth of its area: smaller type saves it whole."""
    over = max(m.bottoms.values(), default=0.0) - m.limit
    return m.pages == 1 and 0 < over < TIGHT_SAVES * (m.limit - m.flow_top)


def fit_to_page(render: Callable[[Fit], Document], fit: Fit, fmt: PageFormat) -> tuple[Document, Fit]:
    """Lay out, measure and adjust until the poster fits one page (or attempts run out:
    then the first page alone is kept, so a poster is never two sheets)."""
    document = render(fit)
    for _ in range(ATTEMPTS):
        m = measure(document)
        if _fits(m, fit):
            return document, fit
        smaller = _shrink_title(fit, m, fmt)
        if smaller is not None:
            fit = smaller
        elif not fit.tight and not fit.cut and _a_little_over(m):
            fit = replace(fit, tight=True)
        else:
            fit = _cut_blocks(fit, m, fmt)
        document = render(fit)
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return document, fit
