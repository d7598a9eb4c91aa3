"""What still read like a form after issue 16's first pass: filler lines per block, a column that
repeats one value, a label on every line of the mail, ten source notes that differ in a file name.

Each test renders real pages from an in-memory site (tests/test_render_reader.py's) or runs the
mail's text renderer, and asserts what a reader sees.
"""

from __future__ import annotations

import dataclasses

from generator.data import model as m
from generator.render.sources import footnote_sources, shared_source, source_mark
from generator.tools.mailtext import References, render_text
from tests.test_letter import glance_page, retrospective, site_with
from tests.test_render_reader import build, entry, history_of, make_site, pages_of, tables

SPECS = {"repo": "openstack/glance-specs", "commit": "398409005007df3ab1126d690a09eceaf9e7011e", "as_of": "2026-03-11"}


def spec(name: str) -> dict[str, str]:
    return {**SPECS, "path": f"specs/mitaka/implemented/{name}.rst"}


# --- the cycle overview: nothing empty --------------------------------------------------------------


def test_overview_prints_no_filler_under_a_team_and_names_a_team_with_nothing_once() -> None:
    site = make_site()
    bare = entry("mitaka", project="nova")  # no PTL, no feature, no release, no report
    led = entry("mitaka", project="cinder", ptl="Jay Bryant")  # a PTL and nothing else
    more = (build(m.Project, key="nova", title="Nova"), build(m.Project, key="cinder", title="Cinder"))
    site = dataclasses.replace(site, projects=(*site.projects, *more), entries=(*site.entries, bare, led))
    page = pages_of(site, "mitaka")["index.md"]
    assert "recorded" not in page.split("## Sources")[0].replace("not recorded", "")
    assert "### Cinder\n" in page and "PTL **Jay Bryant**" in page  # the PTL carries the entry
    assert "### Nova" not in page
    assert page.count("Nova") == 1 and "with nothing highlighted yet:** [Nova](projects/nova/index.md)." in page


def test_overview_leaves_out_empty_sections_and_says_the_dates_once() -> None:
    site = make_site()
    quiet = dataclasses.replace(site, board=(), entries=tuple(e for e in site.entries if e.cycle != "newton"))
    page = pages_of(quiet, "liberty")["index.md"]  # no milestones, no handoff, no meeting
    for heading in ("## Milestones", "## PTL handoffs", "## Meetings in this cycle"):
        assert heading not in page
    assert "opened on 1 May 2015" in page and "| Development opened |" not in page  # not the sentence again


# --- the comparison: one list, the other cycle named once ----------------------------------------------


def test_comparison_shows_one_list_when_only_one_cycle_has_items() -> None:
    newton = history_of(make_site())["newton.md"]  # Newton recorded no roster change, Mitaka 3 joined
    assert "No changes recorded" not in newton and "None recorded" not in newton
    assert "**Mitaka** (none recorded for Newton):\n\n*3 joined (names not recorded).*" in newton


# --- priorities: a sentence for one, the outcome said once for a placed block ---------------------------


def test_one_priority_is_a_sentence_and_a_block_of_one_outcome_names_it_once() -> None:
    one = entry("mitaka", summary="S.", priorities=[{"id": "d", "title": "DefCore Updates", "outcome": "done"}])
    page = glance_page(site_with(one))
    assert ":material-check-circle:{ .cr-done } Done: **DefCore Updates**" in page and "| Priority |" not in page
    two = [
        {"id": "a", "title": "Import", "outcome": "missed", "reason": "Too big."},
        {"id": "b", "title": "Nova v2", "outcome": "missed", "reason": "Nova's call."},
    ]
    written = m.Report("r.md", "# G\n\n## What did not go well\n\n<!-- data: priorities missed -->\n", "G")
    report = dataclasses.replace(entry("mitaka", summary="S.", priorities=two), retrospective=written)
    rows = tables(retrospective(site_with(report)))["What did not go well"]
    assert rows == [
        {":material-close-circle:{ .cr-missed } Missed": "Import", "Why": "Too big."},
        {":material-close-circle:{ .cr-missed } Missed": "Nova v2", "Why": "Nova's call."},
    ]
    assert "| Priority | Outcome | Why |" in glance_page(site_with(report))  # the page's full list keeps it


# --- features: one note for one folder, the title as the link -------------------------------------------


def test_features_from_files_of_one_folder_cite_the_folder_once_and_link_their_titles() -> None:
    features = [
        {
            "id": n,
            "title": n.title(),
            "source": spec(n),
            "links": [{"title": "Spec", "url": f"https://specs.example/{n}"}],
        }
        for n in ("trusts", "signing", "purge")
    ]
    page = glance_page(site_with(entry("mitaka", features=features)))
    assert page.count("[^s1]") == 2 and "[^s2]" not in page  # one reference, one note
    assert "/src/commit/398409005007df3ab1126d690a09eceaf9e7011e/specs/mitaka/implemented)" in page
    assert "- **[Trusts](https://specs.example/trusts)**\n" in page and "(Spec)" not in page and "[Spec]" not in page


