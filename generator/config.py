"""site_config.yml → SiteConfig (SPEC §3). Paths in it are relative to the file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator

from generator.content.fields import IMAGE_KINDS, Line, StrictModel, Text, Url, is_image
from generator.kinds import BY_NAME, KindName
from generator.palette import NAMES as PALETTE_NAMES
from generator.explain import problems_from
from generator.problems import ContentError, Report
from generator.readfile import read_text
from generator.yamltext import YamlSyntaxError, parse

TypeName = KindName


class ThemeSettings(StrictModel):
    primary: Literal[PALETTE_NAMES] = "red"  # type: ignore[valid-type]
    accent: Literal[PALETTE_NAMES] = "amber"  # type: ignore[valid-type]


class PosterSettings(StrictModel):
    size: Literal["A4", "A3"] = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"
    footer: Line | None = None
    bleed: bool = Field(False, description="加 3 毫米出血和裁切线（送印刷厂时用）")


class PolicySettings(StrictModel):
    review_after_days: int = Field(365, ge=1)


class PrivacySettings(StrictModel):
    require_consent: bool = True


class KioskSettings(StrictModel):
    seconds: int = Field(12, ge=3, le=600, description="电子公告栏（kiosk/）每张停留的秒数")


class SourceSettings(StrictModel):
    """One source of a portal (SPEC §6): a built output folder (`path`) or a site's address (`url`)."""

    name: Line = Field(description="社区名称，显示为“来自 …”")
    path: Text | None = Field(None, description="生成好的网站文件夹（相对于 site_config.yml）")
    url: Url | None = Field(None, description="网站地址，读取其 data/site.json")

    @model_validator(mode="after")
    def _one_place(self) -> "SourceSettings":
        if bool(self.path) == bool(self.url):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("source", "每个来源写 path 或 url 之一（不能都写，也不能都不写）")
        return self


class SiteConfig(StrictModel):
    site_name: Line
    site_url: Url | None = None
    description: Line | None = None
    organization: Line | None = None
    language: Literal["zh"] = "zh"
    timezone: str = "Asia/Shanghai"
    logo: Text | None = None
    theme: ThemeSettings = ThemeSettings()
    categories: dict[TypeName, list[Text]] = Field(default_factory=dict)
    posters: PosterSettings = PosterSettings()
    policies: PolicySettings = PolicySettings()
    privacy: PrivacySettings = PrivacySettings()
    kiosk: KioskSettings = KioskSettings()
    extra_fields: list[Text] | dict[TypeName, list[Text]] = Field(default_factory=list)
    # The values a notice's `audience` may take; the first means everyone (free text if empty).
    audiences: list[Text] = Field(default_factory=list, description="通知的“面向”可写的值，第一项表示全体")
    # A portal's sources (SPEC §6): other yizhan sites whose data/site.json it shows beside its own.
    sources: list[SourceSettings] = Field(default_factory=list, description="门户读取的其他社区网站")

    # Set by `load_config`, not read from the file.
    path: Path = Field(Path("site_config.yml"), exclude=True)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("tz", "未知的时区“{value}”，应为如 Asia/Shanghai 的 IANA 时区名", {"value": value})
        return value

    @field_validator("site_url")
    @classmethod
    def _trailing_slash(cls, value: str | None) -> str | None:
        return value if value is None or value.endswith("/") else value + "/"

    @property
    def root(self) -> Path:
        """The site directory: where site_config.yml is."""
        return self.path.parent

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def logo_path(self) -> Path | None:
        return (self.root / self.logo).resolve() if self.logo else None

    def extra_fields_for(self, type_name: str) -> set[str]:
        if isinstance(self.extra_fields, dict):
            return set(self.extra_fields.get(type_name, []))  # type: ignore[call-overload]
        return set(self.extra_fields)


def load_config(path: Path) -> SiteConfig:
    """Read and validate site_config.yml; raise ContentError with every problem found."""
    report = Report()
    shown = path.name
    text = read_text(path, shown, report)
    if text is None:
        raise ContentError(report)
    try:
        doc = parse(text)
    except YamlSyntaxError as exc:
        report.error(shown, exc.line, exc.field, exc.message)
        raise ContentError(report) from None
    if not isinstance(doc.data, dict):
        report.error(shown, 1, "-", "site_config.yml 应为“键: 值”的设置，至少要有 site_name")
        raise ContentError(report)
    for loc, line in doc.duplicates:
        report.error(shown, line, ".".join(map(str, loc)), "这个设置写了两次，请只保留一个")
    for name, line, message in doc.mistakes:   # e.g. a full-width comma in a list: the config's error
        report.error(shown, line, name, f"格式错误：{message}")
    if doc.mistakes:
        raise ContentError(report)
    try:
        config = SiteConfig.model_validate({**doc.data})
    except ValidationError as exc:
        report.extend(problems_from(exc, doc, shown, SiteConfig))
        raise ContentError(report) from None
    config = config.model_copy(update={"path": path.resolve()})
    if config.logo and not (config.logo_path and config.logo_path.is_file()):
        report.error(shown, doc.line(("logo",)), "logo", f"找不到标志图片“{config.logo}”（路径相对于 site_config.yml）")
    elif config.logo_path and not config.logo_path.is_relative_to(config.root.resolve()):
        report.error(shown, doc.line(("logo",)), "logo", "标志图片应放在站点目录之内")
    elif config.logo_path and not is_image(config.logo_path):
        report.error(shown, doc.line(("logo",)), "logo",
                     f"“{config.logo}”不是图片：应为 {IMAGE_KINDS} 格式的图片文件（按文件内容判断，不只看扩展名）")
    unknown_types = [name for name in config.categories if name not in BY_NAME]
    for name in unknown_types:
        report.error(shown, doc.line(("categories", name)), f"categories.{name}", "未知的内容类型")
    if report.errors:
        raise ContentError(report)
    return config
