"""Publishing on each commit: the CI templates build like the README, and the plain
script publishes to a directory atomically."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, TODAY

GITHUB = REPO / ".github/workflows/publish.yml"
GITLAB = REPO / ".gitlab-ci.yml"
RSYNC = REPO / ".ci/publish-rsync"


def readme_pieces() -> list[list[str]]:
    """The README's first command, split at `&&`: [["bash", ".ci/setup"], [".venv/bin/yizhan", "build"]]."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", text, re.S)
    assert block, "README.md has no command block"
    first = block.group(1).strip().splitlines()[0]
    return [shlex.split(piece) for piece in first.split("&&")]


def github_commands() -> list[str]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    return [line for step in steps if "run" in step for line in step["run"].splitlines()]


def gitlab_commands() -> list[str]:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    return [*job.get("before_script", []), *job["script"]]


def script_commands() -> list[str]:
    lines = RSYNC.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def commands_split(commands: list[str]) -> list[list[str]]:
    """Shell lines → word lists, one per `&&`-separated command."""
    result = []
    for line in commands:
        for piece in line.split("&&"):
            try:
                result.append(shlex.split(piece))
            except ValueError:  # a line of shell syntax that is not a simple command
                continue
    return result


@pytest.mark.parametrize("commands", [github_commands, gitlab_commands, script_commands],
                         ids=["github", "gitlab", "rsync-script"])
def test_ci_template_builds_with_the_readme_commands(commands):
    setup, build = readme_pieces()
    assert setup == ["bash", ".ci/setup"] and build[:2] == [".venv/bin/yizhan", "build"]
    words = commands_split(commands())
    setups = [n for n, w in enumerate(words) if w == setup]
    builds = [n for n, w in enumerate(words) if w[:len(build)] == build]
    assert setups, f"no `{shlex.join(setup)}`"
    assert len(builds) == 1, f"expected one `{shlex.join(build)}`, found {len(builds)}"
    assert setups[0] < builds[0], "the build runs before the setup"
    options = words[builds[0]][len(build):]
    assert "--strict" in options, "content errors and warnings must fail the publication"
    assert "--no-posters" not in options and "--drafts" not in options
    assert "--today" not in options, "a published site must use the real date"
    if commands is not script_commands:   # CI runners start empty: the cache is what they keep
        assert options[options.index("--cache") + 1] == ".yizhan-cache"


def test_github_workflow_caches_the_virtualenv_and_deploys_the_output():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    assert build["container"].startswith("debian:"), "the README's setup is for Debian, as root"
    caches = [s["with"] for s in build["steps"] if s.get("uses", "").startswith("actions/cache@")]
    venv = next(c for c in caches if ".venv" in c["path"].split())
    assert "pyproject.toml" in venv["key"]
    kept = next(c for c in caches if c["path"] == ".yizhan-cache")   # `build --cache`, updated every run
    assert "run_id" in kept["key"] and kept["restore-keys"]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert workflow["permissions"]["pages"] == "write"


def test_gitlab_pages_job_caches_the_virtualenv_and_publishes_public():
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    assert job["image"].startswith("debian:")
    venv, kept = job["cache"]
    assert ".venv/" in venv["paths"] and "pyproject.toml" in venv["key"]["files"]
    assert kept["paths"] == [".yizhan-cache/"]
    assert job["artifacts"]["paths"] == ["public"]
    assert "mv site public" in " ".join(job["script"])


# -- the plain script, run for real against a local directory --------------------------

def publish(dest: Path, config: Path, *more: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEEP": "2"}
    return subprocess.run(
        ["bash", str(RSYNC), str(dest), "--config", str(config), "--today", TODAY, "--no-posters", *more],
        capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture
def notice(site):
    def write(title: str) -> None:
        site.item("notices/tongzhi.md", f"title: {title}\ndate: 2026-11-20")
    return write


def test_publish_script_swaps_in_each_release_links_unchanged_files_keeps_the_last(site, notice, tmp_path):
    www = tmp_path / "www"
    releases = []
    for n in range(3):
        notice(f"第{n}次发布")
        run = publish(www, site.config)
        assert run.returncode == 0, run.stderr
        current = www / "current"
        assert current.is_symlink()
        releases.append(os.readlink(current))
        page = (current / "notices/tongzhi/index.html").read_text(encoding="utf-8")
        assert f"第{n}次发布" in page
        assert (current / "index.html").is_file() and (current / "feed.xml").is_file()
    assert len(set(releases)) == 3
    # Unchanged files are hard links to the previous release; changed ones are new files.
    first, second = (www / r for r in releases[1:])
    css = next(p.relative_to(first) for p in (first / "assets/stylesheets").glob("main.*.css"))
    assert (first / css).stat().st_ino == (second / css).stat().st_ino
    changed = Path("notices/tongzhi/index.html")
    assert (first / changed).stat().st_ino != (second / changed).stat().st_ino
    kept = sorted(p.name for p in (www / "releases").iterdir())
    assert ["releases/" + name for name in kept] == releases[-2:]
    assert not (www / ".current.new").exists()


def test_publish_script_leaves_the_site_alone_when_the_build_fails(site, notice, tmp_path):
    www = tmp_path / "www"
    notice("正常的通知")
    assert publish(www, site.config).returncode == 0
    before = os.readlink(www / "current")
    site.item("notices/broken.md", "title: 坏了\ndate: 2026-13-01")
    run = publish(www, site.config)
    assert run.returncode == 1
    assert "date" in run.stderr
    assert os.readlink(www / "current") == before
    assert len(list((www / "releases").iterdir())) == 1
