"""What the project folder already holds that a gather reads: its calendar and its projects.

A source that needs the calendar must not need the releases repository when the project has
one (`data/cycles.gathered.yaml`, with `data/cycles.yaml` over it); the project list adds the
repositories and groups a team's files name. Both are read leniently: a file that does not load
is left out here, and `check` reports it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..data import model as m
from ..data.reader import load_document
from ..data.yamlio import YamlError, read_yaml


def local_calendar(root: Path) -> list[m.Cycle]:
    """The project's calendar (data/cycles.gathered.yaml under data/cycles.yaml), oldest first;
    a file that does not load is left out (`check` reports it)."""
    merged: dict[str, m.Cycle] = {}
    for name in ("cycles.gathered.yaml", "cycles.yaml"):
        path = root / "data" / name
        if not path.is_file():
            continue
        found, problems = load_document(path, m.CyclesFile, root)
        if found is None or problems:
            continue
        for cycle in found.cycles:
            base = merged.get(cycle.name)
            merged[cycle.name] = _overlay_cycle(base, cycle) if base else cycle
    dated = [c for c in merged.values() if c.start or c.end]
    return sorted(dated, key=lambda c: c.end or c.start or dt.date.max)


def _overlay_cycle(base: m.Cycle, top: m.Cycle) -> m.Cycle:
    """The hand-written entry's dates and milestones over the gathered one's."""
    return dataclasses.replace(
        base,
        title=top.title or base.title,
        release_id=top.release_id or base.release_id,
        start=top.start or base.start,
        end=top.end or base.end,
        milestones=top.milestones or base.milestones,
    )


def lenient_projects(path: Path) -> list[m.Project]:
    """Project entries of a data file, skipping what does not read (`check` reports those)."""
    if not path.is_file():
        return []
    try:
        data = read_yaml(path, path.name).data
    except YamlError:
        return []
    rows = data.get("projects", []) if isinstance(data, dict) else []
    out = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("key"), str):
            continue
        text = {
            k: row[k]
            for k in ("title", "core_group", "launchpad", "election_dir", "specs_repo")
            if isinstance(row.get(k), str)
        }
        repos = [r for r in row.get("repos", []) if isinstance(r, str)] if isinstance(row.get("repos"), list) else []
        out.append(m.Project(key=row["key"], repos=repos, **text))
    return out


def overlay(base: m.Project, top: m.Project) -> m.Project:
    """`top`'s non-empty fields over `base`."""
    changes = {
        f.name: getattr(top, f.name) for f in dataclasses.fields(top) if getattr(top, f.name) not in ("", [], None)
    }
    return dataclasses.replace(base, **changes)
