"""The site engine: MkDocs 1.6 with Material. The only module that imports MkDocs.

It receives finished pages (a `Staging`), gives them to MkDocs from memory with a generated
`mkdocs.yml`, and runs MkDocs' build steps. Switching engines (Zensical, MkDocs 2) means
replacing this module alone: no logic of ours lives in MkDocs hooks or plugins.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

import yaml

from generator.config import SiteConfig
from generator import typeset
from generator.forked import Beside, Turns, can_fork
from generator.render import markup, ownhtml, safehtml
from generator.render.ownhtml import put_back
from generator.render.pages import Staging, media_path
from generator.render.templates import inert, theme_dirs
from generator.stepcache import package_versions, source_version

ASSETS = "assets/yizhan"
TASKS_PER_TURN = 8  # pages a page process takes at a time (see `_share_out`)
MANIFEST = "pages.json"  # in the work folder: what the built pages were made from (`_manifest`)
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": "¶", "permalink_title": "本节链接",
             "slugify": "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"}},
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.mark",
    "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.tilde",
    "generator.typeset",  # a line break between Chinese characters is no space
    "generator.render.safehtml",  # the volunteers' HTML cleaned (SPEC §5: no script, no request out)
]


class EngineError(Exception):
    """MkDocs refused the generated site (a bug of ours, or a broken theme override)."""


def staged_files(config: Any, staging: Staging) -> Any:
    """MkDocs' `Files` of the staging, in memory: no docs tree is written or walked. A page's
    Markdown is given to MkDocs when the page is read (`_read`); copied files are copied
    straight from their source. Listed in the order MkDocs' `get_files` walks a folder."""
    from mkdocs.structure.files import File, Files

    pages = [File.generated(config, doc, content="") for doc in staging.pages]
    copied = [File.generated(config, doc, abs_src_path=str(source)) for doc, source in staging.files.items()]
    return Files(sorted(pages + copied, key=lambda file: _walk_order(file.src_uri)))


def _walk_order(doc: str) -> tuple[list[str], bool, str]:
    """`os.walk`'s order of sorted folders, `index` first in each (as MkDocs lists files)."""
    folder, _, name = doc.rpartition("/")
    return (folder.split("/") if folder else []), os.path.splitext(name)[0] not in ("index", "README"), name


def _read(file: Any, staging: Staging) -> None:
    """Give MkDocs the page's Markdown, our HTML blocks set aside, just before it reads it."""
    file.content_string = staging.markdown(file.src_uri)


def _manifest(staging: Staging) -> dict[str, str]:
    """What each docs path holds: the hash of a page's staged Markdown, a copied file's source."""
    pages = {doc: _digest(text) for doc, text in staging.pages.items()}
    return pages | {doc: str(source) for doc, source in staging.files.items()}


def _digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


def _to_render(staging: Staging, manifest: dict[str, str], earlier: dict[str, str] | None,
               site_dir: Path) -> set[str]:
    """The pages to render: all of them, or in a dirty build those whose Markdown changed
    or whose page is missing; the built pages and files of docs gone are removed."""
    if earlier is None:
        return set(staging.pages)
    for doc in earlier.keys() - manifest.keys():
        built = site_dir / _output_of(doc)
        built.unlink(missing_ok=True)
        if built.parent != site_dir and built.parent.is_dir() and not any(built.parent.iterdir()):
            built.parent.rmdir()  # the page's own folder (`<type>/<slug>/`)
    return {doc for doc in staging.pages
            if earlier.get(doc) != manifest[doc] or not (site_dir / _output_of(doc)).is_file()}


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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class OnWrite(Protocol):
    """What sees each file MkDocs writes (its path under the site folder, the bytes written),
    in whichever process writes it; what it gathers in a forked page process comes back."""

    def __call__(self, path: str, content: bytes) -> None: ...

    def take(self) -> Any:
        """What it gathered in this process since the last `take`, forgotten here (picklable)."""

    def add(self, taken: Any) -> None:
        """Gathers what `take` returned in another process."""


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
    return _build(config, staging, work, site_dir, dirty, jobs, on_write)[0]


