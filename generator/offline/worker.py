"""The web app manifest (the site installable) and the service worker `sw.js`.

The worker is generated at build time. Its version is a hash of the whole output, so any
rebuild that changes a page changes the worker, and browsers install the new one. It
precaches the shell (Material's and our CSS/JS, icons, the search meta), the home page,
the list pages, the tag index and the calendar (from last month on), and keeps every page
a reader visits.
Each precached file comes with a hash of its bytes (its revision): a new worker takes the
files whose revision did not change from the cache of the last one, and downloads only
the others (a phone that comes back after a one-line edit fetches a few pages, not the
whole shell again).
Service workers exist only in a secure context (HTTPS, or localhost / 127.0.0.1):
theme/assets/offline.js registers it only there; a plain http:// campus host gets none.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

from generator.kinds import KINDS
from generator.model import Site
from generator.offline.icons import ICON_DIR, ICON_SIZES
from generator.palette import PALETTE
from generator.offline.sitefiles import UNUSED, SiteFile
from generator.render.pages import media_path
from generator.render.templates import DEFAULT_THEME

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
PRECACHE_SEARCH_LIMIT = 1_000_000   # bytes: a bigger search index is cached as it is used
REVISION_LENGTH = 12                # hex digits of a precached file's sha256
_MONTH_PAGE = re.compile(r"calendar/(\d{4})-(\d{2})/index\.html")


def write_manifest(site: Site, out: Path) -> None:
    config = site.config
    colour = PALETTE[config.theme.primary].screen
    manifest = {
        "name": config.site_name,
        "short_name": config.site_name[:12],
        "description": config.description or config.site_name,
        "lang": "zh-CN",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [{"src": f"{ICON_DIR}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in ICON_SIZES],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def precache_list(site: Site, out: Path, files: list[str]) -> list[str]:
    """URLs (relative to the site root) the worker fetches when it is installed."""
    pages = ["./"] + [f"{t.name}/" for t in KINDS if t.listed and (out / t.name / "index.html").is_file()]
    pages += [f.removesuffix("index.html") for f in files
              if f in ("calendar/index.html", "tags/index.html") or _month_to_keep(f, site.today)]
    shell = [f for f in files if f.startswith("assets/") and not f.endswith(".map") and not f.startswith(UNUSED)]
    shell.append(MANIFEST)
    if site.config.logo_path:
        shell.append(media_path(site.config, site.config.logo_path))
    search = [f for f in files if f.startswith("search/")]
    if sum((out / f).stat().st_size for f in search) <= PRECACHE_SEARCH_LIMIT:
        shell += search
    else:
        shell += [f for f in search if f == "search/meta.js"]
    return list(dict.fromkeys(pages + sorted(shell)))


def content_version(files: list[SiteFile], hashes: list[bytes]) -> str:
    """A hash of every file's name and content (`hashes`: their sha256, in the same order)."""
    digest = hashlib.sha256()
    for file, sha in zip(files, hashes, strict=True):
        digest.update(file.name.encode("utf-8") + b"\0")
        digest.update(sha)
    return digest.hexdigest()[:16]


def _month_to_keep(name: str, today: date) -> bool:
    """A month page of the calendar from the month before the build's on (the past ones are
    kept once visited, like any page)."""
    month = _MONTH_PAGE.fullmatch(name)
    if month is None:
        return False
    last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return (int(month[1]), int(month[2])) >= last_month


def revisions(urls: list[str], files: list[SiteFile], hashes: list[bytes]) -> list[list[str]]:
    """Each precached URL with the revision of its file (the start of its sha256)."""
    by_name = {file.name: sha for file, sha in zip(files, hashes, strict=True)}
    return [[url, by_name[_file_of(url)].hex()[:REVISION_LENGTH]] for url in urls]


def _file_of(url: str) -> str:
    """The file the server sends for a URL of the site ("notices/" → "notices/index.html")."""
    return "index.html" if url == "./" else url + "index.html" if url.endswith("/") else url


def write_worker(site: Site, out: Path, files: list[SiteFile], hashes: list[bytes]) -> None:
    template = (DEFAULT_THEME / "offline" / "sw.js").read_text(encoding="utf-8")
    urls = precache_list(site, out, [file.name for file in files])
    config = json.dumps({"version": content_version(files, hashes), "precache": revisions(urls, files, hashes)},
                        ensure_ascii=False, indent=1)
    (out / WORKER).write_text(template.replace("/*YIZHAN_CONFIG*/{}", config), encoding="utf-8")
