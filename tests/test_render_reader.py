"""What readers see, checked without a browser: charts against their tables, feeds, escaping, links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from generator.data import model as m
from generator.data.units import project_feed
from generator.render.charts import bands
from generator.render.cycle import nav, render_cycle
from generator.render.feeds import Feed, FeedItem, render_rss, render_site_feed
from generator.render.history import project_inputs, project_nav, render_project
from generator.render.page import cross_link, page_url, relative_url

BASE = "https://reports.example.org/"
HOSTILE = '<script>alert("x")</script> & Bobby ]]> \x07Tables'
SVG = "{http://www.w3.org/2000/svg}"


def build(kind: type[Any], **values: Any) -> Any:
    """A model object validated as the loader would (pydantic fills in the field defaults)."""
    return TypeAdapter(kind).validate_python(values)


def cycle(name: str, start: str, end: str, **extra: Any) -> m.Cycle:
    return build(m.Cycle, name=name, start=start, end=end, **extra)  # type: ignore[no-any-return]


def entry(cycle_name: str, project: str = "glance", **data: Any) -> m.ProjectCycleEntry:
    return m.ProjectCycleEntry(cycle=cycle_name, project=project, data=build(m.ProjectCycle, **data))


def make_site(ptl: str = "Flavio Percoco", **overrides: Any) -> m.Site:
    """Three cycles of one project with every kind of figure, gaps included, and a board meeting."""
    cycles = (
        cycle("liberty", "2015-05-01", "2015-10-15"),
        cycle(
            "mitaka",
            "2015-10-16",
            "2016-04-07",
            milestones=[
                {"name": "m-1", "date": "2015-12-01", "end": "2015-12-03", "title": "mitaka-1"},
                {"name": "m-ff", "date": "2016-03-03", "kind": "feature-freeze", "title": "Feature freeze"},
            ],
        ),
        cycle("newton", "2016-04-08", "2016-10-06"),
    )
    features = [{"id": f"f{n}", "title": f"Feature number {n}"} for n in (1, 2, 3)]
    liberty = entry(
        "liberty",
        ptl=ptl,
        features=features[:2],
        roster={"counts": {"start": 8, "end": 9, "joined": 1, "left": 0}},
        review_days=[{"id": "r1", "reviews": 40, "merged": 12}],
    )
    mitaka = entry(
        "mitaka",
        ptl=ptl,
        features=features[2:],
        roster={"counts": {"start": 9, "end": 12, "joined": 3}},
        priorities=[
            {"id": "p1", "title": "Backlog", "outcome": "done"},
            {"id": "p2", "title": "Import", "outcome": "missed"},
            {"id": "p3", "title": "Docs", "outcome": "dropped"},
        ],
        review_days=[{"id": "r1"}, {"id": "r2"}],
        handoff={"outgoing": ptl, "incoming": "Nikhil Komawar", "date": "2016-04-05"},
    )
    midcycle = build(m.Midcycle, date="2016-07-01", title="Newton midcycle")
    newton = dataclasses.replace(
        entry(
            "newton",
            ptl="Nikhil Komawar",
            priorities=[{"id": "p2", "title": "Import", "outcome": "partial"}],
            summary="A short cycle.",
        ),
        midcycles=((midcycle, None),),
    )
    board = build(m.BoardMeeting, date="2015-11-03", place="Tokyo")
    values: dict[str, Any] = {
        "cycles": cycles,
        "projects": (build(m.Project, key="glance", title="Glance", service="Image service"),),
        "entries": (liberty, mitaka, newton),
        "board": ((board, None),),
        "pages": (),
    }
    values.update(overrides)
    return m.Site(**values)


def pages_of(site: m.Site, name: str) -> dict[str, str]:
    return render_cycle(site, site.cycle(name), None, base_url=BASE)


def history_of(site: m.Site, project: str = "glance") -> dict[str, str]:
    """The project's history site: index.md (history), <cycle>.md (comparisons), feed.xml."""
    return render_project(site, project, None, base_url=BASE)


def tables(markdown: str) -> dict[str, list[dict[str, str]]]:
    """Every Markdown table under each `## heading`, as rows of {column: cell}."""
    found: dict[str, list[dict[str, str]]] = {}
    heading = ""
    header: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading, header = line[3:].strip(), []
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not header:
                header = cells
            elif not set("".join(cells)) <= set("-:"):
                found.setdefault(heading, []).append(dict(zip(header, cells, strict=True)))
        else:
            header = [] if not line.startswith("|") else header
    return found


