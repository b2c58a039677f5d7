"""The front matter of each content type, as pydantic models (SPEC §2).

These models are the single source of truth: they validate content, and
`yizhan schema` exports them as JSON Schema for editors.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from generator.content.fields import (
    AssetPath,
    Date,
    DateOrDateTime,
    ImagePath,
    Line,
    OrText,
    Slug,
    StrictModel,
    Text,
    TextList,
    Time,
    Url,
    Weekday,
)


def _file_shorthand(value: Any) -> Any:
    return {"file": value} if isinstance(value, str) else value


def _title_shorthand(value: Any) -> Any:
    return {"title": value} if isinstance(value, (str, int)) and not isinstance(value, bool) else value


class Attachment(StrictModel):
    """A file offered for download: `file.pdf` or `{title: 报名表, file: file.pdf}`."""

    title: Line | None = None
    file: AssetPath

    @property
    def label(self) -> str:
        return self.title or self.file.name


class PosterChoice(StrictModel):
    """`poster: A3`, `poster: A4 横向`: this item gets a poster, on this paper."""

    size: Literal["A4", "A3"] | None = None
    orientation: Literal["portrait", "landscape"] | None = None


_PAPER_WORDS = {
    "a4": ("size", "A4"), "a3": ("size", "A3"),
    "portrait": ("orientation", "portrait"), "竖向": ("orientation", "portrait"), "纵向": ("orientation", "portrait"),
    "landscape": ("orientation", "landscape"), "横向": ("orientation", "landscape"),
}


def _poster_choice(value: Any) -> Any:
    """`poster`: true/false, or paper words (`A3`, `A4 横向`, `landscape`) meaning true on that paper."""
    if value is None or isinstance(value, bool):
        return value
    words = str(value).replace(",", " ").replace("，", " ").split() if isinstance(value, str) else []
    if words and all(word.lower() in _PAPER_WORDS for word in words):
        return PosterChoice(**dict(_PAPER_WORDS[word.lower()] for word in words))
    raise PydanticCustomError("poster", "应为 true 或 false，或海报的纸张和方向，如 A3、A4 横向")


PosterField = Annotated[
    bool | PosterChoice | None,
    BeforeValidator(_poster_choice),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": "^((A4|a4|A3|a3|portrait|landscape|横向|竖向|纵向)[ ,，]*)+$"}]}),
]


PICTURE_FIELDS = ("cover", "photo")  # an item's own picture: a cover, else (a figure's) photo


class Common(StrictModel):
    """Fields every type has."""

    title: Line = Field(description="标题（典型人物：姓名）")
    summary: Text | None = Field(None, description="摘要；不写则取正文第一段")
    tags: TextList = Field(default_factory=list, description="标签，如 [党建, 学业]")
    draft: bool = Field(False, description="草稿：为 true 时不发布")
    slug: Slug | None = Field(None, description="网址中的名字，只能用小写字母、数字和 -")
    cover: ImagePath | None = Field(None, description="封面图片")
    attachments: list[Annotated[Attachment, BeforeValidator(_file_shorthand), OrText()]] = Field(
        default_factory=list, description="附件：文件路径，或 {title, file}"
    )
    poster: PosterField = Field(None, description="是否生成海报 PDF；也可写纸张，如 A3、A4 横向")


class Notice(Common):
    """通知公告."""

    date: Date = Field(description="发布日期")
    expires: Date | None = Field(None, description="过期日期：之后从首页撤下，标记为已过期")
    pinned: bool = Field(False, description="置顶")
    audience: TextList = Field(default_factory=list, description="面向：楼栋、楼层、年级")

    @model_validator(mode="after")
    def _expires_after_date(self) -> "Notice":
        if self.expires and self.expires < self.date:
            raise _at("expires", "过期日期早于发布日期：expires 应不早于 date")
        return self


class Repeat(StrictModel):
    """How an event repeats: `{freq: weekly, days: [thu], until: 2026-12-31}`."""

    freq: Literal["daily", "weekly", "monthly"] = Field(description="重复频率")
    interval: int = Field(1, ge=1, description="每隔几个周期，如 2 表示隔周")
    days: list[Weekday] = Field(default_factory=list, description="星期几：mon tue wed thu fri sat sun")
    day: int | None = Field(None, ge=1, le=31, description="每月的第几天（monthly）")
    nth: tuple[int, Weekday] | None = Field(None, description="每月第几个星期几，如 [-1, fri] 表示最后一个周五")
    until: Date | None = Field(None, description="重复到哪天（含这一天）")
    count: int | None = Field(None, ge=1, description="一共举行几次")

    @model_validator(mode="after")
    def _consistent(self) -> "Repeat":
        if self.until and self.count:
            raise _at("count", "until 和 count 只能写一个：要么写到哪天结束，要么写一共几次")
        if self.freq != "monthly" and (self.day or self.nth):
            raise _at("day" if self.day else "nth", "day 和 nth 只用于 freq: monthly")
        if self.day and self.nth:
            raise _at("nth", "day 和 nth 只能写一个")
        if self.nth and not (1 <= abs(self.nth[0]) <= 5):
            raise _at("nth", "nth 的第一个数应为 1 到 5（第几个），或 -1（最后一个）")
        return self


class Event(Common):
    """活动."""

    start: DateOrDateTime = Field(description="开始：YYYY-MM-DD HH:MM，全天活动只写日期")
    end: DateOrDateTime | None = Field(None, description="结束：与 start 同样的写法")
    location: Text | None = Field(None, description="地点")
    organizer: Text | None = Field(None, description="主办")
    category: Text | None = Field(None, description="类别（见 site_config.yml 的 categories.events）")
    registration: Url | None = Field(None, description="报名链接")
    capacity: int | None = Field(None, ge=1, description="名额")
    repeat: Repeat | None = Field(None, description="重复规则")
    except_: list[Date] = Field(default_factory=list, alias="except", description="不举行的日期")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def end_or_default(self) -> date | datetime:
        """SPEC: one hour after a timed start; the same day for an all-day event."""
        if self.end is not None:
            return self.end
        return self.start + timedelta(hours=1) if not self.all_day else self.start

    @model_validator(mode="after")
    def _end_after_start(self) -> "Event":
        if self.end is None:
            return self
        if isinstance(self.end, datetime) != isinstance(self.start, datetime):
            raise _at("end", "end 应与 start 写法相同：都写日期时间，或（全天活动）都只写日期")
        if self.end < self.start or (self.end == self.start and not self.all_day):
            raise _at("end", "结束时间早于开始时间：end 应晚于 start")
        return self


class Lesson(Common):
    """党课."""

    date: Date = Field(description="日期")
    time: Time | None = Field(None, description="开始时间 HH:MM：写了就会出现在日历上")
    speaker: Text | None = Field(None, description="主讲人")
    series: Text | None = Field(None, description="系列，如 微党课、专题党课")
    location: Text | None = Field(None, description="地点")
    readings: TextList = Field(default_factory=list, description="学习材料")


class Honor(StrictModel):
    """A figure's honour: `2025年 国家奖学金` or `{year: 2025, title: 国家奖学金}`."""

    year: int | None = Field(None, ge=1900, le=2100)
    title: Line


