"""The whole OpenStack history from the real checkouts: the governance bundle cloned into a temporary
folder, releases and election read in place. Every team that ever existed, its leadership in each
cycle it existed in, what it released, and the election results checked against governance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from gather_support import LATER

from generator.data.people import People, is_placeholder
from generator.data.spelling import degraded
from generator.gather.calendar import build_series, load_yaml
from generator.gather.context import GatherOptions
from generator.gather.lineage import Governance, effective_day, fetch_governance
from generator.gather.names import team_key, team_title
from generator.gather.pipeline import run_gather
from generator.gather.releases import build_deliverable
from generator.gather.succession import build_seat

REPO = Path(__file__).resolve().parents[2]
PLACEHOLDERS = ("APPOINTMENT NEEDED", "leaderless")


@pytest.fixture(scope="module")
def series(fixtures: Path) -> list[Any]:
    return build_series(load_yaml((fixtures / "openstack-releases/data/series_status.yaml").read_text()))


@pytest.fixture(scope="module")
def governance(governance_clone: Path, series: list[Any]) -> Governance:
    return fetch_governance(governance_clone, series, People())


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory, fixtures: Path, governance_clone: Path) -> Path:
    """One gather of every team and cycle from the three checkouts, as the history recipe runs it."""
    root = tmp_path_factory.mktemp("history") / "project"
    (root / "data").mkdir(parents=True)
    options = GatherOptions(
        root=root,
        sources=("releases", "governance", "election"),
        all_projects=True,
        all_cycles=True,
        locations={
            "releases": str(fixtures / "openstack-releases"),
            "governance": str(governance_clone),
            "election": str(fixtures / "openstack-election"),
        },
        now=LATER,
        progress=False,
    )
    report = run_gather(options)
    assert report.sent == 0
    return root


def gathered(root: Path, cycle: str, project: str) -> dict[str, Any]:
    path = root / "data" / cycle / project / "gathered.yaml"
    return yaml.safe_load(path.read_text()) if path.is_file() else {}


def every_file(root: Path) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (p.parent.parent.name, p.parent.name, yaml.safe_load(p.read_text()))
        for p in sorted((root / "data").glob("*/*/gathered.yaml"))
    ]


# --- the lineage: renames, merges, retirements ----------------------------------------------------


def test_every_team_governance_ever_listed_is_known_under_todays_key(governance: Governance) -> None:
    teams = governance.teams
    assert len(teams) >= 78
    assert governance.starts is not None and governance.starts.date() == dt.date(2013, 9, 26)
    # Renames keep one team under today's key.
    assert governance.aliases["smaug"] == "karbor"
    assert governance.aliases["chefopenstack"] == "openstack-chef"
    assert governance.aliases["ceilometer"] == "telemetry"
    assert governance.aliases["savanna"] == "sahara"  # the repositories were renamed too
    assert "smaug" not in teams and "marconi" not in teams
    # Merges name the team that took the work over.
    assert (teams["loci"].ended, teams["loci"].replaced_by) == ("merged", "openstack-helm")
    assert (teams["placement"].ended, teams["placement"].replaced_by) == ("merged", "nova")
    assert (teams["openstackclient"].ended, teams["openstackclient"].replaced_by) == ("merged", "openstacksdk")
    # Retirements carry legacy.yaml's date and the removing commit's subject.
    congress = teams["congress"]
    assert congress.ended == "retired" and congress.retired_on == dt.date(2020, 5, 18)
    assert "Remove congress project team" in congress.reason
    assert teams["nova"].ended == "" and teams["nova"].last_seen is None


def test_governance_ties_spellings_of_one_person_and_nobody_else(governance: Governance) -> None:
    """Case, accents, a corrected letter and a shared IRC nick make one person; placeholder nicks
    ("No nick supplied", 268 times in the history) never do."""
    people = governance.people
    assert people.same("Sean Mcginnis", "Sean McGinnis")
    assert people.same("Dirk Mueller", "Dirk Müller")
    assert people.same("Wu Chunyang", "chunyang wu")  # word order swapped, same nick
    assert people.same("Hao Wang", "Wang Hao")
    groups: dict[str, set[str]] = {}
    for team in governance.teams.values():
        for change in team.changes:
            for name in change.seat.names:
                groups.setdefault(people.identity(name), set()).add(name)
    assert max(len(v) for v in groups.values()) <= 3  # no placeholder nick merged a crowd
    assert not people.same("Luka Peschke", "Juan Larriba")  # both once had "No nick supplied"


# --- seats, pure -----------------------------------------------------------------------------------


def test_a_placeholder_is_a_vacancy_and_a_pair_is_two_co_ptls() -> None:
    assert build_seat({"ptl": {"name": "APPOINTMENT NEEDED", "irc": "TBD"}}).kind == "vacant"
    assert build_seat({"ptl": {"name": "Luka Peschke", "irc": "No nick supplied"}}).ircs == ("",)
    assert build_seat({"ptl": "Nikhil Komawar (nikhil_k)"}).ircs == ("nikhil_k",)
    assert build_seat({"ptl": "leaderless"}).names == ()
    pair = build_seat({"ptl": "Dirk Mueller (dirk) and Haikel Guemar (number80)"})
    assert (pair.kind, pair.names) == ("co-ptl", ("Dirk Mueller", "Haikel Guemar"))
    assert build_seat({"leadership_type": "distributed", "ptl": {"name": "x"}}).kind == "distributed"
    assert build_seat({"ptl": {"name": "Jay Bryant"}, "appointed": ["stein"]}).appointed == {"stein"}


def test_a_change_takes_effect_by_when_it_was_recorded(series: list[Any]) -> None:
    by_name = {s.name: s for s in series}
    rocky = by_name["rocky"].start
    # Two weeks before Queens' release: the election for Rocky.
    assert effective_day(dt.date(2018, 2, 16), series) == rocky
    # In Rocky's first weeks: Rocky's election or appointment recorded late.
    assert effective_day(dt.date(2018, 3, 10), series) == rocky
    # Mid-cycle: from that day.
    assert effective_day(dt.date(2018, 6, 1), series) == dt.date(2018, 6, 1)
    # Mid-cycle but in a commit changing many teams: an election's results, from the cycle's start.
    assert effective_day(dt.date(2018, 6, 1), series, bulk=True) == rocky


# --- what the gather writes ------------------------------------------------------------------------


def test_no_placeholder_is_ever_published_as_a_person(everything: Path) -> None:
    for cycle, project, data in every_file(everything):
        names = [data.get("ptl") or ""]
        names += [x["name"] for x in (data.get("leadership") or {}).get("leaders", [])]
        handoff = data.get("handoff") or {}
        names += [handoff.get("outgoing") or "", handoff.get("incoming") or ""]
        assert not any(n in PLACEHOLDERS or (n and is_placeholder(n)) for n in names), (cycle, project, names)


def test_a_vacant_seat_says_so(everything: Path) -> None:
    kuryr = gathered(everything, "dalmatian", "kuryr")
    assert "ptl" not in kuryr
    assert kuryr["leadership"]["kind"] == "vacant"
    assert "APPOINTMENT NEEDED" in kuryr["leadership"]["note"]


def test_co_ptls_and_distributed_leadership_are_said_as_they_were(everything: Path) -> None:
    rpm = gathered(everything, "liberty", "packaging-rpm")["leadership"]
    assert rpm["kind"] == "co-ptl" and [x["name"] for x in rpm["leaders"]] == ["Dirk Müller", "Haïkel Guémar"]
    oslo = gathered(everything, "wallaby", "oslo")
    assert oslo["leadership"]["kind"] == "distributed" and "ptl" not in oslo


def test_a_mid_cycle_change_stays_in_its_cycle(everything: Path) -> None:
    train = gathered(everything, "train", "vitrage")
    assert train["ptl"] == "Eyal Bar-Ilan"
    assert train["leadership"]["leaders"] == [{"name": "Ifat Afek"}, {"name": "Eyal Bar-Ilan", "since": "2019-06-06"}]
    # The election-time change of Glance in February 2018 still leads Rocky, not Queens.
    assert gathered(everything, "queens", "glance")["ptl"] == "Brian Rosmaita"
    assert gathered(everything, "rocky", "glance")["ptl"] == "Erno Kuvaja"
    assert gathered(everything, "kilo", "glance")["ptl"] == "Nikhil Komawar"  # "Update PTLs" of all teams


def test_no_handoff_only_changes_the_spelling(everything: Path) -> None:
    people = People()
    handoffs = [(c, p, d["handoff"]) for c, p, d in every_file(everything) if d.get("handoff")]
    assert len(handoffs) > 200
    for cycle, project, h in handoffs:
        assert not people.same(h["outgoing"], h["incoming"]), (cycle, project, h)
    # A name corrected by a letter is one person, not a handoff.
    assert "handoff" not in gathered(everything, "icehouse", "keystone")
    # Dated only when the commit lies in the cycle; a late record keeps its date in the source.
    ends = {
        c["name"]: c["end"] for c in yaml.safe_load((everything / "data/cycles.gathered.yaml").read_text())["cycles"]
    }
    assert all(str(h["date"]) <= str(ends[c]) for c, _, h in handoffs if h.get("date"))
    assert sum(1 for *_, h in handoffs if h.get("date")) > 150


def test_the_whole_history_passes_check(everything: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every gathered file agrees with the others: PTLs, handoffs, dates, names (warnings allowed)."""
    from generator.cli import main

    shutil.copy(REPO / "mkdocs.yml", everything / "mkdocs.yml")
    shutil.copytree(REPO / "theme", everything / "theme", dirs_exist_ok=True)
    assert main(["-C", str(everything), "check"]) == 0
    err = capsys.readouterr().err
    assert "error" not in err
    # The pairs left for a person to settle in data/people.yaml: few, each with the entry to add.
    assert 1 <= err.count("look like one person") <= 6 and "aliases: [chen ke]" in err


