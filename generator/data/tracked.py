"""A YAML value carried with the place it came from, so merged and filtered data still point at
the line a person wrote. Merge and privacy both work on these trees; neither owns them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Location
from .yamlio import Document, PathKey


@dataclass
class Tracked:
    """A value together with the place it came from."""

    value: Any
    where: Location
    key_where: Location | None = None


def track(doc: Document, data: Any = None, key: PathKey = ()) -> Tracked:
    data = doc.data if not key and data is None else data
    key_where = doc.key_marks.get(key)
    if isinstance(data, dict):
        return Tracked({k: track(doc, v, (*key, k)) for k, v in data.items()}, doc.where(key), key_where)
    if isinstance(data, list):
        return Tracked([track(doc, v, (*key, i)) for i, v in enumerate(data)], doc.where(key), key_where)
    return Tracked(data, doc.where(key), key_where)


def plain(node: Tracked | None) -> Any:
    return None if node is None else untrack(node)[0]


def untrack(tree: Tracked) -> tuple[Any, dict[PathKey, Location], dict[PathKey, Location]]:
    """Plain data plus the value and key location maps of the merged tree."""
    marks: dict[PathKey, Location] = {}
    key_marks: dict[PathKey, Location] = {}

    def walk(node: Tracked, key: PathKey) -> Any:
        marks[key] = node.where
        if node.key_where is not None:
            key_marks[key] = node.key_where
        if isinstance(node.value, dict):
            return {k: walk(v, (*key, k)) for k, v in node.value.items()}
        if isinstance(node.value, list):
            return [walk(v, (*key, i)) for i, v in enumerate(node.value)]
        return node.value

    return walk(tree, ()), marks, key_marks
