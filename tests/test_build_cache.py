"""`yizhan build --cache DIR`: a rebuild that keeps MkDocs' pages gives the same site as a cold build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import ContentError

from conftest import TODAY, SiteDir, build_tree as _build, tree as _files


def _notice(site: SiteDir, slug: str, title: str, body: str = "正文。\n") -> None:
    site.item(f"notices/{slug}.md", f"title: {title}\ndate: 2026-11-0{len(slug) % 9 + 1}\ntags: [安全]", body)


def test_cached_rebuild_equals_cold_build(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    for n in range(3):
        _notice(site, f"notice-{n}", f"宿舍安全检查通知（{n}）")
    site.write("content/notices/map.png", "png")
    _notice(site, "notice-3", "宿舍安全检查通知（3）", "![地图](map.png)\n")
    cache = tmp_path / "cache"

    def run(out: Path, cached: bool) -> dict[str, bytes]:
        return _build(site, out, cache if cached else None)

    first = run(tmp_path / "a", cached=True)
    assert first == run(tmp_path / "cold-a", cached=False)
    assert (cache / "pages" / "notices" / "notice-1" / "index.html").is_file()
    assert any(name.endswith("/map.png") for name in first)

    # An edit, a new title (it shows on list and tag pages), a deleted item, a new one,
    # a picture no longer shown and deleted.
    _notice(site, "notice-1", "宿舍安全检查通知（改期）", "检查改到周五。\n")
    _notice(site, "notice-3", "宿舍安全检查通知（3）")
    (site.root / "content" / "notices" / "map.png").unlink()
    (site.root / "content" / "notices" / "notice-2.md").unlink()
    _notice(site, "notice-9", "新通知")
    rebuilt = run(tmp_path / "b", cached=True)
    assert rebuilt == run(tmp_path / "cold-b", cached=False)
    assert "检查改到周五" in rebuilt["notices/notice-1/index.html"].decode()
    assert not any(name.startswith("notices/notice-2/") for name in rebuilt)
    assert not (tmp_path / "b" / "notices" / "notice-2").exists()
    assert not any(name.endswith("/map.png") for name in rebuilt)


def test_config_change_rebuilds_every_page(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    _notice(site, "notice-0", "通知")
    cache = tmp_path / "cache"
    _build(site, tmp_path / "a", cache)
    site.write("site_config.yml", site.config.read_text(encoding="utf-8").replace("测试社区", "幸福里社区"))
    _build(site, tmp_path / "b", cache)
    page = (tmp_path / "b" / "notices" / "notice-0" / "index.html").read_text(encoding="utf-8")
    assert "幸福里社区" in page and "测试社区" not in page


def test_rebuild_changes_no_earlier_output_through_links(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    """The cached pages are hard links shared with the published output: a rebuild replaces
    the files it writes, so the site published before it and the cache stay as they were."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    for n in range(3):
        _notice(site, f"notice-{n}", f"宿舍安全检查通知（{n}）")
    site.write("content/notices/plan.txt", "第一版\n")
    _notice(site, "notice-3", "附件通知", "见[安排](plan.txt)。\n")
    cache = tmp_path / "cache"

    def run(out: Path, cached: bool) -> dict[str, bytes]:
        return _build(site, out, cache if cached else None)

    published = run(tmp_path / "a", cached=True)
    page = "notices/notice-1/index.html"
    assert (tmp_path / "a" / page).stat().st_ino == (cache / "pages" / page).stat().st_ino

    _notice(site, "notice-1", "宿舍安全检查通知（改期）", "检查改到周五。\n")  # a page, lists, sitemap
    site.write("content/notices/plan.txt", "第二版\n")                      # a copied file
    _notice(site, "notice-9", "新通知")                                       # sitemap.xml(.gz)
    rebuilt = run(tmp_path / "b", cached=True)
    assert _files(tmp_path / "a") == published
    assert rebuilt == run(tmp_path / "cold", cached=False)
    assert _files(cache / "pages").items() <= rebuilt.items()
    assert "第二版" in rebuilt["media/notices/plan.txt"].decode()


