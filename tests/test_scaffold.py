"""`yizhan new`: a file for every type, in the right folder, that passes `check` as written."""

from __future__ import annotations

import re

import pytest

from generator.kinds import KINDS
from tests.conftest import TODAY, SiteDir

LABELS = {t.name: t.label for t in KINDS}


def _new(cli, site: SiteDir, type_word: str, title: str):
    run = cli("new", "--config", site.config, type_word, title, "--today", TODAY)
    assert run.code == 0, run.err
    match = re.search(r"已新建 (\S+\.md)", run.out)
    assert match, run.out
    return site.root / match.group(1)


@pytest.mark.parametrize("type_", [t.name for t in KINDS])
def test_new_file_of_every_type_passes_check(cli, site: SiteDir, type_):
    path = _new(cli, site, type_, "迎新晚会：欢迎 2026 级新同学")
    assert path.parent == site.root / "content" / type_
    assert path.name == "ying-xin-wan-hui-huan-ying-2026-ji-xin-tong-xue.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "draft: true" in text
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 0, run.err
    assert "共 0 个错误" in run.err or not run.err.strip()
    if type_ != "figures":      # a figure's draft reminds that consent is needed, nothing else does
        assert not run.err.strip()

    # Published as written (and consent given), every value is valid; only the placeholders are
    # pointed out, as errors (SPEC §4: 【待填写】 is never published).
    path.write_text(text.replace("draft: true", "draft: false").replace("consent: false", "consent: true"),
                    encoding="utf-8")
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 1, run.err
    problems = [line for line in run.err.splitlines() if line.startswith("content/")]
    assert problems and all("还有“【待填写】”没有改成真实内容：改好之前不能发布" in line for line in problems), run.err
    path.write_text(text.replace("draft: true", "draft: false").replace("consent: false", "consent: true")
                    .replace("【待填写】", ""), encoding="utf-8")
    assert cli("check", "--config", site.config, "--today", TODAY).code == 0


@pytest.mark.parametrize(("word", "folder"), [("活动", "events"), ("通知", "notices"), ("通知公告", "notices"),
                                              ("党课", "lessons"), ("人物", "figures"), ("服务", "services"),
                                              ("政策", "policies"), ("页面", "pages")])
def test_chinese_type_names(cli, site: SiteDir, word, folder):
    assert _new(cli, site, word, "测试").parent.name == folder


def test_event_defaults_next_week_at_seven_pm(cli, site: SiteDir):
    text = _new(cli, site, "events", "心灵茶话会").read_text(encoding="utf-8")
    assert "start: 2026-11-30 19:00" in text            # TODAY + 7 days
    assert "category: 党建活动" in text                  # the config's first category
    assert "# repeat:" in text and "# registration:" in text   # optional fields as commented examples


def test_same_title_twice_is_refused(cli, site: SiteDir):
    first = _new(cli, site, "notices", "停水通知")
    run = cli("new", "--config", site.config, "notices", "停水通知", "--today", TODAY)
    assert run.code == 2 and f"已经有这个文件了：content/notices/{first.name}" in run.err
    assert [p.name for p in first.parent.iterdir()] == [first.name]


def test_unknown_type_is_a_usage_error(cli, site: SiteDir):
    run = cli("new", "--config", site.config, "新闻", "标题")
    assert run.code == 2 and "不认识的内容类型“新闻”" in run.err
