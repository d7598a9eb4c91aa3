"""`cycle-reports check`: schema errors, prose lint and contradictions between files.

Schema errors come from `load`. On top of those this checks what one file alone cannot know: a
new core who is not in the end roster, a review day outside its cycle, overlapping cycle dates, a
priority carried over to a cycle that does not exist, and placeholders, private markers and
writing prompts in the prose.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from ..data import model as m
from ..data.prose import lint
from ..errors import Location, Problem, did_you_mean
from ..load.site import load_site


def _where(entry: m.ProjectCycleEntry) -> str:
    for name in ("authored.yaml", "gathered.yaml"):
        path = f"data/{entry.cycle}/{entry.project}/{name}"
        if path in entry.files:
            return path
    return f"data/{entry.cycle}/{entry.project}"


def check_cycles(cycles: tuple[m.Cycle, ...]) -> list[Problem]:
    problems = []
    dated = [c for c in cycles if c.start and c.end]
    for cycle in dated:
        assert cycle.start and cycle.end
        if cycle.end < cycle.start:
            problems.append(
                Problem(
                    Location("data/cycles.yaml"),
                    f"cycle ends ({cycle.end}) before it starts ({cycle.start})",
                    f"cycles[{cycle.name}].end",
                )
            )
    for before, after in itertools.pairwise(dated):
        assert before.end and after.start
        if after.start < before.end:
            problems.append(
                Problem(
                    Location("data/cycles.yaml"),
                    f"overlaps {before.name}: starts {after.start}, before {before.name} ends {before.end}",
                    f"cycles[{after.name}].start",
                )
            )
    return problems


def check_entry(entry: m.ProjectCycleEntry, cycles: dict[str, m.Cycle]) -> list[Problem]:
    problems = []
    where = Location(_where(entry))
    data = entry.data
    cycle = cycles[entry.cycle]
    roster = data.roster
    if roster.end:
        for change in roster.joined:
            if change.name not in roster.end and not any(c.name == change.name for c in roster.left):
                problems.append(
                    Problem(
                        where,
                        f"{change.name} joined the core team but is not in roster.end",
                        f"roster.changes[{change.id}]",
                        "add them to roster.end, or record when they left",
                    )
                )
    for change in roster.left:
        if roster.end and change.name in roster.end and not any(c.name == change.name for c in roster.joined):
            problems.append(
                Problem(
                    where,
                    f"{change.name} left the core team but is still in roster.end",
                    f"roster.changes[{change.id}]",
                )
            )
    for day in data.review_days:
        if day.date and cycle.start and cycle.end and not (cycle.start <= day.date <= cycle.end):
            problems.append(
                Problem(
                    where,
                    f"review day {day.date} is outside {cycle.name} ({cycle.start} to {cycle.end})",
                    f"review_days[{day.id}].date",
                )
            )
    for priority in data.priorities:
        if priority.carried_to and priority.carried_to not in cycles:
            problems.append(
                Problem(
                    where,
                    f"expected a known cycle, got '{priority.carried_to}'",
                    f"priorities[{priority.id}].carried_to",
                    did_you_mean(priority.carried_to, cycles),
                )
            )
        if priority.outcome in ("missed", "partial", "dropped") and not priority.reason:
            problems.append(
                Problem(
                    where,
                    f"{priority.outcome} priority has no reason",
                    f"priorities[{priority.id}].reason",
                    "say why in authored.yaml: readers and the next PTL want to know",
                    "warning",
                )
            )
    for kind in ("features", "priorities", "review_days", "candidacies"):
        seen: set[str] = set()
        for item in getattr(data, kind):
            if item.id in seen:
                problems.append(Problem(where, f"duplicate id '{item.id}'", kind))
            seen.add(item.id)
    return problems


def check_project(root: Path, strict: bool = False) -> list[Problem]:
    """Every problem in the project; warnings become errors in `strict` mode (by the caller)."""
    loaded = load_site(root)
    problems = list(loaded.problems.items)
    site = loaded.site
    if site is None:
        return problems
    cycles = {c.name: c for c in site.cycles}
    problems += check_cycles(site.cycles)
    reports: list[m.Report] = list(site.pages)
    for entry in site.entries:
        problems += check_entry(entry, cycles)
        if entry.retrospective:
            reports.append(entry.retrospective)
        reports += [r for _, r in entry.midcycles if r]
    reports += [r for _, r in site.board if r]
    prose_problems: list[Problem] = []
    for report in reports:
        prose_problems += lint(report.text, report.path, strict_prompts=strict)
    problems += prose_problems
    # Links are checked on the rendered pages, which needs prose whose placeholders are valid.
    if not any(p.severity == "error" for p in prose_problems):
        from .links import check_links

        problems += check_links(site, root)
    return problems
