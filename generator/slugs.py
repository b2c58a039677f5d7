"""Readable ASCII slugs for URLs, from file names that may be Chinese."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from generator.stepcache import Memo, package_versions, source_version

_REMEMBERED: ContextVar[Memo | None] = ContextVar("yizhan_slugs", default=None)


def slugify(name: str) -> str:
    """'期末考试周自习室延长开放' → 'qi-mo-kao-shi-zhou-zi-xi-shi-yan-chang-kai-fang'."""
    if name.isascii():  # pypinyin keeps non-Chinese runs as they are
        return _ascii_slug(name)
    memo = _REMEMBERED.get()
    slug = memo.get(name.encode("utf-8")) if memo else None
    if slug is None:
        slug = _ascii_slug(_pinyin(name))
        if memo:
            memo.put(name.encode("utf-8"), slug)
    return slug


def _pinyin(name: str) -> str:
    from pypinyin import Style, lazy_pinyin  # loading its dictionaries takes ~0.2 s

    words = lazy_pinyin(name, style=Style.NORMAL)  # non-Chinese runs are kept as they are
    return "-".join(word.strip() for word in words if word.strip())


def _ascii_slug(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-") or "item"


@contextmanager
def remembered_slugs() -> Iterator[None]:
    """Inside `stepcache.cache_folder`: slugs of Chinese names (tags, file names) made by an
    earlier build are taken from the build cache, so that a rebuild needs no pypinyin."""
    memo = Memo("slugs", f"{source_version(__file__)} {package_versions('pypinyin')}")
    token = _REMEMBERED.set(memo if memo.keeps else None)
    try:
        yield
    finally:
        _REMEMBERED.reset(token)
    memo.save()
