"""MkDocs' pages shared out between processes: each takes the next few pages not yet taken,
and their warnings and what `OnWrite` gathered come back as if one process had built them all."""

from __future__ import annotations

from typing import Any, Callable, Protocol

from generator.forked import Beside, Turns
from generator.render.engine.mkdocs_log import CollectedWarnings

TASKS_PER_TURN = 8  # pages a page process takes at a time (see `share_out`)


class OnWrite(Protocol):
    """What sees each file MkDocs writes (its path under the site folder, the bytes written),
    in whichever process writes it; what it gathers in a forked page process comes back."""

    def __call__(self, path: str, content: bytes) -> None: ...

    def take(self) -> Any:
        """What it gathered in this process since the last `take`, forgotten here (picklable)."""

    def add(self, taken: Any) -> None:
        """Gathers what `take` returned in another process."""


class AllOf:
    """Several `OnWrite`s as one: each sees every file, and brings back what it gathered."""

    def __init__(self, *hooks: OnWrite):
        self.hooks = hooks

    def __call__(self, path: str, content: bytes) -> None:
        for hook in self.hooks:
            hook(path, content)

    def take(self) -> list[Any]:
        return [hook.take() for hook in self.hooks]

    def add(self, taken: list[Any]) -> None:
        for hook, theirs in zip(self.hooks, taken):
            hook.add(theirs)


def share_out(tasks: list[Callable[[], None]], jobs: int, handler: CollectedWarnings,
              on_write: OnWrite | None) -> None:
    """Run `tasks` in this process and `jobs - 1` forked ones, each taking the next few not
    yet taken (no process idles while another has a queue); their warnings come back to this
    one in the order of the tasks, as if one process had run them, and what `on_write` took there."""
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

    def child() -> tuple[dict[int, list[str]], Any]:
        if on_write is None:
            return work(), None
        on_write.take()  # what it gathered before the fork is this process's parent's
        return work(), on_write.take()

    workers = [Beside(child) for _ in range(jobs - 1)]
    errors = []
    try:
        said = work()
    finally:
        for worker in workers:
            try:
                theirs, taken = worker.result()
            except Exception as exc:  # noqa: BLE001 - reported below, as MkDocs' error
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            said.update(theirs)
            if on_write is not None:
                on_write.add(taken)
    if errors:
        raise MkDocsException("; ".join(errors))
    handler.messages[forked_at:] = [message for index in sorted(said) for message in said[index]]