def _build(config: SiteConfig, staging: Staging, work: Path, site_dir: Path, dirty: bool,
           jobs: int, on_write: OnWrite | None = None) -> tuple[list[str], _Loaded]:
    """`build_site`, also returning MkDocs' state after it."""
    from mkdocs.config import load_config

    _stage_theme(config, work, staging)
    (work / "docs").mkdir(parents=True, exist_ok=True)  # MkDocs wants one; pages come from memory
    settings = mkdocs_config(config, staging, work, site_dir)
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    text = text.replace("'!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}'",
                        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}")
    (work / "mkdocs.yml").write_text(text, encoding="utf-8")
    earlier = _earlier_manifest(work, site_dir)  # (always: it takes the fingerprint away)
    earlier = earlier if dirty else None
    manifest = _manifest(staging)
    render = _to_render(staging, manifest, earlier, site_dir)

    with _collecting() as handler:
        mk_config = load_config(str(work / "mkdocs.yml"))
        mk_config.markdown_extensions.append(_put_back_extension(staging.blocks))
        mk_config.plugins.on_startup(command="build", dirty=earlier is not None)
        try:
            with _new_files_only(site_dir), _on_write(site_dir, on_write):
                loaded = _run_mkdocs(mk_config, staging, render, earlier is not None, jobs, handler, on_write)
        finally:
            mk_config.plugins.on_shutdown()
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (work / "fingerprint").write_text(_fingerprint(work))
    return handler.messages, loaded


@contextmanager
def _collecting() -> Iterator[_Collect]:
    """MkDocs' warnings collected (not printed) while it runs; its failures as EngineError."""
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, logger.level = logger.level, logging.WARNING
    logger.addHandler(handler)
    try:
        yield handler
    except MkDocsException as exc:
        raise EngineError(str(exc)) from exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


@dataclass
class _Loaded:
    """MkDocs' state once the navigation is built: all that rendering one more page needs."""

    config: Any
    files: Any
    doc_files: list[Any]
    nav: Any
    env: Any
    in_nav: set[int]  # ids of the pages in the navigation


