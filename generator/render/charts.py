"""Static SVG charts drawn at build time: plain SVG from Python, no JavaScript, no dependency.

Every chart has a viewBox and no fixed size, so it scales to its container (a phone screen
included); `cycle-reports.css` maps its classes to Material's palette (dark mode included) and
the fill attributes are the fallback. Each drawn value carries `data-row`, `data-series` and
`data-value`, so a test can check a chart against the table printed under it. All text,
including names from public sources, is XML-escaped here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from .feeds import NOT_XML

FONT = 12
ROW = 20
BAR = 12
WIDTH = 440
LABEL = 120
GAP = 14
TIMELINE_WIDTH = 480


@dataclass(frozen=True)
class Series:
    """One measured quantity: its key in `Row.values`, its legend and its colour class."""

    key: str
    label: str
    color: str


@dataclass(frozen=True)
class Panel:
    """A column of bars sharing the chart's row labels; `diverging` draws the second series leftwards."""

    title: str
    series: tuple[Series, ...]
    kind: Literal["bars", "diverging"] = "bars"


@dataclass(frozen=True)
class Row:
    """One row of a chart (a cycle): its id, its label and a value per series (None: not recorded)."""

    key: str
    label: str
    values: Mapping[str, int | None]


@dataclass(frozen=True)
class Band:
    """A run of consecutive rows sharing one text, e.g. one PTL's cycles in the succession chart."""

    first: int
    last: int
    text: str


