"""The headline figures of one project's cycle — PTL, core team, features, priorities, review
days — derived once here for the pages, the history charts and the export alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..data import model as m


@dataclass(frozen=True)
class Figures:
    """A project's headline numbers for one cycle: all the history page and feeds read."""

    cycle: str
    label: str
    ptl: str
    as_of: dt.date | None
    features: int
    core_start: int | None
    core_end: int | None
    joined: int | None
    left: int | None
    done: int
    missed: int
    dropped: int
    partial: int
    review_days: int
    reviews: int | None
    merged: int | None
    # Who led, in a few words (co-PTLs, distributed, a vacant seat): what the pages show; `ptl`
    # stays the one PTL's name for the export.
    leader: str = ""
    deliverables: int = 0
    releases: int = 0

    @property
    def not_done(self) -> int:
        """Priorities missed or dropped: what the history and comparison pages count as not done."""
        return self.missed + self.dropped


def _total(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


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
    outcomes = [p.outcome for p in data.priorities]
    as_of = data.as_of.date() if isinstance(data.as_of, dt.datetime) else data.as_of
    return Figures(
        cycle=entry.cycle,
        label=cycle.label if cycle is not None else entry.cycle,
        ptl=data.ptl or "",
        as_of=as_of,
        features=len(data.features),
        core_start=data.roster.size_start,
        core_end=data.roster.size_end,
        joined=data.roster.joined_count,
        left=data.roster.left_count,
        done=outcomes.count("done"),
        missed=outcomes.count("missed"),
        dropped=outcomes.count("dropped"),
        partial=outcomes.count("partial"),
        review_days=len(data.review_days),
        reviews=_total(d.reviews for d in data.review_days),
        merged=_total(d.merged for d in data.review_days),
        leader=data.leader_label,
        deliverables=len(data.released),
        releases=sum(len(d.versions) for d in data.released),
    )
