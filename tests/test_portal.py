"""A portal (issue 19 parts 2-3, SPEC §6): `sources` in site_config.yml, read from a built
folder (`path`) or over HTTP(S) (`url`; here a server on 127.0.0.1 the test starts and
stops); the sources' items beside the portal's own, linking to their own sites; faults are
warnings that lose nothing (`--cache`); the same copies and --today give the same bytes."""

from __future__ import annotations

import http.server
import json
import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from generator.config import load_config
from generator.portal import MAX_BYTES, read_sources
from generator.problems import Report
from tests.conftest import TODAY, SiteDir, build_tree, local_server

COMMUNITY = """\
site_name: {name}
site_url: {url}
timezone: Asia/Shanghai
"""


def community(root: Path, name: str, url: str, word: str) -> Path:
    """A small community built into `root/out`: one current notice, one event this week."""
    site = SiteDir(root)
    site.write("site_config.yml", COMMUNITY.format(name=name, url=url))
    site.item("notices/n.md", f"""\
        title: {word}停水通知<script>alert(1)</script>
        date: 2026-11-20
        expires: 2026-12-30
        """)
    site.item("events/e.md", f"""\
        title: {word}读书会
        start: 2026-11-26 19:00
        end: 2026-11-26 21:00
        location: {word}活动室
        """)
    build_tree(site, root / "out")
    return root / "out"


class Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802
        status, headers, body = self.routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def server(routes: dict[str, tuple[int, dict[str, str], bytes]]):
    Handler.routes = routes
    with local_server(Handler) as url:
        yield url


JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def communities(tmp_path_factory):
    root = tmp_path_factory.mktemp("communities")
    a = community(root / "a", "幸福里学生社区", "https://xfl.example.edu.cn/", "幸福")
    b = community(root / "b", "青禾学生社区", "https://qh.example.edu.cn/", "青禾")
    return a, (b / "data/site.json").read_bytes()


def portal(root: Path, url: str, a: Path) -> SiteDir:
    site = SiteDir(root)
    site.write("site_config.yml", f"""\
        site_name: 学院门户
        site_url: https://portal.example.edu.cn/
        sources:
          - {{name: 幸福里学生社区, path: {a}}}
          - {{name: 青禾学生社区, url: "{url}qh/"}}
        """)
    site.item("notices/p.md", """\
        title: 门户自己的通知
        date: 2026-11-21
        """)
    return site


def test_a_portal_shows_its_sources_items_beside_its_own(communities, tmp_path):
    a, b_export = communities
    with server({"/qh/data/site.json": (200, JSON, b_export)}) as url:
        site = portal(tmp_path / "portal", url, a)
        files = build_tree(site, tmp_path / "one")
        again = build_tree(site, tmp_path / "two")
    assert files == again   # the same copies and --today: the same bytes

    home = files["index.html"].decode()
    assert "门户自己的通知" in home
    assert re.findall(r'class="md-tabs__link[^"]*">\s*(\S+)\s*</a>', home) == ["首页", "通知公告", "日历", "社区一览"]
    for word, name, host in (("幸福", "幸福里学生社区", "xfl"), ("青禾", "青禾学生社区", "qh")):
        assert f"来自 {name}" in home
        assert f'href="https://{host}.example.edu.cn/notices/n/"' in home
        assert f'href="https://{host}.example.edu.cn/events/e/"' in home and f"{word}读书会" in home
    assert "<script>alert(1)" not in home and "&lt;script&gt;alert(1)" in home

    page = files["communities/index.html"].decode()
    assert 'href="https://xfl.example.edu.cn/"' in page and "青禾学生社区" in page and f"{TODAY} 读取" in page
    calendar = files["calendar/index.html"].decode() + files["calendar/2026-11/index.html"].decode()
    for host, name in (("xfl", "幸福里学生社区"), ("qh", "青禾学生社区")):   # on the calendar, by community
        assert f'data-page="https://{host}.example.edu.cn/events/e/" data-community="{name}"' in calendar
        assert f'href="https://{host}.example.edu.cn/events/e/"' in calendar
        assert f'<input type="checkbox" value="@{name}" checked> {name}' in calendar
    assert 'data-start="2026-11-26T19:00:00"' in calendar and "按社区筛选" in calendar
    assert '<input type="checkbox" value="@" checked> 学院门户' in calendar
    ics = files["calendar.ics"].decode().replace("\r\n ", "")
    assert "SUMMARY:青禾读书会" in ics and "URL:https://qh.example.edu.cn/events/e/" in ics
    assert "DTSTART:20261126T110000Z" in ics
    search = "".join(v.decode() for k, v in files.items() if k.startswith("search/") and k.endswith(".js"))
    assert "https://qh.example.edu.cn/events/e/" in search
    export = json.loads(files["data/site.json"])
    origins = {item["origin"]["name"] for item in export["items"] if "origin" in item}
    assert origins == {"幸福里学生社区", "青禾学生社区"}   # a portal can be a source in turn


