"""ISO weeks as `YYYY-Www` (the bulletin's name and `yizhan posters --week`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


_THIS, _NEXT = ("this", "本周", "这周", "这一周"), ("next", "下周", "下一周")
WEEK_FORMS = "2026-W48（周次）、2026-11-25（那一天所在的周）、this 或 本周、next 或 下周"


def parse_week(text: str, today: date | None = None) -> date:
    """`2026-W48`, a date `2026-11-25` (its week), `this`/`本周`, `next`/`下周` (weeks of
    `today`; the clock's when None) → the Monday of that ISO week; ValueError when it is none."""
    word = text.strip().lower()
    if word in _THIS or word in _NEXT:
        day = (today or date.today()) + timedelta(days=7 if word in _NEXT else 0)
        return day - timedelta(days=day.weekday())
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", word):
        try:
            day = date(*map(int, word.split("-")))
        except ValueError:
            raise ValueError(f"日期“{text}”不存在，请检查月份和日") from None
        return day - timedelta(days=day.weekday())
    found = _WEEK.match(word.upper())
    if not found:
        raise ValueError(f"周次应写成 {WEEK_FORMS}，而不是“{text}”")
    year, week = int(found[1]), int(found[2])
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} 年没有第 {week} 周") from None


def week_name(day: date) -> str:
    """The ISO week of `day`: 2026-11-23 → `2026-W48`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
