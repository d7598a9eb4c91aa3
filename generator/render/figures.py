"""The headline figures of one project's cycle — PTL, core team, features, priorities, review
days — derived once here for the pages, the history charts and the export alike.

"0" and "not recorded" are different answers, and a page prints them differently ("0" and "—").
A count is only as recorded as the list it counts: a source that found no feature, review day or
deliverable writes no list, so the file cannot tell "none" from "not looked for", and an empty
list is `None` (not recorded). Within a recorded list a zero is real: three priorities, none done,
is `done == 0`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sized
from dataclasses import dataclass

from ..data import model as m


@dataclass(frozen=True)
class Figures:
    """A project's headline numbers for one cycle: all the history page and feeds read."""

    cycle: str
    label: str
    ptl: str
    as_of: dt.date | None
    features: int | None
    core_start: int | None
    core_end: int | None
    joined: int | None
    left: int | None
    done: int | None
    missed: int | None
    dropped: int | None
    partial: int | None
    review_days: int | None
    reviews: int | None
    merged: int | None
    # Who led, in a few words (co-PTLs, distributed, a vacant seat): what the pages show; `ptl`
    # stays the one PTL's name for the export.
    leader: str = ""
    deliverables: int | None = None
    releases: int | None = None
    # The day the main deliverable made the cycle's release, when a git clone of releases dated it.
    released_on: dt.date | None = None

    @property
    def not_done(self) -> int | None:
        """Priorities missed or dropped: what the history and comparison pages count as not done."""
        return None if self.missed is None or self.dropped is None else self.missed + self.dropped


def _total(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _count(items: Sized) -> int | None:
    """How many, or None when nothing was recorded (see the module's docstring)."""
    return len(items) or None


def figures_of(site: m.Site, entry: m.ProjectCycleEntry) -> Figures:
    """`figures` memoised per entry for the life of `site` (every cycle's history pages read them)."""
    cache: dict[int, Figures] = site.__dict__.setdefault("_figures", {})
    found = cache.get(id(entry))
    if found is None:
        found = cache[id(entry)] = figures(entry, site.cycle(entry.cycle))
    return found


def figures(entry: m.ProjectCycleEntry, cycle: m.Cycle | None = None) -> Figures:
    """The one derivation of the headline figures (pages, history charts, feeds and export)."""
    data = entry.data
    outcomes: list[str] = [p.outcome for p in data.priorities]

    def outcome(name: str) -> int | None:
        return outcomes.count(name) if outcomes else None

    as_of = data.as_of.date() if isinstance(data.as_of, dt.datetime) else data.as_of
    return Figures(
        cycle=entry.cycle,
        label=cycle.label if cycle is not None else entry.cycle,
        ptl=data.ptl or "",
        as_of=as_of,
        features=_count(data.features),
        core_start=data.roster.size_start,
        core_end=data.roster.size_end,
        joined=data.roster.joined_count,
        left=data.roster.left_count,
        done=outcome("done"),
        missed=outcome("missed"),
        dropped=outcome("dropped"),
        partial=outcome("partial"),
        review_days=_count(data.review_days),
        reviews=_total(d.reviews for d in data.review_days),
        merged=_total(d.merged for d in data.review_days),
        leader=data.leader_label,
        deliverables=_count(data.released),
        releases=sum(len(d.versions) for d in data.released) if data.released else None,
        released_on=data.release_day,
    )
