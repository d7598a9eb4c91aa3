"""Skeleton files for a PTL to fill in: `draft` (retrospective, midcycle, board meeting) and `new-cycle`.

Every function here either builds the files' text (`build_*`, pure) or writes them
(`write_new_files`), and writing never replaces a file that exists: running `draft` twice changes
nothing the second time, and nothing the PTL wrote is ever lost. YAML files start with the
`# yaml-language-server: $schema=…` line so editors complete keys and flag mistakes.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import model as m
from ..data.reader import load_document
from ..data.schemas import schema_comment
from ..data.yamlio import dump_yaml, write_text_atomic
from ..errors import Problem, UserError, did_you_mean
from ..load.site import load_site
from ..render.page import environment
from .draft_gather import missing_facts

UNDECIDED = ("open", "planned", "in-progress", "pending")  # an Outcome for "not judged yet", if the model has one


@dataclass(frozen=True)
class DraftFile:
    """A file to create: its path relative to the project root and its text."""

    path: Path
    text: str


@dataclass
class WriteReport:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What drafting knows about the project: the calendar always, the loaded data when it loads."""

    cycles: tuple[m.Cycle, ...]
    projects: tuple[m.Project, ...]
    site: m.Site | None = None
    problems: tuple[Problem, ...] = ()

    def cycle(self, name: str) -> m.Cycle:
        for cycle in self.cycles:
            if cycle.name == name:
                return cycle
        hint = did_you_mean(name, [c.name for c in self.cycles]) or "add it to data/cycles.yaml"
        raise UserError(f"unknown cycle '{name}': it is not in the calendar (data/cycles.yaml); {hint}")

    def project(self, key: str) -> m.Project:
        for project in self.projects:
            if project.key == key:
                return project
        hint = did_you_mean(key, [p.key for p in self.projects]) or "add it to data/projects.yaml"
        raise UserError(f"unknown project '{key}': it is not in data/projects.yaml; {hint}")

    def neighbour(self, cycle: m.Cycle, step: int) -> m.Cycle | None:
        names = [c.name for c in self.cycles]
        position = names.index(cycle.name) + step
        return self.cycles[position] if 0 <= position < len(self.cycles) else None

    def data(self, cycle: str, project: str) -> m.ProjectCycle | None:
        if self.site is None:
            return None
        found = [e.data for e in self.site.entries_for(cycle) if e.project == project]
        return found[0] if found else None


def load_context(root: Path) -> Context:
    """The loaded project, or, when some file has errors, at least the calendar and the teams."""
    loaded = load_site(root)
    if loaded.site is not None:
        return Context(loaded.site.cycles, loaded.site.projects, loaded.site)
    cycles: list[m.Cycle] = []
    projects: list[m.Project] = []
    for name in ("cycles.gathered.yaml", "cycles.yaml", "projects.gathered.yaml", "projects.yaml"):
        path = root / "data" / name
        if not path.is_file():
            continue
        if name.startswith("cycles"):
            calendar, _ = load_document(path, m.CyclesFile, root)
            cycles += calendar.cycles if calendar else []
        else:
            teams, _ = load_document(path, m.ProjectsFile, root)
            projects += teams.projects if teams else []
    by_name = {c.name: c for c in cycles}  # the hand-written file wins over the gathered one
    ordered = sorted(by_name.values(), key=lambda c: c.calendar_day)
    return Context(tuple(ordered), tuple({p.key: p for p in projects}.values()), None, tuple(loaded.problems.items))


# --- building the files ------------------------------------------------------------------------


def _render(root: Path, name: str, **values: Any) -> str:
    return environment(root / "theme", "draft").get_template(name).render(**values)


def _yaml(data: dict[str, Any]) -> str:
    return dump_yaml(data) if data else ""


