"""The files of the output and their sha256, each file read at most once per build (a
hash cache, like git's index, keeps the hashes of unchanged files between builds)."""

from __future__ import annotations

import hashlib
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from generator.stepcache import StepCache

# Material ships lunr and its search worker even without its search plugin: ours replaces them.
UNUSED = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
HASH_MEMO = "offline-hashes"
# A file changed this shortly before it was hashed may change again within the same tick of
# the file system's clock and keep its modification time (some file systems count seconds
# or two): its hash is not remembered ("racy git").
SETTLE_NS = 2_000_000_000


@dataclass
class SiteFile:
    """A file of the output, as listed before the worker and the zip are written."""
    name: str  # relative to the output folder, with "/"
    path: str
    stat: os.stat_result

    def identity(self) -> bytes:
        """Name, file system, inode, size and modification time: see `Hashes`."""
        s = self.stat
        return self.name.encode("utf-8") + struct.pack("<QQQq", s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)

    def read(self) -> bytes:
        with open(self.path, "rb") as file:
            return file.read()


def site_files(out: Path, leave_out: tuple[str, ...] = ()) -> list[SiteFile]:
    """Every file of the site (but those named `leave_out`, in any folder, and the web
    server's `name.gz` copies of a file beside them), sorted by name, as `os.walk` lists
    them (symbolic links to folders are not followed)."""
    found: list[SiteFile] = []

    def scan(folder: str, prefix: str) -> None:
        with os.scandir(folder) as listing:
            entries = list(listing)
        names = {entry.name for entry in entries}
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    scan(entry.path, f"{prefix}{entry.name}/")
            elif entry.name not in leave_out and not (entry.name.endswith(".gz") and entry.name[:-3] in names):
                found.append(SiteFile(prefix + entry.name, entry.path, entry.stat()))

    scan(str(out), "")
    found.sort(key=lambda file: file.name)
    return found


class Hashes:
    """The sha256 of each file of the site, for the worker's version and the zip's keys.

    A file is read (and hashed) at most once per build, and a file MkDocs wrote in this
    build not at all: its page process hashed it (`written`). With the build cache,
    the hash of a file unchanged since the last build comes from there instead, known, like in git's
    index, by its name, file system, inode, size and modification time (in nanoseconds).
    The pages in the output are hard links to MkDocs' pages in the cache, which MkDocs
    replaces (a new inode, dated when written) and never writes into
    (`engine._new_files_only`, `output.link_tree`); a file written into is dated anew too.
    Either way its time is later than the one remembered, so a file that kept all five is
    the file that was hashed (unless someone set its time back on purpose). The change
    time is left out: linking a page into a new output changes it. A cache restored by a
    CI from an archive has new inodes: every file is read once, as without the cache. A
    file changed less than `SETTLE_NS` before it was hashed is not remembered (see there)."""

    def __init__(self, written: dict[str, bytes], cache: StepCache) -> None:
        """`written`: the sha256 of files written in this build, by name; `cache`: the build cache."""
        self.memo = cache.memo(HASH_MEMO, "sha256 of name, st_dev, st_ino, st_size, st_mtime_ns")
        self.written = written
        self.settled = time.time_ns() - SETTLE_NS

    def of(self, file: SiteFile) -> tuple[bytes, bytes | None]:
        """The file's sha256, and its bytes when it had to be read."""
        sha = self.written.get(file.name)
        if sha is not None:
            return sha, None
        key = file.identity() if self.memo.keeps else b""
        sha = self.memo.get(key) if key else None
        if sha is not None:
            return sha, None
        data = file.read()
        sha = hashlib.sha256(data).digest()
        if key and file.stat.st_mtime_ns < self.settled:
            self.memo.put(key, sha)
        return sha, data

    def save(self) -> None:
        self.memo.save()
