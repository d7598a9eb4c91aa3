"""`cycle-reports check`: schema errors, prose lint and contradictions between files.

Schema errors come from `load`. On top of those this checks what one file alone cannot know:
overlapping cycle dates, then for each project's cycle the contradictions `consistency` looks
for (roster figures, handoff, names, dates, carried priorities), then the prose: placeholders,
private markers, writing prompts, a missing title, and links between pages.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from ..data import model as m
from ..data.prose import lint
from ..errors import Location, Problem
from ..load.published import published
from ..load.site import load_site
from .consistency import (
    check_core_names,
    check_duplicates,
    check_handoff,
    check_priorities,
    check_review_days,
    check_roster,
    check_team_existed,
)
from .places import Places


def check_cycles(cycles: tuple[m.Cycle, ...], root: Path) -> list[Problem]:
    """Cycles that end before they start or overlap the one before, located in the calendar."""
    places = Places(root, ["data/cycles.yaml", "data/cycles.gathered.yaml"], "data/cycles.yaml")
    problems = []
    dated = [c for c in cycles if c.start and c.end]
    for cycle in dated:
        assert cycle.start and cycle.end
        if cycle.end < cycle.start:
            problems.append(
                Problem(
                    places.where("cycles", ("name", cycle.name), "end"),
                    f"cycle ends ({cycle.end}) before it starts ({cycle.start})",
                    f"cycles[{cycle.name}].end",
                )
            )
    for before, after in itertools.pairwise(dated):
        assert before.end and after.start
        if after.start < before.end:
            problems.append(
                Problem(
                    places.where("cycles", ("name", after.name), "start"),
                    f"overlaps {before.name}: starts {after.start}, before {before.name} ends {before.end}",
                    f"cycles[{after.name}].start",
                )
            )
    return problems


def check_entry(entry: m.ProjectCycleEntry, cycles: dict[str, m.Cycle], site: m.Site, root: Path) -> list[Problem]:
    """Contradictions in one project's cycle (see `consistency`), each located in its YAML."""
    cycle = cycles[entry.cycle]
    places = Places.of(root, entry)
    return [
        *check_roster(entry, cycle, places),
        *check_core_names(site, entry, places),
        *check_handoff(site, entry, cycle, places),
        *check_review_days(entry, cycle, places),
        *check_priorities(entry, cycles, places),
        *check_duplicates(entry, places),
        *check_team_existed(site, entry, cycle, places),
    ]


def check_title(report: m.Report) -> list[Problem]:
    """A retrospective whose prose has no `# Title`: its page would open with no heading (the page
    is the prose; midcycle and board pages print a heading of their own above theirs)."""
    if report.title:
        return []
    return [
        Problem(
            Location(report.path, 1, 1),
            "expected a title heading ('# …') in the report, got none",
            "title",
            "start the file with a line such as '# Glance Queens: passing the torch'",
            "warning",
        )
    ]


def private_errors(root: Path) -> list[Problem]:
    """The errors only the private build would meet: the project loaded as `build --private`
    sees it, and its entries checked, keeping the errors (what the public view reports already,
    and its warnings about what a private field leaves out, stay the public check's)."""
    private = load_site(root, private=True, cache_path=root / "build" / "load-cache", save_cache=False)
    found = [p for p in private.problems.items if p.severity == "error"]
    if private.site is not None:
        cycles = {c.name: c for c in private.site.cycles}
        for entry in private.site.entries:
            found += [p for p in check_entry(entry, cycles, private.site, root) if p.severity == "error"]
    return found


def check_project(root: Path, strict: bool = False) -> list[Problem]:
    """Every problem in the project; warnings become errors in `strict` mode (by the caller).

    Private items and fields are checked like the rest (a mistake inside one would otherwise
    surface only in `build --private`): see `private_errors`."""
    loaded = load_site(root)
    problems = list(loaded.problems.items) + private_errors(root)
    site = loaded.site
    if site is None:
        return problems
    cycles = {c.name: c for c in site.cycles}
    problems += check_cycles(site.cycles, root)
    reports: list[m.Report] = list(site.pages)
    for entry in site.entries:
        problems += check_entry(entry, cycles, site, root)
        if entry.retrospective:
            reports.append(entry.retrospective)
            problems += check_title(entry.retrospective)
        # a midcycle page takes its heading from the meeting's data when the prose has none
        reports += [r for _, r in entry.midcycles if r]
    reports += [r for _, r in site.board if r]
    prose_problems: list[Problem] = []
    for report in reports:
        prose_problems += lint(report.text, report.path, strict_prompts=strict)
    problems += prose_problems
    from ..data.identity import check_lowercase_names, check_near_duplicates, load_people

    people = load_people(root)[0]
    problems += check_near_duplicates(site, people) + check_lowercase_names(site, people)
    # Links are checked on the rendered pages, which needs prose whose placeholders are valid.
    if not any(p.severity == "error" for p in prose_problems):
        from .links import check_links

        problems += check_links(published(site), root)  # the pages as built: versions with something
    return problems
