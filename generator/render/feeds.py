"""The reports as dated items, and RSS 2.0 feeds of them, built from data only.

Which reports a project cycle has and when each was published are decided here: a
retrospective by its handoff date or else the cycle's release, a midcycle or board meeting by
its own date; never the clock or git. Feeds span every cycle, so they live outside the versions:
the site's at its root, each project's beside its history pages; they read only those dates,
labels and the PTL names (no titles or prose). Items are sorted before writing, so the same
data always gives the same bytes, and every field is XML-escaped and stripped of characters XML cannot carry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape

from ..data import model as m
from ..data.units import SITE_FEED, project_feed, unit_name

SITE_TITLE = "OpenStack release-cycle reports"
# Characters XML 1.0 does not allow, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    """One report as a feed entry; `url` is absolute, `date` comes from the data."""

    title: str
    url: str
    date: dt.date
    description: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """A channel: its title, the page it describes, its own address and its items."""

    title: str
    link: str
    self_url: str
    description: str
    items: tuple[FeedItem, ...]


def _x(value: str) -> str:
    return escape(NOT_XML.sub("", value), quote=True)


def _rfc822(day: dt.date) -> str:
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))


def sort_items(items: Sequence[FeedItem]) -> tuple[FeedItem, ...]:
    """Newest first; equal dates in a stable order (by address)."""
    return tuple(sorted(items, key=lambda i: (-i.date.toordinal(), i.url)))


def render_rss(feed: Feed) -> str:
    """The feed as RSS 2.0 text; its last-build date is its newest item's, so rebuilding changes nothing."""
    items = sort_items(feed.items)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{_x(feed.title)}</title>",
        f"<link>{_x(feed.link)}</link>",
        f"<description>{_x(feed.description)}</description>",
        "<language>en</language>",
        f'<atom:link href="{_x(feed.self_url)}" rel="self" type="application/rss+xml"/>',
    ]
    if items:
        out.append(f"<lastBuildDate>{_rfc822(items[0].date)}</lastBuildDate>")
    for item in items:
        out.append("<item>")
        out.append(f"<title>{_x(item.title)}</title>")
        out.append(f"<link>{_x(item.url)}</link>")
        out.append(f'<guid isPermaLink="true">{_x(item.url)}</guid>')
        out.append(f"<pubDate>{_rfc822(item.date)}</pubDate>")
        if item.description:
            out.append(f"<description>{_x(item.description)}</description>")
        out.extend(f"<category>{_x(c)}</category>" for c in item.categories)
        out.append("</item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


# --- which reports exist, and when ---------------------------------------------------------------


def retrospective_kind(entry: m.ProjectCycleEntry) -> str:
    """A retrospective's title follows its handoff: "passing the torch" only when the torch passes."""
    h = entry.data.handoff
    return "passing the torch" if h and h.incoming != h.outgoing else "cycle retrospective"


def has_retrospective(entry: m.ProjectCycleEntry) -> bool:
    """A project cycle gets a retrospective page when its PTL wrote one or left facts to fill it."""
    return entry.has_retrospective()


def retrospective_date(entry: m.ProjectCycleEntry, cycle: m.Cycle) -> dt.date | None:
    """When a retrospective is published: the handoff date, or else the cycle's release."""
    handoff = entry.data.handoff
    return handoff.date if handoff and handoff.date else cycle.end


def cycle_of(site: m.Site, day: dt.date) -> str | None:
    """The cycle whose window holds `day` (the version where a board meeting's page is built)."""
    return next((c.name for c in site.cycles if c.start and c.end and c.start <= day <= c.end), None)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def report_items(site: m.Site, base_url: str, project: str = "") -> list[FeedItem]:
    """Every report (one project's, or all of them with the board's notes)."""
    items: list[FeedItem] = []
    known = {c.name for c in site.cycles}
    for entry in site.history(project) if project else site.entries:
        if entry.cycle not in known:
            continue
        cycle, label = site.cycle(entry.cycle), site.project(entry.project).label
        base = f"{base_url}{entry.cycle}/projects/{entry.project}/"
        day = retrospective_date(entry, cycle)
        if has_retrospective(entry) and day:
            h = entry.data.handoff
            who = f"{h.outgoing} hands over to {h.incoming}. " if h and h.incoming else ""
            items.append(
                FeedItem(
                    f"{label} {cycle.label}: {retrospective_kind(entry)}",
                    f"{base}retrospective/",
                    day,
                    f"{who}The PTL's retrospective of the {label} {cycle.label} cycle.",
                    (label, "Retrospective"),
                )
            )
        for midcycle, _ in entry.midcycles:
            kind = midcycle.format.replace("-", " ")
            items.append(
                FeedItem(
                    f"{label} {cycle.label} midcycle, {_long(midcycle.date)}",
                    f"{base}midcycle-{midcycle.date.isoformat()}/",
                    midcycle.date,
                    f"Summary of the {label} {cycle.label} midcycle ({kind}).",
                    (label, "Midcycle"),
                )
            )
    for board, _ in () if project else site.board:
        where = cycle_of(site, board.date)
        if where is None:
            continue
        place = f", {board.place}" if board.place else ""
        items.append(
            FeedItem(
                f"Board meeting, {_long(board.date)}",
                f"{base_url}{where}/board/{board.date.isoformat()}/",
                board.date,
                f"Notes from the board meeting of {_long(board.date)}{place}.",
                ("Board meeting",),
            )
        )
    return items


def render_site_feed(site: m.Site, base_url: str) -> str:
    """The feed of every report, at the site's root."""
    return render_rss(
        Feed(
            f"{SITE_TITLE}: all reports",
            base_url,
            f"{base_url}{SITE_FEED}",
            "Retrospectives, midcycle summaries and board-meeting notes of every cycle.",
            tuple(report_items(site, base_url)),
        )
    )


def render_project_feed(site: m.Site, project: str, base_url: str) -> str:
    """One project's retrospectives and midcycle summaries, beside its history pages."""
    label = site.project(project).label
    return render_rss(
        Feed(
            f"{SITE_TITLE}: {label}",
            f"{base_url}{unit_name(project)}/",
            f"{base_url}{project_feed(project)}",
            f"{label} retrospectives and midcycle summaries, every cycle.",
            tuple(report_items(site, base_url, project)),
        )
    )
