"""The loaded cycle data as JSON or CSV, for people who want to analyse it elsewhere.

JSON is one document with the calendar, the teams and every project-cycle entry (the gathered
and authored data merged, exactly as the site shows it, plus its headline figures). CSV has one
row per project and cycle with those headline figures only.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..data import model as m
from ..data.validate import adapter
from ..errors import UserError, did_you_mean
from ..render.figures import figures

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Headline:
    """One project's headline figures for one cycle: a CSV row, and `figures` in the JSON."""

    cycle: str
    project: str
    ptl: str
    features: int | None
    core_start: int | None
    core_end: int | None
    core_joined: int | None
    core_left: int | None
    priorities_done: int | None
    priorities_partial: int | None
    priorities_missed: int | None
    priorities_dropped: int | None
    review_days: int | None
    reviews: int | None
    merged: int | None
    deliverables: int | None
    releases: int | None
    released_on: str  # the day the main deliverable made the cycle's release (ISO), "" if not known


COLUMNS = tuple(f.name for f in fields(Headline))


def headline(entry: m.ProjectCycleEntry) -> Headline:
    """The export's columns, from the one derivation of the figures that the pages use."""
    found = figures(entry)
    return Headline(
        cycle=entry.cycle,
        project=entry.project,
        ptl=found.ptl,
        features=found.features,
        core_start=found.core_start,
        core_end=found.core_end,
        core_joined=found.joined,
        core_left=found.left,
        priorities_done=found.done,
        priorities_partial=found.partial,
        priorities_missed=found.missed,
        priorities_dropped=found.dropped,
        review_days=found.review_days,
        reviews=found.reviews,
        merged=found.merged,
        deliverables=found.deliverables,
        releases=found.releases,
        released_on=found.released_on.isoformat() if found.released_on else "",
    )


def select(site: m.Site, cycle: str | None = None, project: str | None = None) -> list[m.ProjectCycleEntry]:
    """The entries to export, in calendar order; an unknown cycle or project is an error."""
    cycles = [c.name for c in site.cycles]
    projects = [p.key for p in site.projects]
    if cycle and cycle not in cycles:
        raise UserError(f"unknown cycle '{cycle}'. {did_you_mean(cycle, cycles)}".strip())
    if project and project not in projects:
        raise UserError(f"unknown project '{project}'. {did_you_mean(project, projects)}".strip())
    order = {name: i for i, name in enumerate(cycles)}
    chosen = [e for e in site.entries if (not cycle or e.cycle == cycle) and (not project or e.project == project)]
    return sorted(chosen, key=lambda e: (order.get(e.cycle, len(order)), e.project))


def _plain(value: Any) -> Any:
    kind: Any = type(value)
    return adapter(kind).dump_python(value, mode="json")


def build_json(site: m.Site, entries: list[m.ProjectCycleEntry]) -> dict[str, Any]:
    cycle_names = {e.cycle for e in entries}
    project_keys = {e.project for e in entries}
    return {
        "format": "cycle-reports export",
        "version": FORMAT_VERSION,
        "cycles": [_plain(c) for c in site.cycles if c.name in cycle_names],
        "projects": [_plain(p) for p in site.projects if p.key in project_keys],
        "entries": [
            {
                "cycle": e.cycle,
                "project": e.project,
                "figures": asdict(headline(e)),
                "data": _plain(e.data),
                "reports": [r for r in (e.retrospective.path if e.retrospective else None,) if r]
                + [r.path for _, r in e.midcycles if r],
            }
            for e in entries
        ],
    }


def render_json(site: m.Site, entries: list[m.ProjectCycleEntry]) -> str:
    return json.dumps(build_json(site, entries), indent=2, ensure_ascii=False) + "\n"


# A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, a leading tab
# or carriage return, and their fullwidth twins that some spreadsheets fold to ASCII).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cell(value: object) -> object:
    """A value for a CSV cell that a spreadsheet shows as text: text that would start a formula gets
    a leading apostrophe (OWASP's advice), numbers are left as numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.lstrip(" \u00a0\u3000").startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(entries: list[m.ProjectCycleEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        row = asdict(headline(entry))
        writer.writerow([csv_cell(row[c]) for c in COLUMNS])
    return out.getvalue()
