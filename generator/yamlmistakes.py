"""The mistakes a Chinese keyboard makes in YAML, found on the line where they are.

When the YAML parser refuses a document, its message (in English) names where it gave
up, often the line after the mistake. `diagnose` looks at that line, the one the parser
started from and the one before, for what volunteers actually type: a full-width “：”,
“，”, “　” or Chinese quotes where YAML needs ASCII, a missing space after `:`, a value
starting with a character YAML reserves, a tab, an indentation that does not line up.
`certain_mistakes` finds the same mistakes in a document that *did* parse, but only where
they can mean nothing else (a continuation line of a plain value that reads `key：value`).
Each message names the character and what to type instead; the guide's table
(docs/guide.md, “常见的格式错误”) lists them, and tests/test_volunteer_errors.py keeps the
two equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GUIDE_TABLE = "使用说明第七节的“常见的格式错误”表"

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_LEAD = re.compile(r"^([ \t\u3000]*)((?:- +)?)(.*)$")
_KEY_FULL_COLON = re.compile(rf"^({_KEY})[ \t]*：")
_KEY_FULL_SPACE = re.compile(rf"^({_KEY}):\u3000")
_KEY_NO_SPACE = re.compile(rf"^({_KEY}):(?!//)([^\s:])")
_KEY_VALUE = re.compile(rf"^({_KEY}):(?:[ \t]+(.*))?$")
_FLOW_NO_SPACE = re.compile(rf"[{{,][ \t]*({_KEY}):(?!//)([^\s:,}}\]])")
_RESERVED = "[{\"'#@*&!|>%`"
_CN_QUOTES = "“”‘’"


@dataclass
class Mistake:
    index: int          # 0-based line of the text
    field: str
    message: str


def _strip_comment(value: str) -> str:
    """`值  # 说明` → `值` (a `#` after a space starts a comment, outside quotes)."""
    quote = ""
    for n, char in enumerate(value):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (n == 0 or value[n - 1] in " [{,"):
            quote = char
        elif char == "#" and n > 0 and value[n - 1] in " \t":
            return value[:n].rstrip()
    return value.rstrip()


def _closing(value: str) -> int:
    """Index just after the quote or bracket that closes the one `value` starts with, or -1."""
    opener = value[0]
    if opener in "\"'":
        n = 1
        while n < len(value):
            if value[n] == opener:
                if opener == "'" and value[n + 1: n + 2] == "'":
                    n += 2
                    continue
                return n + 1
            if opener == '"' and value[n] == "\\":
                n += 1
            n += 1
        return -1
    depth, quote = 0, ""
    for n, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return n + 1
    return -1


def _quoted(key: str, value: str) -> str:
    """`key: "value"`, the value's own English double quotes turned into Chinese ones."""
    parts = value.replace("\\", "\\\\").split('"')
    inner = parts[0] + "".join(("“" if n % 2 else "”") + part for n, part in enumerate(parts[1:], 1))
    return f'{key}: "{inner}"'


