"""The preview's reader: content files read, parsed and validated again only when they changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.content.loader import SourceFile
from generator.content.validate import Reader
from generator.kinds import Kind
from generator.model import Item
from generator.problems import Problem, Report
from generator.slugs import Slugger


class SourceCache(Reader):
    """A `Reader` that reads, parses and validates a file again only when it changed on disk.

    Validation also depends on the config and on the files a file names (a cover image):
    `forget_validation()` is called when those change.
    """

    def __init__(self) -> None:
        self._read: dict[Path, tuple[Any, SourceFile | None, list[Problem]]] = {}
        self._valid: dict[Path, tuple[Any, Item | None, list[Problem]]] = {}
        self._config: tuple[SiteConfig, str] | None = None

    def read(self, path: Path, shown: str, type_: Kind, report: Report) -> SourceFile | None:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, type_.name)
        entry = self._read.get(path)
        if entry is None or entry[0] != key:
            file_report = Report()
            entry = (key, super().read(path, shown, type_, file_report), file_report.problems)
            self._read[path] = entry
        report.extend(entry[2])
        return entry[1]

    def validate(self, source: SourceFile, config: SiteConfig, report: Report, slugs: Slugger) -> Item | None:
        key = (self._stamp(source.path), self._config_key(config))
        entry = self._valid.get(source.path)
        if entry is None or entry[0] != key:
            file_report = Report()
            entry = (key, super().validate(source, config, file_report, slugs), file_report.problems)
            self._valid[source.path] = entry
        report.extend(entry[2])
        item = entry[1]
        # load_items resolves links between items in place: hand out a fresh copy each time
        return replace(item, files=dict(item.files), links={}) if item is not None else None

    def _config_key(self, config: SiteConfig) -> str:
        """The config as text, made once per config object (each rebuild loads it afresh)."""
        if self._config is None or self._config[0] is not config:
            self._config = (config, repr(config))
        return self._config[1]

    def named_by_others(self, path: Path) -> bool:
        """Can a change of `path` change whether other files are valid? Images and attachments
        can; so can a page that appears or goes away (links to it). An edited page cannot."""
        return path.suffix != ".md" or not path.is_file() or path not in self._read

    def _stamp(self, path: Path) -> Any:
        entry = self._read.get(path)
        return entry[0] if entry else None

    def forget_validation(self) -> None:
        self._valid.clear()