def test_a_portal_without_items_of_its_own_shows_no_empty_sections(communities, tmp_path):
    """A school's portal often only gathers: its home page had 通知公告 “暂无有效通知”,
    本周活动 “本周暂无活动” and the headings 服务大厅, 党课学习, 身边榜样 over nothing,
    above and below the sources' notices and events."""
    a, b_export = communities
    with server({"/qh/data/site.json": (200, JSON, b_export)}) as url:
        site = portal(tmp_path / "portal", url, a)
        (site.root / "content" / "notices" / "p.md").unlink()
        home = build_tree(site, tmp_path / "out")["index.html"].decode()
    sections = re.findall(r'<section class="yz-home__section (yz-home__\w+)"', home)
    assert sections == ["yz-home__gathered"]
    tabs = re.findall(r'class="md-tabs__link[^"]*">\s*(\S+)\s*</a>', home)
    assert tabs == ["首页", "日历", "社区一览"]   # no menu entry leads to a 暂无内容 page
    assert "暂无" not in home and "来自 青禾学生社区" in home
    assert 'href="calendar/">查看活动日历 · 订阅到手机 ›</a>' in home   # the calendar has the sources' events


def test_a_community_home_keeps_its_sections_empty_or_not(tmp_path):
    """A community's notices and week stay on its home page saying 暂无 (a student looks
    there first); a kind with nothing yet has no section."""
    site = SiteDir(tmp_path / "site")
    site.write("site_config.yml", "site_name: 新社区\nsite_url: https://new.example.edu.cn/\n")
    site.item("lessons/l.md", "title: 第一课\ndate: 2026-11-20\nspeaker: 张老师")
    home = build_tree(site, tmp_path / "out")["index.html"].decode()
    sections = re.findall(r'<section class="yz-home__section (yz-home__\w+)"', home)
    assert sections == ["yz-home__notices", "yz-home__week", "yz-home__lessons"]
    assert "暂无有效通知。" in home and "本周暂无活动。" in home


def read(config: Path, cache: Path | None = None) -> tuple[list, Report]:
    report = Report()
    return read_sources(load_config(config), date.fromisoformat(TODAY), report, cache), report


@pytest.mark.parametrize("route, why", [
    ((200, JSON, b"{not json"), "不是有效的 JSON"),
    ((200, JSON, json.dumps({"version": 2, "site": {}, "items": []}).encode()), "不符合格式说明"),
    ((200, {"Content-Type": "text/html"}, b"<html>"), "不是 JSON"),
    ((200, {**JSON, "Content-Length": str(MAX_BYTES + 1)}, b"{}"), "数据太大"),
    ((200, JSON, b" " * (MAX_BYTES + 10)), "数据太大"),
    ((500, {}, b""), "服务器回答 500"),
])
def test_a_bad_source_is_a_warning_naming_it(communities, tmp_path, route, why):
    a, _ = communities
    with server({"/qh/data/site.json": route}) as url:
        sources, report = read(portal(tmp_path / "p", url, a).config)
    assert sources[0].state == "ok" and sources[1].state == "missing" and not sources[1].records
    [warning] = report.warnings
    assert "青禾学生社区" in warning.message and why in warning.message and not report.errors


def test_a_redirect_to_another_host_is_not_followed(communities, tmp_path):
    a, b_export = communities
    with server({"/qh/data/site.json": (302, {"Location": "http://localhost:9/evil.json"}, b"")}) as url:
        sources, report = read(portal(tmp_path / "p", url, a).config)
    assert sources[1].state == "missing" and "另一个网站" in report.warnings[0].message


def test_plain_http_only_for_loopback(tmp_path, communities):
    a, _ = communities
    site = portal(tmp_path / "p", "http://example.edu.cn/", a)
    sources, report = read(site.config)
    assert sources[1].state == "missing" and "https://" in report.warnings[0].message


def test_server_down_uses_the_last_good_copy_with_cache(communities, tmp_path):
    a, b_export = communities
    cache = tmp_path / "cache"
    with server({"/qh/data/site.json": (200, JSON, b_export)}) as url:
        site = portal(tmp_path / "p", url, a)
        good = build_tree(site, tmp_path / "good", cache=cache)
    # the server is stopped now: the same URL refuses connections
    down = build_tree(site, tmp_path / "down", cache=cache)
    assert "青禾读书会" in down["index.html"].decode()
    assert "显示的是 2026-11-23 读到的内容" in down["communities/index.html"].decode()
    assert {k: v for k, v in down.items() if k != "communities/index.html" and not k.startswith("search/")
            and k != "offline.zip"}.keys() == {k for k in good if k != "communities/index.html"
                                                and not k.startswith("search/") and k != "offline.zip"}

    nocache = build_tree(site, tmp_path / "nocache")
    assert "青禾读书会" not in nocache["index.html"].decode()
    page = nocache["communities/index.html"].decode()
    assert "这次没有读到" in page and "连接失败" in page and "幸福读书会" in nocache["index.html"].decode()


