"""pydantic's validation errors → our one-line Chinese problems with line numbers."""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from generator.problems import Problem, shorten
from generator.yamlmistakes import CHINESE_QUOTES, reserved_start
from generator.yamltext import Document, Loc

_MESSAGES = {
    "missing": "缺少必填字段",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "数字太大：应为一个合理的整数",
    "finite_number": "应为普通的数字（不能是无穷大或 NaN）",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "string_type": "应为一段文字",
    "list_type": "应为列表，例如 [甲, 乙] 或每行一个“- 项目”",
    "tuple_type": "应为列表，例如 [-1, fri]",
    "dict_type": "应为“字段: 值”的键值对",
    "model_type": "应为“字段: 值”的键值对",
    "model_attributes_type": "应为“字段: 值”的键值对",
    "too_short": "至少要有 {min_length} 项",
    "string_too_short": "不能为空",
    "string_too_long": "太长：最多 {max_length} 个字符",
    "too_long": "最多 {max_length} 项",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "greater_than": "应大于 {gt}",
    "string_pattern_mismatch": "格式不对，应符合 {pattern}",
    "none_required": "应留空",
}


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def field_name(loc: Loc) -> str:
    """('hours', 1, 'open') → 'hours[1].open'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from(
    exc: ValidationError,
    doc: Document,
    path: str,
    model: type[BaseModel],
    loc_prefix: Loc = (),
) -> Iterable[Problem]:
    """Translate every error of `exc`; `doc` gives the lines, `model` the allowed names."""
    for error in exc.errors(include_url=False):
        loc = _written_loc(error["loc"], doc, loc_prefix)
        message = _message(error, loc, model)
        if error["type"] == "field_check":
            loc = (*loc, error["ctx"]["field"])
        full = (*loc_prefix, *loc)
        line = doc.line(full)
        if error["type"] in ("text_type", "string_type") and full in doc.lines:
            message = reserved_start(doc.written(line)) or message   # `title: #1`, `title: {讲座}`
        yield Problem(path, line, field_name(full), message)


def _written_loc(loc: Loc, doc: Document, prefix: Loc) -> Loc:
    """The error's place as the volunteer wrote it: pydantic's names of union branches
    dropped, but not a key the document has, whatever it looks like (`a[b]: 1`)."""
    kept: Loc = ()
    for part in loc:
        if not _is_union_branch(part) or (*prefix, *kept, part) in doc.lines:
            kept += (part,)
    return kept


def _is_union_branch(part: Any) -> bool:
    """pydantic names the branch of a union in `loc` ('date', 'function-before[…]'): drop it."""
    return isinstance(part, str) and "[" in part


_QUOTES = "“”‘’"
_YES, _NO = {"是", "对", "同意", "已同意", "有", "yes", "y", "真", "√"}, {"否", "不", "不同意", "没有", "无", "no", "n", "假", "×"}


def _message(error: dict[str, Any], loc: Loc, model: type[BaseModel]) -> str:
    """The Chinese message, with what to write instead when the value shows it."""
    message = _plain_message(error, loc, model)
    value = error.get("input")
    if not isinstance(value, str):
        return message
    kind = error["type"]
    text = value.strip()
    digits = re.match(r"\d+", text)
    if kind in ("int_parsing", "int_type", "int_from_float") and digits:
        return f"应为整数：只写数字，写成 {digits.group(0)}（不要带“人”“名”等单位或文字）"
    if kind in ("bool_parsing", "bool_type"):
        word = text.strip(_QUOTES + "\"'").lower()
        hint = "写 true" if word in _YES else "写 false" if word in _NO else "是、同意写 true，否、不同意写 false"
        return f"应为 true 或 false（英文小写，不加引号）：{hint}，而不是“{shorten(text)}”"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "slug":
        from generator.slugs import slugify
        return (f"网址名（slug）只能用小写英文字母、数字和连字符“-”，不能有汉字、空格或大写字母："
                f"例如写成 {slugify(text) or 'my-page'}，或删掉这一行（默认取文件名）")
    if any(quote in text for quote in _QUOTES):
        bare = re.sub("[“”‘’]", "", text) or text
        return f"{message}；{CHINESE_QUOTES.format(bare=shorten(bare))}"
    return message


def _plain_message(error: dict[str, Any], loc: Loc, model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_field(loc, model)
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"应为以下之一：{expected}"
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(**ctx)
    if kind == "field_check":
        return ctx["message"]
    if _CHINESE.search(error["msg"]):
        return error["msg"]  # our own PydanticCustomErrors are already in Chinese
    return "值的写法不对：请对照 yizhan new 生成的示例修改"


def _unknown_field(loc: Loc, model: type[BaseModel]) -> str:
    allowed = _allowed_names(model, loc[:-1])
    name = str(loc[-1])
    close = difflib.get_close_matches(name[:100], allowed, n=1, cutoff=0.6)
    hint = f"是不是想写“{close[0]}”？" if close else ""
    return f"未知字段“{shorten(name)}”。{hint}这里可用的字段有：{', '.join(allowed)}"


def _allowed_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` inside `model` (following nested models)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        field = next((f for n, f in fields.items() if (f.alias or n) == part), None)
        current = _inner_model(field.annotation) if field else None
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items() if not f.exclude]


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside `X | None`, `list[X]` or `Annotated[X, …]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    candidates = (getattr(annotation, "__origin__", None), *(getattr(annotation, "__args__", ()) or ()))
    for candidate in candidates:
        if candidate is not None and candidate is not annotation:
            found = _inner_model(candidate)
            if found is not None:
                return found
    return None
