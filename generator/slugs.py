"""Readable ASCII slugs for URLs, from file names that may be Chinese."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin


def slugify(name: str) -> str:
    """'期末考试周自习室延长开放' → 'qi-mo-kao-shi-zhou-zi-xi-shi-yan-chang-kai-fang'."""
    words = lazy_pinyin(name, style=Style.NORMAL)  # non-Chinese runs are kept as they are
    text = "-".join(word.strip() for word in words if word.strip())
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-") or "item"
