"""Each team's story from the governance revisions: its keys, its end, who held its seat, per cycle.

- Lineage: a key that vanishes in the same commit as a new key with the same repositories was
  renamed (`chefopenstack` → `openstack-chef`, `smaug` → `karbor`), and so was one that vanishes
  beside a single new key with the same PTL (`marconi` → `zaqar`); the team keeps today's key.
- End: a key that vanishes while its repositories move into a team that stays was merged
  (`loci` → `openstack-helm`); otherwise retired, with legacy.yaml's `retired-on` and the
  removing commit's subject as the reason.
- Attribution (`effective_day`): a change in the last ten weeks of cycle N is the election for
  N+1 and applies from N+1's start; a change in the first 30 days of a cycle, or one commit
  changing the PTL of three teams or more (an election's results merged late), is that cycle's
  election or appointment and applies from its start; any other change is mid-cycle, from its
  own day. A spelling corrected by a letter or two within a team is the same person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..data.people import People, looks_like_typo, person_key
from . import git
from .calendar import Series
from .names import team_key
from .succession import Block, Revision, Seat, fetch_legacy, fetch_revisions

ELECTION_WINDOW = dt.timedelta(days=70)
LATE_RECORD = dt.timedelta(days=30)
BULK = 3  # teams whose PTL one commit changes: an election's results, not a mid-cycle change


@dataclass(frozen=True)
class Change:
    """The seat of a team changed in a commit (`day` is when it takes effect, by the rule above)."""

    commit: str
    date: dt.datetime
    day: dt.date
    seat: Seat
    first: bool = False


# How long before the commit that removed a team legacy.yaml's `retired-on` may fall: the TC's
# decision comes weeks or months before the change merges (Monasca 112 days, TripleO 98); a
# date a year or more earlier (Infrastructure 621 days, Security 373) is not the team's end.
LEGACY_LAG = 180


@dataclass
class TeamHistory:
    key: str
    names: list[str] = field(default_factory=list)  # every raw key it had, oldest first
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None  # None while it still exists
    ended: str = ""  # "", "retired", "merged"
    reason: str = ""
    end_commit: str = ""
    replaced_by: str = ""
    retired_on: dt.date | None = None
    changes: list[Change] = field(default_factory=list)
    appointed: set[str] = field(default_factory=set)
    title: str = ""
    last_block: str = ""  # its block in the last revision that listed it (a retired team's mission, repos)


@dataclass(frozen=True)
class Governance:
    """Every team governance ever listed, under today's key, and where its history starts."""

    teams: dict[str, TeamHistory]
    aliases: dict[str, str]  # any old key → today's key
    starts: dt.datetime | None
    head: dt.datetime | None
    people: People


def fetch_governance(root: Any, series: Sequence[Series], people: People | None = None) -> Governance:
    revisions = fetch_revisions(root)
    head = git.head(root)
    return build_governance(revisions, fetch_legacy(root), series, head[1] if head else None, people)


def effective_day(when: dt.date, series: Sequence[Series], first: bool = False, bulk: bool = False) -> dt.date:
    """The day a change recorded on `when` takes effect (see the module docstring)."""
    for index, s in enumerate(series):
        if s.start is None or s.end is None or not (s.start <= when <= s.end):
            continue
        if first:
            return when
        if when >= s.end - ELECTION_WINDOW and index + 1 < len(series):
            following = series[index + 1].start
            return following or when
        if bulk or when < s.start + LATE_RECORD:
            return s.start
        return when
    return when


def cycle_start(when: dt.date, series: Sequence[Series]) -> dt.date:
    for s in series:
        if s.start is not None and s.end is not None and s.start <= when <= s.end:
            return s.start
    return when


def build_governance(
    revisions: list[Revision],
    legacy: dict[str, dt.date],
    series: Sequence[Series],
    head: dt.datetime | None = None,
    people: People | None = None,
) -> Governance:
    """Every team's lineage, end and seats from the revisions, oldest first (pure)."""
    walk = _Walk(series, people or People())
    for number, revision in enumerate(revisions):
        walk.step(number, revision)
    return walk.finish(legacy, revisions[0].date if revisions else None, head)


