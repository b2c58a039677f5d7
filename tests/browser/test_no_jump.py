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
