"""Offline outputs without a browser: worker, manifest and icons, the file:// bundle."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path

from generator.offline import BUNDLE, BUNDLE_ROOT, file_html
from tests.conftest import TODAY, worker_config


def _build(site, cli, out: Path) -> Path:
    result = cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters")
    assert result.code == 0, result.err
    return out


def test_directory_links_point_at_index_html_for_file_urls():
    html = ('<a href="../">up</a><a href="../..">root</a><a href=".">here</a><a href="./">here</a>'
            '<a href="notices/#top">list</a><a href="#x">anchor</a><a href="https://a.cn/">away</a>'
            '<a href="a.pdf">file</a><link rel="manifest" href="manifest.webmanifest">'
            '<img src="../media/a.png"><a href="?q=1">query</a>')
    assert file_html(html) == (
        '<a href="../index.html">up</a><a href="../../index.html">root</a><a href="./index.html">here</a>'
        '<a href="./index.html">here</a><a href="notices/index.html#top">list</a><a href="#x">anchor</a>'
        '<a href="https://a.cn/">away</a><a href="a.pdf">file</a><img src="../media/a.png"><a href="?q=1">query</a>')


def test_worker_manifest_icons_and_bundle(site, cli, tmp_path):
    site.item("notices/a.md", "title: 热水检修通知\ndate: 2026-11-20")
    out = _build(site, cli, tmp_path / "one")
    config = worker_config(out)
    urls = [url for url, _ in config["precache"]]
    assert {"./", "notices/", "calendar/", "search/meta.js", "manifest.webmanifest"} <= set(urls)
    assert not any(url.endswith(".map") or "lunr" in url for url in urls)
    for url, revision in config["precache"]:   # each with the start of its file's sha256
        file = out / ("index.html" if url == "./" else url + "index.html" if url.endswith("/") else url)
        assert hashlib.sha256(file.read_bytes()).hexdigest().startswith(revision) and len(revision) == 12, url

    manifest = json.loads((out / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "测试社区" and manifest["start_url"] == "./"
    for icon in manifest["icons"]:
        png = (out / icon["src"]).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert f"{width}x{height}" == icon["sizes"]
    assert '<link rel="manifest"' in (out / "index.html").read_text(encoding="utf-8")

    with zipfile.ZipFile(out / BUNDLE) as bundle:
        names = bundle.namelist()
        assert names == sorted(names) and f"{BUNDLE_ROOT}/index.html" in names
        assert not any(n.endswith((".map", "sw.js", BUNDLE)) for n in names)
        assert {info.date_time for info in bundle.infolist()} == {(2026, 11, 23, 0, 0, 0)}
        home = bundle.read(f"{BUNDLE_ROOT}/index.html").decode("utf-8")
        assert 'href="notices/index.html"' in home and 'rel="manifest"' not in home


def test_the_worker_precaches_the_calendar_from_last_month_on(site, cli, tmp_path):
    for slug, start in [("old", "2025-03-10 19:00"), ("last-month", "2026-10-05 19:00"), ("later", "2027-02-01 19:00")]:
        site.item(f"events/{slug}.md", f"title: 活动 {slug}\nstart: {start}\nlocation: 3号楼")
    out = _build(site, cli, tmp_path / "one")
    urls = [url for url, _ in worker_config(out)["precache"]]
    assert (out / "calendar/2025-03/index.html").is_file()    # the page is there, kept once visited
    assert "calendar/2025-03/" not in urls
    assert {"calendar/", "calendar/2026-10/", "calendar/2027-02/"} <= set(urls)   # TODAY is in 2026-11


def test_rebuilds_are_byte_identical_and_a_change_gives_a_new_worker(site, cli, tmp_path):
    site.item("notices/a.md", "title: 热水检修通知\ndate: 2026-11-20")
    one = _build(site, cli, tmp_path / "one")
    two = _build(site, cli, tmp_path / "two")
    assert (one / BUNDLE).read_bytes() == (two / BUNDLE).read_bytes()
    assert (one / "sw.js").read_bytes() == (two / "sw.js").read_bytes()
    site.item("notices/a.md", "title: 热水检修通知（更新）\ndate: 2026-11-20")
    three = _build(site, cli, tmp_path / "three")
    assert worker_config(three)["version"] != worker_config(one)["version"]
