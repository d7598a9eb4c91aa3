"""Governance teams from `reference/projects.yaml`, in every format the file has had (pure).

2015: `Glance:` with `ptl: Nikhil Komawar (nikhil_k)` as one string; 2016 on: `glance:` with a
`ptl` mapping of name / irc / email; today also `leadership_type: distributed` (no PTL). Only the
name is kept: e-mail addresses never leave this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .names import person, team_key


@dataclass(frozen=True)
class Team:
    name: str
    key: str
    ptl: str = ""
    service: str = ""
    mission: str = ""
    url: str = ""
    irc_channel: str = ""
    deliverables: tuple[str, ...] = ()
    repos: tuple[str, ...] = ()
    leadership: str = ""


def ptl_name(value: Any) -> str:
    """The PTL's public name from a `ptl:` value of any era; "" when there is none."""
    if isinstance(value, str):
        return person(value)
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return person(value["name"])
    return ""


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def build_team(name: str, data: Any) -> Team:
    data = data if isinstance(data, dict) else {}
    deliverables = data.get("deliverables") if isinstance(data.get("deliverables"), dict) else {}
    repos: set[str] = set()
    for info in deliverables.values():
        if isinstance(info, dict) and isinstance(info.get("repos"), list):
            repos.update(r for r in info["repos"] if isinstance(r, str))
    url = data.get("url") if isinstance(data.get("url"), str) else ""
    irc = data.get("irc-channel") if isinstance(data.get("irc-channel"), str) else ""
    return Team(
        name=name,
        key=team_key(name),
        ptl=ptl_name(data.get("ptl")),
        service=_text(data.get("service")),
        mission=_text(data.get("mission")),
        url=url if url.startswith(("http://", "https://")) else "",
        irc_channel=irc.lstrip("#"),
        deliverables=tuple(sorted(deliverables)),
        repos=tuple(sorted(repos)),
        leadership=str(data.get("leadership_type", "")),
    )


def build_teams(data: Any) -> dict[str, Team]:
    teams = {}
    for name, value in (data or {}).items() if isinstance(data, dict) else []:
        team = build_team(str(name), value)
        teams[team.key] = team
    return teams


_TOP_KEY = re.compile(r"^(?!#)(?!---)(?!\.\.\.)(\S[^:]*):")


def split_top_level(text: str) -> dict[str, str]:
    """The text of each top-level entry of a block-style YAML mapping, keyed by its raw key.

    Used on the ~1,600 historical versions of projects.yaml: each commit changes one or two
    teams, so parsing only the blocks whose text changed turns minutes into seconds.
    """
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        found = _TOP_KEY.match(line)
        if found:
            current = blocks.setdefault(found.group(1).strip().strip("'\""), [])
        if current is not None:
            current.append(line)
    return {key: "\n".join(lines) + "\n" for key, lines in blocks.items()}
