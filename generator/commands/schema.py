"""`cycle-reports schema [--check]`: write (or verify) the JSON Schema files in data/schemas/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..data.schemas import KINDS, schema_file, stale_schemas, write_schemas
from ..errors import relative


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schema of every YAML file kind to data/schemas/",
        description="Generate data/schemas/<kind>.schema.json from the model, for editor completion "
        "and checking (the `# yaml-language-server: $schema=…` line at the top of a YAML file).",
    )
    parser.add_argument("--check", action="store_true", help="fail if the committed files are missing or stale")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if args.check:
        stale = stale_schemas(root)
        for path in stale:
            print(f"{relative(path, root)}: error: stale or missing JSON Schema", file=sys.stderr)
        if stale:
            print(
                f"Aborted with {len(stale)} error(s). Run `cycle-reports schema` and commit the result.",
                file=sys.stderr,
            )
            return 1
        print(f"ok: {len(KINDS)} schema files are up to date")
        return 0
    changed = write_schemas(root)
    for kind in KINDS:
        path = schema_file(root, kind.name)
        print(f"{'wrote' if path in changed else 'unchanged'}: {relative(path, root)}")
    return 0
