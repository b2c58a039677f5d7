"""The corridor screen (kiosk/index.html) in Chromium with Playwright's clock: rotation and
its URL options, a notice expiring during a run, midnight, 进行中, any screen without
scrollbars and with big text, QR codes that scan, file://, a new build picked up without
a touch, no request leaving the site, and a DOM that does not grow over thousands of slides."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from tests.browser.conftest import open_context, serve_folder
from tests.browser.test_accessibility import run_axe
from tests.conftest import REPO, TODAY

SITE_URL = "https://xfl.example.edu.cn/"
SIZES = [(1920, 1080), (1080, 1920), (1366, 768)]
SHOWN = """() => { const s = document.querySelector('.k-slide:not([hidden])');
  return [s.dataset.kind, (s.querySelector('.k-title') || {}).textContent || ''] }"""
# Elements of the page, but not the version check's <script>, which comes and goes with its
# request (one in flight when counted made this test fail now and then).
NODES = """() => { let n = 0; const w = document.createTreeWalker(document, NodeFilter.SHOW_ELEMENT);
  while (w.nextNode()) if (!(w.currentNode.tagName === 'SCRIPT' && /version\\.js/.test(w.currentNode.src))) n++;
  return n }"""
PROBES = "() => document.querySelectorAll('script[src*=\"version.js\"]').length"


GAP_ABOVE_SIDE = """() => { const slide = document.querySelector('.k-slide:not([hidden])');
  const side = slide.querySelector('.k-side'), main = slide.querySelector('.k-main');
  const bottoms = [...main.querySelectorAll('*')].filter(e => e.checkVisibility())
    .map(e => e.getBoundingClientRect().bottom);
  return side ? side.getBoundingClientRect().top - Math.max(...bottoms) : 0 }"""


def shown(page) -> tuple[str, str]:
    return tuple(page.evaluate(SHOWN))  # type: ignore[return-value]


def one_round(page, most: int = 40) -> list[tuple[str, str]]:
    """The slides from the one shown now until it comes round again."""
    first = shown(page)
    seen = [first]
    for _ in range(most):
        page.evaluate("window.yizhanKiosk.next()")
        if shown(page) == first:
            break
        seen.append(shown(page))
    return seen


def kiosk(browser, base: str, query: str = "", at: str | None = None, **options):
    context = open_context(browser, **({"at": at} if at else {}), **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "kiosk/" + (f"index.html{query}" if base.startswith("file:") else query))
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


def test_the_slides_rotate_by_themselves_with_the_url_options(browser, served):
    context, page = kiosk(browser, served, "?seconds=5")
    try:
        seen = []
        for _ in range(120):                 # five minutes: two rounds and more
            seen.append(shown(page))
            page.clock.run_for(2_500)
        kinds = {kind for kind, _ in seen}
        assert {"notices", "events", "services", "figures", "week"} <= kinds
        assert "welcome" not in kinds          # only when nothing else is due
        assert page.errors == []
    finally:
        context.close()

    context, page = kiosk(browser, served, "?only=notices,events")
    try:
        slides = one_round(page)
        assert {kind for kind, _ in slides} == {"notices", "events"}
        notices = [title for kind, title in slides if kind == "notices"]
        assert notices[:2] == ["期末考试周社区自习室延长开放", "2026—2027学年国家奖助学金评审工作安排"]  # pinned first
        assert "幸福里3号楼热水系统检修临时停水通知" not in notices   # expired on 11-18
        assert "寒假离校前宿舍安全检查安排" not in notices             # dated 2027-01-08: not yet
    finally:
        context.close()

    context, page = kiosk(browser, served, "?only=figures&seconds=8")   # one figure a round: each in turn
    try:
        first = shown(page)
        page.clock.run_for(7_000)
        assert shown(page) == first
        page.clock.run_for(2_000)
        assert shown(page) != first and shown(page)[0] == "figures"
    finally:
        context.close()


def test_a_long_notice_is_cut_and_stays_longer(browser, served):
    context, page = kiosk(browser, served, "?only=notices&seconds=5", viewport={"width": 1920, "height": 1080})
    try:
        assert shown(page)[1] == "期末考试周社区自习室延长开放"
        slide = page.locator(".k-slide:not([hidden])")
        assert slide.get_attribute("data-weight") == "2"
        assert slide.locator(".k-more").inner_text() == "扫码查看全文"
        page.clock.run_for(8_000)
        assert shown(page)[1] == "期末考试周社区自习室延长开放"
        page.clock.run_for(3_000)
        assert shown(page)[1] != "期末考试周社区自习室延长开放"
    finally:
        context.close()


def test_a_notice_expiring_during_the_run_drops_out_and_the_day_moves_at_midnight(browser, served):
    gone = "第六期学生干部成长训练营开始招募"     # expires 2026-11-30
    context, page = kiosk(browser, served, "?only=notices,week&seconds=3", at="2026-11-30T23:58:00+08:00")
    try:
        before = one_round(page)
        assert gone in [title for _, title in before]
        assert page.locator("[data-date]").first.inner_text() == "2026年11月30日 周一"
        week = page.locator(".k-slide[data-week='2026-11-30'] .k-day.is-today")
        page.clock.run_for(3 * 60_000)           # past midnight, rotating all the while
        assert page.locator("[data-date]").first.inner_text() == "2026年12月1日 周二"
        assert page.locator("[data-clock]").inner_text() == "00:01"
        after = one_round(page)
        assert gone not in [title for _, title in after]
        assert [kind for kind, _ in after].count("week") == 1
        page.evaluate("""() => { while (document.querySelector('.k-slide:not([hidden])').dataset.kind !== 'week')
                                   window.yizhanKiosk.next(); }""")
        assert week.get_attribute("data-date") == "2026-12-01"
        assert page.errors == []
    finally:
        context.close()

    # Sunday night → Monday: the week at a glance is the new week's
    context, page = kiosk(browser, served, "?only=week", at="2026-11-29T23:59:00+08:00")
    try:
        assert page.locator(".k-slide:not([hidden])").get_attribute("data-week") == "2026-11-23"
        page.clock.run_for(2 * 60_000)
        assert page.locator(".k-slide:not([hidden])").get_attribute("data-week") == "2026-11-30"
    finally:
        context.close()


def test_what_is_on_now_is_marked_and_ends(browser, served):
    """每周学业门诊: Tuesdays and Thursdays 19:00–21:00."""
    context, page = kiosk(browser, served, "?only=events", at="2026-11-24T18:50:00+08:00")
    try:
        def clinic():
            page.evaluate("""() => { for (let i = 0; i < 50 && document.querySelector('.k-slide:not([hidden]) .k-title')
                                       .textContent !== '每周学业门诊'; i++) window.yizhanKiosk.next(); }""")
            slide = page.locator(".k-slide:not([hidden])")
            return (slide.locator("[data-live]").is_visible(), slide.locator("[data-day]").inner_text(),
                    slide.locator("[data-when]").inner_text())
        assert clinic() == (False, "今天", "11月24日（周二）19:00–21:00")
        assert shown(page)[1] == "每周学业门诊" and one_round(page)[0][1] == "每周学业门诊"  # today's first
        page.clock.run_for(20 * 60_000)
        assert clinic()[0] is True
        page.clock.run_for(2 * 3600_000)    # 21:10: over; the next is Thursday's
        assert clinic() == (False, "本周 周四", "11月26日（周四）19:00–21:00")
    finally:
        context.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_every_slide_fits_any_screen_with_big_text(browser, served, width, height, tmp_path):
    context, page = kiosk(browser, served, viewport={"width": width, "height": height})
    try:
        for kind, title in one_round(page):
            overflow = page.evaluate("""() => { const d = document.documentElement;
                return [d.scrollWidth - d.clientWidth, d.scrollHeight - d.clientHeight,
                        document.body.scrollHeight - document.body.clientHeight] }""")
            assert overflow == [0, 0, 0], (kind, title)
            smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
                    '.k-slide:not([hidden]) *, .k-top *')].filter(e => e.checkVisibility() &&
                    [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
            if min(width, height) == 1080:
                assert smallest >= 28, (kind, title, smallest)
            if height > width and kind != "week":   # a tall screen: the QR code stays by the text
                gap = page.evaluate(GAP_ABOVE_SIDE)
                assert gap < 0.12 * height, (kind, title, gap)
            page.evaluate("window.yizhanKiosk.next()")
        if (width, height) != (1366, 768):
            page.screenshot(path=str(tmp_path / f"kiosk-{width}x{height}.png"))
    finally:
        context.close()


def test_each_kind_of_slide_has_no_accessibility_violations(browser, served):
    axe = (REPO / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
    context, page = kiosk(browser, served)
    try:
        found = {}
        for kind, title in one_round(page):
            if kind not in found:
                found[kind] = [v["id"] for v in run_axe(page, axe)["violations"]]
            page.evaluate("window.yizhanKiosk.next()")
        assert set(found) >= {"notices", "events", "services", "figures", "week"}
        assert all(v == [] for v in found.values()), found
    finally:
        context.close()


def test_the_qr_code_on_screen_scans_to_the_page(browser, served, tmp_path):
    context, page = kiosk(browser, served, "?only=events", viewport={"width": 1920, "height": 1080})
    try:
        title = shown(page)[1]
        picture = tmp_path / "screen.png"
        page.screenshot(path=str(picture))
        scanned = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True, check=True)
        assert scanned.stdout.strip() == SITE_URL + "events/xueye-menzhen/", title
    finally:
        context.close()


def test_it_runs_from_file_urls(browser, built_site):
    context, page = kiosk(browser, built_site.as_uri() + "/")
    try:
        kinds = set()
        for _ in range(30):
            kinds.add(shown(page)[0])
            page.clock.run_for(24_000)
        assert {"notices", "events", "week"} <= kinds
        page.clock.run_for(6 * 60_000)          # the version check, on file:// too
        assert page.evaluate("document.querySelectorAll('script[src*=version]').length") == 0
        assert page.errors == []
    finally:
        context.close()


def test_nothing_it_loads_leaves_the_site(browser, served):
    context, page = kiosk(browser, served)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.reload()
        for _ in range(30):
            page.clock.run_for(12_000)
        page.clock.run_for(6 * 60_000)      # the version check too
        assert any("kiosk/version.js" in url for url in requested)
        assert [url for url in requested if not url.startswith(served)] == []
    finally:
        context.close()


def test_the_page_does_not_grow_over_thousands_of_slides(browser, served):
    context, page = kiosk(browser, served, "?seconds=2")
    try:
        page.clock.run_for(60_000)
        before = page.evaluate(NODES)
        page.evaluate("""() => { window.kioskChanges = 0;
            new MutationObserver(records => { window.kioskChanges += records.filter(r => !r.target.hidden).length })
              .observe(document.querySelector('.k-stage'), {attributes: true, subtree: true, attributeFilter: ['hidden']}) }""")
        for _ in range(10):
            page.clock.run_for(36 * 60_000)   # 6 hours in all: thousands of slides
        changes = page.evaluate("window.kioskChanges")
        assert changes > 2000
        assert page.evaluate(NODES) == before
        assert page.evaluate(PROBES) <= 1    # each version check's script is removed again
        assert page.errors == []
    finally:
        context.close()


def test_a_new_build_is_shown_within_ten_minutes_without_a_touch(browser, example_copy, tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(config_path=example_copy / "site_config.yml", out=out, today=TODAY, posters=False))
    with serve_folder(out) as base:
        context, page = kiosk(browser, base, "?only=notices&seconds=5")
        _picks_up_a_new_build(page, context, example_copy, out)


def _picks_up_a_new_build(page, context, example_copy: Path, out: Path) -> None:
    try:
        assert "新的停水通知" not in page.content()
        notice = example_copy / "content/notices/期末考试周自习室延长开放.md"
        notice.write_text(notice.read_text(encoding="utf-8").replace(
            "title: 期末考试周社区自习室延长开放", "title: 新的停水通知"), encoding="utf-8")
        build(BuildOptions(config_path=example_copy / "site_config.yml", out=out, today=TODAY, posters=False))
        for _ in range(10 * 6):                      # ten minutes, ten seconds at a time
            page.clock.run_for(10_000)
            if page.locator(".k-title", has_text="新的停水通知").count():
                break
        page.wait_for_load_state("load")
        assert page.locator(".k-title", has_text="新的停水通知").count() == 1
        assert page.locator(".k-title", has_text="期末考试周社区自习室延长开放").count() == 0
    finally:
        context.close()