def test_a_retired_team_has_pages_only_in_the_cycles_it_existed_in(everything: Path) -> None:
    congress = sorted(p.parent.parent.name for p in (everything / "data").glob("*/congress/gathered.yaml"))
    assert "ussuri" in congress and "kilo" in congress
    assert not any(gathered(everything, c, "congress") for c in ("victoria", "wallaby", "2025.1"))
    projects = {
        p["key"]: p for p in yaml.safe_load((everything / "data/projects.gathered.yaml").read_text())["projects"]
    }
    assert projects["congress"]["retired"] == "2020-05-18"
    assert projects["congress"]["retired_reason"] == "Remove congress project team"
    # What it was, as its last block in governance said: service, mission, repositories.
    assert projects["congress"]["service"] == "Governance service"
    assert projects["congress"]["mission"].startswith("To provide governance as a service")
    assert "openstack/python-congressclient" in projects["congress"]["repos"]
    # legacy.yaml says Infrastructure retired on 2018-08-29, but projects.yaml listed it (and the
    # election filled its seat) until 2020: the history wins over a date it contradicts.
    assert projects["infrastructure"]["retired"] == "2020-05-11"
    assert gathered(everything, "ussuri", "infrastructure")["ptl"] == "Clark Boylan"
    assert projects["monasca"]["retired"] == "2025-08-11"  # legacy's date, 112 days before the removal
    retired = [p for p in projects.values() if p.get("retired")]
    assert len(retired) > 30 and [p["key"] for p in retired if not p.get("mission")] == []
    assert projects["loci"]["replaced_by"] == "openstack-helm"
    assert "smaug" in projects["karbor"]["former_keys"]
    # Teams that exist only in older governance revisions are in the overview of their cycles.
    queens = {p.name for p in (everything / "data/queens").iterdir()}
    assert {"congress", "tricircle", "kuryr", "murano", "solum", "monasca"} <= queens
    # The last cycle of a retired team hands off to nobody.
    assert "handoff" not in gathered(everything, "ussuri", "congress")


