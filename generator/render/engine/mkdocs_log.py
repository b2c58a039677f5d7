"""MkDocs' warnings collected (not printed) while it runs; its failures raised as `EngineError`."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator


class EngineError(Exception):
    """MkDocs refused the generated site (a bug of ours, or a broken theme override)."""


class CollectedWarnings(logging.Handler):
    """The messages of MkDocs' warnings, in the order they were logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collecting() -> Iterator[CollectedWarnings]:
    """MkDocs' warnings collected (not printed) while it runs; its failures as EngineError."""
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = CollectedWarnings()
    old_level, logger.level = logger.level, logging.WARNING
    logger.addHandler(handler)
    try:
        yield handler
    except MkDocsException as exc:
        raise EngineError(str(exc)) from exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
