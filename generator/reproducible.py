"""Builds that repeat byte for byte: one date, `site.today`, stands for the clock.

`--today` (else SOURCE_DATE_EPOCH, else the clock) gives `site.today`. Our own outputs take
their dates from it; MkDocs reads SOURCE_DATE_EPOCH for the sitemap's `<lastmod>` dates and
the gzip header of `sitemap.xml.gz`, so the build sets it from `site.today` while MkDocs runs.
"""

from __future__ import annotations

import calendar
import os
from contextlib import contextmanager
from datetime import date
from typing import Iterator

EPOCH = "SOURCE_DATE_EPOCH"


def epoch_of(day: date) -> int:
    """Midnight UTC of `day`: its UTC date is `day` itself, whatever the site's zone."""
    return calendar.timegm(day.timetuple())


@contextmanager
def source_date(day: date) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = `day` for the duration (`--today` wins over a caller's epoch)."""
    old = os.environ.get(EPOCH)
    os.environ[EPOCH] = str(epoch_of(day))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(EPOCH, None)
        else:
            os.environ[EPOCH] = old
