"""openstack/governance: the team (service, mission, repositories) and its PTL over time.

The PTL succession is the first-parent git history of `reference/projects.yaml` (a local
checkout only). A change committed on day D lands a few days after the election that chose
the PTL of the *next* cycle, so it applies to the first cycle that starts after D − 30 days:
the cycle whose development follows. Without history, today's file gives the PTL of the
cycle in development only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..data import model as m
from . import git
from .calendar import Series, load_yaml
from .location import LocalRepo
from .names import team_key
from .results import Contribution, Selection, SourceResult
from .teams import Team, build_team, split_top_level

if TYPE_CHECKING:
    from .context import Context

PATH = "reference/projects.yaml"
GRACE = dt.timedelta(days=30)
# The fields a PTL answer replaces: the name and where it was read.
PTL_FIELDS = ("ptl", "ptl_source")


@dataclass(frozen=True)
class PtlChange:
    date: dt.datetime
    name: str
    commit: str


@dataclass(frozen=True)
class Tenure:
    """Who led a team in one cycle, and the change that made it so."""

    name: str
    change: PtlChange


class GovernanceSource:
    name: ClassVar[str] = "governance"
    id_prefixes: ClassVar[dict[str, str]] = {}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        # 1. Today's teams (also what --all-projects means).
        teams = ctx.teams()
        result = SourceResult(self.name)
        source = ctx.teams_source
        result.projects = [build_project(teams[k], source) for k in selection.projects if k in teams]
        # 2. The PTL of each cycle: from git history when there is a checkout, else today's only.
        where = ctx.location("governance")
        series = ctx.series()
        if isinstance(where, LocalRepo) and where.is_git:
            changes = fetch_ptl_history(where, set(selection.projects))
            known_until = (where.as_of or ctx.now).date()
            for project in selection.projects:
                tenures = build_tenures(changes.get(project, []), series, known_until)
                result.contributions.extend(
                    build_contributions(project, selection.series, tenures, series, where.as_of, where.repo)
                )
        else:
            current = ctx.current_series()
            for project in selection.projects:
                team = teams.get(project)
                if current is None or team is None or not team.ptl:
                    continue
                if any(s.name == current.name for s in selection.series):
                    data = m.ProjectCycle(ptl=team.ptl, ptl_source=source)
                    as_of = source.as_of if source and isinstance(source.as_of, dt.datetime) else None
                    result.contributions.append(Contribution(current.name, project, data, frozenset(PTL_FIELDS), as_of))
        return result


def build_project(team: Team, source: m.Source | None) -> m.Project:
    title = team.name if team.name != team.name.lower() else team.name.title()
    return m.Project(
        key=team.key,
        title=title,
        service=team.service,
        mission=team.mission,
        repos=list(team.repos),
        irc_channel=team.irc_channel,
        url=team.url or None,
        source=source,
    )


def fetch_ptl_history(where: LocalRepo, keys: set[str]) -> dict[str, list[PtlChange]]:
    """PTL changes per project key, oldest first, from `git log --first-parent`.

    Each version is split into its top-level team blocks and only blocks whose text changed
    since the previous version are parsed.
    """
    revisions = git.history(where.root, PATH)
    memo: dict[str, str] = {}
    current: dict[str, str] = {}
    changes: dict[str, list[PtlChange]] = {}
    texts = dict(git.blobs(where.root, list(dict.fromkeys(r.blob for r in revisions))))
    for revision in revisions:
        text = texts.get(revision.blob)
        if text is None:
            continue
        for raw_key, block in split_top_level(text).items():
            key = team_key(raw_key)
            if key not in keys:
                continue
            digest = hashlib.sha1(block.encode(), usedforsecurity=False).hexdigest()
            if digest not in memo:
                memo[digest] = _block_ptl(raw_key, block)
            name = memo[digest]
            if name and current.get(key) != name:
                current[key] = name
                changes.setdefault(key, []).append(PtlChange(revision.date, name, revision.commit))
    return changes


def _block_ptl(raw_key: str, block: str) -> str:
    try:
        data = load_yaml(block)
    except Exception:
        return ""
    if not isinstance(data, dict):
        return ""
    value = next(iter(data.values()), None)
    return build_team(raw_key, value).ptl


def applies_from(change: dt.date, series: list[Series]) -> int | None:
    """Index of the first cycle starting after `change` − 30 days: the one the new PTL leads."""
    for index, s in enumerate(series):
        if s.start is not None and s.start > change - GRACE:
            return index
    return None


def build_tenures(changes: list[PtlChange], series: list[Series], known_until: dt.date) -> dict[str, Tenure]:
    """Cycle name → Tenure, for every cycle the history covers (pure)."""
    starts = [(applies_from(c.date.date(), series), c) for c in changes]
    starts = [(i, c) for i, c in starts if i is not None]
    if not starts:
        return {}
    last_known = max((i for i, s in enumerate(series) if s.start and s.start <= known_until), default=-1)
    stop = max(last_known, starts[-1][0] or 0)
    out: dict[str, Tenure] = {}
    for index in range(starts[0][0] or 0, stop + 1):
        applicable = [c for i, c in starts if i is not None and i <= index]
        if applicable:
            out[series[index].name] = Tenure(applicable[-1].name, applicable[-1])
    return out


def change_source(repo: str, change: PtlChange) -> m.Source:
    """`reference/projects.yaml` at the commit that named the PTL, as of that commit's date."""
    return m.Source(repo=repo, path=PATH, commit=change.commit, as_of=change.date)


def build_contributions(
    project: str,
    selected: tuple[Series, ...],
    tenures: dict[str, Tenure],
    series: list[Series],
    as_of: dt.datetime | None = None,
    repo: str = "openstack/governance",
) -> list[Contribution]:
    """The PTL of each selected cycle, and the hand-off to the next one when the PTL changed."""
    names = [s.name for s in series]
    out = []
    for s in selected:
        tenure = tenures.get(s.name)
        if tenure is None:
            continue
        index = names.index(s.name)
        following = tenures.get(names[index + 1]) if index + 1 < len(names) else None
        data = m.ProjectCycle(ptl=tenure.name, ptl_source=change_source(repo, tenure.change))
        provides = set(PTL_FIELDS)
        if following is not None:
            provides.add("handoff")
            if following.name != tenure.name:
                handoff = m.Handoff(
                    outgoing=tenure.name,
                    incoming=following.name,
                    date=following.change.date.date(),
                    source=change_source(repo, following.change),
                )
                data = dataclasses.replace(data, handoff=handoff)
        out.append(Contribution(s.name, project, data, frozenset(provides), as_of))
    return out