def test_the_bulletin_of_a_portal_has_every_sources_events_and_notices(communities, tmp_path):
    """This week's bulletin: the sources' events on their day and their notices, each 来自 its
    community, beside the portal's own; next week's: what is still current then."""
    from generator.build import BuildOptions, load_site
    from generator.posters.bulletin import bulletin
    from generator.posters.make import page_format
    from generator.posters.render import Renderer
    from tests.test_poster_layout import run

    a, b_export = communities
    with server({"/qh/data/site.json": (200, JSON, b_export)}) as url:
        site = portal(tmp_path / "p", url, a)
        site.item("notices/later.md", "title: 门户下周才发的通知\ndate: 2026-12-02")
        report = Report()
        built = load_site(BuildOptions(config_path=site.config, today=TODAY), report)
    assert not report.warnings
    renderer = Renderer(built)
    shown = {}
    for monday in (date(2026, 11, 23), date(2026, 11, 30)):
        pdf = tmp_path / f"bulletin-{monday}.pdf"
        pdf.write_bytes(bulletin(renderer, monday, page_format(built)))
        shown[monday] = "".join(run("pdftotext", pdf, "-").split())
    week = shown[date(2026, 11, 23)]
    assert "门户自己的通知" in week and "门户下周才发的通知" not in week
    for word, name in (("幸福", "幸福里学生社区"), ("青禾", "青禾学生社区")):
        assert f"{word}停水通知<script>alert(1)</script>" in week          # text, as written
        assert f"来自{name}·11月20日发布·有效期至12月30日" in week
        assert f"19:00–21:00{word}读书会{word}活动室来自{name}" in week     # on its day, with its time
    assert week.index("周四11月26日") < week.index("幸福读书会") < week.index("周五11月27日")
    following = shown[date(2026, 11, 30)]
    assert "读书会" not in following and "来自青禾学生社区" in following   # still current; the event was last week


def test_a_portal_of_busy_communities_gets_a_bulletin_of_one_sheet(communities, tmp_path):
    """A school's portal gathers many communities: its bulletin shows a few of their events
    a day and their newest notices, and says how many more there are online (it had 70
    sheets at 100 communities)."""
    from generator.build import BuildOptions, load_site
    from generator.posters.bulletin import GATHERED_A_DAY, GATHERED_NOTICES, bulletin
    from generator.render.pages import HOME_GATHERED, HOME_GATHERED_WEEK
    from generator.posters.make import page_format
    from generator.posters.render import Renderer
    from tests.test_poster_layout import run

    a, _ = communities
    busy = SiteDir(tmp_path / "busy")
    busy.write("site_config.yml", COMMUNITY.format(name="繁忙学生社区", url="https://fm.example.edu.cn/"))
    for n in range(9):
        busy.item(f"events/e{n}.md", f"title: 繁忙活动{n}\nstart: 2026-11-26 {8 + n:02d}:00\nend: 2026-11-26 {9 + n:02d}:00")
    for n in range(14):
        busy.item(f"events/f{n}.md", f"title: 周五活动{n}\nstart: 2026-11-27 {8 + n:02d}:00\nend: 2026-11-27 {8 + n:02d}:30")
    for n in range(13):
        busy.item(f"notices/n{n}.md", f"title: 繁忙通知{n:02d}\ndate: 2026-11-{n + 1:02d}\nexpires: 2026-12-30")
    build_tree(busy, tmp_path / "busy-out")
    site = SiteDir(tmp_path / "p")
    site.write("site_config.yml", f"""\
        site_name: 学院门户
        site_url: https://portal.example.edu.cn/
        sources:
          - {{name: 幸福里学生社区, path: {a}}}
          - {{name: 繁忙学生社区, path: {tmp_path / "busy-out"}}}
        """)
    report = Report()
    built = load_site(BuildOptions(config_path=site.config, today=TODAY), report)
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(bulletin(Renderer(built), date(2026, 11, 23), page_format(built)))
    text = "".join(run("pdftotext", pdf, "-").split())

    assert int(re.search(r"Pages:\s*(\d+)", run("pdfinfo", pdf)).group(1)) == 1
    shown_events = [n for n in range(9) if f"繁忙活动{n}" in text]
    assert shown_events == list(range(GATHERED_A_DAY)) and "幸福读书会" not in text   # in time order: 幸福's is at 19:00
    assert f"各社区当天还有{10 - GATHERED_A_DAY}项活动，扫码查看" in text
    shown_notices = [n for n in range(13) if f"繁忙通知{n:02d}" in text]
    assert "幸福停水通知" in text and shown_notices == list(range(14 - GATHERED_NOTICES, 13))   # the newest
    assert f"各社区还有{14 - GATHERED_NOTICES}条通知" in text
    assert f"各社区当天还有{14 - GATHERED_A_DAY}项活动" in text

    home = build_tree(site, tmp_path / "portal-out")["index.html"].decode()   # 24 events this week
    assert home.count('class="yz-gathered__item"') == HOME_GATHERED + HOME_GATHERED_WEEK   # 14 notices, 24 events
    assert f"各社区本周还有 {24 - HOME_GATHERED_WEEK} 项活动" in home
