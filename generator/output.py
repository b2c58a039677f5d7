"""Writing the output directory atomically: build aside, then swap it in."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield an empty directory beside `target`; on success it replaces `target`.

    On any exception the new directory is removed and `target` is left exactly as it was.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield fresh
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    os.chmod(fresh, 0o755)
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """Put every file of `source` into `target` as a hard link (a copy across filesystems).

    Linked files share their bytes with `source`: whatever writes into either tree later
    must replace a file (unlink, then write) instead of writing into it."""
    link: Callable[[str, str], object] = os.link
    target.mkdir(parents=True, exist_ok=True)
    for folder, dirs, files in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source))
        for name in dirs:
            os.mkdir(os.path.join(into, name))
        for name in files:
            try:
                link(os.path.join(folder, name), os.path.join(into, name))
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
                link = shutil.copy2  # no hard links here: copy this file and the rest
                link(os.path.join(folder, name), os.path.join(into, name))
