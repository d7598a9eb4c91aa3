"""What the loader refuses before a model exists: names the site cannot publish under, and a
report its author marked private as a whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..data import units
from ..data.reader import Reader
from ..data.yamlio import Document, Unusual, parse_plain
from ..errors import Problem


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
