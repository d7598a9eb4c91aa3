"""The records of meetings: a team's midcycle summary (`data/<cycle>/<project>/midcycle-<date>.yaml`)
and the board's notes (`data/board/<date>.yaml`). Part of the model (`data.model` re-exports them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .basics import FORBID, Link, Milestone, Name, Url

MeetingFormat = Literal["virtual", "in-person", "hybrid"]


@dataclass(frozen=True)
class Action:
    __pydantic_config__ = FORBID
    task: str
    owner: str = ""
    due: dt.date | None = None


@dataclass(frozen=True)
class Session:
    __pydantic_config__ = FORBID
    title: str
    summary: str = ""
    etherpad: Url | None = None
    decisions: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class Midcycle:
    """A midcycle meeting summary (`data/<cycle>/<project>/midcycle-<date>.yaml`)."""

    __pydantic_config__ = FORBID
    date: dt.date
    title: str = ""
    format: MeetingFormat = "in-person"
    place: str = ""
    author: str = ""
    summary: str = ""
    sessions: list[Session] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    recorded: bool | None = None


@dataclass(frozen=True)
class Figure:
    """A number reported at a board meeting, such as cash in the bank."""

    __pydantic_config__ = FORBID
    label: str
    value: float
    unit: str = ""
    note: str = ""


@dataclass(frozen=True)
class Topic:
    __pydantic_config__ = FORBID
    title: str
    presenters: list[Name] = field(default_factory=list)
    summary: str = ""
    decisions: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class BoardMeeting:
    """Notes from a board meeting (`data/board/<date>.yaml`)."""

    __pydantic_config__ = FORBID
    date: dt.date
    title: str = ""
    place: str = ""
    format: MeetingFormat = "in-person"
    author: str = ""
    summary: str = ""
    attendees: list[Name] = field(default_factory=list)
    remote: list[Name] = field(default_factory=list)
    absent: list[Name] = field(default_factory=list)
    attendance: str = ""
    topics: list[Topic] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    next_meetings: list[Milestone] = field(default_factory=list)
