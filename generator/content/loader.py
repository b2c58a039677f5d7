"""Finding content files and splitting them into front matter and body (with lines)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from generator.kinds import BY_NAME, Kind
from generator.problems import Report
from generator.readfile import read_text
from generator.yamltext import Document, YamlSyntaxError, parse

_HANDLER = frontmatter.YAMLHandler()
_OPENING = re.compile(r"\A---[ \t]*\n")
ASSET_FOLDER = "assets"


@dataclass
class SourceFile:
    """One Markdown file of a type folder, read but not yet validated."""

    path: Path          # absolute
    shown: str          # as shown in messages: relative to the site directory
    type: Kind
    doc: Document       # front matter with line numbers
    body: str
    body_line: int      # line of the body's first line in the file
    digest: bytes       # SHA-256 of the text: what the file says, for the page memo


def find_sources(content_dir: Path) -> list[tuple[Kind | None, Path]]:
    """Every Markdown file under content/, with its type (None: not in a type folder)."""
    found = []
    for path in sorted(content_dir.rglob("*.md")):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        top = relative.parts[0] if len(relative.parts) > 1 else ""
        if top == ASSET_FOLDER:
            continue
        found.append((BY_NAME.get(top), path))
    return found


def read_source(path: Path, shown: str, type_: Kind, report: Report) -> SourceFile | None:
    """Read one file; report (and return None) when it has no usable front matter."""
    text = read_text(path, shown, report)
    if text is None:
        return None
    if not _OPENING.match(text):
        report.error(
            shown, 1, "-",
            "缺少开头的属性区：文件第一行应为 ---，接着写 title: 等字段，再用一行 --- 结束",
        )
        return None
    try:
        front, _ = _HANDLER.split(text)
    except ValueError:
        report.error(shown, 1, "-", "属性区没有结束：请在字段之后加一行 ---")
        return None
    try:
        doc = parse(front)  # `front` starts with the newline of the opening line
    except YamlSyntaxError as exc:
        report.error(shown, exc.line, exc.field, exc.message)
        return None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        report.error(shown, 2, "-", "属性区应为“字段: 值”的形式，例如 title: 标题")
        return None
    for loc, line in doc.duplicates:
        report.error(shown, line, ".".join(map(str, loc)), "这个字段写了两次，请只保留一个")
    if doc.mistakes:   # a `key：value` read as part of a value, a full-width comma in a list
        for name, line, message in doc.mistakes:
            report.error(shown, line, name, f"格式错误：{message}")
        return None
    closing = text.index("\n") + len(front)   # index of the closing `---`
    closing_line = text.count("\n", 0, closing) + 1
    body = text[closing:].partition("\n")[2]
    return SourceFile(path, shown, type_, doc, body if body.strip() else "", closing_line + 1,
                      hashlib.sha256(text.encode("utf-8")).digest())
