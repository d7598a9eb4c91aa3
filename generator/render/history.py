"""What spans cycles, rendered outside the versions: one small site per project.

    site/history/<project>/           the project's history: PTLs, core team, features, review days
    site/history/<project>/<cycle>/   that cycle side by side with the project's cycle before it
    site/history/<project>/feed.xml   the project's retrospectives and midcycle summaries

A version (`site/<cycle>/`) links here instead of carrying an "as of" copy of these pages: then
editing one cycle's data rebuilds that version and this project's small site, never the later
versions, and the versions no longer grow with the number of cycles (no cycles² term).
"""

from __future__ import annotations

import functools
import html
import itertools
from pathlib import Path
from typing import Any

from ..data import model as m
from ..data.units import unit_name
from . import charts
from .chartnotes import core_chart, figure_chart
from .feeds import has_retrospective, render_project_feed
from .figures import Figures, figures, figures_of
from .frontmatter import check_pages
from .page import Renderer, relative_url


def projects_with_history(site: m.Site) -> list[str]:
    """Projects with at least one report in a known cycle: each gets a history site."""
    known = {c.name for c in site.cycles}
    return sorted({e.project for e in site.entries if e.cycle in known})


class ProjectRenderer(Renderer):
    """Renders one project's history, its cycle-by-cycle comparisons and its feed."""

    def __init__(
        self, site: m.Site, project: str, theme: Path | None = None, private: bool = False, base_url: str = ""
    ) -> None:
        super().__init__(site, theme, private, base_url)
        self.project = site.project(project)
        known = {c.name for c in site.cycles}
        self.entries = [e for e in site.history(project) if e.cycle in known]

    def to(self, page: str, cycle: str, target: str) -> str:
        """A link from this site's `page` to `target` in `cycle`'s version."""
        return relative_url(f"{unit_name(self.project.key)}/{page}", f"{cycle}/{target}")

    def history(self) -> str:
        rows = [figures_of(self.site, e) for e in self.entries]
        last = self.site.cycle(self.entries[-1].cycle)
        latest = f"projects/{self.project.key}/index.md"
        return self.template(
            "history.md.j2",
            "index.md",
            project=self.project,
            cycle=last,
            rows=rows,
            charts=history_charts(self.project, rows),
            replaced=self.replaced_by(),
            to=functools.partial(self.to, "index.md"),
            compared=[(e.cycle, f"{e.cycle}.md") for e in self.entries[1:]],
            pager=(None, m.Link(f"{self.project.label} in {last.label}", self.to("index.md", last.name, latest))),
            feeds=[{"title": f"{self.project.label} reports", "href": "feed.xml"}],
        )

    def replaced_by(self) -> m.Link | None:
        """The history site of the team that took a retired team's work over, when it has one."""
        key = self.project.replaced_by
        if not key or not self.site.history(key):
            return None
        # History sites sit side by side: site/history/<project>/.
        return m.Link(title=self.site.project(key).label, url=f"../{key}/")

    def compare(self, at: int) -> str:
        """Cycle `at` of the project's entries side by side with the one before."""
        entry, before = self.entries[at], self.entries[at - 1]
        cycle, before_cycle = self.site.cycle(entry.cycle), self.site.cycle(before.cycle)
        page = f"{entry.cycle}.md"
        carried = {p.id: p for p in before.data.priorities}
        label = self.project.label

        def neighbour(step: int) -> m.Link | None:
            other = at + step
            if not 1 <= other < len(self.entries):
                return None
            name = self.entries[other].cycle
            return m.Link(f"{label}: {self.site.cycle(name).label} compared", relative_url(page, f"{name}.md"))

        return self.template(
            "compare.md.j2",
            page,
            project=self.project,
            cycle=cycle,
            entry=entry,
            before=before,
            before_cycle=before_cycle,
            now=figures(entry, cycle),
            then=figures(before, before_cycle),
            carried=[(carried[p.id], p) for p in entry.data.priorities if p.id in carried],
            to=functools.partial(self.to, page),
            pager=(neighbour(-1), neighbour(1)),
            feeds=[{"title": f"{label} reports", "href": "feed.xml"}],
        )

    def pages(self) -> dict[str, str]:
        out = {"index.md": self.history()}
        for at in range(1, len(self.entries)):
            out[f"{self.entries[at].cycle}.md"] = self.compare(at)
        out["feed.xml"] = render_project_feed(self.site, self.project.key, self.base_url)
        return out


