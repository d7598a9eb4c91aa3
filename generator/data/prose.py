"""The PTL's Markdown: data placeholders, private sections and writing prompts.

Syntax, each on a line of its own:

    <!-- data: features -->             replaced by the rendered data block
    <!-- data: priorities missed -->    a block with an argument (here: only missed priorities)
    <!-- private -->                    start of a section left out of the public build
    <!-- /private -->                   its end
    > ✎ Prompt: …                       a writing prompt from `draft`; `check --strict` fails on it

HTML comments keep the file readable in any Markdown viewer (Gerrit, GitHub, an editor).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Location, Problem, did_you_mean

PLACEHOLDER = re.compile(r"^\s*<!--\s*data:\s*(?P<name>[\w-]+)(?P<args>(?:\s+[\w.=-]+)*)\s*-->\s*$")
ANY_DATA_COMMENT = re.compile(r"<!--\s*data\b")
PRIVATE_OPEN = re.compile(r"^\s*<!--\s*private\s*-->\s*$")
PRIVATE_CLOSE = re.compile(r"^\s*<!--\s*/private\s*-->\s*$")
ANY_PRIVATE = re.compile(r"<!--(?:(?!-->).)*\bprivate\b", re.IGNORECASE)
PROMPT = re.compile(r"^\s*>\s*✎\s*Prompt:")

BLOCKS = (
    "summary",
    "facts",
    "features",
    "roster",
    "priorities",
    "review-days",
    "handoff",
    "reviewers",
    "backlog",
    "milestones",
    "links",
)


@dataclass(frozen=True)
class Placeholder:
    line: int
    name: str
    args: tuple[str, ...]


def find_placeholders(text: str) -> list[Placeholder]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = PLACEHOLDER.match(line)
        if match:
            found.append(Placeholder(number, match["name"], tuple(match["args"].split())))
    return found


def lint(text: str, path: str, strict_prompts: bool = True) -> list[Problem]:
    """Problems in one prose file: unknown placeholders, unbalanced private markers, prompts left."""
    problems: list[Problem] = []
    open_at: int | None = None
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        match = PLACEHOLDER.match(line)
        if match:
            if match["name"] not in BLOCKS:
                problems.append(
                    Problem(
                        Location(path, number, line.index("data") + 1),
                        f"expected a data block name, got '{match['name']}'",
                        "placeholder",
                        did_you_mean(match["name"], BLOCKS) or "known blocks: " + ", ".join(BLOCKS),
                    )
                )
        elif ANY_DATA_COMMENT.search(line):
            problems.append(
                Problem(
                    Location(path, number, line.index("<!--") + 1),
                    "malformed data placeholder",
                    "placeholder",
                    "write it alone on its line as <!-- data: NAME -->",
                )
            )
        if PRIVATE_OPEN.match(line):
            if open_at is not None:
                problems.append(
                    Problem(
                        Location(path, number, 1),
                        f"private section opened again (already open since line {open_at})",
                        "private",
                        "close the first one with <!-- /private -->",
                    )
                )
            open_at = number
        elif PRIVATE_CLOSE.match(line):
            if open_at is None:
                problems.append(
                    Problem(
                        Location(path, number, 1),
                        "<!-- /private --> with no open section",
                        "private",
                        "add <!-- private --> before the section",
                    )
                )
            open_at = None
        elif ANY_PRIVATE.search(line):
            problems.append(
                Problem(
                    Location(path, number, line.index("<!--") + 1),
                    "unknown private marker",
                    "private",
                    "use <!-- private --> and <!-- /private --> on lines of their own",
                )
            )
        if PROMPT.match(line):
            problems.append(
                Problem(
                    Location(path, number, 1),
                    "writing prompt left in the text",
                    "prompt",
                    "write your own text here and delete the prompt line",
                    "warning" if not strict_prompts else "error",
                )
            )
    if open_at is not None:
        problems.append(
            Problem(
                Location(path, open_at, 1),
                "private section never closed",
                "private",
                "add <!-- /private --> where it ends",
            )
        )
    return problems


def strip_private(text: str, keep: bool) -> str:
    """Remove private sections (or, with `keep`, only their markers)."""
    out = []
    hiding = False
    in_fence = False
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or line.lstrip().startswith(("```", "~~~")):
            if not hiding:
                out.append(line)
            continue
        if PRIVATE_OPEN.match(line):
            hiding = not keep
            continue
        if PRIVATE_CLOSE.match(line):
            hiding = False
            continue
        if not hiding:
            out.append(line)
    return "".join(out)


def fill(text: str, render_block: Callable[[str, tuple[str, ...]], str]) -> str:
    """Replace every placeholder line by its rendered block (fenced code is left alone)."""
    out = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else PLACEHOLDER.match(line)
        out.append(render_block(match["name"], tuple(match["args"].split())).rstrip("\n") if match else line)
    return "\n".join(out) + "\n"


def strip_prompts(text: str) -> str:
    """Drop writing prompts (outside fenced code) so a draft previews cleanly."""
    out = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not PROMPT.match(line):
            out.append(line)
    return "\n".join(out) + "\n"