def value_mistake(key: str, value: str) -> str | None:
    """What is wrong with `value` written after `key: `, when YAML refused the line."""
    value = _strip_comment(value.strip())
    if not value:
        return None
    first = value[0]
    if first in "[{":
        if "，" in value:
            return "列表里用了全角逗号“，”：请改成英文逗号“,”（项目之间写“, ”）"
        end = _closing(value)
        if end == -1:
            close = "]" if first == "[" else "}"
            return (f"值以“{first}”开头，YAML 会把它当作列表或键值对，但没有找到配对的“{close}”："
                    f"如果这是一段文字，请用英文引号把整个值括起来：{_quoted(key, value)}")
        rest = value[end:].strip()
        if rest:
            if rest[0] in ",，;；":
                return f"“{value[end - 1]}”后面多了一个“{rest[0]}”：请删掉它"
            return (f"值以“{first}”开头，YAML 把“{value[:end]}”当作列表或键值对，后面的“{rest[:10]}”就多出来了："
                    f"请用英文引号把整个值括起来：{_quoted(key, value)}")
        return None
    if first in "\"'":
        end = _closing(value)
        if end == -1:
            return f"英文引号“{first}”没有配对的另一半：请在值的末尾补上 {first}，或去掉开头的 {first}"
        rest = value[end:].strip()
        if rest:
            if rest[0] in ",，;；":
                return f"引号后面多了一个“{rest[0]}”：请删掉它"
            return (f"英文引号只括住了值的开头部分（{value[:end]}），后面还有“{rest[:10]}”：要么用引号括住整个值，"
                    f"里面的引号改用中文引号：{_quoted(key, value)}，要么去掉引号")
        return None
    if first in _RESERVED:
        names = {"#": "YAML 会把 # 之后当作注释", "*": "YAML 会把它当作引用", "&": "YAML 会把它当作锚点",
                 "!": "YAML 会把它当作标签", "|": "YAML 会把它当作多行文字的开始", ">": "YAML 会把它当作多行文字的开始",
                 "@": "YAML 不允许值以它开头", "`": "YAML 不允许值以它开头", "%": "YAML 不允许值以它开头"}
        return f"值以“{first}”开头，{names[first]}：请用英文引号把整个值括起来：{_quoted(key, value)}"
    if first in "“‘" and ": " in value:
        return f"值用中文引号“ ”括起来了：值里有“: ”时，请改用英文双引号括起来：{_quoted(key, value.strip(_CN_QUOTES))}"
    if ": " in value:
        return f"值里有“: ”（冒号加空格），YAML 会把它当作又一个字段：请用英文引号把整个值括起来：{_quoted(key, value)}"
    if value.endswith(":"):
        return f"值以冒号结尾，YAML 会把它当作又一个字段：请删掉末尾的冒号，或用英文引号括起来：{_quoted(key, value)}"
    return None


def reserved_start(line: str) -> str | None:
    """For a value YAML read as something else than text (`title: #1` is empty, `title:
    {讲座}` a mapping): the message when the value written on `line` starts with a reserved
    character, else None."""
    found = _KEY_VALUE.match(_LEAD.match(line.rstrip("\r")).group(3))  # type: ignore[union-attr]
    value = (found.group(2) or "").strip() if found else ""
    if not found or not value or value[0] not in _RESERVED or value[0] in "\"'":
        return None
    key, first = found.group(1), value[0]
    if first in "#[{":
        what = {"#": "把 # 之后当作注释，这一项就成了空的", "[": "把它当作列表", "{": "把它当作“字段: 值”"}[first]
        return f"值以“{first}”开头，YAML 会{what}：如果这是一段文字，请用英文引号把整个值括起来：{_quoted(key, value)}"
    return value_mistake(key, value)


