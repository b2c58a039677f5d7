"""Validation of every source file: schema, paths, categories, privacy, duplicate URLs.

Produces typed `Item`s and reports every problem of the run with its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from generator.config import SiteConfig
from generator.content import privacy
from generator.content.bodycheck import body_problems
from generator.content.links import file_part, local_links
from generator.content.loader import SourceFile, find_sources, read_source
from generator.content.names import names_fit
from generator.kinds import KINDS, Kind
from generator.explain import field_name, problems_from
from generator.forked import Beside, Turns
from generator.model import Item
from generator.paths import forget_folders, resolved
from generator.problems import Problem, Report
from generator.slugs import Slugger
from generator.yamltext import Loc



class Reader:
    """How `load_items` reads and validates one file (`yizhan serve` caches both)."""

    def read(self, path: Path, shown: str, type_: Kind, report: Report) -> SourceFile | None:
        return read_source(path, shown, type_, report)

    def validate(self, source: SourceFile, config: SiteConfig, report: Report, slugs: Slugger) -> Item | None:
        return _validate(source, config, report, slugs)


def load_items(config: SiteConfig, report: Report, include_drafts: bool = False,
               reader: Reader | None = None, slugs: Slugger | None = None) -> list[Item]:
    """Read and validate all content; problems go to `report`, valid items are returned.
    `slugs` makes the slugs of file names (by default, without a cache)."""
    reader = reader or Reader()
    slugs = slugs or Slugger()
    forget_folders()
    content_dir = config.content_dir
    if not content_dir.is_dir():
        report.error(config.path.name, 0, "-", f"找不到内容目录 {content_dir}：应在 site_config.yml 旁边建一个 content/ 文件夹")
        return []
    leaving = set(_report_links_leaving(config, report))
    files = [(type_, path, path.relative_to(config.root).as_posix()) for type_, path in find_sources(content_dir)
             if path not in leaving]
    items: list[Item] = []
    for loaded in _load_files(files, reader, config, slugs, include_drafts):
        report.extend(loaded.problems)
        if loaded.item is not None:
            items.append(loaded.item)
    _check_unique_urls(items, report)
    _resolve_item_links(items, report)
    return items


def _report_links_leaving(config: SiteConfig, report: Report) -> Iterator[Path]:
    """Symbolic links under content/ and theme/ (of files or folders) that lead out of the
    site directory: errors (SPEC §1), never published. Yields each such link."""
    site_root = resolved(config.root)
    for folder in (config.content_dir, config.theme_dir):
        for parent, dirs, names in os.walk(folder):
            for name in (*dirs, *names):
                path = Path(parent, name)
                if path.is_symlink() and not resolved(path).is_relative_to(site_root):
                    report.error(path.relative_to(config.root).as_posix(), 0, "-",
                                 f"这是指向站点目录之外的链接（→ {os.readlink(path)}）：站点只发布自己目录里的文件，"
                                 "请把文件复制进 content/，不要用链接")
                    yield path


@dataclass
class _Loaded:
    """What reading and validating one file gave: its problems, and its item if it is published."""

    problems: list[Problem]
    item: Item | None


SHARED_FROM = 400  # files: from this many on, a plain `Reader` shares them with a forked process
FILES_PER_TURN = 25  # files a process takes at a time


def _load_files(files: list[tuple[Kind | None, Path, str]], reader: Reader, config: SiteConfig,
                slugs: Slugger, include_drafts: bool) -> list[_Loaded]:
    """Each file loaded, in order. With the plain `Reader` (no state to keep, unlike the
    build cache's or the preview's), a big site is shared with a forked process, each
    taking the next few files not yet taken (the forked one also has to send its items
    back): only the items and problems come back."""

    def load(turns: Turns) -> dict[int, _Loaded]:
        loaded = {}
        while (start := turns.take()) < len(files):
            for index in range(start, min(start + FILES_PER_TURN, len(files))):
                loaded[index] = _load_file(reader, config, slugs, *files[index], include_drafts)
        return loaded

    shared = type(reader) is Reader and len(files) >= SHARED_FROM
    turns = Turns(FILES_PER_TURN, shared=shared)
    if not shared:
        return list(load(turns).values())
    with Beside(load, turns) as other:
        loaded = load(turns)
        loaded.update(other.result())
    return [loaded[index] for index in range(len(files))]


def _load_file(reader: Reader, config: SiteConfig, slugs: Slugger, type_: Kind | None, path: Path,
               shown: str, include_drafts: bool) -> _Loaded:
    report = Report()
    if type_ is None:
        folders = "、".join(kind.name for kind in KINDS)
        report.warning(shown, 0, "-", f"不在任何内容文件夹里（{folders}），不会发布")
        return _Loaded(report.problems, None)
    source = reader.read(path, shown, type_, report)
    if source is None:
        return _Loaded(report.problems, None)
    file_report = Report()
    item = reader.validate(source, config, file_report, slugs)
    is_draft = bool(item.fields.draft) if item else source.doc.data.get("draft") is True
    if is_draft and not include_drafts:
        report.extend(p.as_warning("（草稿）") for p in file_report.problems)
        return _Loaded(report.problems, None)
    report.extend(file_report.problems)
    return _Loaded(report.problems, item if not file_report.errors else None)


def _validate(source: SourceFile, config: SiteConfig, report: Report, slugs: Slugger) -> Item | None:
    type_ = source.type
    data = dict(source.doc.data)
    extra = {key: data.pop(key) for key in list(data) if key in config.extra_fields_for(type_.name)}
    context = {"source": source.path, "content_root": config.content_dir, "site_root": config.root,
               "require_consent": config.privacy.require_consent}
    _check_privacy(source, report)
    for offset, message, is_error in body_problems(source.body):
        (report.error if is_error else report.warning)(source.shown, source.body_line + offset, "正文", message)
    files = dict(_body_files(source, config, report))
    try:
        fields = type_.model.model_validate(data, context=context)
    except ValidationError as exc:
        report.extend(problems_from(exc, source.doc, source.shown, type_.model))
        return None
    _check_category(source, fields, config, report)
    _check_audience(source, fields, config, report)
    slug = fields.slug or slugs(source.path.stem)
    if not names_fit(source, fields, slug, report, slugs):
        return None
    item = Item(type=type_, fields=fields, body=source.body, source=source.path, shown=source.shown,
                slug=slug, extra=extra, doc=source.doc, body_line=source.body_line, digest=source.digest)
    item.files = files
    return item


def _check_category(source: SourceFile, fields: Any, config: SiteConfig, report: Report) -> None:
    name = source.type.category_field
    allowed = config.categories.get(source.type.name)  # type: ignore[call-overload]
    value = getattr(fields, name, None) if name else None
    if value is not None and allowed and value not in allowed:
        report.error(source.shown, source.doc.line((name,)), name,
                     f"类别“{value}”不在 site_config.yml 的 categories.{source.type.name} 中，应为：{'、'.join(allowed)}")


def _check_audience(source: SourceFile, fields: Any, config: SiteConfig, report: Report) -> None:
    """Where site_config.yml lists `audiences`, a notice's `audience` is one of them."""
    name = source.type.audience_field
    if not (name and config.audiences):
        return
    as_list = isinstance(source.doc.data.get(name), list)
    for index, value in enumerate(getattr(fields, name, None) or []):
        if value not in config.audiences:
            report.error(source.shown, source.doc.line((name, index)), f"{name}[{index}]" if as_list else name,
                         f"面向“{value}”不在 site_config.yml 的 audiences 中，应为：{'、'.join(config.audiences)}")