def charts_in(markdown: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg class=\"cr-chart\".*?</svg>", markdown, re.S)]


def plain(cell: str) -> str:
    """A table cell's number as the chart writes it ('' when not recorded)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell).replace(",", "")
    return "" if text in ("—", "") else text


# --- charts -----------------------------------------------------------------------------------

COLUMNS = {  # chart series → the column of the table printed under the chart
    "core_end": "Core at end",
    "joined": "Joined",
    "left": "Left",
    "features": "Completed features",
    "done": "Priorities done",
    "partial": "Partial",
    "missed": "Missed or dropped",
    "review_days": "Review days",
    "reviews": "Reviews",
}


def test_history_charts_show_the_numbers_of_their_tables() -> None:
    """Every bar of every history chart carries the number printed in the table under it, gaps included."""
    site = make_site()
    page = history_of(site)["index.md"]
    rows = [row for table in tables(page).values() for row in table if "Cycle" in row]
    labels = {c.name: c.label for c in site.cycles}
    checked = 0
    for chart in charts_in(page):
        for rect in chart.iter(f"{SVG}rect"):
            series = rect.get("data-series")
            if series not in COLUMNS:
                continue
            label = labels[rect.get("data-row", "")]
            cell = next(r[COLUMNS[series]] for r in rows if r["Cycle"] == label and COLUMNS[series] in r)
            assert rect.get("data-value") == plain(cell), (series, label)
            checked += 1
    # 3 cycles x 9 series, less Newton's 3 core-team bars and its 2 review-day bars: Newton has no
    # core-team figure and no review day, so those charts draw Liberty and Mitaka only
    assert checked == 3 * len(COLUMNS) - 3 - 2


def test_core_team_chart_and_table_leave_out_unrecorded_cycles_and_say_so_once() -> None:
    """A cycle with no core-team figure is neither a chart row nor a table row of dashes."""
    page = history_of(make_site())["index.md"]
    core = next(c for c in charts_in(page) if "core" in (c.get("id") or ""))
    drawn = {r.get("data-row") for r in core.iter(f"{SVG}rect") if r.get("data-row")}
    assert drawn == {"liberty", "mitaka"}
    desc = core.find(f"{SVG}desc")
    assert desc is not None and "Members at the end: Liberty 9, Mitaka 12." in (desc.text or "")
    assert page.count("with no core-team figures recorded: Newton.") == 1


def test_ptl_chart_matches_the_succession_table() -> None:
    """The succession chart's bands are the runs of the PTL column, with their lengths."""
    page = history_of(make_site())["index.md"]
    table = [r["PTL"] for r in tables(page)["PTL succession"]]
    drawn = [
        (b.get("data-value"), int(b.get("data-cycles", "0")))
        for b in charts_in(page)[0].iter(f"{SVG}rect")
        if b.get("data-series") == "ptl"
    ]
    assert drawn == [("Flavio Percoco", 2), ("Nikhil Komawar", 1)]
    assert [(b.text, b.last - b.first + 1) for b in bands(table)] == drawn


def test_history_spans_every_cycle_outside_the_versions_and_first_cycle_has_no_comparison() -> None:
    """One history for all cycles; Liberty has no previous cycle to compare with, Mitaka does;
    no version carries a copy of either (so editing one cycle never rebuilds the others)."""
    site = make_site()
    history = history_of(site)
    assert len(tables(history["index.md"])["PTL succession"]) == 3
    assert [r["Cycle"] for r in tables(history["index.md"])["Core team"]] == ["Liberty", "Mitaka"]  # Newton: none
    assert "liberty.md" not in history and {"mitaka.md", "newton.md"} <= set(history)
    for name in ("liberty", "mitaka", "newton"):
        assert not [p for p in pages_of(site, name) if p.endswith(("history.md", "compare.md", ".xml"))]
    compare = history["mitaka.md"]
    first = next(iter(tables(compare).values()))
    numbers = {r[next(iter(r))]: r for r in first}
    assert numbers["Completed features"]["Liberty"] == "2" and numbers["Completed features"]["Mitaka"] == "1"
    assert numbers["Completed features"]["Change"] == "−1"
    assert numbers["Core reviewers at the end"]["Change"] == "+3"


