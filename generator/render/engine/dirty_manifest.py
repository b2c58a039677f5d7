"""What the built pages were made from, kept in the work folder for a dirty build: only the
pages whose staged Markdown changed are rendered again, the pages of docs gone are removed,
and nothing is kept when the settings or the theme overrides changed (the fingerprint)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.render.pages import Staging
from generator.render.precompress import copy_path

MANIFEST = "pages.json"  # in the work folder: what the built pages were made from
FINGERPRINT = "fingerprint"  # in the work folder: the settings and overrides they were made with


def manifest(staging: Staging) -> dict[str, str]:
    """What each docs path holds: the hash of a page's staged Markdown, a copied file's source."""
    pages = {doc: _digest(text) for doc, text in staging.pages.items()}
    return pages | {doc: str(source) for doc, source in staging.files.items()}


def _digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


def pages_to_render(staging: Staging, current: dict[str, str], earlier: dict[str, str] | None,
                    site_dir: Path) -> set[str]:
    """The pages to render: all of them, or in a dirty build those whose Markdown changed
    or whose page is missing; the built pages and files of docs gone are removed."""
    if earlier is None:
        return set(staging.pages)
    for doc in earlier.keys() - current.keys():
        built = site_dir / _output_of(doc)
        built.unlink(missing_ok=True)
        copy_path(built).unlink(missing_ok=True)  # its precompressed copy
        if built.parent != site_dir and built.parent.is_dir() and not any(built.parent.iterdir()):
            built.parent.rmdir()  # the page's own folder (`<type>/<slug>/`)
    return {doc for doc in staging.pages
            if earlier.get(doc) != current[doc] or not (site_dir / _output_of(doc)).is_file()}


def _output_of(doc: str) -> str:
    """`notices/a.md` → `notices/a/index.html` (directory URLs); other files keep their path."""
    if not doc.endswith(".md"):
        return doc
    stem = doc[:-3]
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def _fingerprint(work: Path) -> str:
    """What every page depends on: the generated mkdocs.yml (navigation, theme settings) and
    the Material overrides. When it changes, a dirty build would leave stale pages."""
    digest = hashlib.sha256((work / "mkdocs.yml").read_bytes())
    for path in sorted((work / "overrides").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(work).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def earlier_manifest(work: Path, site_dir: Path) -> dict[str, str] | None:
    """The manifest of the pages in `site_dir`, if they may be kept (dirty build): built
    with the same settings and overrides. The fingerprint is removed now and written again
    by `save_manifest` once every page is built, so an interrupted build is not trusted."""
    stamp, saved = work / FINGERPRINT, work / MANIFEST
    valid = (stamp.is_file() and stamp.read_text() == _fingerprint(work) and site_dir.is_dir()
             and saved.is_file())
    stamp.unlink(missing_ok=True)
    return json.loads(saved.read_text(encoding="utf-8")) if valid else None


def save_manifest(work: Path, built: dict[str, str]) -> None:
    """The manifest of a finished build, and the fingerprint that makes it trusted."""
    (work / MANIFEST).write_text(json.dumps(built, ensure_ascii=False), encoding="utf-8")
    (work / FINGERPRINT).write_text(_fingerprint(work))


def record_pages(work: Path, staging: Staging, docs: list[str]) -> None:
    """The saved manifest, with the pages `docs` now built from `staging`."""
    saved = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    saved.update({doc: _digest(staging.pages[doc]) for doc in docs})
    (work / MANIFEST).write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
