"""Overlay a human-owned YAML document on a machine-owned one, keeping every value's location.

Rules: mappings merge key by key; lists whose items are mappings with an `id` (or `key` /
`name`) merge item by item on that key, the overlay's keys winning and new items appended;
anything else in the overlay replaces the base value.
"""

from __future__ import annotations

from ..errors import Problem
from .privacy import apply_private
from .tracked import Tracked, plain, track, untrack
from .yamlio import Document

MERGE_KEYS = ("id", "key", "name")


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
            # A value's provenance goes with it: a person who replaces `ptl` without saying where
            # the new name comes from leaves no gathered `ptl_source` pointing at someone else.
            paired = f"{k}_source"
            if paired in base.value and paired not in top.value and plain(base.value.get(k)) != plain(v):
                del merged[paired]
        return Tracked(merged, top.where, top.key_where)
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
        return Tracked(out, top.where, top.key_where)
    return top


def merge_documents(
    docs: list[Document], path: str, keep_private: bool = False, problems: list[Problem] | None = None
) -> Document:
    """Overlay `docs` in order (later wins) into one `Document` named `path`.

    `private:` markers are applied to each document first (see `privacy`); their mistakes are
    appended to `problems`.
    """
    found: list[Problem] = [] if problems is None else problems
    trees = [track(doc) for doc in docs if doc.data is not None]
    if not trees:
        return Document(path, {}, private_applied=True)
    tree = trees[0]
    for other in trees[1:]:
        tree = overlay(tree, other)
    # Privacy applies to the merged item: `private: true` on an authored note hides the gathered item too.
    private_applied = apply_private(tree, keep_private, found)
    if private_applied is None:
        return Document(path, {}, private_applied=True)
    data, marks, key_marks = untrack(private_applied)
    return Document(path, data, marks, key_marks, private_applied=True)
