"""openstack/election: PTL candidacies and results, per cycle and team.

`candidates/<cycle>/<Team>/` holds one file per candidate: `Name.txt` up to Rocky, the
candidate's e-mail address (no extension) from Stein on. The cycle folder is the cycle the PTL
will lead (codenames up to bobcat, release ids from 2024.1). `doc/source/results/<cycle>/ptl.yaml`
(Ocata on) says who was elected; without it a sole candidate is taken as elected unopposed.
Addresses are never published: a candidacy named by an address links to its folder instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote, unquote

from .. import model as m
from .calendar import Series, load_yaml
from .location import LocalRepo, Location
from .names import EMAIL, has_email, person, team_key
from .results import Contribution, Selection, SourceResult

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True)
class Candidacy:
    name: str
    file: str
    elected: bool | None  # None: no result known


@dataclass(frozen=True)
class TeamElection:
    """One team's PTL election for one cycle."""

    folder: str
    team_dir: str
    candidacies: tuple[Candidacy, ...]
    results_url: str
    leaderless: bool
    source: m.Source | None


class ElectionSource:
    name: ClassVar[str] = "election"
    id_prefixes: ClassVar[dict[str, str]] = {}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        where = ctx.location("election")
        folders = set(where.listdir("candidates") or []) | set(where.listdir("doc/source/results") or [])
        result = SourceResult(self.name)
        overrides = {ctx.project(p).election_dir: p for p in selection.projects if ctx.project(p).election_dir}
        # 1. Each selected cycle that had an election: its candidacies and results.
        found = ctx.map(
            lambda s: fetch_cycle(ctx, where, s, folders, selection.projects, overrides),
            selection.series,
            label="election: cycles",
        )
        # 2. The elected PTL and links to the candidacies, per project.
        for series, elections in zip(selection.series, found, strict=True):
            for project, election in elections.items():
                result.contributions.append(build_contribution(series, project, election, where))
        return result


def _folder(series: Series, folders: set[str]) -> str:
    for name in (series.name, series.release_id):
        if name and name in folders:
            return name
    return ""


def fetch_cycle(
    ctx: Context,
    where: Location,
    series: Series,
    folders: set[str],
    projects: tuple[str, ...],
    overrides: dict[str, str],
) -> dict[str, TeamElection]:
    folder = _folder(series, folders)
    if not folder:
        return {}
    expire = ctx.expiry(series)
    results = where.read(f"doc/source/results/{folder}/ptl.yaml", expire_after=expire, missing_ok=True)
    parsed: dict[str, Any] = {}
    if results is not None:
        data = load_yaml(results.text, f"election: doc/source/results/{folder}/ptl.yaml")
        parsed = data if isinstance(data, dict) else {}
    listed = where.listdir(f"candidates/{folder}", expire_after=expire) or []
    in_results = parsed.get("candidates")
    team_dirs = sorted(set(listed) | ({str(t) for t in in_results} if isinstance(in_results, dict) else set()))
    wanted = {}
    for team_dir in team_dirs:
        key = overrides.get(team_dir) or team_key(team_dir)
        if key in projects:
            wanted[key] = team_dir
    out = {}
    for key, team_dir in sorted(wanted.items()):
        names = [
            n
            for n in (
                where.listdir(f"candidates/{folder}/{team_dir}", expire_after=expire) if team_dir in listed else None
            )
            or []
            if not n.startswith(".")
        ]
        texts = {
            n: where.read(f"candidates/{folder}/{team_dir}/{n}", expire_after=expire, missing_ok=True) for n in names
        }
        found = [t.source for t in texts.values() if t is not None]
        source = results.source if results else (found[0] if found else None)
        out[key] = build_team_election(
            folder, team_dir, {n: (t.text if t else "") for n, t in texts.items()}, parsed, source
        )
    return out


_REFERENCE = re.compile(r"^\s*(\[\d+\]|https?://|--|__)")


