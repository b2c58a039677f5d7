"""A ZIP writer for entries compressed beforehand, writing the bytes `zipfile` would write."""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO


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
