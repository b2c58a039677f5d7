"""Offline in a real browser: no outside request, the service worker, file://, a later clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import open_context

LATER = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a week after TODAY (+1 day)
EXPIRED_BY_THEN = "第六期学生干部成长训练营开始招募"                       # expires 2026-11-30


def _pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix().removesuffix("index.html")
                  for p in root.rglob("index.html") if not p.relative_to(root).as_posix().startswith("assets"))


def test_crawling_every_page_requests_nothing_outside_the_site(browser, served, built_site):
    context = open_context(browser, service_workers="block")
    outside: list[str] = []

    def check(route):
        if not route.request.url.startswith(served):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", check)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages = _pages(built_site)
    assert len(pages) > 60
    for path in pages:
        page.goto(served + path, wait_until="load")
    page.goto(served)
    page.fill(".yz-search__input", "心理咨询")   # the search loads its index files too
    page.locator(".yz-search__results .yz-result").first.wait_for()
    context.close()
    assert outside == []
    assert errors == []


def test_after_a_first_visit_pages_load_with_no_network(browser, served):
    context = open_context(browser)
    page = context.new_page()
    page.goto(served)
    assert page.evaluate("window.isSecureContext")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(served + "figures/lin-xiaowen/")                # a page the student visits
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)                                # the copy is put in the cache
    context.set_offline(True)                                  # the worker is cut off too
    try:
        for path, title in [("", "幸福里学生社区"), ("notices/", "通知公告"), ("calendar/", "日历"),
                            ("figures/lin-xiaowen/", "林晓雯")]:
            page.goto(served + path)
            assert title in page.title(), path
        # search works offline: its index is precached on a site this small
        page.goto(served)
        page.fill(".yz-search__input", "专升本")
        page.locator(".yz-search__results .yz-result").first.wait_for()
        # a page never visited: a clear message, not the browser's error
        page.goto(served + "lessons/weidangke-lao-zhaopian/")
        assert "现在没有网络" in page.locator("h1").inner_text()
    finally:
        context.close()


def test_the_file_copy_links_open_pages_and_search_works(page, file_copy):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(file_copy.joinpath("index.html").as_uri())
    for path in ("index.html", "calendar/index.html", "services/index.html", "events/xinling-chahui/index.html"):
        page.goto(file_copy.joinpath(path).as_uri())
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        local = [link.split("#")[0] for link in links if link.startswith("file:")]
        assert local and all(not link.endswith("/") for link in local), path
        for link in set(local):
            assert Path(link.removeprefix("file://")).is_file(), (path, link)
    page.goto(file_copy.joinpath("index.html").as_uri())
    page.locator(".yz-home__notices a.yz-card").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and page.locator("h1.yz-title").is_visible()
    page.goto(file_copy.joinpath("index.html").as_uri())
    page.fill(".yz-search__input", "心理咨询")
    result = page.locator(".yz-search__results").get_by_role("heading", name="心理辅导站", exact=True)
    result.click()
    page.wait_for_load_state()
    assert page.url == file_copy.joinpath("services/xinli-fudaozhan/index.html").as_uri()
    assert errors == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_week_later_the_home_page_tells_the_truth(browser, served, file_copy, where):
    context = open_context(browser, at=LATER, service_workers="block")
    page = context.new_page()
    url = served if where == "http" else file_copy.joinpath("index.html").as_uri()
    page.goto(url)
    page.wait_for_load_state("load")
    notices = page.locator(".yz-home__notices a.yz-card", has_text=EXPIRED_BY_THEN)
    assert notices.count() == 0 or not notices.first.is_visible()      # expired: off the home page
    assert page.locator(".yz-home__week .yz-week-range").inner_text() == "11月30日–12月6日"
    page.goto(url.replace("index.html", "") + "notices/" if where == "http"
              else file_copy.joinpath("notices/index.html").as_uri())
    card = page.locator("a.yz-card", has_text=EXPIRED_BY_THEN)
    assert card.locator(".yz-when-expired").is_visible()                # marked 已过期 on the list
    context.close()
