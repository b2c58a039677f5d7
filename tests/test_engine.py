"""The engine's shortcuts through MkDocs give what MkDocs itself gives."""

from __future__ import annotations

from pathlib import Path

from generator.render.engine import _dot_folders_unlisted


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
    with _dot_folders_unlisted(env):
        ours.add_files_from_theme(env, config)

    def listed(files: Files) -> list[tuple[str, str | None]]:
        return [(f.src_uri, f.abs_src_path) for f in files]

    assert listed(ours) == listed(theirs)
    assert "assets/extra/site.css" in [uri for uri, _ in listed(ours)]
    assert any(uri.startswith("assets/javascripts/") for uri, _ in listed(ours))
    assert ".icons/material/home.svg" in env.list_templates()  # the environment is as it was
