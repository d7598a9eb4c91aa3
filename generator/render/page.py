"""What every page renderer shares: the one Jinja2 environment (report templates overridable from
theme/), the renderer base with the site's public address, URLs between pages and units, and the
front matter Material reads.

A cycle's version is rendered by `render.cycle`; what spans cycles (a project's history, its
comparisons, its feed) by `render.history` into one small unversioned site per project.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from pathlib import Path
from typing import Any

import jinja2

from ..data import model as m
from ..data.siteurl import DEFAULT_SITE_URL, site_url_or
from .filters import EXTRA_FILTERS, footnote_sources
from .frontmatter import front_matter
from .text import escape_inline, format_money, format_number, safe_url

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def page_url(path: str) -> str:
    """The directory URL mkdocs gives a page: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    if not path.endswith(".md"):
        return path
    if path == "index.md" or path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def relative_url(source: str, target: str) -> str:
    """The relative URL from page `source` to page `target`, both paths from the site's root
    (`mitaka/projects/glance/index.md`, `history/glance/newton.md`)."""
    here, there = page_url(source), page_url(target)
    rel = posixpath.relpath(there or ".", here or ".")
    return "./" if rel == "." else rel + "/" if there.endswith("/") else rel


def cross_link(page: str, cycle: str, target: str) -> str:
    """A relative link from `page` in this version to `target` in `cycle`'s version."""
    depth = page_url(page).count("/") + 1
    return "../" * depth + f"{cycle}/{page_url(target)}"


def format_date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if style == "short":
        return f"{value:%b} {value.day}"
    return f"{value.day} {value:%B %Y}"


def _span(start: dt.date, end: dt.date | None) -> str:
    """A date or a window, as short as it reads well: `1–3 December 2015`, `30 March – 2 April 2016`."""
    if end is None or end == start:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def _num(value: float | None, empty: str = "—") -> str:
    return empty if value is None else format_number(value)


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None or before == after:
        return "—" if before is None or after is None else "same"
    diff = after - before
    return ("+" if diff > 0 else "−") + format_number(abs(diff))


@functools.cache
def environment(theme: Path | None, folder: str = "") -> jinja2.Environment:
    """The one Jinja2 set-up: templates from `theme/<folder>` first, then the package's own
    (`folder` is "" for the report templates, "draft" for the skeletons `draft` writes)."""
    search = [str(theme / folder)] if theme and (theme / folder).is_dir() else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(PACKAGE_TEMPLATES / folder)]),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(t=escape_inline, url=safe_url, date=format_date, span=_span, num=_num, money=format_money)
    env.filters.update(change=_change, oneline=lambda value: " ".join(str(value).split()), **EXTRA_FILTERS)
    return env


class Renderer:
    """What every page renderer shares: the site, the templates, the public address."""

    def __init__(self, site: m.Site, theme: Path | None = None, private: bool = False, base_url: str = "") -> None:
        self.site = site
        self.env = environment(theme)
        self.private = private
        self.base_url = (base_url or site_url_or(theme and theme.parent, DEFAULT_SITE_URL)).rstrip("/") + "/"

    def template(self, name: str, page: str = "", **values: Any) -> str:
        """Render `name`; a template that sets `meta` gets it as the page's YAML front matter."""
        values.setdefault("site", self.site)
        values.setdefault("page", page)
        values.setdefault("pager", (None, None))
        module = self.env.get_template(name).make_module(values)
        body = str(module)
        meta = getattr(module, "meta", None)
        if not meta:
            return body
        return front_matter(meta) + footnote_sources(body.lstrip("\n"))


def split_heading(text: str) -> tuple[str, str]:
    """The prose's own `# Title` (if it starts with one) and the rest: a page has one H1."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest.lstrip("\n")
    return "", text
