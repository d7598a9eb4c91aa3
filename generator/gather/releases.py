"""openstack/releases: the calendar and each team's `cycle-highlights` as completed features.

Highlights sit on whichever deliverables a team chose (usually the service), so they are
collected across all of a team's deliverables of the series, the way the releases site's
`serieshighlights` directive groups them by `team:`. RST inline links become Markdown links.
From a checkout every `deliverables/<series>/*.yaml` is scanned; over HTTP (no folder listing)
the team's deliverables are the ones governance lists today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..data import model as m
from . import rst
from .calendar import Series, load_yaml
from .names import team_key, title_words, unique_ids
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
        # 2. Highlights of the selected teams, series by series.
        wanted = set(selection.projects)
        found = ctx.map(lambda s: fetch_highlights(ctx, s, wanted), selection.series, label="releases: deliverables")
        # 3. One contribution per project and cycle: features, even when there are none.
        result = SourceResult(self.name, cycles=cycles)
        for series, highlights in zip(selection.series, found, strict=True):
            for project in selection.projects:
                mine = [h for h in highlights if team_key(h.team) == project]
                data = m.ProjectCycle(features=build_features(mine))
                result.contributions.append(Contribution(series.name, project, data, frozenset({"features"})))
        return result


def fetch_highlights(ctx: Context, series: Series, teams: set[str]) -> list[Highlights]:
    """Every deliverable of `series` belonging to one of `teams` that has cycle-highlights."""
    where = ctx.location("releases")
    folder = f"deliverables/{series.name}"
    expire = ctx.expiry(series)
    files: list[Fetched] = []
    if where.is_local:
        for name in where.listdir(folder) or []:
            if name.endswith(".yaml"):
                got = where.read(f"{folder}/{name}")
                if got is not None and "cycle-highlights" in got.text and _team_of(got.text) in teams:
                    files.append(got)
    else:
        names = sorted({d for key in teams for d in _deliverables(ctx, key)})
        fetched = ctx.map(lambda d: where.read(f"{folder}/{d}.yaml", expire_after=expire, missing_ok=True), names)
        files = [f for f in fetched if f is not None and "cycle-highlights" in f.text]
    return [h for f in files if (h := build_highlights(f)) is not None]


def _deliverables(ctx: Context, key: str) -> list[str]:
    team = ctx.team(key)
    return list(team.deliverables) if team and team.deliverables else [key]


def _team_of(text: str) -> str:
    found = _TEAM.search(text)
    return team_key(found.group(1)) if found else ""


def build_highlights(fetched: Fetched) -> Highlights | None:
    """Parse one deliverable file (always as YAML: key order varies, never slice lines)."""
    data: Any = load_yaml(fetched.text, f"releases: {fetched.path}")
    if not isinstance(data, dict):
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
