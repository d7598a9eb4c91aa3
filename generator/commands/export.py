"""`cycle-reports export`: the loaded cycle data as JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..data.yamlio import write_text_atomic
from ..errors import UserError, print_problems
from ..load.site import load_site
from ..tools.export import render_csv, render_json, select
from ..tools.scan import refuse_leaks


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the cycle data as JSON or CSV for analysis",
        description="JSON: one document with the cycles, the projects and every project-cycle entry (gathered "
        "and authored data merged, plus headline figures). CSV: one row per project and cycle with the headline "
        "figures (PTL, features, core team, priorities, review days, reviews).",
    )
    parser.add_argument("--format", "-f", choices=("json", "csv"), default="json")
    parser.add_argument("--cycle", "-c", help="only this cycle")
    parser.add_argument("--project", "-p", help="only this project")
    parser.add_argument(
        "--allow", action="append", metavar="ADDRESS", help="an address that may appear (repeatable), e.g. the list's"
    )
    parser.add_argument("--output", "-o", help="write to this file (default: print it)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    loaded = load_site(root)
    if loaded.site is None:
        errors = print_problems(loaded.problems.items, strict=False)
        raise UserError(f"Aborted with {errors} error(s): fix them, then export again.")
    entries = select(loaded.site, args.cycle, args.project)
    text = render_json(loaded.site, entries) if args.format == "json" else render_csv(entries)
    refuse_leaks(text, "the export", args.allow or ())
    if args.output:
        target = Path(args.output)
        write_text_atomic(target if target.is_absolute() else Path.cwd() / target, text)
        print(f"wrote {args.output}: {len(entries)} project-cycle entries", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
