"""RST helpers and the series calendar, on the real releases and specs files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.gather import calendar, rst


def test_inline_rst_links_become_markdown_links() -> None:
    text = "See `admin guide\n    <https://docs.openstack.org/nova/latest/admin.html>`__ for more, and ``nova-manage``."
    assert rst.to_markdown(text) == (
        "See [admin guide](https://docs.openstack.org/nova/latest/admin.html) for more, and `nova-manage`."
    )


def test_links_with_unsafe_schemes_stay_plain_text() -> None:
    assert rst.to_markdown("click `here <javascript:alert(1)>`_ now") == "click here now"


def test_named_references_resolve_through_link_targets(fixtures: Path) -> None:
    text = (fixtures / "glance-specs" / "priorities" / "queens-priorities.rst").read_text()
    refs = rst.targets(text)
    assert refs["multihash"].endswith("/specs/queens/approved/glance/multihash.html")
    assert rst.to_markdown("`multihash`_", refs).startswith("[multihash](https://specs.openstack.org/")


def test_list_table_and_grid_table_rows_read_from_priorities_files(fixtures: Path) -> None:
    queens = rst.list_table((fixtures / "glance-specs/priorities/queens-priorities.rst").read_text(), "Priority")
    assert queens[0] == ["Priority Item", "Owner(s)", "Spec(s)"]
    assert queens[3] == ["Secure Hash Algorithm Support", "`Scott McClymont`_", "`multihash`_"]
    mitaka = rst.grid_table((fixtures / "glance-specs/priorities/mitaka-priorities.rst").read_text())
    assert mitaka[2][0] == "`Image Import Refactor`_"
    assert mitaka[2][1] == "`Brian Rosmaita`_,\n`Stuart Mclaren`_"


def _series(fixtures: Path) -> dict[str, calendar.Series]:
    text = (fixtures / "openstack-releases/data/series_status.yaml").read_text()
    return {s.name: s for s in calendar.build_series(calendar.load_yaml(text))}


def test_release_id_read_as_text_not_float_and_yes_not_bool(fixtures: Path) -> None:
    """YAML 1.1 traps: `release-id: 2024.1` stays "2024.1", `slurp: yes` stays a string."""
    data = calendar.load_yaml((fixtures / "openstack-releases/data/series_status.yaml").read_text())
    caracal = next(row for row in data if row["name"] == "caracal")
    assert caracal["release-id"] == "2024.1" and caracal["slurp"] == "yes"
    assert _series(fixtures)["flamingo"].release_id == "2025.2"


def test_cycle_starts_the_day_after_the_previous_release(fixtures: Path) -> None:
    series = _series(fixtures)
    assert series["caracal"].start == dt.date(2023, 10, 5)  # bobcat released 2023-10-04
    assert series["caracal"].end == dt.date(2024, 4, 3)
    assert series["austin"].start is None and series["hibiscus"].status == "development"


def test_schedule_yaml_milestones_are_titled_and_dated_from_the_rst_prose(fixtures: Path) -> None:
    series = _series(fixtures)
    folder = fixtures / "openstack-releases/doc/source/caracal"
    events = calendar.build_events_yaml(calendar.load_yaml((folder / "schedule.yaml").read_text()))
    milestones = {
        m.name: m
        for m in calendar.build_milestones(
            series["caracal"], series["bobcat"], events, (folder / "schedule.rst").read_text()
        )
    }
    assert milestones["c-1"].date == dt.date(2023, 11, 16) and milestones["c-1"].kind == "milestone"
    assert milestones["c-nova-review-day"].date == dt.date(2023, 11, 15)
    assert milestones["c-nova-review-day-2"].date == dt.date(2024, 1, 10)
    assert milestones["c-nova-review-day"].title == "Nova Implementation Review Day"
    assert milestones["c-ff"].kind == "feature-freeze" and milestones["c-final"].kind == "release"
    assert "b-final" not in milestones  # the previous series' release week belongs to Bobcat


def test_every_schedule_key_of_the_fixtures_gets_the_kind_its_event_is() -> None:
    """The release team's keys over the years (`q-mf`, `q-soft-sf`, `p-final-clientlib`,
    `c-keystone-ffreeze`, …): a freeze is a freeze, a library's final release a release, an
    electorate deadline an election event; `other` only for what is none of them."""
    expected = {
        "freeze": ["q-mf", "q-rf", "q-soft-sf", "q-hard-sf", "q-manila-fpfreeze", "c-manila-fp-freeze"],
        "spec-freeze": ["q-nova-spec-freeze", "q-glance-spec-proposal-freeze", "p-glance-spec-prop"],
        "feature-freeze": ["q-ff", "c-keystone-ffreeze", "q-oslo-feature-freeze", "p-trailing-ff"],
        "release": ["q-final", "q-release", "q-final-lib", "q-final-clientlib", "n-final-library-releases"],
        "rc": ["q-rc1", "q-finalrc", "p-trailing-rc"],
        "election": ["q-extra-atcs", "n-extra-acs", "q-email-deadline", "c-election-close", "q-ptl-nomination"],
        "ptg": ["q-ptg", "p-vptg", "c-ptg0"],
        "other": ["q-goals-research", "q-eol", "q-cinder-driver-deadline", "c-cycle-highlights"],
    }
    for kind, keys in expected.items():
        assert {key: calendar.kind_of(key) for key in keys} == dict.fromkeys(keys, kind)


def test_newton_grid_table_weeks_get_their_year_from_the_calendar(fixtures: Path) -> None:
    series = _series(fixtures)
    text = (fixtures / "openstack-releases/doc/source/newton/schedule.rst").read_text()
    events = calendar.build_events_grid(text, series["mitaka"].end or dt.date.min)
    milestones = {m.name: m for m in calendar.build_milestones(series["newton"], series["mitaka"], events, text)}
    assert milestones["n-1"].date == dt.date(2016, 5, 31) and milestones["n-1"].end == dt.date(2016, 6, 2)
    assert milestones["n-ff"].date == dt.date(2016, 8, 29) and milestones["n-ff"].end == dt.date(2016, 9, 2)
    assert milestones["o-ptl-election"].kind == "election"
    assert "m-release" not in milestones


def test_dates_in_prose_accept_both_orders_and_keep_the_week() -> None:
    week = (dt.date(2023, 11, 13), dt.date(2023, 11, 17))
    text = "On 15 November 2023 and 10 January 2024, or November 16, 2023."
    assert calendar.dates_in(text, *week) == [dt.date(2023, 11, 15), dt.date(2023, 11, 16)]


def test_grid_weeks_crossing_new_year_move_to_the_next_year() -> None:
    text = "| Dec 28-01  | R-14 | :ref:`m-holiday`          |\n| Jan 04-08  | R-13 | :ref:`m-2`                |\n"
    events = calendar.build_events_grid(text, dt.date(2015, 10, 15))
    assert [(e.key, e.start, e.end) for e in events] == [
        ("m-holiday", dt.date(2015, 12, 28), dt.date(2016, 1, 1)),
        ("m-2", dt.date(2016, 1, 4), dt.date(2016, 1, 8)),
    ]


def test_finished_cycles_are_cached_for_good_and_the_current_one_expires(project: Path, fixtures: Path) -> None:
    from gather_support import IN_CARACAL, make_options

    from generator.gather.context import Context
    from generator.gather.http import NEVER

    ctx = Context(make_options(project, fixtures, "releases", now=IN_CARACAL, expire_after_hours=2))
    try:
        assert ctx.expiry(ctx.find_series("bobcat")) == NEVER
        assert ctx.expiry(ctx.find_series("2024.1")) == 2 * 3600  # Caracal, still in development then
        assert ctx.expiry() == 2 * 3600  # files about no cycle in particular (series_status.yaml)
    finally:
        ctx.close()


def test_schedule_titles_read_as_headings_whatever_the_cycle_spelled(fixtures: Path) -> None:
    """Every section title of every schedule in the fixtures comes out starting with a capital,
    without trailing punctuation or a word run into the next, abbreviations in capitals."""
    said = {
        key: calendar.tidy_title(section.title)
        for path in sorted((fixtures / "openstack-releases/doc/source").glob("*/schedule.rst"))
        for key, section in rst.labelled_sections(path.read_text()).items()
    }
    assert len(said) > 100
    odd = {
        key: title
        for key, title in said.items()
        if (not title[:1].isupper() and not title[:1].isdigit())
        or title.endswith((":", ".", ","))
        or re.search(r"[a-z](Freeze|Deadline|Release|Milestone)\b", title)
        or re.search(r"\b(atcs?|ptls?|rc1)\b", title)
    }
    assert odd == {}
    assert said["n-1"] == "Newton-1 milestone" and said["n-extra-atcs"] == "Extra-ATCs deadline"
    assert said["p-soft-sf"] == "Soft String Freeze" and said["n-trove-guest-req"] == "Trove Guest Requirements Freeze"
    assert said["p-summit"] == "OpenStack Summit"  # a name's own capitals stay
