"""openstack/releases: the calendar, each team's `cycle-highlights` and what each team released.

Highlights sit on whichever deliverables a team chose (usually the service), so they are
collected across all of a team's deliverables of the series, the way the releases site's
`serieshighlights` directive groups them by `team:`. RST inline links become Markdown links.
Every deliverable file of the team also gives `released`: its type, release model, versions,
the cycle's final release and the stable branch. The files carry no dates: a git clone of
releases dates each version by the commit that added it (`release_dates`); from a plain folder
or over HTTP there are none, and none are made up. From a checkout every
`deliverables/<series>/*.yaml` is scanned, and a team is matched under any key it ever had
(`universe.canonical`); over HTTP (no folder listing) the team's deliverables are the ones
governance lists today.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..data import model as m
from . import rst
from .calendar import Series, load_yaml
from .names import team_key, title_words, unique_ids
from .release_dates import Dates, fetch_release_dates, is_lifecycle
from .results import Contribution, Selection, SourceResult

if TYPE_CHECKING:
    from .context import Context
    from .location import Fetched

_TEAM = re.compile(r"^team:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Highlights:
    """The cycle-highlights of one deliverable file."""

    deliverable: str
    team: str
    items: tuple[str, ...]
    source: m.Source


class ReleasesSource:
    name: ClassVar[str] = "releases"
    id_prefixes: ClassVar[dict[str, str]] = {"features": "hl-"}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        # 1. The calendar of every selected cycle, schedules included.
        cycles = ctx.map(ctx.cycle, selection.series, label="releases: schedules")
        # 2. The selected teams' deliverable files, series by series.
        wanted = set(selection.projects)
        found = ctx.map(lambda s: fetch_deliverables(ctx, s, wanted), selection.series, label="releases: deliverables")
        # 3. In a git clone, the day each version was added, from one pass over the history.
        dates, warning = fetch_release_dates(
            ctx.location("releases"), [f"deliverables/{s.name}" for s in selection.series]
        )
        if warning:
            ctx.warn(warning)
        # 4. One contribution per project and cycle: features and what was released, even when none.
        result = SourceResult(self.name, cycles=cycles)
        for series, files in zip(selection.series, found, strict=True):
            parsed = [(team, load_deliverable(f), f) for team, f in files]
            for project in selection.projects:
                mine = [(data, f) for team, data, f in parsed if team == project]
                highlights = [h for data, f in mine if (h := build_highlights(f, data)) is not None]
                released = build_released(mine, dates)
                data = m.ProjectCycle(features=build_features(highlights), released=released)
                result.contributions.append(
                    Contribution(series.name, project, data, frozenset({"features", "released"}))
                )
        return result


def fetch_deliverables(ctx: Context, series: Series, teams: set[str]) -> list[tuple[str, Fetched]]:
    """(team key, file) for every deliverable of `series` belonging to one of `teams`."""
    from .universe import canonical

    where = ctx.location("releases")
    folder = f"deliverables/{series.name}"
    expire = ctx.expiry(series)
    files: list[tuple[str, Fetched]] = []
    if where.is_local:
        for name in sorted(where.listdir(folder) or []):
            if name.endswith(".yaml"):
                got = where.read(f"{folder}/{name}")
                team = canonical(ctx, _team_of(got.text)) if got is not None else ""
                if got is not None and team in teams:
                    files.append((team, got))
    else:
        names = sorted({(d, key) for key in teams for d in _deliverables(ctx, key)})
        fetched = ctx.map(lambda d: where.read(f"{folder}/{d[0]}.yaml", expire_after=expire, missing_ok=True), names)
        files = [(key, f) for (_, key), f in zip(names, fetched, strict=True) if f is not None]
    return files


def load_deliverable(fetched: Fetched) -> dict[str, Any]:
    data: Any = load_yaml(fetched.text, f"releases: {fetched.path}")
    return data if isinstance(data, dict) else {}


def is_prerelease(version: str) -> bool:
    return bool(re.search(r"(?:rc|b|a)\d+$", version))


def build_deliverable(
    name: str, data: dict[str, Any], source: m.Source | None, dates: dict[str, dt.date] | None = None
) -> m.Deliverable:
    """One deliverable file → what it released (pure). Lifecycle tags are kept apart; `dates`
    (version → day, from the git history) are kept for the versions the file still lists."""
    versions: list[str] = []
    lifecycle: list[str] = []
    for release in data.get("releases") or []:
        version = str(release.get("version", "")).strip() if isinstance(release, dict) else ""
        if not version:
            continue
        (lifecycle if is_lifecycle(version) else versions).append(version)
    branch, location = "", ""
    for b in data.get("branches") or []:
        if isinstance(b, dict) and str(b.get("name", "")).startswith("stable/"):
            branch, location = str(b["name"]), str(b.get("location", ""))
            break
    # The cycle's release: the first full release from the stable branch's point on (the branch
    # may be cut at a release candidate); with no branch, the cycle's last full release.
    final = ""
    if location in versions:
        final = next((v for v in versions[versions.index(location) :] if not is_prerelease(v)), "")
    if not final:
        final = next((v for v in reversed(versions) if not is_prerelease(v)), "")
    return m.Deliverable(
        id=name,
        type=str(data.get("type", "")),
        model=str(data.get("release-model", "")),
        versions=versions,
        final=final,
        branch=branch,
        lifecycle=lifecycle,
        dates={v: day for v in versions if dates and (day := dates.get(v)) is not None},
        source=source,
    )


def build_released(files: list[tuple[dict[str, Any], Fetched]], dates: Dates | None = None) -> list[m.Deliverable]:
    """The team's deliverables of one series, the service first, then by name."""
    out = []
    for data, fetched in files:
        name = fetched.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        out.append(build_deliverable(name, data, fetched.source, (dates or {}).get(fetched.path)))
    return sorted(out, key=lambda d: (d.type != "service", d.id))


def _deliverables(ctx: Context, key: str) -> list[str]:
    team = ctx.team(key)
    return list(team.deliverables) if team and team.deliverables else [key]


def _team_of(text: str) -> str:
    found = _TEAM.search(text)
    return team_key(found.group(1)) if found else ""


def build_highlights(fetched: Fetched, data: dict[str, Any] | None = None) -> Highlights | None:
    """Parse one deliverable file (always as YAML: key order varies, never slice lines)."""
    if data is None:
        data = load_deliverable(fetched)
    if not data or "cycle-highlights" not in data:
        return None
    items = data.get("cycle-highlights") or []
    if not isinstance(items, list):
        items = [items]
    deliverable = fetched.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    texts = tuple(str(i) for i in items if isinstance(i, str | int | float) and str(i).strip())
    if not texts:
        return None
    return Highlights(deliverable, str(data.get("team", "")), texts, fetched.source)


def build_features(highlights: list[Highlights]) -> list[m.Feature]:
    """Highlights → features; ids are `hl-<deliverable>-<first words>`, stable under reordering."""
    ordered = sorted(highlights, key=lambda h: (h.deliverable != team_key(h.team), h.deliverable))
    rows: list[tuple[str, str, str, m.Source]] = []
    for group in ordered:
        for text in group.items:
            markdown = rst.to_markdown(text)
            title, _, description = markdown.partition("\n\n")
            base = f"hl-{group.deliverable}-{title_words(rst.plain(text))}"
            rows.append((base, title, description, group.source))
    ids = unique_ids(base for base, *_ in rows)
    return [
        m.Feature(id=i, title=title, description=description, source=source)
        for i, (_, title, description, source) in zip(ids, rows, strict=True)
    ]
