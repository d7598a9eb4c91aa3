"""Which cycles the site publishes as versions: those a reader finds something in.

The calendar names every cycle since Austin (2010), but the records of team facts begin later:
governance's history starts in September 2013, so gathering the whole history leaves Austin …
Grizzly with dates and nothing else, and a future cycle may have no schedule yet. A version of
such a cycle would be a page that says nothing, one more entry in the selector and, being the
newest, the `latest` every visitor lands on. So a cycle becomes a version when it has something:
a team's entry (facts, a PTL, a report), a schedule (milestones) or a board meeting in its
window. Its neighbours' pagers and the version selector then skip it, and the oldest published
cycle is where the records begin. When nothing at all is recorded yet (a project that has only
written its calendar), every cycle is published, so its first build still shows the calendar.

The build, its link check and the live preview all take the site through `published`; check,
draft and gather see every cycle of the calendar.
"""

from __future__ import annotations

import dataclasses

from ..data import model as m


def has_something(site: m.Site, cycle: m.Cycle) -> bool:
    """A reader finds something in the cycle: a team's entry, a schedule, a board meeting."""
    if cycle.milestones or site.entries_for(cycle.name):
        return True
    if cycle.start is None or cycle.end is None:
        return False
    return any(cycle.start <= meeting.date <= cycle.end for meeting, _ in site.board)


def unpublished(site: m.Site) -> list[m.Cycle]:
    """The calendar's cycles that get no version (calendar order); none when all would go."""
    empty = [c for c in site.cycles if not has_something(site, c)]
    return [] if len(empty) == len(site.cycles) else empty


def published(site: m.Site) -> m.Site:
    """The site as it is published: only the cycles that get a version."""
    left_out = {c.name for c in unpublished(site)}
    if not left_out:
        return site
    return dataclasses.replace(site, cycles=tuple(c for c in site.cycles if c.name not in left_out))
