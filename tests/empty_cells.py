"""What a reader calls "a table of dashes", found in rendered Markdown: the one definition the
demo and the whole-history tests share (issue 16: nothing empty is printed).

A table row whose cells after its label are all dashes or blank, a table column that is blank
or a dash in every row, a header cell with no words (a column a screen reader announces as
nothing; axe: empty-table-header), a table with no rows, and a chart whose every figure is unrecorded
(each bar's `data-value` empty) are each one finding, named by page and table heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

EMPTY = {"", "—", "–", "-"}
DIVIDER = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


HIDDEN = re.compile(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>\s*')  # a card's column name on a phone


def _cells(line: str) -> list[str]:
    return [HIDDEN.sub("", c).strip() for c in line.strip().strip("|").split("|")]


def _tables(text: str) -> Iterator[tuple[list[str], list[list[str]]]]:
    lines = text.splitlines()
    at = 0
    while at < len(lines):
        if lines[at].startswith("|") and at + 1 < len(lines) and DIVIDER.match(lines[at + 1]):
            head, rows, at = _cells(lines[at]), [], at + 2
            while at < len(lines) and lines[at].startswith("|"):
                rows.append(_cells(lines[at]))
                at += 1
            yield head, rows
        else:
            at += 1


def findings(pages: Mapping[str, str]) -> list[str]:
    """Every dash-only row, blank column, empty table and unrecorded chart in `pages` ({path: Markdown})."""
    found: list[str] = []
    for path, text in sorted(pages.items()):
        if not path.endswith(".md"):
            continue
        for head, rows in _tables(SVG.sub("", text)):
            where = f"{path}: table | {' | '.join(head)} |"
            if not rows:
                found.append(f"{where}: no rows")
            found += [f"{where}: header cell {n} is blank" for n, cell in enumerate(head, 1) if cell in EMPTY]
            found += [f"{where}: row {row[0]!r} is all dashes" for row in rows if all(c in EMPTY for c in row[1:])]
            for col in range(1, len(head)):
                if rows and all((row[col] if col < len(row) else "") in EMPTY for row in rows):
                    found.append(f"{where}: column {head[col]!r} is empty in every row")
        for svg in SVG.findall(text):
            values = re.findall(r'\sdata-value="([^"]*)"', svg)
            if values and not any(values):
                title = re.search(r"<title[^>]*>([^<]*)</title>", svg)
                found.append(f"{path}: chart {title.group(1) if title else '?'!r} has no recorded figure")
    return found
