"""Issue 14: the mistakes a Chinese keyboard makes, told at the line where they are, in Chinese,
with what to type instead; the guide's table of them is checked row by row; a property test
injects them into valid front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, TODAY, SiteDir, tree
from tests.fuzzing import BASES, run, write_site

GUIDE = REPO / "docs" / "guide.md"
# Words of PyYAML's and argparse's messages: none may reach a volunteer.
ENGLISH = re.compile(r"expected|found|mapping|scalar|block end|token|while (scanning|parsing)|could not|"
                     r"alias|anchor|constructor|invalid choice|arguments are required|unrecognized|usage:|"
                     r"error:|choose from|[Ii]nput should", re.I)
EVENT = ["title: 社区开放日", "start: 2026-11-27 19:00", "location: 社区大厅"]
FIGURE = ["title: 陈思远", "role: 2023级 学生党员", "consent: true"]


def _problems(err: str, shown: str) -> list[tuple[int, str, str]]:
    """(line, field, message) of each problem of file `shown`."""
    found = []
    for line in err.splitlines():
        match = re.match(rf"{re.escape(shown)}:(\d+): (\S+?): (.*)$", line)
        if match:
            found.append((int(match.group(1)), match.group(2), match.group(3)))
    return found


def _write(site: SiteDir, relative: str, lines: list[str]) -> None:
    """A content file with exactly these front-matter lines (no dedent: indentation is the point)."""
    path = site.root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(lines) + "\n---\n正文。\n", encoding="utf-8")


def _check(cli, site: SiteDir):
    return cli("check", "--config", site.config, "--today", TODAY)


def _place(line: str) -> tuple[str, list[str], int]:
    """The guide's typed line in a valid item: (file, front lines, its line in the file)."""
    key = re.sub(r"^[\s\u3000⇥␣]*", "", line).split(":")[0].split("：")[0]
    base = FIGURE if key == "consent" else EVENT
    lines = list(base)
    keys = [entry.split(":")[0] for entry in lines]
    if key in keys:
        lines[keys.index(key)] = line
    else:
        lines.append(line)
    return ("figures/a.md" if base is FIGURE else "events/a.md"), lines, lines.index(line) + 2


