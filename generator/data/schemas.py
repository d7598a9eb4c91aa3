"""JSON Schema files for every YAML file kind, generated from the model.

Editors that speak the yaml-language-server protocol (VS Code's YAML extension, Neovim, Helix,
JetBrains) read the `# yaml-language-server: $schema=…` line at the top of a file and then offer
completion and flag unknown keys, wrong types and misspelt choices as the PTL types.

The schemas come from the same dataclasses pydantic validates, with two adjustments so that an
editor never flags a file that `cycle-reports check` accepts:

- every mapping may carry a `private` marker (see `generator.data.privacy`);
- files that are overlaid on a gathered twin (`cycles.yaml`, `projects.yaml`, `authored.yaml`)
  may give only some keys of an item: the item's merge key (`id`, `key` or `name`) is the only
  required one, since the rest can come from the gathered file. `check` validates the merged
  result.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model as m
from .validate import json_schema
from .yamlio import write_text_atomic

SCHEMA_DIR = Path("data") / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MERGE_KEYS = ("id", "key", "name")

PRIVATE_MARKER: dict[str, Any] = {
    "description": "true: leave this mapping out of the public site; a list: leave out these fields "
    "beside it (kept by `cycle-reports build --private`)",
    "anyOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}],
}


@dataclass(frozen=True)
class SchemaKind:
    """One kind of YAML file: its model class, where such files live, and whether it overlays another."""

    name: str
    model: type[Any]
    files: str
    overlay: bool


KINDS: tuple[SchemaKind, ...] = (
    SchemaKind("cycles", m.CyclesFile, "data/cycles.yaml (over data/cycles.gathered.yaml)", True),
    SchemaKind("projects", m.ProjectsFile, "data/projects.yaml (over data/projects.gathered.yaml)", True),
    SchemaKind(
        "project-cycle",
        m.ProjectCycle,
        "data/<cycle>/<project>/gathered.yaml and authored.yaml (authored overlays gathered)",
        True,
    ),
    SchemaKind("midcycle", m.Midcycle, "data/<cycle>/<project>/midcycle-<YYYY-MM-DD>.yaml", False),
    SchemaKind("board-meeting", m.BoardMeeting, "data/board/<YYYY-MM-DD>.yaml", False),
)


def kind_named(name: str) -> SchemaKind:
    return next(k for k in KINDS if k.name == name)


def schema_file(root: Path, name: str) -> Path:
    return root / SCHEMA_DIR / f"{name}.schema.json"


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The object schemas in `schema`: the top level and every definition."""
    found = [schema]
    found += [d for d in schema.get("$defs", {}).values() if isinstance(d, dict)]
    return [o for o in found if o.get("type") == "object" and "properties" in o]


def build_schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema for one kind of file (pure; `render_schema` turns it into text)."""
    schema = json_schema(kind.model)
    for obj in _objects(schema):
        if obj.get("additionalProperties") is False:
            obj["properties"]["private"] = PRIVATE_MARKER
        if kind.overlay and "required" in obj:
            keys = [k for k in MERGE_KEYS if k in obj["required"]][:1]
            if keys:
                obj["required"] = keys
            else:
                del obj["required"]
    about = " ".join(str(schema.pop("description", "")).split())
    note = (
        (" List items merge with the gathered file by their id (or key, or name), the only key required here.")
        if kind.overlay
        else ""
    )
    head = {
        "$schema": DIALECT,
        "title": f"cycle-reports {kind.name} file",
        "description": f"{about} Files: {kind.files}.{note} Generated from generator/model.py by "
        "`cycle-reports schema`; do not edit.".lstrip(),
    }
    schema.pop("title", None)
    return {**head, **schema}


def render_schema(kind: SchemaKind) -> str:
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(root: Path) -> list[Path]:
    """Write every schema file; returns the ones whose content changed."""
    changed = []
    for kind in KINDS:
        path = schema_file(root, kind.name)
        if write_text_atomic(path, render_schema(kind)):
            changed.append(path)
    return changed


def stale_schemas(root: Path) -> list[Path]:
    """Schema files that are missing or differ from what the model generates now."""
    stale = []
    for kind in KINDS:
        path = schema_file(root, kind.name)
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(kind):
            stale.append(path)
    return stale


def schema_comment(root: Path, yaml_file: Path, name: str) -> str:
    """The first line of a drafted YAML file: where the editor finds its schema, relative to it."""
    target = schema_file(root, name)
    relative = Path(os.path.relpath(target, yaml_file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"
