"""The site's layout in one place: which unit (one mkdocs site) a page belongs to, and where each
unit and its feed live under site/.

    site/<cycle>/                     one version per release cycle (`mitaka`, `2025.2`)
    site/history/<project>/           a project's pages that span cycles: its history, its
                                      cycle-by-cycle comparisons, its feed
    build/<cycle>/, build/history~<project>/   each unit's generated Markdown and mkdocs.yml

Render (links between units), build (folders, configs) and the link checker all ask this module,
so the layout can change in one file.
"""

from __future__ import annotations

import re
from pathlib import Path

HISTORY = "history"

# A unit's name: a cycle (`mitaka`, `2025.2`) or `history/<project>`; nothing that climbs out.
UNIT = re.compile(r"(history/)?[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*")


def unit_name(project: str) -> str:
    """The build unit of a project's cross-cycle pages (also its path under site/)."""
    return f"{HISTORY}/{project}"


def project_of(unit: str) -> str | None:
    """The project whose history site `unit` is, or None for a cycle's version."""
    return unit.removeprefix(f"{HISTORY}/") if unit.startswith(f"{HISTORY}/") else None


def history_page(project: str, cycle: str = "") -> str:
    """A project's page outside the versions, from the site root: its history, or one cycle
    compared with the one before."""
    return f"{unit_name(project)}/{cycle or 'index'}.md"


def project_feed(project: str) -> str:
    """Where a project's feed lives, from the site root: beside its history pages, which span every
    cycle (a unit root, so Material finds the `sitemap.xml` it fetches beside every feed link)."""
    return f"{unit_name(project)}/feed.xml"


SITE_FEED = "feed.xml"


def build_folder(build_path: Path, unit: str) -> Path:
    """build/<cycle>/ or build/history~<project>/: every unit two levels deep, so the relative
    paths in the shared mkdocs.yml (theme.custom_dir) hold for each."""
    return build_path / unit.replace("/", "~")
