"""The calendar: repeat expansion, the pages that show it, and the .ics files.

Expansion is checked through the real loader (front matter → occurrences); the .ics
files are read back with icalendar and expanded with recurring-ical-events, and must
give exactly the occurrences the month pages show.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from generator.build import BuildOptions, build, load_site
from generator.calendar.occurrences import occurrences_of, skipped_starts, week_of
from generator.problems import Report
from tests.conftest import TODAY

EVENT = "title: 活动\nlocation: 党员活动室\n"


def occurrences(site, front: str, today: str = TODAY) -> list[tuple]:
    """(start, end) of the one event in `site`, as ISO strings."""
    site.item("events/e.md", EVENT + front)
    loaded = load_site(BuildOptions(config_path=site.config, today=today), Report())
    (item,) = loaded.by_type["events"]
    return [(o.start.isoformat(), o.end.isoformat()) for o in occurrences_of(item)]


def starts(site, front: str) -> list[str]:
    return [start for start, _ in occurrences(site, front)]


# -- expansion ------------------------------------------------------------------------
def test_last_friday_of_the_month(site):
    got = starts(site, "start: 2026-09-25 14:30\nrepeat: {freq: monthly, nth: [-1, fri], until: 2027-01-31}")
    assert got == ["2026-09-25T14:30:00", "2026-10-30T14:30:00", "2026-11-27T14:30:00",
                   "2026-12-25T14:30:00", "2027-01-29T14:30:00"]


def test_monthly_on_a_day_of_the_month(site):
    got = starts(site, "start: 2026-09-15 18:30\nend: 2026-09-15 20:00\nrepeat: {freq: monthly, day: 15, count: 3}")
    assert got == ["2026-09-15T18:30:00", "2026-10-15T18:30:00", "2026-11-15T18:30:00"]


def test_every_other_week_on_two_days(site):
    got = starts(site, "start: 2026-09-15 19:00\nrepeat: {freq: weekly, interval: 2, days: [tue, thu], count: 5}")
    assert got == ["2026-09-15T19:00:00", "2026-09-17T19:00:00", "2026-09-29T19:00:00",
                   "2026-10-01T19:00:00", "2026-10-13T19:00:00"]


def test_count_and_until_bound_the_same_series(site):
    by_count = starts(site, "start: 2026-10-01 15:00\nrepeat: {freq: weekly, days: [thu], count: 3}")
    by_until = starts(site, "start: 2026-10-01 15:00\nrepeat: {freq: weekly, days: [thu], until: 2026-10-15}")
    assert by_count == by_until == ["2026-10-01T15:00:00", "2026-10-08T15:00:00", "2026-10-15T15:00:00"]


def test_start_is_the_first_occurrence_and_counts_even_off_the_rule(site):
    # a Monday start for a Wednesday series: held on that Monday, and `count` includes it
    got = starts(site, "start: 2026-10-26 19:00\nrepeat: {freq: weekly, days: [wed], count: 3}")
    assert got == ["2026-10-26T19:00:00", "2026-10-28T19:00:00", "2026-11-04T19:00:00"]


def test_except_skips_dates_and_still_counts_them(site):
    front = "start: 2026-10-01 15:00\nrepeat: {freq: weekly, days: [thu], count: 4}\nexcept: [2026-10-08, 2026-10-09]"
    assert starts(site, front) == ["2026-10-01T15:00:00", "2026-10-15T15:00:00", "2026-10-22T15:00:00"]
    loaded = load_site(BuildOptions(config_path=site.config, today=TODAY), Report())
    skipped = skipped_starts(loaded.by_type["events"][0].fields)
    assert skipped == [datetime(2026, 10, 8, 15, 0)]   # 10-09 is no occurrence: nothing to skip


def test_except_may_cancel_the_first_date(site):
    front = "start: 2026-11-02 19:00\nrepeat: {freq: weekly, count: 3}\nexcept: [2026-11-02]"
    assert starts(site, front) == ["2026-11-09T19:00:00", "2026-11-16T19:00:00"]


def test_timed_event_defaults_to_one_hour(site):
    assert occurrences(site, "start: 2026-11-27 19:00") == [("2026-11-27T19:00:00", "2026-11-27T20:00:00")]


def test_all_day_event_ends_the_same_day_or_on_its_last_day(site):
    assert occurrences(site, "start: 2026-12-05") == [("2026-12-05", "2026-12-05")]
    assert occurrences(site, "start: 2026-12-05\nend: 2026-12-07") == [("2026-12-05", "2026-12-07")]


def test_repeating_multi_day_event_keeps_its_length(site):
    got = occurrences(site, "start: 2026-12-05\nend: 2026-12-06\nrepeat: {freq: weekly, count: 2}")
    assert got == [("2026-12-05", "2026-12-06"), ("2026-12-12", "2026-12-13")]


def test_endless_repeat_is_cut_at_a_horizon_on_the_calendar(site, cli):
    site.item("events/e.md", EVENT + "start: 2026-11-02 19:00\nrepeat: {freq: weekly}")
    out = site.root / "out"
    assert cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters").code == 0
    months = sorted(p.name for p in (out / "calendar").iterdir() if p.is_dir())
    assert months[0] == "2026-11" and months[-1] == "2027-11"   # a year ahead of --today
    assert b"RRULE:FREQ=WEEKLY\r\n" in (out / "calendar.ics").read_bytes()  # still endless there


def test_week_of_is_monday_to_sunday():
    assert week_of(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week_of(date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 12, 6))


# -- pages ----------------------------------------------------------------------------
ENTRY = re.compile(r'<li class="yz-cal yz-cal--(\w+)" data-kind="\w+" data-category="([^"]*)" '
                   r'data-start="([^"]+)" data-end="([^"]+)" data-page="([^"]+)"><a href="([^"]+)"')


def page_entries(site_dir: Path) -> set[tuple[str, str, str]]:
    """(kind, page, start) of every entry on the month pages (a multi-day one once)."""
    found = set()
    for month in (site_dir / "calendar").glob("*/index.html"):
        for kind, _category, start, _end, page, _href in ENTRY.findall(month.read_text(encoding="utf-8")):
            found.add((kind, html.unescape(page), start))
    return found


def ics_entries(path: Path, first: date, last: date, base: str) -> set[tuple[str, str, str]]:
    """(kind, page, start) of every occurrence recurring-ical-events finds in an .ics."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    kinds = {"党课": "lesson", "政策截止": "deadline"}
    found = set()
    for event in recurring_ical_events.of(calendar).between(first, last):
        start = event["DTSTART"].dt
        if isinstance(start, datetime):
            start = start.replace(tzinfo=None)
        kind = kinds.get(str(event["CATEGORIES"].cats[0]), "event")
        found.add((kind, str(event["URL"]).removeprefix(base), start.isoformat()))
    return found


