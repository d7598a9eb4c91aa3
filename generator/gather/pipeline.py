"""`cycle-reports gather`, top to bottom: check, lock, select, gather, combine, write.

Each source succeeds or fails on its own. One that cannot be reached (no network, a host that
is down, `--offline` with nothing cached) is *skipped*: one line says what it would have given
and how to get it, and the sources that worked write their fields. What a skipped source
answers for is left exactly as it was in every file. With `require_all` (CI) a skipped source
is an error instead and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..data import model as m
from ..data.identity import learn_one, rename
from ..data.people import People
from ..data.reader import load_document
from ..data.yamlio import YamlError, read_yaml
from ..errors import Location, Problem, UserError
from . import registry
from .calendar import Series, build_cycle
from .combine import combine_by_key, combine_project_cycle, is_empty
from .context import Context, GatherOptions
from .governance import build_project, history_of
from .http import FetchError
from .lock import gather_lock
from .names import team_key
from .results import Contribution, Gatherer, Selection, SourceResult
from .universe import team_keys
from .write import Written, write_cycles, write_project_cycle, write_projects

T = TypeVar("T")


@dataclass(frozen=True)
class Skipped:
    """A source that could not be reached this run, and the one line that says so."""

    source: str
    line: str


@dataclass
class GatherReport:
    written: Written
    warnings: list[str] = field(default_factory=list)
    sent: int = 0
    cached: int = 0
    selection: Selection | None = None
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.skipped)


def run_gather(options: GatherOptions) -> GatherReport:
    # 1. The request: every source name must be known before anything runs.
    unknown = [name for name in options.sources if name not in registry.SOURCES]
    if len(unknown) == 1:
        registry.get_source(unknown[0])  # raises, with a "did you mean"
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise UserError(f"unknown sources {names}; valid sources: {registry.valid_names()}")
    gatherers = [registry.get_source(name) for name in registry.ordered(list(options.sources))]
    if not gatherers:
        raise UserError(f"name at least one source: {registry.valid_names()}")
    if not options.projects and not options.all_projects:
        raise UserError("say which project: --project KEY (repeatable) or --all-projects")
    # 2. One gather at a time in a project folder.
    with gather_lock(options.root):
        ctx = Context(options)
        try:
            # 3. Which cycles and projects, checked against the calendar.
            try:
                selection = select(ctx, options)
            except FetchError as exc:
                raise _failure([exc]) from None
            # 4. The sources fetch and build side by side; failures are collected, nothing is written yet.
            outcomes = ctx.map(lambda g: _attempt(g, ctx, selection), gatherers)
            failures = [(g.name, o) for g, o in zip(gatherers, outcomes, strict=True) if isinstance(o, FetchError)]
            if failures and options.require_all:
                raise _failure([f for _, f in failures])
            skipped = [Skipped(name, skip_line(name, f)) for name, f in failures]
            results = [(g, o) for g, o in zip(gatherers, outcomes, strict=True) if isinstance(o, SourceResult)]
            # 5. Fold what the sources that worked gave into the existing files, then write them atomically.
            written = Written()
            write_all(ctx, selection, results, written, quiet_projects=bool(skipped))
            if written.scrubbed:
                ctx.warn(f"removed {written.scrubbed} e-mail address(es) from gathered text")
            sent, cached = ctx.request_counts()
            return GatherReport(written, ctx.warnings, sent, cached, selection, skipped)
        finally:
            ctx.close()


def _attempt(gatherer: Gatherer, ctx: Context, selection: Selection) -> SourceResult | FetchError:
    """Run one source; a fetch failure is returned so the other sources can finish and report too."""
    try:
        return gatherer.gather(ctx, selection)
    except FetchError as exc:
        return exc


def select(ctx: Context, options: GatherOptions) -> Selection:
    """The cycles (calendar order) and project keys this gather covers."""
    calendar = ctx.series()
    if options.all_cycles:
        first = calendar.index(ctx.find_series(options.since)) if options.since else 0
        series: list[Series] = calendar[first:]
    elif options.cycles:
        chosen = {ctx.find_series(c).name for c in options.cycles}
        series = [s for s in calendar if s.name in chosen]
    else:
        current = ctx.current_series()
        if current is None:
            raise UserError("no cycle is in development today; name one with --cycle or use --all-cycles")
        series = [current]
    projects = {team_key(p) for p in options.projects}
    if options.all_projects:  # every team that ever existed, not only today's (see universe.py)
        projects |= team_keys(ctx) | set(ctx.registered())
    return Selection(tuple(series), tuple(sorted(p for p in projects if p)))


def skip_line(name: str, failure: FetchError) -> str:
    """One line: which source was skipped, why, what it would have given, and how to get it.

    `failure` may come from another source's files the skipped one reads (releases reads the
    team list from governance over HTTP): the line then says whose.
    """
    gives = registry.GIVES.get(name, "its fields")
    if failure.offline and failure.cached_at is None:
        why = f"offline, and the cache holds nothing from {failure.host} for it"
        ways = ["run it once without --offline (that fills the cache)"]
    elif failure.unreachable and failure.status is not None:
        why = f"{failure.host} answered HTTP {failure.status} ({failure.reason})"
        ways = ["run it again later"]
    elif failure.unreachable:
        why = f"{failure.host} cannot be reached ({failure.reason.removesuffix(' earlier in this run')})"
        ways = ["run it again when online"]
    else:
        why = failure.sentence().removeprefix(f"{name}: ")
        ways = ["run it again later"]
    if name in registry.CHECKOUTS:
        ways.insert(0, f"pass `--from {name}=PATH` (a checkout of {registry.CHECKOUTS[name]})")
    elif not failure.offline:
        ways.append(f"pass `--from {name}=URL` (a mirror)")
    if failure.source != name:
        why += f" (it reads {failure.source}'s files)"
        if failure.source in registry.CHECKOUTS:
            ways.insert(0, f"pass `--from {failure.source}=PATH` (a checkout of {registry.CHECKOUTS[failure.source]})")
    how = ", ".join(ways)
    return f"skipped {name}: {why}. It would have given {gives}. To get it, {how}; or leave {name} out."


def _failure(failures: list[FetchError]) -> UserError:
    if all(f.offline and f.cached_at is None for f in failures):
        more = f" ({len(failures) - 1} more source(s) also missing)" if len(failures) > 1 else ""
        return UserError(failures[0].sentence() + more + ".")
    problems = [Problem(Location(f.source), f.sentence()) for f in failures]
    return UserError("gather failed: nothing was written, the previous files are unchanged", problems)


def _previous_file(root: Path, relative: str, kind: type[T]) -> T | None:
    path = root / relative
    if not path.is_file():
        return None
    found, problems = load_document(path, kind, root)
    if problems or found is None:
        raise UserError(f"cannot merge into {relative}; fix it or delete it to gather it afresh", problems)
    return found


def previous_cycles(root: Path) -> list[m.Cycle]:
    found = _previous_file(root, "data/cycles.gathered.yaml", m.CyclesFile)
    return list(found.cycles) if found else []


def previous_projects(root: Path) -> list[m.Project]:
    found = _previous_file(root, "data/projects.gathered.yaml", m.ProjectsFile)
    return list(found.projects) if found else []


def write_all(
    ctx: Context,
    selection: Selection,
    results: list[tuple[Gatherer, SourceResult]],
    written: Written,
    quiet_projects: bool = False,
) -> None:
    """Combine every contribution with the file it lands in, then write (atomically, one by one)."""
    order: dict[str, list[str]] = {}
    for name in registry.SOURCES:
        for fld, prefix in registry.get_source(name).id_prefixes.items():
            order.setdefault(fld, []).append(prefix)
    runs: dict[tuple[str, str], list[tuple[dict[str, str], Contribution]]] = {}
    for gatherer, result in results:
        for contribution in result.contributions:
            runs.setdefault((contribution.cycle, contribution.project), []).append((gatherer.id_prefixes, contribution))
    # Combine everything first, so a file that cannot be merged stops the gather before any write.
    planned: list[tuple[str, str, m.ProjectCycle]] = []
    for (cycle, project), pending in sorted(runs.items()):
        previous = ctx.previous_gathered(cycle, project)
        combined = combine_project_cycle(previous, pending, order)
        if previous is None and is_empty(combined):
            continue
        planned.append((cycle, project, combined))
    planned = one_spelling(ctx, planned)
    # The calendar and the project list must name every cycle and project the data refers to,
    # or the site would not load: add bare entries (no network) for the ones still missing.
    cycles = [c for _, r in results for c in r.cycles]
    projects = [p for _, r in results for p in r.projects]
    old_cycles, old_projects = previous_cycles(ctx.root), previous_projects(ctx.root)
    cycles += missing_cycles(ctx, planned, {c.name for c in [*old_cycles, *cycles]})
    projects += missing_projects(ctx, planned, {p.key for p in [*old_projects, *projects]})
    for cycle, project, data in planned:
        write_project_cycle(ctx.root, cycle, project, data, written)
    if cycles:
        write_cycles(ctx.root, combine_by_key(old_cycles, cycles, "name"), written)
    if projects:
        write_projects(ctx.root, combine_by_key(old_projects, projects, "key"), written)
    touched = {p for _, p, _ in planned} | {p.key for p in projects}
    for project in selection.projects:
        if quiet_projects:
            break  # a skipped source already said why there may be nothing
        if project not in touched and not any(ctx.gathered_path(s.name, project).is_file() for s in selection.series):
            ctx.warn(f"no source had anything for project '{project}' in the selected cycles")


def one_spelling(ctx: Context, planned: list[tuple[str, str, m.ProjectCycle]]) -> list[tuple[str, str, m.ProjectCycle]]:
    """Every file to write with each person spelled one way, whichever source named them.

    The sources run side by side, so only here are all their spellings at hand: governance's
    history, election candidacies and results, Gerrit's rosters. Each is fed, oldest cycle first,
    into the people governance's history already tied together (respellings, IRC nicks), and the
    fullest spelling is written (`data.spelling`: "wu chunyang" never over "Wu Chunyang").
    """
    history = history_of(ctx)
    people = history.people if history is not None else People()
    order = {s.name: i for i, s in enumerate(ctx.series())}
    ordered = sorted(planned, key=lambda p: (order.get(p[0], len(order)), p[1]))
    for _, _, data in ordered:
        learn_one(people, data)
    return [(cycle, project, rename(data, people.display)) for cycle, project, data in planned]


def _human_names(path: Path, list_key: str, key: str) -> set[str]:
    """Names declared in a human file (data/cycles.yaml, data/projects.yaml), read leniently."""
    if not path.is_file():
        return set()
    try:
        data = read_yaml(path, path.name).data
    except YamlError:
        return set()
    rows = data.get(list_key) if isinstance(data, dict) else None
    return (
        {r[key] for r in rows if isinstance(r, dict) and isinstance(r.get(key), str)}
        if isinstance(rows, list)
        else set()
    )


def missing_cycles(ctx: Context, planned: list[tuple[str, str, m.ProjectCycle]], known: set[str]) -> list[m.Cycle]:
    """Bare calendar entries for the cycles gathered data lands in or carries priorities to."""
    wanted = {c for c, _, _ in planned} | {p.carried_to for _, _, d in planned for p in d.priorities if p.carried_to}
    known |= _human_names(ctx.root / "data" / "cycles.yaml", "cycles", "name")
    out = []
    for name in sorted(wanted - known):
        series = ctx.find_series(name)
        out.append(build_cycle(series, [], ctx.series_source))
    return out


def missing_projects(ctx: Context, planned: list[tuple[str, str, m.ProjectCycle]], known: set[str]) -> list[m.Project]:
    """Entries for projects with gathered data that no file describes yet (governance's when read)."""
    known |= set(ctx.registered())
    teams = ctx.loaded_teams()
    out = []
    for key in sorted({p for _, p, _ in planned} - known):
        team = teams.get(key)
        out.append(build_project(team, ctx.teams_source) if team else m.Project(key=key))
    return out