def _strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*loc, index))
    elif value is not None:
        yield loc, str(value)


def _check_privacy(source: SourceFile, report: Report) -> None:
    """ID numbers anywhere are errors; mobile numbers outside `contact` are warnings."""
    strings = list(_strings(source.doc.data))
    if not privacy.might_hold_numbers([source.body, *(text for _, text in strings)]):
        return
    places = [(source.doc.line(loc), field_name(loc), loc[:1] == ("contact",), text) for loc, text in strings]
    places += [(source.body_line + n, "正文", False, line) for n, line in enumerate(source.body.split("\n"))]
    for line, name, is_contact, text in places:
        for number in privacy.find_id_numbers(text):
            report.error(source.shown, line, name,
                         f"疑似身份证号（{privacy.mask(number)}）：个人身份信息不得公开，请删除")
        if not is_contact:
            for number in privacy.find_mobiles(text):
                report.warning(source.shown, line, name,
                               f"疑似手机号（{privacy.mask(number)}）：请确认本人同意公开，或写进 contact 字段")


def _body_files(source: SourceFile, config: SiteConfig, report: Report) -> Iterator[tuple[str, Path]]:
    """Local files linked from the body: each target as written → the file it names."""
    site_root = resolved(config.root)
    for n, line in enumerate(source.body.split("\n")):
        for target, is_image in local_links(line):
            path_part = file_part(target)
            base = config.content_dir if path_part.startswith("/") else source.path.parent
            path = resolved(base / path_part.lstrip("/"))
            where = (source.shown, source.body_line + n, "正文")
            if not path.is_relative_to(site_root):
                report.error(*where, f"链接“{target}”指向站点目录之外，请把文件放进 content/ 里")
            elif not path.exists():
                kind = "图片" if is_image else "链接的文件"
                report.error(*where, f"找不到{kind}“{target}”：路径相对于本 Markdown 文件，或以 / 开头表示从 content/ 算起")
            else:
                yield target, path


def _check_unique_urls(items: list[Item], report: Report) -> None:
    seen: dict[str, Item] = {}
    for item in items:
        other = seen.setdefault(item.url, item)
        if other is not item:
            report.error(item.shown, item.doc.line(("slug",)), "slug",
                         f"网址 /{item.url} 与 {other.shown} 重复：请改文件名，或写一个不同的 slug")


def _resolve_item_links(items: list[Item], report: Report) -> None:
    """Links from one item's body to another item's Markdown file must reach a published item."""
    by_source = {resolved(item.source): item for item in items}
    for item in items:
        for target, path in list(item.files.items()):
            if path.suffix == ".md":
                if path not in by_source:
                    line = item.body_line + next((n for n, l in enumerate(item.body.split("\n")) if target in l), 0)
                    report.warning(item.shown, line, "正文", f"链接“{target}”指向的页面没有发布（草稿，或不在内容文件夹中）")
                    del item.files[target]
                else:
                    item.links[target] = by_source[path]
                    del item.files[target]
