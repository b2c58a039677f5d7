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

from generator.yamlmistakes import FULL_WIDTH_COMMA, GUIDE_TABLE, diagnose, line_mistake, top_field

Loc = tuple[str | int, ...]


# Limits that keep a hostile or broken document from exhausting memory or the stack: the
# text's length, the number of nodes once anchors (&) and aliases (*) are expanded (an
# "alias bomb" of nine aliases nine deep is 387 million nodes), and the depth of nesting.
MAX_CHARS = 200_000
MAX_NODES = 10_000
MAX_DEPTH = 32
MAX_INT_DIGITS = 30   # longer runs of digits stay text (Python refuses int() of 4,300+ digits)


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
_PLAIN_INT = re.compile(rf"^[-+]?(0|[1-9][0-9_]{{0,{MAX_INT_DIGITS - 1}}})$")
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
    # Keyboard mistakes in a document that parsed (a `key：value` line read as part of the
    # value above, a full-width comma in a [ … ] list): (field, line, message), errors.
    mistakes: list[tuple[str, int, str]] = field(default_factory=list)
    source: list[str] = field(default_factory=list, repr=False)   # the text's lines, for hints

    def written(self, line: int) -> str:
        """The text of `line` (a line number as in `lines`) as the volunteer wrote it."""
        index = line - self.first_line
        return self.source[index] if 0 <= index < len(self.source) else ""

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.first_line


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str, field: str = "-"):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


def _bad_character(text: str) -> int:
    """Index of the first control character (other than tab and newline) or lone surrogate, or -1."""
    match = _CONTROL.search(text)
    return match.start() if match else -1


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(?: |$)")   # `title: …`: the field a line belongs to


def control_message(char: str) -> str:
    return f"含有看不见的控制字符（U+{ord(char):04X}）：请删除它（常见于从网页、PDF 或 Word 复制来的文字）"


def parse(text: str, line_offset: int = 0) -> Document:
    """Parse one YAML document; lines are shifted by `line_offset` (front matter start)."""
    if len(text) > MAX_CHARS:
        raise YamlSyntaxError(line_offset + 1, f"设置太长（{len(text)} 个字符，最多 {MAX_CHARS} 个）："
                                               "属性区只写字段和简短的值，长的文字请写在结束的 --- 之后的正文里")
    bad = _bad_character(text)
    if bad >= 0:
        line = text.count("\n", 0, bad)
        key = next((m.group(1) for m in map(_TOP_KEY.match, reversed(text.split("\n")[: line + 1])) if m), "-")
        raise YamlSyntaxError(line + 1 + line_offset, control_message(text[bad]), key)
    if _FastLoader is not _Loader:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            _check_size(node, line_offset)
            data = fast.construct_document(node) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in str(exc.problem):  # libyaml's limit: Python's would recurse
                mark = exc.problem_mark or exc.context_mark
                raise YamlSyntaxError((mark.line + 1 if mark else 1) + line_offset, _TOO_DEEP) from None
            # below, for the pure-Python loader's message
        except (yaml.YAMLError, RecursionError, ValueError):
            pass  # below, for the pure-Python loader's message
        else:
            return _document(node, data, line_offset, text)
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        _check_size(node, line_offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        found = diagnose(text, _suspects(exc))
        if found:
            raise YamlSyntaxError(found.index + 1 + line_offset, f"格式错误：{found.message}", found.field) from None
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        raise YamlSyntaxError(line, _describe(exc), top_field(text.split("\n"), mark.line) if mark else "-") from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (the check above takes most)
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        raise YamlSyntaxError(line, control_message(chr(exc.character) if isinstance(exc.character, int)
                                                    else str(exc.character)[:1] or "?")) from None
    except RecursionError:
        raise YamlSyntaxError(line_offset + 1, _TOO_DEEP) from None
    except (yaml.YAMLError, ValueError):  # anything else the loader refuses
        found = diagnose(text, [])
        if found:
            raise YamlSyntaxError(found.index + 1 + line_offset, f"格式错误：{found.message}", found.field) from None
        raise YamlSyntaxError(line_offset + 1, f"格式错误：yizhan 看不出哪里写错了，请检查缩进、冒号和引号；{_QUOTE}；"
                                               f"也可对照{GUIDE_TABLE}") from None
    finally:
        loader.dispose()
    return _document(node, data, line_offset, text)


def _suspects(exc: yaml.MarkedYAMLError) -> list[int]:
    """The lines (0-based) where the mistake may be, most likely first: where the parser
    started the key it could not finish, where it gave up, the line before."""
    problem = exc.problem_mark.line if exc.problem_mark else None
    context = exc.context_mark.line if exc.context_mark else None
    lines: list[int] = []
    if context is not None and "simple key" in (exc.context or ""):
        lines.append(context)
    if problem is not None:
        lines += [problem, problem - 1]
    if context is not None:
        lines.append(context)
    return lines


_TOO_DEEP = f"嵌套层次太多（超过 {MAX_DEPTH} 层）：请检查方括号 [ ] 和花括号 {{ }} 是否成对"


def _check_size(root: yaml.Node | None, offset: int) -> None:
    """Count the nodes as they would be expanded (an alias counts its whole anchor again) and
    the depth, without expanding anything; too many or too deep is an error at that node.
    Also: no control character in any value or key (written as an escape such as "\\0")."""
    if root is None:
        return
    stack: list[tuple[yaml.Node, int, Loc]] = [(root, 1, ())]
    count = 0
    while stack:
        node, depth, loc = stack.pop()
        count += 1
        line = node.start_mark.line + 1 + offset
        if count > MAX_NODES:
            raise YamlSyntaxError(line, f"内容太多（展开后超过 {MAX_NODES} 项）：属性区只写字段和简短的值，"
                                        "也不要用锚点（&）和引用（*）层层复制内容")
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(line, _TOO_DEEP)
        if isinstance(node, yaml.ScalarNode):
            bad = _bad_character(node.value)
            if bad >= 0:
                raise YamlSyntaxError(line, control_message(node.value[bad]), _field(loc))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack += [(key, depth + 1, loc), (value, depth + 1, (*loc, name))]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1, (*loc, n)) for n, item in enumerate(node.value)]


