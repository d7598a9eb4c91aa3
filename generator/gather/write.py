"""Writing the gathered files: the only place gather touches `data/`.

Only `data/<cycle>/<project>/gathered.yaml`, `data/cycles.gathered.yaml` and
`data/projects.gathered.yaml` are ever written, each through `write_text_atomic` (a temporary
file and a rename); an unchanged file is left alone, mtime included. A last pass removes
anything that looks like an e-mail address and every control or invisible character
(`data.chars.clean_text`), whatever a source let through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import model as m
from ..data.chars import clean_text
from ..data.validate import adapter
from ..data.yamlio import dump_yaml, write_text_atomic
from .names import has_email, scrub_email

HEADER = (
    "# Written by `cycle-reports gather`; the next gather rewrites it.\n"
    "# Put corrections and notes in {human} instead. Gathered text comes from public\n"
    "# sources and is untrusted: render it escaped.\n"
)


@dataclass
class Written:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    scrubbed: int = 0


def _scrub(value: Any, count: list[int]) -> Any:
    if isinstance(value, str):
        value = clean_text(value)
        if has_email(value):
            count[0] += 1
            return scrub_email(value)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, count) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, count) for v in value]
    return value


def as_plain(value: Any) -> Any:
    """`load.as_plain` with the cached TypeAdapter: building one per file costs ~60 ms, which
    the bulk gather (thousands of files) cannot afford."""
    return adapter(type(value)).dump_python(value, mode="json", exclude_defaults=True)


def render_file(obj: Any, human: str) -> tuple[str, int]:
    """YAML text of a model object, with e-mail addresses removed, and how many were removed."""
    count = [0]
    plain = _scrub(as_plain(obj), count)
    return dump_yaml(plain, HEADER.format(human=human)), count[0]


def _write(root: Path, relative: str, text: str, written: Written) -> None:
    changed = write_text_atomic(root / relative, text)
    (written.changed if changed else written.unchanged).append(relative)


def write_project_cycle(root: Path, cycle: str, project: str, data: m.ProjectCycle, written: Written) -> None:
    relative = f"data/{cycle}/{project}/gathered.yaml"
    text, scrubbed = render_file(data, f"data/{cycle}/{project}/authored.yaml")
    written.scrubbed += scrubbed
    _write(root, relative, text, written)


def _end(cycle: m.Cycle) -> dt.date:
    return cycle.end or dt.date.max


def write_cycles(root: Path, cycles: list[m.Cycle], written: Written) -> None:
    ordered = sorted(cycles, key=lambda c: (_end(c), c.name))
    text, scrubbed = render_file(m.CyclesFile(cycles=ordered), "data/cycles.yaml")
    written.scrubbed += scrubbed
    _write(root, "data/cycles.gathered.yaml", text, written)


def write_projects(root: Path, projects: list[m.Project], written: Written) -> None:
    ordered = sorted(projects, key=lambda p: p.key)
    text, scrubbed = render_file(m.ProjectsFile(projects=ordered), "data/projects.yaml")
    written.scrubbed += scrubbed
    _write(root, "data/projects.gathered.yaml", text, written)
