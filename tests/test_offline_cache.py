"""The offline step with the build cache: nothing stale is ever reused, the zip is the one zipfile writes."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest

from generator.offline import BUNDLE, BUNDLE_ROOT, file_html, filezip, sitefiles
from generator.offline.sitefiles import SiteFile, site_files
from generator.offline.zipwriter import ZipWriter
from generator.stepcache import FolderCache

from conftest import SiteDir, build_tree as _build

STAMP = (2026, 11, 23, 0, 0, 0)
ENTRIES = [("a/index.html", b"<a href=\"../\">up</a>" * 50, zipfile.ZIP_DEFLATED), ("empty.txt", b"", zipfile.ZIP_DEFLATED),
           ("media/通知.pdf", bytes(range(256)) * 4, zipfile.ZIP_STORED), ("search/中文.js", "检索".encode() * 99, zipfile.ZIP_DEFLATED)]


def _by_zipfile() -> bytes:
    """The bundle as zipfile writes it (what write_bundle did before it wrote zips itself)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, data, method in ENTRIES:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.external_attr = 0o644 << 16
            bundle.writestr(info, data, compress_type=method, compresslevel=filezip.LEVEL)
    return buffer.getvalue()


def _by_writer() -> bytes:
    buffer = io.BytesIO()
    writer = ZipWriter(buffer, STAMP)
    for name, data, method in ENTRIES:
        packed = data
        if method == zipfile.ZIP_DEFLATED:
            deflate = zlib.compressobj(filezip.LEVEL, zlib.DEFLATED, -15)
            packed = deflate.compress(data) + deflate.flush()
        writer.add(name, method, zlib.crc32(data), len(data), packed)
    writer.close()
    return buffer.getvalue()


@pytest.mark.parametrize("limits", [None, (100, 2), (400, 0xFFFF)])
def test_zip_writer_writes_what_zipfile_writes(monkeypatch, limits) -> None:
    """Byte for byte, ZIP64 records included (small limits stand in for 2 GiB and 65,535 files)."""
    if limits:
        monkeypatch.setattr(zipfile, "ZIP64_LIMIT", limits[0])
        monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", limits[1])
    assert _by_writer() == _by_zipfile()
    with zipfile.ZipFile(io.BytesIO(_by_writer())) as bundle:
        assert [bundle.read(name) for name, _, _ in ENTRIES] == [data for _, data, _ in ENTRIES]


def _write(path: Path, data: bytes, mtime_ns: int | None = None) -> None:
    path.write_bytes(data)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def _bundle_hashes(out: Path, cache: Path) -> dict[str, bytes]:
    files = site_files(out, leave_out=(BUNDLE,))
    return dict(zip([f.name for f in files], filezip.write_bundle(out, date(2026, 11, 23), files, {}, FolderCache(cache))))


def _zipped(out: Path, name: str) -> bytes:
    with zipfile.ZipFile(out / BUNDLE) as bundle:
        return bundle.read(f"{BUNDLE_ROOT}/{name}")


