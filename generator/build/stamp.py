"""Whether a build has anything to do, decided before the build machinery is even imported.

`cycle-reports build` with nothing changed must answer in well under a second on the whole
OpenStack history: this module holds what that answer needs (the options, the manifest, a stamp
of every input file's stat) and imports nothing heavy, so the command (`generator.commands.build`) reads the
stamp first and imports generator.build.pipeline only when there is work to do.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_module
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__

MANIFEST = "site.manifest.json"

# The package folders whose code or templates shape the rendered pages. Editing anything else
# (an author tool, a command, the CLI, gather) changes no page, so it re-renders nothing and the
# no-op answer still holds. The render keys (keys.code_digest) read the same list.
RENDERING_CODE = ("data", "load", "render", "build")
PACKAGE = Path(__file__).parents[1]


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    jobs: int = 1
    force: bool = False
    cycles: tuple[str, ...] = ()
    private: bool = False
    strict: bool = True
    quiet: bool = False
    build_dir: Path | None = None
    site_dir: Path | None = None
    engine: str = "mkdocs"  # or "zensical" (build/engine.py)

    @property
    def build_path(self) -> Path:
        return self.build_dir or self.root / "build"

    @property
    def site_path(self) -> Path:
        return self.site_dir or self.root / "site"


@dataclass
class BuildReport:
    """What a build did, for the summary line and the benchmark."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)  # cycles with nothing recorded: no version
    seconds: dict[str, float] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)


def tool_versions() -> str:
    from importlib.metadata import version

    return f"cycle-reports {__version__}; mkdocs {version('mkdocs')}; mkdocs-material {version('mkdocs-material')}"


def input_stamp(root: Path, private: bool, engine: str = "mkdocs") -> str:
    """A cheap stamp of every input file (path, size, mtime): equal stamps mean nothing to do.

    os.scandir gives each directory's entries with their stat in one read (pathlib's rglob and
    stat cost a call per file: 0.31 s against about 0.1 s at 60×33)."""
    # The site's address comes from the environment as well as mkdocs.yml: it is in every page's
    # canonical link and in the feeds, so a new one must rebuild.
    site_url = os.environ.get("CYCLE_REPORTS_SITE_URL", "")
    digest = hashlib.sha256(f"{tool_versions()}|private={private}|engine={engine}|site_url={site_url}".encode())
    code = [PACKAGE / folder for folder in RENDERING_CODE]
    for base in [*(root / top for top in ("data", "content", "theme", "mkdocs.yml")), *code]:
        if base.is_file():
            stat = base.stat()
            digest.update(f"{base}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        elif base.is_dir():
            for line in sorted(_stat_lines(str(base), os.path.realpath(base.parent))):
                digest.update(line)
    return digest.hexdigest()


def _stat_lines(folder: str, inside: str, seen: set[str] | None = None) -> list[bytes]:
    """Stat lines of every file under `folder`, following a symbolic link to a folder once.

    A linked folder's files are inputs like any other (an edit inside it must rebuild), so the
    walk goes through one that stays in `inside` (the project: the loader refuses the others);
    `seen` holds the real paths walked, so a loop or a link to a parent ends there. A link that
    dangles or loops is stamped by itself: the loader reports it.
    """
    seen = seen if seen is not None else {os.path.realpath(folder)}
    out: list[bytes] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                try:
                    target = os.stat(entry.path)
                    seen_as = f"{os.readlink(entry.path)}|{target.st_size}|{target.st_mtime_ns}"
                except OSError as exc:  # dangling, or a loop: the loader says which
                    out.append(f"{entry.path}|link|unreadable {exc.errno}\n".encode())
                    continue
                out.append(f"{entry.path}|link|{seen_as}\n".encode())
                real = os.path.realpath(entry.path)
                within = real == inside or real.startswith(inside.rstrip(os.sep) + os.sep)
                if stat_module.S_ISDIR(target.st_mode) and within and real not in seen:
                    seen.add(real)
                    out.extend(_stat_lines(entry.path, inside, seen))
            elif entry.is_dir():
                if entry.name != "__pycache__":
                    out.extend(_stat_lines(entry.path, inside, seen))
            elif entry.is_file():
                stat = entry.stat()
                out.append(f"{entry.path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return out


def read_manifest(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / MANIFEST).read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def up_to_date(options: BuildOptions, manifest: dict[str, Any], stamp: str) -> bool:
    """True when the last complete build saw exactly these inputs and its site is still whole:
    every unit it built is there, and no interrupted build left a unit half-swapped or unfinished."""
    site = options.site_path
    return (
        not options.force
        and not options.cycles
        and manifest.get("inputs") == stamp
        and (site / "versions.json").is_file()
        and all((site / unit / "index.html").is_file() for unit in manifest.get("cycles", {}))
        and not leftovers(site)
    )


def leftovers(site: Path) -> list[str]:
    """`.tmp-*` and `.old-*` folders an interrupted build left in `site` or `site/history`."""
    found = []
    for folder in (site, site / "history"):
        try:
            with os.scandir(folder) as entries:
                found += [e.path for e in entries if e.name.startswith((".tmp-", ".old-"))]
        except (FileNotFoundError, NotADirectoryError):
            continue
    return found


def print_summary(options: BuildOptions, report: BuildReport, code: int) -> None:
    done = f"built {len(report.built)}, unchanged {len(report.skipped)}"
    if report.removed:
        done += f", removed {len(report.removed)} ({', '.join(report.removed)})"
    if report.unpublished:
        done += f"; not published, nothing recorded: {', '.join(report.unpublished)}"
    if report.failed:
        print(f"{done}, FAILED {len(report.failed)}: {', '.join(report.failed)}", file=sys.stderr)
    elif code == 0:
        where = options.site_path
        print(
            f"{done}. Site in {where}/ — browse it with `cycle-reports serve` or "
            f"`python -m http.server -d {where} 8000` (the version selector needs http, not file://)"
        )
