"""`cycle-reports draft` and `cycle-reports new-cycle`: skeletons for the PTL, never overwriting."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ..data import model as m
from ..data.yamlio import write_text_atomic
from ..errors import UserError
from ..tools.draft import (
    build_board_meeting,
    build_midcycle,
    build_new_cycle,
    build_retrospective,
    load_context,
    write_new_files,
)
from ..tools.draft_gather import gather_first, missing_facts
from . import iso_date


def _location(value: str) -> tuple[str, str]:
    """`SOURCE=PATH_OR_URL`, a path made absolute (the source name is checked when gathering:
    this module does not import the optional gather stage)."""
    source, sep, where = value.partition("=")
    if not sep or not source or not where:
        raise argparse.ArgumentTypeError(f"expected SOURCE=PATH_OR_URL, got {value!r}")
    if not where.startswith(("http://", "https://")):
        where = str(Path(where).expanduser().resolve())
    return source, where


KINDS = ("retrospective", "midcycle", "board-meeting")
# The fields a skipped source's line already names as missing.
SKIPPED_GIVES = {"gerrit": ("review_days", "backlog", "reviewers", "roster"), "governance": ("ptl",)}


def add_parser(subparsers: Any) -> None:
    draft = subparsers.add_parser(
        "draft",
        help="scaffold a report for you to write: YAML with its schema line, prose with prompts",
        description="Create the files of a new report with writing prompts (`> ✎ Prompt: …`, which "
        "`check --strict` refuses) and the data blocks in place. Existing files are never touched, so "
        "running it again is safe. The retrospective first gathers the cycle (every source, or --source): a "
        "source that cannot be reached is skipped with one line, and the draft uses what the others gave.",
    )
    draft.add_argument("kind", nargs="?", choices=KINDS, default="retrospective", help="default: retrospective")
    draft.add_argument("--project", "-p", help="project key, e.g. glance (retrospective, midcycle)")
    draft.add_argument("--cycle", "-c", help="cycle name, e.g. mitaka (retrospective, midcycle)")
    draft.add_argument("--date", type=iso_date, help="meeting date YYYY-MM-DD (midcycle, board-meeting)")
    draft.add_argument("--offline", action="store_true", help="gather from the cache only")
    draft.add_argument("--no-gather", action="store_true", help="do not run gather first")
    draft.add_argument(
        "--source",
        "-s",
        dest="sources",
        action="append",
        default=[],
        metavar="SOURCE[,SOURCE…]",
        help="gather only these sources first (repeatable; default: all of them)",
    )
    draft.add_argument(
        "--from",
        dest="locations",
        action="append",
        default=[],
        type=_location,
        metavar="SOURCE=PATH_OR_URL",
        help="as for gather: read a source from a local checkout or a base URL (repeatable)",
    )
    draft.add_argument("--no-prose", action="store_true", help="midcycle, board-meeting: only the YAML file")
    draft.set_defaults(handler=run_draft)

    new = subparsers.add_parser(
        "new-cycle",
        help="open the next cycle for a project: carry over missed priorities, the roster and the PTL",
        description="Create data/NAME/PROJECT/authored.yaml from the previous cycle: its missed and partial "
        "priorities (marked carried_from), its end roster as the new start, and the PTL named in its handoff.",
    )
    new.add_argument("name", help="the cycle to open, e.g. newton (must be in data/cycles.yaml)")
    new.add_argument("--project", "-p", required=True, help="project key, e.g. glance")
    new.add_argument("--from", dest="previous", help="cycle to carry over from (default: the one before NAME)")
    new.set_defaults(handler=run_new_cycle)


def run_draft(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    kind = args.kind
    if kind in ("retrospective", "midcycle") and not (args.project and args.cycle):
        raise UserError(f"draft {kind} needs --project and --cycle")
    if kind in ("midcycle", "board-meeting") and args.date is None:
        raise UserError(f"draft {kind} needs --date YYYY-MM-DD")
    # 1. Gather what the public sources know (retrospectives only: meetings have nothing to gather).
    skipped: tuple[str, ...] = ()
    if kind == "retrospective" and not args.no_gather:
        skipped = _gather(root, args)
    # 2. Build the skeletons from the calendar and whatever data loads.
    ctx = load_context(root)
    if ctx.site is None:
        print(
            f"note: the project has {len(ctx.problems)} problem(s) (see `cycle-reports check`); "
            "drafting from the calendar alone",
            file=sys.stderr,
        )
    if kind == "retrospective":
        files = build_retrospective(root, ctx, args.project, args.cycle)
        drafted = any(f.path.name == "authored.yaml" and not (root / f.path).exists() for f in files)
        _say_missing(ctx, args.project, args.cycle, skipped, drafted)
    elif kind == "midcycle":
        files = build_midcycle(root, ctx, args.project, args.cycle, args.date, not args.no_prose)
        cycle = ctx.cycle(args.cycle)
        if cycle.start and cycle.end and not cycle.start <= args.date <= cycle.end:
            print(f"note: {args.date} is outside {cycle.name} ({cycle.start} to {cycle.end})", file=sys.stderr)
    else:
        files = build_board_meeting(root, args.date, not args.no_prose)
    if kind != "retrospective":
        # A meeting's files belong together: drafting one beside the other's existing text would add
        # prompts to a finished report (and fail `check --strict`), so an existing meeting is refused.
        existing = [f.path.as_posix() for f in files if (root / f.path).exists()]
        if existing:
            raise UserError(
                f"a {kind} on {args.date} exists ({', '.join(existing)}); draft never touches existing files: "
                "edit them, or pick another --date"
            )
    # 3. Write only what does not exist yet.
    report = write_new_files(root, files)
    for path in report.created:
        print(f"created: {path.as_posix()}")
    for path in report.kept:
        print(f"left alone (exists): {path.as_posix()}")
    if report.created:
        print(
            "next: replace each '> ✎ Prompt:' line with your own words, preview with `cycle-reports serve`, "
            "then `cycle-reports check --strict`"
        )
    return 0


def _gather(root: Path, args: argparse.Namespace) -> tuple[str, ...]:
    """Gather the cycle first; prints what happened and returns the sources that were skipped."""
    sources = [name for value in args.sources for name in value.split(",") if name]
    gathered = gather_first(
        root, args.project, args.cycle, offline=args.offline, locations=dict(args.locations), sources=sources
    )
    for line in gathered.lines:
        print(line, file=sys.stderr if line.startswith(("warning:", "skipped ")) else sys.stdout)
    return gathered.skipped


def _say_missing(ctx: Any, project: str, cycle_name: str, skipped: tuple[str, ...], drafted: bool) -> None:
    """Each fact no source gave, once: a skipped source's line has named its own already; and,
    when the draft writes authored.yaml (`drafted`), that it asks for them there."""
    cycle = ctx.cycle(cycle_name)
    past = cycle.end is not None and cycle.end < dt.date.today()
    asked = missing_facts(ctx.data(cycle_name, project) or m.ProjectCycle(), project, cycle, past)
    covered = {f for name in skipped for f in SKIPPED_GIVES.get(name, ())}
    for field, what in asked.items():
        if field not in covered:
            print(f"missing: {field}: {what}")
    shown = [f for f in asked if f in ("ptl", "roster", "review_days", "backlog")]
    if shown and drafted:
        print(f"the drafted authored.yaml asks for {', '.join(shown)} in a comment beside each")


def run_new_cycle(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    ctx = load_context(root)
    opened = build_new_cycle(root, ctx, args.name, args.project, args.previous)
    target = root / opened.file.path
    if target.exists():
        raise UserError(f"{opened.file.path.as_posix()} exists; new-cycle never overwrites a file")
    write_text_atomic(target, opened.file.text)
    print(f"created: {opened.file.path.as_posix()} (from {opened.previous.name})")
    for priority in opened.carried:
        print(f"carried over: {priority.id} ({priority.outcome} in {opened.previous.name})")
    for hint in opened.hints:
        print(f"hint: {hint}")
    return 0
