"""The web app manifest (the site installable) and the service worker `sw.js`.

The worker is generated at build time. Its version is a hash of the whole output, so any
rebuild that changes a page changes the worker, and browsers install the new one. It
precaches the shell (Material's and our CSS/JS, icons, the search meta), the home page,
the list pages, the tag index and the calendar, and keeps every page a reader visits.
Service workers exist only in a secure context (HTTPS, or localhost / 127.0.0.1):
theme/assets/offline.js registers it only there; a plain http:// campus host gets none.
"""

from __future__ import annotations

import hashlib
import json
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
              if (f.startswith("calendar/") or f == "tags/index.html") and f.endswith("index.html")]
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


def write_worker(site: Site, out: Path, files: list[SiteFile], hashes: list[bytes]) -> None:
    template = (DEFAULT_THEME / "offline" / "sw.js").read_text(encoding="utf-8")
    config = json.dumps({"version": content_version(files, hashes),
                         "precache": precache_list(site, out, [file.name for file in files])},
                        ensure_ascii=False, indent=1)
    (out / WORKER).write_text(template.replace("/*YIZHAN_CONFIG*/{}", config), encoding="utf-8")