def test_timeline_chart_has_every_milestone_of_the_table() -> None:
    """The overview's schedule draws one mark per milestone row, at the row's dates."""
    page = pages_of(make_site(), "mitaka")["index.md"]
    marks = [
        (r.get("data-value"), r.get("data-end")) for r in charts_in(page)[0].iter(f"{SVG}rect") if r.get("data-value")
    ]
    assert marks == [("2015-12-01", "2015-12-03"), ("2016-03-03", "")]
    rows = tables(page)["Milestones"]
    assert [r["Date"] for r in rows] == ["1–3 December 2015", "3 March 2016"]


def test_charts_scale_to_any_screen() -> None:
    """Charts have a viewBox and a relative width, never a fixed pixel size."""
    for chart in charts_in(history_of(make_site())["index.md"]):
        assert chart.get("viewBox") and chart.get("width") == "100%" and chart.get("height") is None
        assert chart.get("role") == "img" and chart.find(f"{SVG}title") is not None


# --- feeds ------------------------------------------------------------------------------------


def feed_items(xml: str) -> list[dict[str, str]]:
    root = ET.fromstring(xml)
    return [{child.tag: child.text or "" for child in item} for item in root.iter("item")]


def test_feeds_are_dated_from_the_data() -> None:
    """Retrospective: handoff date (else the cycle's end); midcycle and board meeting: their own date."""
    site = make_site()
    items = feed_items(render_site_feed(site, BASE))
    dated = {i["title"]: i["pubDate"] for i in items}
    assert dated == {
        "Glance Newton midcycle, 1 July 2016": "Fri, 01 Jul 2016 00:00:00 +0000",
        "Glance Newton: cycle retrospective": "Thu, 06 Oct 2016 00:00:00 +0000",  # no handoff: cycle end, own title
        "Glance Mitaka: passing the torch": "Tue, 05 Apr 2016 00:00:00 +0000",  # the handoff date
        "Board meeting, 3 November 2015": "Tue, 03 Nov 2015 00:00:00 +0000",
        "Glance Liberty: cycle retrospective": "Thu, 15 Oct 2015 00:00:00 +0000",
    }
    assert items[0]["title"] == "Glance Newton: cycle retrospective"  # newest first
    root = ET.fromstring(render_site_feed(site, BASE))
    assert root.findtext("channel/lastBuildDate") == "Thu, 06 Oct 2016 00:00:00 +0000"
    assert items[0]["link"] == f"{BASE}newton/projects/glance/retrospective/"


def test_project_feed_lives_beside_its_history_and_leaves_the_board_out() -> None:
    """The project's feed has its own reports of every cycle, newest first, and no board meeting."""
    site = make_site()
    project = feed_items(history_of(site)["feed.xml"])
    assert [i["title"] for i in project] == [
        "Glance Newton: cycle retrospective",  # no handoff recorded: the title does not claim one
        "Glance Newton midcycle, 1 July 2016",
        "Glance Mitaka: passing the torch",
        "Glance Liberty: cycle retrospective",
    ]
    assert project_feed("glance") == "history/glance/feed.xml"
    root = ET.fromstring(history_of(site)["feed.xml"])
    assert root.find("channel/{http://www.w3.org/2005/Atom}link").get("href") == f"{BASE}history/glance/feed.xml"


def test_feeds_are_reproducible_and_ignore_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two renders give the same bytes; today's date appears nowhere."""
    site = make_site()
    first = render_site_feed(site, BASE)
    assert render_site_feed(site, BASE) == first
    today = dt.date.today()
    assert today.strftime("%d %b %Y") not in first


def test_feeds_are_advertised_in_the_front_matter_of_project_pages() -> None:
    """A project page names its project's feed; the theme turns it into <link rel=alternate>."""
    site = make_site()
    pages = pages_of(site, "mitaka")
    head = yaml.safe_load(pages["projects/glance/index.md"].split("---", 2)[1])
    assert [feed["href"] for feed in head["feeds"]] == ["../history/glance/feed.xml"]  # from the version's root
    history = history_of(site)
    assert "feed.xml" in history
    assert [f["href"] for f in yaml.safe_load(history["index.md"].split("---", 2)[1])["feeds"]] == ["feed.xml"]


