"""MkDocs kept loaded between rebuilds of the live preview (`yizhan serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.render.engine import dirty_manifest, mkdocs_patches as patches
from generator.render.engine.mkdocs_build import Loaded, build_and_load, read_page
from generator.render.engine.mkdocs_config import mkdocs_config, put_back_of, stage_theme
from generator.render.engine.mkdocs_log import collecting
from generator.render.pages import Staging


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
        self.loaded: Loaded | None = None
        self.pages: dict[str, str] = {}
        self.files: dict[str, float] = {}
        self.settings: dict[str, Any] = {}

    def build(self, staging: Staging, full: bool = False) -> list[str]:
        """Build `staging` into `site_dir` (everything when `full`); returns MkDocs' warnings."""
        stage_theme(self.config, self.work, staging)
        files = {doc: source.stat().st_mtime for doc, source in staging.files.items()}
        settings = mkdocs_config(self.config, staging, self.work, self.site_dir)
        changed = [doc for doc, text in staging.pages.items() if self.pages.get(doc) != text]
        if (full or self.loaded is None or files != self.files or settings != self.settings
                or staging.pages.keys() != self.pages.keys()):
            self.loaded = None
            warnings, self.loaded = build_and_load(self.config, staging, self.work, self.site_dir,
                                                   dirty=not full and bool(self.pages), jobs=self.jobs)
        else:
            warnings = self._render(staging, changed)
        self.pages, self.files, self.settings = dict(staging.pages), files, settings
        return warnings

    def _render(self, staging: Staging, changed: list[str]) -> list[str]:
        loaded = self.loaded
        assert loaded is not None
        with collecting() as handler, patches.fixed_as_written(self.site_dir), \
                patches.page_shortcuts(loaded.env, loaded.in_nav):
            put_back_of(loaded.config).blocks = staging.blocks
            for doc in changed:
                file = loaded.files.get_file_from_path(doc)
                read_page(file, staging)
                page = file.page
                patches.populate_page(page, loaded.config, loaded.files)
                patches.build_page(page, loaded.config, loaded.doc_files, loaded.nav, loaded.env)
                if id(page) not in loaded.in_nav:
                    page.content = None
        dirty_manifest.record_pages(self.work, staging, changed)
        return list(handler.messages)
