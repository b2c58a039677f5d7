"""`build_site`: MkDocs' build steps run over the staged pages, from memory, the pages
shared between processes, only the changed ones rendered in a dirty build."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import typeset
from generator.config import SiteConfig
from generator.forked import can_fork
from generator.render import markup, ownhtml, safehtml
from generator.render.engine import dirty_manifest, mkdocs_patches as patches
from generator.render.engine.mkdocs_config import mkdocs_config, mkdocs_yml, put_back_extension, stage_theme
from generator.render.engine.mkdocs_log import CollectedWarnings, collecting
from generator.render.engine.page_processes import OnWrite, share_out
from generator.render.pages import Staging
from generator.stepcache import package_versions, source_version

def build_site(config: SiteConfig, staging: Staging, work: Path, site_dir: Path, dirty: bool = False,
               jobs: int = 1, on_write: OnWrite | None = None) -> list[str]:
    """Run `mkdocs build` of `staging` into `site_dir`; returns MkDocs' warnings.

    `dirty=True` is the incremental build of a cache kept between runs: `work` and
    `site_dir` are kept from the previous call, only pages whose Markdown changed (by the
    manifest of the last build in `work`) are rendered again, and the pages and files of
    docs gone from `staging` are removed. A dirty build falls back to a full one when the
    navigation, theme settings or overrides changed. `jobs` > 1 shares the pages between
    that many processes (see `_run_mkdocs`). `on_write` sees each file MkDocs writes (not
    the static files it copies).
    """
    return build_and_load(config, staging, work, site_dir, dirty, jobs, on_write)[0]


def cache_key() -> str:
    """Versions of everything that turns the staged pages into HTML: a build cache made
    under other versions must not be reused."""
    engine = sorted(str(path) for path in Path(__file__).parent.glob("*.py"))
    return " ".join((source_version(*engine, markup.__file__, ownhtml.__file__, safehtml.__file__, typeset.__file__),
                     package_versions("yizhan", "mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "nh3")))


@dataclass
class Loaded:
    """MkDocs' state once the navigation is built: all that rendering one more page needs."""

    config: Any
    files: Any
    doc_files: list[Any]
    nav: Any
    env: Any
    in_nav: set[int]  # ids of the pages in the navigation


def build_and_load(config: SiteConfig, staging: Staging, work: Path, site_dir: Path, dirty: bool,
                   jobs: int, on_write: OnWrite | None = None) -> tuple[list[str], Loaded]:
    """`build_site`, also returning MkDocs' state after it."""
    from mkdocs.config import load_config

    stage_theme(config, work, staging)
    (work / "docs").mkdir(parents=True, exist_ok=True)  # MkDocs wants one; pages come from memory
    (work / "mkdocs.yml").write_text(mkdocs_yml(mkdocs_config(config, staging, work, site_dir)), encoding="utf-8")
    earlier = dirty_manifest.earlier_manifest(work, site_dir)  # (always: it takes the fingerprint away)
    earlier = earlier if dirty else None
    manifest = dirty_manifest.manifest(staging)
    render = dirty_manifest.pages_to_render(staging, manifest, earlier, site_dir)

    with collecting() as handler:
        mk_config = load_config(str(work / "mkdocs.yml"))
        mk_config.markdown_extensions.append(put_back_extension(staging.blocks))
        mk_config.plugins.on_startup(command="build", dirty=earlier is not None)
        try:
            with patches.new_files_only(site_dir), patches.fixed_as_written(site_dir, on_write):
                loaded = _run_mkdocs(mk_config, staging, render, earlier is not None, jobs, handler, on_write)
        finally:
            mk_config.plugins.on_shutdown()
    dirty_manifest.save_manifest(work, manifest)
    return handler.messages, loaded


def staged_files(config: Any, staging: Staging) -> Any:
    """MkDocs' `Files` of the staging, in memory: no docs tree is written or walked. A page's
    Markdown is given to MkDocs when the page is read (`read_page`); copied files are copied
    straight from their source. Listed in the order MkDocs' `get_files` walks a folder."""
    from mkdocs.structure.files import File, Files

    pages = [File.generated(config, doc, content="") for doc in staging.pages]
    copied = [File.generated(config, doc, abs_src_path=str(source)) for doc, source in staging.files.items()]
    return Files(sorted(pages + copied, key=lambda file: _walk_order(file.src_uri)))


def _walk_order(doc: str) -> tuple[list[str], bool, str]:
    """`os.walk`'s order of sorted folders, `index` first in each (as MkDocs lists files)."""
    folder, _, name = doc.rpartition("/")
    return (folder.split("/") if folder else []), os.path.splitext(name)[0] not in ("index", "README"), name


def read_page(file: Any, staging: Staging) -> None:
    """Give MkDocs the page's Markdown, our HTML blocks set aside, just before it reads it."""
    file.content_string = staging.markdown(file.src_uri)


def _run_mkdocs(mk_config: Any, staging: Staging, render: set[str], dirty: bool, jobs: int,
                handler: CollectedWarnings, on_write: OnWrite | None) -> Loaded:
    """MkDocs' `build` of the pages in `render`, shared between `jobs` processes, with the
    shortcuts of `mkdocs_patches`. The pages come from `staging`, in memory
    (`staged_files`); MkDocs' plugins are off (`mkdocs_config`).

    Pages are independent once the navigation is known: the parent builds the navigation
    and reads its few pages exactly as `build` does, then forks; the processes take the
    static files, the 404 page, the sitemap and the pages in turns (`share_out`).
    """
    from mkdocs import utils
    from mkdocs.structure.files import InclusionLevel, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    jobs = jobs if can_fork() else 1
    config = mk_config.plugins.on_config(mk_config)
    config.plugins.on_pre_build(config=config)
    if not dirty:
        utils.clean_directory(config.site_dir)
    files = staged_files(config, staging)
    env = config.theme.get_env()
    patches.compiled_once(env, Path(config.docs_dir).parent / "compiled")
    with patches.dot_folders_unlisted(env):
        files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    inclusion = InclusionLevel.is_included
    doc_files = files.documentation_pages(inclusion=inclusion)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
    in_nav = {id(f.page) for f in doc_files if f.page in nav.pages}  # (`not_in_nav: /*` marks every file)
    to_render = [f for f in doc_files if f.src_uri in render]
    nav_pages = [f for f in to_render if id(f.page) in in_nav]
    with patches.lighter_pages():  # every page shows the navigation: read its pages before sharing out
        for file in nav_pages:
            read_page(file, staging)
            patches.populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)

    def static_files() -> None:  # Material's assets, the 404 page, the sitemap
        files.copy_static_files(dirty=dirty, inclusion=inclusion)
        patches.write_theme_templates(env, files, config, nav)

    def page(file: Any) -> None:
        if id(file.page) not in in_nav:
            read_page(file, staging)
            patches.populate_page(file.page, config, files)
        patches.build_page(file.page, config, doc_files, nav, env)
        if id(file.page) not in in_nav:  # written; no other page reads it: keep memory flat
            file.page.content = None
            file.content_string = ""

    others = [f for f in to_render if id(f.page) not in in_nav]
    tasks = [static_files, *(functools.partial(page, f) for f in nav_pages + others)]
    with patches.page_shortcuts(env, in_nav):
        share_out(tasks, jobs, handler, on_write)
    config.plugins.on_post_build(config=config)
    return Loaded(config, files, doc_files, nav, env, in_nav)
