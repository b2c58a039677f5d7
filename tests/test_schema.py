"""`yizhan schema`: JSON Schemas from the validating models accept the example content and
reject the bad inputs of test_validation.py that JSON Schema can express."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.config import load_config
from generator.content.loader import find_sources, read_source
from generator.kinds import BY_NAME, KINDS
from generator.problems import Report
from generator.schema import type_schema
from tests.conftest import REPO, SiteDir

CONFIG = load_config(REPO / "site_config.yml")
VALIDATORS = {t.name: jsonschema.Draft202012Validator(type_schema(t, CONFIG)) for t in KINDS}


def _examples():
    for type_, path in find_sources(CONFIG.content_dir):
        if type_ is not None:
            yield pytest.param(type_, path, id=path.relative_to(CONFIG.content_dir).as_posix())


@pytest.mark.parametrize(("type_", "path"), list(_examples()))
def test_every_example_file_validates(type_, path):
    source = read_source(path, path.name, type_, Report())
    assert source is not None
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATORS[type_.name].iter_errors(source.doc.data)]
    assert not errors


def test_every_type_is_a_schema_of_its_own():
    for type_ in KINDS:
        jsonschema.Draft202012Validator.check_schema(type_schema(type_, CONFIG))
        assert type_schema(type_)["properties"].keys() == type_schema(type_, CONFIG)["properties"].keys()


@pytest.mark.parametrize(
    ("type_", "front"),
    [
        ("events", {"title": "活动", "start": "2026-11-27 19:00", "locaton": "党员活动室"}),   # unknown field
        ("notices", {"title": "通知"}),                                                   # missing date
        ("notices", {"title": "通知", "date": "2026-13-01"}),
        ("notices", {"title": "通知", "date": "2026/11/20"}),
        ("notices", {"title": "通知", "date": "下周一"}),
        ("lessons", {"title": "党课", "date": "2026-11-20", "time": "25:00"}),
        ("events", {"title": "活动", "start": "2026-11-27 7pm"}),
        ("events", {"title": "活动", "start": "2026-11-27 19:00", "repeat": {"freq": "weekly", "days": ["thu", "fry"]}}),
        ("events", {"title": "活动", "start": "2026-11-27 19:00", "category": "体育"}),   # not in the config
        ("figures", {"title": "张三", "role": "2023级 学生党员"}),                          # no consent
        ("notices", {"title": "通知", "date": "2026-11-20", "slug": "中文"}),
    ],
)
def test_bad_inputs_are_rejected(type_, front):
    assert list(VALIDATORS[type_].iter_errors(front))


def test_shorthands_are_accepted():
    assert not list(VALIDATORS["notices"].iter_errors({"title": "通知", "date": "2026-11-20", "audience": "全体学生",
                                                        "attachments": ["a.pdf", {"title": "表", "file": "b.pdf"}]}))
    assert not list(VALIDATORS["figures"].iter_errors({"title": "张三", "role": "学生", "consent": True,
                                                        "honors": ["2025年 国家奖学金", {"year": 2024, "title": "三好学生"}]}))


def test_export_writes_schemas_and_vscode_settings(cli, site: SiteDir):
    site.write("site_config.yml", site.config.read_text() + "extra_fields: [wechat_article]\n")
    run = cli("schema", "--config", site.config)
    assert run.code == 0, run.err
    out = site.root / ".vscode" / "yizhan-schemas"
    events = json.loads((out / "events.schema.json").read_text(encoding="utf-8"))
    assert events["properties"]["category"]["anyOf"][0]["enum"] == ["党建活动", "学业帮扶"]
    assert "wechat_article" in events["properties"]
    settings = json.loads((site.root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./.vscode/yizhan-schemas/events.schema.json"] == ["content/events/**/*.md"]
    assert set(BY_NAME) == {p.name.removesuffix(".schema.json") for p in out.glob("*.schema.json")}