def _field(loc: Loc) -> str:
    """('hours', 1, 'open') → 'hours[1].open' (as explain.field_name), '-' for the document."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def _document(node: yaml.Node | None, data: Any, line_offset: int, text: str) -> Document:
    doc = Document(data, first_line=line_offset + 1, source=text.split("\n"))
    if node is not None and not isinstance(data, (dict, list)):  # `title：讲座` alone is one string
        found = diagnose(text, [node.start_mark.line])
        if found:
            raise YamlSyntaxError(found.index + 1 + line_offset, f"格式错误：{found.message}", found.field)
    if node is not None:
        starts: set[int] = set()
        _walk(node, (), doc, line_offset, starts)
        if len(starts) < text.count("\n") + 1:
            _continuations(text, starts, doc, line_offset)
    return doc


def _continuations(text: str, starts: set[int], doc: Document, offset: int) -> None:
    """A line where no key, item or value starts is part of the value above (or a comment):
    if it reads `key：value` or `key:value`, the volunteer meant a field of its own."""
    for index, line in enumerate(text.split("\n")):
        if index in starts or not line.strip() or line.lstrip().startswith("#"):
            continue
        found = line_mistake(line, refused=False)
        if found:
            doc.mistakes.append((found[0], index + 1 + offset, found[1]))


def _walk(node: yaml.Node, loc: Loc, doc: Document, offset: int, starts: set[int]) -> None:
    """Record the line of every key and item in `doc`, and in `starts` every line where a
    node starts (a quoted or `|` value over several lines: all its lines)."""
    starts.add(node.start_mark.line)
    if isinstance(node, yaml.ScalarNode):
        if node.style and node.end_mark.line > node.start_mark.line:
            starts.update(range(node.start_mark.line, node.end_mark.line + 1))
    elif isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*loc, key)
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                doc.duplicates.append((child, line))
            seen.add(key)
            doc.lines[child] = line
            starts.add(key_node.start_mark.line)
            if isinstance(key, str) and ("\u3000" in key or "：" in key):   # `　location: …` parses
                found = line_mistake(doc.written(line), refused=False)
                if found:
                    doc.mistakes.append((found[0], line, found[1]))
            _walk(value_node, child, doc, offset, starts)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            doc.lines[child] = item.start_mark.line + 1 + offset
            if (node.flow_style and isinstance(item, yaml.ScalarNode) and not item.style
                    and "，" in item.value):
                doc.mistakes.append((_field(child), doc.lines[child], FULL_WIDTH_COMMA.format(value=item.value)))
            _walk(item, child, doc, offset, starts)


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
        "expected <block end>": _ALIGN,
        "did not find expected key": _ALIGN,
        "sequence entries are not allowed here": "这里不能写“- ”列表项：请检查缩进，列表项应比字段名多缩进或与之对齐",
        "that cannot start any token": f"值不能以这个符号开头：{_QUOTE}",
        "expected chomping or indentation indicators": f"“|”或“>”之后应换行再写内容；{_QUOTE}",
        "expected alphabetic or numeric character": f"“&”或“*”之后应紧跟一个名字（锚点和引用）；{_QUOTE}",
        "could not determine a constructor": f"不支持以“!”开头的 YAML 标签；{_QUOTE}",
        "found unhashable key": "字段名不能是列表或“字段: 值”，应为一段文字",
        "found unknown escape character": "双引号里的反斜杠 \\ 后面的字符不对：要写反斜杠本身请写两个（\\\\），或改用单引号",
        "found duplicate anchor": "同一个锚点（&名字）定义了两次",
        "found a tab character": "不能用 Tab 缩进，请改用空格",
        "expected '<document start>'": "属性区里只能写“字段: 值”：不要以 % 开头，也不要再写一行 ---",
        "but found another document": "属性区里只能写“字段: 值”：不要再写一行 ---",
    }
    for english, chinese in hints.items():
        if english in problem:
            return f"格式错误：{chinese}（若看不出原因，请对照{GUIDE_TABLE}）"
    return f"格式错误：yizhan 看不出这一行哪里写错了，请检查它和上一行的缩进、冒号和引号；{_QUOTE}；也可对照{GUIDE_TABLE}"


_QUOTE = "值里含有 : # [ ] { } & * ! | > 等符号时，请用引号把整个值括起来"
_ALIGN = "缩进或冒号不对：同一层的字段要左对齐，每行写成“字段: 值”；" + _QUOTE
