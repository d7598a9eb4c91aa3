"""Who led every team, and when each team came and went, from the whole governance git history.

`reference/programs.yaml` (2013-09 → 2015-01, programs with a `codename`) and then
`reference/projects.yaml` (2015-01 on) are read at every first-parent revision, one pass over
all teams: each revision's text is split into team blocks and only blocks whose text changed are
parsed. From the sequence of (team, PTL) states this module builds, per team:

- its lineage: a key that vanishes in the same commit as a new key with the same repositories
  was renamed (`chefopenstack` → `openstack-chef`, `smaug` → `karbor`); the team keeps today's key;
- its end: a key that vanishes with its repositories moving to a team that stays was merged
  (`loci` → `openstack-helm`); otherwise retired, with `retired-on` from `legacy.yaml` (or the
  old `retired-projects.yaml`) and the removing commit's subject as the reason;
- who held the seat over time. A placeholder (`APPOINTMENT NEEDED`, `leaderless`) is a vacancy,
  never a person; `leadership_type: distributed` has no PTL; `A (a) and B (b)` are co-PTLs.

Attribution (pure, `effective_day`): a change in the last ten weeks of cycle N is the election
for N+1 and applies from N+1's start; a change in the first 30 days of a cycle, or one commit
changing the PTL of three teams or more (an election's results merged late), is that cycle's
election or appointment and applies from its start; any other change is a mid-cycle change and
applies from its own day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..data.model import LeadershipKind
from ..data.people import People, edit_distance, is_placeholder, person_key
from . import git
from .calendar import Series, load_yaml
from .names import person, team_key

PROGRAMS = "reference/programs.yaml"
PROJECTS = "reference/projects.yaml"
LEGACY = ("reference/retired-projects.yaml", "reference/legacy.yaml")
ELECTION_WINDOW = dt.timedelta(days=70)
LATE_RECORD = dt.timedelta(days=30)
BULK = 3  # teams whose PTL one commit changes: an election's results, not a mid-cycle change
_CO_PTL = re.compile(r"\s+(?:and|&)\s+|\s*/\s*")


@dataclass(frozen=True)
class Seat:
    """What one revision of a team block says about its leadership."""

    kind: LeadershipKind
    names: tuple[str, ...] = ()
    placeholder: str = ""
    appointed: frozenset[str] = frozenset()

    @property
    def label(self) -> tuple[str, tuple[str, ...]]:
        return (self.kind, self.names)


@dataclass(frozen=True)
class Block:
    """One parsed team block: the seat and the repositories (for telling renames from retirements)."""

    raw: str
    seat: Seat
    repos: frozenset[str]
    title: str = ""


@dataclass(frozen=True)
class Change:
    """The seat of a team changed in a commit (`day` is when it takes effect, by the rule above)."""

    commit: str
    date: dt.datetime
    day: dt.date
    seat: Seat
    first: bool = False


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


@dataclass(frozen=True)
class Governance:
    """Every team governance ever listed, under today's key, and where its history starts."""

    teams: dict[str, TeamHistory]
    aliases: dict[str, str]  # any old key → today's key
    starts: dt.datetime | None
    head: dt.datetime | None
    people: People


# --- parsing one block ---------------------------------------------------------------------


def build_seat(value: Any, appointed: Iterable[str] = ()) -> Seat:
    """The leadership a team block states, in any era's format (pure)."""
    data = value if isinstance(value, dict) else {}
    cycles = frozenset(str(c).lower() for c in _list(data.get("appointed")) + _list(appointed))
    if str(data.get("leadership_type", "")).lower() == "distributed":
        return Seat("distributed", appointed=cycles)
    ptl = data.get("ptl")
    if isinstance(ptl, dict):
        cycles |= frozenset(str(c).lower() for c in _list(ptl.get("appointed")))
        raw = ptl.get("name") if isinstance(ptl.get("name"), str) else ""
    else:
        raw = ptl if isinstance(ptl, str) else ""
    raw = " ".join(str(raw).split())
    if not raw or is_placeholder(person(raw)):
        return Seat("vacant", placeholder=raw, appointed=cycles)
    parts = [person(p) for p in _CO_PTL.split(raw) if p.strip()]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return Seat("co-ptl", tuple(parts), appointed=cycles)
    name = person(raw)
    return Seat("ptl", (name,), appointed=cycles) if name else Seat("vacant", placeholder=raw, appointed=cycles)


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


