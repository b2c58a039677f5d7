"""Pages of a built site, and one page of each type (for the slower quality gates)."""

from __future__ import annotations

from pathlib import Path


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if p.is_file())


def page_type(out: Path, page: Path) -> tuple[str, int]:
    """("home", 0), ("notices", 1) for a list, ("notices", 2) for an item, ("404.html", 0) …"""
    parts = page.relative_to(out).parts
    if parts == ("index.html",):
        return ("home", 0)
    return (parts[0], len(parts) - 1)


def one_of_each_type(out: Path) -> list[Path]:
    """Per page type, the largest page (the one with the most of that type's parts)."""
    chosen: dict[tuple[str, int], Path] = {}
    for page in html_pages(out):
        key = page_type(out, page)
        if key not in chosen or page.stat().st_size > chosen[key].stat().st_size:
            chosen[key] = page
    return [chosen[key] for key in sorted(chosen)]
