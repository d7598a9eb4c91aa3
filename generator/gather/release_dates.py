"""When each version of a deliverable was released, from the history of a git clone of releases.

A deliverable file lists its versions without dates. In a clone, a release is the commit that
added its `version:` line to the file: the release job tags it when that change merges, so the
commit's date (the merge's, for a change that came in through a merge) is the release's day.
One streaming `git log -p` over the selected series folders reads every mainline commit once,
oldest first; a version keeps the first date it was seen with, so a later rewrite of the file
(reformatting, a revert, a rename) never moves it. A release request adds one version to a file;
a commit that adds several new versions to one file at once is recording releases made before
it (the history of old series imported years later, a deliverable moved between folders), so
those versions stay undated rather than take the day they were written down.

Without a clone (a plain folder, raw files over HTTP) there are no dates, and none are made up.
A shallow clone or a broken history gives none either, with one line saying why and what to do.
"""

from __future__ import annotations

import datetime as dt
import re

from . import git
from .location import LocalRepo, Location

Dates = dict[str, dict[str, dt.date]]  # deliverable file path → version → release day (UTC)

# `- version: 1.0.0`, `  version: '2.0'` (the key need not come first in its release), a comment.
_VERSION = re.compile(r"^\s*(?:-\s+)?version:\s*(['\"]?)([^'\"\s#]+)\1\s*(?:#.*)?$")
# Lifecycle tags (`queens-em`, `queens-eol`, …) mark a branch's state, not a release: never dated.
_LIFECYCLE = re.compile(r"-(?:em|eol|eom|unmaintained)$")
UNSHALLOW_HINT = "run `git fetch --unshallow` in it to date each release"
FSCK_HINT = "`git fsck` there names what is missing; a fresh clone dates each release"


def version_of(line: str) -> str:
    """The version an added line of a deliverable file names, or ""."""
    found = _VERSION.match(line)
    return found.group(2) if found else ""


def is_lifecycle(version: str) -> bool:
    return bool(_LIFECYCLE.search(version))


def fetch_release_dates(where: Location, folders: list[str]) -> tuple[Dates, str]:
    """(dates, warning): the first-added day of every version under `folders`, and one line saying
    why there are none when the checkout is a clone that cannot give them ("" otherwise)."""
    if not isinstance(where, LocalRepo) or not folders:
        return {}, ""
    if not where.is_git:  # a plain folder has no dates; a clone whose HEAD git cannot read says so
        broken = (where.root / ".git").exists()
        return {}, f"releases: no release dates: git cannot read {where.root}/.git; {FSCK_HINT}" if broken else ""
    if git.is_shallow(where.root):
        return {}, f"releases: no release dates: {where.root} is a shallow clone; {UNSHALLOW_HINT}"
    seen: dict[str, dict[str, dt.date | None]] = {}  # None: seen, but recorded in bulk
    try:
        for change in git.changes(where.root, folders):
            if not change.path:
                continue
            mine = seen.setdefault(change.path, {})
            if change.old_path and change.old_path != change.path:
                for version, day in seen.get(change.old_path, {}).items():
                    mine.setdefault(version, day)
            added = (v for line in change.added if (v := version_of(line)) and not is_lifecycle(v))
            new = list(dict.fromkeys(v for v in added if v not in mine))
            day = change.when.date() if len(new) == 1 else None
            mine.update((version, day) for version in new)
    except git.GitFailed as failed:
        return {}, f"releases: no release dates: git could not read the history of {where.root}: {failed}; {FSCK_HINT}"
    return {path: {v: d for v, d in found.items() if d is not None} for path, found in seen.items()}, ""
