"""A page's "Sources" footnotes (render/sources.py) as the mail's numbered references.

A post has no footnotes: each note becomes a numbered reference like any link, its snapshot date
beside the address, and the page's "Sources" heading and note list leave the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Node = Any  # mailpost's Node (tag, attrs, children, classes()); named here without importing it

WIDTH = 72  # the post's width, in columns (mailtext wraps to it)
SNAPSHOT = re.compile(r"(?:at commit \S+)?,? *snapshot of [^.]+|at commit \S+")


def _text(node: Node) -> str:
    return node if isinstance(node, str) else "".join(_text(c) for c in node.children)


def _first_href(node: Node) -> str:
    for child in node.children:
        if isinstance(child, str):
            continue
        if child.tag == "a" and "footnote-backref" not in child.classes():
            return str(child.attrs.get("href", ""))
        if found := _first_href(child):
            return found
    return ""


def take_footnotes(root: Node) -> dict[str, tuple[str, str]]:
    """Remove the footnote list and its "Sources" heading from `root`; each note's in-page
    address (`#fn:s1`) → (the source's address, "commit …, snapshot of …")."""
    notes: dict[str, tuple[str, str]] = {}
    kept: list[Node] = []
    for child in root.children:
        if isinstance(child, str):
            kept.append(child)
        elif child.tag == "div" and "footnote" in child.classes():
            for item in (n for n in _walk(child) if n.tag == "li" and n.attrs.get("id")):
                when = SNAPSHOT.search(_text(item))
                notes["#" + item.attrs["id"]] = (_first_href(item), when.group(0).strip(" ,") if when else "")
            while kept and isinstance(kept[-1], str) and not kept[-1].strip():
                kept.pop()
            if kept and not isinstance(kept[-1], str) and kept[-1].tag == "h2" and _text(kept[-1]) == "Sources":
                kept.pop()
        else:
            kept.append(child)
    root.children = kept
    return notes


def _walk(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        if not isinstance(child, str):
            out += [child, *_walk(child)]
    return out


def note_reference(notes: dict[str, tuple[str, str]], href: str, number: Callable[[str], int]) -> str:
    """The numbered reference that stands where a page shows a footnote to a source."""
    url = notes.get(href, ("", ""))[0]
    return f"\u00a0[{number(url)}]" if url else ""


def reference_lines(urls: list[str], notes: dict[str, tuple[str, str]]) -> str:
    """The references under a post, a source's snapshot date beside its address."""
    when = {url: f"({w})" for url, w in notes.values() if w}
    lines = []
    for n, url in enumerate(urls, 1):
        head, note = f"[{n}] {url}", when.get(url, "")
        if note and len(head) + 1 + len(note) > WIDTH:  # the date under the address, not past column 72
            lines += [head, " " * (len(str(n)) + 3) + note]
        else:
            lines.append(f"{head} {note}" if note else head)
    return "\n".join(lines)
