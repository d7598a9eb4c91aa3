"""Reading a local git checkout: its HEAD for provenance, a file's first-parent history, and the
lines every mainline commit added under some folders, streamed from one `git log -p`."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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


class GitFailed(Exception):
    """git could not read the history; the message is one line (git's own first error line)."""


def is_shallow(root: Path) -> bool:
    """True for a shallow clone: its history is cut, so a "first" commit may be anything but."""
    return (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


@dataclass
class FileChange:
    """What one mainline commit did to one file: its path before and after ("" when it did not
    exist), and the lines it added, in order."""

    when: dt.datetime
    old_path: str
    path: str
    added: list[str] = field(default_factory=list)


# Options that make the output the same whatever the user's git configuration says.
_LOG = (
    "-c", "core.quotePath=false", "-c", "log.showSignature=false", "log", "--first-parent",
    "--diff-merges=first-parent", "--reverse", "-p", "-M", "--unified=0", "--no-color", "--no-ext-diff",
    "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "--format=%x00%H %cI",
)  # fmt: skip
_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def _path(text: str, prefix: str) -> str:
    text = text.strip().strip('"')
    return "" if text == "/dev/null" else text.removeprefix(prefix)


def changes(root: Path, paths: Sequence[str]) -> Iterator[FileChange]:
    """Every first-parent commit's change to each file under `paths`, oldest first, read from one
    streaming `git log -p` (a merge counts as the commit that brought its changes to the mainline).

    Raises GitFailed, after the stream, when git exits with an error (a missing object, an
    unknown option): what was yielded before cannot then be trusted to be complete.
    """
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(
                ["git", "-C", str(root), *_LOG, "--", *paths], stdout=subprocess.PIPE, stderr=errors
            )
        except OSError as exc:
            raise GitFailed(f"cannot run git: {exc}") from None
        assert proc.stdout is not None
        with proc:
            yield from _parse(line.decode("utf-8", errors="replace").rstrip("\n") for line in proc.stdout)
        if proc.returncode != 0:
            errors.seek(0)
            said = [x for x in errors.read().decode("utf-8", errors="replace").splitlines() if x.strip()]
            raise GitFailed(said[0] if said else f"git log exited with status {proc.returncode}")


def _parse(lines: Iterator[str]) -> Iterator[FileChange]:
    """The `git log -p --unified=0` text as FileChanges; hunks are read by their line counts, so an
    added line that itself starts with `+++` or `diff` is never taken for a header."""
    when = dt.datetime.min.replace(tzinfo=dt.UTC)
    current: FileChange | None = None
    old = new = 0  # lines left to read in the current hunk
    for line in lines:
        if old > 0 or new > 0:
            if line.startswith("+"):
                new -= 1
                if current is not None:
                    current.added.append(line[1:])
            elif line.startswith("-"):
                old -= 1
            elif line.startswith(" "):
                old, new = old - 1, new - 1
            continue
        if line.startswith("\0"):
            if current is not None:
                yield current
            current = None
            stamp = line[1:].split()
            when = dt.datetime.fromisoformat(stamp[1]).astimezone(dt.UTC) if len(stamp) == 2 else when
        elif line.startswith("diff --git "):
            if current is not None:
                yield current
            current = FileChange(when, "", "")
        elif current is None:
            continue
        elif line.startswith("rename from "):
            current.old_path = _path(line.removeprefix("rename from "), "")
        elif line.startswith("rename to "):
            current.path = _path(line.removeprefix("rename to "), "")
        elif line.startswith("--- "):
            current.old_path = _path(line[4:], "a/")
        elif line.startswith("+++ "):
            current.path = _path(line[4:], "b/")
        elif found := _HUNK.match(line):
            old = int(found.group(1)) if found.group(1) is not None else 1
            new = int(found.group(2)) if found.group(2) is not None else 1
    if current is not None:
        yield current
