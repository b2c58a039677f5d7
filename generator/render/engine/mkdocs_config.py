"""What MkDocs is given to work with: the generated `mkdocs.yml`, the Markdown extensions
(one of them added in memory: our HTML blocks put back), and the theme folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.config import SiteConfig
from generator.render.ownhtml import put_back
from generator.render.pages import Staging, media_path
from generator.render.templates import inert, theme_dirs

ASSETS = "assets/yizhan"
SLUGIFY = "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"  # a YAML tag, written as is
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": "¶", "permalink_title": "本节链接", "slugify": SLUGIFY}},
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.mark",
    "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde",
    "generator.typeset",  # a line break between Chinese characters is no space
    "generator.render.safehtml",  # the volunteers' HTML cleaned (SPEC §5: no script, no request out)
]


def stage_theme(config: SiteConfig, work: Path, staging: Staging) -> Path:
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
        "site_name": inert(config.site_name),
        "site_url": config.site_url or "",
        "site_description": inert(config.description or ""),
        "copyright": f"© {inert(config.organization or config.site_name)}",
        "docs_dir": str(work / "docs"),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": theme,
        "extra_css": css,
        "extra_javascript": js,
        "extra": {"generator": False, "timezone": config.timezone},  # calendar.js reads it
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        # Material's search (lunr + a worker + fetch) is replaced by ours: see README "Search".
        "plugins": [],
        "nav": staging.nav,
        "validation": {"omitted_files": "ignore", "absolute_links": "ignore", "unrecognized_links": "warn"},
        "not_in_nav": "/*",
    }


def mkdocs_yml(settings: dict[str, Any]) -> str:
    """`settings` as the text of a mkdocs.yml (the toc's slugify as a Python tag, unquoted)."""
    return yaml.safe_dump(settings, allow_unicode=True, sort_keys=False).replace(f"'{SLUGIFY}'", SLUGIFY)


def put_back_extension(blocks: dict[str, str]) -> Any:
    """A Markdown extension that puts our HTML blocks back where `Staging.markdown` left
    their placeholders, right after Markdown's own raw HTML (so that Markdown's later
    postprocessors see them as they would have). It goes into MkDocs' list of extensions,
    so every Markdown instance MkDocs makes has it, the engine's shared one too."""
    from markdown import Extension
    from markdown.postprocessors import Postprocessor

    class PutBack(Extension, Postprocessor):
        def __init__(self) -> None:
            Extension.__init__(self)
            self.blocks = blocks

        def extendMarkdown(self, md: Any) -> None:
            md.postprocessors.register(self, "yizhan_put_back", 29)  # raw_html: 30

        def run(self, text: str) -> str:
            return put_back(text, self.blocks)

    return PutBack()


def put_back_of(mk_config: Any) -> Any:
    """The extension `put_back_extension` made, in MkDocs' loaded config."""
    return next(e for e in mk_config.markdown_extensions if type(e).__name__ == "PutBack")
