"""The `cycle-reports` command line: each command parses its options and calls one function."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import UserError, print_problems

Handler = Callable[[argparse.Namespace], int]

# Commands living in modules of their own: name -> (module, one-line help). The module exposes
# add_parser(subparsers), which adds the command (and any sibling listed here with the same module)
# and sets `handler`. Only the module of the command being run is imported: `cycle-reports build`
# does not pay for gather, draft or e-mail, and `--help` lists them from this table alone (a test
# checks that each help line here matches the module's own).
PLUGGED: dict[str, tuple[str, str]] = {
    "gather": (
        "generator.commands.gather",
        "gather a cycle's facts from the public sources into data/**/gathered.yaml",
    ),
    "draft": (
        "generator.commands.draft",
        "scaffold a report for you to write: YAML with its schema line, prose with prompts",
    ),
    "new-cycle": (
        "generator.commands.draft",
        "open the next cycle for a project: carry over missed priorities, the roster and the PTL",
    ),
    "email": ("generator.commands.email", "render a report as a plain-text mailing-list post"),
    "export": ("generator.commands.export", "export the cycle data as JSON or CSV for analysis"),
    "schema": ("generator.commands.schema", "write the JSON Schema of every YAML file kind to data/schemas/"),
}


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    from .tools.check import check_project

    problems = check_project(_root(args), strict=args.strict)
    errors = print_problems(problems, args.strict)
    if errors:
        print(f"Aborted with {errors} error(s).", file=sys.stderr)
        return 1
    warnings = sum(p.severity == "warning" for p in set(problems))
    print(f"ok: no errors{f', {warnings} warning(s)' if warnings else ''}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build.engine import ENGINES, configured_engine
    from .build.stamp import BuildOptions
    from .commands.build import build_if_needed

    options = BuildOptions(
        root=_root(args),
        jobs=args.jobs or os.cpu_count() or 1,
        force=args.force,
        cycles=tuple(args.cycle or ()),
        private=args.private,
        strict=True,
        quiet=args.quiet,
        engine=args.engine or configured_engine(_root(args)),
    )
    if options.engine not in ENGINES:
        raise UserError(f"mkdocs.yml: extra.engine: expected one of {', '.join(ENGINES)}, got '{options.engine}'")
    return build_if_needed(options)


def cmd_scan(args: argparse.Namespace) -> int:
    from .tools.scan import scan_path

    paths = [Path(p) for p in args.site] if args.site else [_root(args) / "site"]
    problems = []
    for path in paths:
        if not path.exists():
            raise UserError(f"{path} does not exist; run `cycle-reports build` first")
        problems += scan_path(path, allow=args.allow or ())
    errors = print_problems(problems, strict=True)
    if errors:
        print(f"Aborted with {errors} finding(s): this site must not be published as it is.", file=sys.stderr)
        return 1
    print(f"ok: no e-mail address and no private section in {', '.join(map(str, paths))}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .tools.serve import serve

    return serve(_root(args), cycle=args.cycle, host=args.host, port=args.port)


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; of the plugged commands, only `command`'s module is imported (for its options)."""
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
    build.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        help="the static-site engine (default: extra.engine in mkdocs.yml, else mkdocs)",
    )
    build.set_defaults(handler=cmd_build)

    scan = sub.add_parser("scan", help="check a built site for e-mail addresses and private sections")
    scan.add_argument(
        "site", nargs="*", help="the built site (default: site/), and any mail post or export file to check with it"
    )
    scan.add_argument("--allow", action="append", help="an address that may appear (repeatable), e.g. a list address")
    scan.set_defaults(handler=cmd_scan)

    serve = sub.add_parser("serve", help="preview one cycle with live reload")
    serve.add_argument("--cycle", help="cycle to serve (default: the latest)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=cmd_serve)

    wanted = PLUGGED[command][0] if command is not None and command in PLUGGED else None
    installed: dict[str, bool] = {}
    for name, (module_name, help_text) in PLUGGED.items():
        if module_name not in installed:
            # An optional stage (gather) may be left out of an installation: its commands then do not exist.
            installed[module_name] = importlib.util.find_spec(module_name) is not None
            if installed[module_name] and module_name == wanted:
                importlib.import_module(module_name).add_parser(sub)  # adds its siblings too (draft, new-cycle)
        if installed[module_name] and module_name != wanted:
            # A stand-in that only lists the command in `--help`; main() builds the real one to run it.
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    # Which command? Parsed leniently first (the stand-ins take any options), then for real with its own parser.
    command = parser.parse_known_args(argv)[0].command
    if command in PLUGGED:
        parser = make_parser(command)
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
