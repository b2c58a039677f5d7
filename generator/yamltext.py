"""YAML that keeps line numbers and leaves dates and times as the volunteer wrote them.

PyYAML (YAML 1.1) would turn `19:00` into the integer 1140 and `2026-10-01` into a date
before we could say anything about it. Our loader resolves only strings, booleans,
integers, floats and null, and records the line of every key and list entry, so that a
problem can name `path:line: field`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 timestamps and base-60 numbers."""


# The same loader on libyaml's parser (same resolvers, same marks), when PyYAML has it:
# about 5x faster on front matter. Errors are re-read with the pure-Python loader, whose
# messages the hints in `_describe` know.
_FastLoader: type = type("_FastLoader", (yaml.CSafeLoader,), {}) if yaml.__with_libyaml__ else _Loader

_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+][0-9]+)?$")
for _first, _resolvers in _RESOLVERS.items():
    _RESOLVERS[_first] = [
        (tag, _PLAIN_INT if tag.endswith(":int") else _PLAIN_FLOAT if tag.endswith(":float") else rx)
        for tag, rx in _resolvers
    ]
_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = _RESOLVERS


@dataclass
class Document:
    """Parsed YAML data plus the 1-based line of every location in it."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[tuple[Loc, int]] = field(default_factory=list)
    first_line: int = 1

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.first_line


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse(text: str, line_offset: int = 0) -> Document:
    """Parse one YAML document; lines are shifted by `line_offset` (front matter start)."""
    if _FastLoader is not _Loader:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            data = fast.construct_document(node) if node is not None else None
        except yaml.YAMLError:
            pass  # below, for the pure-Python loader's message
        else:
            return _document(node, data, line_offset)
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        raise YamlSyntaxError(line, _describe(exc)) from None
    finally:
        loader.dispose()
    return _document(node, data, line_offset)


def _document(node: yaml.Node | None, data: Any, line_offset: int) -> Document:
    doc = Document(data, first_line=line_offset + 1)
    if node is not None:
        _walk(node, (), doc, line_offset)
    return doc


def _walk(node: yaml.Node, loc: Loc, doc: Document, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*loc, key)
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                doc.duplicates.append((child, line))
            seen.add(key)
            doc.lines[child] = line
            _walk(value_node, child, doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            doc.lines[child] = item.start_mark.line + 1 + offset
            _walk(item, child, doc, offset)


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    hints = {
        "mapping values are not allowed here": "这里不能再出现冒号：值里含有“: ”时请用引号把整个值括起来",
        "could not find expected ':'": "缺少冒号：每行应写成“字段: 值”",
        "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
        "expected <block end>, but found '-'": "列表的缩进不一致，请让每个“- ”对齐",
        "found undefined alias": "引用了未定义的锚点（*）",
        "expected the node content": "值没有写完整：方括号、花括号或引号没有闭合",
        "while scanning a quoted scalar": "引号没有闭合",
        "found unexpected end of stream": "引号或括号没有闭合",
        "while parsing a flow": "方括号或花括号没有闭合",
        "expected ',' or ']'": "列表 [ … ] 的写法不对：项目之间用逗号分隔，最后用 ] 结束",
        "expected ',' or '}'": "{ … } 的写法不对：项目之间用逗号分隔，最后用 } 结束",
    }
    for english, chinese in hints.items():
        if english in problem:
            return f"YAML 格式错误：{chinese}"
    return f"YAML 格式错误：{problem or exc}（请检查缩进、冒号和引号）"
