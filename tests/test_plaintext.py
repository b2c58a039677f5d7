"""Text without markup (generator/plaintext.py): the summary on a card, the search index's
text (its snippets) and the text a poster or the kiosk cuts read the same words."""

from __future__ import annotations

from generator.model import Item
from generator.pipeline import BuildOptions, load_site
from generator.posters.blocks import body_blocks
from generator.problems import Report
from generator.render import search

from conftest import TODAY, SiteDir

BODY = ("**报名方式**：在 `site_config.yml` 里写 `site_url`，见<b>使用说明</b>的"
        "[第二节](https://example.edu.cn/guide)；AT&amp;T、1+1=2。\n\n第二段。\n")


def _item(site: SiteDir, body: str) -> Item:
    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20", body)
    return load_site(BuildOptions(config_path=site.config, today=TODAY), Report()).items[0]


def test_summary_search_and_poster_read_the_same_words(site: SiteDir) -> None:
    """Inline markup leaves no space in Chinese text; inline code is kept as written (an
    underscore and all); character references are the characters they stand for; "="
    is a character."""
    words = "报名方式：在 site_config.yml 里写 site_url，见使用说明的第二节；AT&T、1+1=2。"
    item = _item(site, BODY)
    assert item.summary == words
    assert search.plain_text(item.body) == words + " 第二段。"
    assert [block.text for block in body_blocks(item.body)] == [words, "第二段。"]


def test_a_line_break_tag_joins_like_a_wrapped_line_and_a_block_ends_a_paragraph(site: SiteDir) -> None:
    item = _item(site, "开放时间：<br>周一至周五\n\n<div>第二段</div>\n")
    assert item.summary == "开放时间：周一至周五"
    assert search.plain_text(item.body) == "开放时间：周一至周五 第二段"


def test_a_summary_leaves_out_images_and_the_search_text_keeps_their_description(site: SiteDir) -> None:
    site.write("content/notices/map.png", "png")
    item = _item(site, "请看地图![三号楼位置](map.png)再出发。\n")
    assert item.summary == "请看地图再出发。"
    assert search.plain_text(item.body) == "请看地图三号楼位置再出发。"
