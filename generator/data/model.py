"""The data model: frozen dataclasses whose fields are the YAML files' keys.

Validation (types, unknown keys, enums) is done by pydantic over these same classes, and the
JSON Schema for editors and the data-format reference page are generated from them, so the
files, the checks and the docs cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from .basics import FORBID as FORBID
from .basics import Id as Id
from .basics import Link as Link
from .basics import Milestone as Milestone
from .basics import MilestoneKind as MilestoneKind
from .basics import Name as Name
from .basics import Source as Source
from .basics import Url as Url
from .leadership import Deliverable as Deliverable
from .leadership import Leader as Leader
from .leadership import Leadership as Leadership
from .leadership import LeadershipKind as LeadershipKind
from .leadership import PeopleFile as PeopleFile
from .leadership import PersonEntry as PersonEntry
from .meetings import Action as Action
from .meetings import BoardMeeting as BoardMeeting
from .meetings import Figure as Figure
from .meetings import MeetingFormat as MeetingFormat
from .meetings import Midcycle as Midcycle
from .meetings import Session as Session
from .meetings import Topic as Topic
from .roster import Roster as Roster
from .roster import RosterChange as RosterChange
from .roster import RosterCounts as RosterCounts

CycleStatus = Literal["future", "development", "maintained", "extended maintenance", "unmaintained", "end of life"]
# `open`: not settled yet (the cycle is still running); `unknown`: no source tells how it went.
Outcome = Literal["done", "partial", "missed", "dropped", "open", "unknown"]


@dataclass(frozen=True)
class Cycle:
    """One release cycle: Mitaka, Newton, …, 2025.2."""

    __pydantic_config__ = FORBID
    name: Id
    title: str = ""
    release_id: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    status: CycleStatus = "end of life"
    milestones: list[Milestone] = field(default_factory=list)
    source: Source | None = None

    @property
    def label(self) -> str:
        title = self.title or self.name.title()
        return f"{self.release_id} {title}" if self.release_id else title

    @property
    def calendar_day(self) -> dt.date:
        """Where the cycle sorts in the calendar: its start, else its end (the releases repository
        gives Austin, the first cycle, an end only), else after every dated cycle."""
        return self.start or self.end or dt.date.max


@dataclass(frozen=True)
class Project:
    """A project team: its governance key, service, mission and where its facts live."""

    __pydantic_config__ = FORBID
    key: Id
    title: str = ""
    service: str = ""
    mission: str = ""
    repos: list[str] = field(default_factory=list)
    core_group: str = ""
    launchpad: str = ""
    election_dir: str = ""
    specs_repo: str = ""
    irc_channel: str = ""
    url: Url | None = None
    source: Source | None = None
    # A team that no longer exists: when it left governance, why (the removing commit's
    # subject), the team that took its work over, and the keys it had before.
    retired: dt.date | None = None
    retired_reason: str = ""
    retired_source: Source | None = None
    replaced_by: str = ""
    former_keys: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.title or self.key.title()


@dataclass(frozen=True)
class Feature:
    """A completed feature or cycle highlight."""

    __pydantic_config__ = FORBID
    id: Id
    title: str
    description: str = ""
    links: list[Link] = field(default_factory=list)
    source: Source | None = None
    hidden: bool = False
    note: str = ""


@dataclass(frozen=True)
class Priority:
    """A priority planned at the start of the cycle and how it went."""

    __pydantic_config__ = FORBID
    id: Id
    title: str
    outcome: Outcome
    planned: bool = True
    reason: str = ""
    carried_to: str = ""
    carried_from: str = ""
    links: list[Link] = field(default_factory=list)
    source: Source | None = None


@dataclass(frozen=True)
class ReviewDay:
    """A review day: when, what it focused on and what it achieved."""

    __pydantic_config__ = FORBID
    id: Id
    date: dt.date | None = None
    milestone: str = ""
    recurring: str = ""
    focus: str = ""
    reviews: int | None = Field(default=None, ge=0)
    merged: int | None = Field(default=None, ge=0)
    participants: list[Name] = field(default_factory=list)
    backlog_before: int | None = Field(default=None, ge=0)
    backlog_after: int | None = Field(default=None, ge=0)
    notes: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Contact:
    __pydantic_config__ = FORBID
    name: Name
    about: str


@dataclass(frozen=True)
class Handoff:
    """The PTL handoff: who passes the torch to whom, when, and what is still open."""

    __pydantic_config__ = FORBID
    outgoing: Name
    incoming: Name | None = None
    date: dt.date | None = None
    open_threads: list[str] = field(default_factory=list)
    ask: list[Contact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    note: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Candidacy:
    """A PTL candidacy: who stood, in which election (the election's cycle folder and team), the result.

    `source` is the candidacy file, or its folder when the file is named by an e-mail address
    (never published), or the results file when the checkout does not hold the candidacy.
    """

    __pydantic_config__ = FORBID
    id: Id
    name: Name
    cycle: str = ""
    team: str = ""
    elected: bool | None = None
    source: Source | None = None


@dataclass(frozen=True)
class ReviewerStat:
    """Review counts for one reviewer over the cycle (openstack/reviewstats definitions)."""

    __pydantic_config__ = FORBID
    name: Name
    reviews: int = Field(ge=0)
    minus2: int = 0
    minus1: int = 0
    plus1: int = 0
    plus2: int = 0
    approvals: int = 0
    disagreements: int = 0
    core: bool = False
    source: Source | None = None


@dataclass(frozen=True)
class Backlog:
    __pydantic_config__ = FORBID
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    abandoned: int | None = Field(default=None, ge=0)
    merged: int | None = Field(default=None, ge=0)
    note: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class ProjectCycle:
    """Everything known about one project in one cycle: gathered facts merged with the PTL's notes.

    `gathered.yaml` and `authored.yaml` share this shape. Lists whose items carry an `id` merge by
    id (the authored item's keys win; `hidden: true` drops a feature); everything else in
    `authored.yaml` replaces the gathered value.
    """

    __pydantic_config__ = FORBID
    ptl: Name | None = None
    # Where the PTL's name was read: governance's projects.yaml at a commit, or an election file.
    ptl_source: Source | None = None
    as_of: dt.datetime | dt.date | None = None
    summary: str = ""
    features: list[Feature] = field(default_factory=list)
    roster: Roster = field(default_factory=Roster)
    priorities: list[Priority] = field(default_factory=list)
    review_days: list[ReviewDay] = field(default_factory=list)
    reviewers: list[ReviewerStat] = field(default_factory=list)
    backlog: Backlog | None = None
    handoff: Handoff | None = None
    candidacies: list[Candidacy] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    leadership: Leadership | None = None
    released: list[Deliverable] = field(default_factory=list)

    @property
    def main_deliverable(self) -> Deliverable | None:
        """The team's main deliverable of the cycle: its service, else the first listed (the
        gather lists the service first; a PTL's own `released:` list may not)."""
        return next((d for d in self.released if d.type == "service"), self.released[0] if self.released else None)

    @property
    def release_day(self) -> dt.date | None:
        """The day the main deliverable made the cycle's release, when gathered from a git
        clone of releases; None otherwise."""
        main = self.main_deliverable
        return main.final_date if main else None

    @property
    def leader_label(self) -> str:
        """Who led, in a few words: the PTL, the co-PTLs, or what stood in for a PTL; "" if unknown."""
        lead = self.leadership
        if lead is not None and lead.kind == "co-ptl" and lead.leaders:
            return " and ".join(x.name for x in lead.leaders) + " (co-PTLs)"
        if self.ptl:  # a PTL written in authored.yaml wins over what governance stated
            return self.ptl
        if lead is None:
            return ""
        if lead.kind == "distributed":
            return "distributed leadership"
        if lead.kind == "ptl":
            return " then ".join(x.name for x in lead.leaders)
        return "no PTL (seat vacant)"


@dataclass(frozen=True)
class CyclesFile:
    __pydantic_config__ = FORBID
    cycles: list[Cycle]


@dataclass(frozen=True)
class ProjectsFile:
    __pydantic_config__ = FORBID
    projects: list[Project]


# --- the loaded site: what render and build read ---------------------------------------------


@dataclass(frozen=True)
class Report:
    """A prose page written by a person, with its data blocks still as placeholders."""

    path: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class ProjectCycleEntry:
    cycle: str
    project: str
    data: ProjectCycle
    retrospective: Report | None = None
    midcycles: tuple[tuple[Midcycle, Report | None], ...] = ()
    files: tuple[str, ...] = ()
    # (name, size, mtime) of every file it was loaded from: a cheap stand-in for its content in
    # the build's skip-if-unchanged keys. Empty for entries made in memory.
    stamp: tuple[tuple[str, int, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def identity(self) -> object:
        """What identifies this entry's content: its files' stamp, or the data itself."""
        return self.stamp or (self.data, self.retrospective, self.midcycles)

    def has_retrospective(self) -> bool:
        """It gets a retrospective page: its PTL wrote one, or left facts to fill it."""
        d = self.data
        return bool(
            self.retrospective or d.priorities or d.handoff or d.review_days or d.summary or not d.roster.is_empty
        )


@dataclass(frozen=True)
class Site:
    cycles: tuple[Cycle, ...]
    projects: tuple[Project, ...]
    entries: tuple[ProjectCycleEntry, ...]
    board: tuple[tuple[BoardMeeting, Report | None], ...]
    pages: tuple[Report, ...]

    # Indexes built on first use (cached_property writes the instance dict, which a frozen
    # dataclass allows): every lookup below is a dict access, not a scan of thousands of entries.
    @functools.cached_property
    def _cycles(self) -> dict[str, Cycle]:
        return {c.name: c for c in self.cycles}

    @functools.cached_property
    def _projects(self) -> dict[str, Project]:
        return {p.key: p for p in self.projects}

    @functools.cached_property
    def _by_cycle(self) -> dict[str, list[ProjectCycleEntry]]:
        index: dict[str, list[ProjectCycleEntry]] = {}
        for entry in self.entries:
            index.setdefault(entry.cycle, []).append(entry)
        return index

    @functools.cached_property
    def _by_project(self) -> dict[str, list[ProjectCycleEntry]]:
        order = {c.name: i for i, c in enumerate(self.cycles)}
        index: dict[str, list[ProjectCycleEntry]] = {}
        for entry in sorted(self.entries, key=lambda e: order.get(e.cycle, 0)):
            index.setdefault(entry.project, []).append(entry)
        return index

    def cycle(self, name: str) -> Cycle:
        return self._cycles[name]

    def project(self, key: str) -> Project:
        return self._projects.get(key) or Project(key=key)

    def entries_for(self, cycle: str) -> list[ProjectCycleEntry]:
        return list(self._by_cycle.get(cycle, ()))

    def history(self, project: str) -> list[ProjectCycleEntry]:
        """The project's entries, oldest cycle first."""
        return list(self._by_project.get(project, ()))