def test_a_changed_file_is_read_again_whatever_it_keeps(tmp_path: Path, monkeypatch) -> None:
    """A file's hash is reused only while its name, inode, size and nanosecond time are all
    the same: a file replaced (a new inode) or written into (a new time) is read again,
    even with the same size and the same time or inode, and its zip entry is made anew."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    out.mkdir()
    old = 1_700_000_000_000_000_000  # long settled
    page = out / "index.html"
    _write(page, b'<a href="a/">aaaa</a>', old)
    _write(out / "b.txt", b"bbbb", old)
    reads: list[str] = []
    real_read = SiteFile.read
    monkeypatch.setattr(SiteFile, "read", lambda file: reads.append(Path(file.path).name) or real_read(file))

    first = _bundle_hashes(out, cache)
    assert sorted(reads) == ["b.txt", "index.html"]
    reads.clear()
    assert _bundle_hashes(out, cache) == first and reads == []  # nothing changed: nothing read

    # Replaced (as MkDocs replaces a page): same name, size and time, another inode.
    _write(out / "new.html", b'<a href="b/">bbbb</a>', old)
    os.replace(out / "new.html", page)
    assert _bundle_hashes(out, cache)["index.html"] == hashlib.sha256(page.read_bytes()).digest()
    assert reads == ["index.html"] and _zipped(out, "index.html") == b'<a href="b/index.html">bbbb</a>'
    reads.clear()

    # Written into: same inode and size, another time.
    with open(out / "b.txt", "r+b") as file:
        file.write(b"cccc")
    assert _bundle_hashes(out, cache)["b.txt"] == hashlib.sha256(b"cccc").digest()
    assert reads == ["b.txt"] and _zipped(out, "b.txt") == b"cccc"


def test_a_file_changed_just_before_it_was_hashed_is_not_trusted_next_time(tmp_path: Path) -> None:
    """A file changed within the file system's clock tick after it was hashed keeps its time:
    a file that was new when hashed ("racy") is read again by the next build."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    out.mkdir()
    _write(out / "a.txt", b"first")
    mtime = (out / "a.txt").stat().st_mtime_ns
    _bundle_hashes(out, cache)
    with open(out / "a.txt", "r+b") as file:  # same inode, same size...
        file.write(b"later")
    os.utime(out / "a.txt", ns=(mtime, mtime))  # ...and the same time, as within one tick
    assert _bundle_hashes(out, cache)["a.txt"] == hashlib.sha256(b"later").digest()
    assert _zipped(out, "a.txt") == b"later"


def _notice(site: SiteDir, n: int, title: str) -> None:
    site.item(f"notices/notice-{n}.md", f"title: {title}\ndate: 2026-11-0{n + 1}\ntags: [安全]", f"第 {n} 条。\n")


def test_cached_rebuilds_zip_the_files_as_they_are_now(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    """Pages edited to the very same size, and a kept bundle gone or cut short: every cached
    rebuild gives the bundle and worker of a build without a cache, and its zip holds the
    output's files as they are, though unchanged files were not read again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    monkeypatch.setattr(sitefiles, "SETTLE_NS", 0)  # remember even files written just now
    for n in range(3):
        _notice(site, n, f"宿舍安全检查通知（{n}）")
    cache = tmp_path / "cache"
    reads: list[str] = []
    real_read = SiteFile.read
    monkeypatch.setattr(SiteFile, "read", lambda file: reads.append(file.path) or real_read(file))
    _build(site, tmp_path / "a", cache)
    page = "notices/notice-1/index.html"
    before = (tmp_path / "a" / page).read_bytes()

    def rebuild_equals_cold() -> tuple[dict[str, bytes], list[str]]:
        reads.clear()
        rebuilt = _build(site, tmp_path / "b", cache)
        read = list(reads)
        assert rebuilt == _build(site, tmp_path / "cold", None)
        with zipfile.ZipFile(tmp_path / "b" / BUNDLE) as bundle:
            for info in bundle.infolist():
                name = info.filename.removeprefix(f"{BUNDLE_ROOT}/")
                data = rebuilt[name]
                assert bundle.read(info) == (file_html(data.decode()).encode() if name.endswith(".html") else data)
        return rebuilt, read

    _notice(site, 1, "宿舍安全检查通知（7）")  # same length: the page and the lists keep their sizes
    rebuilt, read = rebuild_equals_cold()
    assert len(rebuilt[page]) == len(before) and rebuilt[page] != before
    assert not any(path.endswith(f"/{page}") for path in read)  # hashed by MkDocs' page process
    assert not any("/assets/javascripts/" in path for path in read)  # unchanged: not read again
    assert len(read) < len(rebuilt) / 2

    kept = next((cache / "steps").glob(f"{filezip.ZIP_MEMO}-*.zip"))
    kept.unlink()
    _notice(site, 1, "宿舍安全检查通知（8）")
    rebuild_equals_cold()
    kept = next((cache / "steps").glob(f"{filezip.ZIP_MEMO}-*.zip"))
    with open(kept, "r+b") as file:
        file.truncate(kept.stat().st_size // 2)
    _notice(site, 1, "宿舍安全检查通知（9）")
    rebuild_equals_cold()
    assert len(list((cache / "steps").glob(f"{filezip.ZIP_MEMO}-*.zip"))) == 1
