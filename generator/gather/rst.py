"""The little RST the sources use: inline links, link targets, labelled sections and tables.

Not a reStructuredText parser: highlights, priorities and schedules only use a handful of
constructs, and a full docutils round trip would pull in a dependency for three regexes.
Links whose scheme is not http(s) or mailto stay plain text, so gathered text cannot smuggle a
`javascript:` link into the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `text <url>`_ and `text <url>`__ (anonymous)
_INLINE_LINK = re.compile(r"`([^`<]*?)\s*<([^>`]+)>`__?", re.DOTALL)
# `text`_ (a reference to a `.. _text: url` target)
_NAMED_REF = re.compile(r"`([^`<]+?)`_(?!_)")
_TARGET = re.compile(r"^\.\. _([^:]+):\s*(\S+)\s*$", re.MULTILINE)
_ROLE = re.compile(r":(?:ref|doc|term|abbr|program|command|file|class|func|meth|mod|attr):`([^`]*)`")
_LITERAL = re.compile(r"``([^`]+)``")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def targets(text: str) -> dict[str, str]:
    """`.. _name: url` link targets, keyed by lower-cased name (RST names are case-insensitive)."""
    return {" ".join(m.group(1).lower().split()): m.group(2) for m in _TARGET.finditer(text)}


def _role_text(match: re.Match[str]) -> str:
    inner = match.group(1)
    label = re.match(r"(.*?)\s*<[^>]*>$", inner, re.DOTALL)
    return label.group(1) if label else inner


def to_markdown(text: str, refs: dict[str, str] | None = None) -> str:
    """Inline RST → Markdown: links, named references, ``literals`` and roles; whitespace folded."""
    refs = refs or {}

    def inline(match: re.Match[str]) -> str:
        label, url = " ".join(match.group(1).split()), match.group(2).strip()
        if not url.startswith(_SAFE_SCHEMES):
            return label or url
        return f"[{label or url}]({url})"

    def named(match: re.Match[str]) -> str:
        label = " ".join(match.group(1).split())
        url = refs.get(label.lower(), "")
        return f"[{label}]({url})" if url.startswith(_SAFE_SCHEMES) else label

    out = _INLINE_LINK.sub(inline, text)
    out = _ROLE.sub(_role_text, out)
    out = _NAMED_REF.sub(named, out)
    out = _LITERAL.sub(r"`\1`", out)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", out)]
    return "\n\n".join(p for p in paragraphs if p)


def plain(text: str) -> str:
    """The visible text of an RST fragment: link labels kept, markup dropped."""
    out = _INLINE_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    out = _ROLE.sub(_role_text, out)
    out = _NAMED_REF.sub(r"\1", out)
    out = _LITERAL.sub(r"\1", out)
    out = re.sub(r"\*\*?([^*]+)\*\*?", r"\1", out)
    return " ".join(out.split())


def references(text: str, refs: dict[str, str]) -> list[tuple[str, str]]:
    """Every (label, url) linked from `text`, inline or through a named target, in order."""
    found: list[tuple[int, str, str]] = []
    for m in _INLINE_LINK.finditer(text):
        found.append((m.start(), " ".join(m.group(1).split()), m.group(2).strip()))
    for m in _NAMED_REF.finditer(text):
        label = " ".join(m.group(1).split())
        if label.lower() in refs:
            found.append((m.start(), label, refs[label.lower()]))
    return [(label, url) for _, label, url in sorted(found)]


# --- labelled sections ---------------------------------------------------------------------

_LABEL = re.compile(r"^\.\. _([\w.:-]+):\s*$")
_UNDERLINE = re.compile(r"^([=\-^~\"'`#*+<>])\1{2,}\s*$")


@dataclass(frozen=True)
class Section:
    label: str
    title: str
    body: str


def labelled_sections(text: str) -> dict[str, Section]:
    """`.. _c-1:` followed by a titled section → {label: Section(title, body)}."""
    lines = text.splitlines()
    found: dict[str, Section] = {}
    labels = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _LABEL.match(line))]
    for n, (index, label) in enumerate(labels):
        j = index + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j + 1 >= len(lines) or not _UNDERLINE.match(lines[j + 1]):
            continue
        title = lines[j].strip()
        stop = labels[n + 1][0] if n + 1 < len(labels) else len(lines)
        body = "\n".join(lines[j + 2 : stop])
        found[label] = Section(label, title, body)
    return found


# --- tables --------------------------------------------------------------------------------


def list_table(text: str, first_header: str = "") -> list[list[str]]:
    """Rows of the first `.. list-table::` (whose first header cell starts with `first_header`)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith(".. list-table::"):
            rows = _list_table_rows(lines, i + 1)
            if rows and rows[0] and rows[0][0].lower().startswith(first_header.lower()):
                return rows
        i += 1
    return []


def _list_table_rows(lines: list[str], start: int) -> list[list[str]]:
    rows: list[list[str]] = []
    cell: list[str] | None = None
    indent = None
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:
            if cell is not None:
                cell.append("")
            continue
        here = len(line) - len(line.lstrip())
        if indent is None and stripped.startswith("* -"):
            indent = here
        if indent is not None and here < indent:
            break
        if indent is None:
            if stripped.startswith(":"):
                continue
            break
        if stripped.startswith("* -") and here == indent:
            rows.append([])
            cell = [stripped[3:].strip()]
            rows[-1].append("")
        elif stripped.startswith("- ") and here == indent + 2:
            cell = [stripped[2:].strip()]
            rows[-1].append("")
        elif cell is not None:
            cell.append(stripped)
        else:
            continue
        rows[-1][-1] = "\n".join(cell).strip()
    return rows


def grid_table(text: str) -> list[list[str]]:
    """Rows of the first RST grid table, header row included; continuation lines joined."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("+-")), None)
    if start is None:
        return []
    rows: list[list[str]] = []
    current: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("+"):
            if current:
                rows.append(["\n".join(part).strip() for part in current])
                current = []
            continue
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = ["" if c and set(c) <= set("+-=") else c for c in cells]
        if not current:
            current = [[c] for c in cells]
        else:
            for k, c in enumerate(cells[: len(current)]):
                current[k].append(c)
    if current:
        rows.append(["\n".join(part).strip() for part in current])
    return rows
