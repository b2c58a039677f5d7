"""ISO weeks as `YYYY-Www` (the bulletin's name and `yizhan posters --week`)."""

from __future__ import annotations

import re
from datetime import date

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(text: str) -> date:
    """`2026-W48` → the Monday of that ISO week; ValueError when it is not one."""
    found = _WEEK.match(text.strip())
    if not found:
        raise ValueError(f"周次应写成 YYYY-Www，如 2026-W48，而不是“{text}”")
    year, week = int(found[1]), int(found[2])
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} 年没有第 {week} 周") from None


def week_name(day: date) -> str:
    """The ISO week of `day`: 2026-11-23 → `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
