"""Precompressed copies for the web server: `name.gz` (and `name.br`) beside every text file
of the output, so that nginx's `gzip_static on;` (and `brotli_static on;`) sends them
without compressing on each request. Written after everything else, so that neither the
offline zip nor the service worker's list has them (a folder or a phone has no use for them).

Byte-reproducible: gzip with mtime 0 and no file name, brotli has no header to vary.
Levels are chosen for the build's time (gzip 6, brotli 4: under 2 s of CPU at 2,000 items,
on 2 threads, since zlib and brotli release the GIL); with a build cache the copies of an
unchanged file are kept by the hash of its bytes (stepcache.Memo).
"""

from __future__ import annotations

import gzip
import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.stepcache import StepCache, package_versions, source_version

try:
    import brotli
except ImportError:  # pragma: no cover - an optional speed-up for the server, not the site
    brotli = None

TEXT = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".ics", ".webmanifest", ".txt", ".map"}
GZIP_LEVEL = 6
BROTLI_QUALITY = 4   # 5 cost ~0.6 s more CPU at 2,000 items for a few per cent smaller files


def text_files(out: Path) -> list[Path]:
    """The files a browser fetches as text, in a stable order."""
    return sorted(p for p in out.rglob("*") if p.suffix in TEXT and p.is_file() and not p.is_symlink())


def compressed(data: bytes) -> tuple[bytes, bytes | None]:
    """(gzip, brotli or None) of `data`, the same bytes every time."""
    return (gzip.compress(data, GZIP_LEVEL, mtime=0),
            brotli.compress(data, quality=BROTLI_QUALITY) if brotli else None)


def precompress(out: Path, cache: StepCache, jobs: int = 2) -> int:
    """Write `.gz` (and `.br`) beside every text file under `out`, the copies of unchanged
    files taken from `cache`; returns how many files."""
    memo = cache.memo("precompress", f"{source_version(__file__)} {package_versions('brotli')} {GZIP_LEVEL} {BROTLI_QUALITY}")

    def one(path: Path) -> None:
        data = path.read_bytes()
        key = hashlib.blake2b(data, digest_size=20).digest() if memo.keeps else b""
        copies = memo.get(key) if key else None
        if copies is None:
            copies = compressed(data)
            if key:
                memo.put(key, copies)
        for suffix, copy in zip((".gz", ".br"), copies):
            target = path.with_name(path.name + suffix)
            if copy is not None and not target.exists():  # MkDocs' own sitemap.xml.gz stays
                target.write_bytes(copy)

    files = text_files(out)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(one, files))
    memo.save()
    return len(files)