def render_project(
    site: m.Site, project: str, theme: Path | None = None, private: bool = False, base_url: str = ""
) -> dict[str, str]:
    """Every page of `project`'s history site as `{path: text}` (Markdown, plus its feed)."""
    return check_pages(ProjectRenderer(site, project, theme, private, base_url).pages())


def project_inputs(site: m.Site, project: str) -> tuple[Any, ...]:
    """Everything `render_project` reads, for a skip-if-unchanged key: the project, each of its
    cycles' entry (by file stamp) and the calendar. Another project's edit never touches it."""
    return (
        site.project(project),
        [(e.cycle, e.identity, has_retrospective(e)) for e in site.history(project)],
        [(c.name, c.label, c.start, c.end) for c in site.cycles],
    )


def project_nav(pages: dict[str, str], site: m.Site, project: str, site_path: str = "/") -> list[Any]:
    """The nav of a project's history site: its history, each comparison, and the way back.

    The way back is rooted at the site's own path (`site_path`, from site_url): a relative
    `../../<cycle>/…` would collide, in mkdocs' nav URL arithmetic, with this site's page of the
    same name (`<cycle>/`, that cycle compared) and turn into `../../projects/<project>/` there."""
    label = html.escape(site.project(project).label, quote=True)
    names = [e.cycle for e in site.history(project)]
    items: list[Any] = [{f"{label} across cycles": "index.md"}]
    compared = []
    for before, name in itertools.pairwise(names):
        if f"{name}.md" in pages:
            title = f"{site.cycle(name).label} compared with {site.cycle(before).label}"
            compared.append({f"{label}: {html.escape(title, quote=True)}": f"{name}.md"})
    if compared:
        items.append({"Each cycle compared with the previous": compared})
    if names:
        latest = names[-1]
        title = f"{label} in {html.escape(site.cycle(latest).label, quote=True)}"
        items.append({title: f"{site_path}{latest}/projects/{project}/"})
    return items


# The figures the history charts draw: chart series name -> `Figures` attribute.
CHARTED = {name: name for name in ("core_start", "core_end", "joined", "left", "features", "done", "partial")}
CHARTED |= {"missed": "not_done", "review_days": "review_days", "reviews": "reviews"}
CHARTED |= {"deliverables": "deliverables", "releases": "releases"}


def history_charts(project: m.Project, rows: list[Figures]) -> dict[str, str]:
    """The history page's SVG charts, drawn from the same figures as its tables; a chart no cycle
    has a figure for is ""."""
    key, name = project.key, project.label
    cells = [charts.Row(r.cycle, r.label, {name: getattr(r, field) for name, field in CHARTED.items()}) for r in rows]
    span = f"{rows[0].label} to {rows[-1].label}" if rows else "no cycles"
    runs = charts.bands([r.leader for r in rows])
    return {
        "ptl": charts.render_succession(
            f"{key}-ptl-chart",
            f"{name} PTLs, {span}",
            f"{len(runs)} PTL terms over {len(rows)} cycles; the table below lists each cycle's PTL.",
            cells,
            runs,
        ),
        "core": core_chart(name, key, cells, span),
        "delivery": figure_chart(
            f"{key}-delivery-chart",
            f"{name} features and priorities, {span}",
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
            (("features", "Completed features"), ("done", "Done"), ("missed", "Missed")),
            "features or priorities",
        ),
        "reviews": figure_chart(
            f"{key}-review-chart",
            f"{name} review days, {span}",
            cells,
            [
                charts.Panel("Review days", (charts.Series("review_days", "Review days", "primary"),)),
                charts.Panel("Reviews on those days", (charts.Series("reviews", "Reviews", "accent"),)),
            ],
            (("review_days", "Review days"), ("reviews", "Reviews on them")),
            "review days",
        ),
        "released": figure_chart(
            f"{key}-released-chart",
            f"{name} deliverables and releases, {span}",
            cells,
            [
                charts.Panel("Deliverables", (charts.Series("deliverables", "Deliverables", "primary"),)),
                charts.Panel("Releases", (charts.Series("releases", "Releases", "accent"),)),
            ],
            (("deliverables", "Deliverables"), ("releases", "Releases")),
            "released deliverables",
        ),
    }


__all__ = [
    "ProjectRenderer",
    "project_inputs",
    "project_nav",
    "projects_with_history",
    "render_project",
]
