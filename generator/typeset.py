"""Chinese typesetting: a line break between Chinese characters is no space.

Volunteers hard-wrap paragraphs in their editors. Markdown keeps such a soft line break as
a newline, which browsers, feed readers and WeasyPrint show as a space: “检修， 期间”. A
newline (with the spaces and tabs around it) is therefore removed where the characters on
both sides are CJK: ideographs, CJK punctuation and symbols, kana, full-width forms. Between
a Latin word and a Chinese character the newline stays a space (both are usual), and
between two Latin words it must stay. Quotation marks, dashes, the ellipsis and the middle
dot are used by both scripts: they count as CJK only beside an ideograph or other strictly
CJK character (“他说\n“你好”” joins, “"hello”\n“world”” does not).

One rule, used by every output: `join_lines` for plain text (summaries and cards, the
feed, the search index and its snippets, the text posters cut: generator/plaintext.py),
and the Markdown extension `JoinLines` (named
`generator.typeset` in the engine's `MARKDOWN_EXTENSIONS` and in the posters' Markdown),
which applies it to the text of the parsed document: code (`<pre>`, `<code>`) and raw HTML
(stashed by Markdown, our set-aside blocks included) are never touched, and inline markup
(`**检修**\n期间`) does not stop the join.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Strictly CJK: radicals, CJK symbols and punctuation (、。「」《》【】 and the ideographic
# space), kana, bopomofo, strokes, enclosed and compatibility characters, the unified
# ideographs with extension A, compatibility ideographs, vertical and small forms,
# full-width forms (，：；？！（）), and the ideographs of the supplementary planes.
_STRICT = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ef\u3200-\u33ff"
           "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
           "\U00020000-\U0003ffff")
# Shared with Latin text: ‘ ’ “ ” — – … · and the ideographic-looking middle dot.
_SHARED = "\u2018\u2019\u201c\u201d\u2014\u2013\u2026\u00b7"

_BREAK = re.compile(
    rf"(?:(?<=[{_STRICT}])[ \t]*\r?\n[ \t]*(?=[{_STRICT}{_SHARED}]))"
    rf"|(?:(?<=[{_SHARED}])[ \t]*\r?\n[ \t]*(?=[{_STRICT}]))"
)


def join_lines(text: str) -> str:
    """`text` with every line break between two CJK characters removed, with the spaces
    and tabs around it: "检修，\n期间" → "检修，期间"; "hello\nworld" stays as it is."""
    return _BREAK.sub("", text) if "\n" in text else text


# -- the Markdown extension -----------------------------------------------------------
# Inline elements: their text flows with the text around them. Any other element is a
# boundary (a block, a line break <br>, an image); code and preformatted text are not
# touched at all (nor what Markdown stashed: raw HTML reaches the tree as placeholders).
INLINE_TAGS = frozenset("a abbr b bdi bdo cite del dfn em i ins mark q s small span strong sub sup u".split())
_UNTOUCHED = frozenset("code pre kbd samp script style textarea".split())


class _Joiner(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._flow(root)

    def _flow(self, block: etree.Element) -> None:
        """Join the lines of the text flow that starts inside `block`, then of each block
        within it."""
        # runs of (element, "text" or "tail"), in document order, split at boundaries
        runs: list[list[tuple[etree.Element, str]]] = [[]]
        inner: list[etree.Element] = []

        def walk(element: etree.Element) -> None:
            if element.text:
                runs[-1].append((element, "text"))
            for child in element:
                if child.tag in INLINE_TAGS:
                    walk(child)
                else:                                  # a boundary: a new run after it
                    if child.tag not in _UNTOUCHED:
                        inner.append(child)
                    runs.append([])
                if child.tail:
                    runs[-1].append((child, "tail"))

        walk(block)
        for run in runs:
            _join_run(run)
        for child in inner:
            self._flow(child)


def _join_run(run: list[tuple[etree.Element, str]]) -> None:
    """Remove the breaks of `join_lines` from a run of text pieces, across pieces too."""
    pieces = [getattr(element, attr) for element, attr in run]
    whole = "".join(pieces)
    if "\n" not in whole:
        return
    drop = bytearray(len(whole))
    found = False
    for match in _BREAK.finditer(whole):
        found = True
        drop[match.start():match.end()] = b"\1" * (match.end() - match.start())
    if not found:
        return
    at = 0
    for (element, attr), piece in zip(run, pieces):
        kept = "".join(ch for ch, gone in zip(piece, drop[at:at + len(piece)]) if not gone)
        at += len(piece)
        if kept != piece:
            if isinstance(piece, AtomicString):
                kept = AtomicString(kept)
            setattr(element, attr, kept)


class JoinLines(Extension):
    """Python-Markdown extension: line breaks between CJK characters removed (see above)."""

    def extendMarkdown(self, md: Any) -> None:
        md.treeprocessors.register(_Joiner(md), "yizhan_join_lines", 19)  # right after "inline" (20)


def makeExtension(**kwargs: Any) -> JoinLines:  # noqa: N802 (Markdown's name for it)
    return JoinLines(**kwargs)
