"""Chinese typesetting: a line break between Chinese characters is no space, in every output."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest

from generator.render import search
from generator.render.engine import MARKDOWN_EXTENSIONS
from generator.typeset import join_lines
from tests.conftest import TODAY

# A notice as a volunteer hard-wraps it in an editor: breaks between Chinese characters
# (one after full-width punctuation, one with trailing spaces, one across bold text), a
# Latin pair that must keep its space, and code that must stay as written.
WRAPPED = """\
3号楼热水系统检修，
期间请同学们节约用水。

水房开放时间调整为**早上**
七点到晚上十点，hello
world。

```
代码
不动
```
"""


def test_join_lines_joins_only_between_cjk_characters():
    assert join_lines("检修，\n期间") == "检修，期间"
    assert join_lines("检修 \t\n  期间") == "检修期间"                 # spaces around the break go too
    assert join_lines("热水\r\n检修") == "热水检修"
    assert join_lines("hello\nworld") == "hello\nworld"              # Latin words keep their break
    assert join_lines("使用Wi-Fi\n连接") == "使用Wi-Fi\n连接"          # Latin beside Chinese may keep it
    assert join_lines("见《通知》\n（附件）") == "见《通知》（附件）"   # CJK and full-width punctuation
    assert join_lines("他说\n“你好”") == "他说“你好”"                # quotes count beside an ideograph
    assert join_lines("“hello”\n“world”") == "“hello”\n“world”"      # … not between Latin words
    assert join_lines("检修\n\n期间") == "检修\n\n期间"               # a blank line is a new paragraph


def _html(source: str) -> str:
    extensions = [e for e in MARKDOWN_EXTENSIONS if isinstance(e, str)]
    return markdown.Markdown(extensions=extensions).convert(source)


def test_the_markdown_extension_joins_text_but_never_code_or_raw_html():
    assert "generator.typeset" in MARKDOWN_EXTENSIONS
    html = _html(WRAPPED)
    assert "检修，期间" in html and "<strong>早上</strong>七点" in html
    assert "hello\nworld" in html
    assert "代码\n不动" in html                                      # a fenced block stays as written
    assert "<code>行内\n代码</code>" in _html("`行内\n代码`")
    assert "<p>原始\n段落</p>" in _html("<p>原始\n段落</p>\n")          # raw HTML is Markdown's stash
    assert "<li>第一项续行</li>" in _html("- 第一项\n  续行\n- 第二项\n")
    assert "<h2" in _html("## 标题\n正文\n") and "标题正文" not in _html("## 标题\n正文\n")
    assert "提示第一行第二行" in _html('!!! note "提示"\n    提示第一行\n    第二行\n')


def test_plain_text_joins_lines_but_not_blocks():
    assert search.plain_text(WRAPPED).startswith("3号楼热水系统检修，期间请同学们节约用水。 水房开放时间调整为早上七点")
    assert "hello world" in search.plain_text(WRAPPED)
    assert search.plain_text("## 标题\n正文\n\n- 第一项\n- 第二项\n") == "标题 正文 第一项 第二项"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is needed: run `bash .ci/setup` as root")
def test_a_hard_wrapped_body_has_no_space_on_page_card_search_feed_and_poster(site, cli, tmp_path: Path):
    site.item("notices/reshui.md", "title: 热水检修通知\ndate: 2026-11-20\nposter: true\npinned: true", WRAPPED)
    out = tmp_path / "out"
    result = cli("build", "--config", site.config, "--out", out, "--today", TODAY)
    assert result.code == 0, result.err

    def no_space(text: str, what: str) -> None:
        assert "检修，期间" in text, what
        assert not re.search(r"检修，\s+期间", text), what

    page = (out / "notices/reshui/index.html").read_text(encoding="utf-8")
    no_space(page, "page")
    assert "<strong>早上</strong>七点" in page and re.search(r"hello\s+world", page)
    body = page[page.index("水房开放"):]
    assert "代码\n不动" in body                                      # code as written

    card = (out / "notices/index.html").read_text(encoding="utf-8")   # the list's card: the summary
    no_space(card, "card")

    texts = "".join(p.read_text(encoding="utf-8") for p in (out / "search").rglob("t*.js"))
    no_space(texts, "search text")
    assert "早上七点" in texts and "hello world" in texts

    feed = (out / "feed.xml").read_text(encoding="utf-8")
    no_space(feed, "feed")

    poster = subprocess.run(["pdftotext", out / "posters/notices-reshui.pdf", "-"],
                            capture_output=True, text=True, check=True).stdout
    no_space(poster.replace("\n", ""), "poster")   # (pdftotext ends every printed line with \n)
    assert "早上七点" in poster.replace("\n", "") and re.search(r"hello\s+world", poster)