def test_the_election_results_agree_with_governance_but_for_known_reasons(
    everything: Path, fixtures: Path, governance: Governance
) -> None:
    """Every elected (or TC-appointed) PTL in the results files against who governance says led."""
    people = governance.people  # knows the spellings governance itself corrected ("Maan" / "Mann")
    codenames = {"2025.1": "epoxy"}
    differences = []
    for results in sorted((fixtures / "openstack-election/doc/source/results").glob("*/ptl.yaml")):
        folder = results.parent.name
        cycle = codenames.get(folder, folder)
        data = yaml.safe_load(results.read_text())
        for team, candidates in (data.get("candidates") or {}).items():
            key = team_key(team)
            mine = gathered(everything, cycle, governance.aliases.get(key, key))
            leaders = [mine.get("ptl") or ""] + [x["name"] for x in (mine.get("leadership") or {}).get("leaders", [])]
            for c in candidates:
                if c.get("elected") in (False, None) or any(people.same(c["fullname"], n) for n in leaders):
                    continue
                differences.append((folder, team))
    reasons = {
        # Retired when the cycle they elected a PTL for began (legacy.yaml: 2016-10-06).
        ("ocata", "Astara"): "retired",
        ("ocata", "OpenStackSalt"): "retired",
        # Broken fullnames in Pike's results file: "Eric K", "Devdatta-kulkarni …", "Amrith Amrith".
        ("pike", "Congress"): "results",
        ("pike", "Solum"): "results",
        ("pike", "Trove"): "results",
    }
    assert sorted(differences) == sorted(reasons)


