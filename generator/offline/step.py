"""The offline step, as one object the build feeds and then finishes."""

from __future__ import annotations

from pathlib import Path

from generator.model import Site
from generator.offline.filezip import BUNDLE, Made, entries_under, write_bundle, zip_entry
from generator.offline.icons import write_icons
from generator.offline.sitefiles import site_files
from generator.offline.worker import WORKER, write_manifest, write_worker
from generator.problems import Report
from generator.stepcache import StepCache


class OfflineBundle:
    """Icons, manifest, the file:// zip and the service worker of one build.

    Made before the pages are written; called with each file MkDocs writes, in whichever
    page process writes it (`engine.build_site(on_write=…)`), it makes that file's zip
    entry there and then; `take` and `add` bring those of a forked process back. The
    entries of files a step wrote into a folder of its own come from `made_under`.
    `finish` writes everything, last, taking in every file of the output."""

    def __init__(self, site: Site, cache: StepCache):
        """`cache`: the build cache (`yizhan build --cache`), or `NO_CACHE`."""
        self.site, self.cache = site, cache
        self.made: Made = {}

    def __call__(self, path: str, content: bytes) -> None:
        """The file `path` (under the output folder) was written with `content`."""
        entry = zip_entry(path, content)
        if entry is not None:
            self.made[path] = entry

    def take(self) -> Made:
        """What this process made since the last `take`, forgotten here (picklable)."""
        made, self.made = self.made, {}
        return made

    def add(self, made: Made) -> None:
        """What `take` or `made_under` returned in another process."""
        self.made.update(made)

    def made_under(self, root: Path) -> Made:
        """The entries of every file under `root` (a step's own output folder), for `add`;
        none with a build cache: its last zip holds those of the files that did not change."""
        return {} if self.cache.keeps else entries_under(root)

    def finish(self, out: Path, report: Report) -> None:
        """Icons, manifest, the file:// zip, then the worker, into `out` (after every other step)."""
        write_icons(self.site, out, self.cache)
        write_manifest(self.site, out)
        files = site_files(out, leave_out=(BUNDLE, WORKER))  # one listing serves the zip and the worker
        hashes = write_bundle(out, self.site.today, files, self.made, self.cache)
        write_worker(self.site, out, files, hashes)
