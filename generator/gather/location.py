"""Where a source's files come from: a local checkout (read from disk) or a base URL (raw files).

Both answer `read(path)` with the text and its provenance: the canonical repository name, the
path inside it and the commit for a git checkout (never the local folder, which is nobody's
business), or the URL and fetch time for HTTP.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..data import model as m
from ..errors import UserError
from . import git
from .http import NEVER, Http, parse_json

# opendev.org is Gitea: a raw base URL also names the repository for the listing API.
_GITEA_RAW = re.compile(r"^(?P<host>https?://.+?)/(?P<org>[^/]+)/(?P<repo>[^/]+)/raw/branch/(?P<ref>[^/]+)/?$")


@dataclass(frozen=True)
class Fetched:
    path: str
    text: str
    source: m.Source


def _safe(path: str) -> str:
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts) or path.startswith("/"):
        raise UserError(f"refusing to read {path!r}: it leaves the checkout")
    return "/".join(parts)


@dataclass
class LocalRepo:
    """A checkout on disk; provenance is repo + path + HEAD commit (empty when not a git checkout)."""

    source: str
    repo: str
    root: Path
    now: dt.datetime
    commit: str = ""
    as_of: dt.datetime | None = None
    is_local: bool = field(default=True, init=False)

    def __post_init__(self) -> None:
        if not self.root.is_dir():
            raise UserError(f"--from {self.source}={self.root}: not a folder")
        found = git.head(self.root)
        if found:
            self.commit, self.as_of = found
        else:
            self.as_of = self.now

    @property
    def is_git(self) -> bool:
        return bool(self.commit)

    def where(self, path: str) -> m.Source:
        """Provenance of `path`: HEAD's commit and date, or the file's mtime outside git."""
        as_of = self.as_of
        if not self.commit and (self.root / path).exists():
            as_of = dt.datetime.fromtimestamp(int((self.root / path).stat().st_mtime), dt.UTC)
        return m.Source(repo=self.repo, path=path, commit=self.commit, as_of=as_of)

    def read(self, path: str, *, expire_after: int | float = NEVER, missing_ok: bool = False) -> Fetched | None:
        path = _safe(path)
        full = self.root / path
        if not full.is_file():
            if missing_ok:
                return None
            raise UserError(f"{self.source}: {path} not found in {self.root}")
        text = full.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        return Fetched(path, text, self.where(path))

    def listdir(self, path: str, *, expire_after: int | float = NEVER) -> list[str] | None:
        full = self.root / _safe(path)
        if not full.is_dir():
            return None
        return sorted(p.name for p in full.iterdir() if not p.name.startswith("."))

    def files(self, prefix: str, *, expire_after: int | float = NEVER) -> list[str]:
        """Every file path under `prefix`, relative to the checkout, sorted."""
        base = self.root / _safe(prefix)
        out: list[str] = []
        for folder, dirs, names in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = Path(folder).relative_to(self.root).as_posix()
            out.extend(f"{rel}/{n}" for n in names if not n.startswith("."))
        return sorted(out)


@dataclass
class RemoteRepo:
    """Raw files under a base URL, fetched through the shared cached session."""

    source: str
    repo: str
    base: str
    http: Http
    is_local: bool = field(default=False, init=False)
    is_git: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            self.base += "/"

    def url(self, path: str) -> str:
        return self.base + quote(_safe(path))

    def read(self, path: str, *, expire_after: int | float = NEVER, missing_ok: bool = False) -> Fetched | None:
        path = _safe(path)
        got = self.http.get(self.url(path), source=self.source, expire_after=expire_after, missing_ok=missing_ok)
        if got is None:
            return None
        return Fetched(path, got.text.removeprefix("\ufeff"), m.Source(url=got.url, as_of=got.fetched_at))

    def _api(self) -> re.Match[str]:
        found = _GITEA_RAW.match(self.base)
        if not found:
            raise UserError(
                f"{self.source}: listing folders needs a local checkout or a Gitea raw URL "
                f"(…/<org>/<repo>/raw/branch/<ref>/), got {self.base}"
            )
        return found

    def listdir(self, path: str, *, expire_after: int | float = NEVER) -> list[str] | None:
        api = self._api()
        url = f"{api['host']}/api/v1/repos/{api['org']}/{api['repo']}/contents/{quote(_safe(path))}?ref={api['ref']}"
        if self.http.get(url, source=self.source, expire_after=expire_after, missing_ok=True) is None:
            return None
        entries, _ = self.http.get_parsed(url, parse_json, source=self.source, expire_after=expire_after)
        return (
            sorted(e["name"] for e in entries if isinstance(e, dict) and "name" in e)
            if isinstance(entries, list)
            else []
        )

    def files(self, prefix: str, *, expire_after: int | float = NEVER) -> list[str]:
        api = self._api()
        out: list[str] = []
        page = 1
        while True:
            url = (
                f"{api['host']}/api/v1/repos/{api['org']}/{api['repo']}/git/trees/{api['ref']}"
                f"?recursive=true&per_page=10000&page={page}"
            )
            tree, _ = self.http.get_parsed(url, parse_json, source=self.source, expire_after=expire_after)
            if not isinstance(tree, dict):
                break
            out.extend(e["path"] for e in tree.get("tree", []) if isinstance(e, dict) and e.get("type") == "blob")
            if not tree.get("truncated"):
                break
            page += 1
        want = _safe(prefix) + "/"
        return sorted(p for p in out if p.startswith(want))


Location = LocalRepo | RemoteRepo
