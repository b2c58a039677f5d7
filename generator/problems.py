"""Problems found in content and config: one line each, `path:line: field: message`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


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
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else "（警告）"
        return f"{where}: {self.field or '-'}: {label}{self.message}"


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
            errors = sum(strict or p.severity == "error" for p in problems)
            counts = "，".join(part for part in (
                f"{errors} 个错误" if errors else "",
                f"{len(problems) - errors} 个警告" if len(problems) > errors else "") if part)
            lines.append(f"━━ {path}（{counts}）")
            lines += [str(p).replace("（警告）", "（警告→错误）") if strict else str(p) for p in problems]
        errors, warnings = len(self.errors), len(self.warnings)
        if strict:
            errors, warnings = errors + warnings, 0
        if errors or warnings:
            files = len(self.by_file())
            lines.append(f"共 {errors} 个错误，{warnings} 个警告，涉及 {files} 个文件。")
        return lines


class ContentError(Exception):
    """Raised when a run must stop; carries the report of everything found so far."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report
