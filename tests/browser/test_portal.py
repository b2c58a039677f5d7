"""A portal in a real browser (issue 19, SPEC §6), on a phone (390×844), over http and
from file://: the home page shows the sources' current notices and this week's events,
each marked 来自 <community> and linking to that community's own pages; search finds a
source's item and opens its page on the source's site; the calendar filters by community;
社区一览 lists the communities.

Two small communities and the portal are built as tests/test_portal.py builds them (one
source by `path`, one by `url` from a server on 127.0.0.1 that stops after the build).
The sources' sites are not on the network here: their pages are answered by a route.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.browser.conftest import open_context, serve_folder, unpacked_bundle
from tests.browser.test_phone import PHONE
from tests.conftest import build_tree
from tests.test_portal import JSON, community, portal, server

COMMUNITIES = {"幸福": ("幸福里学生社区", "https://xfl.example.edu.cn/"), "青禾": ("青禾学生社区", "https://qh.example.edu.cn/")}


@pytest.fixture(scope="module")
def portal_and_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    a = community(root / "a", *COMMUNITIES["幸福"], "幸福")
    b = community(root / "b", *COMMUNITIES["青禾"], "青禾")
    with server({"/qh/data/site.json": (200, JSON, (b / "data/site.json").read_bytes())}) as url:
        build_tree(portal(root / "portal", url, a), root / "site")
    return root / "site", f"{url}qh/"


@pytest.fixture(scope="module")
def built_portal(portal_and_url):
    return portal_and_url[0]


@pytest.fixture(scope="module")
def served_portal(built_portal) -> Iterator[str]:
    with serve_folder(built_portal) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = open_context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    for _, link in COMMUNITIES.values():   # the communities' own sites: a stand-in page each
        context.route(link + "**", lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body="<!doctype html><title>来源站点</title>"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def file_copy(built_portal, tmp_path_factory):
    """The portal's offline zip, unpacked as a student would on a USB stick."""
    return unpacked_bundle(built_portal, tmp_path_factory.mktemp("portal-usb"))


@pytest.fixture(params=["http", "file"])
def where(request) -> tuple[str, str]:
    """The home page's address (served, or the file copy's) and what a folder's link ends with."""
    if request.param == "http":
        return request.getfixturevalue("served_portal"), ""
    return (request.getfixturevalue("file_copy") / "index.html").as_uri(), "index.html"


def test_the_home_page_shows_every_communitys_notices_and_week(phone, where, tmp_path_factory):
    home, suffix = where
    phone.goto(home, wait_until="load")
    section = phone.locator(".yz-home__gathered")
    section.scroll_into_view_if_needed()
    assert section.is_visible()
    assert phone.get_by_text("门户自己的通知").first.is_visible()          # its own items beside them
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390                                                     # nothing wider than the phone
    for word, (name, link) in COMMUNITIES.items():
        notice = section.locator(".yz-gathered--notices .yz-gathered__item", has_text=f"{word}停水通知")
        event = section.locator(".yz-gathered--week .yz-gathered__item", has_text=f"{word}读书会")
        for item, path in ((notice, "notices/n/"), (event, "events/e/")):
            assert item.count() == 1 and item.is_visible(), (word, path)
            assert item.locator(".yz-from").inner_text() == f"来自 {name}"
            assert item.locator(".yz-from").evaluate("e => e.getClientRects().length") == 1   # one line
            assert item.get_attribute("data-community") == name
            assert item.locator("a").get_attribute("href") == link + path
        assert "<script>" in notice.locator("a").inner_text()                # shown as text, never run
        assert event.locator("time").inner_text() == "11月26日 19:00"
    if not suffix:
        folder = tmp_path_factory.mktemp("portal-shots")
        section.screenshot(path=str(folder / "portal-home-gathered.png"))
        phone.screenshot(path=str(folder / "portal-home.png"), full_page=True)
    # a source's item opens on the source's own site
    with phone.expect_navigation():
        section.get_by_role("link", name="青禾读书会").click()
    assert phone.url == "https://qh.example.edu.cn/events/e/"


def test_search_finds_a_sources_item_and_opens_it_on_its_site(phone, where):
    home, _ = where
    phone.goto(home, wait_until="load")
    found = phone.evaluate("q => yizhan.search(q)", "读书会")
    assert {r["url"] for r in found} >= {"https://xfl.example.edu.cn/events/e/", "https://qh.example.edu.cn/events/e/"}
    phone.fill(".yz-search__input", "青禾读书会")
    result = phone.locator(".yz-search__results .yz-result").first
    result.wait_for()
    link = phone.locator(".yz-search__results a", has_text="青禾读书会").first
    assert link.get_attribute("href") == "https://qh.example.edu.cn/events/e/"
    with phone.expect_navigation():
        link.click()
    assert phone.url == "https://qh.example.edu.cn/events/e/"


def test_the_communities_page_lists_them_with_their_links(phone, portal_and_url, where):
    source_url = portal_and_url[1]
    home, suffix = where
    phone.goto(home, wait_until="load")
    with phone.expect_navigation():
        phone.locator(".yz-home__gathered").get_by_role("link", name="社区一览").click()
    assert phone.url == home.removesuffix("index.html") + "communities/" + suffix
    assert phone.locator("h1").inner_text() == "社区一览"
    rows = phone.locator(".yz-community")
    assert rows.count() == 2
    # a source read by path links to the site its export names; one read by url, to that url
    links = {"幸福里学生社区": COMMUNITIES["幸福"][1], "青禾学生社区": source_url}
    for row, (name, link) in zip(rows.all(), links.items()):
        assert row.get_attribute("data-community") == name
        assert row.get_by_role("link", name=name).get_attribute("href") == link
        cells = row.locator("td")
        assert cells.nth(1).inner_text() == "2"                              # a notice and an event
        assert cells.nth(2).inner_text().endswith("读取")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_calendar_filters_by_community(phone, where):
    home, suffix = where
    phone.goto(home.removesuffix("index.html") + "calendar/2026-11/" + suffix, wait_until="load")
    entries = phone.locator('.yz-day[data-date="2026-11-26"] .yz-cal')
    assert entries.count() == 2
    qh = entries.filter(has_text="青禾读书会")
    assert qh.locator("a").get_attribute("href") == "https://qh.example.edu.cn/events/e/"
    choice = phone.locator(".yz-cal-filter--community label", has_text="青禾学生社区")
    choice.scroll_into_view_if_needed()
    choice.click()                                                           # 青禾 off
    assert not qh.is_visible() and entries.filter(has_text="幸福读书会").is_visible()
    phone.reload(wait_until="load")                                          # kept on the device
    assert not qh.is_visible()
    assert not phone.locator('.yz-cal-filter--community input[value="@青禾学生社区"]').is_checked()
    phone.locator(".yz-cal-filter--community label", has_text="青禾学生社区").click()
    assert qh.is_visible()
