"""Charts and tables that state their numbers and chart only what was recorded.

A history chart of twenty-four cycles in which two have a core-team figure is a column of
dashes: the core-team chart draws the cycles that have the figure and says once which do not,
and every chart's description (its SVG `<desc>`) reads its numbers out for a screen reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import charts

CORE = ("core_start", "core_end", "joined", "left")


def _has(row: Any, fields: Sequence[str]) -> bool:
    values = row.values if isinstance(row, charts.Row) else {f: getattr(row, f) for f in fields}
    return any(values.get(f) is not None for f in fields)


def recorded(rows: Sequence[Any], *fields: str) -> list[Any]:
    """The rows (history figures or chart rows) with at least one of `fields` recorded."""
    return [r for r in rows if _has(r, fields)]


def unrecorded(rows: Sequence[Any], *fields: str) -> list[Any]:
    """The rows with none of `fields` recorded."""
    return [r for r in rows if not _has(r, fields)]


def stated(rows: Sequence[charts.Row], series: Sequence[tuple[str, str]]) -> str:
    """Each series' numbers, cycle by cycle ("Features: Mitaka 10, Newton 7."); unrecorded ones left out."""
    parts = []
    for key, label in series:
        values = [f"{r.label} {r.values[key]}" for r in rows if r.values.get(key) is not None]
        parts.append(f"{label}: {', '.join(values)}." if values else f"{label}: none recorded.")
    return " ".join(parts)


def core_chart(project_label: str, key: str, cells: Sequence[charts.Row], span: str) -> str:
    """The core team across cycles, only the cycles whose figures were recorded."""
    shown = recorded(cells, *CORE)
    missing = [r.label for r in unrecorded(cells, *CORE)]
    description = stated(shown, (("core_end", "Members at the end"), ("joined", "Joined"), ("left", "Left")))
    if missing:
        description += f" No core-team figures recorded for {len(missing)} cycles: {', '.join(missing)}."
    return charts.render_panels(
        f"{key}-core-chart",
        f"{project_label} core team, {span}",
        description,
        shown,
        [
            charts.Panel("Members at the end", (charts.Series("core_end", "Members", "primary"),)),
            charts.Panel(
                "Joined / left",
                (charts.Series("joined", "Joined", "joined"), charts.Series("left", "Left", "left")),
                "diverging",
            ),
        ],
    )
