"""The built site's links, checked as a browser would follow them: every page of every version
and history site, every `href`/`src`, every `#anchor`, with the site served under a prefix.

`cycle-reports check` follows the links in the generated Markdown; this reads the HTML the
engine wrote, so it also catches what only a theme or an engine adds (the 404 page's absolute
links, nav entries that leave a unit, feed and canonical links) and what an engine with weaker
validation lets through. It reads files, never the network: a URL maps to `site/…` the way a
static server maps it (`a/` → `a/index.html`).
"""

from __future__ import annotations

import html.parser
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Where the 404 page is evaluated: it is served for any missing address, so a relative link on it
# must hold at depth too.
MISSING = "no/such/page/"


class _Page(html.parser.HTMLParser):
    """The ids a page defines and the links it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag in ("a", "link", "area") and values.get("href"):
            self.links.append(values["href"])
        if tag in ("img", "script", "source", "iframe") and values.get("src"):
            self.links.append(values["src"])
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, target = values.get("content", "").partition("url=")
            if target:
                self.links.append(target.strip())


@dataclass(frozen=True)
class Broken:
    """One link that does not resolve: on which page, what it said, what it resolved to."""

    page: str
    link: str
    resolved: str
    why: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link!r} → {self.resolved} ({self.why})"


def _page_url(prefix: str, rel: str) -> str:
    if rel == "404.html" or rel.endswith("/404.html"):
        return prefix + rel[: -len("404.html")] + MISSING
    if rel == "index.html" or rel.endswith("/index.html"):
        return prefix + rel[: -len("index.html")]
    return prefix + rel


def _file_of(site: Path, prefix: str, path: str) -> Path | None:
    """The file a static server sends for URL `path`, or None (outside the prefix, or missing)."""
    if not path.startswith(prefix):
        return None
    rel = unquote(path[len(prefix) :])
    target = site / rel
    if rel.endswith("/") or rel == "" or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def crawl(site: Path, prefix: str = "/", site_url: str = "") -> list[Broken]:
    """Every internal link or anchor in `site`'s HTML that does not resolve when the site is
    served at `prefix` (`/` or `/sub/`). Absolute links to `site_url`'s host count as internal."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    own = urlsplit(site_url)
    parsed: dict[Path, _Page] = {}

    def parse(path: Path) -> _Page:
        if path not in parsed:
            page = _Page()
            page.feed(path.read_text(encoding="utf-8", errors="replace"))
            parsed[path] = page
        return parsed[path]

    broken: list[Broken] = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        here = "http://site.invalid" + _page_url(prefix, rel)
        page = parse(file)
        for link in page.links:
            if link.startswith("#"):  # this document, wherever it is served (a 404 page too)
                if len(link) > 1 and unquote(link[1:]) not in page.ids:
                    broken.append(Broken(rel, link, link, "no such anchor"))
                continue
            url = urlsplit(urljoin(here, link))
            if url.scheme not in ("http", "https"):
                continue
            if url.netloc != "site.invalid":
                if not own.netloc or url.netloc != own.netloc:
                    continue  # another host: not ours to check
                path = prefix + url.path[len(own.path) :] if url.path.startswith(own.path) else url.path
            else:
                path = url.path
            path = posixpath.normpath(path) + ("/" if path.endswith("/") and path != "/" else "")
            target = _file_of(site, prefix, path)
            if target is None:
                why = "outside the site" if not path.startswith(prefix) else "no such file"
                broken.append(Broken(rel, link, path, why))
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in parse(target).ids:
                broken.append(Broken(rel, link, f"{path}#{url.fragment}", "no such anchor"))
    return broken
