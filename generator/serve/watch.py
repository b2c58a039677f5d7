"""The preview's file watcher: `content/`, `theme/` and `site_config.yml` (watchdog), a
folder that is deleted and comes back watched again, the changed paths in batches."""

from __future__ import annotations

import queue
import time
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.pipeline import BuildOptions

WATCHED_FOLDERS = ("content", "theme")
WRITES = ("created", "modified", "moved", "deleted", "closed")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


class ChangedPaths(FileSystemEventHandler):
    """Puts every relevant changed path into a queue."""

    def __init__(self, changes: queue.Queue[Path], config_path: Path):
        self.changes = changes
        self.config_path = config_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Only writes: reading a file (as every rebuild does) also makes "opened" events.
        # Of folders: deleted and moved (a folder renamed, content/ moved away or back).
        if event.event_type not in WRITES or (event.is_directory and event.event_type not in ("deleted", "moved")):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw))
            if path.name.startswith((".", "#")) or path.name.endswith(IGNORED_SUFFIXES) or path.name == "4913":
                continue
            if path.parent == self.config_path.parent and path != self.config_path \
                    and not (path.name in WATCHED_FOLDERS and event.is_directory):
                continue
            self.changes.put(path)


class Watcher:
    """The watchdog observer, watching the site's folders. A folder that is deleted and comes
    back (content/ restored from a copy, a `git checkout`) is a new folder: its old watch saw
    nothing more, so `refresh` watches it again and says it changed."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.root = options.config_path.parent
        self.changes: queue.Queue[Path] = queue.Queue()
        self.handler = ChangedPaths(self.changes, options.config_path)
        self.observer = Observer()
        self.watches: dict[Path, tuple[Any, tuple[int, int]]] = {}
        for path, recursive in _watched(options):
            self._watch(path, recursive)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def next_changes(self) -> set[Path]:
        """Wait for changes and return the paths changed (folders that came back included)."""
        while True:
            back = set(self.refresh())       # content/ deleted and restored: watched again
            for folder in back:
                self.changes.put(folder)
            try:
                changed = {self.changes.get(timeout=0.5)}
            except queue.Empty:
                continue
            time.sleep(0.02)                      # an editor's save is often several events
            while not self.changes.empty():
                changed.add(self.changes.get())
            for path in changed - back:
                if path.parent == self.root and path.name in WATCHED_FOLDERS:
                    self.forget(path)         # deleted or moved: watched again once it is (back) there
            return changed

    def _watch(self, path: Path, recursive: bool) -> None:
        stat = path.stat()
        self.watches[path] = (self.observer.schedule(self.handler, str(path), recursive=recursive),
                              (stat.st_dev, stat.st_ino))

    def forget(self, path: Path) -> None:
        """`path` (a watched folder) was deleted: `refresh` watches it when it is back."""
        known = self.watches.pop(path, None)
        if known is not None:
            try:
                self.observer.unschedule(known[0])
            except (KeyError, OSError):
                pass   # its emitter already ended with the folder

    def refresh(self) -> list[Path]:
        """Watch again the folders that came back (or came new): those folders."""
        back = []
        for path, recursive in _watched(self.options, existing=False):
            try:
                stat = path.stat()
            except OSError:
                continue
            if not S_ISDIR(stat.st_mode):
                continue
            known = self.watches.get(path)
            if known is not None and known[1] == (stat.st_dev, stat.st_ino):
                continue
            self.forget(path)
            try:
                self._watch(path, recursive)
            except OSError:
                continue  # gone again: next time
            back.append(path)
        return back


def _watched(options: BuildOptions, existing: bool = True) -> list[tuple[Path, bool]]:
    """The folders to watch, each with whether its subfolders are watched too."""
    root = options.config_path.parent
    dirs = [(root, False), *((root / name, True) for name in WATCHED_FOLDERS)]
    seen: set[Path] = set()
    found = []
    for path, recursive in dirs:
        if (path.is_dir() or not existing) and path.resolve() not in seen:
            seen.add(path.resolve())
            found.append((path, recursive))
    return found
