"""我的楼栋/年级 in Chromium at a phone's size (issue 18): on http:// and file://, the
chooser folds other audiences' notices under 其他楼栋的通知（N）, keeps everyone's, and is
remembered after a reload."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import open_context

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def shown_titles(page, where: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{where} .yz-cards:not(.yz-audience-other .yz-cards) .yz-card:not([hidden]) .yz-card__title",
        "els => els.map(e => e.textContent)")


def folded_titles(page, where: str) -> list[str]:
    return page.eval_on_selector_all(f"{where} .yz-audience-other .yz-card .yz-card__title",
                                     "els => els.map(e => e.textContent)")


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("path, scope", [("index.html", ".yz-home__notices"), ("notices/index.html", ".md-content")])
def test_the_chooser_folds_other_audiences_and_is_remembered(browser, built_site: Path, served: str, where: str,
                                                             path: str, scope: str) -> None:
    url = served + path.removesuffix("index.html") if where == "http" else (built_site / path).as_uri()
    context = open_context(browser, **PHONE)
    page = context.new_page()
    page.goto(url)
    chooser = page.locator(f"{scope} [data-audience-chooser]")
    assert chooser.is_visible()
    assert page.locator(".yz-audience-other").first.is_hidden()     # nothing chosen: nothing folded
    everything = shown_titles(page, scope)
    assert any("失物招领" in t for t in everything) and any("专升本" in t for t in everything)

    chooser.get_by_label("幸福里4号楼").check()
    shown, folded = shown_titles(page, scope), folded_titles(page, scope)
    assert any("失物招领" in t for t in shown)                         # 幸福里3号楼、幸福里4号楼
    assert any("冬季学生宿舍安全检查" in t for t in shown)              # 全体住宿学生: always
    assert any("专升本" in t for t in folded) and not any("专升本" in t for t in shown)   # 2024级
    summary = page.locator(f"{scope} .yz-audience-other > summary")
    assert summary.inner_text() == f"其他楼栋的通知（{len(folded)}）"
    assert summary.is_visible() and page.locator(f"{scope} .yz-audience-other .yz-card").first.is_hidden()
    summary.click()                                                   # unfolds
    assert page.locator(f"{scope} .yz-audience-other .yz-card").first.is_visible()

    page.reload()
    assert page.locator(f"{scope} [data-audience-chooser]").get_by_label("幸福里4号楼").is_checked()
    assert folded_titles(page, scope) == folded and shown_titles(page, scope) == shown

    page.locator(f"{scope} [data-audience-chooser]").get_by_label("幸福里4号楼").uncheck()
    page.reload()
    assert shown_titles(page, scope) == everything and folded_titles(page, scope) == []
    context.close()


def test_screenshot_of_the_home_page_chooser(browser, served: str, tmp_path_factory) -> None:
    """For a person to look at (kept under the test's temporary folder)."""
    context = open_context(browser, **PHONE)
    page = context.new_page()
    page.goto(served)
    page.locator("[data-audience-chooser]").get_by_label("幸福里3号楼").check()
    page.locator(".yz-home__notices").scroll_into_view_if_needed()
    folder = tmp_path_factory.mktemp("screens")
    page.screenshot(path=str(folder / "home-chooser.png"))
    page.goto(served + "calendar/")
    page.locator("#yz-subscribe-categories").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "calendar-subscriptions.png"))
    context.close()
    print(folder)


def test_no_chooser_shown_without_scripts(browser, served: str) -> None:
    """Without scripts the boxes could do nothing: the chooser is not shown."""
    context = open_context(browser, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(served)
    assert page.locator("[data-audience-chooser]").first.is_hidden()
    assert page.locator(".yz-home__notices .yz-card").first.is_visible()
    context.close()