def test_editing_an_old_midcycle_title_leaves_later_versions_alone() -> None:
    """Cross-cycle pages (history, feeds) read no titles or prose, so such an edit rebuilds one cycle."""
    site = make_site()
    later = dataclasses.replace(site, cycles=(*site.cycles, cycle("ocata", "2016-10-07", "2017-02-22")))
    before = pages_of(later, "ocata")
    newton = later.entries[2]
    meeting, report = newton.midcycles[0]
    renamed = dataclasses.replace(newton, midcycles=((dataclasses.replace(meeting, title="Renamed"), report),))
    after = pages_of(dataclasses.replace(later, entries=(*later.entries[:2], renamed)), "ocata")
    assert after == before


# --- hostile text --------------------------------------------------------------------------------


def test_a_hostile_name_stays_text_in_charts_and_feeds() -> None:
    """Markup, entities and control characters in a name neither break nor inject into SVG or RSS."""
    site = make_site(ptl=HOSTILE)
    history = history_of(site)["index.md"]
    assert "<script>" not in history
    ptl_chart = charts_in(history)[0]  # parses as XML, so nothing escaped the text
    names = [t.text for t in ptl_chart.iter(f"{SVG}text") if t.text and "Bobby" in t.text]
    assert names == ['<script>alert("x")</script> & Bobby ]]> Tables (2 cycles)']
    feed = render_site_feed(site, BASE)
    assert "<script>" not in feed
    descriptions = [i.get("description", "") for i in feed_items(feed)]
    assert any('<script>alert("x")</script> & Bobby ]]> Tables hands over' in d for d in descriptions)


def test_render_rss_escapes_every_field() -> None:
    feed = Feed(
        HOSTILE,
        "https://x.example/?a=1&b=2",
        "https://x.example/feed.xml",
        HOSTILE,
        (FeedItem(HOSTILE, "https://x.example/a?b=1&c=2", dt.date(2020, 1, 2), HOSTILE, (HOSTILE,)),),
    )
    root = ET.fromstring(render_rss(feed))
    assert root.findtext("channel/title") == HOSTILE.replace("\x07", "")
    assert root.findtext("channel/item/link") == "https://x.example/a?b=1&c=2"
    assert root.findtext("channel/item/category") == HOSTILE.replace("\x07", "")


# --- links and navigation -----------------------------------------------------------------------


def test_links_across_versions_climb_out_of_the_page_folder() -> None:
    assert page_url("projects/glance/history.md") == "projects/glance/history/"
    assert page_url("index.md") == ""
    assert cross_link("index.md", "newton", "index.md") == "../newton/"
    assert (
        cross_link("projects/glance/index.md", "newton", "projects/glance/index.md")
        == "../../../newton/projects/glance/"
    )
    assert (
        cross_link("projects/glance/history.md", "mitaka", "board/2015-11-03.md")
        == "../../../../mitaka/board/2015-11-03/"
    )
    assert relative_url("mitaka/projects/glance/index.md", "history/glance/index.md") == "../../../history/glance/"
    assert relative_url("history/glance/newton.md", "history/glance/mitaka.md") == "../mitaka/"
    assert relative_url("history/glance/index.md", "mitaka/projects/glance/index.md") == "../../mitaka/projects/glance/"
    assert relative_url("mitaka/index.md", "mitaka/index.md") == "./"


def test_every_report_links_to_the_previous_and_next_cycle() -> None:
    """Overview, project, retrospective, history, compare, midcycle and board pages all carry a pager."""
    pages = pages_of(make_site(), "mitaka")
    for path in ("index.md", "projects/glance/index.md", "projects/glance/retrospective.md", "board/2015-11-03.md"):
        assert 'class="cr-pager"' in pages[path], path
    history = history_of(make_site())
    assert 'href="../../newton/projects/glance/"' in history["index.md"]  # back to the latest cycle
    assert 'href="../newton/"' in history["mitaka.md"] and 'href="../mitaka/"' in history["newton.md"]
    assert 'href="../../../liberty/projects/glance/"' in pages["projects/glance/index.md"]
    assert 'href="../../../../newton/projects/glance/retrospective/"' in pages["projects/glance/retrospective.md"]
    assert 'class="cr-pager"' in pages_of(make_site(), "newton")["projects/glance/midcycle-2016-07-01.md"]


