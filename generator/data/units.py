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

# One word, by the model's rule for cycle names and project keys (model._check_id), so that every
# name the model accepts can also be found and removed (`Leaked`, `2025.2`).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"
# A unit's name: a cycle or `history/<project>`; nothing that climbs out (see `is_unit_name`).
UNIT = re.compile(rf"(history/)?{ID_PATTERN}")

# What the build itself puts at the site's root (and under build/): a cycle or a project named so
# would delete, replace or be replaced by it. Compared without regard to case (a case-insensitive
# disk folds `Latest` onto `latest`).
RESERVED_NAMES = frozenset(
    {
        *("history", "latest", "assets", "search", "stylesheets", "javascripts", "projects", "board"),
        *("tags", "reference", "404", "index", "feed", "versions", "sitemap", "load-cache", "template-cache"),
    }
)
# A name with a file's suffix reads as a file of the site (`feed.xml`, `versions.json`, `x.html`).
_FILE_SUFFIX = re.compile(r"\.(?:html?|xml|json|gz|txt|js|css|map|svg|png|ico|webmanifest|md|ya?ml|lock)$", re.I)
# Site-wide pages (content/*.md) land at the root of every version, beside these generated ones.
GENERATED_PAGES = frozenset({"tags.md", "reference.md", "projects.md", "board.md", "search.md", "404.md"})


def is_unit_name(name: str) -> bool:
    return bool(UNIT.fullmatch(name)) and ".." not in name


def reserved_name(value: str) -> str | None:
    """Why `value` cannot name a cycle or a project, or None."""
    if value.casefold() in RESERVED_NAMES:
        return f"'{value}', a name the site uses for its own files and folders"
    if _FILE_SUFFIX.search(value):
        return f"'{value}', which ends like a file of the site"
    return None


def site_page_name(path: str) -> str:
    """Where a site-wide page `content/NAME.md` is published in each version (index.md → about.md)."""
    name = path.rsplit("/", 1)[-1]
    return "about.md" if name == "index.md" else name


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
