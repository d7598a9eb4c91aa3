"""Contradictions inside one project's cycle, and with the cycles beside it, located in the YAML.

One file alone can be valid and still be wrong: roster figures that do not add up, a handoff to
the outgoing PTL, a date outside the cycle, a name spelt differently from the roster it refers
to. These are the PTL's likely mistakes, so each is reported at the line and column where it was
written (the authored file first, the gathered one next), with a "did you mean" where a close
name exists.

The model has lost the YAML marks by the time this runs, so `places.Places` reads the entry's
files again, and only when there is something to report.
"""

from __future__ import annotations

import datetime as dt

from ..data import model as m
from ..errors import Location, Problem, did_you_mean
from .places import Places


def _neighbour(site: m.Site, entry: m.ProjectCycleEntry, step: int) -> m.ProjectCycleEntry | None:
    names = [c.name for c in site.cycles]
    position = names.index(entry.cycle) + step
    if not 0 <= position < len(names):
        return None
    return next((e for e in site.entries_for(names[position]) if e.project == entry.project), None)


def _known_people(site: m.Site, entry: m.ProjectCycleEntry) -> set[str]:
    """Names the data already spells: this cycle's roster, PTL, candidates, reviewers, and the
    neighbouring cycles' PTLs and rosters."""
    known: set[str] = set()
    for other in (entry, _neighbour(site, entry, -1), _neighbour(site, entry, 1)):
        if other is None:
            continue
        data = other.data
        known.update(data.roster.start, data.roster.end)
        known.update(c.name for c in data.candidacies)
        if data.ptl:
            known.add(data.ptl)
        if other is entry:
            known.update(r.name for r in data.reviewers)
    return known


def _outside(day: dt.date, cycle: m.Cycle) -> bool:
    return bool(cycle.start and cycle.end and not cycle.start <= day <= cycle.end)


def check_roster(entry: m.ProjectCycleEntry, cycle: m.Cycle, places: Places) -> list[Problem]:
    """Roster figures that contradict each other or the names listed, names missing from the
    roster they should be in, and change dates outside the cycle."""
    problems = []
    roster = entry.data.roster
    counts = roster.counts
    listed = {
        "start": list(roster.start),
        "end": list(roster.end),
        "joined": [c.name for c in roster.joined],
        "left": [c.name for c in roster.left],
        "steady": list(roster.steady),
    }
    if counts is not None:
        for attr, names in listed.items():
            figure = getattr(counts, attr)
            if figure is not None and names and figure != len(names):
                where = "roster.changes" if attr in ("joined", "left") else f"roster.{attr}"
                problems.append(
                    Problem(
                        places.where("roster", "counts", attr),
                        f"expected {len(names)} (the {attr} names listed in {where}), got {figure}",
                        f"roster.counts.{attr}",
                        f"the page counts the names listed: list every one in {where}, or correct the figure",
                    )
                )
    start, end, joined, left = roster.size_start, roster.size_end, roster.joined_count, roster.left_count
    if (
        start is not None
        and end is not None
        and joined is not None
        and left is not None
        and end != start + joined - left
    ):
        in_counts = counts is not None and counts.end is not None and not roster.end
        problems.append(
            Problem(
                places.where("roster", "counts", "end") if in_counts else places.where("roster", "end"),
                f"expected {start + joined - left} (start {start} + joined {joined} - left {left}), got {end}",
                "roster.counts.end" if in_counts else "roster.end",
                "one of the figures is wrong: the team at the end is the team at the start, plus who "
                "joined, minus who left",
            )
        )
    return problems + _roster_names(entry, cycle, places)


def _roster_names(entry: m.ProjectCycleEntry, cycle: m.Cycle, places: Places) -> list[Problem]:
    """Change dates outside the cycle; names missing from the roster list they belong in."""
    problems = []
    roster = entry.data.roster
    for change in roster.changes:
        if change.date and _outside(change.date, cycle):
            problems.append(
                Problem(
                    places.where("roster", "changes", ("id", change.id), "date"),
                    f"expected a date in {cycle.name} ({cycle.start} to {cycle.end}), got {change.date}",
                    f"roster.changes[{change.id}].date",
                    "a change after the cycle ended belongs to the next cycle's roster",
                )
            )
    sides = (
        (roster.joined, roster.left, roster.end, "joined", "end", "left"),
        (roster.left, roster.joined, roster.start, "left", "start", "joined"),
    )
    for changes, undoing, listed, verb, field_name, other in sides:
        if not listed:
            continue
        for change in changes:
            if change.name not in listed and not any(c.name == change.name for c in undoing):
                problems.append(
                    Problem(
                        places.where("roster", "changes", ("id", change.id), "name"),
                        f"{change.name} {verb} the core team but is not in roster.{field_name}",
                        f"roster.changes[{change.id}].name",
                        did_you_mean(change.name, listed)
                        or f"add them to roster.{field_name}, or record when they {other}",
                    )
                )
    for change in roster.left:
        if roster.end and change.name in roster.end and not any(c.name == change.name for c in roster.joined):
            problems.append(
                Problem(
                    places.where("roster", "changes", ("id", change.id), "name"),
                    f"{change.name} left the core team but is still in roster.end",
                    f"roster.changes[{change.id}].name",
                    "remove them from roster.end, or record when they came back",
                )
            )
    for name in roster.steady:
        for attr in ("start", "end"):
            names = getattr(roster, attr)
            if names and name not in names:
                problems.append(
                    Problem(
                        places.where("roster", "steady", ("", name)),
                        f"{name} reviewed steadily but is not in roster.{attr}",
                        "roster.steady",
                        did_you_mean(name, names) or f"a steady core is in the team at the {attr} too",
                    )
                )
    return problems


