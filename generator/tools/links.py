"""Links between reports: every relative link in every version's pages must land on a page.

mkdocs checks links inside one build unit (`validation.links` at `warn`, fatal under
`--strict`); this also follows links that cross into another cycle's version or a project's
history site, and reports them against the prose file the PTL wrote, with its line and column.
Such a link must be the other page's URL (`../../../../newton/projects/glance/retrospective/`
from a project's page): mkdocs fails a `.md` link that leaves its own version, even to a page
that exists, so that form is reported with the URL that works.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..data import model as m
from ..data.units import project_of, unit_name
from ..errors import Location, Problem, did_you_mean
from ..render.cycle import render_cycle
from ..render.history import projects_with_history, render_project
from ..render.page import cross_link

LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
# A code span: a run of backticks, then text, then a run of the same length (CommonMark 6.1).
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _targets(text: str) -> list[tuple[int, int, str]]:
    """The (line, column, target) of each Markdown link, outside fenced code and code spans.

    Python-Markdown renders the pages, not a CommonMark parser: an admonition's indented body is
    text there, so only fences and backtick spans count as code.
    """
    found = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        spans = [span.span() for span in CODE_SPAN.finditer(line)]
        for match in LINK.finditer(line):
            if not any(start <= match.start() < end for start, end in spans):
                found.append((number, match.start(1) + 1, match.group(1)))
    return found


def _resolve(page: str, target: str) -> str | None:
    """The docs-relative path a relative link from `page` points at (None for external links)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
        return None
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    base = posixpath.dirname(page)
    if not path.endswith(".md"):
        # a directory URL as the browser resolves it: pages other than index.md are folders too
        url_dir = base if page.endswith("index.md") else posixpath.join(base, posixpath.basename(page)[:-3])
        joined = posixpath.normpath(posixpath.join(url_dir, path))
        return joined.rstrip("/") + "/index.md" if joined != "." else "index.md"
    return posixpath.normpath(posixpath.join(base, path))


def _as_page(path: str) -> str:
    """`x/retrospective/index.md` (a directory URL) may be the page `x/retrospective.md`."""
    return path[: -len("/index.md")] + ".md" if path.endswith("/index.md") else path


def _source_of(page: str, cycle: m.Cycle, site: m.Site) -> m.Report | None:
    parts = page.split("/")
    if len(parts) == 3 and parts[0] == "projects":
        for entry in site.entries_for(cycle.name):
            if entry.project != parts[1]:
                continue
            if parts[2] == "retrospective.md":
                return entry.retrospective
            for meeting, report in entry.midcycles:
                if parts[2] == f"midcycle-{meeting.date.isoformat()}.md":
                    return report
    if len(parts) == 2 and parts[0] == "board":
        return next((r for b, r in site.board if f"{b.date.isoformat()}.md" == parts[1]), None)
    if len(parts) == 1:
        return next(
            (p for p in site.pages if Path(p.path).name == (parts[0] if parts[0] != "about.md" else "index.md")), None
        )
    return None


def _unit_of(path: str, units: dict[str, dict[str, str]]) -> tuple[str, str] | None:
    """Split a site path into (unit, page in it): the longest unit name that prefixes it."""
    for unit in sorted(units, key=len, reverse=True):
        if path.startswith(unit + "/"):
            return unit, path[len(unit) + 1 :]
    return None


def _located(
    page: str, cycle: m.Cycle | None, site: m.Site, unit: str, line: int, column: int, target: str
) -> Location:
    """The link's place in the prose the PTL wrote, else in the rendered page."""
    report = _source_of(page, cycle, site) if cycle else None
    if report is not None:
        for number, source_line in enumerate(report.text.splitlines(), 1):
            if f"]({target})" in source_line:
                return Location(report.path, number, source_line.index(f"]({target})") + 3)
    return Location(f"build/{unit.replace('/', '~')}/docs/{page}", line, column)


def _cross_hint(page: str, resolved: str, units: dict[str, dict[str, str]]) -> str:
    """For a link that names another version's page but climbs the wrong number of folders:
    the link that reaches it."""
    parts = resolved.split("/")
    for start in range(len(parts)):
        found = _unit_of("/".join(parts[start:]), units)
        if found is None:
            continue
        other, inner = found
        landed = inner if inner in units[other] else _as_page(inner)
        if landed in units[other]:
            return f"did you mean ({cross_link(page, other, landed)})?"
    return ""


def check_links(site: m.Site, root: Path, private: bool = False) -> list[Problem]:
    """Broken relative links in every version and history site, located in the prose that holds
    them when possible."""
    theme = root / "theme"
    units: dict[str, dict[str, str]] = {c.name: render_cycle(site, c, theme, private) for c in site.cycles}
    for key in projects_with_history(site):
        units[unit_name(key)] = render_project(site, key, theme, private)
    problems: list[Problem] = []
    for unit, pages in units.items():
        cycle = site.cycle(unit) if project_of(unit) is None else None
        for page, text in pages.items():
            if not page.endswith(".md"):
                continue
            for line, column, target in _targets(text):
                resolved = _resolve(f"{unit}/{page}", target)
                if resolved is None:
                    continue
                found = _unit_of(resolved, units)
                if found is not None:
                    other, inner = found
                    landed = inner if inner in units[other] else _as_page(inner)
                    if landed in units[other]:
                        if other == unit or not target.split("#", 1)[0].endswith(".md"):
                            continue
                        # mkdocs checks a `.md` link inside its own version only: one that leaves
                        # it fails `mkdocs build --strict`, though the page exists.
                        message = f"expected a link to another version as its URL, got '{target}'"
                        hint = f"write it as ({cross_link(page, other, landed)})"
                        problems.append(
                            Problem(_located(page, cycle, site, unit, line, column, target), message, "link", hint)
                        )
                        continue
                    missing = inner if other == unit else f"{other}/{inner}"
                    hint = _cross_hint(page, resolved, units) or did_you_mean(inner, units[other])
                else:
                    missing = resolved
                    hint = _cross_hint(page, resolved, units) or (
                        "a link to another cycle is that page's URL from here, such as "
                        f"{cross_link(page, '<cycle>', 'projects/<project>/retrospective.md')}"
                    )
                problems.append(
                    Problem(
                        _located(page, cycle, site, unit, line, column, target),
                        f"expected a link to an existing page, got '{target}' ({missing} does not exist)",
                        "link",
                        hint,
                    )
                )
    return sorted(set(problems))
