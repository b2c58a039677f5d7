"""Every validation rule: one line `path:line: field: message` in Chinese, exit code 1."""

from __future__ import annotations

import re

import pytest

from tests.conftest import TODAY

NOTICE = "title: 通知\ndate: 2026-11-20"
EVENT = "title: 活动\nstart: 2026-11-27 19:00\nlocation: 党员活动室"


def check(cli, site, *extra: str):
    return cli("check", "--config", site.config, "--today", TODAY, *extra)


def lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if re.match(r"^\S+:\d+: ", line)]


def test_valid_site_passes(cli, site):
    site.item("notices/a.md", NOTICE)
    site.item("events/b.md", EVENT)
    run = check(cli, site)
    assert run.code == 0, run.err
    assert "检查通过" in run.out


def test_unknown_field_names_line_and_suggests_the_right_one(cli, site):
    site.item("events/b.md", "title: 活动\nstart: 2026-11-27 19:00\nlocaton: 党员活动室")
    run = check(cli, site)
    assert run.code == 1
    assert "content/events/b.md:4: locaton: 未知字段“locaton”。是不是想写“location”？" in run.err


def test_extra_fields_from_config_are_allowed(cli, site):
    site.write("site_config.yml", site.config.read_text() + "extra_fields: [wechat_article]\n")
    site.item("notices/a.md", NOTICE + "\nwechat_article: https://mp.example.com/s/1")
    assert check(cli, site).code == 0


def test_missing_required_field(cli, site):
    site.item("notices/a.md", "title: 通知")
    run = check(cli, site)
    assert "content/notices/a.md:1: date: 缺少必填字段" in run.err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-13-01", "日期“2026-13-01”不存在"),
        ("2026/11/20", "日期应写成 YYYY-MM-DD"),
        ("下周一", "日期应写成 YYYY-MM-DD"),
    ],
)
def test_wrong_dates(cli, site, value, expected):
    site.item("notices/a.md", f"title: 通知\ndate: {value}")
    run = check(cli, site)
    assert run.code == 1
    assert f"content/notices/a.md:3: date: {expected}" in run.err


def test_wrong_time(cli, site):
    site.item("lessons/a.md", "title: 党课\ndate: 2026-11-20\ntime: 25:00")
    assert "content/lessons/a.md:4: time: 时间“25:00”不存在" in check(cli, site).err


def test_wrong_datetime(cli, site):
    site.item("events/a.md", "title: 活动\nstart: 2026-11-27 7pm")
    assert "content/events/a.md:3: start: 日期时间应写成 YYYY-MM-DD HH:MM" in check(cli, site).err


def test_event_ending_before_it_starts(cli, site):
    site.item("events/a.md", EVENT + "\nend: 2026-11-27 18:00")
    run = check(cli, site)
    assert "content/events/a.md:5: end: 结束时间早于开始时间" in run.err


def test_nested_field_errors_name_the_nested_line(cli, site):
    site.item("events/a.md", EVENT + "\nrepeat:\n  freq: weekly\n  days: [thu, fry]")
    run = check(cli, site)
    assert "content/events/a.md:7: repeat.days[1]: 应为以下之一：mon, tue" in run.err


def test_category_outside_config(cli, site):
    site.item("events/a.md", EVENT + "\ncategory: 体育")
    run = check(cli, site)
    assert "content/events/a.md:5: category: 类别“体育”不在 site_config.yml 的 categories.events 中，应为：党建活动、学业帮扶" in run.err


def test_gbk_file_names_the_fix(cli, site):
    site.write("content/notices/gbk.md", "---\ntitle: 宿舍通知\ndate: 2026-11-20\n---\n正文\n", encoding="gbk")
    run = check(cli, site)
    assert run.code == 1
    assert "content/notices/gbk.md:2: -: 文件不是 UTF-8 编码（看起来是 GBK" in run.err
    assert "另存为" in run.err and "UTF-8" in run.err


def test_bom_crlf_and_empty_body_are_accepted(cli, site):
    site.root.joinpath("content/notices").mkdir(parents=True)
    site.root.joinpath("content/notices/a.md").write_bytes(
        "\ufeff---\r\ntitle: 通知\r\ndate: 2026-11-20\r\n---\r\n".encode("utf-8"))
    assert check(cli, site).code == 0


def test_file_without_front_matter(cli, site):
    site.write("content/notices/plain.md", "# 只是正文\n")
    run = check(cli, site)
    assert "content/notices/plain.md:1: -: 缺少开头的属性区" in run.err


def test_yaml_syntax_error_is_explained(cli, site):
    site.item("notices/a.md", "title: 通知: 第二版\ndate: 2026-11-20")
    run = check(cli, site)
    assert "content/notices/a.md:2: title: 格式错误：值里有“: ”（冒号加空格）" in run.err