def check_handoff(site: m.Site, entry: m.ProjectCycleEntry, cycle: m.Cycle, places: Places) -> list[Problem]:
    """A handoff to the outgoing PTL, dated outside the cycle, or naming someone the PTL data
    (this cycle's, the next one's) spells otherwise."""
    handoff = entry.data.handoff
    if handoff is None:
        return []
    problems = []
    if handoff.incoming and handoff.incoming == handoff.outgoing:
        problems.append(
            Problem(
                places.where("handoff", "incoming"),
                f"expected someone other than the outgoing PTL, got '{handoff.incoming}'",
                "handoff.incoming",
                "a PTL who stays on hands off to nobody: leave `incoming` out",
            )
        )
    if handoff.date and _outside(handoff.date, cycle):
        problems.append(
            Problem(
                places.where("handoff", "date"),
                f"expected a date in {cycle.name} ({cycle.start} to {cycle.end}), got {handoff.date}",
                "handoff.date",
                "the torch passes before the cycle ends; a later handoff belongs to the next cycle's data",
            )
        )
    return problems + _handoff_people(site, entry, cycle, places)


def _handoff_people(site: m.Site, entry: m.ProjectCycleEntry, cycle: m.Cycle, places: Places) -> list[Problem]:
    """Handoff names the PTL data (this cycle's `ptl`, the next cycle's) or the roster spell otherwise."""
    handoff = entry.data.handoff
    assert handoff is not None
    problems = []
    known = _known_people(site, entry)
    ptl = entry.data.ptl
    if ptl and handoff.outgoing != ptl:
        problems.append(
            Problem(
                places.where("handoff", "outgoing"),
                f"expected {cycle.name}'s PTL '{ptl}', got '{handoff.outgoing}'",
                "handoff.outgoing",
                did_you_mean(handoff.outgoing, [ptl]) or "the outgoing PTL is the cycle's `ptl`; correct one of them",
            )
        )
    following = _neighbour(site, entry, 1)
    incoming_ptl = following.data.ptl if following else None
    # Whoever led the next cycle at its start counts too (a mid-cycle change in it: `leadership`).
    lead = following.data.leadership if following else None
    leaders = {x.name for x in lead.leaders} if lead else set()
    if handoff.incoming and handoff.incoming != handoff.outgoing:
        if incoming_ptl and handoff.incoming != incoming_ptl and handoff.incoming not in leaders:
            assert following is not None
            problems.append(
                Problem(
                    places.where("handoff", "incoming"),
                    f"expected {following.cycle}'s PTL '{incoming_ptl}', got '{handoff.incoming}'",
                    "handoff.incoming",
                    did_you_mean(handoff.incoming, [incoming_ptl])
                    or f"data/{following.cycle}/{following.project} names a different PTL; correct one of them",
                )
            )
        elif not incoming_ptl and handoff.incoming not in known and (hint := did_you_mean(handoff.incoming, known)):
            problems.append(
                Problem(
                    places.where("handoff", "incoming"),
                    f"expected a name the roster or PTL data spells, got '{handoff.incoming}'",
                    "handoff.incoming",
                    hint,
                )
            )
    for contact in handoff.ask:
        if contact.name not in known and (hint := did_you_mean(contact.name, known)):
            problems.append(
                Problem(
                    places.where("handoff", "ask", ("name", contact.name), "name"),
                    f"expected a name the roster or PTL data spells, got '{contact.name}'",
                    "handoff.ask.name",
                    hint,
                )
            )
    return problems


