"""Source name → the class that gathers it (like requests_cache.backends), imported on demand."""

from __future__ import annotations

import importlib

from ..errors import UserError, did_you_mean
from .results import Gatherer

# Order matters: when two sources fill the same field in one run (the PTL from election and
# from governance), the later one wins.
SOURCES: dict[str, str] = {
    "releases": "generator.gather.releases:ReleasesSource",
    "election": "generator.gather.election:ElectionSource",
    "governance": "generator.gather.governance:GovernanceSource",
    "gerrit": "generator.gather.gerrit:GerritSource",
    "launchpad": "generator.gather.launchpad:LaunchpadSource",
    "specs": "generator.gather.specs:SpecsSource",
}


# What each source would have given, for the line that says it was skipped.
GIVES: dict[str, str] = {
    "releases": "the calendar (dates, milestones) and the release highlights as features",
    "election": "the candidacies and the elected PTL",
    "governance": "the team's description and the PTL (with a git checkout, the PTL of every cycle and the handoff)",
    "gerrit": "the review figures per reviewer, the review days' figures, the backlog and the core roster",
    "launchpad": "the implemented blueprints as features and the targeted ones as priority candidates",
    "specs": "the priorities with their outcomes and the implemented specs",
}
# Sources that read a git repository, which a local checkout can stand in for.
CHECKOUTS: dict[str, str] = {
    "releases": "openstack/releases",
    "election": "openstack/election",
    "governance": "openstack/governance",
    "specs": "openstack/<project>-specs",
}


def valid_names() -> str:
    return ", ".join(SOURCES)


def get_source(name: str) -> Gatherer:
    """The gatherer registered as `name`; an unknown name lists the valid ones."""
    if name not in SOURCES:
        hint = did_you_mean(name, SOURCES)
        raise UserError(f"unknown source '{name}'; valid sources: {valid_names()}" + (f" ({hint})" if hint else ""))
    module_name, class_name = SOURCES[name].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    gatherer: Gatherer = cls()
    return gatherer


def ordered(names: list[str]) -> list[str]:
    """`names` without repeats, in registry order."""
    wanted = set(names)
    return [n for n in SOURCES if n in wanted]
