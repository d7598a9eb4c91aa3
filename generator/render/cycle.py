"""One cycle's version: every page of it rendered from the model through the report templates.

`render_cycle` is pure: it returns `{page path: text}` for one cycle version. Paths are the same
in every version (`projects/glance/retrospective.md`), which is what lets the version selector
stay on a page. A version reads nothing of another cycle's data, only which cycles each project
reported in (for the previous/next links): so editing one cycle rebuilds that version alone.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..data import model as m
from ..data.prose import fill, strip_private, strip_prompts
from ..data.units import history_page, project_feed, site_page_name
from . import charts
from .feeds import cycle_of, has_retrospective, retrospective_date, retrospective_kind
from .figures import figures
from .frontmatter import check_pages
from .milestones import milestone_title, split_milestones
from .page import Renderer, cross_link, format_date, page_url, relative_url, split_heading
from .reference import render_reference


class CycleRenderer(Renderer):
    """Renders every page of one cycle's version."""

    def __init__(
        self, site: m.Site, cycle: m.Cycle, theme: Path | None = None, private: bool = False, base_url: str = ""
    ) -> None:
        super().__init__(site, theme, private, base_url)
        self.cycle = cycle
        index = [c.name for c in site.cycles]
        position = index.index(cycle.name)
        self.previous = site.cycles[position - 1] if position > 0 else None
        self.next = site.cycles[position + 1] if position + 1 < len(site.cycles) else None
        self.entries = site.entries_for(cycle.name)
        self._last: dict[str, str | None] = {}
        self._known: list[str] | None = None

    def template(self, name: str, page: str = "", **values: Any) -> str:
        values.setdefault("cycle", self.cycle)
        values.setdefault("across", functools.partial(self.across, page))
        return super().template(name, page, **values)

    def across(self, page: str, project: str, compared: bool = False) -> str:
        """A link from `page` to `project`'s history, or to this cycle compared with the previous."""
        target = history_page(project, self.cycle.name if compared else "")
        return relative_url(f"{self.cycle.name}/{page}", target)

    # --- data blocks --------------------------------------------------------------------------

    def block(self, entry: m.ProjectCycleEntry, name: str, args: tuple[str, ...] = ()) -> str:
        data = entry.data
        values: dict[str, Any] = {"entry": entry, "data": data, "project": self.site.project(entry.project)}
        if name == "priorities":
            wanted = set(args) or {"done", "partial", "missed", "dropped", "open", "unknown"}
            values["priorities"] = [p for p in data.priorities if p.outcome in wanted]
            values["only"] = args[0] if len(set(args)) == 1 else ""  # `priorities missed`: said once, in the header
        if name == "milestones":
            values["own"] = [entry.project]
            values["timeline"] = self.timeline(values["own"])
        return self.template(f"blocks/{name}.md.j2", **values).strip() + "\n"

    def blocks(self, entry: m.ProjectCycleEntry) -> Callable[..., str]:
        return lambda name, *args: self.block(entry, name, args)

    def prose(self, report: m.Report, entry: m.ProjectCycleEntry | None) -> str:
        text = strip_prompts(strip_private(report.text, keep=self.private))
        if entry is None:
            return text
        return fill(text, lambda name, args: self.block(entry, name, args))

    # --- neighbours: previous / next links on every report --------------------------------------

    def _project_cycles(self, project: str) -> list[str]:
        return [e.cycle for e in self.site.history(project)]

    def _neighbour(self, project: str, step: int) -> m.Cycle | None:
        names = self._project_cycles(project)
        if self.cycle.name not in names:
            return None
        position = names.index(self.cycle.name) + step
        return self.site.cycle(names[position]) if 0 <= position < len(names) else None

    def _entry(self, cycle: str, project: str) -> m.ProjectCycleEntry | None:
        return next((e for e in self.site.entries_for(cycle) if e.project == project), None)

    def project_pager(self, page: str, project: str, kind: str) -> tuple[m.Link | None, m.Link | None]:
        """The same kind of page in the project's previous and next cycles (its glance page if absent)."""
        label = self.site.project(project).label
        out: list[m.Link | None] = []
        for step in (-1, 1):
            other = self._neighbour(project, step)
            entry = self._entry(other.name, project) if other else None
            if other is None or entry is None:
                out.append(None)
                continue
            target, text = f"projects/{project}/index.md", f"{label} in {other.label}"
            if kind == "retrospective" and has_retrospective(entry):
                target, text = (
                    f"projects/{project}/retrospective.md",
                    f"{label} {other.label}: {retrospective_kind(entry)}",
                )
            out.append(m.Link(text, cross_link(page, other.name, target)))
        return out[0], out[1]

    def cycle_pager(self, page: str) -> tuple[m.Link | None, m.Link | None]:
        prev = (
            m.Link(f"{self.previous.label} cycle", cross_link(page, self.previous.name, "index.md"))
            if self.previous
            else None
        )
        nxt = m.Link(f"{self.next.label} cycle", cross_link(page, self.next.name, "index.md")) if self.next else None
        return prev, nxt

    def board_pager(self, page: str, meeting: m.BoardMeeting) -> tuple[m.Link | None, m.Link | None]:
        """Previous and next board meetings (in whichever cycle they fall), else the neighbour cycles."""
        dated = sorted((b.date, c) for b, _ in self.site.board if (c := cycle_of(self.site, b.date)))
        before = [(d, c) for d, c in dated if d < meeting.date]
        after = [(d, c) for d, c in dated if d > meeting.date]
        fallback = self.cycle_pager(page)
        prev = (
            m.Link(
                f"Board meeting, {format_date(before[-1][0])}",
                cross_link(page, before[-1][1], f"board/{before[-1][0].isoformat()}.md"),
            )
            if before
            else fallback[0]
        )
        nxt = (
            m.Link(
                f"Board meeting, {format_date(after[0][0])}",
                cross_link(page, after[0][1], f"board/{after[0][0].isoformat()}.md"),
            )
            if after
            else fallback[1]
        )
        return prev, nxt

    # --- pages ---------------------------------------------------------------------------------

    def retrospective(self, entry: m.ProjectCycleEntry, page: str) -> str:
        project = self.site.project(entry.project)
        body = self.prose(entry.retrospective, entry) if entry.retrospective else ""
        return self.template(
            "retrospective.md.j2",
            page,
            entry=entry,
            data=entry.data,
            project=project,
            body=body,
            block=self.blocks(entry),
            date=retrospective_date(entry, self.cycle),
            pager=self.project_pager(page, entry.project, "retrospective"),
            feeds=self.feed_links(page, entry.project),
        )

    def glance(self, entry: m.ProjectCycleEntry, page: str) -> str:
        project = self.site.project(entry.project)
        return self.template(
            "project.md.j2",
            page,
            entry=entry,
            data=entry.data,
            project=project,
            figures=figures(entry, self.cycle),
            has_retro=has_retrospective(entry),
            has_compare=self._neighbour(entry.project, -1) is not None,
            pager=self.project_pager(page, entry.project, "glance"),
            feeds=self.feed_links(page, entry.project),
            block=self.blocks(entry),
        )

    def midcycle(self, entry: m.ProjectCycleEntry, meeting: m.Midcycle, report: m.Report | None, page: str) -> str:
        heading, body = split_heading(self.prose(report, entry) if report else "")
        return self.template(
            "midcycle.md.j2",
            page,
            entry=entry,
            meeting=meeting,
            heading=heading,
            body=body,
            project=self.site.project(entry.project),
            pager=self.project_pager(page, entry.project, "midcycle"),
            feeds=self.feed_links(page, entry.project),
        )

    def board(self, meeting: m.BoardMeeting, report: m.Report | None, page: str) -> str:
        heading, body = split_heading(self.prose(report, None) if report else "")
        return self.template(
            "board.md.j2",
            page,
            meeting=meeting,
            heading=heading,
            body=body,
            pager=self.board_pager(page, meeting),
            feeds=self.feed_links(page),
        )

    def last_reported(self, project: str) -> str | None:
        """The latest cycle up to this one in which `project` reported."""
        if project not in self._last:
            order = {c.name: i for i, c in enumerate(self.site.cycles)}
            here = order[self.cycle.name]
            names = [e.cycle for e in self.site.history(project) if order.get(e.cycle, here + 1) <= here]
            self._last[project] = names[-1] if names else None
        return self._last[project]

    def not_reporting(self) -> list[tuple[m.Project, m.Cycle]]:
        """Projects with earlier reports but none in this cycle, with the last cycle they reported on."""
        reporting = {e.project for e in self.entries}
        out = []
        for key in self.known_projects():
            last = self.last_reported(key)
            retired = self.site.project(key).retired
            if retired and self.cycle.start and retired < self.cycle.start:
                continue  # gone before this cycle: not a team that has yet to report
            if key not in reporting and last:
                out.append((self.site.project(key), self.site.cycle(last)))
        return out

    def known_projects(self) -> list[str]:
        """Projects with a report in this cycle or an earlier one."""
        if self._known is None:
            keys = {p.project for p in self.site.entries if self.last_reported(p.project)}
            self._known = sorted(keys, key=lambda k: self.site.project(k).label.lower())
        return self._known

    def timeline(self, own: Iterable[str]) -> str:
        """The schedule chart: the marks the schedule table shows (cross-project milestones and the
        `own` teams' events; on the overview, `own` is empty), not the deadlines the table folds away."""
        shown, _ = split_milestones(self.cycle.milestones, own)
        marks = [charts.Mark(milestone_title(ms), ms.kind, ms.date, ms.end) for ms in shown]
        if not marks:
            return ""
        return charts.render_timeline(
            f"timeline-{self.cycle.name}", f"The {self.cycle.label} schedule", self.cycle.start, self.cycle.end, marks
        )

    def overview(self, page: str) -> str:
        meetings = self.board_meetings()
        teams = sorted(((self.site.project(e.project), e) for e in self.entries), key=lambda pe: pe[0].label.lower())
        handoffs = [(self.site.project(e.project), e.data.handoff) for e in self.entries if e.data.handoff]
        midcycles = [(self.site.project(e.project), mc) for e in self.entries for mc, _ in e.midcycles]
        others = self.not_reporting()
        return self.template(
            "overview.md.j2",
            page,
            teams=teams,
            handoffs=handoffs,
            midcycles=midcycles,
            others=others,
            meetings=meetings,
            previous=self.previous,
            next=self.next,
            own=[],  # the overview is no one team's page: every team's own deadlines are folded
            timeline=self.timeline([]),
            has_retrospective=has_retrospective,
            pager=self.cycle_pager(page),
            feeds=self.feed_links(page),
        )

    def board_meetings(self) -> list[m.BoardMeeting]:
        start, end = self.cycle.start, self.cycle.end
        return [b for b, _ in self.site.board if start and end and start <= b.date <= end]

    def feed_links(self, page: str, project: str = "") -> list[dict[str, str]]:
        """Feeds a page advertises in its head (front matter `feeds`, read by theme/overrides/main.html)."""
        if not project:
            return []
        return [{"title": f"{self.site.project(project).label} reports", "href": f"../{project_feed(project)}"}]

    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {"index.md": self.overview("index.md")}
        for entry in self.entries:
            base = f"projects/{entry.project}"
            out[f"{base}/index.md"] = self.glance(entry, f"{base}/index.md")
            if has_retrospective(entry):
                out[f"{base}/retrospective.md"] = self.retrospective(entry, f"{base}/retrospective.md")
            for meeting, report in entry.midcycles:
                path = f"{base}/midcycle-{meeting.date.isoformat()}.md"
                out[path] = self.midcycle(entry, meeting, report, path)
        if self.known_projects():
            out["projects/index.md"] = self.template(
                "projects.md.j2",
                "projects/index.md",
                entries=self.entries,
                has_retrospective=has_retrospective,
                others=self.not_reporting(),
            )
        for board, notes in self.site.board:
            if board in self.board_meetings():
                path = f"board/{board.date.isoformat()}.md"
                out[path] = self.board(board, notes, path)
        for page in self.site.pages:  # the loader refuses a page whose name clashes with another
            out[site_page_name(page.path)] = self.prose(page, None)
        out["tags.md"] = self.template("tags.md.j2", "tags.md")
        out["reference.md"] = render_reference()
        return out


