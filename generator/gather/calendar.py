"""The series calendar: `data/series_status.yaml` and each series' schedule (pure functions).

Traps handled here: PyYAML reads `release-id: 2024.1` as a float and `slurp: yes` as True
(YAML 1.1), so the loader keeps floats and yes/no as strings; Mitaka and Newton have no
`schedule.yaml`, only an RST grid table whose weeks read "Apr 04-08" with no year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..data import model as m
from ..errors import UserError
from . import rst

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextLoader(_Base):  # type: ignore[misc]
    """Safe loader (libyaml when available) that keeps floats and yes/no/on/off as strings."""


TextLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TextLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str, where: str = "") -> Any:
    """Parse source YAML with the string-keeping loader (no Python tags, ever).

    A file that does not parse is a `UserError` naming `where` (when given), not a traceback.
    """
    try:
        return yaml.load(text, Loader=TextLoader)
    except yaml.YAMLError as exc:
        if not where:
            raise
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise UserError(f"{where}{at}: cannot read this source file: {problem}") from None


STATUSES = {"future", "development", "maintained", "extended maintenance", "unmaintained", "end of life"}


@dataclass(frozen=True)
class Series:
    name: str
    release_id: str = ""
    status: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def matches(self, word: str) -> bool:
        return word.lower() in (self.name, self.release_id)

    @property
    def folder_id(self) -> str:
        """How repositories that switched to release ids name this series (`2024.1`, else `caracal`)."""
        return self.release_id or self.name


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def build_series(data: Any) -> list[Series]:
    """series_status.yaml → Series oldest first; a cycle starts the day after the previous release."""
    rows = [r for r in (data or []) if isinstance(r, dict) and r.get("name")]
    rows.sort(key=lambda r: _date(r.get("initial-release")) or dt.date.max)
    out: list[Series] = []
    previous_end: dt.date | None = None
    for row in rows:
        end = _date(row.get("initial-release"))
        release_id = row.get("release-id")
        status = str(row.get("status", ""))
        out.append(
            Series(
                name=str(row["name"]).lower(),
                release_id=f"{release_id:.1f}" if isinstance(release_id, float) else str(release_id or ""),
                status=status if status in STATUSES else "",
                start=previous_end + dt.timedelta(days=1) if previous_end else None,
                end=end,
            )
        )
        previous_end = end or previous_end
    return out


# --- schedules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    key: str
    start: dt.date
    end: dt.date


def build_events_yaml(data: Any) -> list[Event]:
    """schedule.yaml `cycle[]` weeks → one Event per (week, event key)."""
    events: list[Event] = []
    for week in (data or {}).get("cycle", []) or []:
        start, end = _date(week.get("start")), _date(week.get("end"))
        if start is None or end is None:
            continue
        for group in ("x-project", "project-specific"):
            events.extend(Event(str(key), start, end) for key in week.get(group) or [])
    return events


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_WEEK = re.compile(r"^\|\s*([A-Z][a-z]{2})\s+(\d{1,2})\s*-\s*(\d{1,2})\s*\|")
_REF = re.compile(r":ref:`([^`<]+)`")


def build_events_grid(text: str, around: dt.date) -> list[Event]:
    """The Mitaka/Newton grid table; the year is inferred from `around` (the previous release)."""
    events: list[Event] = []
    start: dt.date | None = None
    end: dt.date | None = None
    year: int | None = None
    last_month = 0
    for line in text.splitlines():
        week = _WEEK.match(line)
        if week:
            month, first, last = _MONTHS.get(week.group(1).lower(), 0), int(week.group(2)), int(week.group(3))
            if not month:
                continue
            if year is None:
                years = (around.year - 1, around.year, around.year + 1)
                candidates = [dt.date(y, month, min(first, 28)) for y in years]
                year = min(candidates, key=lambda d: abs((d - around).days)).year
            elif month < last_month:
                year += 1
            last_month = month
            start = _safe_date(year, month, first)
            end_month, end_year = (month, year) if last >= first else (month % 12 + 1, year + (month == 12))
            end = _safe_date(end_year, end_month, last)
        if start is None or end is None or not line.startswith("|"):
            continue
        events.extend(Event(key.strip(), start, end) for key in _REF.findall(line))
    return events


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_FIRST = re.compile(_MONTH + r"\s+" + _DAY + r"(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_DAY_FIRST = re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?(?:\s+(\d{4}))?\b", re.IGNORECASE)


def dates_in(text: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """Dates written in prose ("15 November 2023", "May 31", "April 3, 2024") inside [start, end]."""
    found: list[tuple[int, dt.date]] = []
    for rx, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        for hit in rx.finditer(text):
            month = _MONTHS[hit.group(month_group).lower()]
            day = int(hit.group(day_group))
            years = [int(hit.group(3))] if hit.group(3) else sorted({start.year, end.year})
            for year in years:
                when = _safe_date(year, month, day)
                if when and start <= when <= end:
                    found.append((hit.start(), when))
    return [d for _, d in sorted(found)]


def kind_of(key: str) -> m.MilestoneKind:
    """Milestone kind from a schedule key such as `c-2`, `c-ff`, `c-nova-review-day`, `q-soft-sf`."""
    rest = key.split("-", 1)[1] if "-" in key else key
    if re.fullmatch(r"\d", rest):
        return "milestone"
    if "review-day" in rest:
        return "review-day"
    if re.search(r"spec-(?:p|prop|proposal-)?(?:freeze|frz)\b|spec-prop$", rest):
        return "spec-freeze"
    if rest == "ff" or rest.endswith(("-ff", "-ffreeze")) or "feature-freeze" in rest:
        return "feature-freeze"
    # membership, requirements, soft and hard string, feature-proposal freezes
    if rest in ("mf", "rf", "sf") or rest.endswith(("-sf", "fpfreeze", "fp-freeze")) or "freeze" in rest:
        return "freeze"
    if rest in ("rc1", "rc2", "finalrc") or rest.startswith("rc") or rest.endswith("-rc"):
        return "rc"
    if rest in ("final", "release") or rest.endswith("-release") or re.match(r"final-[\w-]*lib", rest):
        return "release"  # the cycle's release, a trailing one, the libraries' final releases
    if any(word in rest for word in ("election", "nomination", "campaign", "extra-atc", "extra-ac", "email-deadline")):
        return "election"
    if "ptg" in rest:
        return "ptg"
    if "summit" in rest or "forum" in rest:
        return "summit"
    return "other"


# Abbreviations a schedule writes in lower case ("extra-atcs deadline"), said in capitals.
_ABBREVIATIONS = {"atc", "ac", "ptl", "tc", "ptg"}  # and rc, rc1, rc2, …
# A schedule word run into the one before it ("Soft StringFreeze").
_JOINED = re.compile(r"(?<=[a-z])(?=(?:Freeze|Deadline|Release|Milestone|Day)\b)")


def tidy_title(title: str) -> str:
    """A schedule section's title as a heading of ours reads: the release team's spelling varies
    from cycle to cycle ("newton-1 milestone", "Soft StringFreeze", "Trove Guest Requirements
    Freeze:", "extra-atcs deadline"). Spaces collapsed, trailing punctuation dropped, a word run
    into the one before split off, abbreviations in capitals (a plural keeps its "s"), and the
    first letter a capital; the words are otherwise the schedule's."""

    def abbreviation(match: re.Match[str]) -> str:
        word = match.group()
        if word in _ABBREVIATIONS or re.fullmatch(r"rc\d*", word):
            return word.upper()
        if word.endswith("s") and word[:-1] in _ABBREVIATIONS:
            return word[:-1].upper() + "s"
        return word

    text = _JOINED.sub(" ", " ".join(title.split()).rstrip(":;,. "))
    text = re.sub(r"\b[a-z0-9]+\b", abbreviation, text)
    return text[:1].upper() + text[1:]


def build_milestones(series: Series, previous: Series | None, events: list[Event], rst_text: str) -> list[m.Milestone]:
    """Events → milestones titled from `schedule.rst`, dated exactly when its prose says the day.

    Without a stated day the milestone spans its week (`date` to `end`). Events of the previous
    series that sit in the first week (its final release) are left to that series.
    """
    sections = rst.labelled_sections(rst_text)
    skip = f"{previous.name[0]}-" if previous and previous.name[0] != series.name[0] else None
    seen: dict[str, int] = {}
    out = []
    for event in sorted(events, key=lambda e: (e.start, e.key)):
        if skip and event.key.startswith(skip):
            continue
        seen[event.key] = seen.get(event.key, 0) + 1
        name = event.key if seen[event.key] == 1 else f"{event.key}-{seen[event.key]}"
        section = sections.get(event.key)
        days = dates_in(section.body, event.start, event.end) if section else []
        date, end = (days[0], (days[-1] if days[-1] != days[0] else None)) if days else (event.start, event.end)
        out.append(
            m.Milestone(
                name=name,
                date=date,
                kind=kind_of(event.key),
                title=tidy_title(section.title) if section else "",
                end=end,
            )
        )
    return sorted(out, key=lambda ms: (ms.date, ms.name))


def build_cycle(series: Series, milestones: list[m.Milestone], source: m.Source | None) -> m.Cycle:
    status: Any = series.status or "end of life"
    return m.Cycle(
        name=series.name,
        release_id=series.release_id,
        start=series.start,
        end=series.end,
        status=status,
        milestones=milestones,
        source=source,
    )
