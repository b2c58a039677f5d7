"""feed.xml, sitemap.xml and link previews (Open Graph) of the built site."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://xfl.example.edu.cn/"


@pytest.fixture(scope="module")
def example(example_site: Path) -> Path:
    """The example community without posters (built once, tests/conftest.py)."""
    return example_site


def local(out: Path, url: str) -> Path:
    """The file an absolute URL of the site is served from."""
    assert url.startswith(SITE_URL), url
    path = out / url[len(SITE_URL):]
    return path / "index.html" if url.endswith("/") else path


def feed_entries(out: Path) -> list[ET.Element]:
    root = ET.parse(out / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_feed_lists_notices_lessons_and_figures_newest_first_with_absolute_links(example):
    root = ET.parse(example / "feed.xml").getroot()
    assert root.find(f"{ATOM}title").text == "幸福里学生社区"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + "feed.xml"
    entries = feed_entries(example)
    types = {e.find(f"{ATOM}category").get("term") for e in entries}
    assert types == {"notices", "lessons", "figures"}
    expected = sum(len(list((REPO / "content" / t).rglob("*.md"))) for t in ("notices", "lessons", "figures"))
    assert len(entries) == expected - 1  # one notice of the example is a draft
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert root.find(f"{ATOM}updated").text == dates[0]
    for entry in entries:
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert entry.find(f"{ATOM}id").text == link
        assert local(example, link).is_file(), link
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+08:00", entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}summary").text
        enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
        if enclosure is not None:
            assert local(example, enclosure.get("href")).is_file()
            assert enclosure.get("type").startswith("image/")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert "陈思远" in titles  # a figure, with its photo as enclosure
    photo = next(e for e in entries if e.find(f"{ATOM}title").text == "陈思远")
    assert photo.find(f"{ATOM}link[@rel='enclosure']").get("href").endswith("chen-siyuan.jpg")


def draft_site(site):
    site.item("notices/public.md", "title: 公开通知\ndate: 2026-11-20")
    site.item("notices/secret.md", "title: 草稿通知\ndate: 2026-11-21\ndraft: true")
    site.item("lessons/draft-lesson.md", "title: 草稿党课\ndate: 2026-11-19\ndraft: true")


def test_drafts_never_reach_the_feed_or_the_sitemap(site, cli):
    draft_site(site)
    out = site.root / "out"
    assert cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters").code == 0
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "公开通知" in feed and "草稿" not in feed
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "notices/public/" in sitemap and "secret" not in sitemap and "draft-lesson" not in sitemap
    # A preview build with --drafts shows the drafts as pages, but never tells subscribers.
    preview = site.root / "preview"
    assert cli("build", "--config", site.config, "--out", preview, "--today", TODAY, "--no-posters",
               "--drafts").code == 0
    assert (preview / "notices/secret/index.html").is_file()
    assert "草稿" not in (preview / "feed.xml").read_text(encoding="utf-8")


def test_without_site_url_there_is_no_feed_and_a_warning(site, cli):
    site.write("site_config.yml", "site_name: 测试社区\n")
    site.item("notices/public.md", "title: 公开通知\ndate: 2026-11-20")
    out = site.root / "out"
    run = cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters")
    assert run.code == 0
    assert "site_url" in run.err and "feed.xml" in run.err
    assert not (out / "feed.xml").exists()


class Head(HTMLParser):
    """<meta> and <link> of a page's head."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        if tag == "link" and "rel" in a:
            self.links.setdefault(a["rel"], a.get("href", ""))


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_item_pages_have_canonical_description_and_open_graph_with_picture(example):
    page = head(example / "figures/chen-siyuan/index.html")
    assert page.links["canonical"] == SITE_URL + "figures/chen-siyuan/"
    assert page.meta["og:url"] == page.links["canonical"]
    assert page.meta["og:title"] == "陈思远"
    assert page.meta["og:description"] == page.meta["description"]
    assert page.meta["description"].startswith("陈思远是学长领航站")
    assert page.meta["og:image"] == SITE_URL + "media/assets/figures/chen-siyuan.jpg"
    assert local(example, page.meta["og:image"]).is_file()
    assert page.links["alternate feed"] == "../../feed.xml"  # not rel=alternate: see theme/overrides/main.html


def test_every_page_has_a_title_summary_and_canonical_address_for_previews(example):
    pages = sorted(example.rglob("index.html"))
    assert len(pages) > 50
    for path in pages:
        page = head(path)
        if page.meta.get("robots") == "noindex":  # the corridor screen and the like: not pages to share
            continue
        assert page.meta.get("og:title"), path
        assert page.meta.get("og:description"), path
        assert page.meta.get("description"), path
        assert local(example, page.links["canonical"]) == path, path
        assert local(example, page.meta["og:image"]).is_file(), path
    for item in ("notices/3hao-lou-reshui-jianxiu", "lessons/zhuanti-dangke-fenjin-xinzhengcheng"):
        page = head(example / item / "index.html")
        assert page.meta["og:type"] == "article"
        assert page.meta["og:title"] in (example / item / "index.html").read_text(encoding="utf-8")
    home = head(example / "index.html")
    assert home.meta["og:type"] == "website"
    assert home.meta["og:image"] == SITE_URL + "assets/icons/icon-512.png"  # the logo is an SVG


def test_sitemap_lists_every_page_dated_today(example):
    sitemap = ET.parse(example / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = [u.find(f"{ns}loc").text for u in sitemap]
    assert {u.find(f"{ns}lastmod").text for u in sitemap} == {TODAY}
    for url in urls:
        assert local(example, url).is_file(), url
    assert SITE_URL + "notices/hanjia-lixiao-anquan/" not in urls  # the example's draft
