"""Loading: YAML as volunteers write it, front matter lines, slugs, theme overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.slugs import slugify
from generator.yamltext import YamlSyntaxError, parse
from tests.conftest import TODAY


def test_times_and_dates_stay_as_written():
    doc = parse("time: 19:00\ndate: 2026-10-01\ncount: 010\nok: true\n")
    assert doc.data == {"time": "19:00", "date": "2026-10-01", "count": "010", "ok": True}


def test_lines_of_nested_keys_and_list_entries():
    doc = parse("\ntitle: x\nhours:\n  - days: [mon]\n    open: '08:00'\n", line_offset=0)
    assert doc.line(("title",)) == 2
    assert doc.line(("hours", 0, "open")) == 5
    assert doc.line(("hours", 0, "close")) == 4   # missing key: the nearest parent


def test_duplicate_keys_are_found():
    assert parse("a: 1\na: 2\n").duplicates == [(("a",), 2)]


def test_syntax_error_line():
    try:
        parse("a: [1, 2\nb: 3\n")
    except YamlSyntaxError as exc:
        assert exc.line >= 1 and "格式错误" in exc.message
    else:
        raise AssertionError("no error")


def test_slugs_are_ascii_and_readable():
    assert slugify("期末考试周自习室延长开放") == "qi-mo-kao-shi-zhou-zi-xi-shi-yan-chang-kai-fang"
    assert slugify("fanzha-qingjingju") == "fanzha-qingjingju"
    assert slugify("IT技能文化节 2026") == "it-ji-neng-wen-hua-jie-2026"
    assert slugify("《党章》学习") == "dang-zhang-xue-xi"


def test_duplicate_key_in_front_matter_is_an_error(cli, site):
    site.item("notices/a.md", "title: 一\ntitle: 二\ndate: 2026-11-20")
    run = cli("check", "--config", site.config)
    assert "content/notices/a.md:3: title: 这个字段写了两次" in run.err


def test_file_outside_type_folders_is_a_warning(cli, site):
    site.write("content/notice/a.md", "---\ntitle: x\n---\n")
    run = cli("check", "--config", site.config)
    assert run.code == 0
    assert "content/notice/a.md" in run.err and "不会发布" in run.err


def test_site_theme_overrides_a_template(cli, site, tmp_path):
    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20")
    site.write("theme/cards/notices.html.j2", '<span class="yz-card__title">定制：{{ item.title }}</span>\n')
    out = tmp_path / "out"
    assert cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters").code == 0
    assert "定制：通知" in (out / "notices/index.html").read_text(encoding="utf-8")


def test_today_from_source_date_epoch(site, monkeypatch):
    from generator.config import load_config
    from generator.model import today_from

    config = load_config(site.config)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795190400")  # 2026-11-20 16:00 UTC = 11-21 00:00 in Shanghai
    assert today_from(None, config) == date(2026, 11, 21)
    assert today_from("2026-01-02", config) == date(2026, 1, 2)


def test_paths_resolve_like_pathlib_through_links(tmp_path: Path, monkeypatch) -> None:
    """Content may sit behind symbolic links (a shared folder linked into content/): images
    and linked pages must be found exactly as `Path.resolve` finds them."""
    from generator.paths import forget_folders, resolved

    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "shared").symlink_to(tmp_path / "real")
    (tmp_path / "content" / "b.md").symlink_to(tmp_path / "real" / "sub" / "a.md")
    monkeypatch.chdir(tmp_path)
    forget_folders()
    for path in [tmp_path / "content" / "shared" / "sub" / "a.md", tmp_path / "content" / "shared" / ".." / "b.md",
                 tmp_path / "content" / "b.md", tmp_path / "content" / "shared" / "sub" / "..",
                 tmp_path / "content" / "missing" / "c.png", Path("content/shared/sub/a.md")]:
        assert resolved(path) == path.resolve(), path


def test_a_big_site_loads_the_same_in_two_processes(site) -> None:
    """From `SHARED_FROM` files on, half of them are read in a forked process: the items,
    their order and types, and every problem in file order must be what one process gives."""
    from generator.config import load_config
    from generator import kinds
    from generator.content.validate import SHARED_FROM, Reader, load_items
    from generator.problems import Report

    for n in range(SHARED_FROM + 10):
        date_ = "2026-13-01" if n in (3, SHARED_FROM - 2) else f"2026-11-{n % 28 + 1:02d}"
        draft = "\ndraft: true" if n == SHARED_FROM // 2 + 5 else ""
        site.item(f"notices/n{n:04d}.md", f"title: 通知{n}\ndate: {date_}{draft}", f"正文{n}。联系 13812345678\n")
    site.write("content/stray.md", "---\ntitle: 迷路的文件\n---\n")
    config = load_config(site.config)

    class OneProcess(Reader):
        pass

    def load(reader: Reader) -> tuple[list[str], list[tuple[str, str, object]]]:
        report = Report()
        items = load_items(config, report, reader=reader)
        return [str(p) for p in report.problems], [(i.shown, i.title, i.type) for i in items]

    shared, alone = load(Reader()), load(OneProcess())
    assert shared == alone
    problems, items = shared
    assert len(items) == SHARED_FROM + 10 - 3 and all(t is kinds.BY_NAME["notices"] for *_, t in items)
    assert sum("2026-13-01" in p for p in problems) == 2 and any("stray.md" in p for p in problems)
    assert sum("13812345678"[:3] in p for p in problems) == SHARED_FROM + 10
