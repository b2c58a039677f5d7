"""`yizhan serve` in a subprocess: edits show up, errors show on the page, fixing recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from generator.output import MARKER

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


# Output of the offline step, which the preview leaves out (its worker would answer from its cache).
OFFLINE_ONLY = ("sw.js", "yizhan-offline.zip", "manifest.webmanifest", "assets/icons/")


def _settled(base: str, since: int) -> None:
    """Wait until a rebuild newer than `since` is done and its background steps too."""
    import json

    def idle() -> bool:
        status = json.loads(_get(base + "__yizhan__/status")[1])
        return status["version"] > since and not status["later_running"] and not status["errors"]
    what = "the rebuild and its calendar, feed and search steps"
    try:
        _until(idle, what)
        time.sleep(0.5)  # an editor's save can be several events: let a second rebuild start
        _until(idle, what)
    except AssertionError:
        raise AssertionError(f"{what}; the last status: {_get(base + '__yizhan__/status')[1]}") from None


def _version(base: str) -> int:
    import json

    return json.loads(_get(base + "__yizhan__/status")[1])["version"]


def test_after_edits_the_preview_equals_a_fresh_build(tmp_path: Path):
    """Added, edited and deleted files (edits after MkDocs was reloaded, too): every page, the
    search index, the calendars and the feed served by the preview are exactly those of a
    full build of the edited content."""
    import shutil

    from generator.build import BuildOptions, build

    root = tmp_path / "community"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    config = root / "site_config.yml"
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--config", str(config), "--port", str(port),
         "--today", TODAY], cwd=root, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        _until(lambda: process.poll() is None and _reachable(base), "the preview server", timeout=120)
        notice = root / "content/notices/fuwu-dating-dongji-zuoxi.md"
        event = root / "content/events/xinling-chahui.md"
        policy = root / "content/policies/guojia-zhuxuejin.md"
        linking = root / "content/notices/期末考试周自习室延长开放.md"
        edits: list[Callable[[], object]] = [
            lambda: (root / "content/notices/tingdian-tongzhi.md").write_text(
                "---\ntitle: 5号楼停电通知\ndate: 2026-11-21\ntags: [停电]\n---\n11月25日上午8点至12点停电检修。\n",
                encoding="utf-8"),
            lambda: notice.write_text(notice.read_text(encoding="utf-8").replace("title: ", "title: 【更新】", 1)
                                      + "\n新增一段：周日服务大厅照常开放。\n", encoding="utf-8"),
            lambda: (root / "content/services/zixishi.md").unlink(),       # a page links to it: an error
            lambda: linking.write_text(linking.read_text(encoding="utf-8").replace(
                "[社区自习室](../services/zixishi.md)", "社区自习室"), encoding="utf-8"),
            lambda: policy.write_text(policy.read_text(encoding="utf-8").replace("---\n", "---\nslug: guojia-zhuxuejin-2026\n", 1),
                                      encoding="utf-8"),                    # its URL changes; two pages link to it
            lambda: event.write_text(event.read_text(encoding="utf-8").replace("18:30", "19:00"), encoding="utf-8"),
        ]
        for edit in edits:
            since = _version(base)
            edit()
            if edit is edits[2]:  # the page linking to the deleted one is named, then fixed
                _until(lambda: "期末考试周自习室延长开放.md:22: 正文" in _get(base + "__yizhan__/status")[1],
                       "the error of the page linking to the deleted one")
            else:
                _settled(base, since)

        fresh = tmp_path / "fresh"
        build(BuildOptions(config_path=config, out=fresh, today=TODAY, posters=False, drafts=True))  # as serve
        files = [p for p in sorted(fresh.rglob("*")) if p.is_file() and p.name != MARKER  # the output's, not a page
                 and not p.relative_to(fresh).as_posix().startswith(OFFLINE_ONLY)]
        assert any("tingdian-tongzhi" in p.as_posix() for p in files)
        for path in files:
            relative = path.relative_to(fresh).as_posix()
            with urllib.request.urlopen(base + urllib.parse.quote(relative), timeout=10) as response:
                served = response.read()
            expected = path.read_bytes()
            if path.suffix == ".html":  # the preview adds its reload script before </body>
                cut = expected.rfind(b"</body>")
                served = served[:cut] + served[served.rfind(b"</body>"):]
            assert served == expected, f"{relative} differs:\n{_first_difference(expected, served)}"
        assert _get(base + "services/zixishi/")[0] == 404
        assert _get(base + "policies/guojia-zhuxuejin-2026/")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def _reachable(base: str) -> bool:
    try:
        return _get(base)[0] == 200
    except OSError:
        return False


def _first_difference(expected: bytes, served: bytes) -> str:
    import difflib

    lines = difflib.unified_diff(expected.decode(errors="replace").splitlines(),
                                 served.decode(errors="replace").splitlines(), "fresh build", "preview", lineterm="")
    return "\n".join(list(lines)[:30])


def test_a_page_edited_then_restored_in_the_preview_is_restored(site: SiteDir, tmp_path: Path) -> None:
    """The preview renders an edited page on its own; when a new file later makes MkDocs
    build again, a page restored to what it was before the edit must not keep the edit."""
    from generator.build import BuildOptions, load_site
    from generator.problems import Report
    from generator.render import engine
    from generator.render.pages import render_pages

    site.write("content/notices/reshui.md", NOTICE.format(body="第一版正文：周五停水。"))
    options = BuildOptions(config_path=site.config, today=TODAY, posters=False)

    def staging():
        return render_pages(load_site(options, Report()))

    def page() -> str:
        return (tmp_path / "preview" / "notices" / "reshui" / "index.html").read_text(encoding="utf-8")

    session = engine.Session(load_site(options, Report()).config, tmp_path / "work", tmp_path / "preview")
    (tmp_path / "work").mkdir()
    session.build(staging())
    site.write("content/notices/reshui.md", NOTICE.format(body="第二版正文：周六停水。"))
    session.build(staging())
    assert "周六停水" in page()
    site.write("content/notices/reshui.md", NOTICE.format(body="第一版正文：周五停水。"))
    site.write("content/notices/new.md", NOTICE.format(body="另一则通知。"))
    session.build(staging())
    assert "周五停水" in page() and "周六停水" not in page()
