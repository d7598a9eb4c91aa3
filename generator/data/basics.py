"""The building blocks every data file shares: strict config, ids, names, URLs, sources, links.

Split out of `model` so that the model's parts (`leadership`, `model`) can all use them without
importing each other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

FORBID = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_url(value: str) -> str:
    if not value.startswith(("http://", "https://", "mailto:")):
        raise ValueError("a link must start with http://, https:// or mailto:")
    return value


def _check_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value) or ".." in value:
        raise ValueError("an id is one word: letters, digits, '-', '_' or '.'")
    return value


Url = Annotated[str, AfterValidator(_check_url), Field(description="http, https or mailto URL")]
Id = Annotated[str, AfterValidator(_check_id), Field(description="stable id, unique in its list")]
Name = Annotated[str, Field(min_length=1, description="a person's public name")]


@dataclass(frozen=True)
class Source:
    """Where a gathered item came from: a URL or a repository path at a commit, and when."""

    __pydantic_config__ = FORBID
    url: str = ""
    repo: str = ""
    path: str = ""
    commit: str = ""
    as_of: dt.datetime | dt.date | None = None

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.repo and self.path:
            # Gitea takes a commit id under src/commit/ only; without one, the default branch.
            ref = f"commit/{self.commit}" if self.commit else "branch/master"
            return f"https://opendev.org/{self.repo}/src/{ref}/{self.path}"
        return ""


@dataclass(frozen=True)
class Link:
    __pydantic_config__ = FORBID
    title: str
    url: Url


MilestoneKind = Literal[
    "milestone",
    "spec-freeze",
    "feature-freeze",
    "freeze",
    "rc",
    "release",
    "review-day",
    "election",
    "ptg",
    "summit",
    "other",
]


@dataclass(frozen=True)
class Milestone:
    __pydantic_config__ = FORBID
    name: str
    date: dt.date
    kind: MilestoneKind = "milestone"
    title: str = ""
    end: dt.date | None = None
