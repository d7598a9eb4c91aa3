"""What `draft retrospective` gathers before it drafts, and what it then asks the PTL for.

Gathering goes through the gather pipeline's own function (never the command line), source by
source: what cannot be reached is skipped with its line and the draft uses what the others gave.
The facts no source gave are asked for in the drafted authored.yaml, beside their field, with the
command that fills them online. The gather stage is optional: without it, drafting still works.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..data import model as m


@dataclass(frozen=True)
class Gathered:
    """What gathering before the draft did: lines to print, and the sources that were skipped."""

    lines: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    ran: bool = True


def gather_first(
    root: Path,
    project: str,
    cycle: str,
    *,
    offline: bool = False,
    locations: dict[str, str] | None = None,
    sources: Sequence[str] = (),
) -> Gathered:
    """Gather one project's cycle with the gather pipeline (when that stage is installed), source
    by source: the ones that cannot be reached are skipped, each with its line, and the draft goes
    ahead with whatever the others gave. `sources` defaults to every registered source."""
    if importlib.util.find_spec("generator.gather") is None:
        return Gathered(("gather: not installed here; drafting from the data already in data/",), ran=False)
    from ..gather import registry
    from ..gather.context import GatherOptions
    from ..gather.pipeline import run_gather

    for name in locations or {}:
        if name not in registry.SOURCES:
            registry.get_source(name)  # raises: unknown source, with a "did you mean"
    options = GatherOptions(
        root=root,
        sources=tuple(sources) or tuple(registry.SOURCES),
        projects=(project,),
        cycles=(cycle,),
        locations=dict(locations or {}),
        offline=offline,
        progress=False,
    )
    report = run_gather(options)
    lines = [f"warning: {w}" for w in report.warnings] + [s.line for s in report.skipped]
    changed = len(report.written.changed)
    lines.append(
        f"gather: {changed} file(s) written, {len(report.written.unchanged)} unchanged"
        + (f"; {len(report.skipped)} source(s) skipped, drafting from what the others gave" if report.skipped else "")
    )
    return Gathered(tuple(lines), tuple(s.source for s in report.skipped))


# What no local source holds, the drafted authored.yaml asks for next to its field, with the
# command that fills it online: field -> (what is missing, how to get it).
def missing_facts(data: m.ProjectCycle, project: str, cycle: m.Cycle, past: bool) -> dict[str, str]:
    gerrit = f"`cycle-reports gather gerrit --project {project} --cycle {cycle.name}`"
    out: dict[str, str] = {}
    if not data.review_days or all(d.reviews is None and d.merged is None for d in data.review_days):
        out["review_days"] = f"review-day figures not gathered: type them, or run {gerrit} online"
    if data.backlog is None:
        out["backlog"] = f"backlog not gathered: type it, or run {gerrit} online"
    if not data.reviewers:
        out["reviewers"] = f"reviewer figures not gathered: run {gerrit} online"
    if not (data.roster.start or data.roster.end or data.roster.counts):
        how = (
            f"run {gerrit} online with CYCLE_REPORTS_GERRIT_USER/PASSWORD (a group owner's; the audit log "
            "replays a past cycle's roster)"
            if past
            else f"run {gerrit} online"
        )
        out["roster"] = f"core roster not gathered: type it, or {how}"
    if not data.ptl:
        out["ptl"] = (
            f"PTL not gathered: type it, or run `cycle-reports gather governance election --project {project} "
            f"--cycle {cycle.name} --from governance=PATH` with a git checkout of openstack/governance"
        )
    return out
