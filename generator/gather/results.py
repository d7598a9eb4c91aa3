"""What a source hands back: partial project-cycle data, calendar entries and project entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..data import model as m

if TYPE_CHECKING:
    from .calendar import Series
    from .context import Context


@dataclass(frozen=True)
class Selection:
    """The cycles and projects this gather covers, resolved against the calendar and the teams."""

    series: tuple[Series, ...]
    projects: tuple[str, ...]


@dataclass(frozen=True)
class Contribution:
    """One source's facts for one project in one cycle.

    `provides` names the `ProjectCycle` fields the source is answering for: those replace the
    previous values (even when empty), every other field of the existing file is kept.
    """

    cycle: str
    project: str
    data: m.ProjectCycle
    provides: frozenset[str]
    as_of: dt.datetime | None = None


@dataclass
class SourceResult:
    source: str
    contributions: list[Contribution] = field(default_factory=list)
    cycles: list[m.Cycle] = field(default_factory=list)
    projects: list[m.Project] = field(default_factory=list)


class Gatherer(Protocol):
    """A source: `gather` runs its fetch_* (I/O) and build_* (pure) steps; writing is shared."""

    name: ClassVar[str]
    # Ids of list items this source owns, by field: `{"features": "hl-"}`. Items of a shared
    # list (features, priorities) are replaced only within the source's own prefix.
    id_prefixes: ClassVar[dict[str, str]]

    def gather(self, ctx: Context, selection: Selection) -> SourceResult: ...