def test_shared_source_only_joins_files_of_one_repository_at_one_commit() -> None:
    a, b = build(m.Source, **spec("a")), build(m.Source, **spec("b"))
    assert shared_source([a, a]) == a
    joined = shared_source([a, b])
    assert joined is not None and joined.path == "specs/mitaka/implemented" and joined.commit == a.commit
    assert shared_source([a, dataclasses.replace(b, commit="0" * 40)]) is None
    assert shared_source([a, build(m.Source, url="https://example.org/x")]) is None
    assert shared_source([]) is None


# --- the mail: no label on every line, references within 72 columns ---------------------------------------


def test_a_two_column_table_in_the_mail_is_one_line_per_row_without_labels() -> None:
    long = "Bug fixes to land before the release, with RC1 already in good shape when these started"
    text = render_text(f"| When | Focus |\n|---|---|\n| During mitaka-1 | Specs |\n| Every Monday | {long} |\n")
    assert text.startswith("- During mitaka-1 — Specs\n- Every Monday — Bug fixes")
    assert "Focus:" not in text and max(len(line) for line in text.splitlines()) <= 72


def test_a_sources_date_goes_under_a_long_address_in_the_mail() -> None:
    note = source_mark(build(m.Source, **{**SPECS, "path": "priorities/mitaka-priorities.rst"}))
    post = render_text(footnote_sources(f"# T\n\nDone.{note}\n"), References())
    lines = post.rstrip().splitlines()
    assert lines[-2].startswith("[1] https://opendev.org/openstack/glance-specs/src/commit/")
    assert lines[-1] == "    (at commit 398409005007, snapshot of 11 March 2026)"


def test_a_board_figure_s_qualifier_goes_before_its_number_and_the_rest_stays_a_note() -> None:
    from generator.data.meetings import Figure
    from generator.render.text import qualified_figure

    said = qualified_figure(Figure(label="Sign-ups", value=6000, note="over; soon after the launch"))
    assert (said["value"], said["note"]) == ("over 6,000", "soon after the launch")  # the author's case kept
    assert qualified_figure(Figure(label="Bank", value=2_500_000, unit="USD", note="About"))["value"] == "About $2.5M"
    assert qualified_figure(Figure(label="Votes", value=1500, note="overall count"))["value"] == "1,500"  # not "over"
    assert qualified_figure(Figure(label="Votes", value=1500, note="at least, by hand"))["note"] == "by hand"


def test_cycles_left_out_of_a_chart_are_named_in_runs() -> None:
    from types import SimpleNamespace

    from generator.render.chartnotes import runs

    names = ("Icehouse", "Juno", "Kilo", "Liberty", "Mitaka", "Newton", "Ocata")
    rows = [SimpleNamespace(label=name) for name in names]
    missing = [rows[i] for i in (0, 1, 2, 4, 5)]
    assert runs(missing, rows) == ["Icehouse to Kilo", "Mitaka", "Newton"]  # two in a row stay two names
    assert runs([], rows) == [] and runs(rows[-1:], rows) == ["Ocata"]


def test_handoff_contacts_for_one_topic_are_one_line_in_the_order_listed() -> None:
    from generator.data.model import Contact
    from generator.render.filters import by_topic

    ask = [Contact("Ann", "security issues"), Contact("Bob", "releases"), Contact("Cat", "Security  issues")]
    assert by_topic(ask) == [(["Ann", "Cat"], "security issues"), (["Bob"], "releases")]


def test_a_note_that_only_begins_with_a_qualifier_word_stays_a_note() -> None:
    from generator.data.meetings import Figure
    from generator.render.text import qualified_figure

    for note in ("under review", "up to date as of May", "some of it estimated", "over-the-air"):
        said = qualified_figure(Figure(label="x", value=15000, note=note))
        assert (said["value"], said["note"]) == ("15,000", note)
    assert qualified_figure(Figure(label="x", value=15000, note="about."))["note"] == ""


def test_handoff_contacts_without_a_topic_are_not_merged_and_end_without_a_dash() -> None:
    from generator.data.model import Contact
    from generator.render.filters import by_topic

    assert by_topic([Contact("Ann", ""), Contact("Bob", " ")]) == [(["Ann"], ""), (["Bob"], " ")]


def test_review_days_said_once_per_milestone_and_one_day_with_a_source_only_is_no_empty_sentence() -> None:
    from tests.test_letter import entry, glance_page, site_with

    twice = [{"id": "a", "milestone": "mitaka-1"}, {"id": "b", "milestone": "mitaka-1"}]
    assert "Review days were held during mitaka\\-1.\n" in glance_page(site_with(entry("mitaka", review_days=twice)))
    only = [{"id": "a", "date": "2016-03-02", "source": {"repo": "openstack/x", "path": "y"}}]
    page = glance_page(site_with(entry("mitaka", review_days=only)))
    assert "A review day was held on 2 March 2016." in page and ": ." not in page
    focus = glance_page(site_with(entry("mitaka", review_days=[{"id": "a", "focus": "Bugs"}])))
    assert "\nBugs.\n" in focus and "—:" not in focus


def test_one_deliverable_with_one_release_is_said_in_the_singular() -> None:
    from tests.test_letter import entry, glance_page, site_with

    released = [{"id": "glance", "type": "service", "versions": ["12.0.0"], "final": "12.0.0"}]
    page = glance_page(site_with(entry("mitaka", released=released)))
    assert "- **Released:** 1 deliverable, 1 release\n" in page
