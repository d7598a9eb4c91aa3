"""The core-reviewer team over a cycle: names at the start and end, who joined and left and why,
or bare counts where the names are not published. Part of the model (`data.model` re-exports it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from .basics import FORBID, Id, Name, Source


@dataclass(frozen=True)
class RosterChange:
    """Someone joining or leaving the core team, with when and why."""

    __pydantic_config__ = FORBID
    id: Id
    name: Name
    change: Literal["joined", "left"]
    date: dt.date | None = None
    reason: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class RosterCounts:
    """Figures for when the names are not published: sizes at start and end, steady reviewers."""

    __pydantic_config__ = FORBID
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    joined: int | None = Field(default=None, ge=0)
    left: int | None = Field(default=None, ge=0)
    steady: int | None = Field(default=None, ge=0)


@dataclass(frozen=True)
class Roster:
    """The core-reviewer team over the cycle."""

    __pydantic_config__ = FORBID
    group: str = ""
    start: list[Name] = field(default_factory=list)
    end: list[Name] = field(default_factory=list)
    steady: list[Name] = field(default_factory=list)
    changes: list[RosterChange] = field(default_factory=list)
    counts: RosterCounts | None = None
    notes: str = ""
    source: Source | None = None

    def _figure(self, names: list[str], attr: str) -> int | None:
        if names:
            return len(names)
        return getattr(self.counts, attr) if self.counts else None

    @property
    def size_start(self) -> int | None:
        return self._figure(self.start, "start")

    @property
    def size_end(self) -> int | None:
        return self._figure(self.end, "end")

    @property
    def joined(self) -> list[RosterChange]:
        return [c for c in self.changes if c.change == "joined"]

    @property
    def left(self) -> list[RosterChange]:
        return [c for c in self.changes if c.change == "left"]

    @property
    def joined_count(self) -> int | None:
        return self._figure([c.name for c in self.joined], "joined")

    @property
    def left_count(self) -> int | None:
        return self._figure([c.name for c in self.left], "left")

    @property
    def steady_count(self) -> int | None:
        return self._figure(self.steady, "steady")

    @property
    def is_empty(self) -> bool:
        return not (self.start or self.end or self.changes or self.counts or self.notes)
