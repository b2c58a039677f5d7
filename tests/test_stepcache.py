"""The build cache is a value handed to whatever keeps work in it (generator/stepcache.py):
a rebuild with the same cache skips the work, another cache or none does it again, and a
memo keeps only what the last build used."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator import slugs

from conftest import SiteDir, build_tree as _build

EVENT = "title: 讲座\nstart: 2026-11-20 19:00\nlocation: 图书馆\ncategory: 学业帮扶\ntags: [{tag}]"


def _site(site: SiteDir, tags: list[str]) -> None:
    for n, tag in enumerate(tags):
        site.item(f"notices/宿舍通知{n}.md", f"title: 宿舍通知（{n}）\ndate: 2026-11-0{n + 1}\ntags: [{tag}]")
    site.item("events/讲座.md", EVENT.format(tag=tags[0]))


def _no_pinyin(monkeypatch) -> list[str]:
    """Make pypinyin's work fail the build (in a forked step process too); the names asked for."""
    asked: list[str] = []

    def refuse(name: str) -> str:
        asked.append(name)
        raise AssertionError(f"pinyin made again for {name}")

    monkeypatch.setattr(slugs, "_pinyin", refuse)
    return asked


def test_a_rebuild_with_the_cache_needs_no_pinyin(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    """The slugs of Chinese file names, tags and event categories come from the build cache
    the second time (pypinyin's dictionaries take 0.2 s to load); a build with another
    cache, or none, makes them again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    monkeypatch.setenv("YIZHAN_JOBS", "2")  # the calendar's category slugs in the forked steps
    _site(site, ["宿舍安全", "心理健康"])
    cache = tmp_path / "cache"
    first = _build(site, tmp_path / "a", cache)
    assert "tags/su-she-an-quan/index.html" in first and "calendar/xue-ye-bang-fu.ics" in first
    assert "notices/su-she-tong-zhi-0/index.html" in first

    asked = _no_pinyin(monkeypatch)
    assert _build(site, tmp_path / "b", cache) == first
    assert asked == []
    with pytest.raises(AssertionError, match="pinyin made again"):
        _build(site, tmp_path / "c", tmp_path / "other-cache")
    with pytest.raises(AssertionError, match="pinyin made again"):
        _build(site, tmp_path / "d", None)


def test_a_memo_keeps_only_what_the_last_build_used(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    """A tag no longer used is dropped from the cache: it never grows beyond one site's worth."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    _site(site, ["宿舍安全", "心理健康"])
    cache = tmp_path / "cache"
    _build(site, tmp_path / "a", cache)

    def remembered() -> set[str]:
        _, entries = pickle.loads((cache / "steps" / "slugs.pickle").read_bytes())
        return {key.decode("utf-8") for key in entries}

    assert {"宿舍安全", "心理健康", "学业帮扶"} <= remembered()
    site.item("notices/宿舍通知1.md", "title: 宿舍通知（1）\ndate: 2026-11-02\ntags: [宿舍安全]")
    _build(site, tmp_path / "b", cache)
    assert "宿舍安全" in remembered() and "心理健康" not in remembered()


def test_a_rebuild_with_the_cache_makes_no_qr_code_for_the_corridor_screen(site: SiteDir, tmp_path: Path,
                                                                           monkeypatch) -> None:
    """The kiosk's QR codes (one a slide, ~2 s of CPU at 2,000 items) come from the cache the
    second time, with the same bytes."""
    from generator.render import kiosk

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    _site(site, ["宿舍安全"])
    cache = tmp_path / "cache"
    first = _build(site, tmp_path / "a", cache)
    assert first["kiosk/index.html"].count(b'class="k-qr__code"') >= 2

    def refuse(url: str, css_class: str = "qr") -> str:
        raise AssertionError(f"QR code made again for {url}")

    monkeypatch.setattr(kiosk, "qr_svg", refuse)
    assert _build(site, tmp_path / "b", cache) == first
    with pytest.raises(AssertionError, match="QR code made again"):
        _build(site, tmp_path / "c", None)
