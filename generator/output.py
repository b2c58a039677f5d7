"""Writing the output directory atomically: build aside, then swap it in.

Only a folder yizhan made is ever replaced: each output carries `MARKER`, and a folder
without it that holds anything, the site's own files, `/` and the home folder are refused
(`UnsafeOutput`). Whatever a killed build left beside the output or in the temp folder is
cleared by the next one (`sweep`), by the PID in its name.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

MARKER = ".yizhan-output"   # in every folder yizhan writes as a whole: it may replace it


class UnsafeOutput(Exception):
    """The output folder names something yizhan must not replace (a usage error)."""


def check_replaceable(target: Path, keep: Iterable[Path] = ()) -> None:
    """Raise UnsafeOutput unless replacing `target` can lose nothing but an old output.

    `keep` are the site's own files and folders (config, content/, theme/): the output
    may be neither one of them, nor inside one, nor around one.
    """
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"输出位置 {target} 是一个文件，不是目录：请用 --out 指定一个新的或空的目录")
    if target == Path(target.anchor) or target == Path.home().resolve():
        where = "根目录" if target == Path(target.anchor) else "你的主目录"
        raise UnsafeOutput(f"不能输出到 {target}（{where}）：它会被整个替换。请用 --out 指定一个新的或空的目录，如 site/")
    for kept in keep:
        kept = kept.resolve()
        if kept != target and kept.is_relative_to(target):
            raise UnsafeOutput(f"不能输出到 {target}：它包含站点自己的 {kept.name}，输出时会被整个替换。"
                               "请用 --out 指定站点之外或 site/ 这样的新目录")
        if kept.is_dir() and target.is_relative_to(kept):
            raise UnsafeOutput(f"不能输出到 {target}：它在站点的 {kept.name}/ 里面，生成的网站会混进内容。"
                               "请用 --out 指定 site/ 这样的新目录")
    if target.is_dir() and not made_by_yizhan(target):
        raise UnsafeOutput(f"{target} 里已有别的文件，不是 yizhan 生成的：为安全起见不覆盖它。"
                           "请用 --out 换一个新的或空的目录（或先自己移走里面的文件）")


def made_by_yizhan(folder: Path) -> bool:
    """Empty, marked, or an output of a yizhan from before the marker (its pages say so)."""
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        return True
    index = folder / "index.html"
    return index.is_file() and "yizhan" in index.read_text(encoding="utf-8", errors="replace")[:200_000]


@contextmanager
def atomic_directory(target: Path, spare: Path | None = None, keep: Iterable[Path] = (),
                     label: str = "yizhan") -> Iterator[Path]:
    """Yield a directory beside `target`; on success it replaces `target`.

    `target` is checked first (`check_replaceable` with `keep`). On any exception the new
    directory is removed and `target` is left exactly as it was. The directory is empty,
    unless `spare` is given (a folder in the build cache): then the output it replaces is
    moved there instead of deleted, and the next call yields it back, to be brought up to
    date by `link_tree` (on a disk where creating and deleting a folder takes a
    millisecond, thousands of page folders cost more than linking the pages). `label`
    goes into the marker file (the site's name).
    """
    target = target.resolve()
    check_replaceable(target, keep)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_beside(target)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    if spare is not None and spare.is_dir() and not _move(spare, fresh):
        shutil.rmtree(spare, ignore_errors=True)
    try:
        yield fresh
        (fresh / MARKER).write_text(f"{label}\n", encoding="utf-8")
    except BaseException:
        _discard(fresh, spare)
        raise
    os.chmod(fresh, 0o755)
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    _discard(old, spare)


# -- what killed builds left ----------------------------------------------------------
def temp_prefix(name: str) -> str:
    """Prefix of a temporary folder that `sweep` may remove once this process is gone."""
    return f"{name}{os.getpid()}-"


def sweep(folder: Path, name: str) -> None:
    """Remove `<name><pid>-*` folders in `folder` whose process no longer runs."""
    pattern = re.compile(re.escape(name) + r"(\d+)-")
    for entry in _entries(folder):
        found = pattern.match(entry.name)
        if found and entry.is_dir(follow_symlinks=False) and not _running(int(found.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)


def sweep_beside(target: Path) -> None:
    """Clear a dead build's `.<name>.new-*` beside `target`; its `.old-*` is the previous
    output when the build died between the two renames: it is put back, not removed."""
    sweep(target.parent, f".{target.name}.new-")
    pattern = re.compile(re.escape(f".{target.name}.old-") + r"(\d+)$")
    for entry in _entries(target.parent):
        found = pattern.match(entry.name)
        if not found or _running(int(found.group(1))):
            continue
        if target.exists():
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.replace(entry.path, target)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a number we cannot ask about: keep
    return True


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
