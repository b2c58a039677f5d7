"""Nothing injected (issue 20): body HTML cleaned on pages and posters and told at its
line; no remote picture, frame or stylesheet; posters load only the site's own files;
a symbolic link out of the site is an error; MkDocs' unescaped templates get inert text."""

from __future__ import annotations

import http.server
import os
import re
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from generator.render.safehtml import clean
from tests.conftest import TODAY, local_server

EVIL_BODY = """\
[一](javascript:alert(1)) [二](JaVaScRiPt:alert(2)) [三][r] [四](data:text/html,hi) [五](vbscript:x)

[r]: javascript:alert(3)

<script>alert(4)</script>

<img src=x onerror=alert(5)>

<A REL="attachment" HREF="file:///etc/passwd">附件</A>

<!--/yizhan:body--><script>alert(6)</script>

<p style="text-align:center" onclick="alert(7)">居中的一段</p>

| 项目 | 时间 |
|:--|--:|
| 讲座 | 19:00 |

- [x] 已报名

```html
<script>alert("这是代码示例，不是 HTML")</script>
```

欢迎访问[学校官网](https://www.example.edu.cn)，或拨打 <a href="tel:010-12345678">010-12345678</a>。
"""


def page_of(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text(encoding="utf-8")


def body_of(page: str) -> str:
    """The volunteer's body to the end of the article, without our JSON-LD (tests/test_jsonld.py)."""
    end = page.index("</article>")
    jsonld = page.find('<script type="application/ld+json">', 0, end)
    return page[page.index('<div class="yz-body">'):jsonld if jsonld >= 0 else end]


def test_a_body_runs_no_script_and_keeps_what_volunteers_write(site, cli) -> None:  # noqa: ANN001
    site.item("notices/evil.md", "title: 停水通知\ndate: 2026-11-20", EVIL_BODY)
    result = cli("build", "--config", site.config, "--today", TODAY, "--no-posters")
    assert result.code == 0, result.err
    body = body_of(page_of(site.root / "site", "notices/evil"))
    assert not re.search(r"(?i)<script|javascript:|vbscript:|data:text|onerror|onclick|file:|rel=.attachment", body)
    assert "alert(6)" not in body and "alert(4)" not in body
    # what volunteers need is kept: links, phone links, tables with alignment, task lists, code examples
    assert '<a href="https://www.example.edu.cn">学校官网</a>' in body
    assert '<a href="tel:010-12345678">' in body
    assert '<th style="text-align:left">' in body and 'style="text-align:center"' in body
    assert 'type="checkbox"' in body and "已报名" in body
    assert '<span class="nt">script</span>' in body and "这是代码示例" in body  # the fenced example stays text
    assert ">一</a>" in body and ">附件</a>" in body  # the link's words stay, the link goes


def test_check_names_each_removal_at_its_line(site, cli) -> None:  # noqa: ANN001
    site.item("notices/evil.md", "title: 停水通知\ndate: 2026-11-20", EVIL_BODY)
    result = cli("check", "--config", site.config, "--today", TODAY)
    assert result.code == 0, result.err  # warnings only: the page is cleaned
    lines: dict[int, str] = {}
    for found in re.finditer(r"evil\.md:(\d+): 正文: .*", result.err):
        lines[int(found.group(1))] = lines.get(int(found.group(1)), "") + found.group(0)
    assert {5, 7, 9, 11, 13, 15, 17} <= set(lines), result.err
    assert "javascript:alert(1" in lines[5] and "已从页面删除" in lines[5]
    assert "script" in lines[9] and "onerror" in lines[11] and "file:///etc/passwd" in lines[13]
    assert not any(n > 20 for n in lines), "the fenced code example is not HTML"
    assert all(len(line.splitlines()) == 1 for line in result.err.splitlines())


@pytest.mark.parametrize("body, what", [
    ("![校徽](https://img.example.com/logo.png)", "图片“https://img.example.com/logo.png”来自别的网站"),
    ("![校徽][logo]\n\n[logo]: //img.example.com/logo.png", "图片“//img.example.com/logo.png”来自别的网站"),
    ('<img src="http://img.example.com/a.jpg" alt="活动">', "图片“http://img.example.com/a.jpg”"),
    ('<iframe src="https://player.example.com/v/1"></iframe>', "嵌入网页“https://player.example.com/v/1”"),
    ("<style>@import url(https://cdn.example.com/a.css);</style>", "样式里的文件“https://cdn.example.com/a.css”"),
    ('<p style="background:url(http://x.example.com/bg.png)">字</p>', "样式里的文件“http://x.example.com/bg.png”"),
    ("![照片](file:///C:/Users/me/photo.jpg)", "图片“file:///C:/Users/me/photo.jpg”是你电脑上的文件"),
])
def test_a_remote_picture_frame_or_stylesheet_is_an_error_at_its_line(site, cli, body: str, what: str) -> None:  # noqa: ANN001
    site.item("notices/a.md", "title: 活动照片\ndate: 2026-11-20", f"第一段。\n\n{body}\n")
    result = cli("check", "--config", site.config, "--today", TODAY)
    assert result.code == 1
    assert f"content/notices/a.md:7: 正文: {what}" in result.err
    assert "content/assets/" in result.err


def test_links_to_other_sites_stay_links(site, cli) -> None:  # noqa: ANN001
    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20",
              "见[教务处](https://jwc.example.edu.cn/a?b=1)和 <a href=\"https://x.example.com\">这里</a>。\n")
    result = cli("build", "--config", site.config, "--today", TODAY, "--no-posters")
    assert result.code == 0 and "正文" not in result.err, result.err
    body = body_of(page_of(site.root / "site", "notices/a"))
    assert 'href="https://jwc.example.edu.cn/a?b=1"' in body and 'href="https://x.example.com"' in body


