"""`--out` replaces only what yizhan made (SPEC §4): every other folder, the site's own
files, `/`, the home folder and a file are refused with exit 2 and nothing changes; what a
killed build left is cleared by the next build, never what a running one uses."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import MARKER
from tests.conftest import TODAY


def checksums(root: Path) -> dict[str, str]:
    """Every file and folder under `root` with the hash of its bytes (folders: "dir")."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        found[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def built(site, cli):  # noqa: ANN001, ANN201
    site.item("notices/a.md", "title: 停水通知\ndate: 2026-11-20")
    result = cli("build", "--config", site.config, "--today", TODAY, "--no-posters")
    assert result.code == 0, result.err
    return site


def refused(cli, site, out: Path) -> str:  # noqa: ANN001
    before = checksums(site.root.parent)
    result = cli("build", "--config", site.config, "--today", TODAY, "--no-posters", "--out", out)
    assert result.code == 2, result.err
    assert checksums(site.root.parent) == before
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    return result.err


@pytest.mark.parametrize("where, why", [
    (".", "包含站点自己的"),            # the site directory itself
    ("..", "包含站点自己的"),           # a folder around it
    ("content", "在站点的 content/ 里面"),
    ("content/notices", "在站点的 content/ 里面"),
    ("theme", "在站点的 theme/ 里面"),
])
def test_the_site_itself_is_never_an_output(built, cli, where: str, why: str) -> None:  # noqa: ANN001
    (built.root / "theme").mkdir(exist_ok=True)
    (built.root / "theme" / "extra.css").write_text("a { color: red }")
    err = refused(cli, built, built.root / where)
    assert why in err and str((built.root / where).resolve()) in err


def test_a_folder_of_someone_elses_files_is_left_alone(built, cli, tmp_path: Path) -> None:  # noqa: ANN001
    mine = tmp_path / "site" / "mine"
    (mine / "photos").mkdir(parents=True)
    (mine / "thesis.docx").write_bytes(b"PK\x03\x04 my thesis")
    (mine / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    err = refused(cli, built, mine)
    assert "不是 yizhan 生成的" in err and "不覆盖" in err


def test_a_file_is_not_an_output(built, cli) -> None:  # noqa: ANN001
    notes = built.root / "notes.txt"
    notes.write_text("买牛奶")
    assert "是一个文件" in refused(cli, built, notes)
    assert notes.read_text() == "买牛奶"


def test_root_and_home_are_refused(built, cli, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    assert "根目录" in refused(cli, built, Path("/"))
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert "主目录" in refused(cli, built, home)
    assert list(home.iterdir()) == []


def test_our_own_output_is_replaced_and_marked(built, cli) -> None:  # noqa: ANN001
    out = built.root / "site"
    assert (out / MARKER).read_text(encoding="utf-8").strip() == "测试社区"
    (out / "old-page.html").write_text("an earlier build")
    result = cli("build", "--config", built.config, "--today", TODAY, "--no-posters")
    assert result.code == 0, result.err
    assert not (out / "old-page.html").exists() and (out / "index.html").is_file()


def test_an_empty_or_new_folder_is_fine(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    site.item("notices/a.md", "title: 停水通知\ndate: 2026-11-20")
    for out in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        if out.name == "empty":
            out.mkdir()
        result = cli("build", "--config", site.config, "--today", TODAY, "--no-posters", "--out", out)
        assert result.code == 0, result.err
        assert (out / "index.html").is_file()


def test_posters_out_follows_the_same_rule(built, cli, tmp_path: Path) -> None:  # noqa: ANN001
    result = cli("posters", "--config", built.config, "--today", TODAY, "--out", built.root / "content")
    assert result.code == 2 and "content/" in result.err


# -- what killed builds leave ---------------------------------------------------------
def dead_pid() -> int:
    """The PID of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_leftovers_of_a_dead_build_are_cleared_and_a_live_ones_kept(built, cli, tmp_path: Path,
                                                                   monkeypatch) -> None:  # noqa: ANN001
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    dead, alive = dead_pid(), os.getppid()
    leftovers = [built.root / f".site.new-{dead}-abc", built.root / f".yizhan-steps-{dead}-x", temp / f"yizhan-work-{dead}-y"]
    running = [built.root / f".site.new-{alive}-abc", temp / f"yizhan-work-{alive}-y"]
    for folder in leftovers + running:
        (folder / "big").mkdir(parents=True)
        (folder / "big" / "page.html").write_text("x" * 1000)
    result = cli("build", "--config", built.config, "--today", TODAY, "--no-posters")
    assert result.code == 0, result.err
    assert not any(folder.exists() for folder in leftovers)
    assert all(folder.exists() for folder in running)


def test_an_output_moved_aside_by_a_dead_build_is_put_back(built, cli) -> None:  # noqa: ANN001
    """Killed between its two renames, a build leaves no output, only `.site.old-PID`."""
    out = built.root / "site"
    aside = built.root / f".site.old-{dead_pid()}"
    os.replace(out, aside)
    (built.root / "content" / "notices" / "a.md").write_text("---\ntitle: 停水\ndate: 2026-11-20\nbroken: [\n---\n")
    result = cli("build", "--config", built.config, "--today", TODAY, "--no-posters")
    assert result.code == 1
    assert (out / "index.html").is_file() and not aside.exists()
