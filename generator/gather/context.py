"""What every source shares during one gather: options, the cached session, the calendar, the teams.

The calendar (series names, dates, milestones) and the team list (governance) are inputs to
almost every source, so they are read once here, lazily and under a lock, whichever sources run.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..data import model as m
from ..data.reader import load_document
from ..data.yamlio import YamlError, read_yaml
from ..errors import UserError, did_you_mean
from . import calendar
from .http import NEVER, FetchError, Http, HttpOptions
from .known import lenient_projects, local_calendar, overlay
from .location import LocalRepo, Location, RemoteRepo
from .teams import Team, build_teams

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_LOCATIONS = {
    "releases": "https://opendev.org/openstack/releases/raw/branch/master/",
    "governance": "https://opendev.org/openstack/governance/raw/branch/master/",
    "election": "https://opendev.org/openstack/election/raw/branch/master/",
    "gerrit": "https://review.opendev.org/",
    "launchpad": "https://api.launchpad.net/devel/",
    "specs": "https://opendev.org/openstack/{project}-specs/raw/branch/master/",
}
REPOS = {
    "releases": "openstack/releases",
    "governance": "openstack/governance",
    "election": "openstack/election",
    "specs": "openstack/{project}-specs",
}


@dataclass(frozen=True)
class GatherOptions:
    """Everything `cycle-reports gather` was asked to do; the fields are the command's options."""

    root: Path
    sources: tuple[str, ...]
    projects: tuple[str, ...] = ()
    cycles: tuple[str, ...] = ()
    all_projects: bool = False
    all_cycles: bool = False
    since: str = ""
    locations: Mapping[str, str] = field(default_factory=dict)
    offline: bool = False
    cache: Path | None = None
    expire_after_hours: float = 6.0
    jobs: int = 8
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 0.5
    now: dt.datetime | None = None
    progress: bool = True
    gerrit_auth: tuple[str, str] | None = None
    require_all: bool = False  # a source that cannot be reached is an error, not skipped (CI)

    @property
    def cache_path(self) -> Path:
        return self.cache if self.cache is not None else self.root / ".cache" / "http.sqlite"


class Bar:
    """A rich progress bar on stderr, shown only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not (enabled and console.is_terminal),
        )
        self.progress.start()

    def task(self, description: str, total: int) -> Callable[[], None]:
        task_id = self.progress.add_task(description, total=total)
        return lambda: self.progress.advance(task_id)

    def stop(self) -> None:
        self.progress.stop()


class Context:
    def __init__(self, options: GatherOptions) -> None:
        self.options = options
        self.root = options.root
        self.now = options.now or dt.datetime.now(dt.UTC)
        self.warnings: list[str] = []
        self.bar = Bar(options.progress)
        self._lock = threading.RLock()
        self._http: Http | None = None
        self._locations: dict[str, Location] = {}
        self._series: list[calendar.Series] | None = None
        self._series_source: m.Source | None = None
        self._cycles: dict[str, m.Cycle] = {}
        self._local_calendar = False  # the calendar came from data/cycles*.yaml, not from releases
        self._teams: dict[str, Team] | None = None
        self._teams_source: m.Source | None = None
        self._registered: dict[str, m.Project] | None = None

    def close(self) -> None:
        self.bar.stop()
        if self._http is not None:
            self._http.close()

    def request_counts(self) -> tuple[int, int]:
        """(requests sent, answers from the cache) so far; (0, 0) when HTTP was never used."""
        return (self._http.sent, self._http.cached) if self._http is not None else (0, 0)

    def warn(self, message: str) -> None:
        with self._lock:
            self.warnings.append(message)

    # --- network and locations ---------------------------------------------------------

    @property
    def http(self) -> Http:
        with self._lock:
            if self._http is None:
                o = self.options
                self._http = Http(
                    HttpOptions(
                        cache_path=o.cache_path,
                        offline=o.offline,
                        timeout=o.timeout,
                        retries=o.retries,
                        backoff=o.backoff,
                        jobs=o.jobs,
                    )
                )
            return self._http

    def base(self, source: str) -> str:
        return self.options.locations.get(source, DEFAULT_LOCATIONS.get(source, ""))

    def location(self, source: str, project: str = "") -> Location:
        """The checkout or base URL a source reads from (`--from`, else the public default)."""
        where = self.base(source).replace("{project}", project)
        repo = REPOS.get(source, "").replace("{project}", project)
        with self._lock:
            if where not in self._locations:
                if where.startswith(("http://", "https://")):
                    self._locations[where] = RemoteRepo(source, repo, where, self.http)
                else:
                    self._locations[where] = LocalRepo(source, repo, Path(where).expanduser().resolve(), self.now)
            return self._locations[where]

    def is_complete(self, series: calendar.Series) -> bool:
        return series.end is not None and series.end < self.now.date()

    def expiry(self, series: calendar.Series | None = None) -> int | float:
        """Seconds a cached response stays fresh: for good once its cycle is over."""
        if series is not None and self.is_complete(series):
            return NEVER
        return self.options.expire_after_hours * 3600

    # --- the calendar ------------------------------------------------------------------

    def series(self) -> list[calendar.Series]:
        """Every series, oldest first: from the releases repository's series_status.yaml when the
        releases source runs (or has a `--from`), else from data/cycles*.yaml when the project has
        a calendar, so gerrit or launchpad alone never need the releases repository. An unreachable
        releases repository also falls back to the local calendar."""
        with self._lock:
            if self._series is None:
                local = local_calendar(self.root)
                wanted = "releases" in self.options.sources or "releases" in self.options.locations
                if local and not wanted:
                    self._use_local(local)
                    return self._series or []
                try:
                    got = self.location("releases").read("data/series_status.yaml", expire_after=self.expiry())
                except FetchError:
                    if not local:
                        raise
                    self._use_local(local)
                    return self._series or []
                assert got is not None
                data = calendar.load_yaml(got.text, "releases: data/series_status.yaml")
                if not isinstance(data, list):
                    raise UserError("releases: data/series_status.yaml: expected a list of series")
                self._series = calendar.build_series(data)
                self._series_source = got.source
            return self._series

    def _use_local(self, cycles: list[m.Cycle]) -> None:
        self._series = [
            calendar.Series(name=c.name, release_id=c.release_id, status=c.status, start=c.start, end=c.end)
            for c in cycles
        ]
        self._cycles.update({c.name: c for c in cycles})
        self._local_calendar = True
        self._series_source = m.Source(repo="", path="data/cycles.yaml", as_of=self.now.replace(microsecond=0))

    def find_series(self, word: str) -> calendar.Series:
        for series in self.series():
            if series.matches(word):
                return series
        names = [s.name for s in self.series()] + [s.release_id for s in self.series() if s.release_id]
        hint = did_you_mean(word.lower(), names)
        raise UserError(f"unknown cycle '{word}'" + (f"; {hint}" if hint else "; see data/series_status.yaml"))

    def neighbour(self, series: calendar.Series, step: int) -> calendar.Series | None:
        names = [s.name for s in self.series()]
        index = names.index(series.name) + step
        return self.series()[index] if 0 <= index < len(names) else None

    def current_series(self) -> calendar.Series | None:
        """The series in development (by its status), else the one whose dates contain today."""
        developing = [s for s in self.series() if s.status == "development"]
        if len(developing) == 1:
            return developing[0]
        return self.series_at(self.now.date())

    def series_at(self, day: dt.date) -> calendar.Series | None:
        for series in self.series():
            if series.start and series.end and series.start <= day <= series.end:
                return series
        return None

    def cycle(self, series: calendar.Series) -> m.Cycle:
        """The Cycle with its milestones (schedule.yaml, or schedule.rst's grid for Mitaka/Newton)."""
        with self._lock:
            if series.name in self._cycles:
                return self._cycles[series.name]
        where = self.location("releases")
        folder = f"doc/source/{series.name}"
        expire = self.expiry(series)
        as_yaml = where.read(f"{folder}/schedule.yaml", expire_after=expire, missing_ok=True)
        as_rst = where.read(f"{folder}/schedule.rst", expire_after=expire, missing_ok=True)
        previous = self.neighbour(series, -1)
        events: list[calendar.Event] = []
        if as_yaml is not None:
            events = calendar.build_events_yaml(calendar.load_yaml(as_yaml.text, f"releases: {folder}/schedule.yaml"))
        elif as_rst is not None and previous is not None and previous.end is not None:
            events = calendar.build_events_grid(as_rst.text, previous.end)
        milestones = calendar.build_milestones(series, previous, events, as_rst.text if as_rst else "")
        found = as_yaml or as_rst
        source = found.source if found is not None else self._series_source
        cycle = calendar.build_cycle(series, milestones, source)
        with self._lock:
            self._cycles[series.name] = cycle
        return cycle

    # --- teams and projects ------------------------------------------------------------

    def teams(self) -> dict[str, Team]:
        """Governance teams today, keyed by project key (`reference/projects.yaml`)."""
        with self._lock:
            if self._teams is None:
                got = self.location("governance").read("reference/projects.yaml", expire_after=self.expiry())
                assert got is not None
                self._teams = build_teams(calendar.load_yaml(got.text, "governance: reference/projects.yaml"))
                self._teams_source = got.source
            return self._teams

    @property
    def teams_source(self) -> m.Source | None:
        return self._teams_source

    def loaded_teams(self) -> dict[str, Team]:
        """The teams if governance was read during this gather; never reads it (no network)."""
        with self._lock:
            return dict(self._teams or {})

    @property
    def series_source(self) -> m.Source | None:
        return self._series_source

    def registered(self) -> dict[str, m.Project]:
        """Projects already described under data/ (gathered, then the human file on top)."""
        with self._lock:
            if self._registered is None:
                found: dict[str, m.Project] = {}
                for name in ("projects.gathered.yaml", "projects.yaml"):
                    for project in lenient_projects(self.root / "data" / name):
                        base = found.get(project.key)
                        found[project.key] = overlay(base, project) if base else project
                self._registered = found
            return self._registered

    def project(self, key: str, *, need_repos: bool = False) -> m.Project:
        """What is known about a project: data files first, governance for the repositories."""
        known = self.registered().get(key, m.Project(key=key))
        if need_repos and not known.repos:
            team = self.teams().get(key)
            if team is not None:
                return overlay(m.Project(key=key, repos=list(team.repos)), known)
        return known

    def team(self, key: str) -> Team | None:
        return self.teams().get(key)

    # --- data already on disk (read only) ----------------------------------------------

    def gathered_path(self, cycle: str, project: str) -> Path:
        return self.root / "data" / cycle / project / "gathered.yaml"

    def previous_gathered(self, cycle: str, project: str) -> m.ProjectCycle | None:
        path = self.gathered_path(cycle, project)
        if not path.is_file():
            return None
        found, problems = load_document(path, m.ProjectCycle, self.root)
        if problems:
            raise UserError(
                f"cannot merge into data/{cycle}/{project}/gathered.yaml; fix it or delete it to gather it afresh",
                problems,
            )
        return found

    def authored(self, cycle: str, project: str) -> dict[str, Any]:
        """The PTL's authored.yaml as plain data (read only: gather never writes it)."""
        path = self.root / "data" / cycle / project / "authored.yaml"
        if not path.is_file():
            return {}
        try:
            data = read_yaml(path, f"data/{cycle}/{project}/authored.yaml").data
        except YamlError:
            return {}
        return data if isinstance(data, dict) else {}

    # --- concurrency -------------------------------------------------------------------

    def map(self, fn: Callable[[T], R], items: Iterable[T], label: str = "") -> list[R]:
        """`fn` over `items` on up to `--jobs` threads, results in order; the first error cancels the rest."""
        todo = list(items)
        if not todo:
            return []
        tick = self.bar.task(label, len(todo)) if label and len(todo) > 1 else None
        if self.options.jobs <= 1 or len(todo) == 1:
            out = []
            for item in todo:
                out.append(fn(item))
                if tick:
                    tick()
            return out
        with ThreadPoolExecutor(max_workers=min(self.options.jobs, len(todo))) as pool:
            futures: list[Future[R]] = [pool.submit(fn, item) for item in todo]
            if tick:
                for future in futures:
                    future.add_done_callback(lambda _f: tick())
            done, pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in pending:
                future.cancel()
            for future in futures:
                if future in done and future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]
            return [f.result() for f in futures]
