"""Model → Markdown pages, one set per cycle, through Jinja2 templates overridable from theme/.

`render_cycle` is pure: it returns `{page path: Markdown text}` for one cycle version. Paths are
the same in every version (`projects/glance/retrospective.md`), which is what lets the version
selector stay on a page. Pages that span cycles (project history) show the history *as of* the
version's cycle and are built only from each cycle's headline figures, so editing an old cycle's
prose never touches any other version's pages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from . import model as m
from .prose import fill, strip_private, strip_prompts
from .text import escape_inline, format_money, format_number, safe_url

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its text, and what a feed needs to know about it."""

    path: str
    text: str


@dataclass(frozen=True)
class Figures:
    """A project's headline numbers for one cycle: all the history page reads."""

    cycle: str
    label: str
    ptl: str
    features: int
    core_start: int | None
    core_end: int | None
    joined: int | None
    left: int | None
    done: int
    missed: int
    partial: int
    review_days: int
    reviews: int | None


def figures(entry: m.ProjectCycleEntry, cycle: m.Cycle) -> Figures:
    data = entry.data
    outcomes = [p.outcome for p in data.priorities]
    reviews = [d.reviews for d in data.review_days if d.reviews is not None]
    return Figures(
        cycle=entry.cycle, label=cycle.label, ptl=data.ptl or "",
        features=len(data.features),
        core_start=data.roster.size_start, core_end=data.roster.size_end,
        joined=data.roster.joined_count, left=data.roster.left_count,
        done=outcomes.count("done"), missed=outcomes.count("missed") + outcomes.count("dropped"),
        partial=outcomes.count("partial"), review_days=len(data.review_days),
        reviews=sum(reviews) if reviews else None,
    )


def _date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if style == "short":
        return f"{value:%b} {value.day}"
    return f"{value.day} {value:%B %Y}"


def _num(value: float | None, empty: str = "—") -> str:
    return empty if value is None else format_number(value)


@functools.cache
def environment(theme: Path | None) -> jinja2.Environment:
    """Templates from `theme/` first, then the package's own."""
    search = [str(theme)] if theme and theme.is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(PACKAGE_TEMPLATES)]),
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(t=escape_inline, url=safe_url, date=_date, num=_num, money=format_money)
    return env


