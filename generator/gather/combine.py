"""Fold this run's contributions into what the files already hold (pure).

Rules:
- a field a source answers for (`Contribution.provides`) replaces the previous value, even
  with an empty one; every other field keeps its previous value, so a source not run this time
  keeps what it gathered before;
- `features` and `priorities` are shared: a source replaces only the items whose id carries
  its prefix (`hl-` releases, `bp-` launchpad, `spec-` specs), others are kept;
- within one run, sources apply in registry order, so the later one wins a shared scalar
  (governance's PTL over election's);
- a Launchpad candidate `bp-x` is dropped when the specs priorities have `spec-x`;
- implemented specs (`spec-` features) stand in for release highlights: they are left out when
  the cycle has `hl-` features, and `spec-x` is left out when Launchpad gave the feature `bp-x`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..data import model as m
from .results import Contribution

SHARED = ("features", "priorities")


def _rank(item_id: str, order: list[str]) -> int:
    return next((i for i, prefix in enumerate(order) if item_id.startswith(prefix)), len(order))


def combine_project_cycle(
    previous: m.ProjectCycle | None, runs: list[tuple[dict[str, str], Contribution]], order: dict[str, list[str]]
) -> m.ProjectCycle:
    """`previous` with each (source's id prefixes, contribution) applied in turn.

    `order` gives, per shared field, the prefixes in the order their items are listed.
    """
    data = previous or m.ProjectCycle()
    for prefixes, contribution in runs:
        for name in sorted(contribution.provides):
            value = getattr(contribution.data, name)
            prefix = prefixes.get(name)
            if name in SHARED and prefix:
                kept = [item for item in getattr(data, name) if not item.id.startswith(prefix)]
                merged = kept + list(value)
                value = sorted(merged, key=lambda item: _rank(item.id, order.get(name, [])))
            data = dataclasses.replace(data, **{name: value})
    specs = {p.id.removeprefix("spec-") for p in data.priorities if p.id.startswith("spec-")}
    priorities = [p for p in data.priorities if not (p.id.startswith("bp-") and p.id.removeprefix("bp-") in specs)]
    highlights = any(f.id.startswith("hl-") for f in data.features)
    blueprints = {f.id.removeprefix("bp-") for f in data.features if f.id.startswith("bp-")}
    features = [
        f
        for f in data.features
        if not (f.id.startswith("spec-") and (highlights or f.id.removeprefix("spec-") in blueprints))
    ]
    stamps = [c.as_of for _, c in runs if c.as_of] + list(_as_of(data))
    as_of = max(stamps, key=_sortable) if stamps else data.as_of
    return dataclasses.replace(data, priorities=priorities, features=features, as_of=as_of)


def _sortable(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(), dt.UTC)


def _as_of(value: Any) -> Iterable[dt.datetime | dt.date]:
    """Every `as_of` of every `Source` inside `value`."""
    if isinstance(value, m.Source):
        if value.as_of is not None:
            yield value.as_of
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _as_of(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _as_of(item)


def is_empty(data: m.ProjectCycle) -> bool:
    """Nothing gathered but the time stamp."""
    return dataclasses.replace(data, as_of=None) == m.ProjectCycle()


def combine_by_key(previous: list[Any], new: list[Any], key: str) -> list[Any]:
    """Entries keyed by `key` (cycles by name, projects by key): new ones replace old ones."""
    merged = {getattr(item, key): item for item in previous}
    merged.update({getattr(item, key): item for item in new})
    return list(merged.values())
