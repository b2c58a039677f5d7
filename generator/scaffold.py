"""`yizhan new TYPE TITLE`: a new content file with every field to fill in; `yizhan init`:
a new site directory (SPEC §4).

The file is rendered from `theme/scaffold/<type>.md.j2` (a site's own theme/ may
override it): required fields are filled with sensible values (an event next week at
19:00, `draft: true`), optional ones are written as commented examples. The file
passes `yizhan check` as written; "【待填写】" marks what still needs real content, and
is an error once the item is published (a warning while it is a draft). The file speaks
in the words of this site's config (its name, its categories), never the example site's.

`init` writes `theme/scaffold/site_config.yml.j2` and `logo.svg.j2`, and one example of
every kind (a draft) rendered as `new` would, into a folder that must be new or empty;
it is written beside and moved into place at the end, so a failure leaves nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
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


def _env(site_theme: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(site_theme)]),
        autoescape=False,   # YAML and Markdown, not HTML
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["yq"] = yaml_text
    return env


def render(type_: Kind, title: str, today: date, categories: list[str], site_theme: Path | None,
           site_name: str = "社区") -> str:
    next_week = today + timedelta(days=7)
    text = _env(site_theme).get_template(f"scaffold/{type_.name}.md.j2").render(
        title=title, today=today, next_week=next_week, days=lambda n: timedelta(days=n),
        weekday=WEEKDAYS[next_week.weekday()], weekday_zh=WEEKDAY_NAMES[WEEKDAYS[next_week.weekday()]],
        categories=categories, slug=file_name(title), site_name=site_name,
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
    path = folder / f"{file_name(title)}.md"
    shown = path.relative_to(config.root).as_posix()
    if path.exists():
        print(f"yizhan: 已经有这个文件了：{shown}（标题“{title}”）。请打开它接着写；"
              "如果要另写一篇，请换一个标题", file=sys.stderr)
        return 2
    categories = list(config.categories.get(type_.name, []))  # type: ignore[call-overload]
    text = render(type_, title, today_from(today, config), categories, config.theme_dir, config.site_name)
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as file:   # never over another file
        file.write(text)
    print(f"已新建 {shown}（{type_.label}，草稿）")
    print("下一步：打开它，把“【待填写】”改成真实内容；用 yizhan serve 预览；"
          "写好后把 draft: true 改为 false，再运行 yizhan check。")
    return 0





def init(folder: Path, name: str, today: str | None = None) -> int:
    """A new site directory in `folder` (new or empty); exit code 0, or 2."""
    name = " ".join(name.split())
    if not name:
        print("yizhan: 请用 --name 写社区的名称，例如：yizhan init 青禾社区 --name 青禾学生社区", file=sys.stderr)
        return 2
    if len(name) > 60:
        print("yizhan: 社区名称太长：最多 60 个字", file=sys.stderr)
        return 2
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        print(f"yizhan: {folder} 是一个文件，不是文件夹：请换一个新文件夹的名字", file=sys.stderr)
        return 2
    if folder.is_dir() and any(folder.iterdir()):
        print(f"yizhan: 文件夹 {folder} 里已经有东西了：init 只在新的或空的文件夹里建网站，"
              "不会覆盖已有的文件。请换一个新文件夹的名字", file=sys.stderr)
        return 2
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
    try:
        _write_site(work, name, date.fromisoformat(today) if today else date.today())
        if folder.is_dir():
            folder.rmdir()
        os.replace(work, folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    print(f"已新建社区网站：{folder}")
    print(f"下一步：cd {folder}；打开 site_config.yml 填好网址和单位；"
          "yizhan new 通知 \"标题\" 写第一篇内容；yizhan serve 预览；yizhan build 生成网站。"
          "content/ 里每个文件夹都有一篇示例（草稿），看过后可以删掉。")
    return 0


# content/assets/ of a new site: pictures, files to download, photos of figures (as the guide says)
ASSET_FOLDERS = ("images", "files", "figures")


def _write_site(root: Path, name: str, today: date) -> None:
    env = _env(None)
    values = {"name": name, "initial": name[0], "today": today}
    (root / "site_config.yml").write_text(env.get_template("scaffold/site_config.yml.j2").render(**values),
                                          encoding="utf-8")
    assets = root / "content" / "assets"
    for sub in ASSET_FOLDERS:
        (assets / sub).mkdir(parents=True)
    env_xml = jinja2.Environment(loader=env.loader, autoescape=True, keep_trailing_newline=True)
    (assets / "logo.svg").write_text(env_xml.get_template("scaffold/logo.svg.j2").render(**values), encoding="utf-8")
    for type_ in KINDS:
        title = (type_.example or f"示例{type_.label}").format(name=name)
        folder = root / "content" / type_.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{file_name(title)}.md").write_text(render(type_, title, today, [], None, name), encoding="utf-8")
