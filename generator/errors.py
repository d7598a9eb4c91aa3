"""Errors a person can act on: location first, then the field, then what was expected.

A user's mistake never ends in a traceback. Every stage collects `Problem`s and the command
line prints them all, then exits once (the way `mkdocs build` aborts with "N errors").
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: path relative to the project root, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True, order=True)
class Problem:
    """One error, warning or note, formatted `path:line:col: error: field: message`.

    A warning fails `--strict`; a note never fails anything (it says what a correct input does,
    such as a private reason the public page will not show).
    """

    location: Location
    message: str
    field_path: str = ""
    hint: str = ""
    severity: str = "error"

    def render(self) -> str:
        where = f"{self.field_path}: " if self.field_path else ""
        text = f"{self.location}: {self.severity}: {where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class Problems:
    """A collector: every stage appends, the caller decides when to stop."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def errors(self, strict: bool = False) -> list[Problem]:
        """Errors, plus warnings when `strict` (the same meaning as `mkdocs build --strict`)."""
        return [p for p in self.items if p.severity == "error" or (strict and p.severity == "warning")]

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


class UserError(Exception):
    """A failure caused by input or environment, shown as text without a traceback."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def render(self) -> str:
        lines = [p.render() for p in sorted(set(self.problems))]
        lines.append(self.message)
        return "\n".join(lines)


def field_path(loc: tuple[str | int, ...]) -> str:
    """`("priorities", 1, "status")` → `priorities[1].status`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint, or the empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` when it lies inside it, else as given.

    Symlinks are not followed: a link in data/ is named as the user sees it, and a dangling or
    looping link cannot raise here.
    """
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


def print_problems(problems: Sequence[Problem], strict: bool) -> int:
    """Print every problem; return how many count as errors (notes never do)."""
    count = 0
    for problem in sorted(set(problems)):
        if problem.severity == "warning" and strict:
            problem = Problem(problem.location, problem.message, problem.field_path, problem.hint, "error")
        print(problem.render(), file=sys.stderr)
        count += problem.severity == "error"
    return count