def build_retrospective(
    root: Path, ctx: Context, project_key: str, cycle_name: str, today: dt.date | None = None
) -> list[DraftFile]:
    """authored.yaml and retrospective.md for one project's cycle, prefilled from the data at hand."""
    project, cycle = ctx.project(project_key), ctx.cycle(cycle_name)
    data = ctx.data(cycle.name, project.key) or m.ProjectCycle()
    past = cycle.end is not None and cycle.end < (today or dt.date.today())
    after = ctx.neighbour(cycle, 1)
    successor = ctx.data(after.name, project.key) if after else None
    incoming = successor.ptl if successor and successor.ptl and successor.ptl != data.ptl else None
    active: dict[str, Any] = {}
    if data.ptl and data.handoff is None:
        active["handoff"] = {"outgoing": data.ptl, **({"incoming": incoming} if incoming else {})}
    yaml_path = Path("data") / cycle.name / project.key / "authored.yaml"
    prose_path = Path("content") / "cycles" / cycle.name / "projects" / project.key / "retrospective.md"
    values: dict[str, Any] = {
        "project": project,
        "cycle": cycle,
        "next": after,
        "data": data,
        "ptl": data.ptl,
        "incoming": incoming or (data.handoff.incoming if data.handoff else None),
        "has_handoff": data.handoff is not None or "handoff" in active,
        "open_priorities": [
            p for p in data.priorities if p.outcome == "unknown" or (p.outcome != "done" and not p.reason)
        ],
        # Every field the template asks about, "" for what the sources gave (a StrictUndefined
        # template must not fail on a fact that is there: Glance Mitaka's roster crashed it).
        "missing": defaultdict(str, missing_facts(data, project.key, cycle, past)),
        "open_changes": [c for c in data.roster.changes if not c.reason],
        "count": lambda outcome: sum(p.outcome == outcome for p in data.priorities),
        "active": _yaml(active),
        "schema_line": schema_comment(root, root / yaml_path, "project-cycle"),
    }
    return [
        DraftFile(yaml_path, _render(root, "authored.yaml.j2", **values)),
        DraftFile(prose_path, _render(root, "retrospective.md.j2", **values)),
    ]


def build_midcycle(
    root: Path, ctx: Context, project_key: str, cycle_name: str, date: dt.date, prose: bool = True
) -> list[DraftFile]:
    project, cycle = ctx.project(project_key), ctx.cycle(cycle_name)
    data = ctx.data(cycle.name, project.key)
    stem = f"midcycle-{date.isoformat()}"
    yaml_path = Path("data") / cycle.name / project.key / f"{stem}.yaml"
    prose_path = Path("content") / "cycles" / cycle.name / "projects" / project.key / f"{stem}.md"
    active: dict[str, Any] = {"date": date, "title": f"{project.label} {cycle.label} midcycle"}
    if data and data.ptl:
        active["author"] = data.ptl
    values = {
        "project": project,
        "cycle": cycle,
        "date": date,
        "active": _yaml(active),
        "prose_path": prose_path.as_posix(),
        "data_path": yaml_path.as_posix(),
        "schema_line": schema_comment(root, root / yaml_path, "midcycle"),
    }
    files = [DraftFile(yaml_path, _render(root, "midcycle.yaml.j2", **values))]
    if prose:
        files.append(DraftFile(prose_path, _render(root, "midcycle.md.j2", **values)))
    return files


def build_board_meeting(root: Path, date: dt.date, prose: bool = True) -> list[DraftFile]:
    yaml_path = Path("data") / "board" / f"{date.isoformat()}.yaml"
    prose_path = Path("content") / "board" / f"{date.isoformat()}.md"
    values = {
        "date": date,
        "active": _yaml({"date": date}),
        "prose_path": prose_path.as_posix(),
        "data_path": yaml_path.as_posix(),
        "schema_line": schema_comment(root, root / yaml_path, "board-meeting"),
    }
    files = [DraftFile(yaml_path, _render(root, "board-meeting.yaml.j2", **values))]
    if prose:
        files.append(DraftFile(prose_path, _render(root, "board-meeting.md.j2", **values)))
    return files


def write_new_files(root: Path, files: Sequence[DraftFile]) -> WriteReport:
    """Create each file that does not exist yet; leave every existing one exactly as it is."""
    report = WriteReport()
    for draft in files:
        target = root / draft.path
        if target.exists():
            report.kept.append(draft.path)
            continue
        write_text_atomic(target, draft.text)
        report.created.append(draft.path)
    return report


# --- new-cycle ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCycle:
    """The opened cycle's authored.yaml and what the PTL may want to do next."""

    file: DraftFile
    carried: tuple[m.Priority, ...]
    previous: m.Cycle
    hints: tuple[str, ...] = ()


def _undecided_outcome() -> str | None:
    allowed = typing.get_args(m.Outcome)
    return next((o for o in UNDECIDED if o in allowed), None)