_TOP = re.compile(r"^(?![#\s-])(?!\.\.\.)([^:\n#]+):", re.MULTILINE)
_FIELD = re.compile(r"^  (?! )([\w-]+):", re.MULTILINE)
_REPO = re.compile(r"^\s+-\s+(?:repo:\s*)?([\w.-]+/[\w.-]+)\s*$", re.MULTILINE)
_SEAT_FIELDS = ("ptl", "leadership_type", "appointed", "codename")


def split_blocks(text: str) -> dict[str, str]:
    """Each top-level entry's text, by raw key (a regex over the whole file: 1,600 revisions in ~1 s)."""
    found = list(_TOP.finditer(text))
    out: dict[str, str] = {}
    for here, following in zip(found, [*found[1:], None], strict=False):
        end = following.start() if following else len(text)
        out.setdefault(here.group(1).strip().strip("'\""), text[here.start() : end])
    return out


def build_block(raw: str, text: str) -> Block | None:
    """A team block's seat and repositories, parsing only the few fields the seat needs.

    Repositories are the block's `- org/name` list items (deliverables' `repos:`, the old
    `projects: - repo:`): a regex, because a full parse of every block of every revision is
    what made the history slow.
    """
    fields = list(_FIELD.finditer(text))
    wanted = []
    for here, following in zip(fields, [*fields[1:], None], strict=False):
        if here.group(1) in _SEAT_FIELDS:
            wanted.append(text[here.start() : following.start() if following else len(text)])
    try:
        data = load_yaml("".join(part if part.endswith("\n") else part + "\n" for part in wanted) or "{}")
    except Exception:
        return None
    value = data if isinstance(data, dict) else {}
    value = {k.strip(): v for k, v in value.items()} if value else {}
    # A program is named by its codename ("Compute" is Nova); the later teams by their key.
    name = str(value.get("codename") or raw)
    return Block(name, build_seat(value), frozenset(_REPO.findall(text)), title=name)


# --- reading the history -------------------------------------------------------------------


@dataclass(frozen=True)
class Revision:
    commit: str
    date: dt.datetime
    subject: str
    blocks: dict[str, Block]  # team key → block


def fetch_revisions(root: Any) -> list[Revision]:
    """programs.yaml then projects.yaml at every first-parent revision, oldest first."""
    out: list[Revision] = []
    memo: dict[str, Block | None] = {}
    cut: dt.datetime | None = None
    for path in (PROJECTS, PROGRAMS):
        revisions = git.history(root, path)
        if path == PROGRAMS and cut is not None:
            revisions = [r for r in revisions if r.date < cut]
        texts = dict(git.blobs(root, list(dict.fromkeys(r.blob for r in revisions))))
        subjects = git.subjects(root, [r.commit for r in revisions])
        found = []
        for revision in revisions:
            text = texts.get(revision.blob)
            if text is None:
                continue
            blocks: dict[str, Block] = {}
            for raw, block_text in split_blocks(text).items():
                digest = hashlib.sha1(block_text.encode(), usedforsecurity=False).hexdigest()
                if digest not in memo:
                    memo[digest] = build_block(raw, block_text)
                block = memo[digest]
                if block is not None:
                    blocks[team_key(block.raw)] = block
            if blocks:
                found.append(Revision(revision.commit, revision.date, subjects.get(revision.commit, ""), blocks))
        if path == PROJECTS and found:
            cut = found[0].date
        out = found + out
    return out


def fetch_legacy(root: Any) -> dict[str, dt.date]:
    """Whole teams listed as retired in any revision of legacy.yaml / retired-projects.yaml."""
    retired: dict[str, dt.date] = {}
    memo: set[str] = set()
    for path in LEGACY:
        revisions = git.history(root, path)
        for _, text in git.blobs(root, list(dict.fromkeys(r.blob for r in revisions))):
            for raw, block in split_blocks(text).items():
                digest = hashlib.sha1(block.encode(), usedforsecurity=False).hexdigest()
                if digest in memo or "retired-on" not in block:
                    continue
                memo.add(digest)
                try:
                    data = load_yaml(block)
                except Exception:
                    continue  # two revisions of December 2016 do not parse
                value = data.get(raw) if isinstance(data, dict) else None
                if not isinstance(value, dict) or value.get("partial"):
                    continue
                day = _day(value.get("retired-on"))
                if day is not None:
                    retired.setdefault(team_key(str(raw)), day)
    return retired


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def fetch_governance(root: Any, series: Sequence[Series], people: People | None = None) -> Governance:
    revisions = fetch_revisions(root)
    head = git.head(root)
    return build_governance(revisions, fetch_legacy(root), series, head[1] if head else None, people)


