"""Results of output steps kept in the build cache (`yizhan build --cache DIR`) between runs.

An output step that redoes the same work for unchanged input (deflating an unchanged page
into the offline zip, …) asks a `Memo` for the result under a key derived from the
*content* of its input (a hash, never a file time: a fresh CI checkout changes every mtime).
Without a cache folder (plain `yizhan build`) a `Memo` remembers nothing; `yizhan serve`
keeps its pages' memo in memory (`Resident`) between rebuilds.
A memo's file keeps only the entries used by the last build, so it never grows beyond
one site's worth. A file that cannot be read is ignored (the step computes afresh).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator

class Resident:
    """Memos kept in this process's memory between builds (the live preview), not in files."""

    def __init__(self) -> None:
        self.memos: dict[str, tuple[str, dict[bytes, Any]]] = {}


_FOLDER: ContextVar[Path | Resident | None] = ContextVar("yizhan_step_cache", default=None)
_IN_CONTEXT = object()  # a `Memo` keeps its results in the folder of `cache_folder`


@contextmanager
def cache_folder(folder: Path | Resident | None) -> Iterator[None]:
    """Steps run inside this may keep results in `folder` (None: they keep nothing)."""
    token = _FOLDER.set(folder)
    try:
        yield
    finally:
        _FOLDER.reset(token)


def digest(*parts: bytes) -> bytes:
    """A key for `Memo`: the hash of the parts (length-prefixed, so parts cannot run together)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little") + part)
    return h.digest()


@functools.cache
def code_version(*packages: str) -> str:
    """A memo's version for a step that runs much of yizhan: the hash of every source file of
    the `generator` package and the versions of `packages` (and of Python)."""
    import sys

    h = hashlib.sha256(sys.version.encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        h.update(digest(path.relative_to(root).as_posix().encode(), path.read_bytes()))
    h.update(package_versions(*packages).encode())
    return h.hexdigest()[:32]


@functools.cache
def source_version(*files: str) -> str:
    """A memo's version for a step made by a few modules: the hash of their source files."""
    return digest(*(Path(file).read_bytes() for file in files)).hex()[:16]


@functools.cache
def package_versions(*packages: str) -> str:
    """`name=version` of each installed package (`name=?` when it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in packages:
        try:
            found.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package}=?")
    return " ".join(found)


class Memo:
    """A step's results by key; `save()` writes the entries used since it was opened."""

    def __init__(self, name: str, version: str, folder: Path | Resident | None | object = _IN_CONTEXT):
        """`folder`: where results are kept (None: nowhere); by default, `cache_folder`'s."""
        folder = _FOLDER.get() if folder is _IN_CONTEXT else folder
        self.name = name
        self.resident = folder if isinstance(folder, Resident) else None
        self.path = folder / "steps" / f"{name}.pickle" if isinstance(folder, Path) else None
        self.version = version
        self.old: dict[bytes, Any] = {}
        self.used: dict[bytes, Any] = {}
        if self.resident and self.resident.memos.get(name, ("",))[0] == version:
            self.old = self.resident.memos[name][1]
        elif self.path and self.path.is_file():
            try:
                stored_version, entries = pickle.loads(self.path.read_bytes())
                if stored_version == version:
                    self.old = entries
            except Exception:  # noqa: BLE001 - a broken cache file only costs time
                self.old = {}

    @property
    def keeps(self) -> bool:
        """Are results kept for the next build (in a file or in memory)?"""
        return self.path is not None or self.resident is not None

    def get(self, key: bytes) -> Any | None:
        value = self.old.get(key)
        if value is not None and self.keeps:
            self.used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        if self.keeps:
            self.used[key] = value

    def save(self) -> None:
        if self.resident:
            self.resident.memos[self.name] = (self.version, self.used)
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps((self.version, self.used), protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(self.path)
