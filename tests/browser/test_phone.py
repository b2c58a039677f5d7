"""On a phone (390×844), and on a desktop where it matters: the menu behind ☰ on every page
type, contacts to call, write to or copy, the 404 page with a way back, and the small
things of issue 13 (no empty facts bar, days written compactly)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import Iterator

import pytest

from tests.browser.conftest import open_context
from tests.conftest import local_server
from tests.pagetypes import one_of_each_type

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SECTIONS = ["首页", "通知公告", "活动", "日历", "党课", "典型人物", "服务目录", "政策指南"]
MISSING = "notices/does-not-exist/"   # a deep address: relative asset paths would break here


class _SiteWith404(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a web server configured for it does: 404.html for a missing path."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def served_404(built_site: Path) -> Iterator[str]:
    with local_server(functools.partial(_SiteWith404, directory=str(built_site))) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = open_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def drawer_sections(page) -> list[str]:
    """Opens ☰ and returns the names of the links it shows (visible to the reader)."""
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)  # the drawer slides in
    return page.evaluate("""() => [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')]
        .filter(a => { const r = a.getBoundingClientRect();
                       return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth; })
        .map(a => a.textContent.trim())""")


def _url(base: str, built_site: Path, path: Path) -> str:
    relative = path.relative_to(built_site).as_posix()
    return base + relative.removesuffix("index.html")


def test_the_drawer_lists_the_sections_on_every_page_type(phone, built_site, served_404):
    pages = [_url(served_404, built_site, p) for p in one_of_each_type(built_site)
             if p.name != "404.html" and p.parent.name not in ("kiosk", "posters")]
    # the corridor screen and the posters' own page (for staff, with a link home) have no navigation
    pages.append(served_404 + MISSING)
    assert len(pages) >= 15
    missing = {}
    for url in pages:
        phone.goto(url, wait_until="load")
        shown = drawer_sections(phone)
        if not set(SECTIONS) <= set(shown):
            missing[url] = sorted(set(SECTIONS) - set(shown))
    assert not missing, missing


@pytest.mark.parametrize("path", ["index.html", "services/index.html", "figures/lin-xiaowen/index.html"])
def test_the_drawer_lists_the_sections_on_file(phone, file_copy, path):
    phone.goto(file_copy.joinpath(path).as_uri(), wait_until="load")
    assert set(SECTIONS) <= set(drawer_sections(phone))
    phone.locator(".md-sidebar--primary .md-nav__link", has_text="服务目录").first.click()
    phone.wait_for_load_state()
    assert phone.url == file_copy.joinpath("services/index.html").as_uri()


def test_on_a_desktop_the_home_page_keeps_its_width(browser, served):
    context = open_context(browser, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(served, wait_until="load")
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert page.locator(".md-tabs").get_by_role("link", name="服务目录").is_visible()
        hero = page.locator(".yz-hero").bounding_box()
        assert hero["width"] > 1000
        page.goto(served + "notices/", wait_until="load")   # other pages keep their sidebar
        assert page.locator(".md-sidebar--primary").is_visible()
    finally:
        context.close()


# -- contacts ---------------------------------------------------------------------------

def test_a_service_phone_and_email_are_links(phone, served):
    phone.goto(served + "services/xueye-menzhen/", wait_until="load")
    facts = phone.locator(".yz-facts")
    call = facts.get_by_role("link", name="0573-8000 1231")
    assert call.get_attribute("href") == "tel:057380001231"
    write = facts.get_by_role("link", name="xueye@example.edu.cn")
    assert write.get_attribute("href") == "mailto:xueye@example.edu.cn"


@pytest.mark.parametrize("where", ["http", "file"])
def test_qq_and_wechat_are_copied_with_one_tap(browser, served, file_copy, where):
    context = open_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])   # to read back what was copied
    if where == "http":
        url = served + "services/gongchengshi-zhiyuan-fuwuzhan/"
    else:
        url = file_copy.joinpath("services/gongchengshi-zhiyuan-fuwuzhan/index.html").as_uri()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url, wait_until="load")
        qq = page.get_by_role("button", name="复制QQ号")
        wechat = page.get_by_role("button", name="复制微信号")
        assert qq.is_visible() and wechat.is_visible() and qq.inner_text() == "复制"
        assert qq.bounding_box()["height"] >= 24                        # a finger can hit it
        wechat.tap()
        page.wait_for_function("() => document.querySelector('.yz-copy[aria-label=\"复制微信号\"]').textContent !== '复制'")
        said = wechat.inner_text()
        assert said in ("已复制", "请手动复制")
        if said == "已复制":
            assert page.evaluate("navigator.clipboard.readText()") == "xfl-gongchengshi"
        else:  # the id is selected for the reader to copy
            assert page.evaluate("String(getSelection())") == "xfl-gongchengshi"
        if where == "http":
            assert said == "已复制"
        assert page.get_by_role("status").filter(has_text="复制").count() == 1
    finally:
        context.close()
    assert errors == []


def test_without_a_clipboard_the_id_is_selected_to_copy_by_hand(browser, served):
    context = open_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script("""Object.defineProperty(navigator, 'clipboard', {value: undefined});
        document.execCommand = () => false;""")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(served + "services/xueye-menzhen/", wait_until="load")
        button = page.get_by_role("button", name="复制QQ号")
        button.tap()
        assert button.inner_text() == "请手动复制"
        assert page.evaluate("String(getSelection())") == "612003451"
    finally:
        context.close()
    assert errors == []


def test_without_javascript_no_copy_button_is_shown(browser, served):
    context = open_context(browser, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served + "services/xueye-menzhen/")
        assert page.locator(".yz-copy").count() == 1 and not page.locator(".yz-copy").is_visible()
        assert page.locator(".yz-facts").get_by_text("612003451").is_visible()
    finally:
        context.close()


def test_registration_is_a_button_never_a_bare_address(phone, served):
    address = "https://xfl.example.edu.cn/baoming/itjie-2026"
    for path in ("", "events/", "calendar/", "events/it-jineng-wenhuajie/"):
        phone.goto(served + path, wait_until="load")
        assert phone.get_by_text("xfl.example.edu.cn/baoming").count() == 0, path
    button = phone.get_by_role("link", name="报名参加")
    assert button.get_attribute("href") == address and "md-button" in button.get_attribute("class")
    assert button.is_visible()


# -- 404 --------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_missing_address_shows_a_chinese_404_with_a_way_back(browser, served_404, viewport):
    context = open_context(browser, viewport=viewport)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url != served_404 + MISSING else None)
    try:
        response = page.goto(served_404 + MISSING, wait_until="load")
        assert response.status == 404
        assert page.title() == "页面不存在 - 幸福里学生社区"
        assert page.get_by_role("heading", level=1).inner_text() == "页面不存在"
        assert "Not found" not in page.content()
        assert failed == []                                     # styles and scripts, from a deep address
        # the search box of the page, results linking into the site
        page.get_by_label("搜一搜你要找的内容").fill("心理咨询")
        result = page.locator(".yz-search__results").get_by_role("heading", name="心理辅导站", exact=True)
        result.click()
        page.wait_for_load_state()
        assert page.url == served_404 + "services/xinli-fudaozhan/"
        # and home
        page.goto(served_404 + MISSING, wait_until="load")
        page.get_by_role("link", name="返回首页").click()
        page.wait_for_load_state()
        assert page.url == served_404 and page.locator(".yz-hero").is_visible()
    finally:
        context.close()


# -- smaller ----------------------------------------------------------------------------

def test_a_figure_without_facts_has_no_empty_facts_bar(phone, served):
    phone.goto(served + "figures/lin-xiaowen/", wait_until="load")
    assert phone.locator(".yz-facts").count() == 0
    phone.goto(served + "services/xueye-menzhen/", wait_until="load")
    assert phone.locator(".yz-facts").is_visible()


def test_opening_hours_name_days_compactly(phone, served):
    phone.goto(served + "services/shiwu-zhaoling/", wait_until="load")
    days = phone.locator(".yz-hours tbody td:first-child").all_inner_texts()
    assert days == ["周一至周五", "周一至周五", "周一、周三、周五"]


def test_the_home_pages_more_links_sit_below_what_they_follow(phone, served):
    """全部通知公告 ›, 查看活动日历 … ›: never drawn over the last card or event above them
    (a margin meant for the cards once pulled the calendar link onto the last event's line)."""
    phone.goto(served)
    overlaps = phone.evaluate("""() => [...document.querySelectorAll('.yz-more')]
        .filter(p => p.offsetParent !== null)
        .map(p => { let before = p.previousElementSibling;
                    while (before && before.offsetParent === null) before = before.previousElementSibling;
                    return [p.textContent.trim(), before.getBoundingClientRect().bottom - p.getBoundingClientRect().top]; })""")
    assert len(overlaps) >= 2
    assert [text for text, overlap in overlaps if overlap > 0.5] == []


def test_each_calendar_categorys_links_share_a_line_on_a_phone(phone, served):
    """按类别订阅: a category's webcal / https / 下载 links sit on one row under its name,
    never one of them alone on the next line behind a dangling separator."""
    phone.goto(served + "calendar/")
    rows = phone.evaluate("""() => [...document.querySelectorAll('.yz-subscribe-categories__list li')].map(li =>
        [li.querySelector('.yz-subscribe-categories__name').textContent,
         [...li.querySelectorAll('a')].map(a => Math.round(a.getBoundingClientRect().top)),
         li.textContent.includes('·')])""")
    assert len(rows) >= 3
    for name, tops, separator in rows:
        assert len(tops) == 3 and len(set(tops)) == 1, name
        assert not separator, name


@pytest.mark.parametrize("event", ["shequ-gongzuo-jiaoliuri", "shuji-yuanzhang-mianduimian"])
def test_an_events_buttons_stand_apart_on_a_phone(phone, served, event):
    """报名参加, 加入我的日历, 订阅…类活动: when they wrap onto two rows they do not touch
    (they were drawn border to border, one tap away from the wrong one)."""
    phone.goto(served + f"events/{event}/")
    boxes = phone.evaluate("""() => [...document.querySelectorAll('.yz-actions .md-button')]
        .map(b => { const r = b.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(boxes) >= 2
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])
            assert apart >= 6, (a, b)