def test_the_cleaner_keeps_markdowns_own_markup() -> None:
    """What Markdown and its extensions write for a body passes unchanged in meaning."""
    kept = ('<h2 id="bao-ming">报名<a class="headerlink" href="#bao-ming" title="本节链接">¶</a></h2>'
            '<div class="admonition note"><p class="admonition-title">注意</p><p>带好学生证</p></div>'
            '<details class="tip" open=""><summary>详情</summary><p>内容</p></details>'
            '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
            '<p><img alt="合影" src="../../assets/a.jpg" width="300"><abbr title="中国共产党">党</abbr><mark>重点</mark></p>'
            '<p><img alt="点" src="data:image/png;base64,iVBORw0KGgo="></p>')
    assert clean(kept) == kept
    assert clean('<img src="https://x.example.com/a.png" alt="a">') == '<img alt="a">'
    assert clean('<a href="data:text/html,x">x</a><form action="/x"><input type="text"></form>') == "<a>x</a>"


# -- posters ----------------------------------------------------------------------------
@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that counts the requests it gets."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    with local_server(Handler) as url:
        yield url.rstrip("/"), asked


def test_posters_embed_no_file_and_fetch_nothing(site, cli, counting_server, tmp_path: Path) -> None:  # noqa: ANN001
    server, asked = counting_server
    secret = tmp_path / "secret.txt"
    secret.write_text("银行卡密码 123456")
    site.item("notices/a.md", "title: 海报通知\ndate: 2026-11-20\nposter: true",
              f'正文<A REL="attachment" HREF="{secret.as_uri()}">附件</A>\n')
    # a site theme of its own may not fetch either (its poster.css is the site's, not a volunteer's body)
    theme_css = (Path(__file__).resolve().parents[1] / "theme/posters/poster.css").read_text(encoding="utf-8")
    site.write("theme/posters/poster.css", f"@import url({server}/theme.css);\n{theme_css}")
    out = tmp_path / "posters"
    result = cli("posters", "--config", site.config, "--today", TODAY, "--out", out)
    assert asked == []
    assert f"{server}/theme.css" in result.err and "海报只用站点自己的文件" in result.err
    pdf = out / "notices-a.pdf"
    assert pdf.is_file()
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert "0 embedded files" in listed
    assert b"123456" not in pdf.read_bytes()


# -- links out of the site ----------------------------------------------------------------
def test_a_symbolic_link_out_of_the_site_is_an_error(site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "folder").mkdir(parents=True)
    (elsewhere / "leak.md").write_text("---\ntitle: 秘密\n---\n不该发布的内容\n", encoding="utf-8")
    (elsewhere / "folder" / "more.md").write_text("---\ntitle: 也是秘密\n---\n不该发布\n", encoding="utf-8")
    site.item("pages/about.md", "title: 关于我们")
    os.symlink(elsewhere / "leak.md", site.root / "content/pages/leak.md")
    os.symlink(elsewhere / "folder", site.root / "content/notices")
    for command in (["check"], ["build", "--no-posters"]):
        result = cli(*command, "--config", site.config, "--today", TODAY)
        assert result.code == 1
        assert "content/pages/leak.md: -: 这是指向站点目录之外的链接" in result.err
        assert "content/notices: -: 这是指向站点目录之外的链接" in result.err
    assert not (site.root / "site").exists()


def test_a_link_inside_the_site_is_fine(site, cli) -> None:  # noqa: ANN001
    site.item("notices/a.md", "title: 通知\ndate: 2026-11-20")
    (site.root / "content/pages").mkdir()
    os.symlink("../notices/a.md", site.root / "content/pages/same.md")
    result = cli("check", "--config", site.config, "--today", TODAY)
    assert "站点目录之外" not in result.err


# -- MkDocs' own templates ----------------------------------------------------------------
def test_titles_and_names_reach_mkdocs_templates_inert(site, cli) -> None:  # noqa: ANN001
    payload = "<img src=x onerror=alert(1)>"
    site.write("site_config.yml", site.config.read_text(encoding="utf-8").replace(
        "site_name: 测试社区", f'site_name: "社区{payload}"\norganization: "学院{payload}"\ndescription: "简介{payload}"'))
    site.item("pages/about.md", f'title: "关于{payload}"')
    site.item("notices/a.md", f'title: "通知{payload}"\ndate: 2026-11-20')
    result = cli("build", "--config", site.config, "--today", TODAY, "--no-posters")
    assert result.code == 0, result.err
    for page in (site.root / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<img[^>]*onerror", text), page
