"""Calendars every client accepts: libical (Evolution, GNOME) parses every .ics yizhan
writes and its `icalrestriction_check` (RFC 5545/5546 property counts) passes; no DTSTAMP
and no feed date lies after the build's day.

libical is called through ctypes (Debian's `libical3`, in .ci/setup's SYSTEM_PACKAGES),
so no compiler is needed; without the library the libical test is skipped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from datetime import date, datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest

from generator.build import BuildOptions, build
from tests.conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"
EARLY = "2026-09-05"  # before most of the example's events and lessons: the clamp is needed


def libical() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string_r.restype = ctypes.c_void_p  # caller frees
    lib.icalcomponent_as_ical_string_r.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    lib.icalmemory_free_buffer.argtypes = [ctypes.c_void_p]
    return lib


def libical_errors(lib: ctypes.CDLL, data: bytes) -> list[str]:
    """The X-LIC-ERROR lines libical's parser and restriction check add, or why it failed."""
    component = lib.icalparser_parse_string(data)
    if not component:
        return ["does not parse"]
    try:
        ok = lib.icalrestriction_check(component)
        buffer = lib.icalcomponent_as_ical_string_r(component)
        text = ctypes.string_at(buffer).decode()
        lib.icalmemory_free_buffer(buffer)
    finally:
        lib.icalcomponent_free(component)
    errors = re.findall(r"^X-LIC-ERROR.*$", text.replace("\r\n ", ""), re.M)
    return errors or ([] if ok else ["icalrestriction_check failed"])


@pytest.fixture(scope="module")
def early_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("early") / "site"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=out, today=EARLY, posters=False))
    return out


def test_libical_restriction_check_passes_on_every_calendar(example_site, early_site):
    lib = libical()
    if lib is None:
        pytest.skip("libical (Debian libical3) is not installed")
    files = sorted(example_site.rglob("*.ics")) + sorted(early_site.rglob("*.ics"))
    assert len(files) > 10
    problems = {str(path): errors for path in files if (errors := libical_errors(lib, path.read_bytes()))}
    assert problems == {}
    # the checker does see a mistake: METHOD:PUBLISH without ORGANIZER, as before
    data = files[0].read_bytes().replace(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nMETHOD:PUBLISH\r\n", 1)
    assert any("ORGANIZER" in e for e in libical_errors(lib, data))


def test_no_dtstamp_after_the_build_day(early_site):
    day_start = datetime(2026, 9, 4, 16, tzinfo=timezone.utc)  # 2026-09-05 00:00 in Shanghai
    stamps = []
    for path in early_site.rglob("*.ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert "METHOD" not in calendar
        stamps += [event["DTSTAMP"].dt for event in calendar.walk("VEVENT")]
        assert all("COMMENT" not in zone for zone in calendar.walk("VTIMEZONE"))
    assert stamps and max(stamps) <= day_start
    assert day_start in stamps  # events ahead of the build are stamped with its day, not their start


def test_no_feed_date_after_the_build_day(early_site):
    root = ElementTree.parse(early_site / "feed.xml").getroot()
    dates = [root.find(f"{ATOM}updated").text] + [e.text for e in root.iter(f"{ATOM}published")]
    assert max(date.fromisoformat(d[:10]) for d in dates) <= date.fromisoformat(EARLY)


def test_same_bytes_twice(early_site, tmp_path):
    again = tmp_path / "site"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=again, today=EARLY, posters=False))
    for path in early_site.rglob("*.ics"):
        assert (again / path.relative_to(early_site)).read_bytes() == path.read_bytes()
    assert (again / "feed.xml").read_bytes() == (early_site / "feed.xml").read_bytes()
