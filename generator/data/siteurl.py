"""The site's public address: one reader for the render stage (absolute links in feeds and
canonical URLs), the build (each unit's `site_url`) and the e-mail post (references to pages).

It comes from `CYCLE_REPORTS_SITE_URL` when set (CI publishing under another host), else the
project's `mkdocs.yml` `site_url`, else a placeholder address; always with one trailing slash.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_SITE_URL = "https://cycle-reports.example.org/"
_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def site_url(root: Path) -> str:
    """The address for the project at `root`; raises OSError when it has no readable mkdocs.yml
    and the environment does not say."""
    url = os.environ.get("CYCLE_REPORTS_SITE_URL", "")
    if not url:
        found = _SITE_URL.search((root / "mkdocs.yml").read_text(encoding="utf-8"))
        url = found.group(1) if found else DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def site_url_or(root: Path | None, fallback: str) -> str:
    """`site_url(root)`, or `fallback` when there is no project folder or no mkdocs.yml."""
    if root is None:
        return fallback
    try:
        return site_url(root)
    except OSError:
        return fallback
