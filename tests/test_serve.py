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
def served_site(served: tuple[SiteDir, str, subprocess.Popen]) -> tuple[SiteDir, str]:
    return served[0], served[1]


@pytest.fixture
def served(site: SiteDir) -> Iterator[tuple[SiteDir, str, subprocess.Popen]]:
    """`yizhan serve` of a one-notice site: the site, the preview's address and the process
    (whose terminal output the test may read once it is stopped: `_stop`)."""
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
        yield site, base, process
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> str:
    """Stop the preview (as Ctrl+C would); what it printed."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stdout.read() if process.stdout and not process.stdout.closed else ""


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
                 and not p.relative_to(fresh).as_posix().startswith(OFFLINE_ONLY)
                 and not (p.suffix == ".gz" and p.with_suffix("").is_file())]  # the web server's copies
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


def _raw(base: str, request: bytes) -> bytes:
    """Send `request` as it is; the reply's bytes (at most 64 KB of them)."""
    url = urllib.parse.urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=10) as connection:
        connection.sendall(request)
        reply = b""
        while len(reply) < 65536 and (chunk := connection.recv(65536)):
            reply += chunk
    return reply


def test_odd_requests_get_an_answer_and_the_preview_goes_on(served):
    """A path segment longer than a file name may be (255 bytes), a NUL, a 64 KB URL: each
    an HTTP answer (404, 404, 414), no dropped connection, nothing in the terminal."""
    site, base, process = served
    assert _get(base + "notices/" + "a" * 300 + "/")[0] == 404
    assert _get(base + "notices/" + urllib.parse.quote("长" * 100))[0] == 404      # 300 bytes once unquoted
    assert _get(base + "assets/" + "b" * 300 + ".css")[0] == 404
    assert _get(base + "notices/%00/")[0] == 404
    assert _get(base + "%ED%A0%80/")[0] == 404                     # a lone surrogate once unquoted
    reply = _raw(base, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert reply.startswith(b"HTTP/1.0 414") or reply.startswith(b"HTTP/1.1 414"), reply[:100]
    assert _get(base + "notices/reshui/")[0] == 200
    output = _stop(process)
    assert "Traceback" not in output and "Error" not in output, output


def test_only_requests_for_localhost_are_answered(served):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 must read nothing."""
    _, base, _ = served
    port = urllib.parse.urlsplit(base).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"LOCALHOST:{port}"):
        assert _raw(base, f"GET /notices/reshui/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
                    ).split(b"\r\n")[0].endswith(b"200 OK"), host
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", f"[::1]:{port}", ""):
        reply = _raw(base, f"GET /notices/reshui/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert reply.split(b"\r\n")[0].endswith(b"403 Forbidden"), (host, reply[:200])
        assert "第一版正文".encode() not in reply
    reply = _raw(base, b"GET /__yizhan__/status HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert b" 403 " in reply.split(b"\r\n")[0] and b"version" not in reply


def test_a_browser_that_goes_away_is_silent(served):
    """Issue 13.8: a reload while a page is being sent (the browser closes the connection)
    printed a BrokenPipeError traceback in the terminal."""
    import struct

    _, base, process = served
    url = urllib.parse.urlsplit(base)
    import re

    big = re.search(r'src="(assets/javascripts/bundle\.[^"]+)"', _get(base)[1]).group(1)  # Material's, ~100 KB
    assert _get(base + big)[0] == 200
    for path in (big, "notices/reshui/", "missing/", "__yizhan__/status"):
        for _ in range(10):
            connection = socket.create_connection((url.hostname, url.port), timeout=10)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
            connection.sendall(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            connection.close()
    time.sleep(1)
    assert _get(base + "notices/reshui/")[0] == 200
    output = _stop(process)
    assert "Traceback" not in output and "BrokenPipe" not in output and "ConnectionReset" not in output, output


def test_content_deleted_and_restored_is_watched_again(served):
    """After content/ is deleted (moved away) and restored, a new file appears in the preview."""
    import json
    import shutil

    site, base, _ = served
    content, away = site.root / "content", site.root / "content.away"
    shutil.move(content, away)
    _until(lambda: json.loads(_get(base + "__yizhan__/status")[1])["errors"], "the error of the missing content/")
    shutil.copytree(away, content)      # a new folder, as a restore from a copy makes
    shutil.rmtree(away)
    _until(lambda: not json.loads(_get(base + "__yizhan__/status")[1])["errors"], "the restored content/")
    site.write("content/notices/xinde.md", NOTICE.replace("热水检修通知", "新的通知").format(body="恢复之后写的。"))
    _until(lambda: _get(base + "notices/xinde/")[0] == 200, "the page of a file written after the restore")
    (site.root / "content" / "notices" / "xinde.md").write_text(
        NOTICE.replace("热水检修通知", "新的通知").format(body="再改一次。"), encoding="utf-8")
    _until(lambda: "再改一次" in _get(base + "notices/xinde/")[1], "an edit after the restore")
