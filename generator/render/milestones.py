"""A cycle's schedule as a reader names it: "Membership freeze", not `q-mf`.

The release team's schedule codes its events (`q-mf`, `q-soft-sf`, `q-cinder-spec-freeze`):
a cycle letter, then either a cross-project event or a team's own deadline. The cycle overview
shows the cross-project milestones by name and folds every team's own deadlines away (about forty
rows on a gathered schedule, most of them for teams the reader did not come for); a team's own
deadlines are on that team's page, and a team's report shows the cross-project milestones and its
own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Cross-project events of the release schedule, by code (after the cycle letter).
CROSS_PROJECT = {
    "1": "Milestone 1", "2": "Milestone 2", "3": "Milestone 3",
    "mf": "Membership freeze", "rf": "Requirements freeze", "ff": "Feature freeze",
    "soft-sf": "Soft string freeze", "hard-sf": "Hard string freeze",
    "rc1": "First release candidate (RC1)", "finalrc": "Final release candidates", "release": "Release",
    "final-lib": "Final release of non-client libraries", "final-clientlib": "Final release of client libraries",
    "final-library-releases": "Final library releases", "extra-atcs": "Extra-ATC deadline",
    "goals-research": "Community goals: research", "goals-complete": "Community goals completed",
    "ptg": "Project Teams Gathering", "summit": "Summit", "forum": "Forum",
    "em": "Extended maintenance",
    "ptl-nomination": "PTL nominations", "ptl-election": "PTL election", "email-deadline": "Election e-mail deadline",
    "tc-nomination": "TC nominations", "tc-election": "TC election",
}  # fmt: skip
# A team's own deadline, by the code after the team's name.
TEAM_EVENTS = {
    "spec-freeze": "spec freeze", "spec-proposal-freeze": "spec proposal freeze",
    "driver-deadline": "driver deadline", "plugin-deadline": "plugin deadline",
    "fpfreeze": "feature proposal freeze", "fp-freeze": "feature proposal freeze",
    "ffreeze": "feature freeze", "ff": "feature freeze", "mf": "membership freeze",
}  # fmt: skip
# Teams the schedule names by a short form.
TEAM_ALIASES = {"key": "keystone", "glance_store": "glance"}
# First words of cross-project codes that look like a team's (`n-design-summit`, `p-trailing-ff`,
# `c-cycle-highlights`, `c-extra-acs`, `d-election-voting`).
NOT_TEAMS = {"design", "trailing", "cycle", "extra", "election"}
CODE = re.compile(r"^[a-z]-(?P<rest>[a-z0-9_-]+)$")  # `m-glance_store-maint`: a deliverable's name


def _parts(name: str) -> tuple[str, str]:
    """(team, readable name) of a schedule code; team is "" for a cross-project event."""
    match = CODE.match(name)
    if not match:
        return "", name
    rest = match.group("rest")
    if rest == "eol":  # the end of an older series, named by its letter
        return "", f"End of life of the {name[0].upper()} series"
    if rest.rstrip("0123456789") in CROSS_PROJECT and not rest.isdigit():  # `p-ptg0`: a numbered PTG
        return "", CROSS_PROJECT[rest.rstrip("0123456789")]
    if rest in CROSS_PROJECT:
        return "", CROSS_PROJECT[rest]
    team, _, event = rest.partition("-")
    if event and team in NOT_TEAMS:
        return "", rest.replace("-", " ").capitalize()
    if event:
        key = TEAM_ALIASES.get(team, team)
        said = team.replace("_", " ") if "_" in team else key  # "Glance store", "Keystone"
        return key, f"{said.capitalize()} {TEAM_EVENTS.get(event, event.replace('-', ' '))}"
    return "", rest.replace("-", " ").capitalize()


def milestone_title(ms: Any) -> str:
    """The milestone's own title, else its code read out."""
    return str(ms.title or _parts(ms.name)[1])


def team_of(ms: Any) -> str:
    """The team whose own deadline `ms` is (a project key, lower case), "" for a cross-project event."""
    return _parts(ms.name)[0]


def team_events(milestones: Iterable[Any], team: str) -> list[Any]:
    """`team`'s own deadlines, by date (for that team's page)."""
    return sorted((ms for ms in milestones if team_of(ms) == team.lower()), key=lambda ms: (ms.date, ms.name))


def teams_named(milestones: Iterable[Any]) -> list[str]:
    """The teams that have deadlines among `milestones`, as the schedule names them, alphabetically."""
    return sorted({team_of(ms).title() for ms in milestones if team_of(ms)})


def split_milestones(milestones: Iterable[Any], own: Iterable[str]) -> tuple[list[Any], list[Any]]:
    """(cross-project and `own` teams' events, the other teams' events), each by date.

    With no `own` team (the cycle overview, which is no one team's page) every team's deadline
    goes to the fold.

    A title, written or gathered, for another team's deadline ("Cinder Spec Freeze") does not keep
    it out of the fold: every event of a gathered schedule has one."""
    mine = {t.lower() for t in own}
    shown: list[Any] = []
    folded: list[Any] = []
    for ms in sorted(milestones, key=lambda ms: (ms.date, ms.name)):
        team = _parts(ms.name)[0]
        (folded if team and team not in mine else shown).append(ms)
    return shown, folded