# --- building the lineage and the seats (pure) ---------------------------------------------


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
    people = people or People()
    teams: dict[str, TeamHistory] = {}  # by lineage id (the first key seen)
    lineage: dict[str, str] = {}  # key in the current revision → lineage id
    previous: dict[str, Block] = {}
    for number, revision in enumerate(revisions):
        blocks = revision.blocks
        gone = [k for k in previous if k not in blocks]
        new = [k for k in blocks if k not in previous]
        # 1. Renames: a vanished key whose repositories reappear under a new key.
        for old in gone:
            target = _best_overlap(previous[old].repos, {k: blocks[k].repos for k in new})
            if target and number > 0:
                lineage[target] = lineage.pop(old)
                new.remove(target)
                continue
            team = teams[lineage[old]]
            team.last_seen = revision.date
            team.end_commit = revision.commit
            team.reason = revision.subject
            staying = {k: b.repos for k, b in blocks.items() if k in lineage and k in previous}
            merged = _best_overlap(previous[old].repos, staying)
            team.ended, team.replaced_by = ("merged", merged) if merged else ("retired", "")
        # 1b. A rename that moved the repositories too (marconi → zaqar): one team gone, one
        # new, the same PTL.
        unmatched = [k for k in gone if k in lineage]
        if number > 0 and len(unmatched) == 1 and len(new) == 1:
            old_seat, new_seat = previous[unmatched[0]].seat, blocks[new[0]].seat
            if old_seat.names and not _differs(old_seat, new_seat, people):
                team = teams[lineage[unmatched[0]]]
                team.last_seen, team.ended, team.replaced_by, team.reason, team.end_commit = None, "", "", "", ""
                lineage[new[0]] = lineage.pop(unmatched[0])
                new = []
        for old in unmatched:
            if old in lineage:
                lineage.pop(old)
        # 2. Teams that appear (again: a key that comes back is the same team).
        for key in new:
            known = next((lid for lid, t in teams.items() if key in {team_key(n) for n in t.names}), None)
            lineage[key] = known or key
            team = teams.setdefault(lineage[key], TeamHistory(lineage[key]))
            if team.first_seen is None:
                team.first_seen = revision.date
            team.last_seen, team.ended, team.replaced_by, team.reason = None, "", "", ""
        # 3. Each team's seat, when it changed. A commit changing several teams' PTLs at once
        # records an election: it applies from a cycle's start, never mid-cycle.
        changed = sum(1 for k, b in blocks.items() if k in previous and _differs(previous[k].seat, b.seat, people))
        bulk = changed >= BULK
        for key, block in blocks.items():
            team = teams[lineage[key]]
            if not team.names or team.names[-1] != block.raw:
                team.names.append(block.raw)
            team.title = block.title
            team.appointed |= block.seat.appointed
            last = team.changes[-1].seat if team.changes else None
            if last is None or _differs(last, block.seat, people):
                first = not team.changes
                if number == 0:  # the first commit lists what held already: from its cycle's start
                    day = cycle_start(revision.date.date(), series)
                else:
                    day = effective_day(revision.date.date(), series, first=first, bulk=bulk)
                team.changes.append(Change(revision.commit, revision.date, day, block.seat, first))
            people.prefer(block.seat.names)
        previous = blocks
    # Today's key names the team; every older key is an alias of it.
    final: dict[str, TeamHistory] = {}
    aliases: dict[str, str] = {}
    for team in teams.values():
        current = team_key(team.names[-1])
        team.key = current
        for retired_key, day in legacy.items():
            # legacy.yaml's date, when it is about this incarnation of the team.
            plausible = team.first_seen and team.last_seen and team.first_seen.date() <= day
            if retired_key in {team_key(n) for n in team.names} and team.ended and plausible:
                team.retired_on = day
        final[current] = team
        for name in team.names:
            aliases.setdefault(team_key(name), current)
    for team in final.values():
        team.replaced_by = aliases.get(team.replaced_by, team.replaced_by)
    return Governance(final, aliases, revisions[0].date if revisions else None, head, people)


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
    "Morgain" → "Morgan") is a typo fixed, not a new PTL: the two spellings become one person.
    """
    if a.kind != b.kind or len(a.names) != len(b.names):
        return True
    for x, y in zip(a.names, b.names, strict=True):
        if people.same(x, y):
            continue
        kx, ky = person_key(x), person_key(y)
        if min(len(kx), len(ky)) >= 8 and edit_distance(kx, ky, 2) <= 2:
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
