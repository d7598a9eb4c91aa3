"""Overlay a human-owned YAML document on a machine-owned one, keeping every value's location.

Rules: mappings merge key by key; lists whose items are mappings with an `id` (or `key` /
`name`) merge item by item on that key, the overlay's keys winning and new items appended;
anything else in the overlay replaces the base value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import Location
from .yamlio import Document, PathKey

MERGE_KEYS = ("id", "key", "name")


@dataclass
class Tracked:
    """A value together with the place it came from."""

    value: Any
    where: Location


def track(doc: Document, data: Any = None, key: PathKey = ()) -> Tracked:
    data = doc.data if not key and data is None else data
    if isinstance(data, dict):
        return Tracked({k: track(doc, v, (*key, k)) for k, v in data.items()}, doc.where(key))
    if isinstance(data, list):
        return Tracked([track(doc, v, (*key, i)) for i, v in enumerate(data)], doc.where(key))
    return Tracked(data, doc.where(key))


def _item_key(items: list[Tracked]) -> str | None:
    if not items or not all(isinstance(i.value, dict) for i in items):
        return None
    for name in MERGE_KEYS:
        if all(name in i.value and isinstance(i.value[name].value, str) for i in items):
            return name
    return None


def overlay(base: Tracked, top: Tracked) -> Tracked:
    if isinstance(base.value, dict) and isinstance(top.value, dict):
        merged = dict(base.value)
        for k, v in top.value.items():
            merged[k] = overlay(merged[k], v) if k in merged else v
        return Tracked(merged, top.where)
    if isinstance(base.value, list) and isinstance(top.value, list):
        name = _item_key(base.value + top.value)
        if name is None or not base.value:
            return top
        out = list(base.value)
        index = {item.value[name].value: i for i, item in enumerate(out)}
        for item in top.value:
            key = item.value[name].value
            if key in index:
                out[index[key]] = overlay(out[index[key]], item)
            else:
                index[key] = len(out)
                out.append(item)
        return Tracked(out, top.where)
    return top


def untrack(tree: Tracked) -> tuple[Any, dict[PathKey, Location]]:
    """Plain data plus the location map of the merged tree."""
    marks: dict[PathKey, Location] = {}

    def walk(node: Tracked, key: PathKey) -> Any:
        marks[key] = node.where
        if isinstance(node.value, dict):
            return {k: walk(v, (*key, k)) for k, v in node.value.items()}
        if isinstance(node.value, list):
            return [walk(v, (*key, i)) for i, v in enumerate(node.value)]
        return node.value

    return walk(tree, ()), marks


def merge_documents(docs: list[Document], path: str) -> Document:
    """Overlay `docs` in order (later wins) into one `Document` named `path`."""
    present = [d for d in docs if d.data is not None]
    if not present:
        return Document(path, {})
    tree = track(present[0])
    for doc in present[1:]:
        tree = overlay(tree, track(doc))
    data, marks = untrack(tree)
    merged = Document(path, data, marks)
    return merged
