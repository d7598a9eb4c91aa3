"""Pages as the engines read them: every page `<name>/index.md`, never `<name>.md`.

mkdocs serves `a/b.md` at `a/b/` and resolves a page's plain (directory) links against that URL;
Zensical resolves every relative link against the *source file*, which for `a/b.md` is one folder
up. Writing each page as `a/b/index.md` makes the file's folder and the page's URL the same, so
one set of links holds on both engines, and every page keeps its URL.

Render keeps its logical paths (`projects/glance/retrospective.md`): the link check, the e-mail
post and the golden files read those. Only the files written for an engine, and their nav, go
through `source_files` and `source_nav`.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

# An inline Markdown link's target; fenced code is left alone.
_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def source_path(page: str) -> str:
    """`a/b.md` → `a/b/index.md`; `index.md`, `a/index.md` and non-Markdown files unchanged."""
    if not page.endswith(".md") or page == "index.md" or page.endswith("/index.md"):
        return page
    return page[: -len(".md")] + "/index.md"


def _moved_link(page: str, target: str) -> str:
    """A `.md` link written relative to `page`, rewritten for both files' new places. Directory
    links (`../newton/`) are already relative to the page's URL, which does not change."""
    if _EXTERNAL.match(target) or target.startswith(("#", "/")):
        return target
    path, hash_, anchor = target.partition("#")
    if not path.endswith(".md"):
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    here = posixpath.dirname(source_path(page)) or "."
    return posixpath.relpath(source_path(resolved), here) + hash_ + anchor


def _relink(page: str, text: str) -> str:
    out = []
    in_fence = False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and "](" in line:
            line = _LINK.sub(lambda m: m.group(1) + _moved_link(page, m.group(2)) + m.group(3), line)
        out.append(line)
    return "".join(out)


def source_files(pages: dict[str, str]) -> dict[str, str]:
    """Every page under its engine-neutral file name, its `.md` links following the move."""
    return {source_path(p): _relink(p, text) if p.endswith(".md") else text for p, text in pages.items()}


def source_nav(items: Any) -> Any:
    """A nav (lists of `{title: path}` and bare paths) with every page path moved; URLs that leave
    the unit (`../history/glance/`) are left as they are."""
    if isinstance(items, list):
        return [source_nav(item) for item in items]
    if isinstance(items, dict):
        return {title: source_nav(value) for title, value in items.items()}
    if isinstance(items, str):
        return source_path(items)
    return items
