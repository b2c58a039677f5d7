"""What MkDocs is given to work with: the generated `mkdocs.yml`, the Markdown extensions
(one of them added in memory: our HTML blocks put back), and the theme folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.config import SiteConfig
from generator.render.engine.theme_assets import build_assets
from generator.render.imagesize import image_size
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
    """Material overrides and our assets, the site's theme/ over the default one; the
    scripts minified and the stylesheets as one (theme_assets)."""
    overrides = work / "overrides"
    assets: dict[str, Path] = {}
    for theme in reversed(theme_dirs(config.theme_dir)):
        if (theme / "overrides").is_dir():
            shutil.copytree(theme / "overrides", overrides, dirs_exist_ok=True)
        if (theme / "assets").is_dir():
            for path in (theme / "assets").rglob("*"):
                if path.is_file():
                    assets[f"{ASSETS}/{path.relative_to(theme / 'assets').as_posix()}"] = path
    staging.files.update(build_assets(assets, ASSETS, work))
    return overrides


def material_bundle() -> str:
    """The site path of Material's script bundle (its name has a hash of its bytes)."""
    import material

    bundles = (Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js")
    return f"assets/javascripts/{min(bundles).name}"


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
    extra: dict[str, Any] = {"generator": False, "timezone": config.timezone,  # calendar.js reads it
                             "material_bundle": material_bundle()}
    if logo:
        theme.update(logo=logo, favicon=logo)
        extra["logo_size"] = list(image_size(config.logo_path) or ()) or None  # partials/logo.html
    css = sorted(p for p in staging.files if p.startswith(ASSETS) and p.endswith(".css"))
    # Deferred, as Material's bundle (main.html): fetched without holding back the first
    # paint, run in this order once the page is parsed (Lighthouse's LCP and FCP).
    js = [{"path": p, "defer": True} for p in sorted(p for p in staging.files if p.startswith(ASSETS) and p.endswith(".js"))]
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
        "extra": extra,
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
