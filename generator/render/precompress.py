"""Precompressed copies for the web server: `name.gz` beside every text file of the output,
so that nginx's `gzip_static on;` sends them without compressing on each request. Neither the
offline zip nor the service worker's list has them (a folder or a phone has no use for them:
`offline.sitefiles` leaves out a `.gz` beside its file).

Made where the files are made: a page's copy in the page process that writes it
(`BesideEachWrite`, an `on_write` of the engine; with a build cache it stays beside the page
in the cache's pages, so a rebuild links it with the page instead of compressing it again),
the files of the steps run beside the pages in their process, and what is left (the theme's
files, the offline files, the posters' index) at the end by `precompress`, which keeps the
copies of unchanged files by the hash of their bytes (stepcache.Memo). Byte-reproducible: gzip
with mtime 0 and no file name. Gzip 6 by zlib-ng: ~0.4 s of CPU at 2,000 items (49 MB of
HTML → 11.7 MB), where zlib's takes 0.63 s for files 2 % smaller. No `.br`: measured on the
same files, brotli at the quality that costs as much (4: 0.9 s) is no smaller (13.6 MB), and
the one that is (5: 12.1 MB) costs 1.3 s more of every build and 3,000 more files for
servers that rarely have the brotli module.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zlib_ng import gzip_ng, zlib_ng

from generator.stepcache import StepCache, source_version

TEXT = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".ics", ".webmanifest", ".txt", ".map"}
GZIP_LEVEL = 6


def text_files(out: Path, without_copy: bool = False) -> list[Path]:
    """The files a browser fetches as text (not symbolic links), in a stable order; with
    `without_copy`, only those with no `.gz` beside them yet. One `os.walk`, names compared
    as strings: `Path.rglob` and a `stat` per file took 0.4 s at 2,000 items (7,000 files),
    at the very end of the build, while one core waits."""
    found = []
    for folder, _, names in os.walk(out):
        present = set(names) if without_copy else set()
        for name in names:
            if os.path.splitext(name)[1] in TEXT and name + ".gz" not in present:
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    found.append(Path(path))
    return sorted(found)


def compressed(data: bytes) -> bytes:
    """The gzip of `data`, the same bytes every time."""
    return gzip_ng.compress(data, GZIP_LEVEL, mtime=0)


def copy_path(path: Path) -> Path:
    """Where the precompressed copy of `path` goes."""
    return path.with_name(path.name + ".gz")


def precompress(out: Path, cache: StepCache, jobs: int = 2, memo_name: str = "precompress") -> int:
    """Write `.gz` beside every text file under `out` that has none yet (the pages have
    theirs, MkDocs' sitemap.xml its own), the copies of unchanged files taken from `cache`
    (its memo `memo_name`: one for each process that calls this); returns how many written."""
    memo = cache.memo(memo_name, f"{source_version(__file__)} zlib-ng {zlib_ng.ZLIBNG_VERSION} {GZIP_LEVEL}")

    def one(path: Path) -> None:
        data = path.read_bytes()
        key = hashlib.blake2b(data, digest_size=20).digest() if memo.keeps else b""
        copy = memo.get(key) if key else None
        if copy is None:
            copy = compressed(data)
            if key:
                memo.put(key, copy)
        copy_path(path).write_bytes(copy)

    files = text_files(out, without_copy=True)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(one, files))
    memo.save()
    return len(files)


class BesideEachWrite:
    """An `on_write` of the engine (render/engine/page_processes.OnWrite): the copy of each
    text file MkDocs writes under `root`, made in the process that writes it. The copy it
    replaces is unlinked first: a cached build's pages are hard links shared with the
    published output (see `mkdocs_patches.new_files_only`)."""

    def __init__(self, root: Path):
        self.root = root

    def __call__(self, path: str, content: bytes) -> None:
        if Path(path).suffix in TEXT and path != "sitemap.xml":  # MkDocs gzips that one itself
            target = copy_path(self.root / path)
            target.unlink(missing_ok=True)
            target.write_bytes(compressed(content))

    def take(self) -> None:
        """Nothing to bring back from a page process: the copies are on disk."""

    def add(self, taken: None) -> None:
        """See `take`."""
