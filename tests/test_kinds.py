"""Content kinds are data (generator/kinds/): one module each, the one list `KINDS`, and
nothing else in the code base that knows a kind by its name."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterator

import pytest

from generator import kinds
from tests.conftest import REPO, TODAY

LOSTFOUND_MODULE = '''
"""失物招领: things found in the building, waiting for their owner."""

from generator.content.fields import Date, Text
from generator.content.schemas import Common
from generator.kinds.base import Kind, PosterSection


class LostItem(Common):
    date: Date
    location: Text | None = None
    contact: Text | None = None
    marks: list[Text] = []


KIND = Kind("lostfound", "失物招领", LostItem, ("-date", "title"), words=("失物", "招领"), in_feed=True,
            home=lambda site: site.of(KIND)[:3], poster_default=True,
            poster_sections=(PosterSection("marks", "特征"),))
'''

TEMPLATES = {
    "theme/pages/lostfound.md.j2": '''{% extends "pages/item.md.j2" %}
{% block facts %}
{{ fact("拾到日期", f.date | zh_date) }}
{{ fact("领取地点", f.location) }}
{% endblock %}
''',
    "theme/cards/lostfound.html.j2": '''<span class="yz-card__title">{{ item.title }}</span>
<span class="yz-card__meta">{{ item.fields.date | zh_date }} · {{ item.fields.location }}</span>
''',
    "theme/lists/lostfound.md.j2": '{% extends "lists/list.md.j2" %}\n',
    "theme/posters/lostfound.html.j2": '{% extends "posters/poster.html.j2" %}\n',
    "theme/scaffold/lostfound.md.j2": '''{% import "scaffold/_common.j2" as common with context %}
---
{{ common.head() }}
date: {{ today }}                 # 拾到日期
location: 社区服务大厅            # 领取地点
{{ common.tail("true") }}
---

【待填写】在哪里拾到，有什么特征，到哪里领取。
''',
}


@pytest.fixture
def lostfound(tmp_path: Path) -> Iterator[kinds.Kind]:
    """The throw-away kind: one module (outside the package) and its templates."""
    (tmp_path / "lostfound_kind.py").write_text(LOSTFOUND_MODULE, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    import lostfound_kind  # noqa: PLC0415

    kinds.KINDS.append(lostfound_kind.KIND)
    kinds.BY_NAME[lostfound_kind.KIND.name] = lostfound_kind.KIND
    yield lostfound_kind.KIND
    kinds.KINDS.remove(lostfound_kind.KIND)
    del kinds.BY_NAME[lostfound_kind.KIND.name]
    sys.path.remove(str(tmp_path))
    del sys.modules["lostfound_kind"]


def test_a_new_kind_is_one_module_and_its_templates(lostfound, site, cli, tmp_path: Path) -> None:  # noqa: ANN001
    for path, text in TEMPLATES.items():
        site.write(path, text)
    site.item("lostfound/yusan.md", "title: 一把蓝色雨伞\ndate: 2026-11-20\nlocation: 社区服务大厅\nmarks: [蓝色, 折叠]",
              "在一楼自习室拾到，请失主到服务大厅领取。\n")
    site.item("notices/a.md", "title: 停水通知\ndate: 2026-11-20")
    assert cli("check", "--config", site.config, "--today", TODAY).code == 0
    result = cli("build", "--config", site.config, "--today", TODAY)
    assert result.code == 0, result.err
    out = site.root / "site"
    page = (out / "lostfound/yusan/index.html").read_text(encoding="utf-8")
    assert "一把蓝色雨伞" in page and "拾到日期" in page and "社区服务大厅" in page
    listing = (out / "lostfound/index.html").read_text(encoding="utf-8")
    assert 'href="yusan/"' in listing and "失物招领" in (out / "index.html").read_text(encoding="utf-8")  # a tab
    assert "一把蓝色雨伞" in (out / "feed.xml").read_text(encoding="utf-8")
    assert (out / "posters/lostfound-yusan.pdf").is_file()
    assert "lostfound/yusan/" in "".join(p.read_text(encoding="utf-8") for p in (out / "search").rglob("*.js"))
    made = cli("new", "失物", "一串钥匙", "--config", site.config)  # one of its words
    assert made.code == 0, made.err
    new_file = next((site.root / "content/lostfound").glob("yi-chuan-yao-shi*.md"))
    assert "title: 一串钥匙" in new_file.read_text(encoding="utf-8")
    assert cli("check", "--config", site.config, "--today", TODAY).code == 0  # a draft, as written


def test_no_kind_is_known_by_name_outside_its_module() -> None:
    """A kind's name as a string literal anywhere in generator/ but kinds/ is a table keyed by
    kind names growing back (misspelt, it would fail silently)."""
    names = "|".join(kind.name for kind in kinds.KINDS)
    pattern = re.compile(rf"""["'](?:{names})["']""")
    found = [f"{path.relative_to(REPO)}:{n}: {line.strip()}"
             for path in sorted((REPO / "generator").rglob("*.py")) if "kinds" not in path.parts
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line) and "cache" not in line and "ASSET_FOLDERS" not in line]
    assert found == []


def test_every_kind_has_its_templates() -> None:
    for kind in kinds.KINDS:
        for template in (kind.template, f"cards/{kind.name}.html.j2", f"scaffold/{kind.name}.md.j2"):
            assert (REPO / "theme" / template).is_file(), template
        if kind.listed:
            assert (REPO / "theme" / "lists" / f"{kind.name}.md.j2").is_file(), kind.name
