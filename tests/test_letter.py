"""Reports that read like a letter (issue 16): nothing empty printed, nothing twice, sources as
one numbered note per page, the schedule by name, authored text as written."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from generator.data import model as m
from generator.data.prose import PLACEHOLDER
from generator.render.milestones import milestone_title, split_milestones
from generator.render.sources import footnote_sources, source_mark
from generator.tools.mailtext import References, render_text
from tests.empty_cells import findings
from tests.test_render_reader import BASE, SVG, build, charts_in, cycle, entry, history_of, make_site, pages_of, tables

SRC = {"repo": "openstack/releases", "path": "deliverables/mitaka/glance.yaml", "as_of": "2026-11-22T03:26:37Z"}


def site_with(mitaka: m.ProjectCycleEntry, **overrides: Any) -> m.Site:
    site = make_site(**overrides)
    entries = tuple(mitaka if e.cycle == "mitaka" else e for e in site.entries)
    return dataclasses.replace(site, entries=entries)


def glance_page(site: m.Site, cycle_name: str = "mitaka") -> str:
    return pages_of(site, cycle_name)["projects/glance/index.md"]


def retrospective(site: m.Site, cycle_name: str = "mitaka") -> str:
    return pages_of(site, cycle_name)["projects/glance/retrospective.md"]


# --- nothing empty ------------------------------------------------------------------------------


def test_a_block_without_data_prints_nothing_and_its_section_is_left_out() -> None:
    """Newton has no features, roster, review days or handoff: no heading, no 'No … recorded'."""
    page = retrospective(make_site(), "newton")
    for text in ("No core-team data", "No completed features", "No review days", "No PTL handoff", "## Review days"):
        assert text not in page
    assert "## Community and core team" not in page and "## PTL handoff" not in page


def test_review_days_show_only_columns_that_hold_a_value() -> None:
    mitaka = entry(
        "mitaka",
        review_days=[
            {"id": "r1", "focus": "Bugs", "recurring": "every Monday until the release"},
            {"id": "r2", "focus": "Specs", "reviews": 30},
        ],
    )
    page = glance_page(site_with(mitaka))
    assert "| When | Focus | Reviews |\n" in page
    assert "| Every Monday until the release | Bugs | — |" in page  # the author's "Monday" kept
    assert "Merged" not in page and "People" not in page


def test_review_days_known_only_by_when_are_one_sentence_not_rows_restating_it() -> None:
    mitaka = entry(
        "mitaka",
        review_days=[
            {"id": "m1", "milestone": "mitaka-1"},
            {"id": "m2", "milestone": "mitaka-2"},
            {"id": "d1", "date": "2016-03-02"},
            {"id": "r1", "reviews": 40, "recurring": "every Friday"},
        ],
    )
    page = glance_page(site_with(mitaka))
    assert "| When | Reviews |\n" in page and "| Every Friday | 40 |" in page  # no Focus column: none has one
    assert "During mitaka" not in page
    assert "Other review days were held during mitaka\\-1 and mitaka\\-2 and on 2 March 2016." in page
    alone = glance_page(site_with(entry("mitaka", review_days=[{"id": "m1", "milestone": "mitaka-1"}])))
    assert "A review day was held during mitaka\\-1." in alone and "| When |" not in alone


def test_one_review_day_without_figures_is_a_sentence_not_a_one_row_table() -> None:
    day = {"id": "r1", "recurring": "every Monday until the release", "focus": "Bug fixes", "notes": "RC1 is close."}
    page = glance_page(site_with(entry("mitaka", review_days=[day])))
    assert "Every Monday until the release: Bug fixes — RC1 is close.\n" in page and "| When |" not in page


def test_core_team_figures_read_as_a_sentence_without_a_figure_header() -> None:
    page = glance_page(make_site())
    assert "The core team had 9 members at the start of the cycle and 12 at the end; 3 joined." in page
    assert "| Core team | Figure |" not in page


def test_no_feature_count_of_zero_when_no_features_were_recorded() -> None:
    page = glance_page(make_site(), "newton")
    assert "Completed features" not in page


# --- nothing twice --------------------------------------------------------------------------------


def test_project_page_handoff_heading_is_not_repeated_as_the_box_title() -> None:
    page = glance_page(make_site())
    assert page.count("PTL handoff") == 1
    assert '!!! abstract ""' in page


def test_drafted_retrospective_lists_each_priority_once() -> None:
    """'Priorities' and 'What did not go well' share no outcome, so no priority is listed twice."""
    template = Path(__file__).parents[1] / "generator/render/templates/draft/retrospective.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    blocks = [match for line in lines if (match := PLACEHOLDER.match(line)) and match["name"] == "priorities"]
    outcomes = [o for b in blocks for o in b["args"].split()]
    assert len(blocks) == 2 and all(b["args"].split() for b in blocks)  # never the whole list
    assert sorted(outcomes) == sorted(set(outcomes)) and "missed" in outcomes


# --- provenance as a footnote ---------------------------------------------------------------------


def test_sources_become_one_numbered_note_with_snapshot_dates() -> None:
    features = [{"id": f"f{n}", "title": f"Feature {n}", "source": SRC} for n in (1, 2)]
    features.append({"id": "f3", "title": "Feature 3", "source": {**SRC, "path": "other.yaml", "commit": "abc123"}})
    page = glance_page(site_with(entry("mitaka", features=features)))
    assert "cr-source" not in page and "as of" not in page
    assert page.count("## Sources") == 1
    assert page.count("[^s1]") == 3 and page.count("[^s2]") == 2  # two references and one note each
    assert "[^s1]: [openstack/releases/deliverables/mitaka/glance.yaml](" in page
    assert "snapshot of 22 November 2026." in page and "at commit `abc123`" in page
    assert page.index("## Sources") < page.index('<nav class="cr-pager"')


def test_features_from_one_source_cite_it_once() -> None:
    features = [{"id": f"f{n}", "title": f"Feature {n}", "source": SRC} for n in (1, 2, 3)]
    page = glance_page(site_with(entry("mitaka", features=features)))
    assert page.count("[^s1]") == 2  # one reference after the list, one note
    assert "- **Feature 1**\n" in page


def test_footnotes_become_the_mails_numbered_references() -> None:
    text = footnote_sources(
        f"# T\n\nA figure.{source_mark(build(m.Source, **SRC))}\n\n[a link](https://example.org/)\n"
    )
    post = render_text(text, References())
    assert "A figure. [1]\n" in post and "Sources" not in post
    assert post.rstrip().endswith("[2] https://example.org/")
    assert "[1] https://opendev.org/openstack/releases/src/branch/master/deliverables/mitaka/glance.yaml" in post
    assert "(snapshot of 22 November 2026)" in post


def test_facts_no_longer_claim_the_run_date_as_when_facts_were_true() -> None:
    page = glance_page(site_with(entry("mitaka", as_of="2026-12-02T00:00:00Z", ptl="Flavio Percoco")))
    assert "Facts gathered" not in page and "2 December 2026" not in page


# --- small faults -----------------------------------------------------------------------------------


def test_title_follows_the_handoff() -> None:
    site = make_site()
    assert "# Glance Mitaka: passing the torch" in retrospective(site)  # the torch passes
    assert "# Glance Newton: cycle retrospective" in retrospective(site, "newton")  # no handoff
    stays = site_with(entry("mitaka", ptl="A", handoff={"outgoing": "A", "incoming": "A"}))
    assert "# Glance Mitaka: cycle retrospective" in retrospective(stays)


def test_compare_puts_each_roster_change_on_its_own_bullet() -> None:
    changes = [
        {"id": "ann", "name": "Ann", "change": "joined", "date": "2016-01-05"},
        {"id": "bob", "name": "Bob", "change": "left", "date": "2016-02-05"},
    ]
    site = site_with(entry("mitaka", roster={"changes": changes}))
    page = history_of(site)["mitaka.md"]
    assert "- Ann joined on 5 January 2016\n- Bob left on 5 February 2016\n" in page


def test_schedule_codes_are_read_out_and_other_teams_folded() -> None:
    def ms(name: str, day: str) -> m.Milestone:
        return TypeAdapter(m.Milestone).validate_python({"name": name, "date": day, "kind": "other"})

    items = [
        ms("q-mf", "2017-12-04"),
        ms("q-glance-spec-freeze", "2017-10-02"),
        ms("q-cinder-spec-freeze", "2017-12-04"),
    ]
    assert [milestone_title(i) for i in items] == ["Membership freeze", "Glance spec freeze", "Cinder spec freeze"]
    assert milestone_title(ms("q-soft-sf", "2018-01-22")) == "Soft string freeze"
    assert milestone_title(ms("p-ptg0", "2017-02-20")) == "Project Teams Gathering"
    assert milestone_title(ms("n-key-ff", "2016-08-29")) == "Keystone feature freeze"
    design, keystone = ms("n-design-summit", "2016-04-25"), ms("n-key-ff", "2016-08-29")
    assert split_milestones([design, keystone], ["keystone"]) == ([design, keystone], [])
    assert split_milestones([design, keystone], ["nova"]) == ([design], [keystone])
    shown, folded = split_milestones(items, ["glance"])
    assert [i.name for i in shown] == ["q-glance-spec-freeze", "q-mf"] and [i.name for i in folded] == [
        "q-cinder-spec-freeze"
    ]
    site = make_site()
    queens = cycle("mitaka", "2015-10-16", "2016-04-07", milestones=[dataclasses.asdict(i) for i in items])
    page = pages_of(dataclasses.replace(site, cycles=(site.cycles[0], queens, site.cycles[2])), "mitaka")["index.md"]
    assert "q-mf" not in page and "| Membership freeze |" in page
    # The overview is no one team's page: every team's own deadline is folded, the teams named.
    assert "<summary>Teams' own deadlines (2: Cinder, Glance)</summary>" in page
    assert BASE  # the pages render against the same address as the reader tests


# --- "0" and "—" (the whole history) -------------------------------------------------------------


def test_a_count_is_zero_only_when_its_list_was_recorded() -> None:
    from generator.render.figures import figures

    none = figures(entry("mitaka"))
    assert (none.features, none.done, none.not_done, none.review_days, none.deliverables) == (None,) * 5
    some = figures(entry("mitaka", priorities=[{"id": "p", "title": "P", "outcome": "missed"}]))
    assert (some.done, some.partial, some.not_done) == (0, 0, 1)  # three recorded answers, two of them zero


def test_history_and_comparison_print_no_zero_for_what_was_not_recorded() -> None:
    pages = history_of(make_site())
    history, newton = pages["index.md"], pages["newton.md"]
    # Newton recorded priorities but no feature and no review day: a dash, not 0, and the
    # review-day chart and table leave Newton out, saying so once.
    assert "| Newton | — | 0 | 1 | 0 |" in history
    assert "| Newton | 0 |" not in history
    assert "The chart and table leave out the 1 cycle with no review days recorded: Newton." in history
    # A figure only Mitaka has is no row of dashes: named once, with its value, under the table.
    assert "| Review days |" not in newton and "| Completed features |" not in newton
    assert "| Core reviewers at the start |" not in newton and "| — | — |" not in newton
    only = "Recorded for Mitaka only: completed features (1), core reviewers at the start (9), "
    assert only in newton and "review days (2)." in newton
    assert findings(pages) == []


def test_a_figure_no_cycle_has_is_no_row_and_no_section_but_named_once() -> None:
    site = make_site()
    bare = history_of(dataclasses.replace(site, entries=tuple(entry(e.cycle, ptl="Ann") for e in site.entries)))
    history, compared = bare["index.md"], bare["mitaka.md"]
    assert "## Core team" not in history and "## Review days" not in history
    never = "core-team figures; features or priorities; released deliverables; review days"
    assert f"*Not recorded for any cycle on record: {never}.*" in history
    assert "| PTL | Ann | Ann | same |\n\n</div>" in compared  # the one row either cycle has
    assert "## Priorities" not in compared and "None recorded" not in compared


# --- nothing twice, and the schedule chart as its table -------------------------------------------


def test_generated_retrospective_says_ptl_handoff_once() -> None:
    page = retrospective(make_site())  # no prose: the page is generated from the data
    assert "Handing over" not in page and page.count("PTL handoff") == 1 and '!!! abstract ""' in page


def test_schedule_chart_draws_the_rows_the_table_shows_and_folds_the_rest() -> None:
    milestones = [
        {"name": "m-1", "date": "2015-12-01", "title": "mitaka-1"},
        {"name": "m-cinder-spec-freeze", "date": "2016-01-05", "kind": "spec-freeze", "title": "Cinder Spec Freeze"},
        {"name": "m-glance-spec-freeze", "date": "2016-01-06", "kind": "spec-freeze", "title": "Glance Spec Freeze"},
        {"name": "m-trailing-ff", "date": "2016-04-20", "title": "Cycle-trailing feature freeze"},
    ]
    site = make_site()
    mitaka = cycle("mitaka", "2015-10-16", "2016-04-30", milestones=milestones)
    page = pages_of(dataclasses.replace(site, cycles=(site.cycles[0], mitaka, site.cycles[2])), "mitaka")["index.md"]
    drawn = [r.get("data-value") for r in charts_in(page)[0].iter(f"{SVG}rect") if r.get("data-value")]
    shown = [r["Date"] for r in tables(page.split('<details class="cr-other-teams"')[0])["Milestones"]]
    assert drawn == ["2015-12-01", "2016-04-20"]  # no team's own deadline is drawn on the overview
    assert shown == ["1 December 2015", "20 April 2016"]
    assert "<summary>Teams' own deadlines (2: Cinder, Glance)</summary>" in page and "Cinder Spec Freeze" in page


def test_a_teams_own_deadlines_are_on_its_page_and_in_its_report_by_name() -> None:
    milestones = [
        {"name": "m-1", "date": "2015-12-01", "title": "mitaka-1"},
        {"name": "m-cinder-spec-freeze", "date": "2016-01-05", "kind": "spec-freeze"},
        {"name": "m-glance-spec-freeze", "date": "2016-01-06", "kind": "spec-freeze"},
        {"name": "m-glance_store-maint", "date": "2016-01-18", "title": "Glance Store maintainers deadline"},
    ]
    site = make_site()
    mitaka = cycle("mitaka", "2015-10-16", "2016-04-30", milestones=milestones)
    site = dataclasses.replace(site, cycles=(site.cycles[0], mitaka, site.cycles[2]))
    page = pages_of(site, "mitaka")["projects/glance/index.md"]
    rows = tables(page)["Deadlines"]
    assert [(r["Date"], r["Deadline"]) for r in rows] == [
        ("6 January 2016", "Glance spec freeze"),
        ("18 January 2016", "Glance Store maintainers deadline"),  # glance_store's deadline is Glance's
    ]
    assert "Cinder" not in page and "mitaka-1" not in page and "(../../index.md#milestones)" in page
    # The team's report (the milestones block): the shared milestones and its own, Cinder's folded.
    report = entry("mitaka", summary="S.")
    written = m.Report("r.md", "# Glance Mitaka\n\n## Schedule\n\n<!-- data: milestones -->\n", "Glance Mitaka")
    site = site_with(dataclasses.replace(report, retrospective=written), cycles=site.cycles)
    block = retrospective(site)
    assert [r["Milestone"] for r in tables(block.split('<details class="cr-other-teams"')[0])["Schedule"]] == [
        "mitaka\\-1",
        "Glance spec freeze",
        "Glance Store maintainers deadline",
    ]
    assert "<summary>Other teams' deadlines (1: Cinder)</summary>" in block


def test_a_one_figure_backlog_is_a_sentence() -> None:
    one = retrospective(site_with(entry("mitaka", summary="S.", backlog={"end": 90, "note": "By a rough count."})))
    assert "The review backlog held 90 changes open at the end of the cycle. By a rough count." in one
    assert "| Review backlog |" not in one
    two = retrospective(site_with(entry("mitaka", summary="S.", backlog={"start": 200, "end": 90})))
    assert "| Open at the start of the cycle | 200 |\n| Open at the end of the cycle | 90 |" in two


def test_the_overview_heading_says_whether_its_teams_have_highlights() -> None:
    """Newton's teams have a PTL and no feature: the section is "Teams", not "Highlights by team"."""
    site = make_site()
    newton, mitaka = pages_of(site, "newton")["index.md"], pages_of(site, "mitaka")["index.md"]
    assert "\n## Teams\n" in newton and "Highlights" not in newton
    assert "\n## Highlights by team\n" in mitaka  # its one team has features
