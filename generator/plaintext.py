"""Plain text from Markdown and from HTML: the words a reader sees, on one line.

One set of rules for every output that shows text without its markup: an item's summary
(`model.Item.summary`: its first paragraph, images left out), the search index's text
(`render/search.py`: the whole body, an image by its description) and the text a poster or
the kiosk cuts (`posters/blocks.py`: the rendered HTML). An inline HTML tag goes without a
trace (`这是<b>重点</b>内容` stays one run of words); any other tag ends a paragraph. Line
breaks are a space or nothing as `typeset.join_lines` says: none between two Chinese
characters.
"""

from __future__ import annotations

import html
import re

from generator.typeset import INLINE_TAGS, join_lines

_FENCE = re.compile(r"^\s*(```|~~~).*$", re.M)
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+"([^"]*)")?\s*$', re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_ATTRS = re.compile(r"\{:?\s*[#.][^}]*\}")
_MARKUP = re.compile(r"^[ \t]{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)", re.M)
# emphasis, strike-through, sub- and superscript, code, mark (==): not a lone "=" (1+1=2)
_EMPHASIS = re.compile(r"[*_~`^]{1,3}|==")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*=+\s*$|^\s*\|?\s*:?-{3,}.*$", re.M)
# Where a block starts (a list item, a table row) or a heading ends, a line break is never
# joined away (see `typeset.join_lines`): a blank line is put there.
_BLOCK_START = re.compile(r"^(?=[ \t]{0,3}(?:[-*+]\s|\d+[.)]\s|\|))", re.M)
_HEADING_END = re.compile(r"^[ \t]{0,3}#{1,6}\s.*$", re.M)
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_CODE, _CODE_END = "\ue000", "\ue001"   # where an inline code was set aside (private use characters)
_SET_ASIDE = re.compile(f"{_CODE}(\\d+){_CODE_END}")
_TAG = re.compile(r"<!--.*?-->|</?([A-Za-z][\w:-]*)[^>]*>", re.S)   # a comment, a tag, an autolink
# inline in the text flow: typesetting's inline elements, code, and images (dropped)
_FLOW_TAGS = INLINE_TAGS | {"code", "kbd", "samp", "var", "img"}
_LINE_BREAK = "br"   # a line break, like a hard-wrapped line: nothing between Chinese characters


def markdown_text(markdown: str, images: bool = True) -> str:
    """A Markdown text as the words a reader sees: no markup, URLs or HTML tags; a code
    block's text stays, and an inline code's exactly as written (`<br>`); an admonition's
    title too; an image is its description, or nothing when not `images` (a summary)."""
    codes: list[str] = []

    def set_aside(found: re.Match[str]) -> str:
        codes.append(found[2].strip())
        return f"{_CODE}{len(codes) - 1}{_CODE_END}"

    text = _CODE_SPAN.sub(set_aside, _FENCE.sub("", markdown))
    text = _ADMONITION.sub(lambda m: "\n" + (m.group(1) or "") + "\n", text)
    text = _HEADING_END.sub("\\g<0>\n", _BLOCK_START.sub("\n", text))
    text = _RULE.sub("\n", text)
    text = _IMAGE.sub(r"\1" if images else "", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _ATTRS.sub("", text)
    text = _untagged(text)
    text = _MARKUP.sub("", text)
    text = _EMPHASIS.sub("", text).replace("|", " ")   # table cells are words apart
    text = _one_line(html.unescape(text))
    return _SET_ASIDE.sub(lambda found: codes[int(found[1])], text) if codes else text


def html_text(fragment: str) -> str:
    """An HTML fragment's text (tags gone, character references decoded)."""
    return _one_line(html.unescape(_untagged(fragment)))


def _untagged(text: str) -> str:
    """Comments and inline tags removed, <br> a line break, any other tag a paragraph break."""

    def replaced(found: re.Match[str]) -> str:
        name = (found[1] or "img").lower()   # a comment goes like an inline tag
        return "" if name in _FLOW_TAGS else "\n" if name == _LINE_BREAK else "\n\n"

    return _TAG.sub(replaced, text)


def _one_line(text: str) -> str:
    return " ".join(join_lines(text).split())
