"""What keeps a build safe to interrupt and to run twice: one build at a time, the leftovers of a
killed build undone first, and a private build's output never mistaken for a public one.

- `build_lock`: a second build into the same site fails at once, naming the process that holds
  the lock (as a second gather does).
- `recover_site`: `.tmp-<unit>` (a unit being built, perhaps privately) is removed; an
  `.old-<unit>` with no `<unit>` beside it (killed between the two renames of a swap) is put back;
  one beside its unit is removed. The command prints what it recovered.
- `forget_built`: before a private build touches `site/`, the manifest stops vouching for any
  unit, so whatever the private build leaves, finished or killed at any point, is rebuilt by the
  next public build; `mark_private` marks each of its pages so `scan` refuses them wherever they end up.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..data.locks import exclusive
from ..data.yamlio import write_text_atomic
from ..errors import UserError
from .stamp import MANIFEST, tool_versions

# In every page and feed of a private build, and nowhere else: `scan` refuses a site that holds one.
PRIVATE_BUILD_MARK = "<!-- cycle-reports private build: not for publication -->"


@contextlib.contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """One build at a time into `site_dir`: a non-blocking `flock` on `.<site>.build.lock` beside it."""
    path = site_dir.with_name(f".{site_dir.name}.build.lock")

    def busy(holder: str) -> str:
        return (
            f"another build is running into {site_dir} (process {holder} holds {path.name}); "
            "wait for it to finish, then build again"
        )

    with exclusive(path, busy):
        yield


def recover_site(site_dir: Path) -> list[str]:
    """Undo what a killed build left in `site_dir` and `site_dir/history`; one line per thing done."""
    done: list[str] = []
    for folder, prefix in ((site_dir, ""), (site_dir / "history", "history/")):
        try:
            found = sorted(e.name for e in os.scandir(folder) if e.name.startswith((".tmp-", ".old-")))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in found:
            path, unit = folder / name, prefix + name[5:]
            if name.startswith(".tmp-"):
                shutil.rmtree(path, ignore_errors=True)
                done.append(f"removed the unfinished build of {unit} an interrupted build left")
            elif not (folder / name[5:]).exists():
                path.rename(folder / name[5:])
                done.append(f"restored {unit}, which an interrupted build had moved aside")
            else:
                shutil.rmtree(path, ignore_errors=True)
                done.append(f"removed the previous copy of {unit} an interrupted build left")
    return done


def forget_built(root: Path, site_dir: Path, units: list[str]) -> dict[str, str]:
    """The manifest, before a private build: it still names every unit (so stale ones are removed
    later) with no fingerprint, and no input stamp. Returns the forgotten fingerprints."""
    forgotten = dict.fromkeys(units, "")
    record = {"site": str(site_dir), "tool": tool_versions(), "inputs": "", "cycles": forgotten, "private": True}
    write_text_atomic(root / MANIFEST, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return forgotten


def mark_private(pages: dict[str, str]) -> dict[str, str]:
    """A private build's pages, each marked at its end (an HTML comment, kept in the built page)."""
    return {p: t.rstrip("\n") + f"\n\n{PRIVATE_BUILD_MARK}\n" if p.endswith(".md") else t for p, t in pages.items()}


def write_failed(exc: OSError) -> UserError:
    """The one sentence for a disk that filled up (or a folder that became unwritable) mid-build."""
    where = f" {exc.filename}" if exc.filename else ""
    return UserError(
        f"cannot write{where}: {exc.strerror or exc}; every version already in site/ is kept as it was, "
        "and the next build finishes the job (free some space first)"
    )