def build_new_cycle(root: Path, ctx: Context, name: str, project_key: str, previous_name: str | None) -> NewCycle:
    """The next cycle's authored.yaml: unfinished priorities carried over, the roster and PTL handed on."""
    project, cycle = ctx.project(project_key), ctx.cycle(name)
    previous = ctx.cycle(previous_name) if previous_name else ctx.neighbour(cycle, -1)
    if previous is None:
        raise UserError(f"{cycle.name} is the first cycle in the calendar; name the one to carry over from with --from")
    if ctx.site is None:
        raise UserError("the project has errors; run `cycle-reports check` and fix them first", ctx.problems)
    before = ctx.data(previous.name, project.key)
    if before is None:
        raise UserError(
            f"no data for {project.key} in {previous.name} to carry over; "
            f"start with `cycle-reports draft retrospective --project {project.key} --cycle {cycle.name}`"
        )
    carried = [p for p in before.priorities if p.outcome in ("missed", "partial") and p.carried_to in ("", cycle.name)]
    undecided = _undecided_outcome()
    priorities = []
    for p in carried:
        item: dict[str, Any] = {"id": p.id, "title": p.title, "outcome": undecided or "missed"}
        item["carried_from"] = previous.name
        if p.links:
            item["links"] = [{"title": link.title, "url": link.url} for link in p.links]
        if undecided is None:
            item["private"] = True
        priorities.append(item)
    data: dict[str, Any] = {}
    handoff = before.handoff
    ptl = handoff.incoming if handoff else before.ptl
    if ptl:
        data["ptl"] = ptl
    roster: dict[str, Any] = {}
    if before.roster.group:
        roster["group"] = before.roster.group
    if before.roster.end:
        roster["start"] = list(before.roster.end)
    elif before.roster.size_end is not None:
        roster["counts"] = {"start": before.roster.size_end}
    if roster:
        data["roster"] = roster
    if priorities:
        data["priorities"] = priorities
    yaml_path = Path("data") / cycle.name / project.key / "authored.yaml"
    header = schema_comment(root, root / yaml_path, "project-cycle") + _new_cycle_header(
        project, cycle, previous, before, carried, undecided
    )
    hints = tuple(
        f"{p.id}: consider `carried_to: {cycle.name}` in data/{previous.name}/{project.key}/authored.yaml"
        for p in carried
        if not p.carried_to
    )
    text = dump_yaml(data, header=header) if data else header
    return NewCycle(DraftFile(yaml_path, text), tuple(carried), previous, hints)


def _new_cycle_header(
    project: m.Project,
    cycle: m.Cycle,
    previous: m.Cycle,
    before: m.ProjectCycle,
    carried: list[m.Priority],
    undecided: str | None,
) -> str:
    lines = [
        f"{project.label}, {cycle.label}: opened with `cycle-reports new-cycle` from {previous.label}.",
        "You own this file; `cycle-reports gather` only ever rewrites gathered.yaml beside it.",
    ]
    handoff = before.handoff
    if handoff:
        when = f" on {handoff.date.isoformat()}" if handoff.date else ""
        if handoff.incoming:
            lines.append(f"PTL handoff{when}: {handoff.outgoing} -> {handoff.incoming}.")
        else:
            lines += [
                f"{handoff.outgoing} handed over{when}; {previous.label}'s handoff names no incoming PTL,",
                "so `ptl` is left for you to set below (or set `handoff.incoming` in "
                f"data/{previous.name}/{project.key}/authored.yaml).",
            ]
        lines += (
            ["Open threads handed over:", *(f"  - {t}" for t in handoff.open_threads)] if handoff.open_threads else []
        )
        lines += ["Who to ask:", *(f"  - {c.name}: {c.about}" for c in handoff.ask)] if handoff.ask else []
    if carried and undecided is None:
        lines += [
            f"The priorities below are carried over from {previous.label} (carried_from). The model has",
            "no outcome for work still under way, so each starts as `outcome: missed` with `private: true`",
            "(left out of the public site): set its real outcome when the cycle ends and delete `private`.",
        ]
    elif carried:
        lines.append(f"The priorities below are carried over from {previous.label} (carried_from).")
    return "".join(f"# {line}".rstrip() + "\n" for line in lines) + "\n"
