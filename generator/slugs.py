"""Readable ASCII slugs for URLs, from file names that may be Chinese."""

from __future__ import annotations

import re

from generator.stepcache import NO_CACHE, StepCache, package_versions, source_version


def slugify(name: str) -> str:
    """'期末考试周自习室延长开放' → 'qi-mo-kao-shi-zhou-zi-xi-shi-yan-chang-kai-fang'."""
    if name.isascii():  # pypinyin keeps non-Chinese runs as they are
        return _ascii_slug(name)
    return _ascii_slug(_pinyin(name))


class Slugger:
    """`slugify`, with the slugs of Chinese names (tags, file names, categories) that an
    earlier build made taken from `cache`, so that a rebuild needs no pypinyin; `save()`
    keeps those used for the next build. The loader and the Site share one (`Site.slugs`)."""

    def __init__(self, cache: StepCache = NO_CACHE):
        self.memo = cache.memo("slugs", f"{source_version(__file__)} {package_versions('pypinyin')}")

    def __call__(self, name: str) -> str:
        if name.isascii() or not self.memo.keeps:
            return slugify(name)
        slug = self.memo.get(name.encode("utf-8"))
        if slug is None:
            slug = slugify(name)
            self.memo.put(name.encode("utf-8"), slug)
        return slug

    def save(self) -> None:
        self.memo.save()


def _pinyin(name: str) -> str:
    from pypinyin import Style, lazy_pinyin  # loading its dictionaries takes ~0.2 s

    words = lazy_pinyin(name, style=Style.NORMAL)  # non-Chinese runs are kept as they are
    return "-".join(word.strip() for word in words if word.strip())


def _ascii_slug(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-") or "item"
