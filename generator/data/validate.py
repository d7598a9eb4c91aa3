"""Turn plain YAML data into model objects, translating every pydantic error into a `Problem`.

Messages follow the house form `path:line:col: error: field.path: expected …, got …` with a
"did you mean" hint for unknown keys and misspelt choices.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from ..errors import Location, Problem, did_you_mean, field_path
from .yamlio import PathKey

T = TypeVar("T")

Locate = typing.Callable[[PathKey], Location]


class Locator(typing.Protocol):
    def where(self, key: PathKey) -> Location: ...
    def where_key(self, key: PathKey) -> Location: ...


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(kind: Any) -> TypeAdapter[Any]:
    """One pydantic TypeAdapter per model class (building one is the expensive part)."""
    found = _ADAPTERS.get(kind)
    if found is None:
        found = _ADAPTERS[kind] = TypeAdapter(kind)
    return found


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fields_at(kind: type[Any], loc: PathKey) -> list[str]:
    """The field names of the dataclass found by walking `loc` through `kind`'s annotations."""
    current: Any = kind
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif dataclasses.is_dataclass(current):
            hints = typing.get_type_hints(current)
            current = hints.get(part)
        else:
            return []
    current = _unwrap(current)
    if dataclasses.is_dataclass(current):
        return [f.name for f in dataclasses.fields(current)]
    return []


def _unwrap(kind: Any) -> Any:
    """Strip Optional / Annotated down to the dataclass or list inside."""
    while True:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(kind) if a is not type(None)]
            kind = args[0] if len(args) == 1 else kind
            if len(args) != 1:
                return kind
        else:
            return kind


# Words people write for an outcome, mapped to the one the model uses (for the hint only).
SYNONYMS = {
    "finished": "done",
    "completed": "done",
    "complete": "done",
    "implemented": "done",
    "merged": "done",
    "deferred": "missed",
    "postponed": "missed",
    "slipped": "missed",
    "failed": "missed",
    "started": "partial",
    "in-progress": "partial",
    "half": "partial",
    "abandoned": "dropped",
    "cancelled": "dropped",
    "canceled": "dropped",
    "removed": "dropped",
}

_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "dataclass_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (YYYY-MM-DDTHH:MM:SSZ)",
    "datetime_parsing": "a date and time (YYYY-MM-DDTHH:MM:SSZ)",
    "greater_than_equal": "a number of at least {ge}",
    "too_short": "at least {min_length} item(s)",
    "string_too_short": "a non-empty string",
}


def to_problem(kind: type[Any], error: Any, doc: Locator) -> Problem:
    """One pydantic error → one located `Problem`."""
    loc: PathKey = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    etype = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    locate = doc.where
    where = locate(loc)
    if etype in ("extra_forbidden", "unexpected_keyword_argument"):
        where = doc.where_key(loc)
        known = _fields_at(kind, loc[:-1])
        hint = did_you_mean(str(loc[-1]), known)
        if not hint and known:
            hint = "known keys: " + ", ".join(known)
        return Problem(where, f"unknown key '{loc[-1]}'", field_path(loc), hint)
    if etype == "missing":
        parent = locate(loc[:-1])
        return Problem(
            parent, "expected a value, got nothing (required key missing)", field_path(loc), f"add '{loc[-1]}:' here"
        )
    if etype == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        choices = [e.strip() for e in expected.split(",")]
        hint = did_you_mean(str(value), choices)
        if not hint and SYNONYMS.get(str(value).lower()) in choices:
            hint = f"did you mean '{SYNONYMS[str(value).lower()]}'?"
        return Problem(where, f"expected one of {expected}; got {_short(value)}", field_path(loc), hint)
    if etype in _TYPE_WORDS:
        expected = _TYPE_WORDS[etype].format(**ctx)
        return Problem(where, f"expected {expected}, got {_short(value)}", field_path(loc))
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    return Problem(where, f"{message}; got {_short(value)}", field_path(loc))


def build(kind: type[T], data: Any, doc: Locator) -> tuple[T | None, list[Problem]]:
    """Validate `data` as `kind`; returns the object or every problem found, located through `doc`."""
    try:
        return adapter(kind).validate_python(data), []
    except ValidationError as exc:
        return None, [to_problem(kind, err, doc) for err in exc.errors()]


def json_schema(kind: type[Any]) -> dict[str, Any]:
    """The JSON Schema of `kind`, for editors and the data-format reference."""
    schema: dict[str, Any] = adapter(kind).json_schema()
    return schema