def line_mistake(line: str, *, refused: bool) -> tuple[str, str] | None:
    """(field, message) for the keyboard mistake on `line`, if it has one. `refused`: the
    parser refused this document (then a value's first character is suspect too)."""
    line = line.rstrip("\r\n")
    lead, dash, rest = _LEAD.match(line).groups()  # type: ignore[union-attr]
    key_like = re.match(_KEY, rest)
    field = key_like.group(0) if key_like else "-"
    if "\u3000" in lead:
        return field, "行首用了全角空格“　”：请删掉它，改用英文空格缩进（同一层的字段左对齐）"
    if "\t" in lead:
        return field, "行首用了 Tab 缩进：YAML 不能用 Tab，请改成空格（每层两个空格）"
    found = _KEY_FULL_COLON.match(rest)
    if found:
        key = found.group(1)
        return key, f"“{key}”后面用了全角冒号“：”：请改成英文冒号加一个空格，写成“{key}: ”"
    found = _KEY_FULL_SPACE.match(rest)
    if found:
        key = found.group(1)
        return key, f"冒号后面是全角空格“　”：请改成英文空格，写成“{key}: 值”"
    found = _KEY_NO_SPACE.match(rest)
    if found and (refused or not dash):
        key = found.group(1)
        return key, f"“{key}:”后面少了一个空格：英文冒号后面要加一个空格，写成“{key}: {found.group(2)}…”"
    if not refused:
        return None
    if "{" in rest:
        flow = _FLOW_NO_SPACE.search(rest)
        if flow:
            return field, f"“{flow.group(1)}:”后面少了一个空格：英文冒号后面要加一个空格，写成“{flow.group(1)}: …”"
    found = _KEY_VALUE.match(rest)
    if found and found.group(2):
        message = value_mistake(found.group(1), found.group(2))
        if message:
            return found.group(1), message
    if dash and rest:
        message = value_mistake("- ", rest)
        if message:
            return field, message.replace('- : "', '- "')
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def misaligned(lines: list[str]) -> dict[int, str]:
    """Lines whose indentation matches no level open above them (block context only)."""
    found: dict[int, str] = {}
    levels = [0]
    opens = False          # the line before ends with `key:`: the next may go deeper
    block: int | None = None  # inside `key: |` text: lines deeper than this are text
    depth = 0              # inside a [ … ] or { … } written over several lines
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or line.startswith(("\t", "\u3000")):
            continue
        indent = _indent(line)
        if block is not None:
            if indent > block:
                continue
            block = None
        if depth > 0:
            depth += _balance(stripped)
            continue
        if indent > levels[-1]:
            if opens:
                levels.append(indent)
            else:
                found[index] = "这一行比上一行多缩进了：同一层的字段要左对齐（用同样多的英文空格），请删掉多出的空格"
                continue
        elif indent < levels[-1]:
            while levels[-1] > indent:
                levels.pop()
            if levels[-1] != indent:
                found[index] = "这一行的缩进和上面的行对不齐：同一层的字段要用同样多的英文空格缩进"
                levels.append(indent)
                continue
        body = stripped
        item_indent = indent
        while body.startswith("- ") or body == "-":
            item_indent += 2 + len(body[2:]) - len(body[2:].lstrip(" "))
            body = body[2:].lstrip(" ")
            if re.match(rf"{_KEY}:(\s|$)", body):
                levels.append(item_indent)
        value = _strip_comment(body.partition(": ")[2]) if ": " in body else ""
        opens = bool(re.fullmatch(rf"(- +)*{_KEY}:", _strip_comment(stripped))) or stripped == "-"
        if value[:1] and value[0] in "|>":
            block = indent
        depth = max(_balance(value), 0)
    return found


def _balance(text: str) -> int:
    return sum(text.count(c) for c in "[{") - sum(text.count(c) for c in "]}")


def top_field(lines: list[str], index: int) -> str:
    """The top-level field that line `index` belongs to ('-' before the first)."""
    for line in reversed(lines[: index + 1]):
        found = re.match(rf"({_KEY})[ \t]*[:：]", line)
        if found:
            return found.group(1)
    return "-"


def diagnose(text: str, candidates: list[int]) -> Mistake | None:
    """The keyboard mistake that made the parser refuse `text`, looked for on the lines
    `candidates` (0-based, most likely first), then anywhere above the last of them."""
    lines = text.split("\n")
    candidates = [i for i in dict.fromkeys(candidates) if 0 <= i < len(lines)]
    bad_indent = misaligned(lines)
    for index in candidates:
        found = line_mistake(lines[index], refused=True)
        if found:
            return Mistake(index, _field(lines, index, found[0]), found[1])
        if index in bad_indent:
            return Mistake(index, _own_key(lines, index), bad_indent[index])
    last = max(candidates, default=len(lines) - 1)
    for index in range(0, min(last + 1, len(lines))):
        found = line_mistake(lines[index], refused=False)
        if found:
            return Mistake(index, _field(lines, index, found[0]), found[1])
    for index in sorted(bad_indent):
        if index <= last:
            return Mistake(index, _own_key(lines, index), bad_indent[index])
    return None


def _own_key(lines: list[str], index: int) -> str:
    found = re.match(rf"[ \t\u3000]*(?:- +)?({_KEY})[ \t]*[:：]", lines[index])
    return found.group(1) if found else top_field(lines, index)


def _field(lines: list[str], index: int, key: str) -> str:
    return key if key != "-" else top_field(lines, index)


FULL_WIDTH_COMMA = "列表里用了全角逗号“，”：请改成英文逗号“,”（项目之间写“, ”），否则“{value}”会被当作一项"
CHINESE_QUOTES = "值里有中文引号“ ”：YAML 的引号要用英文的 \" \"，或者不加引号，写成 {bare}"