def test_what_each_team_released_comes_from_its_deliverable_files(everything: Path, fixtures: Path) -> None:
    released = {d["id"]: d for d in gathered(everything, "queens", "glance")["released"]}
    assert list(released) == ["glance", "glance-store", "python-glanceclient"]
    glance = released["glance"]
    assert (glance["type"], glance["model"], glance["final"], glance["branch"]) == (
        "service",
        "cycle-with-milestones",
        "16.0.0",
        "stable/queens",
    )
    assert glance["lifecycle"] == ["queens-em", "queens-eol"] and "queens-eol" not in glance["versions"]
    assert "date" not in str(glance)  # the files carry no dates, and none are made up
    client = released["python-glanceclient"]
    assert client["final"] == "2.9.1"  # the release the stable branch was cut from
    assert gathered(everything, "pike", "nova")["released"][0]["final"] == "16.0.0"


def test_a_team_is_titled_as_its_own_governance_block_spells_it(everything: Path) -> None:
    """A lower-case governance key takes the capitals its block gives it, never .title()'s."""
    projects = yaml.safe_load((everything / "data/projects.gathered.yaml").read_text())["projects"]
    titles = {p["key"]: p["title"] for p in projects}
    assert titles["cloudkitty"] == "CloudKitty" and titles["tripleo"] == "TripleO"  # today's teams
    assert titles["ec2-api"] == "EC2 API"  # a retired one, from its last block
    assert titles["openstackansible"] == "OpenStackAnsible" and titles["i18n"] == "I18n"  # as written
    assert not [t for t in titles.values() if "-" in t and t == t.title() and t != t.capitalize()]  # no 'Ec2-Api'
    assert team_title("zun", "To provide an OpenStack containers service") == "Zun"  # nothing to copy: one capital


def test_a_deliverable_without_a_stable_branch_gives_its_newest_release() -> None:
    releases = [{"version": v} for v in ("1.0.0", "1.1.0", "1.2.0b1")]  # a library: no stable branch
    found = build_deliverable("x", {"releases": releases}, None)
    assert (found.final, found.branch, found.versions) == ("1.1.0", "", ["1.0.0", "1.1.0", "1.2.0b1"])
    # a branch point that is not among the versions (a typo, another series) is no anchor either
    found = build_deliverable("x", {"releases": releases, "branches": [{"name": "stable/x", "location": "9.9"}]}, None)
    assert found.final == "1.1.0"


