"""The version tree under site/: each built unit swapped into place by renames, mike's
versions.json, the `latest` alias and root redirects, the 404 page and the sitemap index.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from ..data import model as m
from ..data.yamlio import write_text_atomic


def swap_in(built: Path, target: Path) -> None:
    """Replace `target` by `built` with renames, so a reader never sees half a site."""
    old = target.with_name(f".old-{target.name}")
    if old.exists():
        shutil.rmtree(old)
    had = target.exists()
    if had:
        target.rename(old)
    try:
        built.rename(target)
    except BaseException:
        if had:
            old.rename(target)  # put the previous site back before reporting the failure
        raise
    if old.exists():
        shutil.rmtree(old)


def versions_json(cycles: list[m.Cycle]) -> str:
    """mike's versions.json: newest first, the newest carries the `latest` alias."""
    entries = []
    for index, cycle in enumerate(reversed(cycles)):
        entries.append({"version": cycle.name, "title": cycle.label, "aliases": ["latest"] if index == 0 else []})
    return json.dumps(entries, indent=2) + "\n"


REDIRECT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting</title>
<link rel="canonical" href="{target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace("{target}" + location.search + location.hash);</script>
</head>
<body>Redirecting to <a href="{target}">{target}</a>.</body>
</html>
"""


def write_aliases(site_dir: Path, latest: str) -> None:
    """site/latest/** redirect to the latest cycle (mike's `redirect` alias); site/index.html too."""
    alias = site_dir / "latest"
    source = site_dir / latest
    for page in source.rglob("*.html"):
        rel = page.relative_to(source)
        if rel.as_posix() == "404.html":  # served at any depth: a copy (its links are absolute), no redirect
            write_text_atomic(alias / rel, page.read_text(encoding="utf-8"))
            continue
        depth = len(rel.parts) - 1
        target = "../" * (depth + 1) + f"{latest}/" + (rel.parent.as_posix() + "/" if depth else "")
        if rel.name != "index.html":
            target += rel.name
        write_text_atomic(alias / rel, REDIRECT.format(target=target))
    for stale in alias.rglob("*.html"):
        if not (source / stale.relative_to(alias)).exists():
            stale.unlink()
    write_text_atomic(site_dir / "index.html", REDIRECT.format(target=f"{latest}/"))
    if (source / "404.html").is_file():
        write_text_atomic(site_dir / "404.html", (source / "404.html").read_text(encoding="utf-8"))


SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{entries}</sitemapindex>
"""


def write_sitemap_index(site_dir: Path, base_url: str, units: list[str]) -> None:
    """A sitemap index of every unit's sitemap at the site's root (Material fetches `sitemap.xml`
    beside each feed a page links to, site/feed.xml included; search engines read it)."""
    entries = "".join(
        f"<sitemap><loc>{html.escape(base_url + unit + '/sitemap.xml')}</loc></sitemap>\n"
        for unit in units
        if (site_dir / unit / "sitemap.xml").is_file()
    )
    write_text_atomic(site_dir / "sitemap.xml", SITEMAP_INDEX.format(entries=entries))