def month_range(site_dir: Path) -> tuple[date, date]:
    months = sorted(p.name for p in (site_dir / "calendar").iterdir() if p.is_dir())
    first = date.fromisoformat(months[0] + "-01")
    year, month = map(int, months[-1].split("-"))
    return first, date(year + month // 12, month % 12 + 1, 1)


def test_calendar_ics_gives_exactly_the_occurrences_the_pages_show(example_site):
    shown = page_entries(example_site)
    from_ics = ics_entries(example_site / "calendar.ics", *month_range(example_site), "https://xfl.example.edu.cn/")
    assert from_ics == shown
    kinds = {kind for kind, _, _ in shown}
    assert kinds == {"event", "lesson", "deadline"}
    assert ("event", "events/zhuti-dangri/", "2026-10-30T14:30:00") in shown     # last Friday
    assert ("event", "events/zhuti-dangri/", "2027-01-29T14:30:00") not in shown  # except
    assert ("deadline", "policies/guojia-jiangxuejin/", "2026-11-20") in shown


def test_each_event_ics_matches_its_pages(example_site):
    shown = page_entries(example_site)
    first, last = month_range(example_site)
    for ics in sorted((example_site / "events").glob("*/*.ics")):
        page = f"events/{ics.parent.name}/"
        expected = {e for e in shown if e[1] == page}
        assert expected and ics_entries(ics, first, last, "https://xfl.example.edu.cn/") == expected, ics


def test_ics_keeps_repeats_as_rules_with_a_vtimezone(example_site):
    text = (example_site / "calendar.ics").read_bytes().decode()
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == len({str(e["UID"]) for e in events})
    zhuti = next(e for e in events if str(e["UID"]).startswith("events-zhuti-dangri@"))
    assert zhuti["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20270630T155959Z;BYDAY=-1FR"
    assert "EXDATE;TZID=Asia/Shanghai:20270129T143000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai" in text
    assert "DTSTART;TZID=Asia/Shanghai:20261028T190000" in text       # local time, not UTC
    assert "RRULE:FREQ=WEEKLY;COUNT=6;INTERVAL=2;BYDAY=WE;WKST=MO" in text
    assert "DTSTART;VALUE=DATE:20261205\r\nDTEND;VALUE=DATE:20261208" in text  # 12-05..07, all day
    assert "X-WR-TIMEZONE:Asia/Shanghai" in text


def test_calendar_page_offers_subscriptions_filter_and_upcoming(example_site):
    page = (example_site / "calendar" / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://xfl.example.edu.cn/calendar.ics"' in page
    assert 'href="https://xfl.example.edu.cn/calendar.ics"' in page
    assert 'href="../calendar.ics"' in page
    for category in ("党建活动", "学业帮扶", "党课", "政策截止"):
        assert f'<input type="checkbox" value="{category}" checked>' in page
    start = page.index("近期安排")
    upcoming = page[start:page.index("</section>", start)]
    assert "11月24日 周二" in upcoming and "天问论坛第九期" in upcoming
    assert "十佳歌手" not in upcoming                      # 11-14, already over
    nav = re.search(r'<nav class="md-tabs".*?</nav>', page, re.S).group(0)
    assert "日历" in nav


def test_month_pages_for_every_month_with_occurrences_link_to_items(example_site):
    months = sorted(p.name for p in (example_site / "calendar").iterdir() if p.is_dir())
    # 2026-06: a policy deadline; 2027-06: the last 主题党日; no month without anything
    assert months == ["2026-06", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02",
                      "2027-03", "2027-04", "2027-05", "2027-06"]
    december = (example_site / "calendar" / "2026-12" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../events/it-jineng-wenhuajie/"' in december
    cells = re.findall(r'data-date="(2026-12-0[5-7])">.*?第五届IT技能文化节', december, re.S)
    assert cells == ["2026-12-05", "2026-12-06", "2026-12-07"]          # a multi-day event, each day
    lesson = re.search(r'<li class="yz-cal yz-cal--lesson"[^>]*data-page="lessons/zhuanti-dangke-fenjin-xinzhengcheng/"', december)
    deadline = re.search(r'<li class="yz-cal yz-cal--deadline"[^>]*data-page="policies/guojia-jiangxuejin/"', december)
    assert lesson and deadline
    assert 'rel="prev"' in december and 'href="../2026-11/"' in december


def test_event_page_lists_next_dates_skipped_dates_and_its_ics(example_site):
    page = (example_site / "events" / "xueye-menzhen" / "index.html").read_text(encoding="utf-8")
    nexts = page[page.index("接下来的安排"):page.index("以下日期暂停")]
    assert "2026年11月24日（周二）19:00–21:00" in nexts and "2026年11月19日" not in nexts
    skipped = page[page.index("以下日期暂停"):]
    assert "2026年10月1日（周四）19:00 不举行" in skipped and "2026年10月6日（周二）19:00 不举行" in skipped
    assert 'href="xueye-menzhen.ics"' in page
    assert (example_site / "events" / "xueye-menzhen" / "xueye-menzhen.ics").is_file()


def test_home_pages_upcoming_names_each_event_once(example_site):
    """即将开始 after this week: the next date of each coming event, not a weekly one's
    every date (每周学业门诊 on Tuesday and Thursday filled it on its own)."""
    home = (example_site / "index.html").read_text(encoding="utf-8")
    upcoming = home[home.index('yz-agenda--upcoming'):home.index('yz-home__services')]
    upcoming = upcoming[:upcoming.index("</ul>")]
    pages = re.findall(r'data-page="([^"]+)"', upcoming)
    assert len(pages) == 6 and len(set(pages)) == 6
    assert upcoming.count("每周学业门诊") == 1


def test_home_page_carries_the_coming_weeks_for_the_browser(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    section = home[home.index('yz-home__week'):home.index('yz-home__services')]
    week = section[:section.index("yz-agenda--upcoming")]
    assert "“美丽幸福里”社区清洁志愿服务" in week and "天问论坛" not in week
    src = re.search(r'<script src="(calendar/week\.[0-9a-f]+\.js)"', section).group(1)  # render/weekdata.py
    pool = (example_site / src).read_text(encoding="utf-8")
    assert "第五届IT技能文化节" in pool and "2026-12-30T17:30:00" in pool


# -- a non-UTC zone, and rebuilds -----------------------------------------------------
NEW_YORK = """\
site_name: Test
site_url: https://nyc.example.org/
timezone: America/New_York
"""


@pytest.fixture(scope="module")
def new_york(tmp_path_factory) -> Path:
    """A site in America/New_York with a weekly series across the end of summer time (11-01)."""
    root = tmp_path_factory.mktemp("ny")
    (root / "site_config.yml").write_text(NEW_YORK, encoding="utf-8")
    (root / "content" / "events").mkdir(parents=True)
    (root / "content" / "events" / "club.md").write_text(
        "---\ntitle: 读书会\nstart: 2026-10-20 19:00\nend: 2026-10-20 20:30\n"
        "repeat: {freq: weekly, days: [tue], until: 2026-11-10}\nexcept: [2026-10-27]\n---\n每周二。\n",
        encoding="utf-8")
    (root / "content" / "events" / "fair.md").write_text(
        "---\ntitle: 游园会\nstart: 2026-10-31\nend: 2026-11-01\n---\n", encoding="utf-8")
    build(BuildOptions(config_path=root / "site_config.yml", out=root / "out", today="2026-10-19", posters=False))
    return root


def test_non_utc_zone_keeps_local_time_across_daylight_saving(new_york):
    out = new_york / "out"
    ics = (out / "calendar.ics").read_bytes().decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York" in ics and "BEGIN:DAYLIGHT" in ics
    assert "UNTIL=20261111T045959Z" in ics   # 11-10 23:59:59 EST, in UTC
    calendar = icalendar.Calendar.from_ical(ics)
    held = [e["DTSTART"].dt for e in recurring_ical_events.of(calendar).between(date(2026, 10, 1), date(2026, 12, 1))
            if str(e["SUMMARY"]) == "读书会"]
    assert [d.strftime("%m-%d %H:%M %z") for d in held] == ["10-20 19:00 -0400", "11-03 19:00 -0500", "11-10 19:00 -0500"]
    assert page_entries(out) == ics_entries(out / "calendar.ics", date(2026, 10, 1), date(2026, 12, 1),
                                            "https://nyc.example.org/")


def test_rebuilds_write_byte_identical_ics_whatever_the_day(new_york, tmp_path):
    """Whatever the day once the events have begun: before, DTSTAMP is the build's day
    (never in its future, tests/test_calendar_libical.py), so it moves with `--today`."""
    again, later = tmp_path / "again", tmp_path / "later"
    build(BuildOptions(config_path=new_york / "site_config.yml", out=again, today="2027-03-01", posters=False))
    build(BuildOptions(config_path=new_york / "site_config.yml", out=later, today="2028-01-20", posters=False))
    files = sorted(p.relative_to(new_york / "out") for p in (new_york / "out").rglob("*.ics"))
    assert [str(f) for f in files] == ["calendar.ics", "events/club/club.ics", "events/fair/fair.ics"]
    for name in files:
        assert (again / name).read_bytes() == (later / name).read_bytes(), name
    assert "DTSTAMP:20261019T040000Z" in (new_york / "out" / "calendar.ics").read_text(encoding="utf-8")
    text = (again / "calendar.ics").read_text(encoding="utf-8")
    assert "UID:events-club@nyc.example.org" in text and "DTSTAMP:20261020T230000Z" in text


# -- subscriptions per event category (issue 18) ----------------------------------------
def test_each_category_ics_gives_exactly_that_categorys_occurrences_on_the_pages(example_site):
    from generator.slugs import slugify

    first, last = month_range(example_site)
    by_category: dict[str, set] = {}
    for month in (example_site / "calendar").glob("*/index.html"):
        for kind, category, start, _end, page, _href in ENTRY.findall(month.read_text(encoding="utf-8")):
            if kind == "event":
                by_category.setdefault(html.unescape(category), set()).add((kind, html.unescape(page), start))
    files = sorted((example_site / "calendar").glob("*.ics"))
    assert len(files) == len(by_category) >= 5
    for category, shown in by_category.items():
        ics = example_site / "calendar" / f"{slugify(category)}.ics"
        assert ics_entries(ics, first, last, "https://xfl.example.edu.cn/") == shown, category
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        assert str(calendar["X-WR-CALNAME"]).endswith(category)
        assert {str(e["CATEGORIES"].cats[0]) for e in calendar.walk("VEVENT")} == {category}
    whole = (example_site / "calendar.ics").read_bytes()
    for ics in files:  # the same VEVENTs, byte for byte
        for event in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", ics.read_bytes(), re.S):
            assert event in whole


def test_calendar_page_offers_each_category_with_webcal_https_and_phone_help(example_site):
    page = (example_site / "calendar" / "index.html").read_text(encoding="utf-8")
    start = page.index('id="yz-subscribe-categories"')
    box = page[start:page.index("</section>", start)]
    for ics in sorted((example_site / "calendar").glob("*.ics")):
        path = f"xfl.example.edu.cn/calendar/{ics.name}"
        assert f'href="webcal://{path}"' in box and f'href="https://{path}"' in box, ics.name
        assert f'href="{ics.name}" download' in box
    assert "<span class=\"yz-subscribe-categories__name\">党建活动</span>" in box
    assert "iPhone" in box and "安卓" in box and "微信里打开的页面不能订阅" in box


def test_event_page_offers_its_categorys_subscription_beside_its_own_ics(example_site):
    page = (example_site / "events" / "zhuti-dangri" / "index.html").read_text(encoding="utf-8")
    actions = re.search(r'<p class="yz-actions">.*?</p>', page, re.S).group(0)
    assert 'class="md-button yz-ics" href="zhuti-dangri.ics"' in actions
    assert ('<a class="md-button yz-ics-category" href="webcal://xfl.example.edu.cn/calendar/dang-jian-huo-dong.ics">'
            "订阅“党建活动”类活动</a>") in actions


def test_without_site_url_category_calendars_are_downloads(site, tmp_path):
    from tests.conftest import build_tree

    site.write("site_config.yml", site.config.read_text(encoding="utf-8").replace("site_url: https://test.example.edu.cn/\n", ""))
    site.item("events/a.md", EVENT + "start: 2026-11-25 19:00\ncategory: 学业帮扶")
    files = build_tree(site, tmp_path / "out")
    assert "calendar/xue-ye-bang-fu.ics" in files
    assert 'href="../../calendar/xue-ye-bang-fu.ics">订阅“学业帮扶”类活动' in files["events/a/index.html"].decode()
    assert "webcal://" not in files["calendar/index.html"].decode()
