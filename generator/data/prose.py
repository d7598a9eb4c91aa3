"""The PTL's Markdown: data placeholders, private sections and writing prompts.

Syntax, each on a line of its own:

    <!-- data: features -->             replaced by the rendered data block
    <!-- data: priorities missed -->    a block with an argument (here: only missed priorities)
    <!-- private -->                    start of a section left out of the public build
    <!-- /private -->                   its end
    > ✎ Prompt: …                       a writing prompt from `draft`; `check --strict` fails on it

HTML comments keep the file readable in any Markdown viewer (Gerrit, GitHub, an editor).

What is code is decided by a CommonMark tokenizer (markdown-it-py), not by counting fence lines:
a ```` fence may hold ``` lines, `~~~` may hold ```, a fence indented four spaces is not a
fence, and an unclosed fence runs to the end. A marker or placeholder inside code is text.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Location, Problem, did_you_mean

PLACEHOLDER = re.compile(r"^\s*<!--\s*data:\s*(?P<name>[\w-]+)(?P<args>(?:\s+[\w.=-]+)*)\s*-->\s*$")
ANY_DATA_COMMENT = re.compile(r"<!--\s*data\b")
# Any HTML comment, to catch placeholders that almost are one (`<!-- date: features -->`).
COMMENT = re.compile(r"<!--(?P<body>(?:(?!-->).)*)-->")
PRIVATE_OPEN = re.compile(r"^\s*<!--\s*private\s*-->\s*$")
PRIVATE_CLOSE = re.compile(r"^\s*<!--\s*/private\s*-->\s*$")
ANY_PRIVATE = re.compile(r"<!--(?:(?!-->).)*\bprivate\b", re.IGNORECASE)
PROMPT = re.compile(r"^\s*>\s*✎\s*Prompt:")

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

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
    "released",
)

# The arguments each block takes; a block missing here takes none.
BLOCK_ARGS: dict[str, tuple[str, ...]] = {"priorities": ("done", "partial", "missed", "dropped", "open")}


@dataclass(frozen=True)
class Code:
    """Where a text's code is: the 0-based numbers of the lines inside fenced or indented code,
    and the first line of a fence that is never closed (it runs to the end of the text)."""

    lines: frozenset[int]
    unclosed: int | None


@functools.lru_cache(maxsize=512)
def code_of(text: str) -> Code:
    """The code lines of `text` (lines as `text.split("\\n")` numbers them), by CommonMark's rules."""
    if "```" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return Code(frozenset(), None)
    lines = text.split("\n")
    inside: set[int] = set()
    unclosed = None
    for token in _parser().parse(text):
        if token.type not in ("fence", "code_block") or not token.map:
            continue
        start, end = token.map
        inside.update(range(start, end))
        if token.type == "fence" and unclosed is None and end >= len(_lines(text)):
            # ran to the end of the text: closed there, or never (then everything after is code)
            last = lines[end - 1].lstrip("> \t").rstrip() if end - 1 < len(lines) else ""
            closing = end - start > 1 and set(last) == {token.markup[0]} and len(last) >= len(token.markup)
            if not closing:
                unclosed = start
    return Code(frozenset(inside), unclosed)


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported on first use: most prose has no code at all

    return MarkdownIt("commonmark")


def _lines(text: str) -> list[str]:
    """`text` split as the tokenizer numbers lines (newlines only, not every Unicode line break)."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


@dataclass(frozen=True)
class Placeholder:
    line: int
    name: str
    args: tuple[str, ...]


def find_placeholders(text: str) -> list[Placeholder]:
    found = []
    code = code_of(text).lines
    for number, line in enumerate(_lines(text), 1):
        match = None if number - 1 in code else PLACEHOLDER.match(line)
        if match:
            found.append(Placeholder(number, match["name"], tuple(match["args"].split())))
    return found


def _unclosed_fence(text: str, path: str, code: Code) -> list[Problem]:
    """A fence never closed makes every private marker after it code: the section would be published."""
    if code.unclosed is None:
        return []
    after = [n for n, line in enumerate(_lines(text), 1) if n > code.unclosed and ANY_PRIVATE.search(line)]
    if not after:
        return []
    message = f"code fence never closed: the private marker at line {after[0]} is read as code"
    hint = "close the fence with the same characters, at least as many, on a line of their own"
    return [
        Problem(
            Location(path, code.unclosed + 1, 1),
            message + ", so the section after it would be published",
            "private",
            hint,
        )
    ]


def lint(text: str, path: str, strict_prompts: bool = True) -> list[Problem]:
    """Problems in one prose file: unknown placeholders, unbalanced private markers, prompts left."""
    code = code_of(text)
    problems = _unclosed_fence(text, path, code)
    markers = _PrivateMarkers(path)
    for number, line in enumerate(_lines(text), 1):
        if number - 1 in code.lines:
            continue
        problems += _placeholder_line(line, path, number)
        problems += markers.line(line, number)
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
    return problems + markers.end()


def _placeholder_line(line: str, path: str, number: int) -> list[Problem]:
    """A data placeholder's mistakes, a malformed one, or a near miss of one."""
    match = PLACEHOLDER.match(line)
    if match:
        return _placeholder_problems(match, line, path, number)
    if ANY_DATA_COMMENT.search(line):
        where = Location(path, number, line.index("<!--") + 1)
        hint = "write it alone on its line as <!-- data: NAME -->"
        return [Problem(where, "malformed data placeholder", "placeholder", hint)]
    return _near_misses(line, path, number)