def signature(text: str) -> str:
    """The name a candidacy is signed with ("Brian Rosmaita", "Cyril Roelandt (croelandt)"), or ""."""
    for line in reversed(text.strip().splitlines()):
        stripped = line.strip()
        if not stripped or _REFERENCE.match(stripped):
            continue
        name = person(stripped.lstrip("-~— ").strip())
        words = name.split()
        if (
            1 <= len(words) <= 4
            and len(name) <= 40
            and not re.search(r"[\d.,:;!?@/]", name)
            and all(w[0].isalpha() for w in words)
        ):
            return name
        return ""
    return ""


def name_from_file(file: str) -> str:
    """`Nikhil_Komawar.txt` → `Nikhil Komawar`; `flavio_percoco.txt` → `Flavio Percoco`; never an address."""
    stem = unquote(file).removesuffix(".txt")
    if has_email(stem) or "@" in stem:
        local = stem.split("@")[0]
        return re.sub(r"[._+-]+", " ", local).strip()
    words = stem.replace("_", " ").split()
    if "_" in stem and stem == stem.lower():
        words = [w.capitalize() for w in words]
    return " ".join(words)


def best_name(full: str, signed: str, from_file: str) -> str:
    """The fullest name known: results, a signature of two words or more, a file name like `First_Last`."""
    for name in (full, signed if " " in signed else "", from_file if " " in from_file else "", signed):
        if name:
            return name
    return from_file


def build_team_election(
    folder: str, team_dir: str, texts: dict[str, str], results: dict[str, Any], source: m.Source | None
) -> TeamElection:
    """Candidacies named and marked elected from ptl.yaml when it has the team (pure)."""
    entries = (results.get("candidates") or {}).get(team_dir) or []
    by_file: dict[str, dict[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            by_file[unquote(entry["url"].rstrip("/").rsplit("/", 1)[-1])] = entry
    texts = dict(texts)
    for file in by_file:
        texts.setdefault(file, "")  # results name candidacies the checkout may not hold
    candidacies = []
    for file, text in sorted(texts.items()):
        entry = by_file.get(unquote(file), {})
        name = best_name(person(str(entry.get("fullname") or "")), signature(text), name_from_file(file))
        elected: bool | None = None
        if entry:
            elected = entry.get("elected") not in (False, None, "false", "False")
        candidacies.append(Candidacy(name, file, elected))
    contested = results.get("elections_results") or {}
    url = contested.get(team_dir, "") if isinstance(contested, dict) else ""
    leaderless = team_dir in (results.get("leaderless") or [])
    return TeamElection(folder, team_dir, tuple(candidacies), url if isinstance(url, str) else "", leaderless, source)


def _link_base(where: Location) -> str:
    if isinstance(where, LocalRepo):
        ref = f"commit/{where.commit}" if where.commit else "branch/master"
        return f"https://opendev.org/{where.repo}/src/{ref}/"
    return where.base


def build_contribution(series: Series, project: str, election: TeamElection, where: Location) -> Contribution:
    base = _link_base(where)
    folder = f"candidates/{election.folder}/{quote(election.team_dir)}"
    links = []
    for c in election.candidacies:
        named_by_address = bool(EMAIL.search(c.file)) or "@" in c.file
        url = f"{base}{folder}" if named_by_address else f"{base}{folder}/{quote(c.file)}"
        links.append(m.Link(title=f"PTL candidacy: {c.name}", url=url))
    if election.results_url.startswith(("http://", "https://")):
        links.append(m.Link(title="PTL election results", url=election.results_url))
    elected = [c.name for c in election.candidacies if c.elected]
    if not elected and len(election.candidacies) == 1 and election.candidacies[0].elected is None:
        elected = [election.candidacies[0].name]
    data = m.ProjectCycle(links=links, ptl=elected[0] if len(elected) == 1 else None)
    provides = {"links"} | ({"ptl"} if len(elected) == 1 else set())
    as_of = election.source.as_of if election.source else None
    return Contribution(
        series.name, project, data, frozenset(provides), as_of=as_of if isinstance(as_of, dt.datetime) else None
    )
