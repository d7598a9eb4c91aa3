"""The model's parts about teams over time: how a team was led, what it released, who is who.

Re-exported by `model` (use `m.Leadership`, `m.Deliverable`, `m.PeopleFile`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .basics import FORBID, Id, Name, Source

# How a team was led in a cycle: one PTL, co-PTLs, distributed leadership (liaisons, no PTL), or
# nobody (governance stored a placeholder such as "APPOINTMENT NEEDED", never a person).
LeadershipKind = Literal["ptl", "co-ptl", "distributed", "vacant"]


@dataclass(frozen=True)
class Deliverable:
    """What a team released of one deliverable in a cycle (openstack/releases `deliverables/`).

    `versions` are every release of the series in the file's order (lifecycle tags such as
    `queens-em` / `queens-eol` are `lifecycle`, not releases); `final` is the first full release
    at or after the point the stable branch was cut from (the cycle's release), else the newest.
    `dates` gives the day each version was released, only when gathered from a git clone of
    releases (the commit that added it to the file); the files themselves carry no dates.
    """

    __pydantic_config__ = FORBID
    id: Id
    type: str = ""
    model: str = ""
    versions: list[str] = field(default_factory=list)
    final: str = ""
    branch: str = ""
    lifecycle: list[str] = field(default_factory=list)
    dates: dict[str, dt.date] = field(default_factory=dict)
    source: Source | None = None

    @property
    def final_date(self) -> dt.date | None:
        """The day the cycle's release came out, when the history gave it."""
        return self.dates.get(self.final) if self.final else None

    def dated(self, version: str) -> dt.date | None:
        return self.dates.get(version)


@dataclass(frozen=True)
class Leader:
    """Someone who led a team during a cycle; `since` is set when they took over mid-cycle."""

    __pydantic_config__ = FORBID
    name: Name
    since: dt.date | None = None


@dataclass(frozen=True)
class Leadership:
    """How the team was led over the cycle, said honestly when it was not one elected PTL."""

    __pydantic_config__ = FORBID
    kind: LeadershipKind = "ptl"
    leaders: list[Leader] = field(default_factory=list)
    appointed: bool = False
    note: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class PersonEntry:
    """One person in `data/people.yaml`: the spelling shown, the others, the IRC nicks."""

    __pydantic_config__ = FORBID
    name: Name
    aliases: list[Name] = field(default_factory=list)
    irc: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PeopleFile:
    __pydantic_config__ = FORBID
    people: list[PersonEntry] = field(default_factory=list)
