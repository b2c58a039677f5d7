"""Names that become names of output files: an item's slug and its tags' slugs.

A slug is a folder of the output (`<type>/<slug>/`) and part of file names
(`events-<slug>.pdf`); file systems allow 255 bytes per name. A Chinese file name or tag
becomes pinyin, several letters per character: 60 characters can make a slug of 400.
Caught here, at the line, rather than by the file system in the middle of a build.
"""

from __future__ import annotations

from typing import Any

from generator.content.fields import SLUG_MAX
from generator.content.loader import SourceFile
from generator.problems import Report
from generator.slugs import Slugger

_LETTERS_PER_CHARACTER = 7   # the longest pinyin ("zhuang") and a hyphen


def names_fit(source: SourceFile, fields: Any, slug: str, report: Report, slugs: Slugger) -> bool:
    """Report a slug (from the file name) or a tag whose slug is longer than SLUG_MAX; False if any."""
    fits = True
    if len(slug) > SLUG_MAX:  # a `slug` field that long is refused by its schema: this is the file name's
        report.error(source.shown, 1, "文件名",
                     f"文件名太长：由它生成的网址名有 {len(slug)} 个字符，最多 {SLUG_MAX} 个。"
                     "请把文件名改短，或在属性区写一个短一些的 slug")
        fits = False
    for index, tag in enumerate(getattr(fields, "tags", []) or []):
        if len(tag) * _LETTERS_PER_CHARACTER > SLUG_MAX and len(tag_slug := slugs(tag)) > SLUG_MAX:
            report.error(source.shown, source.doc.line(("tags", index)), f"tags[{index}]",
                         f"标签太长：由它生成的网址名有 {len(tag_slug)} 个字符，最多 {SLUG_MAX} 个。请写一个短一些的标签")
            fits = False
    return fits