class CycleRenderer:
    """Renders every page of one cycle's version."""

    def __init__(self, site: m.Site, cycle: m.Cycle, theme: Path | None = None, private: bool = False) -> None:
        self.site = site
        self.cycle = cycle
        self.env = environment(theme)
        self.private = private
        index = [c.name for c in site.cycles]
        position = index.index(cycle.name)
        self.previous = site.cycles[position - 1] if position > 0 else None
        self.next = site.cycles[position + 1] if position + 1 < len(site.cycles) else None
        self.entries = site.entries_for(cycle.name)

    def template(self, name: str, **values: Any) -> str:
        """Render `name`; a template that sets `meta` gets it as the page's YAML front matter."""
        values.setdefault("cycle", self.cycle)
        values.setdefault("site", self.site)
        module = self.env.get_template(name).make_module(values)
        body = str(module)
        meta = getattr(module, "meta", None)
        if not meta:
            return body
        return front_matter(meta) + body.lstrip("\n")

    # --- data blocks --------------------------------------------------------------------------

    def block(self, entry: m.ProjectCycleEntry, name: str, args: tuple[str, ...] = ()) -> str:
        data = entry.data
        values: dict[str, Any] = {"entry": entry, "data": data, "project": self.site.project(entry.project)}
        if name == "priorities":
            wanted = set(args) or {"done", "partial", "missed", "dropped"}
            values["priorities"] = [p for p in data.priorities if p.outcome in wanted]
        return self.template(f"blocks/{name}.md.j2", **values).strip() + "\n"

    # --- pages ---------------------------------------------------------------------------------

    def prose(self, report: m.Report, entry: m.ProjectCycleEntry | None) -> str:
        text = strip_prompts(strip_private(report.text, keep=self.private))
        if entry is None:
            return text
        return fill(text, lambda name, args: self.block(entry, name, args))

    def has_retrospective(self, entry: m.ProjectCycleEntry) -> bool:
        d = entry.data
        return bool(entry.retrospective or d.priorities or d.handoff or d.review_days or d.summary
                    or not d.roster.is_empty)

    def retrospective(self, entry: m.ProjectCycleEntry) -> str:
        project = self.site.project(entry.project)
        body = self.prose(entry.retrospective, entry) if entry.retrospective else ""
        return self.template("retrospective.md.j2", entry=entry, data=entry.data, project=project, body=body,
                             block=lambda name, *args: self.block(entry, name, args))

    def glance(self, entry: m.ProjectCycleEntry) -> str:
        project = self.site.project(entry.project)
        return self.template("project.md.j2", entry=entry, data=entry.data, project=project,
                             figures=figures(entry, self.cycle), has_retro=self.has_retrospective(entry),
                             previous=self._neighbour(entry.project, -1), next=self._neighbour(entry.project, 1),
                             block=lambda name, *args: self.block(entry, name, args))

    def _neighbour(self, project: str, step: int) -> m.Cycle | None:
        names = [e.cycle for e in self.site.history(project)]
        if self.cycle.name not in names:
            return None
        position = names.index(self.cycle.name) + step
        return self.site.cycle(names[position]) if 0 <= position < len(names) else None

    def midcycle(self, entry: m.ProjectCycleEntry, meeting: m.Midcycle, report: m.Report | None) -> str:
        body = self.prose(report, entry) if report else ""
        return self.template("midcycle.md.j2", entry=entry, meeting=meeting, body=body,
                             project=self.site.project(entry.project))

    def board(self, meeting: m.BoardMeeting, report: m.Report | None) -> str:
        body = self.prose(report, None) if report else ""
        return self.template("board.md.j2", meeting=meeting, body=body)

    def history(self, project: str) -> str:
        rows = []
        for entry in self.site.history(project):
            cycle = self.site.cycle(entry.cycle)
            if self.cycle.start and cycle.start and cycle.start > self.cycle.start:
                continue
            rows.append(figures(entry, cycle))
        return self.template("history.md.j2", project=self.site.project(project), rows=rows)

    def overview(self) -> str:
        meetings = self.board_meetings()
        teams = sorted(((self.site.project(e.project), e) for e in self.entries), key=lambda pe: pe[0].label.lower())
        handoffs = [(self.site.project(e.project), e.data.handoff) for e in self.entries if e.data.handoff]
        midcycles = [(self.site.project(e.project), mc) for e in self.entries for mc, _ in e.midcycles]
        return self.template("overview.md.j2", teams=teams, handoffs=handoffs, midcycles=midcycles,
                             meetings=meetings, previous=self.previous, next=self.next)

    def board_meetings(self) -> list[m.BoardMeeting]:
        start, end = self.cycle.start, self.cycle.end
        return [b for b, _ in self.site.board if start and end and start <= b.date <= end]

    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {"index.md": self.overview()}
        for entry in self.entries:
            base = f"projects/{entry.project}"
            out[f"{base}/index.md"] = self.glance(entry)
            out[f"{base}/history.md"] = self.history(entry.project)
            if self.has_retrospective(entry):
                out[f"{base}/retrospective.md"] = self.retrospective(entry)
            for meeting, report in entry.midcycles:
                out[f"{base}/midcycle-{meeting.date.isoformat()}.md"] = self.midcycle(entry, meeting, report)
        if self.entries:
            out["projects/index.md"] = self.template("projects.md.j2", entries=self.entries)
        for meeting, report in self.site.board:
            if meeting in self.board_meetings():
                out[f"board/{meeting.date.isoformat()}.md"] = self.board(meeting, report)
        for page in self.site.pages:
            name = Path(page.path).name
            out["about.md" if name == "index.md" else name] = self.prose(page, None)
        out["tags.md"] = self.template("tags.md.j2")
        return out


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for mkdocs from a template's `meta` (empty values dropped)."""
    clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in meta.items() if v not in (None, "", [])}
    return "---\n" + yaml.safe_dump(clean, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"


def render_cycle(site: m.Site, cycle: m.Cycle, theme: Path | None = None, private: bool = False) -> dict[str, str]:
    """Every page of `cycle`'s version as `{path: Markdown}`."""
    return CycleRenderer(site, cycle, theme, private).pages()


def nav(pages: Iterable[str], site: m.Site) -> list[Any]:
    """The mkdocs nav for one version, in reading order."""
    paths = set(pages)
    items: list[Any] = [{"Overview": "index.md"}]
    projects = sorted({p.split("/")[1] for p in paths if p.startswith("projects/") and p.count("/") == 2})
    if projects:
        section: list[Any] = ["projects/index.md"]
        for key in projects:
            sub: list[Any] = []
            for label, name in (("At a glance", "index.md"), ("Retrospective", "retrospective.md"), ("History", "history.md")):
                if f"projects/{key}/{name}" in paths:
                    sub.append({label: f"projects/{key}/{name}"})
            for path in sorted(p for p in paths if p.startswith(f"projects/{key}/midcycle-")):
                sub.append({f"Midcycle {path.split('midcycle-')[1].removesuffix('.md')}": path})
            section.append({site.project(key).label: sub})
        items.append({"Projects": section})
    board = sorted(p for p in paths if p.startswith("board/"))
    if board:
        items.append({"Board meetings": board})
    extra = sorted(p for p in paths if "/" not in p and p not in ("index.md", "tags.md"))
    if extra:
        items.append({"About": extra})
    items.append({"Tags": "tags.md"})
    return items
