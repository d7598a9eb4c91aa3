"""The feeds as a feed reader sees them: feedparser, the parser most Python readers use, reads
every field without a complaint (`bozo` false), so the hand-written RSS needs no feed library.

Kept beside the ElementTree checks in test_render_reader.py: those prove the XML is well formed
and escaped; these prove it is a valid RSS 2.0 channel that a reader understands field by field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import feedparser
import pytest

from generator.load.site import load_site
from generator.render.feeds import Feed, FeedItem, render_project_feed, render_rss, render_site_feed

REPO = Path(__file__).resolve().parents[1]
BASE = "https://reports.example.org/"
HOSTILE = '<script>alert("x")</script> & Bobby ]]> \x07Tables'


def parsed(xml: str) -> Any:
    """feedparser's reading of `xml`; fails the test on any problem it noticed."""
    result = feedparser.parse(xml.encode("utf-8"))
    assert not result.bozo, f"feedparser: {result.get('bozo_exception')!r}"
    assert result.version == "rss20"
    return result


@pytest.fixture(scope="module")
def demo() -> Any:
    return load_site(REPO, save_cache=False).site


def test_the_demo_feeds_parse_cleanly_with_every_field(demo: Any) -> None:
    """Both kinds of feed of the bundled demo: each item's link, permalink guid, date and tags."""
    for xml, self_url in (
        (render_site_feed(demo, BASE), f"{BASE}feed.xml"),
        (render_project_feed(demo, "glance", BASE), f"{BASE}history/glance/feed.xml"),
    ):
        feed = parsed(xml)
        assert feed.feed.language == "en"
        assert {link.rel: link.href for link in feed.feed.links}["self"] == self_url
        assert feed.entries, "the demo has reports, so the feed has items"
        for entry in feed.entries:
            assert entry.link.startswith(BASE) and entry.link.endswith("/")
            assert entry.id == entry.link  # the guid is the permalink
            assert entry.published_parsed[3:6] == (0, 0, 0)  # a date at midnight UTC, never the clock
            assert entry.tags and entry.title and entry.summary
        newest = max(dt.date(*e.published_parsed[:3]) for e in feed.entries)
        assert dt.date(*feed.feed.updated_parsed[:3]) == newest  # lastBuildDate: the newest item's


def test_a_hostile_feed_reads_back_as_the_same_text() -> None:
    """Markup, entities, `]]>` and a control character: the reader gets the text, minus the control."""
    item = FeedItem(HOSTILE, "https://x.example/a?b=1&c=2", dt.date(2020, 1, 2), HOSTILE, (HOSTILE,))
    feed = parsed(render_rss(Feed(HOSTILE, "https://x.example/", "https://x.example/feed.xml", HOSTILE, (item,))))
    clean = HOSTILE.replace("\x07", "")
    entry = feed.entries[0]
    assert entry.link == "https://x.example/a?b=1&c=2"
    assert entry.tags[0].term == clean
    # feedparser sanitises HTML in titles and summaries (drops <script>), but the rest is intact
    assert "& Bobby ]]> Tables" in entry.title and "& Bobby ]]> Tables" in feed.feed.title


def test_a_feed_without_reports_is_still_a_valid_channel() -> None:
    feed = parsed(render_rss(Feed("Empty", BASE, f"{BASE}feed.xml", "Nothing yet.", ())))
    assert feed.entries == [] and feed.feed.title == "Empty"
