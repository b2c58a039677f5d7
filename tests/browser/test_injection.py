"""A script payload in every text field of every kind and of site_config.yml: no page of
any type runs it, on http:// or file:// (issue 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.browser.conftest import open_context, serve_folder
from tests.conftest import TODAY, SiteDir
from tests.pagetypes import one_of_each_type

PAYLOAD = "<img src=x onerror=alert(1)></script><script>alert(2)</script>\"'><svg onload=alert(3)>"


def q(text: str) -> str:
    """`text` as a YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


P = q(PAYLOAD)
CONFIG = f"""\
site_name: {q("社区" + PAYLOAD)}
site_url: https://test.example.edu.cn/
description: {q("简介" + PAYLOAD)}
organization: {q("学院" + PAYLOAD)}
timezone: Asia/Shanghai
categories:
  events: [{q("党建" + PAYLOAD)}]
  services: [{q("生活" + PAYLOAD)}]
  policies: [{q("奖助" + PAYLOAD)}]
audiences: [{q("全体" + PAYLOAD)}, {P}]
"""
COMMON = f"summary: {P}\ntags: [{q('标签' + PAYLOAD)}]\n"
ITEMS = {
    "notices/a.md": f"title: {q('通知' + PAYLOAD)}\ndate: 2026-11-20\naudience: [{P}]\npinned: true\nexpires: 2026-12-31",
    "events/a.md": (f"title: {q('活动' + PAYLOAD)}\nstart: 2026-11-25 19:00\nend: 2026-11-25 21:00\n"
                    f"location: {P}\norganizer: {P}\ncategory: {q('党建' + PAYLOAD)}\n"
                    f"registration: https://x.example.edu.cn/?a=%3Cscript%3E"),
    "lessons/a.md": (f"title: {q('党课' + PAYLOAD)}\ndate: 2026-11-24\ntime: '19:00'\nspeaker: {P}\n"
                     f"series: {P}\nlocation: {P}\nreadings: [{P}]"),
    "figures/a.md": (f"title: {q('人物' + PAYLOAD)}\nrole: {P}\nquote: {P}\nconsent: true\nyear: 2026\n"
                     f"honors: [{P}]"),
    "services/a.md": (f"title: {q('服务' + PAYLOAD)}\ncategory: {q('生活' + PAYLOAD)}\nlocation: {P}\n"
                      f"provider: {P}\ncontact: {{phone: {P}, email: {P}, qq: {P}, wechat: {P}}}\n"
                      f"hours: [{{days: [mon, tue, wed, thu, fri], open: '08:00', close: '17:00'}}]\n"
                      f"hours_note: {P}\nsteps: [{P}]\nmaterials: [{P}]"),
    "policies/a.md": (f"title: {q('政策' + PAYLOAD)}\ncategory: {q('奖助' + PAYLOAD)}\nreviewed: 2026-11-01\n"
                      f"issued_by: {P}\napplies_to: [{P}]\nsteps: [{P}]\nmaterials: [{P}]\n"
                      f"deadlines: [{{date: 2026-12-20, title: {P}}}]\nsource: {{title: {P}}}"),
    "pages/a.md": f"title: {q('关于' + PAYLOAD)}",
    # issue 18: a title ending the JSON-LD's script element (and the chooser on the notices' pages)
    "notices/b.md": f"title: {q('</script><script>alert(1)</script>')}\ndate: 2026-11-21\naudience: [{P}]",
}
KIND_FOLDERS = {path.split("/")[0] for path in ITEMS}
BODY = f"第一段。\n\n{PAYLOAD}\n\n[点我](javascript:alert(4))\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.build import BuildOptions, build

    site = SiteDir(tmp_path_factory.mktemp("hostile") / "site")
    site.write("site_config.yml", CONFIG)
    for path, front in ITEMS.items():
        site.item(path, COMMON + front, BODY)
    out = site.root / "out"
    build(BuildOptions(config_path=site.config, out=out, today=TODAY, posters=False))
    return out


@pytest.fixture(scope="module")
def hostile_served(hostile_site: Path) -> Iterator[str]:
    with serve_folder(hostile_site) as url:
        yield url


@pytest.mark.parametrize("where", ["http", "file"])
def test_no_payload_runs_on_any_page_type(browser, hostile_site: Path, hostile_served: str, where: str) -> None:
    pages = one_of_each_type(hostile_site)
    assert {p.relative_to(hostile_site).parts[0] for p in pages} >= {
        "index.html", "notices", "events", "lessons", "figures", "services", "policies", "pages", "calendar", "tags"}
    context = open_context(browser)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in pages:
        relative = path.relative_to(hostile_site).as_posix()
        page.goto(hostile_served + relative if where == "http" else path.as_uri())
        page.wait_for_load_state("load")
        planted = page.evaluate("""() => document.querySelectorAll(
            '[onerror], [onload], [onclick], a[href^="javascript" i], svg[onload]').length""")
        assert planted == 0, relative
        if relative.split("/")[0] in KIND_FOLDERS and relative.count("/") == 2:  # an item's page
            assert PAYLOAD[:20] in page.locator("body").inner_text(), relative  # shown as text
    page.goto(hostile_served if where == "http" else (hostile_site / "index.html").as_uri())
    page.fill(".yz-search__input", "通知")
    page.wait_for_selector(".yz-search__results .yz-result")
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_title_that_ends_the_script_element_stays_text(browser, hostile_site: Path, hostile_served: str,
                                                           where: str) -> None:
    """Issue 18: `</script><script>alert(1)</script>` as a title is the JSON-LD's text, and
    the chooser, folding a notice whose audience is a payload, runs nothing either."""
    context = open_context(browser)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("notices/b/index.html", "notices/index.html", "index.html"):
        page.goto(hostile_served + path if where == "http" else (hostile_site / path).as_uri())
        page.wait_for_load_state("load")
        graphs = page.evaluate("""() => [...document.querySelectorAll('script[type="application/ld+json"]')]
            .map(s => JSON.parse(s.textContent)['@graph'])""")
        assert len(graphs) == 1, path
        if path == "notices/b/index.html":
            assert graphs[0][0]["name"] == "</script><script>alert(1)</script>"
            assert page.locator("h1.yz-title").inner_text().startswith("</script><script>alert(1)</script>")
        else:
            chooser = page.locator("[data-audience-chooser]")
            chooser.locator("input").first.check()   # the payload audience: its notices shown
            assert page.locator(".yz-card--notices").first.is_visible()
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []
