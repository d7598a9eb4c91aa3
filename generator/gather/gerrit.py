"""Gerrit REST (review.opendev.org): core roster, reviewer counts, review days and the backlog.

Per project and cycle, for each of the team's repositories (fetched concurrently):

- changes updated in the cycle (until 180 days after the release, a bound that keeps old cycles
  from pulling a decade of changes) with their messages, and the changes open today that were
  last touched before the cycle started (open throughout it);
- the core group's members: a snapshot today, diffed against the previous cycle's gathered
  roster. With an owner's HTTP password the group audit log replays the roster of any cycle.

Every body starts with Gerrit's `)]}'` line; pages end with `"_more_changes": true`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from ..data import model as m
from . import gerrit_stats as stats
from .calendar import Series
from .http import Http, parse_json
from .results import Contribution, Selection, SourceResult

if TYPE_CHECKING:
    from .context import Context

PAGE = 500
MAX_PAGES = 400
AFTER_RELEASE = dt.timedelta(days=180)
XSSI = ")]}'"


@dataclasses.dataclass(frozen=True)
class Fetched:
    changes: list[stats.Change]
    as_of: dt.datetime


class GerritSource:
    name: ClassVar[str] = "gerrit"
    id_prefixes: ClassVar[dict[str, str]] = {}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        units = [(s, p) for s in selection.series for p in selection.projects]
        found = ctx.map(lambda u: gather_one(ctx, u[0], u[1]), units, label="gerrit")
        return SourceResult(self.name, contributions=[c for c in found if c is not None])


def _base(ctx: Context) -> str:
    base = ctx.base("gerrit")
    return base if base.endswith("/") else base + "/"


def _json(text: str) -> Any:
    return parse_json(text, XSSI)


def fetch_changes(ctx: Context, query: str, expire: int | float) -> Fetched:
    """Every change matching `query`, following `_more_changes` pages."""
    http: Http = ctx.http
    changes: list[stats.Change] = []
    oldest: dt.datetime | None = None
    skip = 0
    for _ in range(MAX_PAGES):
        url = Http.full_url(
            f"{_base(ctx)}changes/",
            [("q", query), ("n", str(PAGE)), ("S", str(skip)), ("o", "MESSAGES"), ("o", "DETAILED_ACCOUNTS")],
        )
        page, response = http.get_parsed(url, _json, source="gerrit", expire_after=expire)
        oldest = min(oldest, response.fetched_at) if oldest else response.fetched_at
        rows = page if isinstance(page, list) else []
        changes.extend(c for row in rows if isinstance(row, dict) and (c := stats.build_change(row)))
        if not rows or not (isinstance(rows[-1], dict) and rows[-1].get("_more_changes")):
            break
        skip += len(rows)
    return Fetched(changes, oldest or ctx.now)


def fetch_members(ctx: Context, group: str) -> tuple[list[stats.Account], m.Source] | None:
    """Today's direct members of `group`, or None when the group is not visible."""
    auth = ctx.options.gerrit_auth
    prefix = "a/" if auth else ""
    url = f"{_base(ctx)}{prefix}groups/{quote(group, safe='')}/members/"
    got = ctx.http.get(url, source="gerrit", expire_after=ctx.expiry(), auth=auth, missing_ok=True)
    if got is None:
        return None
    rows = _json(got.text)
    members = [a for row in rows if (a := stats.account(row))] if isinstance(rows, list) else []
    return members, m.Source(url=url, as_of=got.fetched_at)


def fetch_audit(ctx: Context, group: str) -> list[stats.GroupEvent] | None:
    auth = ctx.options.gerrit_auth
    if auth is None:
        return None
    url = f"{_base(ctx)}a/groups/{quote(group, safe='')}/log.audit"
    entries, _ = ctx.http.get_parsed(url, _json, source="gerrit", expire_after=ctx.expiry(), auth=auth)
    return stats.build_group_events(entries)


def _day(value: dt.date) -> str:
    return value.strftime("%Y-%m-%d")


def gather_one(ctx: Context, series: Series, project: str) -> Contribution | None:
    # 1. The window: the cycle's dates, cut at today for the cycle in progress.
    if series.start is None or series.end is None or series.start > ctx.now.date():
        return None
    info = ctx.project(project, need_repos=True)
    if not info.repos:
        ctx.warn(f"gerrit: no repositories known for {project}; add `repos` in data/projects.yaml")
        return None
    start = dt.datetime.combine(series.start, dt.time(), dt.UTC)
    end = min(dt.datetime.combine(series.end + dt.timedelta(days=1), dt.time(), dt.UTC), ctx.now)
    expire = ctx.expiry(series)
    # 2. Changes of every repository, concurrently: active in the window, and idle but open.
    active = f'after:"{_day(series.start)}"'
    if ctx.is_complete(series):
        active += f' before:"{_day(series.end + AFTER_RELEASE)}"'
    queries = [f"project:{repo} {active}" for repo in info.repos]
    queries += [f'project:{repo} status:open before:"{_day(series.start)}"' for repo in info.repos]
    group = info.core_group or f"{project}-core"
    fetched = ctx.map(lambda q: fetch_changes(ctx, q, expire), queries)
    by_number = {c.number: c for f in fetched for c in f.changes}
    changes = sorted(by_number.values(), key=lambda c: c.number)
    as_of = min(f.as_of for f in fetched)
    web = f"{_base(ctx)}q/" + quote(f"({' OR '.join('project:' + r for r in info.repos)}) {active}")
    source = m.Source(url=web, as_of=as_of)
    # 3. The core roster: replayed from the audit log, or today's snapshot for today's cycle.
    roster = build_roster(ctx, series, project, group, start, end)
    core = core_members(ctx, series, project, roster, changes, start, end)
    # 4. Figures: per reviewer, per review day, the backlog.
    days = review_days(ctx, series, project)
    data = m.ProjectCycle(
        reviewers=stats.build_reviewers(changes, start, end, core, source=source),
        review_days=[
            stats.build_review_day(i, first, last, changes, milestone=ms, focus=focus, source=source)
            for i, first, last, ms, focus in days
        ],
        backlog=stats.build_backlog(changes, start, end, source=source),
    )
    provides = {"reviewers", "review_days", "backlog"}
    if roster is not None:
        data = dataclasses.replace(data, roster=roster)
        provides.add("roster")
    return Contribution(series.name, project, data, frozenset(provides))


def build_roster(
    ctx: Context, series: Series, project: str, group: str, start: dt.datetime, end: dt.datetime
) -> m.Roster | None:
    today = ctx.series_at(ctx.now.date())
    audit = fetch_audit(ctx, group)
    if audit is None and (today is None or today.name != series.name):
        return None
    members = fetch_members(ctx, group)
    if members is None:
        ctx.warn(f"gerrit: group {group} is not visible; set core_group for {project} in data/projects.yaml")
        return None
    now, source = members
    if audit is not None:
        return stats.roster_from_log(group, now, audit, start, end, source)
    previous = ctx.neighbour(series, -1)
    before = ctx.previous_gathered(previous.name, project) if previous else None
    existing = ctx.previous_gathered(series.name, project)
    baseline = (before.roster.end if before and before.roster.end else None) or (
        existing.roster.start if existing and existing.roster.start else None
    )
    known = existing.roster.changes if existing else []
    return stats.roster_from_snapshots(group, baseline, now, ctx.now.date(), known, source)


def core_members(
    ctx: Context,
    series: Series,
    project: str,
    roster: m.Roster | None,
    changes: list[stats.Change],
    start: dt.datetime,
    end: dt.datetime,
) -> set[str]:
    """Who counts as core for the `core` flag and disagreements: the roster when one is known
    (gathered now or earlier), else everyone who voted ±2 in the cycle (Stackalytics' rule)."""
    if roster is None:
        existing = ctx.previous_gathered(series.name, project)
        roster = existing.roster if existing and (existing.roster.start or existing.roster.end) else None
    if roster is not None:
        return set(roster.start) | set(roster.end)
    return stats.voted_two(changes, start, end)


def review_days(ctx: Context, series: Series, project: str) -> list[tuple[str, dt.date, dt.date, str, str]]:
    """(id, first day, last day, milestone, focus) for the calendar's review days of this
    project and the dated review days its PTL listed in authored.yaml."""
    out = []
    for ms in ctx.cycle(series).milestones:
        if ms.kind == "review-day" and f"-{project}-" in f"-{ms.name}-":
            out.append((ms.name, ms.date, ms.end or ms.date, ms.name, ms.title))
    for row in ctx.authored(series.name, project).get("review_days") or []:
        dated = isinstance(row, dict) and isinstance(row.get("id"), str) and isinstance(row.get("date"), dt.date)
        if dated and not any(row["id"] == known[0] for known in out):
            out.append((row["id"], row["date"], row["date"], "", ""))
    return out
