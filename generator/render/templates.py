"""The Jinja2 environment for everything rendered from `theme/` (pages, posters …).

A site's own `theme/` folder overrides the project's default theme file by file.
"""

from __future__ import annotations

import posixpath
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator.render.imagesize import size_attributes
from generator.content.fields import WEEKDAY_NAMES, WEEKDAYS, days_text

DEFAULT_THEME = Path(__file__).resolve().parents[2] / "theme"


def theme_dirs(site_theme: Path | None) -> list[Path]:
    """Where templates and assets are looked up: the site's theme first, then ours."""
    dirs = [site_theme] if site_theme and site_theme.is_dir() and site_theme.resolve() != DEFAULT_THEME else []
    return [*dirs, DEFAULT_THEME]


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept for this process (the live preview renders again and again);
    Jinja compiles a template afresh when its source changed."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.data:
            bucket.bytecode_from_string(self.data[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.data[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def environment(site_theme: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(site_theme)]),
        bytecode_cache=_COMPILED,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(zh_date=zh_date, zh_time=zh_time, zh_weekday=zh_weekday, zh_days=days_text, yaml=to_yaml)
    env.globals.update(relative=relative, page_meta=page_meta, size_of=size_attributes)
    return env


def zh_date(value: date | datetime | None, with_year: bool = True) -> str:
    """2026-11-20 → 2026年11月20日."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    text = f"{day.month}月{day.day}日"
    return f"{day.year}年{text}" if with_year else text


def zh_time(value: datetime | Any) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def zh_weekday(value: date | datetime | str) -> str:
    """A date, or mon…sun → 周一…周日."""
    if isinstance(value, str):
        return "周" + WEEKDAY_NAMES[value]
    return "周" + WEEKDAY_NAMES[WEEKDAYS[value.weekday()]]


# libyaml's emitter when PyYAML has it: the staged front matter MkDocs reads back is the
# same data, written several times faster.
_DUMPER = yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper


def to_yaml(value: Any) -> Markup:
    return Markup(yaml.dump(value, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000).strip())


_UNSAFE_IN_META = str.maketrans({"<": "＜", ">": "＞", '"': "＂", "'": "＇"})


def inert(text: str) -> str:
    """`text` as MkDocs' templates may print it unescaped (titles in the navigation, the
    site's name, description and copyright, page meta): the characters that could open a
    tag or leave an attribute replaced by their full-width forms."""
    return text.translate(_UNSAFE_IN_META)


def page_meta(title: str, description: str = "", **more: Any) -> Markup:
    """The YAML front matter of a staged page.

    MkDocs renders its templates without autoescaping, and Material prints the page
    title and description in the head and header: characters that could open a tag or
    leave an attribute are replaced by their full-width forms there. Our own templates
    show the real text, escaped. `image` (a path from the site root) is the picture that
    link previews show (Open Graph, in `theme/overrides/main.html`).
    """
    meta = {"title": inert(title)}
    if description:
        meta["description"] = inert(description)
    meta.update({key: value for key, value in more.items() if value is not None})
    return Markup("---\n") + to_yaml(meta) + Markup("\n---\n")


def relative(target: str, page: str) -> str:
    """URL of `target` (site-relative, directory style) as seen from the page at `page`
    (what `posixpath.relpath` gives, by comparing their parts: called for every link of
    every page)."""
    if "://" in target:
        return target
    path = target.lstrip("/")
    parts, start = [p for p in path.split("/") if p], [p for p in page.split("/") if p]
    if not start or "." in parts or ".." in parts or "." in start or ".." in start:
        return _relative_by_relpath(path, page)
    common = 0
    for mine, theirs in zip(parts, start):
        if mine != theirs:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + parts[common:])
    if path.endswith("/") or not path:
        return rel + "/" if rel else "./"
    return rel or "."


def _relative_by_relpath(target_path: str, page: str) -> str:
    start = posixpath.dirname(page.rstrip("/") + "/x") if page else ""
    rel = posixpath.relpath("/" + target_path, "/" + start) if start else target_path or "."
    if target_path.endswith("/") or not target_path:
        rel = rel.rstrip("/") + "/"
    return "./" if rel in ("./", "") else rel
