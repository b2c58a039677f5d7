"""Every place the engine goes past MkDocs' public interface: the private functions of
`mkdocs.commands.build` it calls, and every patch of MkDocs, Material's templates or their
Jinja environment. Nothing else in yizhan does either.

Each says what public behaviour it reproduces and which test proves it. The main proof is
`tests/test_engine.py::test_the_engine_builds_what_mkdocs_builds`: the example site built
by the engine (two processes, every shortcut below on) equals a plain `mkdocs build` of the
same pages, but for the markup fixes applied as files are written (`fixed_as_written`).
When MkDocs or Material is upgraded, these are what to read again.
"""

from __future__ import annotations

import functools
import os
import posixpath
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator.render import markup
from generator.render.engine.page_processes import OnWrite

# --- MkDocs' private build steps, called one page at a time --------------------------------
# `mkdocs.commands.build.build` runs these over all pages in one process; the engine runs the
# same calls with the same arguments, but over the pages to render only, shared between
# processes (`page_processes.share_out`). Proved by `test_the_engine_builds_what_mkdocs_builds`
# (and for a dirty build by tests/test_build_cache.py::test_cached_rebuild_equals_cold_build).


def populate_page(page: Any, config: Any, files: Any) -> None:
    """`_populate_page`: the page's Markdown read and converted (title, toc, links), as
    `build` does for every page before writing any."""
    from mkdocs.commands import build as mk

    mk._populate_page(page, config, files)


def build_page(page: Any, config: Any, doc_files: list[Any], nav: Any, env: Any) -> None:
    """`_build_page`: the page rendered into Material's template and written, as `build` does."""
    from mkdocs.commands import build as mk

    mk._build_page(page, config, doc_files, nav, env)


def write_theme_templates(env: Any, files: Any, config: Any, nav: Any) -> None:
    """`_build_theme_template` and `_build_extra_template`: the theme's static templates (the
    404 page, the sitemap) and the config's extra templates, in `build`'s order."""
    from mkdocs.commands import build as mk

    for template in config.theme.static_templates:
        mk._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mk._build_extra_template(template, files, config, nav)


# --- Patches of MkDocs' writing -----------------------------------------------------------


@contextmanager
def new_files_only(site_dir: Path) -> Iterator[None]:
    """MkDocs replaces every file it writes (unlink, then write) instead of writing into it:
    a cached build's pages are hard links shared with the published output (see
    `build._engine_dirs`), which must not change until the new output is swapped in.

    Reproduces: the bytes `utils.write_file` and `utils.copy_file` write, at the same paths.
    Proved by: tests/test_build_cache.py::test_rebuild_changes_no_earlier_output_through_links
    (the links), `test_the_engine_builds_what_mkdocs_builds` (the bytes)."""
    from mkdocs import utils

    real_write, real_copy = utils.write_file, utils.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        _unlink(output_path)
        real_write(content, output_path)

    def copy_file(source_path: str, output_path: str) -> None:
        _unlink(os.path.join(output_path, os.path.basename(source_path))
                if os.path.isdir(output_path) else output_path)
        real_copy(source_path, output_path)

    _unlink(site_dir / "sitemap.xml.gz")  # opened for writing by MkDocs itself
    utils.write_file, utils.copy_file = write_file, copy_file  # type: ignore[assignment]
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = real_write, real_copy  # type: ignore[assignment]


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@contextmanager
def fixed_as_written(site_dir: Path, on_write: OnWrite | None = None) -> Iterator[None]:
    """Every HTML file MkDocs writes goes through `markup.valid_markup` on its way to disk,
    so no later pass has to read and rewrite the whole site (a cached build keeps the
    pages it does not rebuild, already fixed); then every written file goes to `on_write`, if any.

    Reproduces: a plain `mkdocs build`, then `markup.valid_markup` over every HTML file.
    Proved by: `test_the_engine_builds_what_mkdocs_builds` (compares with exactly that),
    tests/test_quality.py::test_every_page_is_valid_html (the fixes), and for `on_write`
    tests/test_engine.py::test_pages_shared_between_processes_report_in_page_order."""
    from mkdocs import utils

    real = utils.write_file
    root = str(site_dir)

    def write_file(content: bytes, output_path: str) -> None:
        if output_path.endswith(".html"):
            content = markup.valid_markup(content)
        real(content, output_path)
        if on_write is not None:
            on_write(Path(os.path.relpath(output_path, root)).as_posix(), content)

    utils.write_file = write_file  # type: ignore[assignment]
    try:
        yield
    finally:
        utils.write_file = real  # type: ignore[assignment]


# --- Patches of the theme's Jinja environment ---------------------------------------------


@contextmanager
def dot_folders_unlisted(env: Any) -> Iterator[None]:
    """MkDocs finds a theme's static files by listing all its templates and dropping those
    under a folder whose name starts with "." (its filter's '.*' and '*/.*'): Material's
    14,000 icons in `.icons/`. While this is on, those folders are not listed at all.

    Reproduces: `Files.add_files_from_theme`'s list of files.
    Proved by: tests/test_engine.py::test_theme_files_are_those_mkdocs_finds."""
    searchpath, real = env.loader.searchpath, env.list_templates

    def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
        if extensions is not None:
            return real(extensions, filter_func)
        names: set[str] = set()
        for root in searchpath:
            for folder, folders, filenames in os.walk(root):
                folders[:] = [name for name in folders if not name.startswith(".")]
                base = os.path.relpath(folder, root).replace(os.path.sep, "/")
                names.update(name if base == "." else f"{base}/{name}" for name in filenames)
        return [name for name in sorted(names) if filter_func is None or filter_func(name)]

    env.list_templates = list_templates
    try:
        yield
    finally:
        del env.list_templates


