"""Field types shared by the content schemas, each with a Chinese error and a JSON Schema.

Values arrive as the strings a volunteer typed (see `generator.yamltext`); these types
parse them and say what is expected when they cannot.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema
from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from generator.paths import resolved
from generator.problems import shorten

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = dict(zip(WEEKDAYS, "一二三四五六日"))


def days_text(days: Any) -> str:
    """Weekdays the Chinese way, compactly: 每天, 周一至周五, 周六、周日, 周一至周三、周五."""
    chosen = sorted({WEEKDAYS.index(d) for d in days})
    if len(chosen) == 7:
        return "每天"
    runs: list[list[int]] = []
    for index in chosen:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    def name(index: int) -> str:
        return "周" + WEEKDAY_NAMES[WEEKDAYS[index]]

    parts = [f"{name(run[0])}至{name(run[-1])}" if len(run) >= 3 else "、".join(map(name, run)) for run in runs]
    return "、".join(parts)


class StrictModel(BaseModel):
    """A block of front matter: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


def _fail(kind: str, message: str, **context: Any) -> PydanticCustomError:
    """Our error; a value quoted in it is cut short (the problem stays one readable line)."""
    context = {key: shorten(value) if isinstance(value, str) else value for key, value in context.items()}
    return PydanticCustomError(kind, message, context or None)


def _parse_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        try:
            return date(*map(int, text.split("-")))
        except ValueError:
            raise _fail("date_invalid", "日期“{value}”不存在，请检查月份和日", value=text) from None
    raise _fail("date_format", "日期应写成 YYYY-MM-DD（例如 2026-11-20），而不是“{value}”", value=text)


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})[:：](\d{2})", text)
    if match:
        hour, minute = map(int, match.groups())
        if hour < 24 and minute < 60:
            return time(hour, minute)
        raise _fail("time_invalid", "时间“{value}”不存在：小时应为 0–23，分钟应为 0–59", value=text)
    raise _fail("time_format", "时间应写成 24 小时制 HH:MM（例如 19:00），而不是“{value}”", value=text)


def _parse_date_or_datetime(value: Any) -> date | datetime:
    if isinstance(value, (date, datetime)):
        return value
    text = str(value).strip()
    if " " in text or "T" in text:
        day, _, clock = text.replace("T", " ").partition(" ")
        try:
            return datetime.combine(_parse_date(day), _parse_time(clock.strip()))
        except PydanticCustomError:
            raise _fail(
                "datetime_format",
                "日期时间应写成 YYYY-MM-DD HH:MM（例如 2026-11-27 19:00），而不是“{value}”",
                value=text,
            ) from None
    return _parse_date(text)


def _parse_text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _fail("text_type", "应为一段文字")
    return str(value).strip()


def _parse_line(value: Any) -> str:
    text = _parse_text(value)
    if "\n" in text:
        raise _fail("one_line", "应写在一行里，不能换行（标题和名称会用在网页标题、日历和海报上）")
    return text


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


def _check_url(value: Any) -> str:
    text = _parse_text(value)
    if not re.fullmatch(r"https?://[^\s<>\"]+", text):
        raise _fail("url_format", "应为以 http:// 或 https:// 开头的网址，而不是“{value}”", value=text)
    return text


def _resolve_path(value: Any, info: ValidationInfo) -> Path:
    """A path in front matter: relative to the Markdown file, or `/…` from `content/`."""
    text = _parse_text(value)
    context = info.context or {}
    source: Path | None = context.get("source")
    if source is None:  # validation without a file (JSON Schema examples): keep as written
        return Path(text)
    base = Path(context["content_root"]) if text.startswith("/") else source.parent
    path = resolved(base / text.lstrip("/"))
    site_root = resolved(Path(context["site_root"]))
    if not path.is_relative_to(site_root):
        raise _fail("path_outside", "路径“{value}”指向站点目录之外，请把文件放进 content/ 里", value=text)
    if not path.is_file():
        hint = _missing_hint(text, path).replace("{", "{{").replace("}", "}}")
        raise _fail("path_missing", "找不到文件“{value}”：" + hint, value=text)
    return path


