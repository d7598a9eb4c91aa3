"""Reading the whole governance git history: every revision's teams and what each says of its leadership.

`reference/programs.yaml` (2013-09 → 2015-01, programs with a `codename`) and then
`reference/projects.yaml` (2015-01 on) are read at every first-parent revision, one pass over
all teams: each revision's text is split into team blocks and only blocks whose text changed are
parsed, and only the few fields a seat needs (a full parse of every block of every revision is
what made the history slow). `legacy.yaml` / `retired-projects.yaml` give `retired-on`.

A seat is what a block states: a placeholder (`APPOINTMENT NEEDED`, `leaderless`) is a vacancy,
never a person; `leadership_type: distributed` has no PTL; `A (a) and B (b)` are co-PTLs.
`lineage` turns the revisions into each team's story.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..data.model import LeadershipKind
from ..data.people import is_placeholder
from . import git
from .calendar import load_yaml
from .names import person, team_key, team_title

PROGRAMS = "reference/programs.yaml"
PROJECTS = "reference/projects.yaml"
LEGACY = ("reference/retired-projects.yaml", "reference/legacy.yaml")
_CO_PTL = re.compile(r"\s+(?:and|&)\s+|\s*/\s*")


@dataclass(frozen=True)
class Seat:
    """What one revision of a team block says about its leadership."""

    kind: LeadershipKind
    names: tuple[str, ...] = ()
    placeholder: str = ""
    appointed: frozenset[str] = frozenset()
    # The IRC nick stated beside each name ("" when none): ties two spellings to one person.
    ircs: tuple[str, ...] = field(default=(), compare=False)

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
    text: str = field(default="", repr=False, compare=False)  # the block as written, for a retired team's last words


# --- parsing one block ---------------------------------------------------------------------


def build_seat(value: Any, appointed: Iterable[str] = ()) -> Seat:
    """The leadership a team block states, in any era's format (pure)."""
    data = value if isinstance(value, dict) else {}
    cycles = frozenset(str(c).lower() for c in _list(data.get("appointed")) + _list(appointed))
    if str(data.get("leadership_type", "")).lower() == "distributed":
        return Seat("distributed", appointed=cycles)
    ptl = data.get("ptl")
    irc = ""
    if isinstance(ptl, dict):
        cycles |= frozenset(str(c).lower() for c in _list(ptl.get("appointed")))
        raw = ptl.get("name") if isinstance(ptl.get("name"), str) else ""
        irc = str(ptl.get("irc") or "")
    else:
        raw = ptl if isinstance(ptl, str) else ""
    raw = " ".join(str(raw).split())
    if not raw or is_placeholder(person(raw)):
        return Seat("vacant", placeholder=raw, appointed=cycles)
    pieces = [p for p in _CO_PTL.split(raw) if p.strip()]
    parts = [person(p) for p in pieces]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return Seat("co-ptl", tuple(parts), appointed=cycles, ircs=tuple(_nick(p) for p in pieces))
    name = person(raw)
    if not name:
        return Seat("vacant", placeholder=raw, appointed=cycles)
    return Seat("ptl", (name,), appointed=cycles, ircs=(_usable_nick(irc) or _nick(raw),))


_NICK = re.compile(r"\(([^)\s]+)\)\s*$")


def _nick(text: str) -> str:
    """`Nikhil Komawar (nikhil_k)` → `nikhil_k`; "" when the name carries none."""
    found = _NICK.search(text.strip())
    return _usable_nick(found.group(1)) if found else ""


_IRC_NICK = re.compile(r"[A-Za-z\[\]\\`_^{|}][A-Za-z0-9\[\]\\`_^{|}-]*")


def _usable_nick(nick: str) -> str:
    """A nick that can tell people apart, else "".

    Governance filled the field with "No nick supplied" 268 times, and "TBD", "None supplied":
    one word shaped like an IRC nick, and no placeholder, or it would merge everyone who had one.
    """
    nick = nick.strip().lstrip("@")
    if not _IRC_NICK.fullmatch(nick) or is_placeholder(nick) or nick.casefold() in {"none", "null", "nick"}:
        return ""
    return nick


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
    return Block(name, build_seat(value), frozenset(_REPO.findall(text)), title=team_title(name, text), text=text)


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
