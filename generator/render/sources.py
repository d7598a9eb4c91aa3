"""Provenance as a footnote, not a refrain: every gathered figure a page shows links to one
numbered note in a single "Sources" section at the foot of the page.

The templates' `source` macro prints a marker (`source_mark`) where a figure's source belongs;
`footnote_sources` turns a whole page's markers into Markdown footnote references (`[^s1]`, the
same source keeping its number) and appends one definition per source, each with its commit or
the date of the snapshot it was read from. The mail renderer reads the same footnotes as its
numbered references. Markers never reach a page: they are control characters no escaped text
contains.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from typing import Any

from .text import escape_inline, safe_url

OPEN, SEP, CLOSE = "\x02", "\x1f", "\x03"
MARK = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
PAGER = '\n<nav class="cr-pager"'
HEADING = "## Sources"
PLACE = "///Footnotes Go Here///"  # Python-Markdown's footnotes land here, not after the pager


def _when(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {day:%B %Y}"


def source_mark(src: Any) -> str:
    """The marker for one source (a `model.Source`, or None: no marker)."""
    link = safe_url(getattr(src, "link", "") or "") if src else ""
    when = _when(getattr(src, "as_of", None)) if src else ""
    if not link and not when:
        return ""
    what = f"{src.repo}/{src.path}" if getattr(src, "repo", "") and getattr(src, "path", "") else link
    commit = getattr(src, "commit", "") or ""
    return OPEN + SEP.join((link, what, commit[:12], when)) + CLOSE


def shared_source(sources: Iterable[Any]) -> Any:
    """One source standing for several that are files of one repository at one commit: the folder
    they share (ten implemented specs cite `specs/mitaka/implemented` once, not ten notes that
    differ only in the file name). None when they are not of one repository and commit."""
    found = [s for s in sources if s is not None]
    if not found:
        return None
    first = found[0]
    if all(source_mark(s) == source_mark(first) for s in found):
        return first
    if any(s.url or not (s.repo and s.path) or (s.repo, s.commit) != (first.repo, first.commit) for s in found):
        return None
    folder = posixpath.commonpath([s.path for s in found])
    if not folder:
        return None
    dates = [s.as_of for s in found if s.as_of is not None]
    return dataclasses.replace(first, path=folder, as_of=max(dates, key=str) if dates else None)


def _note(link: str, what: str, commit: str, when: str) -> str:
    label = escape_inline(what or "source")
    text = f"[{label}]({link})" if link else label
    if commit:
        text += f" at commit `{commit}`"
    if when:
        text += f", snapshot of {when}"
    return text + "."


def footnote_sources(text: str) -> str:
    """Markers → `[^sN]` references and one "Sources" section before the page's pager."""
    numbers: dict[str, int] = {}

    def ref(match: re.Match[str]) -> str:
        key = match.group(1)
        numbers.setdefault(key, len(numbers) + 1)
        return f"[^s{numbers[key]}]"

    body = MARK.sub(ref, text)
    if not numbers:
        return body
    notes = "\n".join(f"[^s{n}]: {_note(*key.split(SEP))}" for key, n in numbers.items())
    section = f"\n{HEADING}\n\n{PLACE}\n\n{notes}\n"
    at = body.find(PAGER)
    return body + section if at < 0 else body[:at] + section + body[at:]
