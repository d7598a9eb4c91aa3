"""`cycle-reports email`: a report as the plain-text post for the mailing list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..data.yamlio import write_text_atomic
from ..errors import UserError, print_problems
from ..load.site import load_site
from ..tools.mailpost import MailPost, board_post, midcycle_post, retrospective_post
from ..tools.scan import refuse_leaks
from . import iso_date


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "email",
        help="render a report as a plain-text mailing-list post",
        description="Render a retrospective, a midcycle summary or board-meeting notes as the plain-text post "
        "for the mailing list: a `Subject:` line in the list's convention, text reflowed to 72 columns, tables "
        "as plain columns and links as numbered references at the end. Private sections are left out.",
    )
    parser.add_argument("--project", "-p", help="project key, e.g. glance")
    parser.add_argument("--cycle", "-c", help="cycle name, e.g. mitaka")
    parser.add_argument(
        "--kind",
        choices=("retrospective", "midcycle"),
        help="default: midcycle when --date is given, else retrospective",
    )
    parser.add_argument("--date", type=iso_date, help="the midcycle's date (needed when the cycle had several)")
    parser.add_argument("--board", type=iso_date, metavar="DATE", help="board-meeting notes of DATE instead")
    parser.add_argument(
        "--allow", action="append", metavar="ADDRESS", help="an address that may appear (repeatable), e.g. the list's"
    )
    parser.add_argument("--output", "-o", help="write the post to this file (default: print it)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if args.board is None and not (args.project and args.cycle):
        raise UserError("email needs --project and --cycle (or --board DATE)")
    loaded = load_site(root)
    if loaded.site is None:
        errors = print_problems(loaded.problems.items, strict=False)
        raise UserError(f"Aborted with {errors} error(s): fix them, then run `cycle-reports email` again.")
    post: MailPost
    if args.board is not None:
        post = board_post(loaded.site, root, args.board)
    elif (args.kind or ("midcycle" if args.date else "retrospective")) == "midcycle":
        post = midcycle_post(loaded.site, root, args.project, args.cycle, args.date)
    else:
        post = retrospective_post(loaded.site, root, args.project, args.cycle)
    text = post.render()
    refuse_leaks(text, "the mail post", args.allow or ())
    if args.output:
        target = Path(args.output)
        write_text_atomic(target if target.is_absolute() else Path.cwd() / target, text)
        print(f"wrote {args.output}: {post.subject}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
