"""`yizhan new TYPE TITLE`: a new content file with every field to fill in.

The file is rendered from `theme/scaffold/<type>.md.j2` (a site's own theme/ may
override it): required fields are filled with sensible values (an event next week at
19:00, `draft: true`), optional ones are written as commented examples. The file
passes `yizhan check` as written; "【待填写】" marks what still needs real content and
`check` warns about it once the draft is published.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import jinja2
import yaml

from generator.config import load_config
from generator.content.fields import WEEKDAYS, WEEKDAY_NAMES
from generator.kinds import KINDS, Kind
from generator.model import today_from
from generator.render.templates import theme_dirs
from generator.slugs import slugify

MAX_NAME = 60


def find_type(word: str) -> Kind | None:
    """notices / 通知公告 / 通知 … → the type."""
    word = word.strip().lower()
    for type_ in KINDS:
        if word in (type_.name, type_.label, *type_.words):
            return type_
    return None


def file_name(title: str) -> str:
    """A readable ASCII file name: pinyin, cut at a word boundary."""
    slug = slugify(title)
    if len(slug) > MAX_NAME:
        slug = slug[:MAX_NAME].rsplit("-", 1)[0]
    return slug


def yaml_text(value: str) -> str:
    """A YAML scalar for `value`: plain when YAML reads it back unchanged, else quoted."""
    plain = yaml.safe_dump(value, allow_unicode=True, default_style=None).removesuffix("\n...\n").strip()
    if "\n" not in plain and not plain.startswith(("'", '"')) and "#" not in plain:
        return plain
    return json.dumps(value, ensure_ascii=False)


def render(type_: Kind, title: str, today: date, categories: list[str], site_theme: Path | None) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(site_theme)]),
        autoescape=False,   # YAML and Markdown, not HTML
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["yq"] = yaml_text
    next_week = today + timedelta(days=7)
    text = env.get_template(f"scaffold/{type_.name}.md.j2").render(
        title=title, today=today, next_week=next_week, days=lambda n: timedelta(days=n),
        weekday=WEEKDAYS[next_week.weekday()], weekday_zh=WEEKDAY_NAMES[WEEKDAYS[next_week.weekday()]],
        categories=categories, slug=file_name(title),
    )
    return text.lstrip("\n")


def new(config_path: Path, type_word: str, title: str, today: str | None = None) -> int:
    """Write the new file; exit code 0, or 2 for an unknown type or an empty title."""
    type_ = find_type(type_word)
    if type_ is None:
        names = "、".join(f"{t.name}（{t.label}）" for t in KINDS)
        print(f"yizhan: 不认识的内容类型“{type_word}”，应为：{names}", file=sys.stderr)
        return 2
    title = title.strip()
    if not title:
        print("yizhan: 标题不能为空，例如：yizhan new 活动 \"迎新晚会\"", file=sys.stderr)
        return 2
    config = load_config(config_path)
    folder = config.content_dir / type_.name
    base = file_name(title)
    path, n = folder / f"{base}.md", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.md", n + 1
    categories = list(config.categories.get(type_.name, []))  # type: ignore[call-overload]
    text = render(type_, title, today_from(today, config), categories, config.theme_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    shown = path.relative_to(config.root).as_posix()
    print(f"已新建 {shown}（{type_.label}，草稿）")
    print("下一步：打开它，把“【待填写】”改成真实内容；用 yizhan serve 预览；"
          "写好后把 draft: true 改为 false，再运行 yizhan check。")
    return 0

