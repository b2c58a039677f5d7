"""The site read days after it was built: the example (built for Monday 2026-11-23) seen
in Chromium at later moments, on a phone. Dates, 今天, this week and what is over are
decided by the browser's clock, and the pages stay accessible at every moment."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BUILD_MOMENT, open_context
from tests.browser.test_accessibility import axe_source, violations  # noqa: F401 (a fixture)
from tests.pagetypes import one_of_each_type

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

THURSDAY_NEXT_WEEK = "2026-12-03T19:30:00+08:00"    # 学业门诊 (Tue/Thu 19:00–21:00) is on
THURSDAY_LATE = "2026-12-03T21:30:00+08:00"         # … and over for the day
SATURDAY_FORTNIGHT = "2026-12-12T10:00:00+08:00"
MONTH_AFTER_LAST = "2027-02-15T10:00:00+08:00"      # both repeats below ended in January
LATER_MOMENTS = [THURSDAY_NEXT_WEEK, SATURDAY_FORTNIGHT, MONTH_AFTER_LAST]

WEEKLY = "events/xueye-menzhen/"              # weekly on Tue and Thu until 2027-01-14
COUNTED = "events/zhuanshengben-fenxianghui/"  # every other Wednesday, six times, from 10-28


@pytest.fixture(scope="module")
def phone_at(browser):
    """phone_at(moment) → a phone page whose clock starts at `moment`."""
    contexts = []

    def open_page(moment: str, **options):
        context = open_context(browser, at=moment, **{**PHONE, **options})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def time_fact(page) -> str:
    return page.locator(".yz-facts .yz-when").inner_text()


@pytest.mark.parametrize("moment, weekly, counted", [
    (BUILD_MOMENT, "下次 2026年11月24日（周二）19:00–21:00", "下次 2026年11月25日（周三）19:00–20:30"),
    (THURSDAY_NEXT_WEEK, "下次 2026年12月3日（周四）19:00–21:00", "下次 2026年12月9日（周三）19:00–20:30"),
    (THURSDAY_LATE, "下次 2026年12月8日（周二）19:00–21:00", "下次 2026年12月9日（周三）19:00–20:30"),
    (SATURDAY_FORTNIGHT, "下次 2026年12月15日（周二）19:00–21:00", "下次 2026年12月23日（周三）19:00–20:30"),
    (MONTH_AFTER_LAST, "2027年1月14日（周四）19:00–21:00（已结束）", "2027年1月6日（周三）19:00–20:30（已结束）"),
])
def test_a_repeat_shows_its_next_occurrence_when_viewed(served, phone_at, moment, weekly, counted):
    page = phone_at(moment)
    page.goto(served + WEEKLY)
    assert time_fact(page) == weekly
    assert "每周二、四" in page.locator(".yz-facts").inner_text()
    page.goto(served + COUNTED)
    assert time_fact(page) == counted
    over = moment == MONTH_AFTER_LAST
    assert page.locator(".yz-next-none").is_visible() == over
    assert page.locator(".yz-next").is_visible() != over
    page.goto(served + "events/")
    card = page.locator(f'a.yz-card[href$="{WEEKLY.split("/")[1]}/"] .yz-when')
    assert card.inner_text() == weekly


def test_without_javascript_the_build_day_is_right(served, browser):
    """The text the server wrote is what the browser would write on the build day."""
    context = open_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(served + WEEKLY)
    assert time_fact(page) == "下次 2026年11月24日（周二）19:00–21:00"
    page.goto(served + "events/")
    server_texts = page.locator(".yz-when").all_inner_texts()
    context.close()
    context = open_context(browser)
    page = context.new_page()
    page.goto(served + "events/")
    assert page.locator(".yz-when").all_inner_texts() == server_texts
    context.close()


def test_home_keeps_this_week_apart_from_later(served, phone_at):
    page = phone_at(THURSDAY_NEXT_WEEK)
    page.goto(served)
    section = page.locator(".yz-home__week")
    assert section.locator(".yz-week-range").inner_text() == "11月30日–12月6日"
    starts = section.locator(".yz-agenda--week li").evaluate_all("els => els.map(e => e.dataset.start)")
    assert starts and all("2026-11-30" <= s[:10] <= "2026-12-06" for s in starts)
    later = section.locator(".yz-agenda--upcoming li").evaluate_all("els => els.map(e => e.dataset.start)")
    assert later and all(s[:10] > "2026-12-06" for s in later)
    pages = section.locator(".yz-agenda--upcoming li").evaluate_all("els => els.map(e => e.dataset.page)")
    assert len(pages) == len(set(pages)), "即将开始 names each event once, at its next date"
    assert section.get_by_role("heading", name="即将开始").is_visible()
    today = section.locator(".yz-agenda--week li.yz-is-today")
    assert today.count() >= 1
    assert all(s[:10] == "2026-12-03" for s in today.evaluate_all("els => els.map(e => e.dataset.start)"))
    marker = today.first.locator(".yz-agenda__when").evaluate("e => getComputedStyle(e, '::before').content")
    assert marker == '"今天"'
    past = section.locator(".yz-agenda--week li.yz-is-past")
    assert past.count() >= 1 and "已结束" in past.first.evaluate(
        "e => getComputedStyle(e.querySelector('.yz-agenda__title'), '::after').content")


def test_the_calendar_marks_today(served, phone_at):
    page = phone_at(SATURDAY_FORTNIGHT)
    page.goto(served + "calendar/2026-12/")
    today = page.locator(".yz-day--today")
    assert today.count() == 1 and today.get_attribute("data-date") == "2026-12-12"
    assert today.locator(".yz-day__label").evaluate("e => getComputedStyle(e, '::after').content") == '"今天"'


def test_deadlines_on_the_calendar_name_their_policy(served, phone_at):
    page = phone_at(BUILD_MOMENT)
    page.goto(served + "calendar/")
    deadlines = page.locator(".yz-cal--deadline .yz-cal__title").all_inner_texts()
    assert deadlines and all("：" in text and len(text.split("：")[0]) >= 4 for text in deadlines)


def test_registration_is_a_button_beside_the_calendar_file(served, phone_at):
    page = phone_at(BUILD_MOMENT)
    page.goto(served + COUNTED)
    button = page.get_by_role("link", name="报名参加")
    assert button.get_attribute("href") == "https://xfl.example.edu.cn/baoming/zhuanshengben"
    assert button.is_visible() and page.get_by_role("link", name="加入我的日历（.ics）").is_visible()
    box, ics = button.bounding_box(), page.get_by_role("link", name="加入我的日历（.ics）").bounding_box()
    assert abs(box["y"] - ics["y"]) < box["height"] or ics["y"] - box["y"] < 3 * box["height"]


@pytest.mark.parametrize("moment", LATER_MOMENTS)
def test_no_wcag_violations_at_later_moments(built_site, served, phone_at, axe_source, moment):
    page = phone_at(moment)
    wanted = [p for p in one_of_each_type(built_site)
              if p.relative_to(built_site).parts[0] in ("index.html", "events", "calendar")
              or len(p.relative_to(built_site).parts) == 3]
    found = {}
    for path in wanted:
        relative = path.relative_to(built_site).as_posix()
        problems = violations(page, served + relative.removesuffix("index.html"), axe_source)
        if problems:
            found[relative] = problems
    assert not found, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())
