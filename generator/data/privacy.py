"""Private fields and items in human-written YAML.

Any mapping in an authored file may carry a `private` key:

    private: true              the whole mapping (a list item, a section, the file) is private
    private: [reason, note]    these sibling fields are private

A public build drops what is private; `build --private` keeps it. Text values are Markdown
(`summary: |`) and may hold `<!-- private -->` … `<!-- /private -->` sections like the prose:
they are cut here, with the same rules and the same errors, so neither the site, nor `export`,
nor the mail post ever sees them. Anything else under `private`
(a number, an unknown field name) is an error, since a marker that silently does nothing is how
private text ends up published.
"""

from __future__ import annotations

import re

from ..errors import Location, Problem, did_you_mean
from .tracked import Tracked

_MAYBE_MARKER = re.compile(r"<!--.*private", re.IGNORECASE | re.DOTALL)

_DROP = object()


def apply_private(tree: Tracked, keep: bool, problems: list[Problem], path: str = "") -> Tracked | None:
    """`tree` with private parts removed (or only the markers, with `keep`); None if all private."""
    result = _walk(tree, keep, problems, path)
    return None if result is _DROP else result  # type: ignore[return-value]


def _text(node: Tracked, keep: bool, problems: list[Problem], path: str) -> Tracked:
    """A text value with its private sections cut (or only their markers, with `keep`)."""
    from .prose import lint, strip_private

    text: str = node.value
    where = node.where
    for found in lint(text, where.path, strict_prompts=False):
        if found.field_path != "private":
            continue
        # the marker's line in the file: a multi-line text is a `|` block, which starts on the
        # line after the value's mark
        line = where.line + found.location.line if "\n" in text else where.line
        problems.append(
            Problem(
                Location(where.path, line, found.location.column) if where.line else where,
                f"{found.message} (line {found.location.line} of the text)",
                path,
                found.hint,
            )
        )
    return Tracked(strip_private(text, keep), node.where, node.key_where)


def _walk(node: Tracked, keep: bool, problems: list[Problem], path: str) -> object:
    if isinstance(node.value, str) and "<!--" in node.value and _MAYBE_MARKER.search(node.value):
        return _text(node, keep, problems, path)
    if isinstance(node.value, list):
        items = [_walk(item, keep, problems, f"{path}[{i}]") for i, item in enumerate(node.value)]
        return Tracked([i for i in items if i is not _DROP], node.where, node.key_where)
    if not isinstance(node.value, dict):
        return node
    fields = dict(node.value)
    marker = fields.pop("private", None)
    hidden: set[str] = set()
    if marker is not None:
        here = f"{path}.private" if path else "private"
        value = marker.value
        if value is True:
            if not keep:
                return _DROP
        elif value is False:
            pass
        elif isinstance(value, list) and all(isinstance(v.value, str) for v in value):
            for item in value:
                if item.value not in fields:
                    problems.append(
                        Problem(
                            item.where,
                            f"expected the name of a field beside it, got '{item.value}'",
                            here,
                            did_you_mean(item.value, fields) or "known: " + ", ".join(fields),
                        )
                    )
                hidden.add(item.value)
        else:
            problems.append(
                Problem(
                    marker.where,
                    f"expected true, false or a list of field names, got {value!r}",
                    here,
                    "write `private: true` or `private: [field, …]`",
                )
            )
    out = {}
    for key, child in fields.items():
        if key in hidden and not keep:
            continue
        walked = _walk(child, keep, problems, f"{path}.{key}" if path else key)
        if walked is not _DROP:
            out[key] = walked
    return Tracked(out, node.where, node.key_where)
