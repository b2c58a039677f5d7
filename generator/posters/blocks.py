"""An item's Markdown body → a list of top-level blocks a poster can cut between.

A poster shows as many whole blocks as fit; the first one that does not fit is cut to
plain text (generator/plaintext.py) at the last line that does (see layout.py). Images
are left out (a poster has its own photo) and links become plain text: paper cannot be
clicked. Raw HTML is cleaned as on the pages (generator/render/safehtml.py).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
from markupsafe import Markup

from generator.plaintext import html_text
from generator.render.safehtml import clean

# generator.typeset: a line break between Chinese characters is no space, as on the pages
_EXTENSIONS = ["tables", "admonition", "attr_list", "def_list", "sane_lists", "md_in_html", "generator.typeset"]
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s")
_LINK = re.compile(r"</?a\b[^>]*>")


@dataclass(frozen=True)
class Block:
    """One top-level block of a poster's text area."""

    html: Markup
    text: str          # the same as plain text, for cutting
    kind: str = "p"    # p, h, list, table, note …

    @property
    def is_heading(self) -> bool:
        return self.kind == "h"


def split_markdown(source: str) -> list[str]:
    """Top-level Markdown blocks: separated by blank lines, keeping fences, indented
    continuations (lists, admonitions) and consecutive list items together."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    blank_before = False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and not line.strip():
            blank_before = True
            continue
        starts_new = blank_before and not line[:1].isspace() and not fenced
        if starts_new and current:
            continues_list = _LIST.match(line) and _LIST.match(current[0])
            if not continues_list:
                blocks.append(current)
                current = []
            else:
                current.append("")
        elif blank_before and current:
            current.append("")
        current.append(line)
        blank_before = False
    if current:
        blocks.append(current)
    return ["\n".join(lines) for lines in blocks]


def _kind(source: str) -> str:
    first = source.lstrip()
    if first.startswith("#"):
        return "h"
    if _LIST.match(source):
        return "list"
    if first.startswith("|"):
        return "table"
    if first.startswith(("!!!", "???")):
        return "note"
    return "p"


def body_blocks(body: str) -> list[Block]:
    """The body as poster blocks (empty blocks, such as an image alone, are dropped)."""
    converter = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    found = []
    for source in split_markdown(_IMAGE.sub("", body)):
        converter.reset()
        rendered = _LINK.sub("", clean(converter.convert(source))).strip()
        text = html_text(rendered)
        if text:
            found.append(Block(glue_headings(rendered), text, _kind(source)))
    return found


def cut_text(text: str, keep: int) -> Block:
    """A block's text cut to `keep` characters, ending in an ellipsis."""
    kept = text[: max(keep, 0)].rstrip("，、；：,;: ")
    return Block(Markup("<p>") + kept + Markup("……</p>"), kept + "……", "p")


_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_CLOSING = "，。、；：？！）》」』】〕”’…—·,.;:?!)]}%"
_UNIT = re.compile(rf"(?:[{_CJK}]|[A-Za-z0-9]+)[{re.escape(_CLOSING)}]*$")
_NOBR = Markup('<span class="nobr">')


def glue(text: str) -> Markup:
    """A title or heading whose last line can never hold a single character: its last
    two characters (with closing punctuation after them) are kept together on a line."""
    text = str(text)
    last = _UNIT.search(text)
    if not last or not re.match(rf"[{_CJK}]", last.group()) or last.start() == 0:
        return Markup.escape(text)
    before = _UNIT.search(text[: last.start()])
    if not before or before.start() == 0:  # two characters in all: nothing to keep together
        return Markup.escape(text)
    start = before.start()
    return Markup.escape(text[:start]) + _NOBR + Markup.escape(text[start:]) + Markup("</span>")


_HEADING_TAIL = re.compile(r"([^<>]+)(</h[1-6]>)")


def glue_headings(fragment: str) -> Markup:
    """`glue` applied to the text ending each heading of an HTML fragment."""
    def tail(found: re.Match[str]) -> str:
        return str(glue(html.unescape(found[1]))) + found[2]
    return Markup(_HEADING_TAIL.sub(tail, str(fragment)))