class Figure(Common):
    """典型人物."""

    role: Text = Field(description="身份，如 2023级计算机应用技术 学生党员")
    photo: ImagePath | None = Field(None, description="照片")
    honors: list[Annotated[Honor, BeforeValidator(_title_shorthand), OrText()]] = Field(
        default_factory=list, description="荣誉：文字，或 {year, title}")
    year: int | None = Field(None, ge=1900, le=2100, description="评选年份")
    quote: Text | None = Field(None, description="一句话寄语")
    consent: bool = Field(False, description="本人已同意公开（必须为 true）")

    @model_validator(mode="after")
    def _consented(self, info: ValidationInfo) -> "Figure":
        if (info.context or {}).get("require_consent") and not self.consent:  # privacy.require_consent
            raise _at("consent", "典型人物须经本人同意才能公开：确认后写 consent: true"
                                 "（或在 site_config.yml 关闭 privacy.require_consent）")
        return self


class Contact(StrictModel):
    phone: Text | None = None
    email: Text | None = None
    qq: Text | None = None
    wechat: Text | None = None
    url: Url | None = None


class OpeningHours(StrictModel):
    """`{days: [mon, tue], open: "08:30", close: "11:30"}`."""

    days: list[Weekday] = Field(min_length=1)
    open: Time
    close: Time

    @model_validator(mode="after")
    def _close_after_open(self) -> "OpeningHours":
        if self.close <= self.open:
            raise _at("close", "关门时间应晚于开门时间")
        return self


class Service(Common):
    """服务目录."""

    category: Text = Field(description="类别（见 categories.services）")
    location: Text = Field(description="地点")
    provider: Text | None = Field(None, description="提供方")
    contact: Contact | None = Field(None, description="联系方式 {phone, email, qq, wechat, url}")
    hours: list[OpeningHours] = Field(default_factory=list, description="开放时间")
    hours_note: Text | None = Field(None, description="开放时间补充说明")
    steps: TextList = Field(default_factory=list, description="办理步骤")
    materials: TextList = Field(default_factory=list, description="所需材料")


class Source(StrictModel):
    title: Line
    url: Url | None = None


class Deadline(StrictModel):
    date: Date
    title: Line


class Policy(Common):
    """政策指南."""

    category: Text = Field(description="类别（见 categories.policies）")
    reviewed: Date = Field(description="最近一次对照原文核对的日期")
    issued_by: Text | None = Field(None, description="发文单位")
    effective: Date | None = Field(None, description="生效日期")
    expires: Date | None = Field(None, description="失效日期")
    source: Source | None = Field(None, description="原文 {title, url}")
    applies_to: TextList = Field(default_factory=list, description="适用对象")
    steps: TextList = Field(default_factory=list, description="办理步骤")
    materials: TextList = Field(default_factory=list, description="所需材料")
    deadlines: list[Deadline] = Field(default_factory=list, description="截止日期 [{date, title}]")


class StaticPage(Common):
    """其他页面（关于我们 …）."""

    order: int = Field(0, description="在导航中的顺序，小的在前")


def _at(field: str, message: str) -> PydanticCustomError:
    """An error of a model-level check, attributed to one field (see validate.py)."""
    return PydanticCustomError("field_check", "{message}", {"field": field, "message": message})


__all__ = ["Notice", "Event", "Lesson", "Figure", "Service", "Policy", "StaticPage", "Common", "Path"]
