"""What the loader refuses before a model exists: names the site cannot publish under, and a
report its author marked private as a whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..data import units
from ..data.reader import Reader
from ..data.yamlio import Document, Unusual, parse_plain
from ..errors import Location, Problem, did_you_mean


def check_names(reader: Reader, merged: Document, attr: str, key: str, items: list[Any]) -> None:
    """Each cycle name or project key once (case aside: one folder on some disks), and none the
    site uses for its own files and folders (`history`, `latest`, `feed.xml`, …)."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        name = getattr(item, key)
        where, field = merged.where((attr, index, key)), f"{attr}[{index}].{key}"
        if name.casefold() in seen:
            hint = f"list each {attr[:-1]} once (names that differ only in case are one folder on some disks)"
            reader.problems.add(Problem(where, f"duplicate {key} '{name}'", field, hint))
        seen.add(name.casefold())
        why = units.reserved_name(name)
        if why:
            hint = "reserved: " + ", ".join(sorted(units.RESERVED_NAMES)) + ", and names ending like a file"
            reader.problems.add(Problem(where, f"expected a {attr[:-1]} {key} of its own, got {why}", field, hint))


def authored_all_private(path: Path) -> bool:
    """Whether an authored.yaml says `private: true` at its top level (read only when it may)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if not re.search(rb"^private\s*:\s*true\b", raw, re.M):
        return False
    try:
        data = parse_plain(raw.decode("utf-8"))
        return isinstance(data, dict) and data.get("private") is True
    except (UnicodeDecodeError, Unusual):
        return True  # a file the located reader will refuse anyway: err on the private side


def stray_prose(reader: Reader, prose_root: Path, data: Path) -> None:
    """Report Markdown under content/cycles/ that no page would ever show.

    The loader reads only `<cycle>/projects/<project>/retrospective.md` and the
    `midcycle-<date>.md` beside a meeting's YAML; anything else there — `retrospectve.md`, a
    report one folder too high, a midcycle summary whose meeting has no data — would be dropped
    without a word, and the PTL would learn it from a reader.
    Files of other kinds (images) are left be.
    """
    if not prose_root.is_dir():
        return
    midcycles = {
        (path.parent.parent.name, path.parent.name, path.stem.removeprefix("midcycle-"))
        for path in data.glob("*/*/midcycle-*.yaml")
    }
    for path in _files(reader, prose_root):
        _stray(reader, path, "content/cycles/<cycle>/projects/<project>/retrospective.md")
    for cycle_dir in reader.subfolders(prose_root):
        for inside in _files(reader, cycle_dir) + reader.subfolders(cycle_dir):
            if inside.name != "projects":
                _stray(reader, inside, "projects", folder=inside.is_dir())
        for path in _files(reader, cycle_dir / "projects"):
            _stray(reader, path, "a folder named after the project, holding retrospective.md")
        for project_dir in reader.subfolders(cycle_dir / "projects"):
            for path in _files(reader, project_dir):
                _prose_file(reader, path, (cycle_dir.name, project_dir.name), midcycles)


def _files(reader: Reader, folder: Path) -> list[Path]:
    """The Markdown files in `folder`, by name: what is not one of its (checked) subfolders."""
    folders = set(reader.subfolders(folder))
    return sorted(path for path in folder.glob("*.md") if path not in folders)


def _prose_file(reader: Reader, path: Path, place: tuple[str, str], midcycles: set[tuple[str, str, str]]) -> None:
    if path.name == "retrospective.md":
        return
    meeting = re.fullmatch(r"midcycle-(\d{4}-\d{2}-\d{2})\.md", path.name)
    if meeting is None:
        names = ["retrospective.md"] + [f"midcycle-{d}.md" for c, p, d in midcycles if (c, p) == place]
        _stray(reader, path, "retrospective.md or midcycle-YYYY-MM-DD.md", names)
    elif (*place, meeting.group(1)) not in midcycles:
        cycle, project = place
        hint = f"add data/{cycle}/{project}/midcycle-{meeting.group(1)}.yaml (the meeting's date, place, attendees)"
        reader.problems.add(Problem(Location(reader.rel(path)), "midcycle summary with no meeting data", hint=hint))


def _stray(reader: Reader, path: Path, expected: str, names: list[str] | None = None, folder: bool = False) -> None:
    """One located error for a file or folder the loader would skip, with the name it was meant to be."""
    if not folder and path.suffix != ".md":
        return
    kind = "folder" if path.is_dir() else "file"
    hint = did_you_mean(path.name, names or [expected]) or f"expected {expected}"
    reader.problems.add(Problem(Location(reader.rel(path)), f"{kind} '{path.name}' is not read by any page", hint=hint))
