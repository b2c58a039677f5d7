"""No page downloads sitemap.xml (1.3 MB at 10,000 items): Material's bundle fetches it for
every link[rel=alternate], so the feed is linked as rel="alternate feed"
(theme/overrides/main.html), which feed readers still find."""

from __future__ import annotations

from tests.browser.conftest import open_context

PAGES = ["", "notices/", "events/", "calendar/", "search/", "notices/quanti-tongxue-shuqi-anquan/"]


def test_no_page_requests_the_sitemap(browser, served, built_site):
    pages = [p for p in PAGES if (built_site / p / "index.html").is_file()]
    item = next((built_site / "notices").glob("*/index.html"))
    pages.append(str(item.parent.relative_to(built_site)) + "/")
    context = open_context(browser)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    for path in pages:
        page.goto(served + path, wait_until="networkidle")
        feed = page.locator('link[type="application/atom+xml"]')
        assert feed.count() == 1 and "alternate" in feed.get_attribute("rel").split(), path
    page.locator(".md-footer a, nav a").first.click()  # a navigation by a click, too
    page.wait_for_load_state("networkidle")
    context.close()
    assert len(requested) > len(pages)
    assert not [url for url in requested if "sitemap" in url]
