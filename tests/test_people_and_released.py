"""One identity per person (folding, data/people.yaml, check's near-duplicate warning) and the pages
that show leadership, a retired team's end and what a team released."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from generator.cli import main
from generator.data import model as m
from generator.data.people import People, Person, is_placeholder, near_duplicates, person_key
from generator.load.site import load_site
from generator.render.cycle import render_cycle
from generator.render.history import render_project
from tests.empty_cells import HIDDEN


def build(kind: type[Any], **values: Any) -> Any:
    return TypeAdapter(kind).validate_python(values)


# --- folding and people.yaml, pure ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sean Mcginnis", "Sean McGinnis"),
        ("René Ribaud", "rene ribaud"),
        ("Wu Chunyang", "wu chunyang"),
        ("Sławek Kapłoński", "Slawek Kaplonski"),
        ("Radosław Piliszek", "Radoslaw Piliszek"),
        ("Ken'ichi Ohmichi", "Kenichi Ohmichi"),
    ],
)
def test_spellings_that_fold_to_one_key_are_one_person(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)
    assert People().same(a, b)


def test_umlauts_written_out_meet_once_either_spelling_was_seen() -> None:
    people = People()
    people.prefer(["Dirk Mueller", "Dirk Müller"])
    assert people.same("Dirk Mueller", "Dirk Müller")
    assert people.display("Dirk Mueller") == "Dirk Müller"  # the last spelling seen is shown


def test_people_yaml_maps_swaps_nicknames_and_irc_and_its_name_wins() -> None:
    people = People((Person("Chunyang Wu", ("wu chunyang",), ("wucy",)),))
    people.prefer(["chunyang wu", "Wu Chunyang"])
    assert people.display("wu chunyang") == "Chunyang Wu"
    assert people.display("WU CHUNYANG") == "Chunyang Wu"
    assert people.identity("C. Wu", irc="WuCY") == people.identity("Chunyang Wu")
    assert people.display("Someone Else") == "Someone Else"


def test_one_irc_nick_ties_two_spellings_and_a_second_name_never_steals_it() -> None:
    people = People()
    people.link_irc("Wu Chunyang", "wucy")
    people.link_irc("chunyang wu", "wucy")
    assert people.same("Wu Chunyang", "chunyang wu")
    assert not people.same("Wu Chunyang", "Someone Else")


def test_placeholders_are_not_people() -> None:
    assert is_placeholder("APPOINTMENT NEEDED") and is_placeholder("leaderless") and is_placeholder("TBD")
    assert not is_placeholder("Ann Needed")


def test_a_short_first_name_a_letter_apart_is_another_person() -> None:
    assert near_duplicates(["Chen Okafor", "Wen Okafor"], People()) == []
    assert near_duplicates(["Morgain Fainberg", "Morgan Fainberg"], People()) != []
    assert near_duplicates(["Fei Long Wang", "Feilong Wang"], People()) != []


def test_near_duplicates_are_swaps_typos_and_unsettled_spellings() -> None:
    names = ["Ghanshyam Mann", "Ghanshyam Maan", "Ke Chen", "chen ke", "Sean McGinnis", "Sean Mcginnis", "Jay Bryant"]
    found = {frozenset(pair) for pair in near_duplicates(names, People())}
    assert found == {
        frozenset({"Ghanshyam Mann", "Ghanshyam Maan"}),
        frozenset({"Ke Chen", "chen ke"}),
        frozenset({"Sean McGinnis", "Sean Mcginnis"}),
    }
    settled = People(
        (Person("Sean McGinnis"), Person("Ke Chen", ("chen ke",)), Person("Ghanshyam Mann", ("Ghanshyam Maan",)))
    )
    assert near_duplicates(names, settled) == []


# --- load and check ---------------------------------------------------------------------------

TWO_SPELLINGS = {
    "data/liberty/glance/gathered.yaml": "ptl: chen ke\n",
    "data/mitaka/glance/gathered.yaml": "ptl: Ke Chen\nroster:\n  start: [Ke Chen, Erno Kuvaja]\n",
}


def test_check_warns_about_two_spellings_of_one_person_with_the_entry_to_add(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(TWO_SPELLINGS)
    assert main(["-C", str(root), "check"]) == 0  # a warning
    err = capsys.readouterr().err
    assert "data/liberty/glance/gathered.yaml: warning: people: 'chen ke' and 'Ke Chen'" in err
    assert "add to data/people.yaml:" in err and "- name: Ke Chen" in err and "aliases: [chen ke]" in err
    assert main(["-C", str(root), "check", "--strict"]) == 1


def test_people_yaml_gives_one_spelling_everywhere_and_silences_the_warning(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({**TWO_SPELLINGS, "data/people.yaml": "people:\n  - name: Ke Chen\n    aliases: [chen ke]\n"})
    assert main(["-C", str(root), "check", "--strict"]) == 0
    site = load_site(root).site
    assert site is not None
    assert [e.data.ptl for e in site.history("glance")] == ["Ke Chen", "Ke Chen"]
    assert site.history("glance")[1].data.roster.start == ["Ke Chen", "Erno Kuvaja"]


def test_a_bad_people_yaml_is_a_located_error(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({"data/people.yaml": "people:\n  - name: Ke Chen\n    alias: [chen ke]\n"})
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "data/people.yaml:3:5" in err and "alias" in err and "Traceback" not in err


# --- pages ------------------------------------------------------------------------------------


def site_of(*entries: m.ProjectCycleEntry, project: m.Project | None = None) -> m.Site:
    cycles = (
        build(m.Cycle, name="liberty", start="2015-05-01", end="2015-10-15"),
        build(m.Cycle, name="mitaka", start="2015-10-16", end="2016-04-07"),
    )
    projects = (project or build(m.Project, key="glance", title="Glance"),)
    return m.Site(cycles, projects, entries, (), ())


def entry(cycle: str, **data: Any) -> m.ProjectCycleEntry:
    return m.ProjectCycleEntry(cycle=cycle, project="glance", data=build(m.ProjectCycle, **data))


RELEASED = [
    {
        "id": "glance",
        "type": "service",
        "model": "cycle-with-rc",
        "versions": ["11.0.0.0rc1", "11.0.0", "11.0.1"],
        "final": "11.0.0",
        "branch": "stable/liberty",
        "lifecycle": ["liberty-eol"],
    },
    {"id": "python-glanceclient", "type": "client-library", "versions": ["1.1.0"], "final": "1.1.0"},
]


def test_the_project_page_and_the_overview_show_what_was_released() -> None:
    site = site_of(entry("liberty", ptl="Flavio Percoco", released=RELEASED))
    pages = {k: v.replace("\\", "") for k, v in render_cycle(site, site.cycle("liberty"), None).items()}
    page = pages["projects/glance/index.md"]
    assert '<span class="cr-cell-label" aria-hidden="true">Type:</span> service' in page  # a phone's card
    page = HIDDEN.sub("", page)
    assert "## Released" in page
    assert (
        "| glance | service | cycle-with-rc | 11.0.0 | 11.0.0.0rc1, 11.0.0, 11.0.1 | stable/liberty (liberty-eol) |"
        in page
    )
    assert "- **Released:** 2 deliverables, 4 releases\n" in page
    assert "Released 2 deliverables" in pages["index.md"]


def test_the_history_charts_deliverables_and_releases_per_cycle() -> None:
    site = site_of(entry("liberty", ptl="A B", released=RELEASED), entry("mitaka", ptl="A B", released=RELEASED[:1]))
    page = render_project(site, "glance", None)["index.md"]
    assert 'id="glance-released-chart"' in page
    assert "| Liberty | 2 | 4 |" in page and "| Mitaka | 1 | 3 |" in page


def test_leadership_is_said_as_it_was() -> None:
    co = entry(
        "liberty", leadership={"kind": "co-ptl", "leaders": [{"name": "Dirk Müller"}, {"name": "Haïkel Guémar"}]}
    )
    vacant = entry("mitaka", leadership={"kind": "vacant", "note": "Governance named no PTL for this cycle."})
    site = site_of(co, vacant)
    liberty = render_cycle(site, site.cycle("liberty"), None)["projects/glance/index.md"]
    assert "- **PTLs:** Dirk Müller and Haïkel Guémar (co-PTLs)\n" in liberty
    mitaka = render_cycle(site, site.cycle("mitaka"), None)["projects/glance/index.md"]
    assert "- **PTL:** None: the seat was vacant. Governance named no PTL for this cycle." in mitaka
    assert "APPOINTMENT" not in mitaka
    history = render_project(site, "glance", None)["index.md"]
    assert "Dirk Müller and Haïkel Guémar (co-PTLs)" in history and "no PTL (seat vacant)" in history


def test_a_mid_cycle_change_names_both_and_an_unknown_ptl_is_said_once_without_a_command() -> None:
    mid = entry(
        "liberty",
        ptl="Eyal Bar-Ilan",
        leadership={"leaders": [{"name": "Ifat Afek"}, {"name": "Eyal Bar-Ilan", "since": "2015-07-01"}]},
    )
    site = site_of(mid, entry("mitaka", summary="x"))
    liberty = render_cycle(site, site.cycle("liberty"), None)["projects/glance/index.md"].replace("\\", "")
    assert "- **PTL:** Ifat Afek, then Eyal Bar-Ilan from 1 July 2015" in liberty
    mitaka = render_cycle(site, site.cycle("mitaka"), None)["projects/glance/index.md"]
    # The reader learns the PTL is not known; how to fill it is the draft's business, not the page's.
    assert "- **PTL:** Not recorded\n" in mitaka and "authored.yaml" not in mitaka and "cycle-reports" not in mitaka


def test_a_retired_team_history_says_when_why_and_what_replaced_it() -> None:
    loci = build(
        m.Project,
        key="glance",
        title="LOCI",
        retired="2020-04-21",
        retired_reason="Fold LOCI into OpenStack-Helm",
        replaced_by="helm",
        former_keys=["loci-old"],
    )
    helm = m.ProjectCycleEntry(cycle="liberty", project="helm", data=build(m.ProjectCycle, ptl="X Y"))
    site = site_of(entry("liberty", ptl="Sam Yaple"), helm, project=loci)
    site = m.Site(
        site.cycles, (*site.projects, build(m.Project, key="helm", title="OpenStack-Helm")), site.entries, (), ()
    )
    page = render_project(site, "glance", None)["index.md"].replace("\\", "")
    assert "It left governance on 21 April 2020: *Fold LOCI into OpenStack-Helm*." in page
    assert '<a href="../helm/">OpenStack-Helm</a>' in page
    assert "Also known in governance as loci-old." in page
    # A retired team is not listed as "no report yet" in the cycles after it left.
    later = m.Site(
        (*site.cycles, build(m.Cycle, name="newton", start="2020-05-01", end="2020-10-01")),
        site.projects,
        site.entries,
        (),
        (),
    )
    assert "LOCI (last reported" not in render_cycle(later, later.cycle("newton"), None)["index.md"]


def test_the_near_duplicate_hint_shows_the_ptls_and_commoner_spelling_not_the_first_by_sort() -> None:
    """'Ann Abott' sorts last (the old tie-break's pick), but governance gave 'Ann Abbott' as the PTL twice."""
    from generator.data.identity import check_near_duplicates
    from tests.test_render_reader import entry, make_site

    base = make_site()
    entries = (
        entry("mitaka", ptl="Ann Abbott"),
        entry("newton", ptl="Ann Abbott", roster={"group": "g", "end": ["Ann Abott"]}),
    )
    site = dataclasses.replace(base, entries=entries)
    hints = [p.hint for p in check_near_duplicates(site, People())]
    assert any("- name: Ann Abbott\n          aliases: [Ann Abott]" in h for h in hints), hints


def test_the_release_day_is_the_service_s_whatever_order_the_list_has() -> None:
    """A PTL's own `released:` list may put a library first: the day and version said are the service's."""
    lib = m.Deliverable(id="glance-store", type="library", final="0.13.0", dates={"0.13.0": dt.date(2016, 3, 1)})
    service = m.Deliverable(id="glance", type="service", final="12.0.0", dates={"12.0.0": dt.date(2016, 4, 7)})
    data = m.ProjectCycle(released=[lib, service])
    assert data.main_deliverable is service and data.release_day == dt.date(2016, 4, 7)
    assert m.ProjectCycle(released=[lib]).release_day == dt.date(2016, 3, 1)  # no service: the first listed
    assert m.ProjectCycle().main_deliverable is None and m.ProjectCycle().release_day is None
