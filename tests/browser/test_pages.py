"""The example site in a real browser: pages render and link where they say."""

from __future__ import annotations


def test_home_page_shows_sections_and_links_to_items(page, served):
    page.goto(served)
    assert page.title() == "幸福里学生社区"
    for heading in ("通知公告", "本周活动", "服务大厅", "党课学习", "身边榜样"):
        assert page.get_by_role("heading", name=heading).first.is_visible()
    page.locator(".yz-home__notices a.yz-card").first.click()
    page.wait_for_load_state()
    assert "/notices/" in page.url
    assert page.locator("h1.yz-title").is_visible()
