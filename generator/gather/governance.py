"""openstack/governance: the team (service, mission, repositories) and its leadership over time.

With a git checkout, `succession` reads the whole first-parent history (programs.yaml, then
projects.yaml, and legacy.yaml): every team that ever existed gets its PTL (or co-PTLs,
distributed leadership, a vacant seat) in each cycle it existed in, a handoff between cycles
when the person changed, and, once it is gone, when and why it left. Without history, today's
file gives the PTL of the cycle in development only, and a past cycle's PTL is said to be
unknown with how to learn it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

import yaml

from ..data import model as m
from ..data.people import People
from .calendar import Series, load_yaml
from .lineage import CycleSeat, Governance, TeamHistory, build_cycle_seats, existence, fetch_governance
from .location import LocalRepo
from .names import team_title
from .results import Contribution, Selection, SourceResult
from .teams import Team, build_team

if TYPE_CHECKING:
    from .context import Context

PATH = "reference/projects.yaml"
# The fields a leadership answer replaces.
PTL_FIELDS = ("ptl", "ptl_source", "leadership")
CLONE_HINT = "git clone https://opendev.org/openstack/governance and gather with --from governance=<that folder>"

_HISTORIES: weakref.WeakKeyDictionary[Context, Governance | None] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def history_of(ctx: Context) -> Governance | None:
    """The governance history of this gather's checkout, read once; None without a git checkout."""
    with _LOCK:
        if ctx in _HISTORIES:
            return _HISTORIES[ctx]
        where = ctx.location("governance")
        found = None
        if isinstance(where, LocalRepo) and where.is_git:
            found = fetch_governance(where.root, ctx.series(), People())
        _HISTORIES[ctx] = found
        return found


class GovernanceSource:
    name: ClassVar[str] = "governance"
    id_prefixes: ClassVar[dict[str, str]] = {}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        # 1. Today's teams (also what --all-projects means), and the history when there is one.
        teams = ctx.teams()
        result = SourceResult(self.name)
        source = ctx.teams_source
        history = history_of(ctx)
        where = ctx.location("governance")
        for key in selection.projects:
            past = history.teams.get(key) if history else None
            if key in teams:
                result.projects.append(build_project(teams[key], source, past, where.repo))
            elif past is not None and past.ended:
                result.projects.append(build_gone_project(past, where.repo))
        # 2. The leadership of each cycle: from git history when there is a checkout, else today's only.
        if history is not None:
            unknown: list[tuple[str, list[str]]] = []
            for project in selection.projects:
                team = history.teams.get(project)
                if team is None:
                    continue
                result.contributions.extend(
                    build_contributions(
                        project, team, selection.series, ctx.series(), history, where.repo, unknown.append
                    )
                )
            if unknown:
                ctx.warn(unknown_sentence(unknown, history))
            return result
        current = ctx.current_series()
        past_cycles = [s for s in selection.series if current is None or s.name != current.name]
        if past_cycles and any(s.end and s.end < ctx.now.date() for s in past_cycles):
            ctx.warn(f"governance: no PTL for past cycles without the governance git history: {CLONE_HINT}")
        for project in selection.projects:
            today = teams.get(project)
            if current is None or today is None or not today.ptl:
                continue
            if any(s.name == current.name for s in selection.series):
                data = m.ProjectCycle(ptl=today.ptl, ptl_source=source)
                as_of = source.as_of if source and isinstance(source.as_of, dt.datetime) else None
                result.contributions.append(Contribution(current.name, project, data, frozenset(PTL_FIELDS), as_of))
        return result


def build_project(team: Team, source: m.Source | None, past: TeamHistory | None = None, repo: str = "") -> m.Project:
    title = team_title(team.name, team.service, team.mission, team.url or "")
    former = _former_keys(past) if past else []
    return m.Project(
        key=team.key,
        title=title,
        service=team.service,
        mission=team.mission,
        repos=list(team.repos),
        irc_channel=team.irc_channel,
        url=team.url or None,
        source=source,
        former_keys=former,
    )


def _former_keys(team: TeamHistory) -> list[str]:
    from .names import team_key

    return sorted({team_key(n) for n in team.names} - {team.key})


def build_gone_project(team: TeamHistory, repo: str) -> m.Project:
    """A team governance no longer lists: its last title, service, mission and repositories (from
    its block in the last revision that listed it), and when, why and into what it left."""
    title = team_title(team.title)  # already spelled from its last block (succession.build_block)
    when = team.retired_on or (team.last_seen.date() if team.last_seen else None)
    source = m.Source(repo=repo, path=PATH, commit=team.end_commit, as_of=team.last_seen) if team.end_commit else None
    last = _last_words(team)
    return m.Project(
        key=team.key,
        title=title,
        service=last.service,
        mission=last.mission,
        repos=list(last.repos),
        irc_channel=last.irc_channel,
        url=last.url or None,
        retired=when,
        retired_reason=plain_subject(team.reason),
        retired_source=source,
        replaced_by=team.replaced_by,
        former_keys=_former_keys(team),
    )


def _last_words(team: TeamHistory) -> Team:
    """The team as its last block described it; an empty one when that block does not parse."""
    try:
        data = load_yaml(team.last_block) if team.last_block else None
    except (yaml.YAMLError, ValueError, TypeError):  # a block only its seat fields parsed from
        data = None
    value = next(iter(data.values()), None) if isinstance(data, dict) and len(data) == 1 else None
    return build_team(team.key, value)


