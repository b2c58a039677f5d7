"""Search in a real browser: the query set, the header and home boxes, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.search import local_size, requests_after_load

from generator.build import BuildOptions, build, load_site
from generator.problems import Report
from tests.browser.conftest import open_context, serve_folder
from tests.conftest import REPO, TODAY, SiteDir
from tests.test_search import QUERIES, _published_sources, relevant

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.fixture(scope="module")
def truth():
    site = load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report())
    sources = _published_sources(site)
    return {q: relevant(sources, q) for q in QUERIES}


def test_query_set_finds_exactly_the_pages_containing_each_query(page, served, truth):
    page.goto(served)
    for query, expected in truth.items():
        found = page.evaluate("q => yizhan.search(q)", query)
        exact = [r["exact"] for r in found]
        assert {r["url"] for r in found if r["exact"]} == expected, query
        assert exact == sorted(exact, reverse=True), query     # the pages holding the query as typed first


# Queries typed as Chinese users type them, without spaces: the words are on the pages,
# apart (专升本 … 报名; 心理咨询预约), and each query as typed is found on fewer pages or none.
SPLIT_QUERIES = {"专升本报名": ("专升本", "报名"), "心理预约": ("心理", "预约")}


@pytest.fixture(scope="module")
def sources():
    return _published_sources(load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report()))


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("query", SPLIT_QUERIES)
def test_a_query_without_spaces_finds_the_pages_holding_each_of_its_words(page, served, built_site, sources,
                                                                            query, where):
    page.goto(served if where == "http" else (built_site / "index.html").as_uri())
    found = page.evaluate("q => yizhan.search(q)", query)
    words = SPLIT_QUERIES[query]
    every_word = set.intersection(*(relevant(sources, w) for w in words))
    assert {r["url"] for r in found} == every_word
    exact = [r["url"] for r in found if r["exact"]]
    assert set(exact) == relevant(sources, query)                # as typed: ranked first
    assert [r["url"] for r in found][:len(exact)] == exact
    titles = {r["title"] for r in found}
    if query == "专升本报名":
        assert "专升本政策解读（2027年）" in titles and found[0]["title"] == "2027年专升本考试报名准备提醒"
    else:
        assert "联系我们" in titles and "心理辅导站" in titles       # 心理咨询预约; 心理咨询需提前预约


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_box_marks_each_word_of_a_query_typed_without_spaces(page, served, built_site, where):
    page.goto(served if where == "http" else (built_site / "index.html").as_uri())
    page.fill(".yz-search__input", "专升本报名")
    results = page.locator(".yz-search__results .yz-result")
    results.first.wait_for()
    policy = results.filter(has_text="专升本政策解读")
    assert policy.count() == 1
    marks = set(policy.locator("mark").all_inner_texts())
    assert {"专升本", "报名"} <= marks
    assert "没有找到" not in page.locator(".yz-search__status").inner_text()


def test_without_a_word_segmenter_the_query_is_cut_into_pairs(browser, served):
    context = open_context(browser)
    context.add_init_script("delete Intl.Segmenter;")
    page = context.new_page()
    page.goto(served)
    assert page.evaluate("typeof Intl.Segmenter") == "undefined"
    titles = {r["title"] for r in page.evaluate("q => yizhan.search(q)", "心理预约")}
    assert {"联系我们", "心理辅导站"} <= titles
    context.close()


@pytest.mark.parametrize("query", ["心理火箭", "布丁火箭", "量子力学报名"])
def test_no_page_is_found_when_a_word_is_nowhere(page, served, query):
    page.goto(served)
    assert page.evaluate("q => yizhan.search(q)", query) == []


def test_home_box_shows_title_type_snippet_with_highlight_and_links(page, served, truth):
    page.goto(served)
    page.fill(".yz-search__input", "咨询")
    results = page.locator(".yz-search__results .yz-result")
    results.first.wait_for()
    status = page.locator(".yz-search__status").inner_text()
    shown = results.count()
    assert shown == min(10, len(truth["咨询"]))
    assert status == f"找到 {len(truth['咨询'])} 个结果" or status.startswith(f"已显示 {shown} 个结果")
    first = results.first
    assert first.locator(".yz-result__type").inner_text() in {"通知公告", "活动", "党课", "典型人物", "服务目录", "政策指南", "页面"}
    assert first.locator(".yz-result__title").inner_text()
    assert "咨询" in first.locator(".yz-result__snippet mark").first.inner_text()
    # everything shown, after "more"
    while page.locator(".yz-result-more button").count():
        page.click(".yz-result-more button")
        page.wait_for_timeout(100)
    hrefs = page.eval_on_selector_all(".yz-search__results a", "els => els.map(a => a.getAttribute('href'))")
    assert {h.removeprefix(served) for h in hrefs} == truth["咨询"]
    text = page.locator(".yz-search__panel").inner_text()
    assert not any(ch in text for ch in ZERO_WIDTH)
    page.locator(".yz-search__results").get_by_role("heading", name="心理辅导站", exact=True).click()
    page.wait_for_load_state()
    assert page.url == served + "services/xinli-fudaozhan/"


def test_header_box_searches_with_material_styles(page, served):
    page.goto(served + "events/")
    page.fill(".md-header .md-search__input", "专升本政策")
    result = page.locator(".md-search-result__list .yz-result").first
    result.wait_for()
    assert page.locator("#__search").is_checked()        # Material's dialog is open
    assert "专升本政策解读" in result.locator(".yz-result__title").inner_text()
    assert result.locator(".yz-result__title mark").first.inner_text() == "专升本政策"
    with page.expect_navigation():
        page.keyboard.press("Enter")                      # Enter opens the first result
    assert page.url == served + "policies/zhuan-sheng-ben-zheng-ce-jie-du/"


def test_unknown_words_say_nothing_was_found(page, served):
    page.goto(served)
    page.fill(".yz-search__input", "量子力学")
    page.wait_for_function("document.querySelector('.yz-search__status').textContent.includes('没有找到')")
    assert page.locator(".yz-search__results .yz-result").count() == 0


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> str:
    """A site whose titles and bodies carry markup and zero-width characters, served."""
    root = SiteDir(tmp_path_factory.mktemp("hostile") / "site")
    root.item("notices/a.md", """\
        title: "<script>window.__pwned = 1</script>心理\u200b咨询<img src=x onerror=window.__pwned=2>"
        date: 2026-11-20
    """, body="咨询正文 <b>粗</b> &lt;script&gt;window.__pwned=3&lt;/script&gt; 以及 </script>。\n")
    out = root.root / "out"
    build(BuildOptions(config_path=root.config, out=out, today=TODAY, posters=False))
    with serve_folder(out) as url:
        yield url


def test_markup_in_titles_is_shown_as_text_and_never_runs(page, hostile_site):
    page.goto(hostile_site)
    page.fill(".yz-search__input", "心理咨询")
    title = page.locator(".yz-search__results .yz-result__title").first
    title.wait_for()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".yz-search__results script, .yz-search__results img").count() == 0
    text = title.inner_text()
    assert text == "<script>window.__pwned = 1</script>心理咨询<img src=x onerror=window.__pwned=2>"
    assert title.locator("mark").inner_text() == "心理咨询"


# A first query on a generated 2,000-item site loads this much at most after the page's load
# event (the page list used to be in search/meta.js: 154 kB at 2,000 items before a result).
FIRST_QUERY_LIMIT = 150_000
SCALE_QUERIES = ["心理咨询", "幸福里3号楼", "专升本报名", "茶"]


def _chunk_titles(out: Path, url: str) -> list[str]:
    """The titles in a text chunk file the browser loaded."""
    text = (out / re.search(r"(search/.*)$", url).group(1)).read_text(encoding="utf-8")
    return [page[1] for page in json.loads(text[text.index(",[") + 1:-3].replace("<\\/", "</"))]


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_first_query_at_2000_items_loads_the_pages_it_shows_and_little_else(browser, corpus_2000, built_site, where):
    assert (corpus_2000 / "search/meta.js").stat().st_size <= (built_site / "search/meta.js").stat().st_size + 8
    with serve_folder(corpus_2000) as url:
        base = url if where == "http" else corpus_2000.as_uri() + "/"
        for query in SCALE_QUERIES:
            context = open_context(browser, service_workers="block")
            page = context.new_page()
            loaded = requests_after_load(page)
            page.goto(base + ("index.html" if where == "file" else ""), wait_until="load")
            page.fill(".yz-search__input", query)
            results = page.locator(".yz-search__results .yz-result")
            results.first.wait_for()
            shown = results.locator(".yz-result__title").all_inner_texts()
            assert 1 <= len(shown) <= 10 and page.locator(".yz-search__status").inner_text().startswith(("已显示", "找到"))
            transfer = sum(local_size(corpus_2000, base, u) for u in set(loaded))
            assert transfer <= FIRST_QUERY_LIMIT, (query, transfer, loaded)
            chunks = [u for u in loaded if re.search(r"/search/\w+/t\d+\.js$", u)]
            assert len(chunks) <= len(shown)             # the pages of the results shown, no others
            titles = [t for u in chunks for t in _chunk_titles(corpus_2000, u)]
            assert set(shown) <= set(titles), query      # their titles came from those chunks
            context.close()
