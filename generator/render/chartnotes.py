"""Charts and tables that state their numbers and chart only what was recorded.

A history chart of twenty-four cycles in which two have a core-team figure is a column of
dashes: each history chart and table draws the cycles that have its figures (the page says once
which do not), leaves out a panel or column that no cycle has, and every chart's description
(its SVG `<desc>`) reads its numbers out for a screen reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from . import charts
from .text import escape_inline, format_number

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


def runs(missing: Sequence[Any], rows: Sequence[Any]) -> list[str]:
    """The `missing` rows' labels, consecutive ones (in `rows`' order) joined into one "A to B"
    when three or more follow each other: "Icehouse to Liberty", "Stein", "Victoria to Zed"."""
    gone = {id(r) for r in missing}
    out: list[str] = []
    run: list[Any] = []
    for row in [*rows, None]:
        if row is not None and id(row) in gone:
            run.append(row)
            continue
        if len(run) >= 3:
            out.append(f"{run[0].label} to {run[-1].label}")
        else:
            out.extend(r.label for r in run)
        run = []
    return out


def stated(rows: Sequence[charts.Row], series: Sequence[tuple[str, str]]) -> str:
    """Each series' numbers, cycle by cycle ("Features: Mitaka 10, Newton 7."); unrecorded ones left out."""
    parts = []
    for key, label in series:
        values = [f"{r.label} {r.values[key]}" for r in rows if r.values.get(key) is not None]
        parts.append(f"{label}: {', '.join(values)}." if values else f"{label}: none recorded.")
    return " ".join(parts)


def figure_chart(
    chart_id: str,
    title: str,
    cells: Sequence[charts.Row],
    panels: Sequence[charts.Panel],
    described: Sequence[tuple[str, str]],
    what: str,
) -> str:
    """Panels over the cycles that have one of their series recorded; "" when none has.

    A panel none of those cycles has is left out; the description reads the numbers out and names
    the cycles left out once ("No review days recorded for 3 cycles: …")."""
    keys = [s.key for p in panels for s in p.series]
    shown = recorded(cells, *keys)
    kept = [p for p in panels if recorded(shown, *(s.key for s in p.series))]
    if not kept:
        return ""
    description = stated(shown, [(k, label) for k, label in described if recorded(shown, k)])
    missing = [r.label for r in unrecorded(cells, *keys)]
    if missing:
        description += f" No {what} recorded for {len(missing)} cycle{'' if len(missing) == 1 else 's'}: "
        description += f"{', '.join(missing)}."
    return charts.render_panels(chart_id, title, description, shown, kept)


def figure_table(rows: Sequence[Any], columns: Sequence[tuple[str, str]], first: str = "Cycle") -> str:
    """A Markdown table of history figures: the cycle, then each (header, attribute) of `columns`
    that some row has; a row with none of them is left out, so no row or column is all dashes."""
    kept = [(head, name) for head, name in columns if recorded(rows, name)]
    shown = recorded(rows, *(name for _, name in kept))
    if not kept or not shown:
        return ""

    def cell(value: int | dt.date | None) -> str:
        if isinstance(value, dt.date):
            return f"{value.day} {value:%B %Y}"
        return "—" if value is None else format_number(value)

    lines = [f"| {first} | " + " | ".join(head for head, _ in kept) + " |", "|---|" + "---:|" * len(kept)]
    lines += [f"| {escape_inline(r.label)} | " + " | ".join(cell(getattr(r, n)) for _, n in kept) + " |" for r in shown]
    return "\n".join(lines) + "\n"


def core_chart(project_label: str, key: str, cells: Sequence[charts.Row], span: str) -> str:
    """The core team across cycles, only the cycles whose figures were recorded."""
    return figure_chart(
        f"{key}-core-chart",
        f"{project_label} core team, {span}",
        cells,
        [
            charts.Panel("Members at the end", (charts.Series("core_end", "Members", "primary"),)),
            charts.Panel(
                "Joined / left",
                (charts.Series("joined", "Joined", "joined"), charts.Series("left", "Left", "left")),
                "diverging",
            ),
        ],
        (("core_end", "Members at the end"), ("joined", "Joined"), ("left", "Left")),
        "core-team figures",
    )