def compiled_once(env: Any, folder: Path) -> None:
    """Material's templates compiled once per work folder (kept with a build cache between
    runs; Jinja compiles a template again when its source changed): a Jinja bytecode cache
    set on MkDocs' environment.

    Reproduces: the templates as MkDocs compiles them on every build.
    Proved by: `test_the_engine_builds_what_mkdocs_builds` (a fresh folder), and
    tests/test_build_cache.py::test_cached_pages_follow_what_they_are_made_of (an override
    changed under a kept cache)."""
    import jinja2

    folder.mkdir(exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


# Parts of Material's page template that, for a page outside the navigation (items, tags,
# calendar months), differ only by their relative links, which depend on the page's folder
# alone: no navigation entry is active and no previous or next page is linked.
PER_FOLDER_TEMPLATES = ("partials/nav.html", "partials/tabs.html", "partials/logo.html", "partials/top.html")
# Blocks, by the template that has them (a block calling `super()` cannot be replaced: Jinja
# finds the caller's parent block by the caller's identity).
PER_FOLDER_BLOCKS = {"main.html": ("scripts",),
                     "base.html": ("styles", "fonts", "analytics", "config", "scripts", "footer")}


@contextmanager
def page_shortcuts(env: Any, in_nav: set[int]) -> Iterator[None]:
    """The three shortcuts taken while pages are built: `lighter_pages`, `once_per_folder`
    and `language_once`."""
    with lighter_pages(), once_per_folder(env, in_nav), language_once(env):
        yield


@contextmanager
def once_per_folder(env: Any, in_nav: set[int]) -> Iterator[None]:
    """Material's navigation, tabs, logo, back-to-top button, head links, scripts and footer
    (`PER_FOLDER_*`), rendered once per folder for the pages not in the navigation, and
    reused for the others there.

    Reproduces: those parts rendered for every page.
    Proved by: `test_the_engine_builds_what_mkdocs_builds` (the example site has item,
    tag and calendar pages in shared folders)."""

    def once(real: Any) -> Any:
        rendered: dict[str, list[str]] = {}

        def render(context: Any) -> Any:
            page = context.get("page")
            if page is None or id(page) in in_nav:
                yield from real(context)
                return
            folder = posixpath.dirname(page.url.rstrip("/"))
            if folder not in rendered:
                rendered[folder] = list(real(context))
            yield from rendered[folder]

        return render

    templates = [env.get_template(name) for name in PER_FOLDER_TEMPLATES]
    originals = [t.root_render_func for t in templates]
    pages = [env.get_template(template).blocks for template in PER_FOLDER_BLOCKS]
    original_blocks = [{name: blocks[name] for name in names if name in blocks}
                       for blocks, names in zip(pages, PER_FOLDER_BLOCKS.values())]
    for template, real in zip(templates, originals):
        template.root_render_func = once(real)
    for blocks, originals_here in zip(pages, original_blocks):
        blocks.update({name: once(real) for name, real in originals_here.items()})
    try:
        yield
    finally:
        for template, real in zip(templates, originals):
            template.root_render_func = real
        for blocks, originals_here in zip(pages, original_blocks):
            blocks.update(originals_here)


@contextmanager
def language_once(env: Any) -> Iterator[None]:
    """Material's `partials/language.html` (its translations, `lang.t`), which every page
    imports with its context, made once and each translation looked up once: it reads only
    `config.theme.language`, the same for every page of a build.

    Reproduces: the template module made again for every page.
    Proved by: `test_the_engine_builds_what_mkdocs_builds`."""
    template = env.get_template("partials/language.html")
    real, made = template.make_module, []

    def make_module(*args: Any, **kwargs: Any) -> Any:
        if not made:
            module = real(*args, **kwargs)
            module.t = functools.cache(module.t)
            made.append(module)
        return made[0]

    template.make_module = make_module
    try:
        yield
    finally:
        del template.make_module


# --- Patch of MkDocs' pages module --------------------------------------------------------


@contextmanager
def lighter_pages() -> Iterator[None]:
    """Two costs of MkDocs' `Page.render` that give nothing to our pages: a new
    `markdown.Markdown` (all extensions set up again) for every page, where Python-Markdown
    documents `reset()` between documents; and a second pass of Python's HTML parser over
    every page (`pages._RawHTMLPreprocessor`), which only collects raw-HTML ids for anchor
    validation (reported at INFO level, so never one of our warnings).

    Reproduces: `Page.render`'s HTML, with a fresh Markdown instance per page.
    Proved by: `test_the_engine_builds_what_mkdocs_builds`."""
    import markdown
    from mkdocs.structure import pages

    instances: dict[str, markdown.Markdown] = {}

    def shared_markdown(**settings: Any) -> markdown.Markdown:
        key = repr(settings)
        if key not in instances:
            instances[key] = markdown.Markdown(**settings)
        return instances[key].reset()

    class _Markdown:  # the `markdown` module as pages.py sees it, with a shared instance
        Markdown = staticmethod(shared_markdown)

        def __getattr__(self, name: str) -> Any:
            return getattr(markdown, name)

    real_module, real_run = pages.markdown, pages._RawHTMLPreprocessor.run
    pages.markdown = _Markdown()  # type: ignore[assignment]
    pages._RawHTMLPreprocessor.run = lambda self, lines: lines  # type: ignore[method-assign]
    try:
        yield
    finally:
        pages.markdown, pages._RawHTMLPreprocessor.run = real_module, real_run  # type: ignore[method-assign]