class _PrivateMarkers:
    """Private sections opened and closed in order, one at a time, each closed by the end."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.open_at: int | None = None

    def line(self, line: str, number: int) -> list[Problem]:
        where = Location(self.path, number, 1)
        if PRIVATE_OPEN.match(line):
            was, self.open_at = self.open_at, number
            if was is not None:
                message = f"private section opened again (already open since line {was})"
                return [Problem(where, message, "private", "close the first one with <!-- /private -->")]
        elif PRIVATE_CLOSE.match(line):
            was, self.open_at = self.open_at, None
            if was is None:
                message = "<!-- /private --> with no open section"
                return [Problem(where, message, "private", "add <!-- private --> before the section")]
        elif ANY_PRIVATE.search(line):
            where = Location(self.path, number, line.index("<!--") + 1)
            hint = "use <!-- private --> and <!-- /private --> on lines of their own"
            return [Problem(where, "unknown private marker", "private", hint)]
        return []

    def end(self) -> list[Problem]:
        if self.open_at is None:
            return []
        where = Location(self.path, self.open_at, 1)
        return [Problem(where, "private section never closed", "private", "add <!-- /private --> where it ends")]


def _placeholder_problems(match: re.Match[str], line: str, path: str, number: int) -> list[Problem]:
    """An unknown block name, or an argument its block does not take (it would be dropped silently)."""
    name = match["name"]
    if name not in BLOCKS:
        return [
            Problem(
                Location(path, number, match.start("name") + 1),
                f"expected a data block name, got '{name}'",
                "placeholder",
                did_you_mean(name, BLOCKS) or "known blocks: " + ", ".join(BLOCKS),
            )
        ]
    problems = []
    allowed = BLOCK_ARGS.get(name, ())
    for arg in re.finditer(r"[\w.=-]+", match["args"]):
        if arg[0] in allowed:
            continue
        column = match.start("args") + arg.start() + 1
        if allowed:
            message = f"unknown argument '{arg[0]}': expected one of {', '.join(allowed)}"
            hint = did_you_mean(arg[0], allowed) or f"'{name}' takes any of: " + ", ".join(allowed)
        else:
            message = f"unknown argument '{arg[0]}': expected none, '{name}' takes no arguments"
            hint = f"write it as <!-- data: {name} -->"
        problems.append(Problem(Location(path, number, column), message, f"placeholder.{name}", hint))
    return problems


def _near_misses(line: str, path: str, number: int) -> list[Problem]:
    """HTML comments that look like a placeholder but are not one, so their data would never show.

    Caught: a misspelt or capitalised keyword (`date:`, `dta:`, `Data:`) and a bare block name,
    exact or nearly (`<!-- features -->`, `<!-- featurs -->`). An ordinary comment
    (`<!-- TODO: … -->`, `<!-- summary of the talk -->`) is left alone.
    """
    problems = []
    for comment in COMMENT.finditer(line):
        body = comment["body"].strip()
        column = comment.start() + 1
        keyword = re.match(r"(?P<word>[A-Za-z_-]+)\s*:\s*(?P<rest>.*)$", body)
        if keyword and keyword["word"].lower() != "private":
            word = keyword["word"]
            close = difflib.SequenceMatcher(None, word.lower(), "data").ratio() >= 0.7
            if word.lower() == "data" or close:
                problems.append(
                    Problem(
                        Location(path, number, column),
                        f"expected a data placeholder <!-- data: NAME -->, got '<!--{comment['body']}-->'",
                        "placeholder",
                        "did you mean 'data:'? (lower case, then a colon)",
                    )
                )
                continue
        words = body.split()
        if not words:
            continue
        # one word close to a block name (`<!-- featurs -->`) is a placeholder too, misspelt twice
        block = words[0] if len(words) > 1 else next(iter(difflib.get_close_matches(words[0], BLOCKS, 1, 0.8)), "")
        if block in BLOCKS and all(w in BLOCK_ARGS.get(block, ()) for w in words[1:]):
            problems.append(
                Problem(
                    Location(path, number, column),
                    f"expected a data placeholder, got a comment naming the block '{words[0]}'",
                    "placeholder",
                    f"did you mean <!-- data: {' '.join([block, *words[1:]])} -->?",
                )
            )
    return problems


def strip_private(text: str, keep: bool) -> str:
    """Remove private sections (or, with `keep`, only their markers)."""
    out = []
    hiding = False
    code = code_of(text).lines
    for number, line in enumerate(text.split("\n")):
        if number in code:
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
    return "\n".join(out)


def fill(text: str, render_block: Callable[[str, tuple[str, ...]], str]) -> str:
    """Replace every placeholder line by its rendered block (fenced code is left alone)."""
    out = []
    code = code_of(text).lines
    for number, line in enumerate(_lines(text)):
        match = None if number in code else PLACEHOLDER.match(line)
        out.append(render_block(match["name"], tuple(match["args"].split())).rstrip("\n") if match else line)
    return "\n".join(out) + "\n"


def strip_prompts(text: str) -> str:
    """Drop writing prompts (outside fenced code) so a draft previews cleanly."""
    out = []
    code = code_of(text).lines
    for number, line in enumerate(_lines(text)):
        if number in code or not PROMPT.match(line):
            out.append(line)
    return "\n".join(out) + "\n"
