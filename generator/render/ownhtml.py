"""Our templates' raw HTML blocks, set aside from the Markdown that MkDocs parses.

Markdown passes a raw HTML block through unchanged, but reads it first with Python's HTML
parser (`md_in_html`): most of the Markdown time of a page made of our cards, fields and
calendar grids. Such a block reaches Markdown as one placeholder comment, named by a hash
of the block (so the same page always gives the same Markdown, whichever process sets it
aside); the engine puts the block back into Markdown's HTML. Only blocks that Markdown
would surely pass through unchanged are set aside (`_block`), and only our templates' own:
those from the top of the page and from the end of the volunteer's body (which lies
between `safehtml`'s two markers and stays Markdown's) up to the first thing that is not
such a block; from there on, everything is Markdown's.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from generator.render.safehtml import MARK_END, MARK_START

PLACEHOLDER = re.compile(r"<!-- yizhan-html ([0-9a-f]{24}) -->")

# Tags that Markdown reads as the start of a raw HTML block (a subset of its
# `block_level_elements`).
_BLOCK_TAGS = frozenset("address article aside blockquote details div dl fieldset figure footer form "
                        "h1 h2 h3 h4 h5 h6 header nav ol p script section table ul".split())
_START = re.compile(r"\n*<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_OPENS = re.compile(r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b)[a-zA-Z]")
_CLOSES = re.compile(r"</[a-zA-Z]")
_BODY = re.compile(rf"\n*{re.escape(MARK_START)}.*?{re.escape(MARK_END)}", re.S)
# Elements whose text runs to their end tag, wherever that is (a body's unclosed <script>
# ends at the one of our JSON-LD).
_RAW = re.compile(r"<(?:script|style|pre|textarea)[\s>]", re.I)
_AFTER = re.compile(r"\n\n+|\n(?=<)|\n*$")  # a blank line, the end, or a tag on the next line
# What Markdown would change or read differently: tabs, CRs, its own placeholder marks,
# lines of spaces only, comments or declarations, Markdown inside HTML.
_UNSAFE = re.compile(r"[\t\r\x02\x03]|<!|<\?|/>|markdown|(?m:^ +$)")


def set_aside(markdown: str, blocks: dict[str, str]) -> str:
    """`markdown` with each of our HTML blocks (those before the body, and those after it)
    replaced by its placeholder; the blocks go into `blocks` (placeholder name → block)."""
    pos = 0
    if markdown.startswith("---\n"):  # front matter, as MkDocs reads it
        end = markdown.find("\n---\n", 4)
        pos = end + 5 if end >= 0 else len(markdown)
    parts = [markdown[:pos]]
    while True:
        if (body := _BODY.match(markdown, pos)) is not None:  # the volunteer's: left as it is
            parts.append(markdown[pos:body.end()])
            pos = body.end()
            if _RAW.search(body.group()):  # an unclosed one would run into ours: leave them be
                break
        if (block := _block(markdown, pos)) is None:
            break
        start, end, after = block
        name = hashlib.blake2b(markdown[start:end].encode("utf-8"), digest_size=12).hexdigest()
        blocks[name] = markdown[start:end]
        parts += [markdown[pos:start], f"<!-- yizhan-html {name} -->", markdown[end:after]]
        pos = after
    parts.append(markdown[pos:])
    return "".join(parts)


def put_back(html: str, blocks: dict[str, str]) -> str:
    """Markdown's HTML with the placeholders of `blocks` replaced by the blocks (any other
    comment that looks like one is left as it is)."""
    if "<!-- yizhan-html " not in html:
        return html
    return PLACEHOLDER.sub(lambda m: blocks.get(m.group(1), m.group(0)), html)


def _block(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end, end of the blank lines after) of the HTML element at `pos` (after
    newlines), when Markdown surely passes it through as a raw block, as it is; else None."""
    start = _START.match(text, pos)
    if start is None or start.group(1).lower() not in _BLOCK_TAGS:
        return None
    name, begin = start.group(1), start.start(1) - 1
    depth = 0
    for tag in _tags_named(name).finditer(text, begin):  # to the element's own end tag
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = text.index(">", tag.end() - 1) + 1
            break
    else:
        return None
    after = _AFTER.match(text, end)
    block = text[begin:end]
    if (after is None or _UNSAFE.search(block)
            or len(_OPENS.findall(block)) != len(_CLOSES.findall(block))):
        return None
    return begin, end, after.end()


@cache
def _tags_named(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}[\s>]")
