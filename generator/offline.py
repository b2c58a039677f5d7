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
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import zipfile
import zlib
from contextlib import contextmanager
from datetime import date
from typing import ContextManager, Iterable, Iterator
from pathlib import Path

from generator.content.types import TYPES
from generator.model import Site
from generator.problems import Report
from generator.render.pages import media_path
from generator.render.templates import DEFAULT_THEME
from generator.stepcache import Memo, digest, made_ahead

BUNDLE = "yizhan-offline.zip"
BUNDLE_ROOT = "yizhan-offline"
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
ICON_DIR = "assets/icons"
ICON_SIZES = (192, 512)
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
    """Output step (keep it last): icons, manifest, service worker, then the file:// zip."""
    write_icons(site, out)
    write_manifest(site, out)
    files = _files(out)  # the worker and the zip are not among them: one listing serves both
    write_worker(site, out, files)
    write_bundle(out, site.today, files)


# -- icons and manifest ---------------------------------------------------------------
def _cjk_font() -> str | None:
    """A font file that has Chinese glyphs (fontconfig), or None."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh-cn", "file"], capture_output=True, text=True,
                                timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
    bold = [f for f in files if "Bold" in f and "CJK" in f]
    return (bold or files or [None])[0]


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
    colour = MATERIAL_HEX[site.config.theme.primary]
    letter = next((ch for ch in site.config.site_name if not ch.isspace()), "")
    font = _cjk_font() if not letter.isascii() else None
    target = out / ICON_DIR
    target.mkdir(parents=True, exist_ok=True)
    for size in ICON_SIZES:
        (target / f"icon-{size}.png").write_bytes(icon_png(letter, colour, size, font))


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


# -- the service worker ----------------------------------------------------------------
def _files(out: Path) -> list[str]:
    """Every file of the site (but the bundle and the worker), sorted, relative to `out`."""
    found = []
    for folder, _, names in os.walk(out):
        base = os.path.relpath(folder, out)
        found += [name if base == "." else f"{base}/{name}" for name in names if name not in (BUNDLE, WORKER)]
    return sorted(found)


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


def content_version(out: Path, files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((out / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_worker(site: Site, out: Path, files: list[str] | None = None) -> None:
    files = _files(out) if files is None else files
    template = (DEFAULT_THEME / "offline" / "sw.js").read_text(encoding="utf-8")
    config = json.dumps({"version": content_version(out, files), "precache": precache_list(site, out, files)},
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
Entry = tuple[int, int, bytes]  # a deflated zip entry: CRC, size and deflate stream of its data


def zip_entry(name: str, data: bytes) -> tuple[bytes, Entry] | None:
    """The bundle's entry for the file `name` of the site holding `data`, with its memo key,
    made ahead of `write_bundle` (MkDocs' page workers make it as they write each page);
    None for a file the bundle leaves out or stores as it is."""
    if _left_out(name) or name.endswith(_PACKED):
        return None
    return _key(name, data), _deflated(name, data)


def entries_ahead(entries: Iterable[tuple[bytes, Entry]]) -> ContextManager[None]:
    """Inside this, `write_bundle` takes these entries (from `zip_entry`) instead of making them."""
    return made_ahead(ZIP_MEMO, dict(entries))


def write_bundle(out: Path, day: date, files: list[str] | None = None) -> None:
    """The whole site, rewritten for file://, as a zip with fixed dates and order.

    Each deflated entry (its CRC, size and deflate stream) is kept by the hash of the file
    it was made from: made ahead as MkDocs wrote the page (`entries_ahead`), or kept in the
    build cache from an earlier build, it is written as it is, with no `file_html` rewrite
    and no deflate here (both deterministic, so the zip has the same bytes)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    memo = Memo(ZIP_MEMO, f"{code} zlib {zlib.ZLIB_RUNTIME_VERSION} level {LEVEL}")
    with zipfile.ZipFile(out / BUNDLE, "w") as bundle, _replaying() as replay:
        for name in _files(out) if files is None else files:
            if _left_out(name):
                continue
            data = (out / name).read_bytes()
            info = zipfile.ZipInfo(f"{BUNDLE_ROOT}/{name}", date_time=stamp)
            info.external_attr = 0o644 << 16
            if name.endswith(_PACKED):  # compressing these again costs time and saves nothing
                info.compress_type = zipfile.ZIP_STORED
                bundle.writestr(info, data)
                continue
            key = _key(name, data)
            entry = memo.get(key)
            if entry is None:
                entry = _deflated(name, data)
                memo.put(key, entry)
            crc, size, replay.stream = entry
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size, info._compresslevel = size, LEVEL  # as writestr sets them
            with bundle.open(info, mode="w") as dest:  # zipfile writes the header
                dest._crc, dest._file_size = crc, size  # type: ignore[attr-defined]
    memo.save()


def _left_out(name: str) -> bool:
    return name.endswith(".map") or name.startswith(UNUSED) or name == MANIFEST


def _key(name: str, data: bytes) -> bytes:
    return digest(name.endswith(".html").to_bytes(1, "little"), data)


def _deflated(name: str, data: bytes) -> Entry:
    """The entry of a file in the bundle, as zipfile would deflate it (one stream, raw deflate)."""
    if name.endswith(".html"):
        data = file_html(data.decode("utf-8")).encode("utf-8")
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), deflate.compress(data) + deflate.flush()


class _Replay:
    """zipfile's compressor for an entry deflated beforehand: it gives back the stream."""

    def __init__(self, stream: bytes):
        self.stream = stream

    def compress(self, data: bytes) -> bytes:
        raise ValueError("a replayed zip entry takes no data")

    def flush(self) -> bytes:
        return self.stream


class _Current:
    stream = b""  # the deflate stream of the entry being written


@contextmanager
def _replaying() -> Iterator[_Current]:
    """While writing the bundle, zipfile's deflate gives back the stream of the current
    entry (zipfile has no public way to write an already-deflated entry)."""
    current = _Current()
    real = zipfile._get_compressor  # type: ignore[attr-defined]

    def compressor(compress_type: int, compresslevel: int | None = None) -> object:
        if compress_type == zipfile.ZIP_DEFLATED and compresslevel == LEVEL:
            return _Replay(current.stream)
        return real(compress_type, compresslevel)

    zipfile._get_compressor = compressor  # type: ignore[attr-defined]
    try:
        yield current
    finally:
        zipfile._get_compressor = real  # type: ignore[attr-defined]
