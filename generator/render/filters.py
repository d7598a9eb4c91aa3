"""The Jinja filters the page templates use beyond the basic text ones, gathered in one place
so the environment registers them in one line."""

from __future__ import annotations

from typing import Any

from .chartnotes import figure_table, recorded, runs, unrecorded
from .feeds import retrospective_kind
from .milestones import milestone_title, split_milestones, team_events, teams_named
from .sources import footnote_sources, shared_source, source_mark
from .text import and_list, first_upper, qualified_figure


def by_topic(contacts: Any) -> list[tuple[list[str], str]]:
    """Handoff contacts with the same `about` as one line, in the order the PTL listed them:
    three people for "security issues" are one line naming the three, not the topic three times."""
    groups: dict[str, list[Any]] = {}
    for n, contact in enumerate(contacts):
        topic = " ".join(contact.about.split()).casefold()
        groups.setdefault(topic or f"\0{n}", []).append(contact)  # no topic: a line of its own
    return [([c.name for c in people], people[0].about) for people in groups.values()]


EXTRA_FILTERS: dict[str, Any] = {
    "source": source_mark,
    "shared_source": shared_source,
    "kind": retrospective_kind,
    "first_upper": first_upper,
    "milestone": milestone_title,
    "split_milestones": split_milestones,
    "team_events": team_events,
    "teams_named": teams_named,
    "recorded": recorded,
    "unrecorded": unrecorded,
    "runs": runs,
    "figure_table": figure_table,
    "by_topic": by_topic,
    "qualified": qualified_figure,
    "and_list": and_list,
}

__all__ = ["EXTRA_FILTERS", "footnote_sources", "milestone_title"]
