"""Launchpad `devel` API: the series' blueprints as completed features and priority candidates.

`GET <base><project>/<series>/all_specifications`, following `next_collection_link`
(only on the same host as the base URL). Mapping, per blueprint:

| blueprint                                              | becomes                                       |
|--------------------------------------------------------|-----------------------------------------------|
| implementation `Implemented`                            | Feature `bp-<name>`                           |
| `Informational`, or goal not accepted                   | nothing                                       |
| definition `Obsolete` / `Superseded`                    | Priority, outcome `dropped`, planned false    |
| started … `Deployment` (some progress)                  | Priority, outcome `partial`, planned false    |
| `Unknown`, `Not started`, `Deferred`, blocked …         | Priority, outcome `missed`, planned false     |

`planned: false` marks a *candidate*: Launchpad knows the blueprint was targeted, not that the
team called it a priority. The specs source's priorities, when gathered, win over a candidate
for the same name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from ..data import model as m
from ..errors import UserError
from .calendar import Series
from .http import parse_json
from .results import Contribution, Selection, SourceResult

if TYPE_CHECKING:
    from .context import Context

MAX_PAGES = 100
PARTIAL = {"Started", "Slow progress", "Good progress", "Beta Available", "Needs Code Review", "Deployment"}
DROPPED = {"Obsolete", "Superseded"}


class LaunchpadSource:
    name: ClassVar[str] = "launchpad"
    id_prefixes: ClassVar[dict[str, str]] = {"features": "bp-", "priorities": "bp-"}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        units = [(s, p) for s in selection.series for p in selection.projects]
        found = ctx.map(
            lambda u: fetch_blueprints(ctx, u[0], ctx.project(u[1]).launchpad or u[1]), units, label="launchpad"
        )
        result = SourceResult(self.name)
        for (series, project), entries in zip(units, found, strict=True):
            if entries is None:
                continue
            features, priorities = build_blueprints(entries)
            data = m.ProjectCycle(features=features, priorities=priorities)
            result.contributions.append(Contribution(series.name, project, data, frozenset({"features", "priorities"})))
        return result


def fetch_blueprints(ctx: Context, series: Series, lp_project: str) -> list[tuple[dict[str, Any], m.Source]] | None:
    """Every blueprint of the series with the page it came from; None when Launchpad has no such series."""
    base = ctx.base("launchpad")
    base = base if base.endswith("/") else base + "/"
    host = urlsplit(base)[:2]
    url: str | None = f"{base}{lp_project}/{series.name}/all_specifications"
    out: list[tuple[dict[str, Any], m.Source]] = []
    expire = ctx.expiry(series)
    for page_number in range(MAX_PAGES):
        assert url is not None
        if urlsplit(url)[:2] != host:
            raise UserError(f"launchpad: refusing to follow next_collection_link to another host: {url}")
        got = ctx.http.get(url, source="launchpad", expire_after=expire, missing_ok=page_number == 0)
        if got is None:
            return None
        try:
            page = parse_json(got.text)
        except ValueError:
            ctx.http.forget(url)
            page, got = ctx.http.get_parsed(url, parse_json, source="launchpad", expire_after=expire)
        source = m.Source(url=url, as_of=got.fetched_at)
        entries = page.get("entries", []) if isinstance(page, dict) else []
        out.extend((e, source) for e in entries if isinstance(e, dict))
        url = page.get("next_collection_link") if isinstance(page, dict) else None
        if not isinstance(url, str) or not url:
            break
    return out


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def build_blueprints(entries: list[tuple[dict[str, Any], m.Source]]) -> tuple[list[m.Feature], list[m.Priority]]:
    """Blueprints → (completed features, priority candidates), each sorted by name (pure)."""
    features: dict[str, m.Feature] = {}
    priorities: dict[str, m.Priority] = {}
    for entry, page in entries:
        name = _text(entry, "name")
        if not name:
            continue
        status = _text(entry, "implementation_status")
        definition = _text(entry, "definition_status")
        link = _text(entry, "web_link")
        links = [m.Link(title="Blueprint", url=link)] if link.startswith(("http://", "https://")) else []
        title = _text(entry, "title") or name
        source = m.Source(url=_text(entry, "self_link") or page.url, as_of=page.as_of)
        if status == "Informational" or entry.get("has_accepted_goal") is False:
            continue
        if status == "Implemented" and definition not in DROPPED:
            features[name] = m.Feature(
                id=f"bp-{name}", title=title, description=_text(entry, "summary"), links=links, source=source
            )
            continue
        outcome: Any = "dropped" if definition in DROPPED else "partial" if status in PARTIAL else "missed"
        priorities[name] = m.Priority(
            id=f"bp-{name}",
            title=title,
            outcome=outcome,
            planned=False,
            reason=f"Launchpad: {definition or 'unknown'} / {status or 'Unknown'}",
            links=links,
            source=source,
        )
    return [features[k] for k in sorted(features)], [priorities[k] for k in sorted(priorities)]