class _Walk:
    """The state carried from one revision to the next."""

    def __init__(self, series: Sequence[Series], people: People) -> None:
        self.series, self.people = series, people
        self.teams: dict[str, TeamHistory] = {}  # by lineage id (the first key seen)
        self.lineage: dict[str, str] = {}  # key in the current revision → lineage id
        self.previous: dict[str, Block] = {}

    def step(self, number: int, revision: Revision) -> None:
        blocks = revision.blocks
        gone = [k for k in self.previous if k not in blocks]
        new = [k for k in blocks if k not in self.previous]
        new = self._leave(number, revision, gone, new)
        self._arrive(revision, new)
        self._seats(number, revision)
        self.previous = blocks

    def _leave(self, number: int, revision: Revision, gone: list[str], new: list[str]) -> list[str]:
        """Keys that vanished: renamed (the lineage moves to the new key), merged or retired."""
        blocks, previous, lineage = revision.blocks, self.previous, self.lineage
        for old in gone:
            target = _best_overlap(previous[old].repos, {k: blocks[k].repos for k in new})
            if target and number > 0:
                lineage[target] = lineage.pop(old)
                new.remove(target)
                continue
            team = self.teams[lineage[old]]
            team.last_seen, team.end_commit, team.reason = revision.date, revision.commit, revision.subject
            staying = {k: b.repos for k, b in blocks.items() if k in lineage and k in previous}
            merged = _best_overlap(previous[old].repos, staying)
            team.ended, team.replaced_by = ("merged", merged) if merged else ("retired", "")
        # A rename that moved the repositories too (marconi → zaqar): one gone, one new, same PTL.
        unmatched = [k for k in gone if k in lineage]
        if number > 0 and len(unmatched) == 1 and len(new) == 1:
            old_seat, new_seat = previous[unmatched[0]].seat, blocks[new[0]].seat
            if old_seat.names and not _differs(old_seat, new_seat, self.people):
                _reopen(self.teams[lineage[unmatched[0]]])
                lineage[new[0]] = lineage.pop(unmatched[0])
                new = []
        for old in unmatched:
            lineage.pop(old, None)
        return new

    def _arrive(self, revision: Revision, new: list[str]) -> None:
        """Teams that appear (again: a key that comes back is the same team)."""
        for key in new:
            known = next((lid for lid, t in self.teams.items() if key in {team_key(n) for n in t.names}), None)
            self.lineage[key] = known or key
            team = self.teams.setdefault(self.lineage[key], TeamHistory(self.lineage[key]))
            if team.first_seen is None:
                team.first_seen = revision.date
            _reopen(team)

    def _seats(self, number: int, revision: Revision) -> None:
        """Each team's seat, when it changed."""
        blocks, previous, people = revision.blocks, self.previous, self.people
        changed = sum(1 for k, b in blocks.items() if k in previous and _differs(previous[k].seat, b.seat, people))
        for key, block in blocks.items():
            team = self.teams[self.lineage[key]]
            if not team.names or team.names[-1] != block.raw:
                team.names.append(block.raw)
            team.title, team.last_block = block.title, block.text
            team.appointed |= block.seat.appointed
            last = team.changes[-1].seat if team.changes else None
            if last is None or _differs(last, block.seat, people):
                first = not team.changes
                when = revision.date.date()
                # The first commit of the history lists what held already: from its cycle's start.
                day = cycle_start(when, self.series) if number == 0 else None
                day = day or effective_day(when, self.series, first=first, bulk=changed >= BULK)
                team.changes.append(Change(revision.commit, revision.date, day, block.seat, first))
            for name, nick in zip(block.seat.names, block.seat.ircs, strict=False):
                people.link_irc(name, nick)
            people.prefer(block.seat.names)

    def finish(self, legacy: dict[str, dt.date], starts: dt.datetime | None, head: dt.datetime | None) -> Governance:
        """Today's key names each team; every older key is an alias of it."""
        final: dict[str, TeamHistory] = {}
        aliases: dict[str, str] = {}
        for team in self.teams.values():
            team.key = team_key(team.names[-1])
            keys = {team_key(n) for n in team.names}
            for retired_key, day in legacy.items():
                # legacy.yaml's date, when it is about this incarnation of the team and the history
                # does not contradict it: projects.yaml listed Infrastructure until April 2020, and
                # its PTL was elected for Train and Ussuri, while legacy.yaml says 2018-08-29.
                if (
                    retired_key in keys
                    and team.ended
                    and team.first_seen
                    and team.first_seen.date() <= day
                    and not (team.last_seen and (team.last_seen.date() - day).days > LEGACY_LAG)
                ):
                    team.retired_on = day
            final[team.key] = team
            for key in sorted(keys):
                aliases.setdefault(key, team.key)
        for team in final.values():
            team.replaced_by = aliases.get(team.replaced_by, team.replaced_by)
        return Governance(final, aliases, starts, head, self.people)


