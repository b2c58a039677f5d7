"""Offline: the service worker, the web app manifest and its icons, and the file:// bundle.

- `sw.js` is generated at build time. Its version is a hash of the whole output, so any
  rebuild that changes a page changes the worker, and browsers install the new one. It
  precaches the shell (Material's and our CSS/JS, icons, the search meta), the home page,
  the list pages, the tag index and the calendar, and keeps every page a reader visits.
  Service workers exist only in a secure context (HTTPS, or localhost / 127.0.0.1):
  theme/assets/offline.js registers it only there; a plain http:// campus host gets none.
- `manifest.webmanifest` with PNG icons drawn here (the site's first character on its
  primary colour) makes the site installable.
- `yizhan-offline.zip` (inside the output, so that the site can offer it for download):
  the same site for `file://`, where MkDocs' directory links (`notices/`) would open a
  folder listing: every relative link to a directory is rewritten to its `index.html`.
  Entries are sorted and dated `site.today`, so the same build gives the same bytes.
  With the build cache, a rebuild reads only the files that changed, and copies the
  entries of the others from the bundle of the last build, kept in the cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import mmap
import os
import re
import secrets
import shutil
import struct
import subprocess
import time
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO, Iterator

from generator.content.types import TYPES
from generator.model import Site
from generator.problems import Report
from generator.render.pages import media_path
from generator.render.templates import DEFAULT_THEME
from generator.stepcache import Memo, ahead, keeping, made_ahead, source_version

BUNDLE = "yizhan-offline.zip"
BUNDLE_ROOT = "yizhan-offline"
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
ICON_DIR = "assets/icons"
ICON_SIZES = (192, 512)
ICON_MEMO = "offline-icons"
PRECACHE_SEARCH_LIMIT = 1_000_000   # bytes: a bigger search index is cached as it is used
# Material ships lunr and its search worker even without its search plugin: ours replaces them.
UNUSED = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


# Material's primary colours (its palette's 500 shades), for the icon and the browser bar.
MATERIAL_HEX = {
    "red": "#ef5350", "pink": "#e92063", "purple": "#ab47bc", "deep-purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light-green": "#8bc34a", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep-orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue-grey": "#546d78", "black": "#000000",
    "white": "#ffffff",
}


def write_offline(site: Site, out: Path, report: Report) -> None:
    """Output step (keep it last): icons, manifest, the file:// zip, then the service worker."""
    write_icons(site, out)
    write_manifest(site, out)
    files = site_files(out)  # the worker and the zip are not among them: one listing serves both
    hashes = write_bundle(out, site.today, files)
    write_worker(site, out, files, hashes)


