"""Precompressed copies for the web server: `name.gz` beside every text file of the output,
so that nginx's `gzip_static on;` sends them without compressing on each request. Written
after everything else, so that neither the offline zip nor the service worker's list has
them (a folder or a phone has no use for them).

Byte-reproducible: gzip with mtime 0 and no file name. Gzip 6 on 2 threads (zlib releases
the GIL) takes ~1 s of CPU at 2,000 items (60 MB of text → 13.4 MB). No `.br`: measured on
the same files, brotli at the quality that costs as much (4: 0.9 s) is no smaller (13.6 MB),
and the one that is (5: 12.1 MB) costs 1.3 s more of every build and 3,000 more files for
servers that rarely have the brotli module. With a build cache the copies of an unchanged
file are kept by the hash of its bytes (stepcache.Memo).
"""

from __future__ import annotations

import gzip
import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.stepcache import StepCache, source_version

TEXT = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".ics", ".webmanifest", ".txt", ".map"}
GZIP_LEVEL = 6


def text_files(out: Path) -> list[Path]:
    """The files a browser fetches as text, in a stable order."""
    return sorted(p for p in out.rglob("*") if p.suffix in TEXT and p.is_file() and not p.is_symlink())


def compressed(data: bytes) -> bytes:
    """The gzip of `data`, the same bytes every time."""
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


def precompress(out: Path, cache: StepCache, jobs: int = 2) -> int:
    """Write `.gz` beside every text file under `out`, the copies of unchanged files taken
    from `cache`; returns how many files."""
    memo = cache.memo("precompress", f"{source_version(__file__)} {GZIP_LEVEL}")

    def one(path: Path) -> None:
        data = path.read_bytes()
        key = hashlib.blake2b(data, digest_size=20).digest() if memo.keeps else b""
        copy = memo.get(key) if key else None
        if copy is None:
            copy = compressed(data)
            if key:
                memo.put(key, copy)
        target = path.with_name(path.name + ".gz")
        if not target.exists():  # MkDocs' own sitemap.xml.gz stays
            target.write_bytes(copy)

    files = text_files(out)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(one, files))
    memo.save()
    return len(files)
