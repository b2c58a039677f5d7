"""`yizhan-offline.zip` (inside the output, so that the site can offer it for download):
the same site for `file://`, where MkDocs' directory links (`notices/`) would open a
folder listing: every relative link to a directory is rewritten to its `index.html`.
Entries are sorted and dated `site.today`, so the same build gives the same bytes.
With the build cache, a rebuild reads only the files that changed, and copies the
entries of the others from the bundle of the last build, kept in the cache.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import secrets
import shutil
import zipfile
import zlib
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator

from zlib_ng import zlib_ng

from generator.offline.sitefiles import UNUSED, Hashes, SiteFile
from generator.offline.worker import MANIFEST
from generator.offline.zipwriter import ZipWriter
from generator.stepcache import Memo, StepCache, source_version

BUNDLE = "yizhan-offline.zip"
BUNDLE_ROOT = "yizhan-offline"

# A relative link to a directory (not to another site, nor an absolute path): its path,
# before any query or fragment, ends with "/", or its last part is "." or "..". The literal
# attribute name first lets the pattern skip quickly through a page of a hundred links.
_FOLDER_LINK = re.compile(r'(?:href(?<=\shref)|src(?<=\ssrc))="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/)'
                          r'[^"#?]*(?:/|(?<![^/"])\.\.?)(?=[?#"])')
# The manifest and the feed link have no use in a folder.
_MANIFEST_LINK = re.compile(r'<link rel="(?:manifest|alternate feed)"[^>]*>\s*')


def _to_index(link: re.Match[str]) -> str:
    return link.group(0) + ("index.html" if link.group(0).endswith("/") else "/index.html")


def file_html(html: str) -> str:
    """A page for `file://`: links to directories point at their index.html; no manifest or feed link."""
    return _MANIFEST_LINK.sub("", _FOLDER_LINK.sub(_to_index, html))


_PACKED = (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".gz", ".woff2")

LEVEL = 6
ZIP_MEMO = "offline-zip"
# What the bundle makes of a file; an entry's key is its kind and the file's sha256.
HTML, DEFLATED, STORED = b"h", b"d", b"s"  # file_html, then deflate; deflate; as it is


# A zip entry: compression method, CRC and size of the file as zipped, and the (deflated) data.
Entry = tuple[int, int, int, bytes]
# The same, kept in the zip's memo: the data's offset and length in the bundle kept in the
# build cache (plain tuples: the memo of thousands loads faster than named ones).
Kept = tuple[int, int, int, int, int]
# Entries made ahead of `write_bundle` (as each file was written), by file name: (key, entry).
Made = dict[str, tuple[bytes, Entry]]


def zip_entry(name: str, data: bytes) -> tuple[bytes, Entry] | None:
    """The bundle's deflated entry for the file `name` of the site holding `data`, with its
    key, made ahead of `write_bundle` (MkDocs' page processes make it as they write each
    page); None for a file the bundle leaves out or stores as it is."""
    kind = _kind(name)
    if kind is None or kind == STORED:
        return None
    return kind + hashlib.sha256(data).digest(), _made(kind, data)


def entries_under(root: Path) -> Made:
    """`zip_entry` of every file under `root` (a step's own output folder), by name."""
    found = (path for path in root.rglob("*") if path.is_file())
    return {name: entry for path in found
            if (entry := zip_entry(name := path.relative_to(root).as_posix(), path.read_bytes())) is not None}


def write_bundle(out: Path, day: date, files: list[SiteFile], made: Made, cache: StepCache) -> list[bytes]:
    """The whole site, rewritten for file://, as a zip with fixed dates and order; returns
    the sha256 of each of `files` (each file is read at most once: see `Hashes`).

    An entry is found by its key (its kind and its file's sha256): in `made` (by `zip_entry`,
    as the file was written in this build: its hash is taken too, nothing writes into a file
    of the output after MkDocs), or copied from the bundle of the last build, kept in the
    build cache `cache`, or else made here (`file_html` and deflate, both deterministic, so
    the zip has the same bytes however its entries were made)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    memo = cache.memo(ZIP_MEMO, f"{source_version(__file__)} zlib-ng {zlib_ng.ZLIBNG_VERSION} level {LEVEL}")
    ahead = dict(made.values())
    hashes, found = Hashes({name: key[1:] for name, (key, _) in made.items()}, cache), []
    kept = _KeptBundle(memo)
    target = out / BUNDLE
    target.unlink(missing_ok=True)  # the bundle of an earlier build may be linked to the kept one
    with open(target, "wb", buffering=1 << 20) as stream, kept.opened() as earlier:
        bundle = ZipWriter(stream, stamp)
        for file in files:
            sha, data = hashes.of(file)
            found.append(sha)
            kind = _kind(file.name)
            if kind is None:
                continue
            key = kind + sha
            entry: Entry | Kept | None = ahead.get(key)
            if entry is None:
                entry = memo.get(key)
            if entry is not None and len(entry) == 5:  # in the kept bundle
                method, crc, size, offset, length = entry
                entry = (method, crc, size, earlier[offset:offset + length]) if earlier is not None else None
            if entry is None:
                entry = _made(kind, file.read() if data is None else data)
            method, crc, size, deflated = entry
            offset = bundle.add(f"{BUNDLE_ROOT}/{file.name}", method, crc, size, deflated)
            memo.put(key, (method, crc, size, offset, len(deflated)))
        bundle.close()
    kept.keep(target)
    memo.save()
    kept.forget_others()
    hashes.save()
    return found


def _kind(name: str) -> bytes | None:
    if name.endswith(".map") or name.startswith(UNUSED) or name == MANIFEST:
        return None  # left out
    if name.endswith(_PACKED):  # compressing these again costs time and saves nothing
        return STORED
    return HTML if name.endswith(".html") else DEFLATED


def _made(kind: bytes, data: bytes) -> Entry:
    """The entry of a file in the bundle, as zipfile would make it (one raw deflate stream)."""
    if kind == STORED:
        return zipfile.ZIP_STORED, zlib.crc32(data), len(data), data
    if kind == HTML:
        data = file_html(data.decode("utf-8")).encode("utf-8")
    deflate = zlib_ng.compressobj(LEVEL, zlib_ng.DEFLATED, -15)  # faster than zlib's 4; 2 % above its 6
    return zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), deflate.compress(data) + deflate.flush()


class _KeptBundle:
    """The bundle of the last build, kept in the build cache (a hard link, else a copy)
    beside the zip's memo, which says where each entry's data lies in it. Each build keeps
    its bundle under a new name, recorded in the memo (with its size) by the same atomic
    save as the entries: a memo never describes another build's zip."""

    RECORD = b""  # the memo's key of the kept bundle's name and size (entry keys are longer)

    def __init__(self, memo: Memo):
        self.memo = memo
        self.folder = memo.path.parent if memo.path is not None else None
        self.path: Path | None = None
        record = memo.get(self.RECORD)
        if self.folder is not None and record is not None:
            name, size = record
            try:
                if (self.folder / name).stat().st_size == size:
                    self.path = self.folder / name
            except OSError:
                pass

    @contextmanager
    def opened(self) -> Iterator[mmap.mmap | None]:
        if self.path is None:
            yield None
            return
        with open(self.path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped

    def keep(self, bundle: Path) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{ZIP_MEMO}-{secrets.token_hex(8)}.zip"
        try:
            os.link(bundle, self.path)
        except OSError:
            shutil.copyfile(bundle, self.path)  # another file system, or no hard links
        self.memo.put(self.RECORD, (self.path.name, self.path.stat().st_size))

    def forget_others(self) -> None:
        """Delete the bundles kept by earlier builds (once the memo names the new one)."""
        if self.folder is None:
            return
        for path in self.folder.glob(f"{ZIP_MEMO}-*.zip"):
            if path != self.path:
                path.unlink(missing_ok=True)

