"""No crash on any input (issue 20.6): each input that ended in 内部错误 is a one-line
problem `path:line: field: message` instead, `check` fails where `build` would, and a full
disk or a read-only output is said in Chinese. Then a bounded fuzz run of both commands."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import TODAY, SiteDir
from tests.fuzzing import check_and_build, sites, violations, write_site

NOTICE = "title: 热水检修通知\ndate: 2026-11-20"
EVENT = "title: 心灵茶话会\nstart: 2026-11-27 19:00\nlocation: 3号楼活动室"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
LINE = re.compile(r"^\S.*?:\d+: \S+: \S.*$")


def _both(cli, site: SiteDir, *expected: str) -> None:
    """`check` and `build` both exit 1 with every `expected` line, and nothing else goes wrong."""
    for args in (("check",), ("build", "--no-posters", "--out", site.root / "site")):
        run = cli(*args, "--config", site.config, "--today", TODAY)
        assert run.code == 1, (args, run.err)
        assert "内部错误" not in run.err and "Traceback" not in run.err, run.err
        lines = run.err.splitlines()
        for line in expected:
            assert line in lines, f"{args[0]}: {line!r} not in:\n{run.err}"
            assert LINE.match(line)


def test_alias_bomb_is_refused_at_once(cli, site: SiteDir):
    """Nine aliases, nine deep: 387 million nodes once expanded (84 s, then MemoryError)."""
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(8):
        this, previous = chr(ord("b") + n), chr(ord("a") + n)
        bomb.append(f"{this}: &{this} [{', '.join(['*' + previous] * 9)}]")
    site.item("notices/a.md", NOTICE + "\n" + "\n".join(bomb))
    start = time.monotonic()
    _both(cli, site, "content/notices/a.md:4: -: 内容太多（展开后超过 10000 项）：属性区只写字段和简短的值，"
                     "也不要用锚点（&）和引用（*）层层复制内容")
    assert time.monotonic() - start < 30


def test_merge_key_bomb_is_refused(cli, site: SiteDir):
    bomb = ["a: &a {x: 1, y: 2}"]
    for n in range(10):
        this, previous = chr(ord("b") + n), chr(ord("a") + n)
        bomb.append(f"{this}: &{this} {{<<: [{', '.join(['*' + previous] * 9)}]}}")
    site.item("notices/a.md", NOTICE + "\n" + "\n".join(bomb))
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 1 and "内容太多（展开后超过 10000 项）" in run.err, run.err


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{", "}"), ("[{", "}]")])
def test_deep_nesting(cli, site: SiteDir, opening: str, closing: str):
    site.item("notices/a.md", NOTICE + "\ntags: " + opening * 2500 + closing * 2500)
    _both(cli, site, "content/notices/a.md:4: -: 嵌套层次太多（超过 32 层）：请检查方括号 [ ] 和花括号 { } 是否成对")


def test_deep_block_nesting(cli, site: SiteDir):
    site.item("notices/a.md", NOTICE + "\n" + "".join(" " * n + f"k{n}:\n" for n in range(60)) + " " * 60 + "v: 1")
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 1 and "嵌套层次太多" in run.err, run.err


def test_a_5000_digit_capacity(cli, site: SiteDir):
    site.item("events/a.md", EVENT + "\ncapacity: " + "9" * 5000)
    _both(cli, site, "content/events/a.md:5: capacity: 数字太大：应为一个合理的整数")


def test_huge_numbers_elsewhere_are_text_or_errors(cli, site: SiteDir):
    site.item("figures/a.md", "title: 陈思远\nrole: 学生党员\nconsent: true\nyear: " + "1" * 5000)
    site.item("events/b.md", EVENT + "\ncapacity: 1.5e+400")
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert "content/figures/a.md:5: year: 数字太大：应为一个合理的整数" in run.err.splitlines(), run.err
    assert "content/events/b.md:5: capacity: 应为普通的数字（不能是无穷大或 NaN）" in run.err.splitlines(), run.err


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x9b"])
def test_control_characters_in_front_matter(cli, site: SiteDir, char: str):
    site.item("notices/a.md", f"title: 热水{char}检修\ndate: 2026-11-20")
    _both(cli, site, f"content/notices/a.md:2: title: 含有看不见的控制字符（U+{ord(char):04X}）："
                     "请删除它（常见于从网页、PDF 或 Word 复制来的文字）")


def test_control_characters_written_as_escapes(cli, site: SiteDir):
    site.item("notices/a.md", 'title: 热水检修\ndate: 2026-11-20\naudience: ["3号楼", "4号楼\\0"]')
    _both(cli, site, "content/notices/a.md:4: audience[1]: 含有看不见的控制字符（U+0000）："
                     "请删除它（常见于从网页、PDF 或 Word 复制来的文字）")


def test_a_lone_surrogate_written_as_an_escape(cli, site: SiteDir):
    site.item("notices/a.md", 'title: "热水\\ud800检修"\ndate: 2026-11-20')
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 1 and "内部错误" not in run.err and "content/notices/a.md:2: " in run.err, run.err


def test_an_event_title_must_be_one_line(cli, site: SiteDir):
    """`check` passed it; `build` died in icalendar (a calendar's name is one line)."""
    site.item("events/a.md", 'title: "心灵\\n茶话会"\nstart: 2026-11-27 19:00\nlocation: 3号楼活动室')
    site.item("notices/b.md", "title: |\n  第一行\n  第二行\ndate: 2026-11-20")
    _both(cli, site,
          "content/events/a.md:2: title: 应写在一行里，不能换行（标题和名称会用在网页标题、日历和海报上）",
          "content/notices/b.md:2: title: 应写在一行里，不能换行（标题和名称会用在网页标题、日历和海报上）")


def test_a_site_name_and_description_must_be_one_line(cli, site: SiteDir):
    site.write("site_config.yml", 'site_name: "测试\\n社区"\ndescription: |\n  第一行\n  第二行\n')
    site.item("notices/a.md", NOTICE)
    run = cli("build", "--no-posters", "--config", site.config, "--today", TODAY)
    assert run.code == 1 and "内部错误" not in run.err
    assert "site_config.yml:1: site_name: 应写在一行里，不能换行（标题和名称会用在网页标题、日历和海报上）" in run.err.splitlines()
    assert "site_config.yml:2: description: 应写在一行里，不能换行（标题和名称会用在网页标题、日历和海报上）" in run.err.splitlines()


def test_a_file_name_whose_slug_is_too_long(cli, site: SiteDir):
    """60 Chinese characters make a 239-letter pinyin folder name (`events-<slug>.pdf` is more)."""
    name = "期末考试周自习室延长开放" * 5
    site.item(f"notices/{name}.md", NOTICE)
    _both(cli, site, f"content/notices/{name}.md:1: 文件名: 文件名太长：由它生成的网址名有 239 个字符，最多 200 个。"
                     "请把文件名改短，或在属性区写一个短一些的 slug")


def test_a_long_file_name_with_a_short_slug_is_fine(cli, site: SiteDir):
    site.item(f"notices/{'期末考试周自习室延长开放' * 5}.md", NOTICE + "\nslug: qimo-zixishi")
    run = cli("build", "--no-posters", "--config", site.config, "--today", TODAY, "--out", site.root / "site")
    assert run.code == 0, run.err
    assert (site.root / "site" / "notices" / "qimo-zixishi" / "index.html").is_file()


def test_a_slug_too_long(cli, site: SiteDir):
    site.item("notices/a.md", NOTICE + "\nslug: " + "a" * 300)
    _both(cli, site, "content/notices/a.md:4: slug: 太长：最多 200 个字符")


def test_a_tag_too_long(cli, site: SiteDir):
    site.item("notices/a.md", NOTICE + "\ntags: [后勤, " + "宿舍" * 40 + "]")
    _both(cli, site, "content/notices/a.md:4: tags[1]: 标签太长：由它生成的网址名有 279 个字符，最多 200 个。请写一个短一些的标签")


def test_a_newline_in_a_value_stays_in_one_line(cli, site: SiteDir):
    site.item("notices/a.md", 'title: 热水检修通知\ndate: "2026\\n11-20"\nexpires: |\n  明天\n  后天\n"a\\nb": 1')
    run = cli("check", "--config", site.config, "--today", TODAY)
    lines = run.err.splitlines()
    assert "content/notices/a.md:3: date: 日期应写成 YYYY-MM-DD（例如 2026-11-20），而不是“2026\\n11-20”" in lines, run.err
    assert "content/notices/a.md:4: expires: 日期应写成 YYYY-MM-DD（例如 2026-11-20），而不是“明天\\n后天”" in lines, run.err
    assert any(line.startswith("content/notices/a.md:7: a\\nb: 未知字段“a\\nb”") for line in lines), run.err
    assert all(LINE.match(line) for line in lines if line.startswith("content/")), run.err


def test_a_file_name_with_a_newline(cli, site: SiteDir):
    site.item("notices/a\nb.md", "title: 通知\ndate: 明天")
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert "content/notices/a\\nb.md:3: date: 日期应写成 YYYY-MM-DD（例如 2026-11-20），而不是“明天”" in run.err.splitlines()


def test_a_long_value_is_cut_short_in_the_message(cli, site: SiteDir):
    site.item("notices/a.md", "title: 通知\ndate: " + "明" * 5000)
    run = cli("check", "--config", site.config, "--today", TODAY)
    (line,) = [line for line in run.err.splitlines() if line.startswith("content/")]
    assert len(line) < 200 and "…" in line


def test_front_matter_too_large(cli, site: SiteDir):
    site.item("notices/a.md", NOTICE + "\nsummary: " + "长" * 250_000)
    _both(cli, site, "content/notices/a.md:1: -: 设置太长（250042 个字符，最多 200000 个）：属性区只写字段和简短的值，"
                     "长的文字请写在结束的 --- 之后的正文里")


def test_yaml_errors_are_in_chinese(cli, site: SiteDir):
    site.item("notices/a.md", NOTICE + "\naudience: %全体")
    site.item("notices/b.md", NOTICE + "\naudience: !!python/object:os.system 全体")
    site.item("notices/c.md", NOTICE + "\naudience: \"4号\\q楼\"")
    run = cli("check", "--config", site.config, "--today", TODAY)
    problems = [line for line in run.err.splitlines() if line.startswith("content/")]
    assert len(problems) == 3 and all("格式错误：" in line and not re.search(r"expected|found|scalar|mapping|token|while|constructor|could not", line)
                                      for line in problems), run.err


@pytest.mark.parametrize("field, type_, front", [
    ("cover", "notices", NOTICE), ("photo", "figures", "title: 陈思远\nrole: 学生党员\nconsent: true")])
def test_a_cover_or_photo_that_is_not_an_image(cli, site: SiteDir, field: str, type_: str, front: str):
    site.write("content/assets/readme.txt", "不是图片")
    site.write("content/assets/fake.jpg", "也不是图片，只是改了扩展名")
    site.write("content/assets/real.png", "")
    (site.root / "content/assets/real.png").write_bytes(PNG)
    site.item(f"{type_}/a.md", front + f"\n{field}: ../assets/readme.txt")
    site.item(f"{type_}/b.md", front + f"\n{field}: ../assets/fake.jpg")
    site.item(f"{type_}/c.md", front + f"\n{field}: ../assets/real.png")
    line = front.count("\n") + 3
    _both(cli, site,
          f"content/{type_}/a.md:{line}: {field}: “../assets/readme.txt”不是图片：应为 JPG、PNG、GIF、WebP 或 SVG 格式的图片文件（按文件内容判断，不只看扩展名）",
          f"content/{type_}/b.md:{line}: {field}: “../assets/fake.jpg”不是图片：应为 JPG、PNG、GIF、WebP 或 SVG 格式的图片文件（按文件内容判断，不只看扩展名）")
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert f"content/{type_}/c.md" not in run.err


def test_a_logo_that_is_not_an_image(cli, site: SiteDir):
    site.write("site_config.yml", "site_name: 测试社区\nlogo: content/assets/logo.svg\n")
    site.write("content/assets/logo.svg", "这不是 SVG")
    site.item("notices/a.md", NOTICE)
    run = cli("check", "--config", site.config, "--today", TODAY)
    assert run.code == 1
    assert ("site_config.yml:2: logo: “content/assets/logo.svg”不是图片：应为 JPG、PNG、GIF、WebP 或 SVG 格式的图片文件"
            "（按文件内容判断，不只看扩展名）") in run.err.splitlines(), run.err
    site.write("content/assets/logo.svg", '<?xml version="1.0"?>\n<!-- 校徽 -->\n<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    assert cli("check", "--config", site.config, "--today", TODAY).code == 0


@pytest.mark.parametrize("number, expected, code", [
    (errno.ENOSPC, "yizhan: 磁盘空间已满，无法写入输出目录 {out}：请清理磁盘（或换一个有空间的 --out 目录）后重试", 1),
    (errno.EROFS, "yizhan: 输出位置是只读的，无法写入输出目录 {out}：请用 --out 换一个可以写入的目录", 2),
    (errno.EACCES, "yizhan: 没有权限读写 {path}：请检查文件和文件夹的权限，或用 --out 换一个目录", 2),
])
def test_disk_full_or_read_only(cli, site: SiteDir, monkeypatch: pytest.MonkeyPatch, number: int, expected: str,
                                code: int):
    """As an OSError in this process, and as the text of one from a forked page process
    (the engine passes those on as MkDocs' error): a Chinese message, the old site kept."""
    from generator.render import engine

    site.item("notices/a.md", NOTICE)
    out = site.root / "site"
    assert cli("build", "--no-posters", "--config", site.config, "--today", TODAY, "--out", out).code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = str(out / "notices" / "a" / "index.html")
    failures = [OSError(number, "系统的话", path),
                engine.EngineError(f"OSError: [Errno {number}] Whatever the system said: '{path}'")]
    for failure in failures:
        def fail(*args, **kwargs):
            raise failure
        monkeypatch.setattr(engine, "build_site", fail)
        run = cli("build", "--no-posters", "--config", site.config, "--today", TODAY, "--out", out)
        assert run.code == code, run.err
        assert "内部错误" not in run.err
        assert run.err.splitlines() == [expected.format(path=path, out=out), "之前生成的网站保持原样，没有被改动。"], run.err
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@contextmanager
def _mounted(folder: Path, options: str) -> Iterator[None]:
    """A small tmpfs at `folder` (root only; skipped where mounting is not allowed)."""
    folder.mkdir(parents=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("options, expected, code", [
    ("size=300k", "yizhan: 磁盘空间已满，无法写入输出目录 {out}：请清理磁盘（或换一个有空间的 --out 目录）后重试", 1),
    ("ro,size=300k", "yizhan: 输出位置是只读的，无法写入输出目录 {out}：请用 --out 换一个可以写入的目录", 2),
])
def test_a_real_full_or_read_only_disk(cli, site: SiteDir, tmp_path: Path, options: str, expected: str, code: int):
    site.item("notices/a.md", NOTICE, body="正文。\n" + "热水检修期间请节约用水。" * 20_000)
    disk = tmp_path / "disk"
    with _mounted(disk, options):
        out = disk / "site"
        run = cli("build", "--no-posters", "--config", site.config, "--today", TODAY, "--out", out)
        assert run.code == code and "内部错误" not in run.err, run.err
        assert run.err.splitlines()[0] == expected.format(out=out), run.err


def test_check_catches_what_build_fails_on_fuzzed(tmp_path: Path):
    """Random content (tests/fuzzing.py): both commands exit 0 or 1, with no internal error
    and only one-line problems, and agree. Bounded for CI; bench/fuzz.py runs it for minutes."""
    root = tmp_path / "site"

    @settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(sites())
    def one(files: list[tuple[str, str]]) -> None:
        write_site(root, files)
        found = violations(check_and_build(root))
        assert not found, "\n".join(found) + f"\nfiles: {files!r}"

    start = time.monotonic()
    one()
    assert time.monotonic() - start < 120
