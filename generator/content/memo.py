"""Reading and validating content, kept in the build cache (`yizhan build --cache DIR`).

A CI rebuild after one edit reads every file again (a fresh checkout changes every mtime)
but parses and validates only the files whose bytes changed: an entry is keyed by the
hash of the file's bytes, its path and type, the config and yizhan's code (see stepcache),
and holds while the files it names (images, attachments, linked pages) are still there,
each still a file or a folder as before. Files with errors are always read again.
"""

from __future__ import annotations

import io
import os
import pickle
import stat
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from generator.config import SiteConfig
from generator.content.loader import SourceFile
from generator.kinds import BY_NAME, Kind
from generator.content.validate import Reader
from generator.model import Item
from generator.problems import Problem, Report
from generator.slugs import Slugger
from generator.stepcache import StepCache, code_version, digest


class MemoReader(Reader):
    """A `Reader` that reuses what an earlier build read and validated; `save()` at the end."""

    def __init__(self, config_path: Path, cache: StepCache):
        self.memo = cache.memo("content", code_version("pydantic", "pyyaml"))
        self.config_path = config_path
        self.pending: dict[Path, tuple[bytes, list[Problem]]] = {}  # read here, validated next
        self.found: dict[Path, tuple[Item, list[Problem]]] = {}    # remembered, validated next

    def read(self, path: Path, shown: str, type_: Kind, report: Report) -> SourceFile | None:
        key = digest(str(path).encode(), shown.encode(), type_.name.encode(), self.config, path.read_bytes())
        stored = self.memo.get(key)
        if stored is not None:
            source, read_problems, item, problems, named = _loads(stored)
            if all(_kind(path) == kind for path, kind in named):
                report.extend(read_problems)
                self.found[path] = item, problems
                return source
        file_report = Report()
        source = super().read(path, shown, type_, file_report)
        report.extend(file_report.problems)
        if source is not None and not file_report.errors:
            self.pending[path] = key, file_report.problems
        return source

    def validate(self, source: SourceFile, config: SiteConfig, report: Report, slugs: Slugger) -> Item | None:
        if source.path in self.found:
            item, problems = self.found.pop(source.path)
            report.extend(problems)
            return item
        file_report = Report()
        item = super().validate(source, config, file_report, slugs)
        report.extend(file_report.problems)
        if source.path in self.pending and item is not None and not file_report.errors:
            key, read_problems = self.pending.pop(source.path)
            self.memo.put(key, _dumps((source, read_problems, item, file_report.problems, _named(item))))
        return item

    @cached_property
    def config(self) -> bytes:
        """site_config.yml as read (by now loaded without errors): a key part of every file."""
        return self.config_path.read_bytes()

    def save(self) -> None:
        self.memo.save()


def _named(item: Item) -> tuple[tuple[str, str], ...]:
    """The files an item names (body links, front-matter paths), each with what it is now."""
    paths = {*map(str, item.files.values()), *map(str, _paths(item.fields))}
    return tuple((path, _kind(path)) for path in sorted(paths))


def _kind(path: str) -> str:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "missing"
    return "folder" if stat.S_ISDIR(mode) else "file"


def _paths(value: Any) -> Iterator[Path]:
    if isinstance(value, Path):
        yield value
    elif isinstance(value, BaseModel):
        for child in value.__dict__.values():
            yield from _paths(child)
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from _paths(child)
    elif isinstance(value, dict):
        for child in value.values():
            yield from _paths(child)


class _Pickler(pickle.Pickler):
    """Content types are stored by name: a remembered item has the very `Kind` of KINDS."""

    def persistent_id(self, obj: Any) -> Any:
        return obj.name if isinstance(obj, Kind) else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        return BY_NAME[pid]


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _loads(data: bytes) -> Any:
    return _Unpickler(io.BytesIO(data)).load()
