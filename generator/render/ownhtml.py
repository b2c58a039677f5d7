"""Our templates' raw HTML blocks, set aside from the Markdown that MkDocs parses.

Markdown passes a raw HTML block through unchanged, but reads it first with Python's HTML
parser (`md_in_html`): most of the Markdown time of a page made of our cards, fields and
calendar grids. Such blocks reach Markdown as placeholder comments (those at the top of a
page all as one), named by a hash of the HTML (so the same page always gives the same
Markdown, whichever process sets it aside); the engine puts the HTML back into Markdown's.
Only blocks that Markdown would surely pass through unchanged are set aside (`_block`), and
only our templates' own: those from the top of the page and from the end of the volunteer's
body (which lies between `safehtml`'s two markers and stays Markdown's) up to the first
thing that is not such a block; from there on, everything is Markdown's. A page whose body
may run on into our blocks is left to Markdown whole (`_RUNS_ON`).
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
# What in a body may run on, wherever it ends, into our blocks after it: elements whose text
# runs to their end tag (a body's unclosed <script> ends at the one of our JSON-LD), and
# comments, processing instructions, CDATA or declarations (after an unclosed one, Markdown's
# `md_in_html` may also misplace the HTML it stashed, by its index in the page, so the blocks
# before the body count too). tests/test_ownhtml.py tries random bodies.
_RUNS_ON = re.compile(r"<(?:script|style|pre|textarea)[\s>]|<(?!!--/?yizhan:body-->)[!?]", re.I)
_AFTER = re.compile(r"\n\n+|\n(?=<)|\n*$")  # a blank line, the end, or a tag on the next line
# What Markdown would change or read differently: tabs, CRs, its own placeholder marks,
# lines of spaces only, comments or declarations, Markdown inside HTML.
_UNSAFE = re.compile(r"[\t\r\x02\x03]|<!|<\?|/>|markdown|(?m:^ +$)")


def set_aside(markdown: str, blocks: dict[str, str]) -> str:
    """`markdown` with our HTML blocks (those before the body, and those after it) replaced
    by placeholders; the blocks go into `blocks` (placeholder name → HTML). The blocks before
    the body are one run, one placeholder (each costs Markdown about as much as a short
    paragraph), joined as Markdown joins raw blocks at the top of a page. After the body each
    block has its own: an unclosed element of the body may hold them, and Markdown joins
    blocks inside an element differently. A page whose body may run on into ours
    (`_RUNS_ON`) is left as it is."""
    body = _BODY.search(markdown)
    if body is not None and _RUNS_ON.search(body.group()):
        return markdown
    pos = 0
    if markdown.startswith("---\n"):  # front matter, as MkDocs reads it
        end = markdown.find("\n---\n", 4)
        pos = end + 5 if end >= 0 else len(markdown)
    parts = [markdown[:pos]]
    run: list[str] = []  # the blocks of the run being read, with Markdown's line breaks between them
    gap = ""             # what follows the run's last block
    top = True           # no body yet: our blocks are at the top of the page

    def end_run() -> None:
        if run:
            html = "".join(run)
            name = hashlib.blake2b(html.encode("utf-8"), digest_size=12).hexdigest()
            blocks[name] = html
            parts.extend((f"<!-- yizhan-html {name} -->", gap))
            run.clear()

    while True:
        if (body := _BODY.match(markdown, pos)) is not None:  # the volunteer's: left as it is
            end_run()
            top = False
            parts.append(markdown[pos:body.end()])
            pos = body.end()
        if (block := _block(markdown, pos)) is None:
            break
        start, end, after = block
        if run and top and start == pos:  # right after the last one, at the top: Markdown's line break
            run.append("\n" if gap == "\n" else "\n\n")
        else:
            end_run()
            parts.append(markdown[pos:start])
        run.append(markdown[start:end])
        gap, pos = markdown[end:after], after
    end_run()
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
