"""A report as the plain-text post a PTL sends to the mailing list.

The report is rendered exactly as for the site (`render_cycle`: private sections left out,
prompts dropped, data blocks filled), then turned into text the way list posts have always
looked: paragraphs reflowed to 72 columns, headings underlined, lists hanging-indented, tables
as aligned columns (or one small list per row when they are too wide), and links as numbered
references collected at the end.

The text itself is made by `mailtext` (python-markdown, the parser mkdocs uses, walked into text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..data import model as m
from ..data.prose import lint
from ..data.siteurl import site_url_or
from ..errors import UserError, did_you_mean
from ..render.cycle import render_cycle
from .mailtext import FRONT_MATTER, References, render_text

# --- reports → posts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MailPost:
    """A post ready to paste into a mail client: the subject line, a blank line, the body."""

    subject: str
    body: str

    def render(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"


def title_of(markdown_text: str) -> str:
    match = re.search(r"^# (.+)$", FRONT_MATTER.sub("", markdown_text), re.M)
    return match.group(1).strip() if match else ""


def subject(tag: str, cycle: str, title: str, prefixes: tuple[str, ...] = ()) -> str:
    """The list's convention, `[glance] Mitaka: passing the torch`: the page title without the
    project and cycle it would repeat."""
    for prefix in prefixes:
        if prefix and title.lower().startswith(prefix.lower()):
            title = title[len(prefix) :].lstrip(" :—-–,")
            break
    return f"[{tag}] {cycle}: {title}" if cycle else f"[{tag}] {title}"


def _post(root: Path, cycle: m.Cycle, page: str, text: str, subject_line: str) -> MailPost:
    base = site_url_or(root, "")  # no mkdocs.yml: no references to the site's own pages
    refs = References.for_page(base, cycle.name, page) if base else References()
    return MailPost(subject_line, render_text(text, refs))


def render_page(site: m.Site, root: Path, cycle: m.Cycle, page: str) -> str | None:
    """One page of `cycle`'s public version, exactly as the site build renders it."""
    return render_cycle(site, cycle, root / "theme", private=False).get(page)


def _require_clean(report: m.Report | None) -> None:
    """A report whose placeholders or private markers are broken would render wrongly: stop first."""
    if report is None:
        return
    errors = [p for p in lint(report.text, report.path, strict_prompts=False) if p.severity == "error"]
    if errors:
        raise UserError(f"Aborted with {len(errors)} error(s) in {report.path}.", errors)


def find_entry(site: m.Site, project: str, cycle: str) -> m.ProjectCycleEntry:
    if cycle not in {c.name for c in site.cycles}:
        raise UserError(f"unknown cycle '{cycle}'. {did_you_mean(cycle, [c.name for c in site.cycles])}".strip())
    for entry in site.entries_for(cycle):
        if entry.project == project:
            return entry
    known = sorted({e.project for e in site.entries})
    hint = did_you_mean(project, known) or f"projects with data in {cycle}: " + ", ".join(
        e.project for e in site.entries_for(cycle)
    )
    raise UserError(f"no data for project '{project}' in {cycle}. {hint}".strip())


def retrospective_post(site: m.Site, root: Path, project: str, cycle: str) -> MailPost:
    """The "passing the torch" post for one project and cycle."""
    _require_clean(find_entry(site, project, cycle).retrospective)
    the_cycle = site.cycle(cycle)
    page = f"projects/{project}/retrospective.md"
    text = render_page(site, root, the_cycle, page)
    if text is None:
        raise UserError(
            f"{project} has no retrospective in {cycle}; start one with "
            f"`cycle-reports draft retrospective --project {project} --cycle {cycle}`"
        )
    team = site.project(project)
    title = title_of(text) or "passing the torch"
    line = subject(project, the_cycle.label, title, (f"{team.label} {the_cycle.label}", team.label))
    return _post(root, the_cycle, page, text, line)


def midcycle_post(site: m.Site, root: Path, project: str, cycle: str, date: dt.date | None) -> MailPost:
    """The summary post of a midcycle meeting (the only one of the cycle when `date` is None)."""
    entry = find_entry(site, project, cycle)
    meetings = [(mc, r) for mc, r in entry.midcycles if date is None or mc.date == date]
    if len(meetings) != 1:
        dates = ", ".join(mc.date.isoformat() for mc, _ in entry.midcycles) or "none"
        what = "several midcycles; pick one with --date" if meetings else f"no midcycle on {date}"
        raise UserError(f"{project} has {what} in {cycle} (midcycles: {dates})")
    meeting = meetings[0][0]
    _require_clean(meetings[0][1])
    the_cycle = site.cycle(cycle)
    page = f"projects/{project}/midcycle-{meeting.date.isoformat()}.md"
    text = render_page(site, root, the_cycle, page) or ""
    kind = {"virtual": "virtual midcycle summary", "hybrid": "hybrid midcycle summary"}.get(
        meeting.format, "midcycle summary"
    )
    return _post(root, the_cycle, page, text, subject(project, the_cycle.label, kind))


def board_post(site: m.Site, root: Path, date: dt.date) -> MailPost:
    """The notes of a board meeting, posted to the foundation list."""
    found = [(b, r) for b, r in site.board if b.date == date]
    if not found:
        dates = ", ".join(b.date.isoformat() for b, _ in site.board) or "none"
        raise UserError(f"no board meeting on {date} (meetings: {dates})")
    meeting = found[0][0]
    _require_clean(found[0][1])
    within = [c for c in site.cycles if c.start and c.end and c.start <= date <= c.end]
    if not within:
        raise UserError(f"the board meeting on {date} falls in no cycle of data/cycles.yaml")
    the_cycle = within[0]
    page = f"board/{date.isoformat()}.md"
    text = render_page(site, root, the_cycle, page) or ""
    title = f"{meeting.title or 'Board meeting'}, {date.day} {date:%B %Y}"
    return _post(root, the_cycle, page, text, subject("board", "", title))