def check_core_names(site: m.Site, entry: m.ProjectCycleEntry, places: Places) -> list[Problem]:
    """A roster change or a review-day participant naming someone almost, but not exactly, as the
    data knows them (`Erno Kuvja` beside `Erno Kuvaja`): the page would show two people."""
    roster = entry.data.roster
    known = _known_people(site, entry)
    problems = [
        Problem(
            places.where("review_days", ("id", day.id), "participants", ("", name)),
            f"expected a name the roster or PTL data spells, got '{name}'",
            f"review_days[{day.id}].participants",
            hint,
            "warning",
        )
        for day in entry.data.review_days
        for name in day.participants
        if name not in known and (hint := did_you_mean(name, known))
    ]
    for change in roster.changes:
        if change.name in known:
            continue
        # names in this cycle's roster lists are checked against them above, with their own message
        if (change.change == "joined" and roster.end) or (change.change == "left" and roster.start):
            continue
        hint = did_you_mean(change.name, known)
        if hint:
            problems.append(
                Problem(
                    places.where("roster", "changes", ("id", change.id), "name"),
                    f"expected a name the roster or PTL data spells, got '{change.name}'",
                    f"roster.changes[{change.id}].name",
                    hint,
                )
            )
    return problems


def check_priorities(entry: m.ProjectCycleEntry, cycles: dict[str, m.Cycle], places: Places) -> list[Problem]:
    """A priority carried to a cycle that does not exist; one whose outcome no source told; one
    that was missed with no reason (or with a reason only the private build shows)."""
    problems = []
    for priority in entry.data.priorities:
        if priority.carried_to and priority.carried_to not in cycles:
            problems.append(
                Problem(
                    places.where("priorities", ("id", priority.id), "carried_to"),
                    f"expected a known cycle, got '{priority.carried_to}'",
                    f"priorities[{priority.id}].carried_to",
                    did_you_mean(priority.carried_to, cycles),
                )
            )
        if priority.outcome == "unknown":
            problems.append(
                Problem(
                    places.where("priorities", ("id", priority.id), "outcome"),
                    "no source tells how this priority went (outcome unknown)",
                    f"priorities[{priority.id}].outcome",
                    f"set it in authored.yaml: `- {{id: {priority.id}, outcome: done}}` under priorities "
                    "(or partial, missed, dropped); the page shows 'Not known' until then",
                    "warning",
                )
            )
        if priority.outcome in ("missed", "partial", "dropped") and not priority.reason:
            if places.written("priorities", ("id", priority.id), "reason"):
                problems.append(
                    Problem(
                        places.where("priorities", ("id", priority.id), "reason"),
                        f"the reason is private: the public page shows this {priority.outcome} priority without one",
                        f"priorities[{priority.id}].reason",
                        "fine if meant; `build --private` shows it",
                        "note",
                    )
                )
                continue
            problems.append(
                Problem(
                    places.where("priorities", ("id", priority.id)),
                    f"{priority.outcome} priority has no reason",
                    f"priorities[{priority.id}].reason",
                    "say why in authored.yaml: readers and the next PTL want to know",
                    "warning",
                )
            )
    return problems


def check_review_days(entry: m.ProjectCycleEntry, cycle: m.Cycle, places: Places) -> list[Problem]:
    return [
        Problem(
            places.where("review_days", ("id", day.id), "date"),
            f"review day {day.date} is outside {cycle.name} ({cycle.start} to {cycle.end})",
            f"review_days[{day.id}].date",
        )
        for day in entry.data.review_days
        if day.date and _outside(day.date, cycle)
    ]


def check_duplicates(entry: m.ProjectCycleEntry, places: Places) -> list[Problem]:
    problems = []
    for kind in ("features", "priorities", "review_days", "candidacies"):
        seen: set[str] = set()
        for item in getattr(entry.data, kind):
            if item.id in seen:
                problems.append(Problem(places.where(kind, ("id", item.id)), f"duplicate id '{item.id}'", kind))
            seen.add(item.id)
    return problems


def check_team_existed(site: m.Site, entry: m.ProjectCycleEntry, cycle: m.Cycle, places: Places) -> list[Problem]:
    """A report for a cycle that began after the team left governance: likely the wrong cycle or
    team (a retired team's gathered data stops at its last cycle, so only a person writes this)."""
    project = site.project(entry.project)
    if not (project.retired and cycle.start and project.retired < cycle.start):
        return []
    why = f" ({project.retired_reason})" if project.retired_reason else ""
    said = f"{project.label} left governance on {project.retired}{why}, before {cycle.name} began ({cycle.start})"
    written = [f for f in entry.files if f.endswith("/authored.yaml") or f.startswith("content/")]
    if not written:  # the sources disagree (one still lists the team): say so, nothing to fix
        return [Problem(Location(places.fallback, 1, 1), f"{said}; a source still lists it here", "project",
                        severity="note")]  # fmt: skip
    return [
        Problem(
            Location(written[0], 1, 1),
            said,
            "project",
            "check the cycle and the team of this report; a team that came back needs its return in governance",
            "warning",
        )
    ]