def test_cached_build_checks_what_unchanged_items_name(site: SiteDir, tmp_path: Path) -> None:
    """An unchanged file is not validated again, but an image it shows that is gone now, or
    a category the config no longer allows, is reported as by a build without a cache."""
    site.write("content/notices/map.png", "png")
    _notice(site, "notice-0", "通知", "![地图](map.png)\n")
    site.item("events/event-0.md", "title: 活动\nstart: 2026-11-25 19:00\nlocation: 礼堂\ncategory: 学业帮扶", "正文。\n")
    cache = tmp_path / "cache"
    _build(site, tmp_path / "a", cache)

    def problems(cached: bool) -> list[str]:
        with pytest.raises(ContentError) as failed:
            _build(site, tmp_path / "b", cache if cached else None)
        return [p.message for p in failed.value.report.errors]

    (site.root / "content" / "notices" / "map.png").unlink()
    assert any("找不到图片“map.png”" in p for p in problems(cached=True))
    assert problems(cached=True) == problems(cached=False)
    site.write("content/notices/map.png", "png")
    _build(site, tmp_path / "b", cache)
    site.write("site_config.yml", site.config.read_text(encoding="utf-8").replace("党建活动, 学业帮扶", "党建活动"))
    assert any("类别“学业帮扶”" in p for p in problems(cached=True))


def test_cached_pages_follow_what_they_are_made_of(site: SiteDir, tmp_path: Path, monkeypatch) -> None:
    """Pages kept in the cache are made again when a linked item moves, a theme override
    appears or the day changes: each cached rebuild equals a build without a cache."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    _notice(site, "notice-0", "报名通知", "详见[活动](../events/talk.md)。\n")
    event = "title: 讲座\nstart: 2026-11-25 19:00\nlocation: 礼堂\ncategory: 学业帮扶"
    site.item("events/talk.md", event, "正文。\n")
    cache = tmp_path / "cache"
    _build(site, tmp_path / "a", cache)

    def same_as_cold(today: str = TODAY) -> dict[str, bytes]:
        cached = _build(site, tmp_path / "b", cache, today)
        assert cached == _build(site, tmp_path / "cold", None, today)
        return cached

    site.item("events/talk.md", event.replace("title: 讲座", "title: 讲座\nslug: jiangzuo"), "正文。\n")
    assert "../../events/jiangzuo/" in same_as_cold()["notices/notice-0/index.html"].decode()
    site.write("theme/cards/notices.html.j2", '<span class="yz-card__title">定制：{{ item.title }}</span>\n')
    assert "定制：报名通知" in same_as_cold()["notices/index.html"].decode()
    before = same_as_cold()["events/jiangzuo/index.html"]
    assert same_as_cold("2026-11-30")["events/jiangzuo/index.html"] != before  # the talk is over


def test_rebuilds_into_the_same_folder_reuse_the_replaced_output(site: SiteDir, tmp_path: Path,
                                                                 monkeypatch) -> None:
    """The output a cached build replaces is kept in the cache and brought up to date by the
    next build (pages re-linked, everything else removed); a failed build leaves the
    published output as it was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    for n in range(3):
        _notice(site, f"notice-{n}", f"通知（{n}）")
    cache, out = tmp_path / "cache", tmp_path / "public"
    _build(site, out, cache)
    for n, edit in enumerate(["第一次更正。\n", "第二次更正。\n"]):
        _notice(site, f"notice-{n}", f"通知（{n}）", edit)
        (site.root / "content" / "notices" / "notice-2.md").unlink(missing_ok=True)  # its folder goes
        assert _build(site, out, cache) == _build(site, tmp_path / "cold", None)
        assert (cache / "spare" / "notices" / "notice-0" / "index.html").is_file()

    published = _files(out)
    site.write("theme/overrides/main.html", "{% extends 'base.html' %}{% block content %}{{ broken( }}{% endblock %}")
    with pytest.raises(Exception):
        _build(site, out, cache)
    assert _files(out) == published and (cache / "spare").is_dir()
    (site.root / "theme" / "overrides" / "main.html").unlink()
    assert _build(site, out, cache) == _build(site, tmp_path / "cold", None)
