"""How long dating every release takes on a releases-sized git history.

`python -m bench.release_history [COMMITS]` writes a synthetic openstack/releases history with
`git fast-import` (40 series folders of 150–320 deliverables; each series opens with a commit
adding a third of its files, then each commit adds one release to one to three of them, an
hour apart), then times `fetch_release_dates` over every series folder: the one streaming `git log -p`
the gather runs on a clone. The real repository has about 15,000 commits, the default here.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.gather.location import LocalRepo
from generator.gather.release_dates import Dates, fetch_release_dates

SERIES = 40
START = 1_300_000_000  # the first commit's time (March 2011), one hour between commits


@dataclass(frozen=True)
class HistoryResult:
    commits: int
    files: int
    releases: int
    dated: int
    seconds: float


def _content(name: str, versions: Sequence[str]) -> bytes:
    lines = ["---", f"launchpad: {name}", "release-model: cycle-with-rc", f"team: {name}", "type: library"]
    lines.append("releases:")
    for v in versions:
        lines += [f"  - version: {v}", "    projects:", f"      - repo: openstack/{name}", f"        hash: {v:0>40}"]
    lines += ["repository-settings:", f"  openstack/{name}: {{}}"]
    return ("\n".join(lines) + "\n").encode()


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def write_history(repo: Path, commits: int, seed: int = 15) -> dict[str, list[str]]:
    """A git repository at `repo` of `commits` commits; returns each file's versions in order."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "master", str(repo)], check=True)
    files: dict[str, list[str]] = {}
    stream: list[bytes] = []
    per_series = max(1, commits // SERIES)
    for n in range(commits):
        series, step = divmod(n, per_series)
        names = [f"deliverable-{k:03d}" for k in range(random.Random(series).randint(150, 320))]
        touched = names[: len(names) // 3] if step == 0 else rng.sample(names, rng.choice([1, 1, 1, 2, 3]))
        stream += [b"commit refs/heads/master\n", b"committer x <x@example.org> %d +0000\n" % (START + n * 3600)]
        stream.append(_data(f"release {n}".encode()))
        for name in touched:
            path = f"deliverables/s{series:02d}/{name}.yaml"
            versions = files.setdefault(path, [])
            versions.append(f"{series}.{len(versions)}.0")
            stream += [f"M 100644 inline {path}\n".encode(), _data(_content(name, versions))]
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-f", "master"], check=True)
    return files


def measure_release_dates(commits: int = 15_000, workdir: Path | None = None) -> tuple[HistoryResult, Dates]:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        repo = Path(tmp) / "releases"
        files = write_history(repo, commits)
        where = LocalRepo("releases", "openstack/releases", repo, dt.datetime.now(dt.UTC))
        folders = sorted({path.rsplit("/", 1)[0] for path in files})
        started = time.perf_counter()
        dates, warning = fetch_release_dates(where, folders)
        seconds = time.perf_counter() - started
    if warning:
        raise RuntimeError(warning)
    releases = sum(len(v) for v in files.values())
    dated = sum(len(v) for v in dates.values())
    return HistoryResult(commits, len(files), releases, dated, round(seconds, 2)), dates


def main(argv: Sequence[str]) -> int:
    result, _ = measure_release_dates(int(argv[0]) if argv else 15_000)
    print(
        f"{result.commits} commits, {result.files} deliverable files, {result.releases} releases: "
        f"{result.dated} dated in {result.seconds} s"
    )
    return 0 if result.dated == result.releases else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
