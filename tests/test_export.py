"""`data/site.json` and its schema (issue 19 part 1, SPEC §5): every build with `site_url`
exports its published items for other programs; never drafts; valid against its schema;
part of the reproducible output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import MINIMAL_CONFIG, TODAY, build_tree


def small_site(site) -> None:
    site.item("notices/a.md", """\
        title: 停水通知
        date: 2026-11-20
        expires: 2026-11-30
        tags: [生活]
        summary: 3号楼周三停水
        poster: true
        """)
    site.item("notices/d.md", """\
        title: 草稿通知
        date: 2026-11-20
        draft: true
        """)
    site.item("events/b.md", """\
        title: 每周读书会
        start: 2026-11-19 19:00
        end: 2026-11-19 21:00
        location: 3号楼活动室
        category: 党建活动
        repeat: {freq: weekly, days: [thu], until: 2027-12-31}
        """)


def test_export_carries_the_published_items_and_matches_its_schema(site, tmp_path):
    small_site(site)
    files = build_tree(site, tmp_path / "out")
    data = json.loads(files["data/site.json"])
    schema = json.loads(files["data/site.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["version"] == 1
    assert data["site"] == {"name": "测试社区", "url": "https://test.example.edu.cn/",
                            "timezone": "Asia/Shanghai", "today": TODAY}
    by_title = {item["title"]: item for item in data["items"]}
    assert "草稿通知" not in by_title
    notice = by_title["停水通知"]
    assert notice["url"] == "https://test.example.edu.cn/notices/a/"
    assert notice["summary"] == "3号楼周三停水" and notice["tags"] == ["生活"]
    assert notice["dates"] == {"date": "2026-11-20", "expires": "2026-11-30"}
    assert notice["poster"] == "https://test.example.edu.cn/posters/notices-a.pdf"
    event = by_title["每周读书会"]
    assert event["category"] == "党建活动" and event["location"] == "3号楼活动室"
    assert event["dates"]["start"] == "2026-11-19T19:00:00+08:00"
    starts = [o["start"] for o in event["occurrences"]]
    assert starts[0] == "2026-11-26T19:00:00+08:00"          # past ones are left out
    assert starts[-1] <= "2027-05-25" and len(starts) == 26   # six months ahead, no more
    assert event["occurrences"][0]["end"] == "2026-11-26T21:00:00+08:00"


def test_no_export_without_site_url(site, tmp_path):
    site.write("site_config.yml", MINIMAL_CONFIG.replace("site_url: https://test.example.edu.cn/\n", ""))
    small_site(site)
    assert not any(name.startswith("data/") for name in build_tree(site, tmp_path / "out"))


def test_the_example_communitys_export_is_valid(example_site: Path):
    data = json.loads((example_site / "data/site.json").read_bytes())
    jsonschema.validate(data, json.loads((example_site / "data/site.schema.json").read_bytes()))
    assert {item["type"] for item in data["items"]} >= {"notices", "events", "services", "policies"}
    assert all(item["url"].startswith("https://xfl.example.edu.cn/") for item in data["items"])
