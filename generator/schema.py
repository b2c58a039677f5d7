"""`yizhan schema`: a JSON Schema per content type, for completion and checks in editors.

The schemas come from the pydantic models that validate content
(`generator/content/schemas.py`, via `model_json_schema`), never from a second copy.
What the site's config adds is applied on top: the allowed categories become an `enum`,
`extra_fields` are allowed, and `consent: true` is required when the config asks for it.

Editors: VS Code's YAML extension (redhat.vscode-yaml) maps schemas to files with
`yaml.schemas`, but it reads a file only when the file's language is YAML: the front
matter of a Markdown file is not validated in Markdown mode (vscode-yaml issue #207,
open). docs/guide.md says what works; `yizhan check` and `yizhan serve` always do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.config import SiteConfig, load_config
from generator.kinds import KINDS, Kind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_OUT = Path(".vscode") / "yizhan-schemas"


def type_schema(type_: Kind, config: SiteConfig | None = None) -> dict[str, Any]:
    """The JSON Schema of one type's front matter, with the site's config applied."""
    schema = type_.model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": SCHEMA_DIALECT, **schema, "title": f"一站 · {type_.label}（{type_.name}）的属性区"}
    if config is None:
        return schema
    properties = schema["properties"]
    allowed = config.categories.get(type_.name)  # type: ignore[call-overload]
    if type_.category_field and allowed:
        field = properties[type_.category_field]
        options = field.get("anyOf", [field])
        for option in options:
            if option.get("type") == "string":
                option["enum"] = list(allowed)
    for name in sorted(config.extra_fields_for(type_.name)):
        properties.setdefault(name, {"description": "site_config.yml 的 extra_fields 中允许的字段"})
    if "consent" in properties and config.privacy.require_consent:
        properties["consent"] = {**properties["consent"], "const": True}
        schema["required"] = sorted({*schema.get("required", []), "consent"})
    return schema


def vscode_settings(out: Path, root: Path) -> dict[str, Any]:
    """`yaml.schemas` for `.vscode/settings.json`: each type folder's files → its schema."""
    base = out.resolve().relative_to(root.resolve()).as_posix() if out.resolve().is_relative_to(root.resolve()) \
        else out.resolve().as_posix()
    prefix = "./" if not base.startswith("/") else ""
    return {
        "yaml.schemas": {f"{prefix}{base}/{t.name}.schema.json": [f"content/{t.name}/**/*.md"] for t in KINDS},
    }


def export(config_path: Path, out: Path | None = None) -> int:
    """Write the schemas and the settings snippet; create .vscode/settings.json if there is none."""
    config = load_config(config_path)
    root = config.root
    out = (out if out is not None else root / DEFAULT_OUT)
    out = out if out.is_absolute() else Path.cwd() / out
    out.mkdir(parents=True, exist_ok=True)
    for type_ in KINDS:
        text = json.dumps(type_schema(type_, config), ensure_ascii=False, indent=2) + "\n"
        (out / f"{type_.name}.schema.json").write_text(text, encoding="utf-8")
    settings = vscode_settings(out, root)
    snippet = json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    (out / "vscode-settings.json").write_text(snippet, encoding="utf-8")
    print(f"已写出 {len(KINDS)} 个 JSON Schema：{out}")
    target = root / ".vscode" / "settings.json"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(snippet, encoding="utf-8")
        print(f"已创建 {target}（VS Code 的 YAML 扩展据此把 content/ 里的文件对应到 Schema）")
    else:
        print(f"{target} 已存在，没有改动。请把下面的设置合并进去：")
        print(snippet, end="")
    print("提示：VS Code 的 YAML 扩展只在文件的语言模式为 YAML 时检查属性区，详见 docs/guide.md“在编辑器里检查”。")
    return 0
