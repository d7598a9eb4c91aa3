"""RSS 2.0 feeds of the reports, rendered from data only.

Items are dated from the data (a retrospective by its handoff date or else the cycle's end, a
meeting by its date), never by the clock or git, and sorted before writing, so the same data
always gives the same bytes. Everything is XML-escaped and stripped of characters XML cannot
carry, so a hostile name from a public source stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape

SITE_TITLE = "OpenStack release-cycle reports"
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    return escape(_NOT_XML.sub("", value), quote=True)


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
