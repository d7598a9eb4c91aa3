"""Reading a local git checkout: its HEAD for provenance, and a file's first-parent history."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Revision:
    commit: str
    date: dt.datetime
    blob: str


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def toplevel(root: Path) -> Path | None:
    """The checkout's top folder when `root` is the top of a git work tree, else None.

    A folder nested inside some other repository is not a checkout of its own: reporting the
    outer repository's commit as its provenance would be wrong.
    """
    out = _git(root, "rev-parse", "--show-toplevel")
    if out is None:
        return None
    top = Path(out.strip()).resolve()
    return top if top == root.resolve() else None


def head(root: Path) -> tuple[str, dt.datetime] | None:
    """(commit, commit date) of HEAD, or None outside a git checkout."""
    if toplevel(root) is None:
        return None
    out = _git(root, "log", "-1", "--format=%H %cI")
    if not out or not out.strip():
        return None
    sha, when = out.split()
    return sha, dt.datetime.fromisoformat(when).astimezone(dt.UTC)


def history(root: Path, path: str) -> list[Revision]:
    """Every first-parent commit that changed `path`, oldest first, with the blob it left.

    `--first-parent` follows the mainline only: without it, merge topology makes values flip
    back and forth between branches.
    """
    out = _git(root, "log", "--first-parent", "--format=%H %cI", "--", path)
    if not out:
        return []
    commits = [line.split() for line in out.splitlines() if line.strip()]
    spec = "\n".join(f"{sha}:{path}" for sha, _ in commits) + "\n"
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch-check"],
            input=spec,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    revisions = []
    for (sha, when), line in zip(commits, done.stdout.splitlines(), strict=False):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            revisions.append(Revision(sha, dt.datetime.fromisoformat(when).astimezone(dt.UTC), parts[0]))
    revisions.reverse()
    return revisions


def blobs(root: Path, shas: list[str]) -> Iterator[tuple[str, str]]:
    """(sha, text) for each blob, read through one `git cat-file --batch` process."""
    if not shas:
        return
    with subprocess.Popen(
        ["git", "-C", str(root), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for sha in shas:
            proc.stdin.write(f"{sha}\n".encode())
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3:
                continue
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            yield sha, data.decode("utf-8", errors="replace")
        proc.stdin.close()


def subjects(root: Path, commits: list[str]) -> dict[str, str]:
    """Commit → subject line, for the commits given (one `git log --no-walk` call)."""
    if not commits:
        return {}
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "log", "--no-walk=unsorted", "--format=%H %s", "--stdin"],
            input="\n".join(commits) + "\n",
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    out = {}
    for line in done.stdout.splitlines():
        sha, _, subject = line.partition(" ")
        out[sha] = subject
    return out
