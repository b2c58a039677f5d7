"""The volunteers' guide (docs/guide.md) is complete and is the example site's 使用说明 page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import parser
from generator.kinds import KINDS
from tests.conftest import REPO

GUIDE = REPO / "docs" / "guide.md"
PAGE = REPO / "content" / "pages" / "shiyong-shuoming.md"


def test_the_site_page_is_the_guide():
    assert PAGE.read_bytes() == GUIDE.read_bytes(), "copy docs/guide.md to content/pages/shiyong-shuoming.md"


@pytest.mark.parametrize("type_", KINDS, ids=lambda t: t.name)
def test_every_field_has_an_example(type_):
    text = GUIDE.read_text(encoding="utf-8")
    for name, field in type_.model.model_fields.items():
        assert re.search(rf"^\s*(- )?{re.escape(field.alias or name)}:", text, re.M), f"{type_.name}.{name}"


def test_every_command_is_described():
    text = GUIDE.read_text(encoding="utf-8")
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"yizhan {command}" in text, command


def test_the_guide_page_is_built(example_site: Path):
    html = (example_site / "pages" / "shiyong-shuoming" / "index.html").read_text(encoding="utf-8")
    assert "使用说明" in html and "边写边预览" in html
    assert "![社区夜景](../assets/images/xingfuli-yejing.jpg)" in html.replace("&#40;", "(")
