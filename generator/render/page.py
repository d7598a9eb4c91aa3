"""Model → Markdown pages, one set per cycle, through Jinja2 templates overridable from theme/.

`render_cycle` is pure: it returns `{page path: text}` for one cycle version. Paths are the same
in every version (`projects/glance/retrospective.md`), which is what lets the version selector
stay on a page.

A version reads nothing of another cycle's data, only which cycles each project reported in (for
the previous/next links): so editing one cycle rebuilds that version alone. What spans cycles (a
project's history, its comparisons of each cycle with the one before, its feed) is rendered by
`generator.render.history` into one small unversioned site per project, `site/history/<project>/`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..data import model as m
from ..data.prose import fill, strip_private, strip_prompts
from ..data.siteurl import DEFAULT_SITE_URL, site_url_or
from ..data.units import history_page, project_feed
from . import charts
from .feeds import cycle_of, has_retrospective, retrospective_date
from .reference import render_reference
from .text import escape_inline, format_money, format_number, safe_url

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Figures:
    """A project's headline numbers for one cycle: all the history page and feeds read."""

    cycle: str
    label: str
    ptl: str
    as_of: dt.date | None
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
    merged: int | None


@dataclass(frozen=True)
class Link:
    """A link from one page to another, already relative to the page it is printed on."""

    label: str
    url: str


def _total(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def figures_of(site: m.Site, entry: m.ProjectCycleEntry) -> Figures:
    """`figures` memoised per entry for the life of `site` (every cycle's history pages read them)."""
    cache: dict[int, Figures] = site.__dict__.setdefault("_figures", {})
    found = cache.get(id(entry))
    if found is None:
        found = cache[id(entry)] = figures(entry, site.cycle(entry.cycle))
    return found


def figures(entry: m.ProjectCycleEntry, cycle: m.Cycle) -> Figures:
    data = entry.data
    outcomes = [p.outcome for p in data.priorities]
    as_of = data.as_of.date() if isinstance(data.as_of, dt.datetime) else data.as_of
    return Figures(
        cycle=entry.cycle,
        label=cycle.label,
        ptl=data.ptl or "",
        as_of=as_of,
        features=len(data.features),
        core_start=data.roster.size_start,
        core_end=data.roster.size_end,
        joined=data.roster.joined_count,
        left=data.roster.left_count,
        done=outcomes.count("done"),
        missed=outcomes.count("missed") + outcomes.count("dropped"),
        partial=outcomes.count("partial"),
        review_days=len(data.review_days),
        reviews=_total(d.reviews for d in data.review_days),
        merged=_total(d.merged for d in data.review_days),
    )


def page_url(path: str) -> str:
    """The directory URL mkdocs gives a page: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    if not path.endswith(".md"):
        return path
    if path == "index.md" or path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def relative_url(source: str, target: str) -> str:
    """The relative URL from page `source` to page `target`, both paths from the site's root
    (`mitaka/projects/glance/index.md`, `history/glance/newton.md`)."""
    here, there = page_url(source), page_url(target)
    rel = posixpath.relpath(there or ".", here or ".")
    return "./" if rel == "." else rel + "/" if there.endswith("/") else rel


def cross_link(page: str, cycle: str, target: str) -> str:
    """A relative link from `page` in this version to `target` in `cycle`'s version."""
    depth = page_url(page).count("/") + 1
    return "../" * depth + f"{cycle}/{page_url(target)}"


def _date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if style == "short":
        return f"{value:%b} {value.day}"
    return f"{value.day} {value:%B %Y}"


def _span(start: dt.date, end: dt.date | None) -> str:
    """A date or a window, as short as it reads well: `1–3 December 2015`, `30 March – 2 April 2016`."""
    if end is None or end == start:
        return _date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {_date(end)}"
    return f"{_date(start)} – {_date(end)}"


def _num(value: float | None, empty: str = "—") -> str:
    return empty if value is None else format_number(value)


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None or before == after:
        return "—" if before is None or after is None else "same"
    diff = after - before
    return ("+" if diff > 0 else "−") + format_number(abs(diff))


@functools.cache
def environment(theme: Path | None) -> jinja2.Environment:
    """Templates from `theme/` first, then the package's own."""
    search = [str(theme)] if theme and theme.is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(PACKAGE_TEMPLATES)]),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        t=escape_inline, url=safe_url, date=_date, span=_span, num=_num, money=format_money, change=_change
    )
    return env


