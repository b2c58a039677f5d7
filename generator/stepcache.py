"""Results of output steps kept between builds: in the build cache (`yizhan build --cache
DIR`), in memory (the live preview), or nowhere.

The cache is a value the build makes once and hands to whatever keeps results in it (the
output steps, as their fourth argument; the content reader, the page renderer, the
slugs, the offline bundle): `FolderCache(DIR)` for `--cache DIR`, `Resident()` for the
preview's pages between rebuilds, `NO_CACHE` for a plain `yizhan build`. A user asks it
for a `Memo` (`cache.memo(name, version)`) and looks results up under a key derived from
the *content* of their input (a hash, never a file time: a fresh CI checkout changes
every mtime). A memo's file keeps only the entries used by the last build, so it never
grows beyond one site's worth. A file that cannot be read is ignored (the step computes
afresh).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path
from typing import Any


class StepCache:
    """Keeps nothing: each `Memo` starts empty and `save` forgets it (`NO_CACHE`)."""

    keeps = False

    def memo(self, name: str, version: str) -> "Memo":
        """The memo `name`, with the entries the last build saved under the same `version`."""
        return Memo(self, name, version)

    def file(self, name: str) -> Path | None:
        """Where the memo `name` is stored, when it is a file (a step may keep files beside it)."""
        return None

    def load(self, name: str, version: str) -> dict[bytes, Any]:
        return {}

    def store(self, name: str, version: str, entries: dict[bytes, Any]) -> None:
        pass


NO_CACHE = StepCache()


class FolderCache(StepCache):
    """Memos as files in `folder/steps/` (`yizhan build --cache`; the preview's forked steps)."""

    keeps = True

    def __init__(self, folder: Path):
        self.folder = folder

    def file(self, name: str) -> Path:
        return self.folder / "steps" / f"{name}.pickle"

    def load(self, name: str, version: str) -> dict[bytes, Any]:
        path = self.file(name)
        if not path.is_file():
            return {}
        try:
            stored_version, entries = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a broken cache file only costs time
            return {}
        return entries if stored_version == version else {}

    def store(self, name: str, version: str, entries: dict[bytes, Any]) -> None:
        path = self.file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps((version, entries), protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)


class Resident(StepCache):
    """Memos kept in this process's memory between builds (the live preview's pages), not
    in files: what a forked process stores here is lost with it."""

    keeps = True

    def __init__(self) -> None:
        self.memos: dict[str, tuple[str, dict[bytes, Any]]] = {}

    def load(self, name: str, version: str) -> dict[bytes, Any]:
        stored_version, entries = self.memos.get(name, ("", {}))
        return entries if stored_version == version else {}

    def store(self, name: str, version: str, entries: dict[bytes, Any]) -> None:
        self.memos[name] = (version, entries)


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
    """A step's results by key, from `StepCache.memo`; `save()` keeps the entries used since
    it was opened (for the next build, when its cache keeps anything)."""

    def __init__(self, cache: StepCache, name: str, version: str):
        self.cache, self.name, self.version = cache, name, version
        self.keeps = cache.keeps   # are results kept for the next build (in a file or in memory)?
        self.path = cache.file(name)
        self.old: dict[bytes, Any] = cache.load(name, version)
        self.used: dict[bytes, Any] = {}

    def get(self, key: bytes) -> Any | None:
        value = self.old.get(key)
        if value is not None and self.keeps:
            self.used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        if self.keeps:
            self.used[key] = value

    def save(self) -> None:
        if self.keeps:
            self.cache.store(self.name, self.version, self.used)
