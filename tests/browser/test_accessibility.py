"""axe-core (npm, installed by .ci/setup) in Chromium: no WCAG 2.1 A/AA violations on any
page type of the example site (the largest page of each type: home, lists, items, tags,
calendar months, 404 …)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.pagetypes import one_of_each_type

AXE = REPO / "node_modules/axe-core/axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `bash .ci/setup`")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, axe_source: str) -> dict:
    page.add_script_tag(content=axe_source)
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)


# Material makes a scrolling code block focusable once it has measured it (a moment after load).
_SETTLED = "() => [...document.querySelectorAll('pre > code')].every(e => e.scrollWidth <= e.clientWidth || e.tabIndex === 0)"


def violations(page, url: str, axe_source: str) -> list[str]:
    page.goto(url, wait_until="load")
    page.wait_for_function(_SETTLED, timeout=5000)
    result = run_axe(page, axe_source)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
                f"    {n['target']}: {n['failureSummary'].splitlines()[-1].strip()}" for n in v["nodes"][:5])
            for v in result["violations"]]


def test_no_wcag_violations_on_any_page_type(built_site, served, page, axe_source):
    pages = one_of_each_type(built_site)
    assert len(pages) >= 15
    found = {}
    for path in pages:
        relative = path.relative_to(built_site).as_posix()
        url = served + (relative[:-len("index.html")] if relative.endswith("index.html") else relative)
        problems = violations(page, url, axe_source)
        if problems:
            found[relative] = problems
    assert not found, "\n".join(f"{page}:\n  " + "\n  ".join(p) for page, p in found.items())


def test_axe_reports_a_violation_it_should(page, served, axe_source):
    """The gate can fail: an image without alt text and grey-on-white text are caught."""
    page.goto(served)
    page.evaluate("""() => { document.querySelector('article').insertAdjacentHTML('afterbegin',
        '<img src="x.png"><p style="color:#bbb;background:#fff">浅灰色的字</p>'); }""")
    result = run_axe(page, axe_source)
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in result["violations"]}