class Session:
    """MkDocs kept loaded between builds of the live preview (`yizhan serve`).

    The first build is a full one. After it, when only the Markdown of existing pages
    changed, just those pages are rendered again and written, in this process: MkDocs does
    not list thousands of files, copy static files, or write the 404 page and the sitemap
    again. Anything else (pages added or removed, other files, the navigation or
    theme settings) runs `build_site`'s dirty build and loads the session afresh.
    """

    def __init__(self, config: SiteConfig, work: Path, site_dir: Path, jobs: int = 1):
        self.config, self.work, self.site_dir, self.jobs = config, work, site_dir, jobs
        self.loaded: _Loaded | None = None
        self.pages: dict[str, str] = {}
        self.files: dict[str, float] = {}
        self.settings: dict[str, Any] = {}

    def build(self, staging: Staging, full: bool = False) -> list[str]:
        """Build `staging` into `site_dir` (everything when `full`); returns MkDocs' warnings."""
        _stage_theme(self.config, self.work, staging)
        files = {doc: source.stat().st_mtime for doc, source in staging.files.items()}
        settings = mkdocs_config(self.config, staging, self.work, self.site_dir)
        changed = [doc for doc, text in staging.pages.items() if self.pages.get(doc) != text]
        if (full or self.loaded is None or files != self.files or settings != self.settings
                or staging.pages.keys() != self.pages.keys()):
            self.loaded = None
            warnings, self.loaded = _build(self.config, staging, self.work, self.site_dir,
                                           dirty=not full and bool(self.pages), jobs=self.jobs)
        else:
            warnings = self._render(staging, changed)
        self.pages, self.files, self.settings = dict(staging.pages), files, settings
        return warnings

    def _render(self, staging: Staging, changed: list[str]) -> list[str]:
        from mkdocs.commands import build as mk

        loaded = self.loaded
        assert loaded is not None
        with _collecting() as handler, _on_write(self.site_dir), \
                _lighter_pages(), _once_per_folder(loaded.env, loaded.in_nav), _language_once(loaded.env):
            _put_back_of(loaded.config).blocks = staging.blocks
            for doc in changed:
                file = loaded.files.get_file_from_path(doc)
                _read(file, staging)
                page = file.page
                mk._populate_page(page, loaded.config, loaded.files)
                mk._build_page(page, loaded.config, loaded.doc_files, loaded.nav, loaded.env)
                if id(page) not in loaded.in_nav:
                    page.content = None
        manifest = json.loads((self.work / MANIFEST).read_text(encoding="utf-8"))
        manifest.update({doc: _digest(staging.pages[doc]) for doc in changed})
        (self.work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        return list(handler.messages)


def _output_of(doc: str) -> str:
    """`notices/a.md` → `notices/a/index.html` (directory URLs); other files keep their path."""
    if not doc.endswith(".md"):
        return doc
    stem = doc[:-3]
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def cache_key() -> str:
    """Versions of everything that turns the staged pages into HTML: a build cache made
    under other versions must not be reused."""
    return " ".join((source_version(__file__, markup.__file__, ownhtml.__file__, safehtml.__file__, typeset.__file__),
                     package_versions("yizhan", "mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "nh3")))


def _fingerprint(work: Path) -> str:
    """What every page depends on: the generated mkdocs.yml (navigation, theme settings) and
    the Material overrides. When it changes, a dirty build would leave stale pages."""
    digest = hashlib.sha256((work / "mkdocs.yml").read_bytes())
    for path in sorted((work / "overrides").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(work).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _earlier_manifest(work: Path, site_dir: Path) -> dict[str, str] | None:
    """The manifest of the pages in `site_dir`, if they may be kept (dirty build): built
    with the same settings and overrides. The fingerprint is removed now and written again
    by `build_site` once every page is built, so an interrupted build is not trusted."""
    stamp, manifest = work / "fingerprint", work / MANIFEST
    valid = (stamp.is_file() and stamp.read_text() == _fingerprint(work) and site_dir.is_dir()
             and manifest.is_file())
    stamp.unlink(missing_ok=True)
    return json.loads(manifest.read_text(encoding="utf-8")) if valid else None


def _run_mkdocs(mk_config: Any, staging: Staging, render: set[str], dirty: bool, jobs: int,
                handler: _Collect, on_write: OnWrite | None) -> _Loaded:
    """MkDocs' `build` of the pages in `render`, shared between `jobs` processes, without
    MkDocs' per-page costs that `_lighter_pages` drops. The pages come from `staging`, in
    memory (`staged_files`); MkDocs' plugins are off (`mkdocs_config`).

    Pages are independent once the navigation is known: the parent builds the navigation
    and reads its few pages exactly as `build` does, then forks; the processes take the
    static files, the 404 page, the sitemap and the pages in turns (`_share_out`).
    """
    import jinja2
    from mkdocs import utils
    from mkdocs.commands import build as mk
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
    # Material's templates compiled once per work folder (kept with a build cache between runs;
    # Jinja compiles a template again when its source changed).
    compiled = Path(config.docs_dir).parent / "compiled"
    compiled.mkdir(exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))
    with _dot_folders_unlisted(env):
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
    with _lighter_pages():  # every page shows the navigation: read its pages before sharing out
        for file in nav_pages:
            _read(file, staging)
            mk._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)

    def static_files() -> None:  # Material's assets, the 404 page, the sitemap
        files.copy_static_files(dirty=dirty, inclusion=inclusion)
        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)

    def page(file: Any) -> None:
        if id(file.page) not in in_nav:
            _read(file, staging)
            mk._populate_page(file.page, config, files)
        mk._build_page(file.page, config, doc_files, nav, env)
        if id(file.page) not in in_nav:  # written; no other page reads it: keep memory flat
            file.page.content = None
            file.content_string = ""

    others = [f for f in to_render if id(f.page) not in in_nav]
    tasks = [static_files, *(functools.partial(page, f) for f in nav_pages + others)]
    with _lighter_pages(), _once_per_folder(env, in_nav), _language_once(env):
        _share_out(tasks, jobs, handler, on_write)
    config.plugins.on_post_build(config=config)
    return _Loaded(config, files, doc_files, nav, env, in_nav)


@contextmanager
def _dot_folders_unlisted(env: Any) -> Iterator[None]:
    """MkDocs finds a theme's static files by listing all its templates and dropping those
    under a folder whose name starts with "." (its filter's '.*' and '*/.*'): Material's
    14,000 icons in `.icons/`. While this is on, those folders are not listed at all."""
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


def _share_out(tasks: list[Callable[[], None]], jobs: int, handler: _Collect, on_write: OnWrite | None) -> None:
    """Run `tasks` in this process and `jobs - 1` forked ones, each taking the next few not
    yet taken (no process idles while another has a queue); their warnings come back to this
    one in the order of the tasks, as if one process had run them, and what `on_write` took there."""
    from mkdocs.exceptions import MkDocsException

    forked_at = len(handler.messages)
    turns = Turns(TASKS_PER_TURN, shared=jobs > 1)

    def work() -> dict[int, list[str]]:
        said: dict[int, list[str]] = {}
        while (start := turns.take()) < len(tasks):
            for index in range(start, min(start + TASKS_PER_TURN, len(tasks))):
                before = len(handler.messages)
                tasks[index]()
                if len(handler.messages) > before:
                    said[index] = handler.messages[before:]
                    del handler.messages[before:]
        return said

    def child() -> tuple[dict[int, list[str]], Any]:
        if on_write is None:
            return work(), None
        on_write.take()  # what it gathered before the fork is this process's parent's
        return work(), on_write.take()

    workers = [Beside(child) for _ in range(jobs - 1)]
    errors = []
    try:
        said = work()
    finally:
        for worker in workers:
            try:
                theirs, taken = worker.result()
            except Exception as exc:  # noqa: BLE001 - reported below, as MkDocs' error
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            said.update(theirs)
            if on_write is not None:
                on_write.add(taken)
    if errors:
        raise MkDocsException("; ".join(errors))
    handler.messages[forked_at:] = [message for index in sorted(said) for message in said[index]]


@contextmanager
def _new_files_only(site_dir: Path) -> Iterator[None]:
    """MkDocs replaces every file it writes (unlink, then write) instead of writing into it:
    a cached build's pages are hard links shared with the published output (see
    `build._engine_dirs`), which must not change until the new output is swapped in."""
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
def _on_write(site_dir: Path, on_write: OnWrite | None = None) -> Iterator[None]:
    """Every HTML file MkDocs writes goes through `markup.valid_markup` on its way to disk,
    so no later pass has to read and rewrite the whole site (a cached build keeps the
    pages it does not rebuild, already fixed); then every written file goes to `on_write`, if any."""
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


# Parts of Material's page template that, for a page outside the navigation (items, tags,
# calendar months), differ only by their relative links, which depend on the page's folder
# alone: no navigation entry is active and no previous or next page is linked.
PER_FOLDER_TEMPLATES = ("partials/nav.html", "partials/tabs.html", "partials/logo.html", "partials/top.html")
PER_FOLDER_BLOCKS = ("styles", "fonts", "analytics", "config", "scripts", "footer")  # of base.html


@contextmanager
def _once_per_folder(env: Any, in_nav: set[int]) -> Iterator[None]:
    """Material's navigation, tabs, logo, back-to-top button, head links, scripts and footer
    (`PER_FOLDER_*`), rendered once per folder for the pages not in the navigation, and
    reused for the others there."""
    import posixpath

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
    blocks = env.get_template("base.html").blocks
    original_blocks = {name: blocks[name] for name in PER_FOLDER_BLOCKS if name in blocks}
    for template, real in zip(templates, originals):
        template.root_render_func = once(real)
    blocks.update({name: once(real) for name, real in original_blocks.items()})
    try:
        yield
    finally:
        for template, real in zip(templates, originals):
            template.root_render_func = real
        blocks.update(original_blocks)


@contextmanager
def _language_once(env: Any) -> Iterator[None]:
    """Material's `partials/language.html` (its translations, `lang.t`), which every page
    imports with its context, made once and each translation looked up once: it reads only
    `config.theme.language`, the same for every page of a build."""
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


def _put_back_extension(blocks: dict[str, str]) -> Any:
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


def _put_back_of(mk_config: Any) -> Any:
    """The extension `_build` added to MkDocs' config."""
    return next(e for e in mk_config.markdown_extensions if type(e).__name__ == "PutBack")


@contextmanager
def _lighter_pages() -> Iterator[None]:
    """Two costs of MkDocs' `Page.render` that give nothing to our pages, for the pages
    built by `_run_mkdocs`: a new `markdown.Markdown` (all extensions set up again) for
    every page, where Python-Markdown documents `reset()` between documents; and a second
    pass of Python's HTML parser over every page, which only collects raw-HTML ids for
    anchor validation (reported at INFO level, so never one of our warnings)."""
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