def plain_subject(subject: str) -> str:
    """`Merge "Remove congress project team"` → `Remove congress project team`."""
    text = subject.strip()
    if text.startswith('Merge "') and text.endswith('"'):
        text = text[len('Merge "') : -1]
    return text


def change_source(repo: str, commit: str, when: dt.datetime) -> m.Source:
    """`reference/projects.yaml` at the commit that stated the leadership, as of that commit's date."""
    return m.Source(repo=repo, path=PATH, commit=commit, as_of=when)


def build_leadership(seat: CycleSeat, start: dt.date | None, repo: str, people: People) -> m.Leadership:
    final = seat.final.change
    kind = final.seat.kind
    leaders = [
        m.Leader(people.display(name), since if since and start and since > start else None)
        for name, since in seat.people
    ]
    note = ""
    if kind == "vacant":
        said = f" (it stated {final.seat.placeholder!r})" if final.seat.placeholder else ""
        note = f"Governance named no PTL for this cycle{said}."
    return m.Leadership(
        kind=kind,
        leaders=leaders if kind != "vacant" else [],
        appointed=seat.appointed,
        note=note,
        source=change_source(repo, final.commit, final.date),
    )


def build_contributions(
    project: str,
    team: TeamHistory,
    selected: tuple[Series, ...],
    series: list[Series],
    history: Governance,
    repo: str = "openstack/governance",
    warn: Callable[[tuple[str, list[str]]], None] | None = None,
) -> list[Contribution]:
    """Each selected cycle's leadership, the handoff to the next one, nothing once the team is gone."""
    known_until = max(
        [history.head.date() if history.head else dt.date.min] + [c.day for c in team.changes],
    )
    lived = [s for s in existence(team, series, history.starts) if s.start and s.start <= known_until]
    seats = build_cycle_seats(team, lived)
    names = [s.name for s in lived]
    as_of = history.head
    out = []
    unknown = []
    for s in selected:
        seat = seats.get(s.name)
        if seat is None:
            if s.name not in names and team.ended and s.start and team.last_seen and s.start > team.last_seen.date():
                # After the team left: clear what an older gather may have written, add nothing.
                out.append(Contribution(s.name, project, m.ProjectCycle(), frozenset({*PTL_FIELDS, "handoff"}), as_of))
            elif history.starts and s.end and s.end < history.starts.date() and team.first_seen == history.starts:
                unknown.append(s.name)
            continue
        data = _cycle_data(seat, s, repo, history.people)
        provides = set(PTL_FIELDS)
        index = names.index(s.name)
        following = seats.get(names[index + 1]) if index + 1 < len(names) else None
        if following is not None or (team.ended and index + 1 == len(names)):
            provides.add("handoff")
        if following is not None:
            handoff = build_handoff(seat, following, repo, history.people, s)
            if handoff is not None:
                data = dataclasses.replace(data, handoff=handoff)
        out.append(Contribution(s.name, project, data, frozenset(provides), as_of))
    if unknown and warn is not None:
        warn((project, unknown))
    return out


def unknown_sentence(unknown: list[tuple[str, list[str]]], history: Governance) -> str:
    """One warning for every team whose PTL of some selected cycles no history can tell."""
    first = history.starts.date().isoformat() if history.starts else "?"
    cycles = sorted({c for _, names in unknown for c in names}, key=[s for _, n in unknown for s in n].index)
    span = cycles[0] if len(cycles) == 1 else f"{cycles[0]} … {cycles[-1]}"
    teams = ", ".join(p for p, _ in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
    return (
        f"governance: no PTL known for {span} of {teams}: the governance history starts on {first}; "
        "write `ptl:` (and `ptl_source:`) in data/<cycle>/<project>/authored.yaml"
    )


def _cycle_data(seat: CycleSeat, s: Series, repo: str, people: People) -> m.ProjectCycle:
    leadership = build_leadership(seat, s.start, repo, people)
    final = seat.final.change
    ptl = people.display(final.seat.names[0]) if final.seat.kind == "ptl" else None
    source = change_source(repo, final.commit, final.date)
    # One PTL for the whole cycle, elected: `ptl` says it all; anything else is spelled out.
    plain = leadership.kind == "ptl" and len(leadership.leaders) == 1 and not leadership.appointed
    return m.ProjectCycle(ptl=ptl, ptl_source=source if ptl else None, leadership=None if plain else leadership)


def build_handoff(
    seat: CycleSeat, following: CycleSeat, repo: str, people: People, cycle: Series | None = None
) -> m.Handoff | None:
    """Outgoing: who held the seat at the cycle's end; incoming: the first person of the next cycle.

    Dated by the commit that named the incoming PTL when it lies in the cycle (an election's
    results); a commit after the cycle's end (results recorded late, a TC appointment) leaves
    the date out rather than dating the handoff after the torch passed. The source keeps it.
    """
    out_seat = seat.final.change.seat
    incoming = next((h for h in following.holdings if h.change.seat.names), None)
    if not out_seat.names or incoming is None:
        return None
    inc_seat = incoming.change.seat
    day = incoming.change.date.date()
    if len(out_seat.names) == len(inc_seat.names) and all(
        people.same(a, b) for a, b in zip(out_seat.names, inc_seat.names, strict=True)
    ):
        return None
    return m.Handoff(
        outgoing=" and ".join(people.display(n) for n in out_seat.names),
        incoming=" and ".join(people.display(n) for n in inc_seat.names),
        date=day if cycle is None or cycle.end is None or day <= cycle.end else None,
        source=change_source(repo, incoming.change.commit, incoming.change.date),
    )
