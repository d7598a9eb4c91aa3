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
