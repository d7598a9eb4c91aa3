"""The data-format reference page, generated from the model so it can never drift from the code."""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from typing import Any

from ..data import model as m

FILES: list[tuple[str, str, type[Any]]] = [
    ("data/cycles.yaml", "The calendar: one entry per release cycle, oldest first.", m.CyclesFile),
    ("data/projects.yaml", "The project teams.", m.ProjectsFile),
    (
        "data/<cycle>/<project>/gathered.yaml and authored.yaml",
        "One project's cycle. `gathered.yaml` is written by `cycle-reports gather`; `authored.yaml` is yours. "
        "Both have this shape; lists of items with an `id` merge by id, your keys winning.",
        m.ProjectCycle,
    ),
    ("data/<cycle>/<project>/midcycle-<date>.yaml", "A midcycle meeting summary.", m.Midcycle),
    ("data/board/<date>.yaml", "Notes from a board meeting.", m.BoardMeeting),
]


def type_name(kind: Any) -> str:
    """A reader's name for a type annotation."""
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(names) + (" (optional)" if type(None) in args else "")
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is dict:
        return f"map of {type_name(args[0])} to {type_name(args[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return f"[{kind.__name__}](#{kind.__name__.lower()})"
    return {str: "text", int: "whole number", float: "number", bool: "true/false"}.get(
        kind, getattr(kind, "__name__", str(kind)).replace("datetime", "date and time").replace("date", "date")
    )


def _nested(kind: Any, seen: list[type[Any]]) -> None:
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if kind in seen:
            return
        seen.append(kind)
        for hint in typing.get_type_hints(kind, include_extras=True).values():
            _nested(hint, seen)
        return
    for arg in typing.get_args(kind):
        _nested(arg, seen)


def _table(kind: type[Any]) -> list[str]:
    """A type's keys as a table; the "required" or "default" column only when some key has one."""
    hints = typing.get_type_hints(kind, include_extras=True)
    cells = []
    for f in dataclasses.fields(kind):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        value: Any = f.default
        default = "" if required else ("empty" if value is dataclasses.MISSING else repr(value))
        if not required and hasattr(value, "default"):
            default = repr(value.default)
        cells.append([f"`{f.name}`", type_name(hints[f.name]), "yes" if required else "", default])
    keep = [i for i in range(4) if i < 2 or any(row[i] for row in cells)]
    heads = ["key", "type", "required", "default"]
    rows = ["| " + " | ".join(heads[i] for i in keep) + " |", "|" + "---|" * len(keep)]
    rows += ["| " + " | ".join(row[i] for i in keep) + " |" for row in cells]
    return rows


def render_reference() -> str:
    """The whole reference page as Markdown."""
    lines = [
        "---",
        "title: Data-format reference",
        "description: Every YAML file cycle-reports reads, key by key",
        "---",
        "",
        "# Data-format reference",
        "",
        "Generated from the data model in `generator/model.py`. Unknown keys are errors; dates are `YYYY-MM-DD`. "
        "Any mapping in a file you write may also carry `private: true` (left out of the public build) or "
        "`private: [key, …]` (those keys left out).",
        "",
        "## Files",
        "",
    ]
    seen: list[type[Any]] = []
    for path, about, kind in FILES:
        lines += [f"### `{path}`", "", about, "", *_table(kind), ""]
        _nested(kind, seen)
    lines += ["## Types", ""]
    for kind in seen:
        if kind in [k for _, _, k in FILES]:
            continue
        doc = inspect.getdoc(kind) or ""
        lines += [f"### {kind.__name__}", ""]
        if doc and not doc.startswith(kind.__name__ + "("):
            lines += [doc.split("\n\n")[0].replace("\n", " "), ""]
        lines += [*_table(kind), ""]
    return "\n".join(lines)
