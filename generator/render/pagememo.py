"""Rendered pages kept in the build cache (`yizhan build --cache DIR`), or in memory by
the live preview between rebuilds (`stepcache.Resident`).

A page's Markdown is a function of its template, URL and context, of what templates may
read from `site` (today, drafts, the config, the tag slugs, whether an item is expired or
due for review: functions of the item, today and the config) and of the code (yizhan's
sources, every theme file). The key of a page is the hash of all of these, where an item
stands for the hash of its file (an item is what its file says, checked against the files
it names: see content/memo.py) and the items it links to. A CI rebuild after one edit
renders the edited item's page and the pages that list it; the others are taken as stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel

from generator.kinds import Kind
from generator.model import Item, Site
from generator.render.pages import PageRenderer, Staging, item_doc
from generator.render.templates import theme_dirs
from generator.stepcache import StepCache, code_version, digest

_PLAIN = (str, int, float, bool, type(None), date, datetime, time)


class MemoRenderer(PageRenderer):
    """Renders the pages whose key is new; takes the others' Markdown from `cache`."""

    def __init__(self, site: Site, cache: StepCache):
        super().__init__(site)
        self.memo = cache.memo("staged-pages", _version(site))
        world = (site.today, site.drafts, repr(site.config), tuple(site.tag_slugs.items()))
        self.world = digest(repr(world).encode("utf-8"))
        self.tokens = _Tokens(site)
        self.recording: dict[str, Path] | None = None  # the files of the item page being rendered

    def render_all(self) -> Staging:
        staging = super().render_all()
        self.memo.save()
        return staging

    def _item(self, item: Item) -> None:
        """An item's page is a function of the item's token (its file, the items it links
        to) and the world: when known, its Markdown and files are taken without preparing its
        context (body links, files) again."""
        doc = item_doc(item)
        key = digest(self.world, b"item", doc.encode(), item.type.template.encode(), self.tokens(item))
        known = self.memo.get(key)
        if known is not None:
            self.staging.pages[doc] = known[0]
            self.staging.files.update(known[1])
            return
        self.recording = {}
        try:
            super()._item(item)
            self.memo.put(key, (self.staging.pages[doc], self.recording))
        finally:
            self.recording = None

    def _media(self, path: Path) -> str:
        docs_path = super()._media(path)
        if self.recording is not None:
            self.recording[docs_path] = path
        return docs_path

    def _page(self, doc: str, url: str, template: str, **context: Any) -> None:
        if self.recording is not None:  # an item page: remembered whole by `_item`
            super()._page(doc, url, template, **context)
            return
        try:
            key = digest(self.world, doc.encode(), url.encode(), template.encode(), self.tokens(context))
        except _Opaque:
            super()._page(doc, url, template, **context)
            return
        text = self.memo.get(key)
        if text is None:
            super()._page(doc, url, template, **context)
            self.memo.put(key, self.staging.pages[doc])
        else:
            self.staging.pages[doc] = text


def _version(site: Site) -> str:
    """yizhan's code, the libraries that render, and every file of the themes in use."""
    h = hashlib.sha256(code_version("jinja2", "markupsafe", "pydantic", "python-dateutil", "tzdata").encode())
    for theme in theme_dirs(site.config.theme_dir):
        for path in sorted(p for p in theme.rglob("*") if p.is_file()):
            h.update(digest(path.relative_to(theme).as_posix().encode(), path.read_bytes()))
    return h.hexdigest()


class _Opaque(Exception):
    """A context value that cannot be told by its content (a function): render the page."""


class _Tokens:
    """A page's context as a value whose repr() tells it: a compound value is the hash of
    its parts' tokens, an item the hash of its file and of the files of the items it links
    to. Compound values met before are looked up by identity (the memo keeps them alive, so
    that their ids stay theirs)."""

    def __init__(self, site: Site):
        self.memo: dict[int, tuple[Any, Any]] = {}
        for item in site.items:  # an item's fields stand for the item
            self.memo[id(item.fields)] = (item.fields, self(item))

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind in _PLAIN or isinstance(value, PurePath):
            return value
        hit = self.memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        token = digest(repr(self._parts(kind, value)).encode("utf-8"))
        self.memo[id(value)] = (value, token)
        return token

    @staticmethod
    def _file(item: Item) -> tuple[str, bytes]:
        return item.shown, item.digest

    def _parts(self, kind: type, value: Any) -> Any:
        if kind is Item:
            return ("item", self._file(value), tuple((t, self._file(i)) for t, i in value.links.items()))
        if kind is list or kind is tuple:
            return tuple(map(self, value))
        if kind is dict:
            return tuple((k, self(v)) for k, v in value.items())
        if kind is Kind:
            return ("type", value.name)
        if isinstance(value, BaseModel):
            return (kind.__qualname__, repr(value))
        if is_dataclass(value) and not isinstance(value, type):
            return (kind.__qualname__, *(self(getattr(value, f.name)) for f in fields(value)))
        if isinstance(value, (set, frozenset)):
            return ("set", *sorted(map(repr, map(self, value))))
        raise _Opaque(kind.__name__)
