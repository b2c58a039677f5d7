"""`yizhan check` output: grouped by file with a header line, a final count, --strict; the
warnings volunteers need."""

from __future__ import annotations

from tests.conftest import TODAY


def check(cli, site, *extra: str):
    return cli("check", "--config", site.config, "--today", TODAY, *extra)


def test_problems_grouped_by_file_with_header_and_count(cli, site):
    site.item("notices/a.md", "title: 通知\ndate: 2026-02-30")
    site.item("events/b.md", "title: 活动\nstart: 明天\nlocaton: 3号楼")
    run = check(cli, site)
    lines = run.err.splitlines()
    header = lines.index("━━ content/events/b.md（2 个错误）")
    assert lines[header + 1].startswith("content/events/b.md:3: start:")
    assert lines[header + 2].startswith("content/events/b.md:4: locaton:")
    assert "━━ content/notices/a.md（1 个错误）" in lines
    assert lines[-1] == "共 3 个错误，0 个警告，涉及 2 个文件。"


def test_strict_counts_warnings_as_errors(cli, site):
    site.item("events/a.md", "title: 活动\nstart: 2026-11-27 19:00")   # no location: a warning
    run = check(cli, site, "--strict")
    assert run.code == 1
    assert "（警告→错误）活动没有写地点" in run.err
    assert "共 1 个错误，0 个警告，涉及 1 个文件。" in run.err


def test_new_warnings(cli, site):
    site.item("notices/pinned.md", "title: 置顶\ndate: 2026-11-20\npinned: true")
    site.item("events/weekly.md", "title: 晨读\nstart: 2026-11-23 07:00\nlocation: 自习室\n"
                                  "repeat: {freq: weekly, days: [mon]}")
    site.item("policies/old.md", "title: 旧政策\ncategory: 奖助学金\nreviewed: 2026-09-01\nexpires: 2026-10-01")
    site.item("notices/todo.md", "title: 通知\ndate: 2026-11-20", body="【待填写】通知正文\n")
    run = check(cli, site)
    assert run.code == 1      # the placeholder left in a published notice is an error (SPEC §4)
    assert "content/notices/pinned.md:4: pinned: （警告）置顶通知没有写过期日期" in run.err
    assert "content/events/weekly.md:5: repeat: （警告）重复活动没有写结束" in run.err
    assert "content/policies/old.md:5: expires: （提醒）政策已过失效日期" in run.err
    assert "content/notices/todo.md:5: 正文: 还有“【待填写】”没有改成真实内容：改好之前不能发布" in run.err


def test_reminders_of_time_passing_never_fail_strict(cli, site):
    """A policy going stale overnight must not turn a CI publication red with no commit."""
    site.item("policies/old.md", "title: 旧政策\ncategory: 奖助学金\nreviewed: 2025-01-01")
    site.item("notices/old.md", "title: 旧通知\ndate: 2026-10-01\nexpires: 2026-10-08\npinned: true")
    run = check(cli, site, "--strict")
    assert run.code == 0, run.err
    assert "content/policies/old.md:4: reviewed: （提醒）已超过 365 天未核对原文" in run.err
    assert "content/notices/old.md:5: pinned: （提醒）通知已过期但仍置顶" in run.err
    assert run.err.splitlines()[-1] == "共 0 个错误，0 个警告，2 个提醒，涉及 2 个文件。"
