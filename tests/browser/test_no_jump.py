"""Nothing jumps while a page loads (issue 21): a layout shift is the text moving under the
reader's finger. The audience chooser, the 正在开放 line of a service and an event's cover
used to appear late and push what was below them down (Lighthouse's cumulative layout shift)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_context

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SHIFTS = """new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1000);
})"""


@pytest.mark.parametrize("path, shown", [
    ("", "[data-audience-chooser]"),
    ("notices/", "[data-audience-chooser]"),
    ("services/xinli-fudaozhan/", ".yz-open--lead"),
    ("events/shequ-gongzuo-jiaoliuri/", ".yz-cover"),
])
def test_nothing_jumps_while_the_page_loads(browser, served: str, path: str, shown: str) -> None:
    context = open_context(browser, **PHONE)
    page = context.new_page()
    page.goto(served + path)
    page.locator(shown).first.wait_for()
    assert page.evaluate(SHIFTS) == 0
    context.close()


def test_a_figure_page_does_not_jump_when_the_photo_arrives_late(browser, served: str) -> None:
    """On a phone the profile's photo sits beside long text: before it arrived the flex row
    shrank it, and when it came it grew and pushed the story down (1 Lighthouse run in 5)."""
    context = open_context(browser, **PHONE)
    page = context.new_page()
    held = []
    page.route("**/*.jpg", lambda route: held.append(route))
    page.goto(served + "figures/lin-xiaowen/", wait_until="domcontentloaded")
    page.wait_for_timeout(200)
    assert held, "the photo was not requested"
    photo, story = page.locator(".yz-profile__photo"), page.locator(".yz-body")
    before = (photo.bounding_box(), story.bounding_box()["y"])
    for route in held:
        route.continue_()
    page.wait_for_function("document.querySelector('.yz-profile__photo').complete")
    after = (photo.bounding_box(), story.bounding_box()["y"])
    assert after == before
    assert after[0]["width"] >= 150, "the photo is shown at its size (8rem)"
    context.close()
