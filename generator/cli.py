"""The `cycle-reports` command line: each command parses its options and calls one function."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import UserError, print_problems

Handler = Callable[[argparse.Namespace], int]

# Commands living in their own modules: name -> module exposing add_parser(subparsers) -> None.
# The module's parser sets `handler`. Keeping them apart keeps this file small and lets the
# gather stage stay out of the render/build import graph.
PLUGGED = (
    "generator.commands.gather",
    "generator.commands.draft",
    "generator.commands.email",
    "generator.commands.export",
    "generator.commands.schema",
)


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_project

    problems = check_project(_root(args), strict=args.strict)
    errors = print_problems(problems, args.strict)
    if errors:
        print(f"Aborted with {errors} error(s).", file=sys.stderr)
        return 1
    warnings = len(problems) - errors
    print(f"ok: no errors{f', {warnings} warning(s)' if warnings else ''}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site import BuildOptions, build_site

    options = BuildOptions(
        root=_root(args),
        jobs=args.jobs or os.cpu_count() or 1,
        force=args.force,
        cycles=tuple(args.cycle or ()),
        private=args.private,
        strict=True,
        quiet=args.quiet,
    )
    return build_site(options)


def cmd_scan(args: argparse.Namespace) -> int:
    from .scan import scan_site

    site = Path(args.site) if args.site else _root(args) / "site"
    if not site.is_dir():
        raise UserError(f"{site} does not exist; run `cycle-reports build` first")
    problems = scan_site(site, allow=args.allow or ())
    errors = print_problems(problems, strict=True)
    if errors:
        print(f"Aborted with {errors} finding(s): this site must not be published as it is.", file=sys.stderr)
        return 1
    print(f"ok: no e-mail address and no private section in {site}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_root(args), cycle=args.cycle, host=args.host, port=args.port)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cycle-reports",
        description="Gather a release cycle's facts, write the reports, build the versioned site.",
    )
    parser.add_argument("--version", action="version", version=f"cycle-reports {__version__}")
    parser.add_argument("-C", "--root", default=".", help="project folder (default: the current one)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser("check", help="load and validate every data and content file")
    check.add_argument("--strict", action="store_true", help="warnings are errors (a publishing gate)")
    check.set_defaults(handler=cmd_check)

    build = sub.add_parser("build", help="render the Markdown and build one mkdocs site per cycle")
    build.add_argument("--jobs", "-j", type=int, default=0, help="parallel builds (default: number of cores)")
    build.add_argument("--force", action="store_true", help="rebuild every cycle even if unchanged")
    build.add_argument("--cycle", action="append", help="build only this cycle (repeatable)")
    build.add_argument("--private", action="store_true", help="include sections marked private")
    build.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    build.set_defaults(handler=cmd_build)

    scan = sub.add_parser("scan", help="check a built site for e-mail addresses and private sections")
    scan.add_argument("site", nargs="?", help="the built site (default: site/)")
    scan.add_argument("--allow", action="append", help="an address that may appear (repeatable), e.g. a list address")
    scan.set_defaults(handler=cmd_scan)

    serve = sub.add_parser("serve", help="preview one cycle with live reload")
    serve.add_argument("--cycle", help="cycle to serve (default: the latest)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=cmd_serve)

    for name in PLUGGED:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        handler: Handler = args.handler
        return handler(args)
    except UserError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
