"""The engine's shortcuts through MkDocs give what MkDocs itself gives."""

from __future__ import annotations

from pathlib import Path

from generator.render.engine.mkdocs_patches import dot_folders_unlisted


def test_theme_files_are_those_mkdocs_finds(tmp_path: Path) -> None:
    """Material's assets (and a site's own theme files) are found without listing its
    14,000 icons: the same files, from the same folders, as MkDocs' own listing."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    overrides = tmp_path / "overrides"
    (overrides / ".hidden").mkdir(parents=True)
    (overrides / ".hidden" / "secret.js").write_text("x", encoding="utf-8")
    (overrides / "assets" / "extra").mkdir(parents=True)
    (overrides / "assets" / "extra" / "site.css").write_text("x", encoding="utf-8")
    (overrides / "assets" / ".draft.css").write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: {tmp_path / 'docs'}\ntheme:\n  name: material\n  custom_dir: {overrides}\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    env = config.theme.get_env()
    theirs, ours = Files([]), Files([])
    theirs.add_files_from_theme(env, config)
    with dot_folders_unlisted(env):
        ours.add_files_from_theme(env, config)

    def listed(files: Files) -> list[tuple[str, str | None]]:
        return [(f.src_uri, f.abs_src_path) for f in files]

    assert listed(ours) == listed(theirs)
    assert "assets/extra/site.css" in [uri for uri, _ in listed(ours)]
    assert any(uri.startswith("assets/javascripts/") for uri, _ in listed(ours))
    assert ".icons/material/home.svg" in env.list_templates()  # the environment is as it was


def test_pages_shared_between_processes_report_in_page_order(tmp_path: Path) -> None:
    """MkDocs' warnings of pages built by two processes come back in the order of the
    pages (what one process would say), and what `on_write` gathered in every process arrives."""
    import os
    import time

    from generator.render.engine.mkdocs_log import CollectedWarnings
    from generator.render.engine.page_processes import share_out

    class Seen:  # an `engine.OnWrite`: which process wrote each page
        def __init__(self) -> None:
            self.results: dict[str, int] = {}

        def __call__(self, path: str, content: bytes) -> None:
            self.results[path] = os.getpid()

        def take(self) -> dict[str, int]:
            taken, self.results = self.results, {}
            return taken

        def add(self, taken: dict[str, int]) -> None:
            self.results.update(taken)

    handler, on_write = CollectedWarnings(), Seen()

    def task(n: int) -> None:
        time.sleep(0.005)  # a page takes a while: the forked process starts before all are taken
        if n % 3 == 0:
            handler.messages.append(f"第 {n} 页的警告")
        on_write(f"page-{n}.html", b"")

    share_out([lambda n=n: task(n) for n in range(60)], 2, handler, on_write)
    assert handler.messages == [f"第 {n} 页的警告" for n in range(0, 60, 3)]
    assert sorted(on_write.results) == sorted(f"page-{n}.html" for n in range(60))
    assert len(set(on_write.results.values())) == 2  # both processes built pages


def test_the_engine_builds_what_mkdocs_builds(tmp_path: Path) -> None:
    """Every shortcut the engine takes through MkDocs (pages from memory, our HTML blocks
    set aside from Markdown, Material's blocks once per folder, its translations once, two
    processes taking pages in turns) gives the site a plain `mkdocs build` of the same
    pages gives, but for the markup fixes the engine applies as it writes."""
    import shutil

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.build import BuildOptions, load_site
    from generator.problems import Report
    from generator.render import engine, markup
    from generator.render.engine.mkdocs_config import mkdocs_yml
    from generator.render.pages import render_pages
    from generator.reproducible import source_date
    from tests.conftest import REPO, TODAY, tree

    site = load_site(BuildOptions(config_path=REPO / "site_config.yml", today=TODAY), Report())
    staging = render_pages(site)
    with source_date(site.today):
        engine.build_site(site.config, staging, tmp_path / "work", tmp_path / "ours", jobs=2)
        plain = tmp_path / "plain"
        for doc, text in staging.pages.items():  # the pages as rendered, nothing set aside
            (plain / "docs" / doc).parent.mkdir(parents=True, exist_ok=True)
            (plain / "docs" / doc).write_text(text, encoding="utf-8")
        for doc, source in staging.files.items():
            (plain / "docs" / doc).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, plain / "docs" / doc)
        settings = engine.mkdocs_config(site.config, staging, tmp_path / "work", plain / "site")
        settings["docs_dir"] = str(plain / "docs")
        (plain / "mkdocs.yml").write_text(mkdocs_yml(settings), encoding="utf-8")
        mkdocs_build(load_config(str(plain / "mkdocs.yml")))

    ours, theirs = tree(tmp_path / "ours"), tree(plain / "site")
    assert ours.keys() == theirs.keys()
    for name, data in theirs.items():
        expected = markup.valid_markup(data) if name.endswith(".html") else data
        assert ours[name] == expected, name
