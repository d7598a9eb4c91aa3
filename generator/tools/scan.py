"""Scan a built site for what must never be published: e-mail addresses and private sections.

This is the last gate before publishing. It reads every text file under the site (HTML, the
search index, sitemaps, gzipped or not) and reports, with path, line and column:

- an e-mail address, also when written as an HTML entity (`&#64;`), a JSON escape (`\\u0040`)
  or a URL escape (`%40`). The address is shown masked (`a…@example.org`), so the report itself
  can go into a public CI log;
- a private-section marker that survived rendering (`<!-- private -->`, `<!-- /private -->` or a
  misspelt variant): the text after it was meant to be left out;
- the mark every page of `build --private` carries: a private build's output is never public,
  even when it has no marker left (a private build strips them) and a killed build left it behind.

Addresses are matched as mail systems accept them, not as a tidy ASCII pattern: a local part of
any Unicode letters and digits and the punctuation RFC 5322 allows (`_ops@`, `-bob@`,
`jörg.müller@`), a Unicode or punycode domain (`example.xn--p1ai`, `例子.中国`), after NFKC
normalisation (a fullwidth `＠` or small `﹫` is an at sign) and after HTML, JSON and URL escapes.
Any text can be scanned (`scan_text`): `email` and `export` scan what they write.

Files byte-identical to one shipped by mkdocs or Material (JavaScript bundles, source maps) are
skipped: they carry the theme authors' own addresses in licence headers, and no data reaches them.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import importlib.util
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

from ..errors import Location, Problem

_LOCAL = r"[\w!#$%&'*+/=?^`{|}~.-]"
EMAIL = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+([^\W\d_]{{2,63}}|xn--[a-z0-9-]{{1,59}})(?![\w-])",
    re.IGNORECASE,
)
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# `icon@2x.png` has the shape of an address; these "top-level domains" are file suffixes.
FILE_SUFFIXES = frozenset(
    {
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "ico",
        "css",
        "js",
        "map",
        "html",
        "json",
        "xml",
        "yaml",
        "yml",
        "txt",
        "gz",
        "woff",
        "woff2",
    }
)
PRIVATE_MARKER = re.compile(r"<!--\s*/?\s*private\b.*?-->", re.IGNORECASE | re.DOTALL)
# What `build --private` puts in every page and feed (build.recover.PRIVATE_BUILD_MARK), in any escaping.
PRIVATE_BUILD = re.compile(r"cycle-reports private build", re.IGNORECASE)
THEME_PACKAGES = (("material", "templates"), ("mkdocs", "themes"), ("mkdocs", "contrib/search/templates"))


def scan_site(site_dir: Path, allow: Iterable[str] = ()) -> list[Problem]:
    """Every e-mail address (except those in `allow`) and private marker found under `site_dir`."""
    allowed = {a.lower() for a in allow}
    vendor = theme_digests()
    problems: list[Problem] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if hashlib.sha256(raw).digest() in vendor:
            continue
        text = _as_text(raw, path.suffix == ".gz")
        if text is None:
            continue
        shown = f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}"
        problems += scan_text(text, shown, allowed)
    return problems


def scan_path(path: Path, allow: Iterable[str] = ()) -> list[Problem]:
    """`scan_site` for a folder; for one file (a mail post, an export), that file."""
    if path.is_dir():
        return scan_site(path, allow)
    text = _as_text(path.read_bytes(), path.suffix == ".gz")
    return [] if text is None else scan_text(text, path.name, {a.lower() for a in allow})


def scan_text(text: str, shown: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """What must not be published, in one text (`shown` names it in the findings)."""
    return find_emails(text, shown, allowed) + find_private_markers(text, shown)


def refuse_leaks(text: str, shown: str, allow: Iterable[str] = ()) -> None:
    """Raise a UserError listing every address or private trace in `text` (what `email` and
    `export` are about to write): the same gate as the site's, before the text leaves the tool."""
    from ..errors import UserError

    problems = scan_text(text, shown, {a.lower() for a in allow})
    if problems:
        raise UserError(
            f"Aborted with {len(problems)} finding(s): {shown} must not be sent or shared as it is; "
            "nothing was written (an address meant to be public can be passed with --allow)",
            problems,
        )


def _variants(text: str) -> list[tuple[str, str]]:
    """`text` as written, then decoded from HTML entities, JSON and URL escapes, each NFKC-normalised."""
    decoded = html.unescape(text)
    decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), decoded)
    if "%" in decoded:
        decoded = urllib.parse.unquote(decoded, errors="replace")
    out = [(unicodedata.normalize("NFKC", text), "")]
    if decoded != text:
        out.append((unicodedata.normalize("NFKC", decoded), " (escaped)"))
    return out


def find_emails(text: str, path: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """E-mail addresses in `text`, plainly written or escaped for HTML, JSON or URLs."""
    found: dict[tuple[str, int], Problem] = {}
    for variant, how in _variants(text):
        if "@" not in variant:
            continue
        for match in EMAIL.finditer(variant):
            address = match.group(0).strip(".")
            if match.group(1).lower() in FILE_SUFFIXES or address.lower() in allowed:
                continue
            line, column = _line_column(variant, match.start())
            key = (address.lower(), line)
            if key not in found:
                found[key] = Problem(
                    Location(path, line, column),
                    f"e-mail address {mask(address)}{how} in the built site",
                    "email",
                    "names are published, addresses never: find where it came from and remove it",
                )
    return list(found.values())


def find_private_markers(text: str, path: str) -> list[Problem]:
    """Private-section markers left in the output: what follows them was meant to stay out."""
    problems = []
    for match in PRIVATE_BUILD.finditer(text):
        line, column = _line_column(text, match.start())
        problems.append(
            Problem(
                Location(path, line, column),
                "output of a private build (`build --private`)",
                "private",
                "run a public `cycle-reports build` before publishing: it rebuilds every page a private build wrote",
            )
        )
        break  # one per file says it all
    for match in PRIVATE_MARKER.finditer(text):
        line, column = _line_column(text, match.start())
        marker = " ".join(match.group(0).split())
        problems.append(
            Problem(
                Location(path, line, column),
                f"private marker {marker!r} left in the built site",
                "private",
                "the section after it is published; fix the marker in the prose and rebuild",
            )
        )
    return problems


def mask(address: str) -> str:
    """`alice@example.org` → `a…@example.org`: enough to find it, not enough to publish it again."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


@functools.cache
def theme_digests() -> frozenset[bytes]:
    """SHA-256 digests of the static files the installed mkdocs and Material themes ship."""
    digests: set[bytes] = set()
    for package, sub in THEME_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for base in spec.submodule_search_locations:
            folder = Path(base) / sub
            for path in folder.rglob("*") if folder.is_dir() else ():
                parts = path.relative_to(folder).parts
                if path.is_file() and path.suffix != ".html" and not any(p.startswith(".") for p in parts):
                    digests.add(hashlib.sha256(path.read_bytes()).digest())
    return frozenset(digests)


def _as_text(raw: bytes, gzipped: bool) -> str | None:
    if gzipped:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