def test_nav_links_to_the_history_site_and_lists_no_feed_files() -> None:
    site = make_site()
    flat = repr(nav(pages_of(site, "mitaka"), site, site.cycle("mitaka")))
    assert "'../history/glance/'" in flat and "'../history/glance/mitaka/'" in flat and ".xml" not in flat
    first = repr(nav(pages_of(site, "liberty"), site, site.cycle("liberty")))
    assert "'../history/glance/'" in first and "history/glance/liberty" not in first  # nothing before it
    history = history_of(site)
    own = repr(project_nav(history, site, "glance"))
    assert "'mitaka.md'" in own and "'newton.md'" in own and "liberty.md" not in own and ".xml" not in own
    # the way back is rooted at the site's path: mkdocs' nav arithmetic breaks a relative one on the
    # page named after that cycle (`newton/`, Newton compared)
    assert "'/newton/projects/glance/'" in own
    assert "'/sub/newton/projects/glance/'" in repr(project_nav(history, site, "glance", "/sub/"))


def test_reports_are_tagged_by_project_and_kind() -> None:
    pages = {**pages_of(make_site(), "mitaka"), **history_of(make_site())}
    for path, kind in (
        ("projects/glance/retrospective.md", "Retrospective"),
        ("index.md", "History"),
        ("mitaka.md", "Comparison"),
        ("projects/glance/index.md", "Project overview"),
    ):
        head = yaml.safe_load(pages[path].split("---", 2)[1])
        assert "Glance" in head["tags"] and kind in head["tags"], path
    assert "Board meeting" in yaml.safe_load(pages["board/2015-11-03.md"].split("---", 2)[1])["tags"]


def test_editing_an_old_cycle_rebuilds_its_history_site_but_no_later_version() -> None:
    """An old PTL's name changes that project's history site (and its inputs' key), never a later
    version's pages or inputs; a new report in an old cycle does reach the later versions' pager."""
    from generator.render.cycle import cross_cycle_inputs

    site = make_site()
    later = dataclasses.replace(site, cycles=(*site.cycles, cycle("ocata", "2016-10-07", "2017-02-22")))
    ocata = later.cycle("ocata")
    before, history = repr(cross_cycle_inputs(later, ocata)), repr(project_inputs(later, "glance"))
    newton = later.entries[2]
    renamed = dataclasses.replace(newton, data=dataclasses.replace(newton.data, ptl="Someone Else"))
    changed = dataclasses.replace(later, entries=(*later.entries[:2], renamed))
    assert repr(cross_cycle_inputs(changed, ocata)) == before
    assert pages_of(changed, "ocata") == pages_of(later, "ocata")
    assert pages_of(changed, "mitaka") == pages_of(later, "mitaka")  # its neighbour, too
    assert repr(project_inputs(changed, "glance")) != history
    assert history_of(changed)["index.md"] != history_of(later)["index.md"]
    dropped = dataclasses.replace(later, entries=later.entries[:2])
    assert repr(cross_cycle_inputs(dropped, ocata)) != before


def test_roster_names_after_the_list_of_changes_stay_their_own_paragraph() -> None:
    """The list of who joined and left ends before the end-of-cycle roster (no lazy continuation)."""
    import markdown

    site = make_site()
    mitaka = entry(
        "mitaka",
        roster={
            "changes": [
                {"id": "a", "name": "Ann Bee", "change": "joined"},
                {"id": "c", "name": "Cy Dee", "change": "left", "reason": "moved on"},
            ],
            "end": ["Ann Bee", "Eve Eff"],
        },
    )
    site = dataclasses.replace(site, entries=(site.entries[0], mitaka, site.entries[2]))
    page = pages_of(site, "mitaka")["projects/glance/index.md"]
    section = page[page.index("## Core team") : page.index('<nav class="cr-pager"')]
    html_text = markdown.markdown(section, extensions=["tables"])
    last_item = re.findall(r"<li>(.*?)</li>", html_text, re.S)[-1]
    assert "Core reviewers at the end" not in last_item
    assert re.search(r"<p>Core reviewers at the end of the cycle \(core group\): Ann Bee, Eve Eff\.</p>", html_text)