# -- icons and manifest ---------------------------------------------------------------
def _cjk_font() -> tuple[str, str] | None:
    """A font file that has Chinese glyphs (fontconfig), with what tells its versions apart
    (its version and size: the icons' memo key), or None."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh-cn", "file", "fontversion"], capture_output=True,
                                text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts = sorted((line.split(":")[0].strip(), line.strip()) for line in listed.splitlines() if line.strip())
    bold = [font for font in fonts if "Bold" in font[0] and "CJK" in font[0]]
    if not (bold or fonts):
        return None
    file, described = (bold or fonts)[0]
    try:
        return file, f"{described} {os.path.getsize(file)} bytes"
    except OSError:
        return None


def icon_png(letter: str, colour: str, size: int, font_file: str | None) -> bytes:
    """A square icon: `letter` in white on `colour` (a simple house when no CJK font)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    if font_file and letter:
        font = ImageFont.truetype(font_file, int(size * 0.58))
        draw.text((size / 2, size / 2), letter, fill="white", font=font, anchor="mm")
    else:
        s = size / 100
        draw.polygon([(20 * s, 50 * s), (50 * s, 22 * s), (80 * s, 50 * s)], fill="white")
        draw.rectangle([30 * s, 48 * s, 70 * s, 78 * s], fill="white")
        draw.rectangle([44 * s, 58 * s, 56 * s, 78 * s], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_icons(site: Site, out: Path) -> None:
    """The app icons; with the build cache, drawn again only when what they show changes."""
    import PIL

    colour = MATERIAL_HEX[site.config.theme.primary]
    letter = next((ch for ch in site.config.site_name if not ch.isspace()), "")
    font = _cjk_font() if not letter.isascii() else None
    memo = Memo(ICON_MEMO, f"{source_version(__file__)} pillow {PIL.__version__}")
    key = json.dumps([letter, colour, font, ICON_SIZES], ensure_ascii=False).encode("utf-8")
    icons = memo.get(key)
    if icons is None:
        icons = [icon_png(letter, colour, size, font and font[0]) for size in ICON_SIZES]
        memo.put(key, icons)
    memo.save()
    target = out / ICON_DIR
    target.mkdir(parents=True, exist_ok=True)
    for size, png in zip(ICON_SIZES, icons, strict=True):
        (target / f"icon-{size}.png").write_bytes(png)


def write_manifest(site: Site, out: Path) -> None:
    config = site.config
    colour = MATERIAL_HEX[config.theme.primary]
    manifest = {
        "name": config.site_name,
        "short_name": config.site_name[:12],
        "description": config.description or config.site_name,
        "lang": "zh-CN",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [{"src": f"{ICON_DIR}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in ICON_SIZES],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# -- the files of the site ---------------------------------------------------------------
@dataclass
class SiteFile:
    """A file of the output, as listed before the worker and the zip are written."""
    name: str  # relative to the output folder, with "/"
    path: str
    stat: os.stat_result

    def identity(self) -> bytes:
        """Name, file system, inode, size and modification time: see `_Hashes`."""
        s = self.stat
        return self.name.encode("utf-8") + struct.pack("<QQQq", s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)


def site_files(out: Path) -> list[SiteFile]:
    """Every file of the site (but the bundle and the worker), sorted by name, as `os.walk`
    lists them (symbolic links to folders are not followed)."""
    found: list[SiteFile] = []

    def scan(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.is_symlink():
                        scan(entry.path, f"{prefix}{entry.name}/")
                elif entry.name not in (BUNDLE, WORKER):
                    found.append(SiteFile(prefix + entry.name, entry.path, entry.stat()))

    scan(str(out), "")
    found.sort(key=lambda file: file.name)
    return found


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


HASH_MEMO = "offline-hashes"
WRITTEN = "offline-written"  # made ahead: the sha256 of each file MkDocs wrote in this build, by name
# A file changed this shortly before it was hashed may change again within the same tick of
# the file system's clock and keep its modification time (some file systems count seconds
# or two): its hash is not remembered ("racy git").
SETTLE_NS = 2_000_000_000


class _Hashes:
    """The sha256 of each file of the site, for the worker's version and the zip's keys.

    A file is read (and hashed) at most once per build, and a file MkDocs wrote in this
    build not at all: its page process hashed it (`entries_ahead`). With the build cache,
    the hash of a file unchanged since the last build comes from there instead, known, like in git's
    index, by its name, file system, inode, size and modification time (in nanoseconds).
    The pages in the output are hard links to MkDocs' pages in the cache, which MkDocs
    replaces (a new inode, dated when written) and never writes into
    (`engine.mkdocs_patches.new_files_only`, `output.link_tree`); a file written into is dated anew too.
    Either way its time is later than the one remembered, so a file that kept all five is
    the file that was hashed (unless someone set its time back on purpose). The change
    time is left out: linking a page into a new output changes it. A cache restored by a
    CI from an archive has new inodes: every file is read once, as without the cache. A
    file changed less than `SETTLE_NS` before it was hashed is not remembered (see there)."""

    def __init__(self) -> None:
        self.memo = Memo(HASH_MEMO, "sha256 of name, st_dev, st_ino, st_size, st_mtime_ns")
        self.written = ahead(WRITTEN)
        self.settled = time.time_ns() - SETTLE_NS

    def of(self, file: SiteFile) -> tuple[bytes, bytes | None]:
        """The file's sha256, and its bytes when it had to be read."""
        sha = self.written.get(file.name.encode("utf-8"))
        if sha is not None:
            return sha, None
        key = file.identity() if self.memo.keeps else b""
        sha = self.memo.get(key) if key else None
        if sha is not None:
            return sha, None
        data = _read(file.path)
        sha = hashlib.sha256(data).digest()
        if key and file.stat.st_mtime_ns < self.settled:
            self.memo.put(key, sha)
        return sha, data

    def save(self) -> None:
        self.memo.save()


# -- the service worker ----------------------------------------------------------------
def precache_list(site: Site, out: Path, files: list[str]) -> list[str]:
    """URLs (relative to the site root) the worker fetches when it is installed."""
    pages = ["./"] + [f"{t.name}/" for t in TYPES if t.listed and (out / t.name / "index.html").is_file()]
    pages += [f.removesuffix("index.html") for f in files
              if (f.startswith("calendar/") or f == "tags/index.html") and f.endswith("index.html")]
    shell = [f for f in files if f.startswith("assets/") and not f.endswith(".map") and not f.startswith(UNUSED)]
    shell.append(MANIFEST)
    if site.config.logo_path:
        shell.append(media_path(site.config, site.config.logo_path))
    search = [f for f in files if f.startswith("search/")]
    if sum((out / f).stat().st_size for f in search) <= PRECACHE_SEARCH_LIMIT:
        shell += search
    else:
        shell += [f for f in search if f == "search/meta.js"]
    return list(dict.fromkeys(pages + sorted(shell)))


def content_version(files: list[SiteFile], hashes: list[bytes]) -> str:
    """A hash of every file's name and content (`hashes`: their sha256, in the same order)."""
    digest = hashlib.sha256()
    for file, sha in zip(files, hashes, strict=True):
        digest.update(file.name.encode("utf-8") + b"\0")
        digest.update(sha)
    return digest.hexdigest()[:16]


def write_worker(site: Site, out: Path, files: list[SiteFile], hashes: list[bytes]) -> None:
    template = (DEFAULT_THEME / "offline" / "sw.js").read_text(encoding="utf-8")
    config = json.dumps({"version": content_version(files, hashes),
                         "precache": precache_list(site, out, [file.name for file in files])},
                        ensure_ascii=False, indent=1)
    (out / WORKER).write_text(template.replace("/*YIZHAN_CONFIG*/{}", config), encoding="utf-8")


# -- the file:// bundle -------------------------------------------------------------------
_LINK = re.compile(r'(\s(?:href|src)=")([^"#?]*)([?#][^"]*)?"')
# The manifest, and feed links (Material fetches a sitemap beside every rel=alternate link;
# on file:// that is a blocked request), have no use in a folder.
_MANIFEST_LINK = re.compile(r'<link rel="(?:manifest|alternate)"[^>]*>\s*')


def _directory_link(match: re.Match[str]) -> str:
    attribute, path, rest = match.group(1), match.group(2), match.group(3) or ""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/", path):
        return match.group(0)  # another site, or an absolute path
    if not (path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")):
        return match.group(0)  # a file, or a link within the page
    return f'{attribute}{path.rstrip("/") or "."}/index.html{rest}"'


def file_html(html: str) -> str:
    """A page for `file://`: links to directories point at their index.html; no manifest or feed link."""
    return _MANIFEST_LINK.sub("", _LINK.sub(_directory_link, html))


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


def zip_entry(name: str, data: bytes) -> tuple[bytes, Entry] | None:
    """The bundle's deflated entry for the file `name` of the site holding `data`, with its
    key, made ahead of `write_bundle` (MkDocs' page workers make it as they write each
    page); None for a file the bundle leaves out or stores as it is."""
    kind = _kind(name)
    if kind is None or kind == STORED:
        return None
    return kind + hashlib.sha256(data).digest(), _made(kind, data)


def entries_under(root: Path) -> dict[str, tuple[bytes, Entry]]:
    """`zip_entry` of every file under `root` (a step's own output folder), by name. None with
    a build cache: its last bundle holds the entries of the files that did not change."""
    if keeping():
        return {}
    found = (path for path in root.rglob("*") if path.is_file())
    return {name: entry for path in found
            if (entry := zip_entry(name := path.relative_to(root).as_posix(), path.read_bytes())) is not None}


@contextmanager
def entries_ahead(made: dict[str, tuple[bytes, Entry]]) -> Iterator[None]:
    """Inside this, `write_bundle` takes the entries `zip_entry` made for the files MkDocs
    wrote in this build (by their names) instead of making them, and their hashes instead
    of reading the files again (nothing writes into a file of the output after MkDocs)."""
    written = {name.encode("utf-8"): key[1:] for name, (key, _) in made.items()}
    with made_ahead(ZIP_MEMO, dict(made.values())), made_ahead(WRITTEN, written):
        yield


def write_bundle(out: Path, day: date, files: list[SiteFile]) -> list[bytes]:
    """The whole site, rewritten for file://, as a zip with fixed dates and order; returns
    the sha256 of each of `files` (each file is read at most once: see `_Hashes`).

    An entry is found by its key (its kind and its file's sha256): made ahead as MkDocs
    wrote the page (`entries_ahead`), or copied from the bundle of the last build, kept in
    the build cache, or else made here (`file_html` and deflate, both deterministic, so
    the zip has the same bytes however its entries were made)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    memo = Memo(ZIP_MEMO, f"{source_version(__file__)} zlib {zlib.ZLIB_RUNTIME_VERSION} level {LEVEL}")
    hashes, found = _Hashes(), []
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
            entry: Entry | Kept | None = memo.get(key)
            if entry is not None and len(entry) == 5:  # in the kept bundle
                method, crc, size, offset, length = entry
                entry = (method, crc, size, earlier[offset:offset + length]) if earlier is not None else None
            if entry is None:
                entry = _made(kind, _read(file.path) if data is None else data)
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
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
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


class ZipWriter:
    """Writes the same bytes as `zipfile.ZipFile(file, "w")` given `ZipInfo`s dated `date_time`
    with `external_attr` 0o644 << 16 (ZIP64 records included), from data compressed beforehand:
    `zipfile` cannot write an entry it did not compress itself."""

    def __init__(self, stream: BinaryIO, date_time: tuple[int, int, int, int, int, int]):
        self.stream, self.position = stream, 0
        dt = date_time
        self.date = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        self.time = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        self.central: list[bytes] = []

    def add(self, name: str, method: int, crc: int, size: int, data: bytes) -> int:
        """Write an entry; returns where its data starts."""
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800  # zipfile's UTF-8 name flag
        stored = len(data)
        # zipfile decides on ZIP64 before compressing, from the size (see ZipFile._open_to_write).
        version, extra = zipfile.DEFAULT_VERSION, b""
        local_size, local_stored = size, stored
        if size * 1.05 > zipfile.ZIP64_LIMIT:
            version = zipfile.ZIP64_VERSION
            extra = struct.pack("<HHQQ", 1, 16, size, stored)
            local_size = local_stored = 0xFFFFFFFF
        header = struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, version, 0, flags, method,
                             self.time, self.date, crc, local_stored, local_size, len(encoded), len(extra))
        offset = self.position
        self.stream.write(header + encoded + extra)
        self.stream.write(data)
        start = offset + len(header) + len(encoded) + len(extra)
        self.position = start + stored
        self.central.append(self._central(encoded, flags, method, crc, size, stored, offset, version))
        return start

    def _central(self, name: bytes, flags: int, method: int, crc: int, size: int, stored: int,
                 offset: int, version: int) -> bytes:
        large: list[int] = []  # as ZipFile._write_end_record
        if size > zipfile.ZIP64_LIMIT or stored > zipfile.ZIP64_LIMIT:
            large += [size, stored]
            size = stored = 0xFFFFFFFF
        if offset > zipfile.ZIP64_LIMIT:
            large.append(offset)
            offset = 0xFFFFFFFF
        extra = b""
        if large:
            extra = struct.pack("<HH" + "Q" * len(large), 1, 8 * len(large), *large)
            version = zipfile.ZIP64_VERSION
        return struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, version, _CREATE_SYSTEM, version,
                           0, flags, method, self.time, self.date, crc, stored, size, len(name), len(extra), 0,
                           0, 0, 0o644 << 16, offset) + name + extra

    def close(self) -> None:
        """Write the central directory and the end records (the stream stays open)."""
        start = self.position
        directory = b"".join(self.central)
        self.stream.write(directory)
        end = start + len(directory)
        count, size, offset = len(self.central), len(directory), start
        if count > zipfile.ZIP_FILECOUNT_LIMIT or offset > zipfile.ZIP64_LIMIT or size > zipfile.ZIP64_LIMIT:
            self.stream.write(struct.pack(zipfile.structEndArchive64, zipfile.stringEndArchive64,
                                          44, 45, 45, 0, 0, count, count, size, offset))
            self.stream.write(struct.pack(zipfile.structEndArchive64Locator, zipfile.stringEndArchive64Locator,
                                          0, end, 1))
            count, size, offset = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(offset, 0xFFFFFFFF)
        self.stream.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive,
                                      0, 0, count, count, size, offset, 0))


_CREATE_SYSTEM = zipfile.ZipInfo().create_system  # 3 (Unix), 0 on Windows
