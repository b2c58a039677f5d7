"""Offline in a real browser: no outside request, the service worker, file://, a later clock."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from generator.build import BuildOptions, build
from tests.browser.conftest import _QuietHandler, open_context
from tests.conftest import TODAY, local_server, worker_config

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


# Waits until the worker of version `now` is active and the shell of version `gone` deleted.
_SHELLS_ARE = """async ([now, gone]) => {
  for (;;) {
    const registration = await navigator.serviceWorker.getRegistration();
    const names = await caches.keys();
    const active = registration && registration.active && !registration.installing && !registration.waiting;
    if (active && names.includes("yizhan-shell-" + now) && !names.includes("yizhan-shell-" + gone)) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}"""


def test_an_updated_site_downloads_only_what_changed(browser, example_copy, tmp_path):
    """A phone that comes back after a volunteer's one-line fix fetches the files that
    changed, not the whole shell again (Material's script and style, icons, the calendar), nor
    the search index's files that the fix left as they were (they moved: the index's folder
    is named by its version)."""
    folder = tmp_path / "served"
    notice = example_copy / "content/notices/期末考试周自习室延长开放.md"

    def publish() -> dict:  # what CI does on each commit
        build(BuildOptions(config_path=example_copy / "site_config.yml", out=folder, today=TODAY, posters=False))
        return worker_config(folder)

    first = publish()
    asked: list[str] = []

    class Recording(_QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path.split("?")[0].lstrip("/"))
            super().do_GET()

    with local_server(functools.partial(Recording, directory=str(folder))) as url:
        context = open_context(browser)
        try:
            page = context.new_page()
            page.goto(url)
            page.evaluate(_SHELLS_ARE, [first["version"], ""])
            installed = set(asked)
            assert {"assets/yizhan/style.css", "calendar/"} <= installed    # the first visit: all of it

            notice.write_text(notice.read_text(encoding="utf-8").replace(
                "祝同学们复习顺利", "如有变动以服务大厅公告为准。祝同学们复习顺利"), encoding="utf-8")
            second = publish()
            before = dict(first["precache"])                             # URL → revision
            named = {(url.rsplit("/", 1)[-1], rev) for url, rev in first["precache"] if not url.endswith("/")}

            def kept(url: str, rev: str) -> bool:  # the same bytes under the same URL, or moved
                return before.get(url) == rev or (url.rsplit("/", 1)[-1], rev) in named

            changed = {url for url, rev in second["precache"] if not kept(url, rev)}
            moved = {url for url, rev in second["precache"] if url not in before and kept(url, rev)}
            assert len([url for url in moved if url.startswith("search/")]) > 10  # most of the index
            asked.clear()
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            page.evaluate(_SHELLS_ARE, [second["version"], first["version"]])  # installed, activated
            fetched = set(asked) - {"sw.js"}
            precached = {"" if url == "./" else url for url, _ in second["precache"]}
            assert fetched <= precached and fetched                      # a few files, all of them changed
            assert fetched == {"" if url == "./" else url for url in changed}
            assert not any(name.startswith("assets/") for name in fetched)
            assert len(fetched) < len(precached) / 4

            context.set_offline(True)                                    # and the new shell is complete
            page.goto(url + "notices/")
            assert "通知公告" in page.title()
            page.goto(url)                                               # the search too, moved files and all
            results = page.locator(".yz-search__results")
            page.fill(".yz-search__input", "心理咨询")
            expect(results.get_by_role("heading", name="心理辅导站", exact=True)).to_be_visible()
            page.fill(".yz-search__input", "以服务大厅公告为准")
            expect(results.get_by_role("heading", name="期末考试周社区自习室延长开放")).to_be_visible()
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