def _missing_hint(text: str, path: Path) -> str:
    """“Did you mean” a file of a similar name in the same folder, else where files go."""
    folder = path.parent
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    except OSError:
        names = []
    lowered = {name.lower(): name for name in names}
    close = ([lowered[path.name.lower()]] if path.name.lower() in lowered else
             [n for n in names if n.rsplit(".", 1)[0].lower() == path.stem.lower()][:1]
             or difflib.get_close_matches(path.name, names, n=1, cutoff=0.6))
    if close:
        written = text[: len(text) - len(text.rsplit("/", 1)[-1])] + close[0]
        return f"是不是想写“{shorten(written)}”？（大小写和扩展名也要一样）"
    assets = "content/assets/"
    return (f"图片和附件请放进 {assets}（如 {assets}images/），路径从本 Markdown 文件算起，"
            "如 ../assets/images/照片.jpg，或以 / 开头从 content/ 算起")


IMAGE_KINDS = "JPG、PNG、GIF、WebP 或 SVG"
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"}


def is_image(path: Path) -> bool:
    """An image a browser and WeasyPrint show: by its extension and by its first bytes."""
    suffix = path.suffix.lower()
    if suffix not in _IMAGE_SUFFIXES:
        return False
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    if suffix == ".svg":  # XML: perhaps a declaration, comments or a doctype before <svg
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
        return text.startswith("<") and "<svg" in text
    return (head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a"))
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"))


def _resolve_image(value: Any, info: ValidationInfo) -> Path:
    """A path in front matter (see `_resolve_path`) to an image."""
    path = _resolve_path(value, info)
    if (info.context or {}).get("source") is not None and not is_image(path):
        raise _fail("not_image", "“{value}”不是图片：应为 " + IMAGE_KINDS + " 格式的图片文件（按文件内容判断，不只看扩展名）",
                    value=str(value).strip())
    return path


def _string_schema(**extra: Any) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", **extra})


class OrText:
    """JSON Schema of a value that may also be written as plain text (a shorthand that a
    BeforeValidator expands: `audience: 全体学生`, `attachments: [表格.pdf]`)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(core_schema)]}


_DAY = r"\d{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])"
_CLOCK = r"([01]?\d|2[0-3]):[0-5]\d"


Text = Annotated[str, BeforeValidator(_parse_text), Field(min_length=1), _string_schema(minLength=1)]
Line = Annotated[str, BeforeValidator(_parse_line), Field(min_length=1), _string_schema(minLength=1, pattern="^[^\\n]*$")]
Date = Annotated[date, BeforeValidator(_parse_date), _string_schema(pattern=f"^{_DAY}$", examples=["2026-11-20"])]
Time = Annotated[time, BeforeValidator(_parse_time), _string_schema(pattern=f"^{_CLOCK}$", examples=["19:00"])]
DateOrDateTime = Annotated[
    date | datetime,
    BeforeValidator(_parse_date_or_datetime),
    _string_schema(pattern=f"^{_DAY}( {_CLOCK})?$", examples=["2026-11-27 19:00", "2026-12-05"]),
]
Url = Annotated[str, BeforeValidator(_check_url), _string_schema(format="uri", pattern=r"^https?://")]
AssetPath = Annotated[Path, BeforeValidator(_resolve_path), _string_schema(examples=["../assets/photo.jpg"])]
ImagePath = Annotated[Path, BeforeValidator(_resolve_image), _string_schema(examples=["../assets/photo.jpg"])]
# A slug is a folder of the output (`<type>/<slug>/`) and part of file names (`events-<slug>.pdf`):
# file systems allow 255 bytes per name, so 200 leaves room for the prefixes and suffixes.
SLUG_MAX = 200
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=SLUG_MAX)]
Weekday = Literal[WEEKDAYS]  # type: ignore[valid-type]
TextList = Annotated[list[Text], BeforeValidator(_one_or_many), OrText()]
