"""What a body must not do, told to the volunteer at its line (SPEC §5: no script on the
site, no request leaving it).

The pages and posters clean every body anyway (generator/render/safehtml.py); this module
says what the cleaning takes out, so that nothing disappears without a word:

- a picture, frame, video or stylesheet from another site is an **error**: the reader's
  phone would fetch it from there (and an offline copy would show a hole); the file goes
  into `content/assets/` instead;
- a link that runs script (`javascript:`, `vbscript:`, `data:` other than a picture) and
  raw HTML that runs or embeds (`<script>`, `onclick=…`, `<iframe>`, `<form>` …) are
  **warnings**: they are removed from the page.

Fenced code blocks and `code spans` are examples, not HTML, and are not looked at.
"""

from __future__ import annotations

import re
from typing import Iterator

_ANY = re.compile(r"<|script:|data:|!\[|\]:|url\(|@import", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")  # `<script>` in a sentence about it
_REMOTE = r"(?:https?:)?//|file:"  # another site, or a file of the writer's own computer

_REMOTE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?((?:" + _REMOTE + r")[^)\s>]*)", re.I)
_REMOTE_TAG = re.compile(
    r"<(img|iframe|frame|embed|object|video|audio|source|track|input|script|link)\b[^>]*?"
    r"\b(?:src|data|href|poster|srcset)\s*=\s*[\"']?\s*((?:" + _REMOTE + r")[^\"'\s>]*)", re.I)
_REMOTE_CSS = re.compile(r"(?:url\(\s*[\"']?\s*|@import\s+[\"']?\s*)((?:" + _REMOTE + r")[^\"')\s;]*)", re.I)
_IS_REMOTE = re.compile(_REMOTE, re.I)
_REFERENCE = re.compile(r"^\s{0,3}\[([^\]\n]+)\]:\s*<?(\S+?)>?(?:\s|$)")
_IMAGE_BY_REFERENCE = re.compile(r"!\[([^\]\n]*)\]\[([^\]\n]*)\]")

_SCRIPT_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|livescript|file):|^\s*data:(?!image/)", re.I)
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_HREF = re.compile(r"\b(?:href|action|formaction|xlink:href)\s*=\s*[\"']?\s*([^\"'\s>]+)", re.I)
_RUNS = re.compile(r"<(script|iframe|frame|frameset|object|embed|form|style|link|meta|base|svg|math)\b"
                   r"|<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I)

REMOTE_WHAT = {"img": "图片", "source": "视频或图片", "video": "视频", "audio": "音频", "track": "字幕",
               "iframe": "嵌入网页", "frame": "嵌入网页", "embed": "嵌入内容", "object": "嵌入内容",
               "script": "脚本", "link": "样式表", "input": "图片"}


def body_problems(body: str) -> Iterator[tuple[int, str, bool]]:
    """(line offset in the body, message, is_error) for each thing the cleaning removes."""
    if not _ANY.search(body):
        return
    lines = body.split("\n")
    remote_references = {}
    for line in lines:
        if (found := _REFERENCE.match(line)) and _IS_REMOTE.match(found.group(2)):
            remote_references[found.group(1).lower()] = found.group(2)
    fenced = False
    for n, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            code_free = _CODE_SPAN.sub(" ", line)
            yield from ((n, message, error) for message, error in _line_problems(code_free, remote_references))


def _line_problems(line: str, remote_references: dict[str, str]) -> Iterator[tuple[str, bool]]:
    remote = [("图片", m.group(1)) for m in _REMOTE_IMAGE.finditer(line)]
    remote += [("图片", remote_references[ref]) for m in _IMAGE_BY_REFERENCE.finditer(line)
               if (ref := (m.group(2) or m.group(1)).lower()) in remote_references]
    remote += [(REMOTE_WHAT[m.group(1).lower()], m.group(2)) for m in _REMOTE_TAG.finditer(line)]
    remote += [("样式里的文件", m.group(1)) for m in _REMOTE_CSS.finditer(line)]
    for what, url in remote:
        yield _remote(what, url), True
    targets = [m.group(1) for m in (*_INLINE_TARGET.finditer(line), *_HREF.finditer(line))]
    if (reference := _REFERENCE.match(line)):
        targets.append(reference.group(2))
    for target in targets:
        if _SCRIPT_SCHEME.match(target) and target not in (url for _, url in remote):
            yield (f"链接“{_short(target)}”会执行脚本或打开来历不明的内容，已从页面删除："
                   "链接只能指向网页（https://…）、站内文件、邮箱（mailto:）或电话（tel:）"), False
    for found in _RUNS.finditer(line):
        what = found.group(1) or found.group(2)
        yield (f"HTML“{what.lower()}”会执行脚本或嵌入别的内容，已从页面删除：正文请用 Markdown 写，"
               "图片和附件放进 content/assets/"), False


def _remote(what: str, url: str) -> str:
    if url[:5].lower() == "file:":
        return f"{what}“{_short(url)}”是你电脑上的文件，网上打不开：请把文件复制进 content/assets/，再用 /assets/文件名 引用"
    return (f"{what}“{_short(url)}”来自别的网站：网站不从外面加载内容（手机离线时也要能看），"
            "请把文件下载后放进 content/assets/，再用 /assets/文件名 引用；要介绍别的网站，写成普通链接 [说明](网址)")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
