"""Every team that ever existed, under one key each, from every source that names a team.

Today's `reference/projects.yaml` knows 42 teams; the site must also know the ones that were
retired, merged or renamed, in the cycles they existed in. The set is the union of:

- every revision of governance's programs.yaml / projects.yaml and legacy.yaml (`succession`),
  which also says which old keys are today's team (`smaug` → `karbor`);
- the `team:` of every deliverable file of a releases checkout;
- the team folders of the election repository's candidacies and results.

`--all-projects` means this set. Over HTTP only today's governance file is read (no listing of
thousands of files): a checkout of each repository is what gives the whole history.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .calendar import load_yaml
from .governance import history_of
from .location import LocalRepo
from .names import team_key

if TYPE_CHECKING:
    from .context import Context

_TEAM = re.compile(r"^team:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def canonical(ctx: Context, key: str) -> str:
    """Today's key of a team named by any of its keys over time (`ceilometer` → `telemetry`)."""
    history = history_of(ctx)
    if history is None:
        return key
    return history.aliases.get(key, key)


def team_keys(ctx: Context) -> set[str]:
    """Every team key any source names (governance history, deliverables, elections)."""
    keys: set[str] = set(ctx.teams())
    history = history_of(ctx)
    if history is not None:
        keys |= set(history.teams)
    keys |= {canonical(ctx, k) for k in deliverable_teams(ctx)}
    keys |= {canonical(ctx, k) for k in election_teams(ctx)}
    return {k for k in keys if k}


def deliverable_teams(ctx: Context) -> set[str]:
    """The `team:` of every deliverable file of a releases checkout (none over HTTP)."""
    where = ctx.location("releases")
    if not isinstance(where, LocalRepo):
        return set()
    found: set[str] = set()
    for folder in (where.root / "deliverables").glob("*"):
        for path in folder.glob("*.yaml"):
            match = _TEAM.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                found.add(team_key(match.group(1)))
    return found


def election_teams(ctx: Context) -> set[str]:
    """Team folders of candidacies and the teams of every results file (a checkout only)."""
    where = ctx.location("election")
    if not isinstance(where, LocalRepo):
        return set()
    found: set[str] = set()
    for cycle in (where.root / "candidates").glob("*"):
        found |= {team_key(p.name) for p in cycle.iterdir() if p.is_dir()} if cycle.is_dir() else set()
    for results in (where.root / "doc/source/results").glob("*/ptl.yaml"):
        data: Any = load_yaml(results.read_text(encoding="utf-8", errors="replace"))
        candidates = data.get("candidates") if isinstance(data, dict) else None
        found |= {team_key(str(t)) for t in candidates} if isinstance(candidates, dict) else set()
    return found
