"""`yizhan init DIR --name NAME` (SPEC §4) and `yizhan new` in the words of the site it is run in."""

from __future__ import annotations

from pathlib import Path

from generator.kinds import KINDS
from tests.conftest import TODAY, SiteDir, tree


def test_init_makes_a_site_that_builds(cli, tmp_path: Path):
    root = tmp_path / "qinghe"
    run = cli("init", root, "--name", "青禾学生社区")
    assert run.code == 0, run.err
    config = (root / "site_config.yml").read_text(encoding="utf-8")
    assert "site_name: 青禾学生社区" in config
    assert "# site_url:" in config and "# organization:" in config      # placeholders, commented
    assert (root / "content/assets/logo.svg").read_text(encoding="utf-8").startswith("<svg")
    for kind in KINDS:
        examples = list((root / "content" / kind.name).glob("*.md"))
        assert len(examples) == 1, kind.name
        assert "draft: true" in examples[0].read_text(encoding="utf-8")
    everything = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file())
    assert "幸福里" not in everything
    run = cli("check", "--config", root / "site_config.yml", "--today", TODAY)
    assert run.code == 0, run.err
    run = cli("build", "--config", root / "site_config.yml", "--today", TODAY, "--no-posters")
    assert run.code == 0, run.err
    assert "青禾学生社区" in (root / "site/index.html").read_text(encoding="utf-8")
    # the examples are drafts: with --drafts they are checked too; only the figure's consent stops them
    run = cli("check", "--config", root / "site_config.yml", "--today", TODAY, "--drafts")
    errors = [line for line in run.err.splitlines() if line.startswith("content/") and "（警告）" not in line]
    assert len(errors) == 1 and ": consent: " in errors[0], run.err


def test_init_refuses_a_folder_that_is_not_empty(cli, tmp_path: Path):
    root = tmp_path / "old"
    root.mkdir()
    (root / "notes.txt").write_text("我的笔记", encoding="utf-8")
    before = tree(root)
    run = cli("init", root, "--name", "青禾学生社区")
    assert run.code == 2 and "已经有东西了" in run.err
    assert tree(root) == before
    assert [p.name for p in tmp_path.iterdir()] == ["old"]        # nothing left beside it either


def test_init_into_an_empty_folder_and_usage(cli, tmp_path: Path):
    root = tmp_path / "empty"
    root.mkdir()
    assert cli("init", root, "--name", "青禾学生社区").code == 0
    assert (root / "site_config.yml").is_file()
    run = cli("init", tmp_path / "x")
    assert run.code == 2 and "缺少--name" in run.err.replace(" ", "")
    run = cli("init", tmp_path / "y", "--name", "  ")
    assert run.code == 2 and "请用 --name 写社区的名称" in run.err
    assert not (tmp_path / "y").exists()


def test_new_uses_this_sites_words(cli, tmp_path: Path):
    root = tmp_path / "qinghe"
    cli("init", root, "--name", "青禾学生社区")
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "categories:\n  events: [读书会, 志愿服务]\n", encoding="utf-8")
    run = cli("new", "--config", config, "活动", "迎新晚会", "--today", TODAY)
    assert run.code == 0, run.err
    text = (root / "content/events/ying-xin-wan-hui.md").read_text(encoding="utf-8")
    assert "幸福里" not in text and "青禾学生社区" in text
    assert "category: 读书会" in text and "读书会、志愿服务" in text


def test_new_with_a_title_that_has_a_file_says_so(cli, site: SiteDir):
    assert cli("new", "--config", site.config, "通知", "停水通知", "--today", TODAY).code == 0
    path = site.root / "content/notices/ting-shui-tong-zhi.md"
    path.write_text(path.read_text(encoding="utf-8") + "我写的内容\n", encoding="utf-8")
    before = tree(site.root)
    run = cli("new", "--config", site.config, "通知", "停水通知", "--today", TODAY)
    assert run.code == 2 and "已经有这个文件了：content/notices/ting-shui-tong-zhi.md" in run.err
    assert tree(site.root) == before
