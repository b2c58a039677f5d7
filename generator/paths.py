"""`Path.resolve()` for the thousands of files of a site, each folder resolved once."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def resolved(path: Path) -> Path:
    """`path.resolve()`: the real path of its folder (remembered: a site has thousands of
    files in a few folders), then its name, followed if it is a symbolic link."""
    folder, name = os.path.split(os.path.join(os.getcwd(), path))
    if name in ("", ".", ".."):
        return path.resolve()
    real = os.path.join(_real_folder(folder), name)
    return Path(os.path.realpath(real) if os.path.islink(real) else real)


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def forget_folders() -> None:
    """Resolve folders afresh (a long-running preview: a folder may have become a link)."""
    _real_folder.cache_clear()
