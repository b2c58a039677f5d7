"""Our templates' HTML blocks skip Markdown's HTML parser, and nothing a reader sees changes."""

from __future__ import annotations

import os
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymdownx.slugs import slugify

from generator.build import BuildOptions, load_site
from generator.problems import Report
from generator.render.engine import MARKDOWN_EXTENSIONS
from generator.render.ownhtml import put_back, set_aside
from generator.render.pages import render_pages
from tests.conftest import REPO, TODAY
from tests.fuzzing import BODIES

FAKE = "<!-- yizhan-html 0123456789abcdef01234567 -->"


def _converter() -> markdown.Markdown:
    """Markdown as the engine configures it (the toc slugify given as the function)."""
    names = [e if isinstance(e, str) else "toc" for e in MARKDOWN_EXTENSIONS]
    return markdown.Markdown(extensions=names, extension_configs={
        "toc": {"permalink": "¶", "permalink_title": "本节链接", "slugify": slugify(case="lower")}})


def _content(page: str) -> str:
    """A staged page without its front matter, as MkDocs hands it to Markdown."""
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def _both_ways(md: markdown.Markdown, page: str) -> tuple[str, str, dict[str, str]]:
    blocks: dict[str, str] = {}
    direct = md.reset().convert(_content(page))
    aside = put_back(md.reset().convert(_content(set_aside(page, blocks))), blocks)
    return direct, aside, blocks


def test_every_example_page_converts_to_the_same_html():
    site = load_site(BuildOptions(REPO / "site_config.yml", today=TODAY), Report())
    md, pages, aside_chars = _converter(), render_pages(site).pages, 0
    for doc, page in pages.items():
        direct, aside, blocks = _both_ways(md, page)
        assert aside == direct, doc
        assert set_aside(page, {}).split("<!--yizhan:body-->")[0].count("yizhan-html") <= 1, doc  # one run
        aside_chars += sum(len(html) for html in blocks.values())
    assert aside_chars > 0.8 * sum(len(page) for page in pages.values())  # cards, fields, grids: no parser


PAGE = """---
title: 通知
---

<nav class="yz-crumbs" aria-label="位置"><a href="../../">首页</a></nav>

<h1 class="yz-title">通知</h1>
<dl class="yz-facts">
<div class="yz-fact"><dt>发布日期</dt><dd>2026年1月9日</dd></div>

<div class="yz-fact"><dt>面向</dt><dd>全体</dd></div>
</dl>

<!--yizhan:body-->

<div class="yz-body" markdown>

{body}

</div>

<!--/yizhan:body-->

<p class="yz-tags"><a class="yz-tag" href="../../tags/a/">#a</a></p>

<script type="application/ld+json">{{"@type":"WebPage","name":"通知"}}</script>
"""


@pytest.mark.parametrize("body", [
    f"看起来像占位符的注释：\n\n{FAKE}\n\n照原样保留。",
    '<div class="note">\n*强调* 和 **加粗**\n</div>\n\n<section markdown>\n\n*强调*\n\n</section>',
    "<!-- 没有结束的注释\n\n<p>后面的一切</p>",
    "```html\n<div>\n```",
    "```html\n<div>\n没有结束的代码块",
    '<div class="note">没有结束的 div\n\n*强调*',
    "<script>没有结束的 script",
    "<style>没有结束的 style",
    "<?php 没有结束的处理指令",
    "<![CDATA[ 没有结束的 CDATA",
])
def test_volunteer_bodies_are_left_to_markdown(body):
    page = PAGE.format(body=body)
    direct, aside, blocks = _both_ways(_converter(), page)
    assert aside == direct
    # ours before the body as one run (joined as Markdown joins raw blocks), each of ours
    # after it, nothing of it; nothing at all on a page whose body has what may run on to
    # wherever its end is (an element whose text runs to its end tag, a comment, a
    # processing instruction)
    nav = '<nav class="yz-crumbs" aria-label="位置"><a href="../../">首页</a></nav>'
    title, facts = '<h1 class="yz-title">通知</h1>', page[page.index("<dl"):page.index("</dl>") + 5]
    after = ['<p class="yz-tags"><a class="yz-tag" href="../../tags/a/">#a</a></p>',
             '<script type="application/ld+json">{"@type":"WebPage","name":"通知"}</script>']
    if any(tag in body for tag in ("<script", "<style", "<pre", "<textarea", "<!", "<?")):
        assert blocks == {}
    else:
        assert sorted(blocks.values()) == sorted([f"{nav}\n\n{title}\n{facts}", *after])
    assert body in set_aside(page, {})


_HTML_LINES = st.sampled_from(["<div>", "</div>", '<div markdown="1">', "<section markdown>", "</section>",
                               "<p>", "</p>", "<table>", "</table>", "<!--", "-->", "<?x", "?>", "<pre>", "</pre>",
                               "<details>", "</details>", "<span>", "```", "    代码", "", "- 项", "文字"])
_CONVERTER = _converter()
_BETWEEN_TAGS = re.compile(r">\s+<")
_MIXED_BODIES = st.one_of(BODIES, st.lists(st.one_of(_HTML_LINES, BODIES), max_size=10).map("\n".join)).filter(
    lambda body: not any("\ud800" <= ch <= "\udfff" for ch in body))  # a file's text has no lone surrogates


@settings(max_examples=int(os.environ.get("YIZHAN_HYPOTHESIS_EXAMPLES", 300)), deadline=None)
@given(_MIXED_BODIES)
def test_any_body_gives_the_same_page_either_way(body):
    """Whatever a volunteer's body leaves open or unbalanced, setting our blocks aside
    changes nothing a reader sees: the same HTML, but that where a body leaves an element open
    around ours, Markdown may put more or fewer line breaks between our blocks."""
    direct, aside, _ = _both_ways(_CONVERTER, PAGE.format(body=body))
    assert _BETWEEN_TAGS.sub("> <", aside) == _BETWEEN_TAGS.sub("> <", direct)


def test_a_comment_that_looks_like_a_placeholder_stays_in_the_page(site, cli, tmp_path):
    site.item("notices/x.md", "title: 通知\ndate: 2026-11-20", body=f"第一段。\n\n{FAKE}\n\n<div>\n*不是强调*\n</div>\n")
    out = tmp_path / "out"
    run = cli("build", "--config", site.config, "--out", out, "--today", TODAY, "--no-posters")
    assert run.code == 0, run.err
    html = (out / "notices" / "x" / "index.html").read_text(encoding="utf-8")
    assert FAKE in html
    assert "<div>\n*不是强调*\n</div>" in html  # raw HTML in a body: Markdown's rules, as before
    assert "yizhan-html" not in html.replace(FAKE, "")


def test_blocks_markdown_would_change_are_not_set_aside():
    for block in ('<div class="a">\tx</div>', '<div class="a">x\r</div>', '<div markdown="1">*x*</div>',
                  "<div>\n  \n</div>", "<span>inline</span>", '<div class="a">x</div> tail'):
        page = f"<h1>T</h1>\n\n{block}\n"
        blocks: dict[str, str] = {}
        assert block in set_aside(page, blocks)
        assert list(blocks.values()) == ["<h1>T</h1>"]
