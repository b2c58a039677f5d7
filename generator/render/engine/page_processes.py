"""MkDocs' pages shared out between processes: each takes the next few pages not yet taken,
and their warnings and `OnWrite` results come back as if one process had built them all."""

from __future__ import annotations

from typing import Any, Callable

from generator.forked import Beside, Turns
from generator.render.engine.mkdocs_log import CollectedWarnings

TASKS_PER_TURN = 8  # pages a page process takes at a time (see `share_out`)


class OnWrite:
    """`function(path, content)` for each file MkDocs writes (its path under the site folder,
    the bytes written), in whichever process writes it; what it returns, unless None, is
    gathered in `results` by path, from every process."""

    def __init__(self, function: Callable[[str, bytes], Any]):
        self.function = function
        self.results: dict[str, Any] = {}

    def __call__(self, path: str, content: bytes) -> None:
        value = self.function(path, content)
        if value is not None:
            self.results[path] = value


def share_out(tasks: list[Callable[[], None]], jobs: int, handler: CollectedWarnings, on_write: OnWrite) -> None:
    """Run `tasks` in this process and `jobs - 1` forked ones, each taking the next few not
    yet taken (no process idles while another has a queue); their warnings come back to this
    one in the order of the tasks, as if one process had run them, and so do `on_write`'s results."""
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

    def child() -> tuple[dict[int, list[str]], dict[str, Any]]:
        on_write.results = {}  # this process's own
        return work(), on_write.results

    workers = [Beside(child) for _ in range(jobs - 1)]
    errors = []
    try:
        said = work()
    finally:
        for worker in workers:
            try:
                theirs, results = worker.result()
            except Exception as exc:  # noqa: BLE001 - reported below, as MkDocs' error
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            said.update(theirs)
            on_write.results.update(results)
    if errors:
        raise MkDocsException("; ".join(errors))
    handler.messages[forked_at:] = [message for index in sorted(said) for message in said[index]]