def _e(value: object) -> str:
    return escape(NOT_XML.sub("", str(value)), quote=True)


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str], width: int = WIDTH) -> str:
    """The outer element: accessible name and description, scalable, one line per element."""
    head = (
        f'<svg class="cr-chart" id="{_e(chart_id)}" viewBox="0 0 {width} {height:.0f}" width="100%" '
        f'role="img" aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif" xmlns="http://www.w3.org/2000/svg">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
            f'<desc id="{_e(chart_id)}-desc">{_e(description)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _text(x: float, y: float, text: str, cls: str = "cr-chart-text", anchor: str = "start") -> str:
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="#333">{_e(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, cls: str, color: str, extra: str = "") -> str:
    return (
        f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" '
        f'rx="2" fill="{color}"{extra}/>'
    )


def _number(value: int | None, sign: str = "") -> str:
    return "–" if value is None else f"{sign}{value:,}" if value else "0"


def _legend(x: float, y: float, series: Sequence[Series], right: float = WIDTH) -> tuple[list[str], int]:
    """Colour keys from (x, y), wrapping onto a new line before `right`; also returns the line count."""
    out: list[str] = []
    start, lines = x, 1
    for s in series:
        room = 18 + len(s.label) * FONT * 0.52
        if x > start and x + room - 6 > right:
            x, y, lines = start, y + ROW - 4, lines + 1
        out.append(_rect(x, y - 8, 8, 8, f"cr-fill-{s.color}", PALETTE[s.color]))
        out.append(_text(x + 11, y, s.label, "cr-chart-muted"))
        x += room
    return out, lines


PALETTE = {
    "primary": "#3f51b5",
    "done": "#2e7d32",
    "partial": "#f9a825",
    "missed": "#c62828",
    "joined": "#2e7d32",
    "left": "#c62828",
    "muted": "#9e9e9e",
    "accent": "#ff6e40",
    "band-0": "#c5cae9",
    "band-1": "#ffe0b2",
}


def _bars(panel: Panel, rows: Sequence[Row], x0: float, width: float, top: float) -> list[str]:
    """A panel of (stacked) horizontal bars, each row labelled with its value(s)."""
    out: list[str] = []
    labels_w = 16 + 22 * len(panel.series)
    totals = [sum(r.values.get(s.key) or 0 for s in panel.series) for r in rows]
    scale = (width - labels_w) / max([*totals, 1])
    for i, row in enumerate(rows):
        y = top + i * ROW + (ROW - BAR) / 2
        x = x0
        for s in panel.series:
            value = row.values.get(s.key)
            w = (value or 0) * scale
            data = f' data-row="{_e(row.key)}" data-series="{_e(s.key)}" data-value="{"" if value is None else value}"'
            out.append(_rect(x, y, w, BAR, f"cr-fill-{s.color}", PALETTE[s.color], data))
            x += w
        values = [row.values.get(s.key) for s in panel.series]
        label = "–" if all(v is None for v in values) else " · ".join(_number(v) for v in values)
        out.append(_text(x + 4, y + BAR - 2, label, "cr-chart-muted"))
    return out


def _diverging(panel: Panel, rows: Sequence[Row], x0: float, width: float, top: float) -> list[str]:
    """Two series from a shared axis: the first to the right (+), the second to the left (−)."""
    right, left = panel.series[0], panel.series[1]
    pad = 24
    mid = x0 + width / 2
    peak = max([1, *(abs(r.values.get(s.key) or 0) for r in rows for s in panel.series)])
    scale = (width / 2 - pad) / peak
    out = [
        f'<line class="cr-chart-axis" x1="{mid:.1f}" y1="{top:.1f}" x2="{mid:.1f}" '
        f'y2="{top + len(rows) * ROW:.1f}" stroke="#999"/>'
    ]
    for i, row in enumerate(rows):
        y = top + i * ROW + (ROW - BAR) / 2
        for s, direction in ((right, 1), (left, -1)):
            value = row.values.get(s.key)
            w = (value or 0) * scale
            x = mid if direction > 0 else mid - w
            data = f' data-row="{_e(row.key)}" data-series="{_e(s.key)}" data-value="{"" if value is None else value}"'
            out.append(_rect(x, y, w, BAR, f"cr-fill-{s.color}", PALETTE[s.color], data))
            sign = "+" if direction > 0 else "−"
            if direction > 0:
                out.append(_text(mid + w + 3, y + BAR - 2, _number(value, sign), "cr-chart-muted"))
            else:
                out.append(_text(mid - w - 3, y + BAR - 2, _number(value, sign), "cr-chart-muted", "end"))
    return out


def _rows_frame(rows: Sequence[Row], top: float, width: int = WIDTH) -> list[str]:
    """Zebra stripes and the row labels down the left side."""
    out = []
    for i, row in enumerate(rows):
        y = top + i * ROW
        if i % 2:
            out.append(
                f'<rect class="cr-chart-stripe" x="0" y="{y:.1f}" width="{width}" height="{ROW}" '
                f'fill="#000" fill-opacity="0.04"/>'
            )
        out.append(_text(LABEL - 8, y + ROW / 2 + FONT / 2 - 1, row.label, "cr-chart-text", "end"))
    return out


def render_panels(chart_id: str, title: str, description: str, rows: Sequence[Row], panels: Sequence[Panel]) -> str:
    """Rows (cycles) down, one or more panels of bars across, sharing the row labels."""
    legend = any(len(p.series) > 1 for p in panels)
    top = 34.0 if legend else 22.0
    width = (WIDTH - LABEL - GAP * (len(panels) - 1)) / len(panels)
    body = _rows_frame(rows, top)
    for n, panel in enumerate(panels):
        x0 = LABEL + n * (width + GAP)
        body.append(_text(x0, 12, panel.title, "cr-chart-heading"))
        if len(panel.series) > 1:
            body.extend(_legend(x0, 27, panel.series, x0 + width + GAP)[0])
        draw = _diverging if panel.kind == "diverging" else _bars
        body.extend(draw(panel, rows, x0, width, top))
    return _svg(chart_id, title, description, top + len(rows) * ROW + 4, body)


def bands(labels: Sequence[str]) -> list[Band]:
    """Consecutive equal, non-empty labels grouped: the PTL succession as runs of cycles."""
    out: list[Band] = []
    for i, text in enumerate(labels):
        if out and out[-1].text == text and out[-1].last == i - 1 and text:
            out[-1] = Band(out[-1].first, i, text)
        elif text:
            out.append(Band(i, i, text))
    return out


def render_succession(chart_id: str, title: str, description: str, rows: Sequence[Row], runs: Sequence[Band]) -> str:
    """One band per run of cycles led by the same person, with the name and the number of cycles."""
    top = 22.0
    body = _rows_frame(rows, top)
    body.append(_text(LABEL, 12, "Project team lead (PTL)", "cr-chart-heading"))
    for n, run in enumerate(runs):
        y = top + run.first * ROW + 1
        h = (run.last - run.first + 1) * ROW - 2
        color = f"band-{n % 2}"
        count = run.last - run.first + 1
        data = (
            f' data-row="{_e(rows[run.first].key)}" data-series="ptl" data-value="{_e(run.text)}" data-cycles="{count}"'
        )
        body.append(_rect(LABEL, y, WIDTH - LABEL - 2, h, f"cr-fill-{color}", PALETTE[color], data))
        suffix = f" ({count} cycles)" if count > 1 else ""
        body.append(_text(LABEL + 8, y + h / 2 + FONT / 2 - 1, run.text + suffix, "cr-chart-band"))
    return _svg(chart_id, title, description, top + len(rows) * ROW + 4, body)


# --- the cycle timeline ----------------------------------------------------------------------------

KINDS = {
    "summit": "accent",
    "ptg": "accent",
    "milestone": "primary",
    "spec-freeze": "partial",
    "feature-freeze": "partial",
    "freeze": "partial",
    "rc": "done",
    "release": "done",
    "review-day": "primary",
    "election": "muted",
    "other": "muted",
}


# The legend: one entry per colour the kinds above share.
GROUPS = {
    "primary": "Milestone or review day",
    "partial": "Freeze",
    "done": "RC or release",
    "accent": "Summit or PTG",
    "muted": "Election or other",
}


@dataclass(frozen=True)
class Mark:
    """A dated event on the timeline (a window when `end` is set)."""

    label: str
    kind: str
    start: dt.date
    end: dt.date | None = None


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _fit(text: str, room: float) -> str:
    chars = max(4, int(room / (FONT * 0.56)))
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def render_timeline(
    chart_id: str, title: str, start: dt.date | None, end: dt.date | None, marks: Sequence[Mark]
) -> str:
    """A schedule: one row per event placed on the cycle's calendar, with month ticks."""
    dates = [d for mk in marks for d in (mk.start, mk.end) if d]
    first = min([d for d in (start, *dates) if d])
    last = max([d for d in (end, *dates) if d])
    span = max((last - first).days, 1)
    width = TIMELINE_WIDTH
    left, right, top = 10.0, width - 10.0, 30.0

    def x(day: dt.date) -> float:
        return left + (day - first).days / span * (right - left)

    body = []
    height = top + len(marks) * ROW + 6
    present = [color for color in GROUPS if any(KINDS.get(mk.kind, "muted") == color for mk in marks)]
    legend, lines = _legend(left, height + 12, [Series(c, GROUPS[c], c) for c in present], right)
    body.extend(legend)
    for month in _months(first, last):
        label = f"{month:%b}" if month.month != 1 and month != _months(first, last)[0] else f"{month:%b %Y}"
        body.append(
            f'<line class="cr-chart-grid" x1="{x(month):.1f}" y1="18" x2="{x(month):.1f}" '
            f'y2="{height - 4:.1f}" stroke="#ccc" stroke-dasharray="2 3"/>'
        )
        body.append(_text(x(month) + 2, 12, label, "cr-chart-muted"))
    for i, mk in enumerate(marks):
        y = top + i * ROW
        if i % 2:
            body.append(
                f'<rect class="cr-chart-stripe" x="0" y="{y:.1f}" width="{width}" height="{ROW}" '
                f'fill="#000" fill-opacity="0.04"/>'
            )
        color = KINDS.get(mk.kind, "muted")
        x1 = x(mk.start)
        x2 = max(x(mk.end) if mk.end else x1, x1)
        data = (
            f' data-row="{i}" data-series="{_e(mk.kind)}" data-value="{mk.start.isoformat()}"'
            f' data-end="{mk.end.isoformat() if mk.end else ""}"'
        )
        body.append(_rect(x1 - 4, y + (ROW - BAR) / 2, x2 - x1 + 8, BAR, f"cr-fill-{color}", PALETTE[color], data))
        if x1 < (left + right) / 2:
            body.append(_text(x2 + 8, y + ROW / 2 + FONT / 2 - 1, _fit(mk.label, right - x2 - 8), "cr-chart-text"))
        else:
            body.append(
                _text(x1 - 8, y + ROW / 2 + FONT / 2 - 1, _fit(mk.label, x1 - 8 - left), "cr-chart-text", "end")
            )
    description = (
        f"{len(marks)} dated events between {first.isoformat()} and {last.isoformat()}; "
        "the same dates are in the table below."
    )
    return _svg(chart_id, title, description, height + 6 + lines * (ROW - 4), body, width)
