"""Writing the output directory atomically: build aside, then swap it in."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_directory(target: Path, spare: Path | None = None) -> Iterator[Path]:
    """Yield a directory beside `target`; on success it replaces `target`.

    On any exception the new directory is removed and `target` is left exactly as it was.
    The directory is empty, unless `spare` is given (a folder in the build cache): then the
    output it replaces is moved there instead of deleted, and the next call yields it back,
    to be brought up to date by `link_tree` (on a disk where creating and deleting a folder
    takes a millisecond, thousands of page folders cost more than linking the pages).
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    if spare is not None and spare.is_dir() and not _move(spare, fresh):
        shutil.rmtree(spare, ignore_errors=True)
    try:
        yield fresh
    except BaseException:
        _discard(fresh, spare)
        raise
    os.chmod(fresh, 0o755)
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    _discard(old, spare)


def _move(folder: Path, to: Path) -> bool:
    try:
        os.replace(folder, to)
        return True
    except OSError:  # another filesystem: no spare
        return False


def _discard(folder: Path, spare: Path | None) -> None:
    """Keep `folder` as the spare, or delete it."""
    if folder.is_dir() and not (spare is not None and not spare.exists() and _move(folder, spare)):
        shutil.rmtree(folder, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """Make `target` hold exactly the files of `source`, each a hard link to it (a copy
    across filesystems): a file already linked stays, anything else in `target` goes.

    Linked files share their bytes with `source`: whatever writes into either tree later
    must replace a file (unlink, then write) instead of writing into it."""
    target.mkdir(parents=True, exist_ok=True)
    _mirror(str(source), str(target))


def _mirror(source: str, target: str) -> None:
    present = {entry.name: entry for entry in os.scandir(target)}
    for entry in os.scandir(source):
        into = os.path.join(target, entry.name)
        there = present.pop(entry.name, None)
        if entry.is_dir(follow_symlinks=False):
            if there is None or not there.is_dir(follow_symlinks=False):
                _remove(there)
                os.mkdir(into)
            _mirror(entry.path, into)
        elif there is None or there.inode() != entry.inode():
            _remove(there)
            _link(entry.path, into)
    for there in present.values():
        _remove(there)


def _remove(entry: os.DirEntry[str] | None) -> None:
    if entry is None:
        return
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target)  # no hard links here
