"""Volunteers' HTML made harmless: the one allow-list for every output that shows a body.

A body is Markdown, and Markdown passes raw HTML (and `attr_list` attributes) through.
What a body turns into is cleaned with nh3 (the binding of Rust's `ammonia` sanitizer)
before it reaches a page or a poster: the tags and attributes that Markdown, its
extensions and careful volunteers write are kept; scripts, event handlers, frames,
forms, styles that could fetch, and links to `javascript:` and the like are removed (comments stay: they show nowhere). A
link may lead to http(s), mail and phone numbers, or the site's own files; `data:` only
for pictures; a picture only from the site itself. (`check` tells the volunteer about
each such removal at its line: generator/content/bodycheck.py.)

`BodyCleaner` is the Markdown extension that does it on the pages MkDocs builds: it
cleans what stands between the two markers that `theme/pages/item.md.j2` puts around the
body (`fence` takes any such marker out of the body itself first).
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor

TAGS = frozenset("""
    a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt
    em figcaption figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q rp rt
    ruby s samp small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split())
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "style"},
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "details": {"open"}, "time": {"datetime"}, "abbr": {"title"},
    "input": {"type", "checked", "disabled"},  # task lists: [x] done
    "del": {"datetime"}, "ins": {"datetime"}, "q": {"cite"}, "blockquote": {"cite"},
}
STYLE_PROPERTIES = frozenset({"text-align", "color", "background-color", "font-weight", "font-style",
                              "text-decoration", "width", "height", "vertical-align"})
SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
_IMAGE_DATA = re.compile(r"\s*data:image/(png|jpe?g|gif|webp|avif);", re.I)
_SCHEME = re.compile(r"\s*[a-z][a-z0-9+.-]*:|\s*//", re.I)

MARK_START, MARK_END = "<!--yizhan:body-->", "<!--/yizhan:body-->"


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Per attribute: `data:` only as a picture's source; a picture only from the site;
    a checkbox only as the read-only box of a task list."""
    if name == "src":
        if _IMAGE_DATA.match(value) or not _SCHEME.match(value):
            return value
        return None
    if name in ("href", "cite") and value.lstrip()[:5].lower() == "data:":
        return None
    if tag == "input" and name == "type" and value != "checkbox":
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_attribute, strip_comments=False, link_rel=None, url_schemes=set(SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES), clean_content_tags={"script", "style"},
    set_tag_attribute_values={"input": {"disabled": ""}},
)


_NOT_A_TASK_BOX = re.compile(r'<input(?![^>]* type="checkbox")[^>]*>')


def clean(html: str) -> str:
    """`html` with everything outside the allow-list taken out (text kept, but for the
    content of `<script>` and `<style>`); a form field only as a task list's read-only box."""
    return _NOT_A_TASK_BOX.sub("", _CLEANER.clean(html))


def fence(body: str) -> str:
    """A body that cannot end the cleaned region early: any marker typed into it is
    made a plain comment."""
    return body.replace("yizhan:body", "yizhan-body")


class _Postprocessor(Postprocessor):
    def run(self, text: str) -> str:
        start = text.find(MARK_START)
        if start < 0:
            return text
        end = text.find(MARK_END, start)
        end = len(text) if end < 0 else end
        inner = text[start + len(MARK_START):end]
        return text[:start] + clean(inner) + text[end + len(MARK_END):]


class BodyCleaner(Extension):
    """Cleans the body of each page, after Markdown has put its raw HTML back (priority
    30) and before the engine puts its own blocks back (29): the volunteer's HTML is
    cleaned, the theme's own markup is not touched."""

    def extendMarkdown(self, md: Any) -> None:
        md.postprocessors.register(_Postprocessor(md), "yizhan_clean_body", 29.5)


def makeExtension(**kwargs: Any) -> BodyCleaner:  # noqa: N802 (Markdown's name)
    return BodyCleaner(**kwargs)
