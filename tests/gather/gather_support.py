"""Constants and option builders shared by the gather tests (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.gather.context import GatherOptions

# The real sample files, read in place (never copied into the repo): /work/main/../shared/fixtures.
FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"

# A day inside the Caracal cycle, and one long after every past cycle.
IN_CARACAL = dt.datetime(2024, 1, 20, 12, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def make_options(root: Path, fixtures: Path, *sources: str, **overrides: Any) -> GatherOptions:
    """Options as the command would build them, fast on failure: few retries, no backoff, no bar."""
    locations = {"releases": str(fixtures / "openstack-releases")}
    locations.update(overrides.pop("locations", {}))
    values: dict[str, Any] = {
        "root": root,
        "sources": sources,
        "projects": ("glance",),
        "cycles": ("caracal",),
        "locations": locations,
        "now": LATER,
        "progress": False,
        "retries": 2,
        "backoff": 0.0,
        "timeout": 5.0,
        "jobs": 4,
    }
    values.update(overrides)
    return GatherOptions(**values)
