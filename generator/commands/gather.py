"""`cycle-reports gather SOURCE... --project P --cycle C`: fill data/**/gathered.yaml from public sources."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..gather.registry import SOURCES, valid_names

SHOWN = 20
PARTIAL = 3  # exit status: some sources were skipped, the others wrote their fields
EPILOG = """\
A source that cannot be reached (no network, --offline with nothing cached) is skipped with one
line saying what it would have given; the others still write. Exit status 3 means some were
skipped (--require-all makes that an error and writes nothing).

examples:
  cycle-reports gather releases governance election --project glance --all-cycles \\
      --from releases=../releases --from governance=../governance --from election=../election
  cycle-reports gather gerrit launchpad --project nova --cycle 2024.1
  cycle-reports gather gerrit --project glance --offline

The core group's audit log needs a group owner's HTTP password: set
CYCLE_REPORTS_GERRIT_USER and CYCLE_REPORTS_GERRIT_PASSWORD. See docs/gather.md.
"""


def _location(value: str) -> tuple[str, str]:
    source, sep, where = value.partition("=")
    if not sep or not where:
        raise argparse.ArgumentTypeError(f"expected SOURCE=PATH_OR_URL, got {value!r}")
    if source not in SOURCES:
        raise argparse.ArgumentTypeError(f"unknown source '{source}'; valid sources: {valid_names()}")
    if not where.startswith(("http://", "https://")):
        if source in ("gerrit", "launchpad"):
            raise argparse.ArgumentTypeError(f"--from {source}= takes a base URL (http:// or https://), got {where!r}")
        where = str(Path(where).expanduser().resolve())
    return source, where


def _moment(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or an ISO date and time, got {value!r}") from None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("expected at least 1")
    return number


def _network_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="answer from the HTTP cache only")
    parser.add_argument("--cache", type=Path, help="HTTP cache file (default: .cache/http.sqlite in the project)")
    parser.add_argument(
        "--expire-after",
        type=float,
        default=6.0,
        metavar="HOURS",
        help="how long responses about unfinished cycles stay fresh (default 6; finished cycles: forever)",
    )
    parser.add_argument("--jobs", "-j", type=_positive, default=8, help="concurrent requests at most (default 8)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="per-request timeout (default 30)"
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=4,
        metavar="N",
        help="retries of a request on 429 and 5xx, with backoff (default 4); a refused or timed-out host "
        "is not retried: it is down for the rest of the run",
    )


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gather",
        help="gather a cycle's facts from the public sources into data/**/gathered.yaml",
        description="Gather facts from public sources into data/<cycle>/<project>/gathered.yaml, "
        "data/cycles.gathered.yaml and data/projects.gathered.yaml. Never touches authored files.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help=f"one or more of: {valid_names()}")
    parser.add_argument("--project", "-p", action="append", default=[], help="project key, e.g. glance (repeatable)")
    parser.add_argument(
        "--all-projects", action="store_true", help="every governance team and data/projects.yaml entry"
    )
    parser.add_argument(
        "--cycle",
        "-c",
        action="append",
        default=[],
        help="cycle name or release id (repeatable; default: the cycle in development)",
    )
    parser.add_argument("--all-cycles", action="store_true", help="every cycle of the calendar")
    parser.add_argument("--since", default="", metavar="CYCLE", help="with --all-cycles: start at this cycle")
    parser.add_argument(
        "--from",
        dest="locations",
        action="append",
        default=[],
        type=_location,
        metavar="SOURCE=PATH_OR_URL",
        help="read SOURCE from a local checkout or a base URL (repeatable)",
    )
    _network_options(parser)
    parser.add_argument(
        "--as-of",
        type=_moment,
        metavar="WHEN",
        help="pretend the gather runs at this UTC time (reproducible runs and tests)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, summary only")
    parser.add_argument(
        "--require-all",
        action="store_true",
        help="a source that cannot be reached is an error and nothing is written (for CI); "
        "by default it is skipped and the exit status is 3",
    )
    parser.set_defaults(handler=run)


def options_from(args: argparse.Namespace) -> Any:
    """The `GatherOptions` of a parsed `gather` command line."""
    from ..gather.context import GatherOptions

    root = Path(args.root).resolve()
    user, password = os.environ.get("CYCLE_REPORTS_GERRIT_USER"), os.environ.get("CYCLE_REPORTS_GERRIT_PASSWORD")
    if bool(user) != bool(password):
        raise UserError("set both CYCLE_REPORTS_GERRIT_USER and CYCLE_REPORTS_GERRIT_PASSWORD, or neither")
    return GatherOptions(
        root=root,
        sources=tuple(args.sources),
        projects=tuple(args.project),
        cycles=tuple(args.cycle),
        all_projects=args.all_projects,
        all_cycles=args.all_cycles,
        since=args.since,
        locations=dict(args.locations),
        offline=args.offline,
        cache=args.cache.expanduser().resolve() if args.cache else None,
        expire_after_hours=args.expire_after,
        jobs=args.jobs,
        timeout=args.timeout,
        retries=max(0, args.retries),
        now=args.as_of,
        progress=not args.quiet,
        gerrit_auth=(user, password) if user and password else None,
        require_all=args.require_all,
    )


def run(args: argparse.Namespace) -> int:
    from ..gather.pipeline import run_gather

    report = run_gather(options_from(args))
    print_report(report)
    return PARTIAL if report.partial else 0


def print_report(report: Any, prefix: str = "") -> None:
    """Warnings and skipped sources on stderr, what was written on stdout."""
    for warning in report.warnings:
        print(f"{prefix}warning: {warning}", file=sys.stderr)
    for skipped in report.skipped:
        print(f"{prefix}{skipped.line}", file=sys.stderr)
    written = report.written
    selection = report.selection
    scope = f"{len(selection.projects)} project(s) × {len(selection.series)} cycle(s)" if selection else ""
    network = f"{report.sent} request(s), {report.cached} from cache" if report.sent or report.cached else "no HTTP"
    partial = f", {len(report.skipped)} source(s) skipped" if report.skipped else ""
    print(
        f"{prefix}gathered {scope}: {len(written.changed)} file(s) written, "
        f"{len(written.unchanged)} unchanged; {network}{partial}"
    )
    for path in written.changed[:SHOWN]:
        print(f"{prefix}  wrote {path}")
    if len(written.changed) > SHOWN:
        print(f"{prefix}  … and {len(written.changed) - SHOWN} more")
