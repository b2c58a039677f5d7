"""The home page stays small at any size: at a generated 2,000-item site (bench/corpus.py)
`index.html` is at most 50 KB; the coming months of events it needs are in
`calendar/week.<hash>.js` (render/weekdata.py), a classic script it names, that calendar.js
picks the reader's week from (tests/browser/test_time_true.py checks that in a browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.calendar.views import HOME_WEEK_SHOWN
from tests.conftest import TODAY

LIMIT = 50 * 1024


@pytest.fixture(scope="module")
def big(corpus_2000: Path) -> Path:
    return corpus_2000


def week_data(out: Path, home: str) -> dict:
    (src,) = re.findall(r'<script src="(calendar/week\.[0-9a-f]{10}\.js)" defer>', home)
    text = (out / src).read_text(encoding="utf-8")
    assert text.startswith("window.yizhanWeek=") and text.endswith(";\n") and "<" not in text
    return json.loads(text.removeprefix("window.yizhanWeek=").removesuffix(";\n"))


def test_home_page_at_2000_items_is_under_50_kb(big):
    home = (big / "index.html").read_text(encoding="utf-8")
    assert len(home.encode()) <= LIMIT, len(home.encode())
    assert "yz-week-pool" not in home
    data = week_data(big, home)
    assert len(data["items"]) > 100 and data["end"] > TODAY
    shown = re.search(r'<ul class="yz-agenda yz-agenda--week">(.*?)</ul>', home, re.S).group(1)
    assert 0 < shown.count("<li") <= HOME_WEEK_SHOWN
    assert (big / "yizhan-offline.zip").is_file()


def test_week_data_follows_the_content(site, tmp_path):
    site.item("events/a.md", "title: 读书会\nstart: 2026-11-24 19:00\nend: 2026-11-24 20:00\nlocation: 图书馆\n")
    out = tmp_path / "out"
    build(BuildOptions(config_path=site.config, out=out, today=TODAY, posters=False))
    data = week_data(out, (out / "index.html").read_text(encoding="utf-8"))
    assert [e[2:] for e in data["items"]] == [["2026-11-24T19:00:00", "2026-11-24T20:00:00", "events/a/",
                                               "2026年11月24日（周二）19:00–20:00", "读书会", "图书馆"]]