class Renderer:
    """What every page renderer shares: the site, the templates, the public address."""

    def __init__(self, site: m.Site, theme: Path | None = None, private: bool = False, base_url: str = "") -> None:
        self.site = site
        self.env = environment(theme)
        self.private = private
        self.base_url = (base_url or site_url_or(theme and theme.parent, DEFAULT_SITE_URL)).rstrip("/") + "/"

    def template(self, name: str, page: str = "", **values: Any) -> str:
        """Render `name`; a template that sets `meta` gets it as the page's YAML front matter."""
        values.setdefault("site", self.site)
        values.setdefault("page", page)
        values.setdefault("pager", (None, None))
        module = self.env.get_template(name).make_module(values)
        body = str(module)
        meta = getattr(module, "meta", None)
        if not meta:
            return body
        return front_matter(meta) + body.lstrip("\n")


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
            wanted = set(args) or {"done", "partial", "missed", "dropped", "open"}
            values["priorities"] = [p for p in data.priorities if p.outcome in wanted]
        if name == "milestones":
            values["timeline"] = self.timeline()
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

    def project_pager(self, page: str, project: str, kind: str) -> tuple[Link | None, Link | None]:
        """The same kind of page in the project's previous and next cycles (its glance page if absent)."""
        label = self.site.project(project).label
        out: list[Link | None] = []
        for step in (-1, 1):
            other = self._neighbour(project, step)
            entry = self._entry(other.name, project) if other else None
            if other is None or entry is None:
                out.append(None)
                continue
            target, text = f"projects/{project}/index.md", f"{label} in {other.label}"
            if kind == "retrospective" and has_retrospective(entry):
                target, text = f"projects/{project}/retrospective.md", f"{label} {other.label}: passing the torch"
            out.append(Link(text, cross_link(page, other.name, target)))
        return out[0], out[1]

    def cycle_pager(self, page: str) -> tuple[Link | None, Link | None]:
        prev = (
            Link(f"{self.previous.label} cycle", cross_link(page, self.previous.name, "index.md"))
            if self.previous
            else None
        )
        nxt = Link(f"{self.next.label} cycle", cross_link(page, self.next.name, "index.md")) if self.next else None
        return prev, nxt

    def board_pager(self, page: str, meeting: m.BoardMeeting) -> tuple[Link | None, Link | None]:
        """Previous and next board meetings (in whichever cycle they fall), else the neighbour cycles."""
        dated = sorted((b.date, c) for b, _ in self.site.board if (c := cycle_of(self.site, b.date)))
        before = [(d, c) for d, c in dated if d < meeting.date]
        after = [(d, c) for d, c in dated if d > meeting.date]
        fallback = self.cycle_pager(page)
        prev = (
            Link(
                f"Board meeting, {_date(before[-1][0])}",
                cross_link(page, before[-1][1], f"board/{before[-1][0].isoformat()}.md"),
            )
            if before
            else fallback[0]
        )
        nxt = (
            Link(
                f"Board meeting, {_date(after[0][0])}",
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
            if key not in reporting and last:
                out.append((self.site.project(key), self.site.cycle(last)))
        return out

    def known_projects(self) -> list[str]:
        """Projects with a report in this cycle or an earlier one."""
        if self._known is None:
            keys = {p.project for p in self.site.entries if self.last_reported(p.project)}
            self._known = sorted(keys, key=lambda k: self.site.project(k).label.lower())
        return self._known

    def timeline(self) -> str:
        marks = [
            charts.Mark(ms.title or ms.name, ms.kind, ms.date, ms.end)
            for ms in sorted(self.cycle.milestones, key=lambda ms: (ms.date, ms.name))
        ]
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
            timeline=self.timeline(),
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
        for page in self.site.pages:
            name = Path(page.path).name
            out["about.md" if name == "index.md" else name] = self.prose(page, None)
        out["tags.md"] = self.template("tags.md.j2", "tags.md")
        out["reference.md"] = render_reference()
        return out


def history_charts(project: m.Project, rows: list[Figures]) -> dict[str, str]:
    """The history page's SVG charts, drawn from the same figures as its tables."""
    key = project.key
    cells = [
        charts.Row(
            r.cycle,
            r.label,
            {
                "core_start": r.core_start,
                "core_end": r.core_end,
                "joined": r.joined,
                "left": r.left,
                "features": r.features,
                "done": r.done,
                "partial": r.partial,
                "missed": r.missed,
                "review_days": r.review_days,
                "reviews": r.reviews,
            },
        )
        for r in rows
    ]
    span = f"{rows[0].label} to {rows[-1].label}" if rows else "no cycles"
    runs = charts.bands([r.ptl for r in rows])
    return {
        "ptl": charts.render_succession(
            f"{key}-ptl-chart",
            f"{project.label} PTLs, {span}",
            f"{len(runs)} PTL terms over {len(rows)} cycles; the table below lists each cycle's PTL.",
            cells,
            runs,
        ),
        "core": charts.render_panels(
            f"{key}-core-chart",
            f"{project.label} core team, {span}",
            "Core reviewers at the end of each cycle, and how many joined and left; numbers in the table below.",
            cells,
            [
                charts.Panel("Members at the end", (charts.Series("core_end", "Members", "primary"),)),
                charts.Panel(
                    "Joined / left",
                    (charts.Series("joined", "Joined", "joined"), charts.Series("left", "Left", "left")),
                    "diverging",
                ),
            ],
        ),
        "delivery": charts.render_panels(
            f"{key}-delivery-chart",
            f"{project.label} features and priorities, {span}",
            "Completed features per cycle, and priorities done, partly done and missed or dropped.",
            cells,
            [
                charts.Panel("Completed features", (charts.Series("features", "Features", "primary"),)),
                charts.Panel(
                    "Priorities",
                    (
                        charts.Series("done", "Done", "done"),
                        charts.Series("partial", "Partial", "partial"),
                        charts.Series("missed", "Missed", "missed"),
                    ),
                ),
            ],
        ),
        "reviews": charts.render_panels(
            f"{key}-review-chart",
            f"{project.label} review days, {span}",
            "Review days held per cycle and the reviews done on them.",
            cells,
            [
                charts.Panel("Review days", (charts.Series("review_days", "Review days", "primary"),)),
                charts.Panel("Reviews on those days", (charts.Series("reviews", "Reviews", "accent"),)),
            ],
        ),
    }


# Front-matter keys that Material prints into HTML without escaping (<title>, the header, the
# nav, <meta name="description">, the tag chips and listings): they are stored HTML-escaped.
HTML_META = ("title", "description", "tags")


def _meta_value(key: str, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if key in HTML_META and isinstance(value, str):
        return html.escape(value, quote=True)
    if key in HTML_META and isinstance(value, list):
        return [html.escape(str(v), quote=True) for v in value]
    return value


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for mkdocs from a template's `meta` (empty values dropped, text for HTML escaped)."""
    clean = {k: _meta_value(k, v) for k, v in meta.items() if v not in (None, "", [])}
    # JSON values are valid YAML and ten times faster to write than yaml.safe_dump.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in clean.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def split_heading(text: str) -> tuple[str, str]:
    """The prose's own `# Title` (if it starts with one) and the rest: a page has one H1."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest.lstrip("\n")
    return "", text


def render_cycle(
    site: m.Site, cycle: m.Cycle, theme: Path | None = None, private: bool = False, base_url: str = ""
) -> dict[str, str]:
    """Every page of `cycle`'s version as `{path: text}` (Markdown, plus feeds as static files)."""
    return CycleRenderer(site, cycle, theme, private, base_url).pages()


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
