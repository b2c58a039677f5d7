"""`yizhan serve` in a subprocess: edits show up, errors show on the page, fixing recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from tests.conftest import REPO, TODAY, SiteDir

NOTICE = "---\ntitle: 热水检修通知\ndate: 2026-11-20\n---\n{body}\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served_site(site: SiteDir) -> Iterator[tuple[SiteDir, str]]:
    site.write("content/notices/reshui.md", NOTICE.format(body="第一版正文：周五停水。"))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--config", str(site.config), "--port", str(port),
         "--today", TODAY],
        cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            return _get(base)[0] == 200
        except OSError:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            return False

    try:
        _until(up, "the preview server")
        yield site, base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_edit_break_and_fix(served_site):
    site, base = served_site
    page = base + "notices/reshui/"
    status, html = _get(page)
    assert status == 200 and "第一版正文" in html
    assert "/__yizhan__/reload.js" in html          # the reload script is added while serving

    site.write("content/notices/reshui.md", NOTICE.format(body="第二版正文：改到周六停水。"))
    _until(lambda: "第二版正文" in _get(page)[1], "the edited page")
    _until(lambda: "热水检修通知" in _get(base + "notices/")[1], "the list page")

    site.write("content/notices/reshui.md", NOTICE.replace("2026-11-20", "下周五").format(body="第三版"))
    _until(lambda: "内容有 1 个错误" in _get(page)[1], "the error on the page")
    html = _get(page)[1]
    assert "content/notices/reshui.md:3: date: 日期应写成 YYYY-MM-DD" in html
    assert "第二版正文" in html                       # the last good page stays under the error

    site.write("content/notices/reshui.md", NOTICE.format(body="第四版正文：恢复正常。"))
    fixed = lambda: "第四版正文" in (html := _get(page)[1]) and "内容有" not in html  # noqa: E731
    _until(fixed, "the fixed page without the error")


def test_the_published_site_has_no_reload_script(example_site: Path):
    pages = list(example_site.rglob("*.html"))
    assert pages
    assert not [p for p in pages if "__yizhan__" in p.read_text(encoding="utf-8")]