def test_missing_image_and_attachment(cli, site):
    site.item("notices/a.md", NOTICE + "\ncover: nope.jpg\nattachments: [../assets/表格.xlsx]",
              body="![图](missing.png)\n")
    run = check(cli, site)
    assert "content/notices/a.md:4: cover: 找不到文件“nope.jpg”" in run.err
    assert "content/notices/a.md:5: attachments[0].file: 找不到文件“../assets/表格.xlsx”" in run.err
    assert "content/notices/a.md:7: 正文: 找不到图片“missing.png”" in run.err


def test_path_leaving_the_site(cli, site):
    site.item("notices/a.md", NOTICE + "\ncover: ../../../etc/passwd")
    run = check(cli, site)
    assert "content/notices/a.md:4: cover: 路径“../../../etc/passwd”指向站点目录之外" in run.err


def test_two_items_with_the_same_url(cli, site):
    site.item("notices/a.md", NOTICE)
    site.item("notices/2026/a.md", NOTICE)
    run = check(cli, site)
    assert "网址 /notices/a/ 与" in run.err


def test_resident_id_number_anywhere_is_an_error(cli, site):
    site.item("notices/a.md", NOTICE, body="联系人身份证号 11010519491231002X。\n")
    run = check(cli, site)
    assert run.code == 1
    assert "content/notices/a.md:5: 正文: 疑似身份证号（110***********002X）" in run.err
    site.item("notices/a.md", NOTICE + "\nsummary: 证件 11010519491231002X")
    assert "content/notices/a.md:4: summary: 疑似身份证号" in check(cli, site).err


def test_numbers_with_wrong_check_digit_are_not_id_numbers(cli, site):
    site.item("notices/a.md", NOTICE, body="订单号 110105194912310021。\n")
    assert check(cli, site).code == 0


def test_mobile_outside_contact_is_a_warning(cli, site):
    site.item("services/a.md", "title: 维修\ncategory: 生活服务\nlocation: 3号楼\ncontact: {phone: 13812345678}",
              body="急事请打 138 1234 5678。\n")
    run = check(cli, site)
    assert run.code == 0
    assert "content/services/a.md:7: 正文: （警告）疑似手机号（138****5678）" in run.err
    assert ":5: contact" not in run.err
    assert check(cli, site, "--strict").code == 1


def test_figure_without_consent(cli, site):
    site.item("figures/a.md", "title: 张三\nrole: 2023级 学生党员")
    run = check(cli, site)
    assert "content/figures/a.md:1: consent: 典型人物须经本人同意才能公开" in run.err
    site.write("site_config.yml", site.config.read_text() + "privacy: {require_consent: false}\n")
    assert check(cli, site).code == 0


def test_an_unknown_field_that_looks_like_code_is_named_as_written(cli, site):
    """Brackets in a key are what pydantic uses to name union branches: the key is kept."""
    site.item("events/b.md", "title: 活动\nstart: 2026-11-27 19:00\nZ[{% raw %}&: 1\nlist[str]: 2")
    run = check(cli, site)
    assert run.code == 1, run.err
    assert "content/events/b.md:4: Z[{% raw %}&: 未知字段“Z[{% raw %}&”" in run.err
    assert "content/events/b.md:5: list[str]: 未知字段“list[str]”" in run.err
    assert "内部错误" not in run.err


def test_a_config_key_that_looks_like_code_is_named_on_its_line(cli, site):
    site.write("site_config.yml", 'site_name: 测试\ncategories:\n  "a[b]": [讲座]\n')
    run = check(cli, site)
    assert run.code == 1
    assert "site_config.yml:3: categories.a[b]: 应为以下之一：notices" in run.err


def test_all_errors_of_a_run_are_reported(cli, site):
    site.item("notices/a.md", "title: 通知\ndate: 2026-02-30")
    site.item("events/b.md", "title: 活动\nstart: 明天")
    site.item("lessons/c.md", "title: 党课")
    assert len(lines(check(cli, site))) == 3


def test_unknown_config_key_and_wrong_type(cli, site):
    site.write("site_config.yml", "site_name: 测试\nsite_nmae: 错\nposters: {size: B5}\n")
    run = check(cli, site)
    assert run.code == 1
    assert "site_config.yml:2: site_nmae: 未知字段“site_nmae”。是不是想写“site_name”？" in run.err
    assert "site_config.yml:3: posters.size: 应为以下之一：A4, A3" in run.err


def test_drafts_errors_are_warnings_unless_drafts_are_built(cli, site):
    site.item("notices/a.md", "title: 草稿\ndraft: true")
    assert check(cli, site).code == 0
    assert check(cli, site, "--drafts").code == 1


def test_no_traceback_for_missing_config(cli, tmp_path):
    run = cli("check", "--config", tmp_path / "nope.yml")
    assert run.code == 2
    assert "找不到" in run.err and "Traceback" not in run.err


def test_usage_error_exit_code(cli, site):
    assert cli("build", "--today", "tomorrow").code == 2
    assert cli("frobnicate").code == 2