def guide_rows() -> list[tuple[str, str, str]]:
    """(typed, message words, fix) of the guide's table of format mistakes."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### 常见的格式错误", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) == 3 and cells[0].startswith("`"):
            typed = cells[0].strip("`").replace("⇥", "\t").replace("␣", " ")
            fix = re.match(r"`([^`]*)`", cells[2]).group(1)  # type: ignore[union-attr]
            rows.append((typed, cells[1], fix))
    return rows


def test_the_guide_has_the_table():
    typed = [row[0] for row in guide_rows()]
    assert len(typed) >= 15
    assert any("：" in t for t in typed) and any("　" in t for t in typed) and any("\t" in t for t in typed)


@pytest.mark.parametrize("typed, words, fix", guide_rows(), ids=lambda v: v if len(v) < 40 else None)
def test_every_row_of_the_guide_table(cli, site: SiteDir, typed, words, fix):
    relative, lines, line = _place(typed)
    _write(site, relative, lines)
    run = _check(cli, site)
    problems = _problems(run.err, f"content/{relative}")
    assert run.code == 1 and problems, run.err
    assert any(at == line and words in message for at, _, message in problems), (line, words, run.err)
    assert not ENGLISH.search(run.err), run.err
    # the fix in the table's last column is right
    relative, fixed, _ = _place(fix)
    _write(site, relative, fixed)
    run = _check(cli, site)
    assert not [p for p in _problems(run.err, f"content/{relative}") if "警告" not in p[2]], run.err


# The table, row by row (the lines are file lines: line 1 is the opening ---).
@pytest.mark.parametrize("lines, line, field, words", [
    (["title: 讲座", "start: 2026-11-27 19:00", "location：社区大厅"], 4, "location", ["全角冒号“：”", "location: "]),
    (["title：讲座", "start: 2026-11-27 19:00"], 2, "title", ["全角冒号“：”", "title: "]),
    (["title：讲座"], 2, "title", ["全角冒号“：”"]),
    (["title: 讲座", "location:知行苑", "start: 2026-11-27 19:00"], 3, "location", ["少了一个空格", "location: "]),
    (["title: 讲座", "start: 2026-11-27 19:00", "poster:　true"], 4, "poster", ["全角空格“　”", "poster: "]),
    (["title: [重要]讲座", "start: 2026-11-27 19:00"], 2, "title", ["“[”开头", 'title: "[重要]讲座"']),
    (["title: \"讲座\"通知", "start: 2026-11-27 19:00"], 2, "title", ["引号只括住了", "“讲座”通知"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "tags: [党建, 学习],"], 4, "tags", ["多了一个“,”"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "tags: [党建，学习]"], 4, "tags[0]", ["全角逗号“，”"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "slug: 国家助学金"], 4, "slug", ["小写英文字母", "guo-jia-zhu-xue-jin"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "capacity: 60人"], 4, "capacity", ["写成 60"]),
    (["title: 讲座", "start: 2026-11-27 “19:00”"], 3, "start", ["中文引号", "2026-11-27 19:00"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "end: “21:00”"], 4, "end", ["中文引号", "写成 21:00"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "\tlocation: 大厅"], 4, "location", ["Tab"]),
    (["title: 讲座", "start: 2026-11-27 19:00", " location: 大厅"], 4, "location", ["多缩进了"]),
    (["title: {讲座}", "start: 2026-11-27 19:00"], 2, "title", ["“{”开头", 'title: "{讲座}"']),
    (["title: #1 讲座", "start: 2026-11-27 19:00"], 2, "title", ["“#”开头", "注释"]),
    (["title: '讲座'二", "start: 2026-11-27 19:00"], 2, "title", ["引号只括住了"]),
    (["title: @讲座", "start: 2026-11-27 19:00"], 2, "title", ["“@”开头"]),
    (["title: *讲座", "start: 2026-11-27 19:00"], 2, "title", ["“*”开头"]),
    (["title: &讲座", "start: 2026-11-27 19:00"], 2, "title", ["“&”开头"]),
    (["title: !讲座", "start: 2026-11-27 19:00"], 2, "title", ["“!”开头"]),
    (["title: 讲座", "start: 2026-11-27 19:00", "location: 大厅"], None, None, None),  # the valid one
])
def test_keyboard_mistakes(cli, site: SiteDir, lines, line, field, words):
    _write(site, "events/a.md", lines)
    run = _check(cli, site)
    problems = _problems(run.err, "content/events/a.md")
    if line is None:
        assert run.code == 0 and not problems, run.err
        return
    assert problems and problems[0][:2] == (line, field), run.err
    assert all(word in problems[0][2] for word in words), run.err
    assert not ENGLISH.search(run.err), run.err


def test_indentation_under_hours_and_contact(cli, site: SiteDir):
    base = ["title: 自习室", "category: 生活服务", "location: 5号楼"]
    cases = [
        (["hours:", '  - {days: [mon], open: "08:00", close: "22:00"}', '   - {days: [tue], open: "08:00", close: "22:00"}'], 7),
        (["contact:", "  email: a@example.edu.cn", "   url: https://example.edu.cn/"], 7),
        (["contact:", "    email: a@example.edu.cn", "  url: https://example.edu.cn/"], 7),
        (["steps:", "  - 一", " - 二"], 7),
    ]
    for extra, line in cases:
        _write(site, "services/a.md", base + extra)
        run = _check(cli, site)
        problems = _problems(run.err, "content/services/a.md")
        assert problems and problems[0][0] == line and "缩进" in problems[0][2], run.err
        assert not ENGLISH.search(run.err), run.err


def test_consent_is_true_not_shi(cli, site: SiteDir):
    _write(site, "figures/a.md", ["title: 陈思远", "role: 学生党员", "consent: 是"])
    run = _check(cli, site)
    assert "content/figures/a.md:4: consent: 应为 true 或 false（英文小写，不加引号）：写 true" in run.err


def test_the_config_list_with_a_full_width_comma_is_the_configs_error(cli, site: SiteDir):
    site.write("site_config.yml", "site_name: 测试社区\ncategories: {events: [党建活动，学业帮扶]}\n")
    _write(site, "events/a.md", ["title: 讲座", "start: 2026-11-27 19:00", "category: 学业帮扶"])
    run = _check(cli, site)
    assert run.code == 1
    assert "site_config.yml:2: categories.events[0]: 格式错误：列表里用了全角逗号“，”" in run.err, run.err
    assert "content/events" not in run.err          # not the content's fault
    site.write("site_config.yml", "site_name: 测试社区\ncategories:\n  events: [党建活动, 学业帮扶]\n  policies: [奖助学金，专升本]\n")
    run = _check(cli, site)
    assert "site_config.yml:4: categories.policies[0]: 格式错误：列表里用了全角逗号" in run.err, run.err


def test_a_missing_photo_gets_did_you_mean_and_the_assets_hint(cli, site: SiteDir):
    (site.root / "content/assets/figures").mkdir(parents=True)
    (site.root / "content/assets/figures/chen-siyuan.jpg").write_bytes(bytes.fromhex("ffd8ffe000104a464946"))
    _write(site, "figures/a.md", ["title: 陈思远", "role: 学生党员", "consent: true",
                                  "photo: ../assets/figures/chen-siyuan.JPG"])
    _write(site, "figures/b.md", ["title: 林晓", "role: 学生党员", "consent: true", "photo: ../assets/figures/chen-siyun.jpg"])
    _write(site, "figures/c.md", ["title: 吴浩", "role: 学生党员", "consent: true", "photo: wuhao.jpg"])
    run = _check(cli, site)
    assert "content/figures/a.md:5: photo: 找不到文件“../assets/figures/chen-siyuan.JPG”：是不是想写“../assets/figures/chen-siyuan.jpg”？" in run.err
    assert "content/figures/b.md:5: photo: 找不到文件“../assets/figures/chen-siyun.jpg”：是不是想写“../assets/figures/chen-siyuan.jpg”？" in run.err
    assert "content/figures/c.md:5: photo: 找不到文件“wuhao.jpg”：图片和附件请放进 content/assets/" in run.err


def test_a_placeholder_in_a_published_item_is_an_error(cli, site: SiteDir, tmp_path: Path):
    (site.root / "content/notices").mkdir(parents=True)
    (site.root / "content/notices/a.md").write_text(
        "---\ntitle: 停水通知\ndate: 2026-11-20\ndraft: false\n---\n【待填写】通知正文\n", encoding="utf-8")
    out = tmp_path / "out"
    site.item("notices/b.md", "title: 通知\ndate: 2026-11-20")
    assert cli("build", "--config", site.config, "--today", TODAY, "--no-posters", "--out", out).code == 1
    (site.root / "content/notices/a.md").rename(site.root / "a.md")
    assert cli("build", "--config", site.config, "--today", TODAY, "--no-posters", "--out", out).code == 0
    (site.root / "a.md").rename(site.root / "content/notices/a.md")
    before = tree(out)
    run = cli("build", "--config", site.config, "--today", TODAY, "--no-posters", "--out", out)
    assert run.code == 1
    assert "content/notices/a.md:6: 正文: 还有“【待填写】”没有改成真实内容：改好之前不能发布" in run.err
    assert tree(out) == before       # nothing half-written: the previous site as it was
    # as a draft it is a warning (seen with --drafts), and check passes
    (site.root / "content/notices/a.md").write_text(
        "---\ntitle: 停水通知\ndate: 2026-11-20\ndraft: true\n---\n【待填写】通知正文\n", encoding="utf-8")
    run = cli("check", "--config", site.config, "--today", TODAY, "--drafts")
    assert run.code == 0 and "（警告）还有“【待填写】”没有改成真实内容" in run.err, run.err


def test_undiagnosable_says_so_in_chinese_with_the_line():
    from generator.yamltext import YamlSyntaxError, parse
    with pytest.raises(YamlSyntaxError) as caught:
        parse("\ntitle: 讲座\nrepeat: {freq: weekly\ncount: 4\n")
    assert caught.value.line >= 3 and not ENGLISH.search(caught.value.message)
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message)


# -- the CLI in Chinese ---------------------------------------------------------------------

def test_usage_errors_are_in_chinese(cli, site: SiteDir):
    run = cli("bulid")
    assert run.code == 2 and "没有 bulid 这个命令，是不是想写 build？" in run.err
    run = cli("new", "--config", site.config, "活动")
    assert run.code == 2 and "缺少标题" in run.err
    run = cli("posters", "--size", "A5")
    assert run.code == 2 and "--size 只能是 A4、A3，而不是“A5”" in run.err
    run = cli("check", "--strcit")
    assert run.code == 2 and "不认识的参数：--strcit。是不是想写 --strict？" in run.err
    run = cli("serve", "--port", "abc")
    assert run.code == 2 and "--port 应为整数" in run.err
    run = cli("posters", "--week", "48")
    assert run.code == 2 and "周次应写成" in run.err
    for args in (("bulid",), ("new",), ("posters", "--size", "A5"), ("check", "--strcit"), ("--help",), ("new", "--help")):
        run = cli(*args)
        assert not ENGLISH.search(run.err + run.out), (args, run.err + run.out)
    help_text = cli("--help").out + cli("posters", "--help").out
    assert "用法：" in help_text and "显示这段说明" in help_text and "show this help" not in help_text


def test_choices_are_case_insensitive():
    from generator.cli import parser
    assert parser().parse_args(["posters", "--size", "a3"]).size == "A3"


@pytest.mark.parametrize("week, monday", [("2026-W48", "2026-11-23"), ("2026-w48", "2026-11-23"),
                                          ("2026-11-26", "2026-11-23"), ("this", "2026-11-23"), ("本周", "2026-11-23"),
                                          ("next", "2026-11-30"), ("下周", "2026-11-30"), ("NEXT", "2026-11-30")])
def test_week_forms(week, monday):
    from datetime import date

    from generator.posters.weeks import parse_week
    assert parse_week(week, date(2026, 11, 26)).isoformat() == monday


def test_posters_week_next_is_the_week_after_today(cli, site: SiteDir, monkeypatch):
    seen = {}

    def fake(options, week=None, size=None, *rest):
        seen["week"], seen["size"] = week, size
        return __import__("generator.problems").problems.Report(), site.root, 0
    monkeypatch.setattr("generator.cli.build_posters", fake)
    assert cli("posters", "--config", site.config, "--today", TODAY, "--week", "下周", "--size", "a3").code == 0
    assert seen == {"week": "2026-W49", "size": "A3"}


# -- the property: a keyboard mistake anywhere is named at its line (or the one before) -------------

MISTAKES = {
    "全角冒号": lambda key, value: f"{key}：{value}",
    "全角冒号加空格": lambda key, value: f"{key}： {value}",
    "冒号后没有空格": lambda key, value: f"{key}:{value}",
    "冒号后全角空格": lambda key, value: f"{key}:　{value}",
    "行首全角空格": lambda key, value: f"　{key}: {value}",
    "行首 Tab": lambda key, value: f"\t{key}: {value}",
    "多一个空格缩进": lambda key, value: f" {key}: {value}",
    "以 [ 开头": lambda key, value: f"{key}: [重要]{value}",
    "以英文引号开头": lambda key, value: f'{key}: "重要"{value}',
    "以 @ 开头": lambda key, value: f"{key}: @{value}",
    "以 * 开头": lambda key, value: f"{key}: *{value}",
    "以 & 开头": lambda key, value: f"{key}: & {value}",
    "以 ! 开头": lambda key, value: f"{key}: !{value}",
    "中文引号括住带冒号的值": lambda key, value: f"{key}: “{value}: 说明”",
}
RESULTS: dict[str, int] = {"exact": 0, "before": 0}


@st.composite
def injected(draw: st.DrawFn) -> tuple[str, list[str], int, str]:
    type_name = draw(st.sampled_from(sorted(BASES)))
    fields = draw(st.permutations(sorted(BASES[type_name].items())))
    index = draw(st.integers(0, len(fields) - 1))
    mistake = draw(st.sampled_from(sorted(MISTAKES)))
    lines = [f"{key}: {value}" for key, value in fields]
    key, value = fields[index]
    lines[index] = MISTAKES[mistake](key, value)
    return type_name, lines, index + 2, mistake


def test_a_mistake_is_named_at_its_line(tmp_path: Path):
    @settings(max_examples=300, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(injected())
    def prop(case: tuple[str, list[str], int, str]) -> None:
        type_name, lines, line, mistake = case
        text = "---\n" + "\n".join(lines) + "\n---\n正文。\n"
        write_site(tmp_path, [(f"{type_name}/a.md", text)])
        code, output = run("check", "--config", str(tmp_path / "site_config.yml"), "--today", TODAY)
        problems = _problems(output, f"content/{type_name}/a.md")
        assert code == 1 and problems, (mistake, text, output)
        assert not ENGLISH.search(output), (mistake, text, output)
        near = [p for p in problems if p[0] in (line, line - 1) and re.search(r"[\u4e00-\u9fff]", p[2])]
        assert near, (mistake, line, text, output)
        RESULTS["exact" if any(p[0] == line for p in near) else "before"] += 1

    prop()
    total = RESULTS["exact"] + RESULTS["before"]
    print(f"\nexact line: {RESULTS['exact']}/{total} ({RESULTS['exact'] / total:.0%}), the line before: {RESULTS['before']}")
    assert RESULTS["exact"] / total >= 0.9