def _reopen(team: TeamHistory) -> None:
    team.last_seen, team.ended, team.replaced_by, team.reason, team.end_commit = None, "", "", "", ""


def _best_overlap(repos: frozenset[str], candidates: dict[str, frozenset[str]]) -> str:
    """The candidate holding most of `repos` (at least one), or ""."""
    best, score = "", 0
    for key, theirs in sorted(candidates.items()):
        shared = len(repos & theirs)
        if shared > score:
            best, score = key, shared
    return best


def _differs(a: Seat, b: Seat, people: People) -> bool:
    """Two seats differ unless only the spelling of the same people changed.

    Within one team, a name corrected by a letter or two ("Dolph Matthews" → "Dolph Mathews",
    "Morgain" → "Morgan"), or respelled under the same IRC nick, is the same person, not a new
    PTL: the two spellings become one identity.
    """
    if a.kind != b.kind or len(a.names) != len(b.names):
        return True
    nicks = zip(a.ircs or ("",) * len(a.names), b.ircs or ("",) * len(b.names), strict=False)
    for (x, y), (nx, ny) in zip(zip(a.names, b.names, strict=True), nicks, strict=False):
        if people.same(x, y):
            continue
        if nx and nx.casefold() == ny.casefold():  # the same IRC nick: a respelling ("Wu Chunyang")
            people.alias(y, x)
            continue
        kx, ky = person_key(x), person_key(y)
        if looks_like_typo(kx, ky):
            people.alias(y, x)
            continue
        return True
    return False


# --- per cycle ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """Someone (or nobody) in the seat from `day`, as stated by `change`."""

    day: dt.date
    change: Change


@dataclass(frozen=True)
class CycleSeat:
    """The leadership of one team over one cycle."""

    cycle: str
    holdings: tuple[Holding, ...]  # in order; the last one holds at the cycle's end
    appointed: bool = False

    @property
    def final(self) -> Holding:
        return self.holdings[-1]

    @property
    def people(self) -> list[tuple[str, dt.date | None]]:
        """(name, since) of each person who led during the cycle; since is None from the start."""
        out: list[tuple[str, dt.date | None]] = []
        for index, holding in enumerate(self.holdings):
            for name in holding.change.seat.names:
                out.append((name, holding.day if index else None))
        return out


def existence(team: TeamHistory, series: Sequence[Series], starts: dt.datetime | None) -> list[Series]:
    """The cycles the team existed in: from the one it appeared in to the one it left in.

    A team that was there at the first commit of the history existed before it; a team that
    left in the first 30 days of a cycle did not take part in that cycle.
    """
    if team.first_seen is None:
        return []
    begin = team.first_seen.date()
    end_day = team.retired_on or (team.last_seen.date() if team.last_seen else None)
    out = []
    for s in series:
        if s.start is None or s.end is None:
            continue
        if s.end < begin:
            continue
        if end_day is not None and end_day < s.start + LATE_RECORD:
            break
        out.append(s)
    return out


def build_cycle_seats(team: TeamHistory, cycles: Sequence[Series]) -> dict[str, CycleSeat]:
    """Cycle name → CycleSeat for each cycle the team existed in and the history covers."""
    out: dict[str, CycleSeat] = {}
    changes = team.changes
    for s in cycles:
        assert s.start is not None and s.end is not None
        before = [c for c in changes if c.day <= s.start]
        during = [c for c in changes if s.start < c.day <= s.end]
        holdings = ([Holding(s.start, before[-1])] if before else []) + [Holding(c.day, c) for c in during]
        if not holdings:
            continue
        # A vacancy before or after someone led is not the cycle's story: keep who led.
        filled = [h for h in holdings if h.change.seat.kind != "vacant"]
        if filled:
            holdings = filled
        appointed = bool({s.name, s.release_id} & team.appointed)
        out[s.name] = CycleSeat(s.name, tuple(holdings), appointed)
    return out
