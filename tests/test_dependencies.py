"""What yizhan imports at run time comes with `pip install yizhan` (pyproject's
`dependencies` and what they require), not only with the test extras: `jsonschema` was
in `test` while generator/portal.py imports it, so a plain install could not build."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata

from tests.conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _installed_with(names: set[str]) -> set[str]:
    """`names` and every distribution they require (extras and markers aside)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:   # required only on other Pythons (a marker)
            continue
        for requirement in requirements:
            if "extra ==" not in requirement:
                todo.append(_name(requirement))
    return seen


def test_every_module_the_generator_imports_is_a_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installed = _installed_with({_name(r) for r in project["dependencies"]})
    providers = metadata.packages_distributions()
    missing = set()
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                top = name.split(".")[0]
                if top == "generator" or top in sys.stdlib_module_names:
                    continue
                distributions = {_name(d) for d in providers.get(top, [top])}
                if not distributions & installed:
                    missing.add(f"{top} ({path.relative_to(REPO)})")
    assert not missing, f"imported but not in pyproject's dependencies: {sorted(missing)}"
