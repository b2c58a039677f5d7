"""Shared fixtures: a small valid site in a temporary folder, and running the CLI."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import sys
import textwrap
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"  # a Monday, in the example community's term

MINIMAL_CONFIG = """\
site_name: 测试社区
site_url: https://test.example.edu.cn/
timezone: Asia/Shanghai
categories:
  events: [党建活动, 学业帮扶]
  services: [生活服务]
  policies: [奖助学金]
"""


@contextmanager
def local_server(handler: Any) -> Iterator[str]:
    """Base URL (ending in /) of an HTTP server on 127.0.0.1 answering with `handler`;
    stopped, and its socket closed, at the end."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def worker_config(out: Path) -> dict[str, Any]:
    """The CONFIG the build wrote into the service worker `out/sw.js` (version, precache)."""
    text = (out / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"var CONFIG = (\{.*?\n\});", text, re.S).group(1))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by its path relative to it, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build_tree(site: "SiteDir", out: Path, cache: Path | None = None, today: str = TODAY) -> dict[str, bytes]:
    """`yizhan build` of `site` into `out` (no posters), optionally with a build cache: the output's files."""
    from generator.build import BuildOptions, build

    build(BuildOptions(config_path=site.config, out=out, today=today, posters=False, cache=cache))
    return tree(out)


@dataclass
class Run:
    code: int
    out: str
    err: str


class SiteDir:
    """A site directory to write content into and build."""

    def __init__(self, root: Path):
        self.root = root
        self.write("site_config.yml", MINIMAL_CONFIG)
        (root / "content").mkdir(exist_ok=True)

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def item(self, relative: str, front: str, body: str = "正文。\n") -> Path:
        return self.write(f"content/{relative}", f"---\n{textwrap.dedent(front).strip()}\n---\n{body}")

    @property
    def config(self) -> Path:
        return self.root / "site_config.yml"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example community, built once per test run (posters off) for TODAY."""
    from generator.build import BuildOptions, build

    out = tmp_path_factory.mktemp("example") / "site"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=out, today=TODAY, posters=False))
    return out


@pytest.fixture(scope="session")
def example_with_posters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example community built once per test run for TODAY, posters included."""
    from generator.build import BuildOptions, build

    out = tmp_path_factory.mktemp("example-posters") / "site"
    build(BuildOptions(config_path=REPO / "site_config.yml", out=out, today=TODAY, posters=True))
    return out


@pytest.fixture(scope="session")
def corpus_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 2,000-item community (bench/corpus.py), built once per test run (posters off)."""
    from generator.build import BuildOptions, build

    sys.path.insert(0, str(REPO / "bench"))
    from corpus import generate

    config = generate(tmp_path_factory.mktemp("corpus") / "site", 2000)
    out = config.parent / "out"
    build(BuildOptions(config_path=config, out=out, today=TODAY, posters=False))
    return out


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example community (its config and content) to change and rebuild."""
    root = tmp_path / "community"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    return SiteDir(tmp_path / "site")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def run(*args: str | Path) -> Run:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
