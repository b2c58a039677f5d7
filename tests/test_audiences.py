"""我的楼栋/年级 (issue 18): `audiences` in site_config.yml, the chooser's markup on the home
page and the notices list, and the weekly bulletin for one audience. The chooser itself
runs in Chromium: tests/browser/test_audience.py."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from generator.build import BuildOptions, build_posters, load_site
from generator.posters.bulletin import current_notices
from generator.problems import ContentError, Report
from tests.conftest import MINIMAL_CONFIG, TODAY

AUDIENCES = "audiences: [全体住宿学生, 3号楼, 4号楼, 2025级]\n"


def with_audiences(site) -> None:
    site.write("site_config.yml", MINIMAL_CONFIG + AUDIENCES)


def test_an_audience_outside_the_list_names_file_line_and_list(cli, site):
    with_audiences(site)
    site.item("notices/a.md", "title: 热水检修\ndate: 2026-11-20\naudience: [3号楼, 5号楼]")
    site.item("notices/b.md", "title: 停电\ndate: 2026-11-20\naudience: 六号楼")
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 1
    listed = "应为：全体住宿学生、3号楼、4号楼、2025级"
    assert f"content/notices/a.md:4: audience[1]: 面向“5号楼”不在 site_config.yml 的 audiences 中，{listed}" in run.err
    assert f"content/notices/b.md:4: audience: 面向“六号楼”不在 site_config.yml 的 audiences 中，{listed}" in run.err
    assert "3号楼”不在" not in run.err


def test_without_audiences_the_audience_is_free_text(cli, site):
    site.item("notices/a.md", "title: 热水检修\ndate: 2026-11-20\naudience: [随便写的楼]")
    assert cli("check", "--config", site.config, "--today", TODAY).code == 0


def test_example_notices_use_the_listed_audiences():
    from tests.conftest import REPO

    site = load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report())
    audiences = site.config.audiences
    assert len(audiences) > 2
    assert {a for n in site.by_type["notices"] for a in n.fields.audience} <= set(audiences)


def cards(page: str) -> dict[str, list[str]]:
    """Notice card's title → its data-audience (empty: for everyone)."""
    found = {}
    for attrs, inner in re.findall(r'<a class="yz-card yz-card--notices"([^>]*)>(.*?)</a>', page, re.S):
        title = re.sub(r"<[^>]+>|置顶|已过期", "", re.search(r'yz-card__title">(.*?)</span>\n', inner).group(1))
        audience = re.search(r'data-audience="([^"]*)"', attrs)
        found[title] = json.loads(html.unescape(audience.group(1))) if audience else []
    return found


def test_home_and_notices_list_carry_the_chooser_and_each_cards_audience(example_site: Path):
    for page in ("index.html", "notices/index.html"):
        text = (example_site / page).read_text(encoding="utf-8")
        chooser = re.search(r'<fieldset class="yz-audience" data-audience-chooser>.*?</fieldset>', text, re.S)
        assert chooser, page
        assert "<legend>我的楼栋/年级</legend>" in chooser.group(0)
        values = re.findall(r'<input type="checkbox" value="([^"]+)">', chooser.group(0))
        assert values == ["幸福里3号楼", "幸福里4号楼", "2024级", "2025级", "2026级"]  # not 全体住宿学生
        found = cards(text)
        assert found["失物招领启事（11月第三周）"] == ["幸福里3号楼", "幸福里4号楼"], page
        assert found["关于开展冬季学生宿舍安全检查的通知"] == []   # 全体住宿学生: for everyone
    assert '<fieldset class="yz-audience"' not in (example_site / "events/index.html").read_text(encoding="utf-8")


def test_no_chooser_without_audiences(tmp_path, site):
    from tests.conftest import build_tree

    site.item("notices/a.md", "title: 热水检修\ndate: 2026-11-20\naudience: [3号楼]")
    files = build_tree(site, tmp_path / "out")
    for page in ("index.html", "notices/index.html"):
        text = files[page].decode()
        assert "data-audience-chooser" not in text and "data-audience=" not in text


def test_the_bulletin_for_one_audience_has_everyones_notices_and_its_own(site):
    with_audiences(site)
    site.item("notices/all.md", "title: 全体通知\ndate: 2026-11-20\naudience: 全体住宿学生")
    site.item("notices/none.md", "title: 没写面向\ndate: 2026-11-20")
    site.item("notices/three.md", "title: 三号楼通知\ndate: 2026-11-20\naudience: [3号楼]")
    site.item("notices/four.md", "title: 四号楼通知\ndate: 2026-11-20\naudience: [4号楼, 2025级]")
    loaded = load_site(BuildOptions(config_path=site.config, today=TODAY), Report())
    monday, sunday = loaded.today, loaded.today.replace(day=29)

    def titles(audience):
        return sorted(n.title for n in current_notices(loaded, monday, sunday, audience))

    assert titles(None) == ["三号楼通知", "全体通知", "四号楼通知", "没写面向"]
    assert titles("4号楼") == ["全体通知", "四号楼通知", "没写面向"]
    assert titles("3号楼") == ["三号楼通知", "全体通知", "没写面向"]


def test_posters_audience_outside_the_list_is_an_error(site, tmp_path):
    with_audiences(site)
    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20")
    try:
        build_posters(BuildOptions(config_path=site.config, out=tmp_path / "p", today=TODAY), audience="9号楼")
    except ContentError as exc:
        (problem,) = exc.report.errors
        assert problem.field == "--audience" and "应为：全体住宿学生、3号楼、4号楼、2025级" in problem.message
    else:
        raise AssertionError("no error")
    assert not (tmp_path / "p").exists()


def test_yizhan_posters_audience_makes_that_audiences_bulletin(cli, site, tmp_path):
    import shutil
    import subprocess

    import pytest

    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is missing: run `bash .ci/setup` as root")
    with_audiences(site)
    site.item("notices/all.md", "title: 全体同学注意保暖\ndate: 2026-11-20\naudience: 全体住宿学生")
    site.item("notices/three.md", "title: 三号楼热水检修\ndate: 2026-11-20\naudience: [3号楼]")
    site.item("notices/four.md", "title: 四号楼停电通知\ndate: 2026-11-20\naudience: [4号楼]")
    run = cli("posters", "--config", site.config, "--today", TODAY, "--out", tmp_path / "p", "--audience", "4号楼")
    assert run.code == 0, run.err
    made = sorted(p.name for p in (tmp_path / "p").glob("bulletin-*.pdf"))  # this week's and next week's
    assert made == ["bulletin-2026-W48-4-hao-lou.pdf", "bulletin-2026-W49-4-hao-lou.pdf"]
    pdf = tmp_path / "p" / made[0]
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout)
    assert "四号楼停电通知" in text and "全体同学注意保暖" in text and "面向4号楼" in text
    assert "三号楼热水检修" not in text
