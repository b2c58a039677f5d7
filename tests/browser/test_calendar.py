"""The calendar in a real browser: a home page that stays true, the filter, a phone's month.

The example site is built for TODAY (Monday 2026-11-23); the browser's clock is frozen
at other days to see what a reader would see then.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import open_context

WEEK_AFTER = "2026-11-30T10:00:00+08:00"   # Monday of the next week


def week_titles(page) -> list[str]:
    return page.locator(".yz-agenda--week .yz-agenda__title").all_inner_texts()


def test_home_page_at_build_time_shows_the_build_week(page, served):
    page.clock.set_fixed_time("2026-11-23T09:00:00+08:00")
    page.goto(served)
    assert page.locator(".yz-week-range").inner_text() == "11月23日–11月29日"
    titles = week_titles(page)
    assert "“美丽幸福里”社区清洁志愿服务" in titles and "社区党支部主题党日" in titles
    assert not any("天问论坛" in t for t in titles)


@pytest.mark.parametrize("how", ["http", "file"])
def test_home_page_opened_a_week_later_shows_that_week(page, served, built_site: Path, how):
    page.clock.set_fixed_time(WEEK_AFTER)
    page.goto(served if how == "http" else (built_site / "index.html").as_uri())
    assert page.locator(".yz-week-range").inner_text() == "11月30日–12月6日"
    titles = week_titles(page)
    assert not any("美丽幸福里" in t for t in titles)          # last week's
    assert any("天问论坛第九期" in t for t in titles)           # Monday 11-30
    assert titles.count("每周学业门诊") == 2                    # Tue and Thu
    assert "第五届IT技能文化节" in titles                        # 12-05..07
    assert page.locator(".yz-week-empty").is_hidden()
    upcoming = page.locator(".yz-agenda--upcoming .yz-agenda__when").all_inner_texts()
    assert upcoming and all("2026年12月" in w for w in upcoming) and not any("12月6日" in w for w in upcoming)
    # links still lead to the event pages
    page.locator(".yz-agenda--week a", has_text="天问论坛").click()
    page.wait_for_load_state()
    assert "tianwen-luntan-di-jiu-qi" in page.url


def test_home_page_opened_months_later_says_it_may_be_incomplete(page, served):
    page.clock.set_fixed_time("2027-07-05T10:00:00+08:00")   # past everything the page carries
    page.goto(served)
    assert page.locator(".yz-week-range").inner_text() == "7月5日–7月11日"
    assert week_titles(page) == []
    assert page.locator(".yz-week-empty").is_visible()
    assert page.locator(".yz-week-stale").is_visible()


def test_calendar_filter_hides_a_category_and_remembers_it(page, served):
    page.clock.set_fixed_time("2026-11-23T09:00:00+08:00")
    page.goto(served + "calendar/2026-12/")
    menzhen = page.locator(".yz-month .yz-cal", has_text="每周学业门诊")
    assert menzhen.first.is_visible()
    page.get_by_label("学业帮扶").uncheck()
    assert menzhen.first.is_hidden()
    assert page.locator(".yz-month .yz-cal", has_text="社区工作交流日").first.is_visible()
    page.goto(served + "calendar/2027-01/")                 # the choice follows to other months
    assert page.get_by_label("学业帮扶").is_checked() is False
    assert page.locator(".yz-month .yz-cal", has_text="每周学业门诊").first.is_hidden()
    page.get_by_label("学业帮扶").check()
    assert page.locator(".yz-month .yz-cal", has_text="每周学业门诊").first.is_visible()


def test_month_is_a_list_of_days_on_a_phone(browser, served):
    context = open_context(browser, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(served + "calendar/2026-12/")
        assert page.locator(".yz-month__head").is_hidden()
        assert page.locator('.yz-day[data-date="2026-12-02"]').is_hidden()       # nothing on: not listed
        day = page.locator('.yz-day[data-date="2026-12-04"]')
        assert day.locator(".yz-day__full").inner_text() == "12月4日 周五"
        box = day.bounding_box()
        assert box and box["width"] > 300                                     # a full-width row
        assert day.locator(".yz-cal--deadline").count() == 2 and day.locator(".yz-cal--lesson").count() == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390                                                   # no sideways scrolling
    finally:
        context.close()


def test_event_page_drops_dates_that_have_passed(page, served):
    page.clock.set_fixed_time("2026-12-02T10:00:00+08:00")
    page.goto(served + "events/xueye-menzhen/")
    dates = page.locator(".yz-next li:visible").all_inner_texts()
    assert dates and dates[0].startswith("2026年12月3日")
