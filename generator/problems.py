"""Problems found in content and config: one line each, `path:line: field: message`."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

# error: fails every run. warning: fails `--strict`. reminder: something the passing of
# time made due (a policy to re-check, an expired notice still pinned); it never fails a
# run, so that a CI publication does not turn red overnight with no commit.
Severity = Literal["error", "warning", "reminder"]
_LABELS = {"error": "", "warning": "（警告）", "reminder": "（提醒）"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one file."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def as_warning(self, prefix: str = "") -> "Problem":
        return Problem(self.path, self.line, self.field, prefix + self.message, "warning")

    def __str__(self) -> str:
        path = one_line(self.path)
        where = f"{path}:{self.line}" if self.line else path
        name = shorten(one_line(self.field or "-"), 80)
        return f"{where}: {name}: {_LABELS[self.severity]}{one_line(self.message)}"


@dataclass
class Report:
    """Collects every problem of a run, so that all of them are shown at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(str(path), line, field_name, message, "error"))

    def warning(self, path: str | Path, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(str(path), line, field_name, message, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity == "warning")

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def by_file(self) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = defaultdict(list)
        for problem in sorted(set(self.problems)):
            grouped[problem.path].append(problem)
        return dict(grouped)

    def summary(self, strict: bool = False) -> list[str]:
        """What `check` prints: per file a header line, then its problems; then the count.

        With `strict`, warnings count (and are labelled) as errors.
        """
        lines: list[str] = []
        for path, problems in self.by_file().items():
            severities = [_counted_as(p, strict) for p in problems]
            counts = "，".join(f"{severities.count(kind)} 个{name}" for kind, name in _COUNTED if kind in severities)
            lines.append(f"━━ {one_line(path)}（{counts}）")
            lines += [str(p).replace("（警告）", "（警告→错误）") if strict else str(p) for p in problems]
        if self.problems:
            every = [_counted_as(p, strict) for p in set(self.problems)]
            counts = "，".join(f"{every.count(kind)} 个{name}" for kind, name in _COUNTED[:2])
            if "reminder" in every:
                counts += f"，{every.count('reminder')} 个提醒"
            lines.append(f"共 {counts}，涉及 {len(self.by_file())} 个文件。")
        return lines


_COUNTED = (("error", "错误"), ("warning", "警告"), ("reminder", "提醒"))
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shorten(text: str, limit: int = 60) -> str:
    """A value quoted in a message, cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str) -> str:
    """Every problem is one line: a newline in a quoted value becomes `\\n`, other control
    characters (and line or paragraph separators) `\\uXXXX`."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: "\\n" if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def _counted_as(problem: Problem, strict: bool) -> Severity:
    return "error" if strict and problem.severity == "warning" else problem.severity


class ContentError(Exception):
    """Raised when a run must stop; carries the report of everything found so far."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report
