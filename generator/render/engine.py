"""The site engine: MkDocs 1.6 with Material. The only module that imports MkDocs.

It receives finished pages (a `Staging`), writes them as a docs tree with a generated
`mkdocs.yml`, and runs `mkdocs build`. Switching engines (Zensical, MkDocs 2) means
replacing this module alone: no logic of ours lives in MkDocs hooks or plugins.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.config import SiteConfig
from generator.render.pages import Staging, media_path
from generator.render.templates import theme_dirs

ASSETS = "assets/yizhan"
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": "¶", "permalink_title": "本节链接",
             "slugify": "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"}},
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.mark",
    "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde",
]


class EngineError(Exception):
    """MkDocs refused the generated site (a bug of ours, or a broken theme override)."""


def write_docs(staging: Staging, docs_dir: Path) -> None:
    """The staging tree on disk; files whose content did not change are left untouched."""
    for relative, text in staging.pages.items():
        _write_if_changed(docs_dir / relative, text.encode("utf-8"))
    for relative, source in staging.files.items():
        target = docs_dir / relative
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _stage_theme(config: SiteConfig, work: Path, staging: Staging) -> Path:
    """Material overrides and our assets, the site's theme/ over the default one."""
    overrides = work / "overrides"
    for theme in reversed(theme_dirs(config.theme_dir)):
        if (theme / "overrides").is_dir():
            shutil.copytree(theme / "overrides", overrides, dirs_exist_ok=True)
        if (theme / "assets").is_dir():
            for path in (theme / "assets").rglob("*"):
                if path.is_file():
                    staging.files[f"{ASSETS}/{path.relative_to(theme / 'assets').as_posix()}"] = path
    return overrides


def mkdocs_config(config: SiteConfig, staging: Staging, work: Path, site_dir: Path) -> dict[str, Any]:
    """The generated mkdocs.yml, as a dict."""
    logo = media_path(config, config.logo_path) if config.logo_path else None
    theme: dict[str, Any] = {
        "name": "material",
        "custom_dir": str(work / "overrides"),
        "language": "zh",
        "font": False,
        "palette": {"scheme": "default", "primary": config.theme.primary, "accent": config.theme.accent},
        "features": ["navigation.tabs", "navigation.top", "navigation.footer",
                     "content.tooltips"],
    }
    if logo:
        theme.update(logo=logo, favicon=logo)
    css = sorted(p for p in staging.files if p.startswith(ASSETS) and p.endswith(".css"))
    js = sorted(p for p in staging.files if p.startswith(ASSETS) and p.endswith(".js"))
    return {
        "site_name": config.site_name,
        "site_url": config.site_url or "",
        "site_description": config.description or "",
        "copyright": f"© {config.organization or config.site_name}",
        "docs_dir": str(work / "docs"),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": theme,
        "extra_css": css,
        "extra_javascript": js,
        "extra": {"generator": False},
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        # Material's search (lunr + a worker + fetch) is replaced by ours: see README "Search".
        "plugins": [],
        "nav": staging.nav,
        "validation": {"omitted_files": "ignore", "absolute_links": "ignore", "unrecognized_links": "warn"},
        "not_in_nav": "/*",
    }


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config: SiteConfig, staging: Staging, work: Path, site_dir: Path) -> list[str]:
    """Run `mkdocs build` of `staging` into `site_dir`; returns MkDocs' warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _stage_theme(config, work, staging)
    write_docs(staging, work / "docs")
    settings = mkdocs_config(config, staging, work, site_dir)
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    text = text.replace("'!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}'",
                        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}")
    (work / "mkdocs.yml").write_text(text, encoding="utf-8")

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, logger.level = logger.level, logging.WARNING
    logger.addHandler(handler)
    try:
        mk_config = load_config(str(work / "mkdocs.yml"))
        mk_config.plugins.on_startup(command="build", dirty=False)
        try:
            build(mk_config)
        finally:
            mk_config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise EngineError(str(exc)) from exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return handler.messages
