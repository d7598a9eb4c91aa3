"""openstack/election: PTL candidacies and results, per cycle and team.

`candidates/<cycle>/<Team>/` holds one file per candidate: `Name.txt` up to Rocky, the
candidate's e-mail address (no extension) from Stein on. The cycle folder is the cycle the PTL
will lead (codenames up to bobcat, release ids from 2024.1). `doc/source/results/<cycle>/ptl.yaml`
(Ocata on) says who was elected; without it a sole candidate is taken as elected unopposed.
Addresses are never published: a candidacy named by an address links to its folder instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote, unquote

from ..data import model as m
from .calendar import Series, load_yaml
from .governance import history_of
from .location import LocalRepo, Location
from .names import EMAIL, has_email, person, slug, team_key, unique_ids
from .results import Contribution, Selection, SourceResult
from .universe import canonical

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True)
class Candidacy:
    name: str
    file: str
    elected: bool | None  # None: no result known
    # Where it was read, as published: the file (its folder when named by an address), or the
    # results when the checkout lacks it.
    source: m.Source | None = None
    # False when the name is only the local part of the address the file is named by.
    named: bool = True

    @property
    def by_address(self) -> bool:
        return by_address(self.file)


@dataclass(frozen=True)
class TeamElection:
    """One team's PTL election for one cycle."""

    folder: str
    team_dir: str
    candidacies: tuple[Candidacy, ...]
    results_url: str
    leaderless: bool
    source: m.Source | None
    results_source: m.Source | None = None


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
        # 2. The elected PTL and links to the candidacies, per project, each person spelled the
        # way governance spells them when its history is at hand (one identity per person).
        history = history_of(ctx)
        show = history.people.display if history is not None else (lambda name: name)
        for series, elections in zip(selection.series, found, strict=True):
            for project, election in elections.items():
                result.contributions.append(build_contribution(series, project, respell(election, show), where))
        return result


def respell(election: TeamElection, show: Callable[[str], str]) -> TeamElection:
    """The election with its candidates named by their shown spelling (the PTL, the candidacies
    and the links' titles are all made from these names)."""
    candidacies = tuple(dataclasses.replace(c, name=show(c.name)) if c.named else c for c in election.candidacies)
    return dataclasses.replace(election, candidacies=candidacies)


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
        key = overrides.get(team_dir) or canonical(ctx, team_key(team_dir))
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
        found = {n: t.source for n, t in texts.items() if t is not None}
        source = results.source if results else next(iter(found.values()), None)
        out[key] = build_team_election(
            folder,
            team_dir,
            {n: (t.text if t else "") for n, t in texts.items()},
            parsed,
            source,
            sources=found,
            results_source=results.source if results else None,
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
    """`Nikhil_Komawar.txt` → `Nikhil Komawar`; never an address.

    A file named in lower case stays so (`flavio_percoco.txt` → `flavio percoco`): a capital made
    up here would outrank how governance or the person spelled the name (data/spelling.py).
    """
    stem = unquote(file).removesuffix(".txt")
    if has_email(stem) or "@" in stem:
        local = stem.split("@")[0]
        return re.sub(r"[._+-]+", " ", local).strip()
    return " ".join(stem.replace("_", " ").split())


def best_name(full: str, signed: str, from_file: str) -> str:
    """The fullest name known: results, a signature of two words or more, a file name like `First_Last`."""
    for name in (full, signed if " " in signed else "", from_file if " " in from_file else "", signed):
        if name:
            return name
    return from_file


def by_address(file: str) -> bool:
    """The newer candidacy files are named by the candidate's e-mail address."""
    return bool(EMAIL.search(unquote(file))) or "@" in unquote(file)


def public_source(source: m.Source | None, file: str) -> m.Source | None:
    """`source` as published: a candidacy file named by an address becomes its folder."""
    if source is None or not by_address(file):
        return source
    return dataclasses.replace(
        source,
        url=source.url.rsplit("/", 1)[0] if source.url else "",
        path=source.path.rsplit("/", 1)[0] if source.path else "",
    )


def build_team_election(
    folder: str,
    team_dir: str,
    texts: dict[str, str],
    results: dict[str, Any],
    source: m.Source | None,
    *,
    sources: dict[str, m.Source] | None = None,
    results_source: m.Source | None = None,
) -> TeamElection:
    """Candidacies named and marked elected from ptl.yaml when it has the team (pure).

    `sources` gives where each candidacy file was read; a candidacy known from the results only
    gets `results_source`.
    """
    sources = sources or {}
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
        full, signed = person(str(entry.get("fullname") or "")), signature(text)
        name = best_name(full, signed, name_from_file(file))
        elected: bool | None = None
        if entry:
            elected = entry.get("elected") not in (False, None, "false", "False")
        named = bool(full or signed) or not by_address(file)
        read_from = public_source(sources[file], file) if file in sources else results_source
        candidacies.append(Candidacy(name, file, elected, read_from, named))
    contested = results.get("elections_results") or {}
    url = contested.get(team_dir, "") if isinstance(contested, dict) else ""
    leaderless = team_dir in (results.get("leaderless") or [])
    return TeamElection(
        folder, team_dir, tuple(candidacies), url if isinstance(url, str) else "", leaderless, source, results_source
    )


def _link_base(where: Location) -> str:
    if isinstance(where, LocalRepo):
        ref = f"commit/{where.commit}" if where.commit else "branch/master"
        return f"https://opendev.org/{where.repo}/src/{ref}/"
    return where.base


def build_candidacies(election: TeamElection) -> list[m.Candidacy]:
    """The published candidacies: never an address, nor a name made from one (pure)."""
    kept = [c for c in election.candidacies if c.named and not has_email(c.name)]
    ids = unique_ids(slug(c.name) or "candidate" for c in kept)
    return [
        m.Candidacy(
            id=id,
            name=c.name,
            cycle=election.folder,
            team=election.team_dir,
            elected=c.elected,
            source=c.source,
        )
        for id, c in zip(ids, kept, strict=True)
    ]


def build_contribution(series: Series, project: str, election: TeamElection, where: Location) -> Contribution:
    base = _link_base(where)
    folder = f"candidates/{election.folder}/{quote(election.team_dir)}"
    links = []
    for c in election.candidacies:
        url = f"{base}{folder}" if c.by_address else f"{base}{folder}/{quote(c.file)}"
        links.append(m.Link(title=f"PTL candidacy: {c.name}" if c.named else "PTL candidacy", url=url))
    if election.results_url.startswith(("http://", "https://")):
        links.append(m.Link(title="PTL election results", url=election.results_url))
    chosen = [c for c in election.candidacies if c.elected]
    ptl_source = election.results_source
    if not chosen and len(election.candidacies) == 1 and election.candidacies[0].elected is None:
        # Unopposed and no results file: the sole candidacy is the evidence.
        chosen = [election.candidacies[0]]
        ptl_source = chosen[0].source
    # A name made from an address' local part is never published, not even as the PTL.
    elected = chosen[0] if len(chosen) == 1 and chosen[0].named else None
    data = m.ProjectCycle(
        links=links,
        candidacies=build_candidacies(election),
        ptl=elected.name if elected else None,
        ptl_source=ptl_source if elected else None,
    )
    provides = {"links", "candidacies"} | ({"ptl", "ptl_source"} if elected else set())
    as_of = election.source.as_of if election.source else None
    return Contribution(
        series.name, project, data, frozenset(provides), as_of=as_of if isinstance(as_of, dt.datetime) else None
    )