def render_cycle(
    site: m.Site, cycle: m.Cycle, theme: Path | None = None, private: bool = False, base_url: str = ""
) -> dict[str, str]:
    """Every page of `cycle`'s version as `{path: text}` (Markdown, plus feeds as static files)."""
    return check_pages(CycleRenderer(site, cycle, theme, private, base_url).pages())


def cross_cycle_inputs(site: m.Site, cycle: m.Cycle | None = None) -> tuple[Any, ...]:
    """Everything `render_cycle` reads from outside `cycle`'s own entries, for a skip-if-unchanged key.

    Only the site's shape: which cycles each project reported in and which of those have a
    retrospective (the previous/next links), board meetings' dates and places (the board pager),
    and the calendar. No other cycle's data or prose: editing one cycle rebuilds its version alone.
    The same for every cycle (`cycle` is accepted for symmetry with the per-cycle inputs).
    """
    reported = sorted((e.project, e.cycle, has_retrospective(e)) for e in site.entries)
    board = [(b.date, b.place) for b, _ in site.board]
    return (reported, board, [(c.name, c.label, c.start, c.end) for c in site.cycles])


def nav(pages: Iterable[str], site: m.Site, cycle: m.Cycle | None = None) -> list[Any]:
    """The mkdocs nav for one version, in reading order.

    A nav title becomes the page's title everywhere Material shows it (footer, tag listings,
    search), so each names its project; and, as Material prints them unescaped, each is escaped.
    Each project's history and comparison live outside the versions (`site/history/<project>/`):
    they are links, relative to the version's root.
    """
    paths = {p for p in pages if p.endswith(".md")}
    items: list[Any] = [{"Cycle overview": "index.md"}]
    projects = sorted({p.split("/")[1] for p in paths if p.startswith("projects/") and p.count("/") == 2})
    if projects or "projects/index.md" in paths:
        section: list[Any] = ["projects/index.md"]
        for key in projects:
            label = html.escape(site.project(key).label, quote=True)
            sub: list[Any] = []
            for title, name in ((f"{label} overview", "index.md"), (f"{label} retrospective", "retrospective.md")):
                if f"projects/{key}/{name}" in paths:
                    sub.append({title: f"projects/{key}/{name}"})
            for path in sorted(p for p in paths if p.startswith(f"projects/{key}/midcycle-")):
                sub.append({f"{label} midcycle, {path.split('midcycle-')[1].removesuffix('.md')}": path})
            if cycle is not None:
                sub.append({f"{label} across cycles": f"../{page_url(history_page(key))}"})
                names = [e.cycle for e in site.history(key)]
                if cycle.name in names[1:]:
                    sub.append(
                        {f"{label} compared with the previous cycle": f"../{page_url(history_page(key, cycle.name))}"}
                    )
            section.append({label: sub})
        items.append({"Projects": section})
    board = sorted(p for p in paths if p.startswith("board/"))
    if board:
        items.append({"Board meetings": board})
    extra = sorted(p for p in paths if "/" not in p and p not in ("index.md", "tags.md"))
    if extra:
        items.append({"About": extra})
    items.append({"Tags": "tags.md"})
    return items