def test_without_history_a_past_ptl_is_said_to_be_unknown_with_how_to_learn_it(tmp_path: Path, fixtures: Path) -> None:
    """Governance read from a folder that is not a git checkout cannot know a past cycle's PTL."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    options = GatherOptions(
        root=root,
        sources=("governance",),
        projects=("glance",),
        cycles=("queens",),
        locations={
            "releases": str(fixtures / "openstack-releases"),
            "governance": str(fixtures / "openstack-governance"),
        },
        now=LATER,
        progress=False,
    )
    report = run_gather(options)
    assert any("no PTL for past cycles" in w and "git clone" in w for w in report.warnings)
    assert "ptl" not in gathered(root, "queens", "glance")


def test_no_page_of_the_whole_history_has_a_table_or_chart_of_dashes(everything: Path) -> None:
    """Every page of every version and history site rendered from the gathered history: no row,
    column or chart made only of dashes, and no "0" for what no source recorded."""
    from generator.load.site import load_site
    from generator.render.cycle import render_cycle
    from generator.render.history import projects_with_history, render_project
    from tests.empty_cells import findings

    loaded = load_site(everything, save_cache=False)
    assert loaded.site is not None
    site = loaded.site
    pages: dict[str, str] = {}
    for cycle in site.cycles:
        pages |= {f"{cycle.name}/{p}": t for p, t in render_cycle(site, cycle, REPO / "theme").items()}
    for key in projects_with_history(site):
        pages |= {f"history/{key}/{p}": t for p, t in render_project(site, key, REPO / "theme").items()}
    assert len(pages) > 3000
    assert findings(pages) == []
    # Gathered history records no review day, core-team figure or priority: said once, never as 0.
    glance = pages["history/glance/index.md"]
    assert "## Review days" not in glance and "| 0 |" not in glance
    assert "*Not recorded for any cycle on record: core-team figures; review days.*" in glance
    assert "| Queens | 4 |" in glance  # the features some cycles' highlights do record
    assert "Priorities done" not in pages["history/glance/rocky.md"]


# --- one spelling per person ----------------------------------------------------------------------


def shown_names(data: dict[str, Any]) -> list[str]:
    """Every person's name a gathered file shows: PTL, leaders, handoff, candidacies, their links."""
    names = [data.get("ptl") or ""]
    names += [x["name"] for x in (data.get("leadership") or {}).get("leaders", [])]
    handoff = data.get("handoff") or {}
    for side in ("outgoing", "incoming"):
        names += (handoff.get(side) or "").split(" and ")
    names += [c["name"] for c in data.get("candidacies", [])]
    names += [x["title"].removeprefix("PTL candidacy: ") for x in data.get("links", []) if ": " in x["title"]]
    return [n for n in names if n and n != "PTL election results"]


def test_no_person_shows_under_two_spellings_nor_a_degraded_one(everything: Path, governance: Governance) -> None:
    """Across every team and cycle: one spelling per person, and never one that lost the capitals,
    accents or punctuation some governance revision wrote ("wu chunyang" of "Wu Chunyang")."""
    people = governance.people
    spellings: dict[str, set[str]] = {}
    for _, _, data in every_file(everything):
        for name in shown_names(data):
            spellings.setdefault(people.identity(name), set()).add(name)
    assert len(spellings) > 300
    assert [s for s in spellings.values() if len(s) > 1] == []
    shown = [n for (n,) in spellings.values()]
    assert [(n, s) for n in shown for s in people.spellings(n) if degraded(n, s)] == []
    # Names no source ever capitalised stay as written (and check notes them; see test_spelling).
    lower = sorted(n for n in shown if n == n.lower())
    assert "cai hui" in lower and "wu chunyang" not in lower and len(lower) <= 12


@pytest.mark.parametrize(
    ("project", "full", "lost"),
    [
        ("trove", "Wu Chunyang", "wu chunyang"),
        ("cyborg", "Alex Song", "alex song"),
        ("nova", "René Ribaud", "rene ribaud"),
        ("cinder", "Sean McGinnis", "Sean Mcginnis"),
    ],
)
def test_the_issues_examples_show_their_full_spelling_in_the_teams_history(
    everything: Path, project: str, full: str, lost: str
) -> None:
    from generator.load.site import load_site
    from generator.render.history import render_project

    site = load_site(everything, save_cache=False).site
    assert site is not None
    pages = render_project(site, project, REPO / "theme")
    text = "\n".join(pages.values())
    assert full in text
    assert lost not in text and lost.casefold() not in text.replace(full, "").casefold()


def test_a_retired_team_whose_last_block_does_not_parse_keeps_its_name_and_no_made_up_mission() -> None:
    from generator.gather.governance import build_gone_project
    from generator.gather.lineage import TeamHistory

    broken = TeamHistory(
        "zombie", names=["zombie"], title="Zombie", ended="retired", last_block="zombie:\n  mission: [unclosed\n"
    )
    project = build_gone_project(broken, "openstack/governance")
    assert (project.title, project.mission, project.service, project.repos) == ("Zombie", "", "", [])
    ok = dataclasses.replace(broken, last_block="zombie:\n  service: Undead service\n  mission: >\n    To rise.\n")
    assert (build_gone_project(ok, "openstack/governance").service, build_gone_project(ok, "").mission) == (
        "Undead service",
        "To rise.",
    )
