"""Problems found in content, reported to editors as `path:line: error: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from ..common.messages import _

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, pinned to a file and line."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        # The `path:line: ` prefix is never translated, so that editors' tools still jump to the line.
        severity = _("error") if self.severity == "error" else _("warning")
        return f"{where}: {severity}: {self.message}"


@dataclass
class Problems:
    """Collects every problem so an editor sees them all in one run."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.items.append(Problem(str(path), line, "error", message))

    def warning(self, path: str | Path, line: int, message: str) -> None:
        self.items.append(Problem(str(path), line, "warning", message))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.severity, p.message))

    def __bool__(self) -> bool:
        return bool(self.items)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """" — did you mean 'x'?" when a close match exists, else ""."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return _(" — did you mean '{match}'?", match=matches[0]) if matches else ""


class ContentError(Exception):
    """A content mistake that stops a stage; carries the problems to print."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def raise_for_problems(problems: Problems, strict: bool) -> None:
    """Stop with every error (and, with `strict`, every warning) found, sorted by file and line."""
    blocking: list[Problem] = problems.errors + (problems.warnings if strict else [])
    if blocking:
        raise ContentError(sorted(set(blocking), key=lambda p: (p.path, p.line, p.message)))
