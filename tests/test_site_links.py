"""Every internal link and anchor in the whole built demo resolves, with the site served under a
sub-path: every version, every history site, the 404 pages, the redirects, feeds and canonicals.

The demo is built from a tmp copy with its public address at `/sub/`, as a site published below
a host's root would be; the crawler reads the HTML the engine wrote (generator.tools.crawl).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tools.crawl import crawl
from tests.demo import copy_demo

REPO = Path(__file__).resolve().parents[1]
SUB_URL = "http://127.0.0.1:8000/sub/"


@pytest.fixture(scope="module")
def built_under_sub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.cli import main

    root = tmp_path_factory.mktemp("links-demo")
    copy_demo(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYCLE_REPORTS_SITE_URL", SUB_URL)
        assert main(["-C", str(root), "build", "--quiet"]) == 0, "the demo site did not build"
    return root / "site"


@pytest.mark.e2e
def test_every_link_in_the_built_demo_resolves_under_a_sub_path(built_under_sub: Path) -> None:
    pages = list(built_under_sub.rglob("*.html"))
    assert len(pages) > 300, "the crawl must see every version and history site"
    assert (built_under_sub / "history" / "glance" / "index.html").is_file()
    broken = crawl(built_under_sub, "/sub/", SUB_URL)
    assert not broken, "\n".join(str(b) for b in broken[:40])


@pytest.mark.e2e
def test_pages_are_index_files_with_the_same_urls(built_under_sub: Path) -> None:
    docs = built_under_sub.parent / "build" / "mitaka" / "docs"
    sources = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert sources and all(s == "index.md" or s.endswith("/index.md") for s in sources), sources
    assert (built_under_sub / "mitaka" / "projects" / "glance" / "retrospective" / "index.html").is_file()
    assert (built_under_sub / "history" / "glance" / "mitaka" / "index.html").is_file()


@pytest.mark.e2e
def test_feed_links_do_not_look_like_language_alternates(built_under_sub: Path) -> None:
    """Material fetches the sitemap beside every `link[rel=alternate]`; ours are `alternate feed`."""
    text = (built_under_sub / "mitaka" / "projects" / "glance" / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate feed" type="application/rss+xml"' in text
    assert 'rel="alternate"' not in text


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_the_crawler_finds_missing_pages_anchors_and_links_that_leave_the_prefix(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a/index.html": '<h2 id="here">x</h2><a href="../b/">ok</a><a href="../b/#there">ok</a>'
            '<a href="../b/#nowhere">anchor</a><a href="../c/">page</a><a href="../../x/">out</a>'
            '<a href="https://elsewhere.example/">external</a><a href="#here">self</a>'
            '<link rel="canonical" href="https://own.example/sub/a/">',
            "b/index.html": '<p id="there">y</p>',
            "a/404.html": '<a href="/sub/a/">abs</a><a href="../b/">relative on a 404</a>',
        },
    )
    found = {(b.page, b.link, b.why) for b in crawl(tmp_path, "/sub/", "https://own.example/sub/")}
    assert found == {
        ("a/index.html", "../b/#nowhere", "no such anchor"),
        ("a/index.html", "../c/", "no such file"),
        ("a/index.html", "../../x/", "outside the site"),
        ("a/404.html", "../b/", "no such file"),
    }
