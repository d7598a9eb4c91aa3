"""releases, governance and election read in place from the shared fixtures as local checkouts."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
import yaml
from gather_support import LATER

from generator.cli import main
from generator.data import model as m
from generator.gather import releases
from generator.gather.calendar import Series, load_yaml
from generator.gather.election import best_name, build_contribution, build_team_election, name_from_file, signature
from generator.gather.location import RemoteRepo
from generator.gather.names import EMAIL, team_key
from generator.gather.teams import build_teams

ACCEPTANCE_SOURCES = ("releases", "governance", "election")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def acceptance(root: Path, fixtures: Path, governance: Path | None = None) -> list[str]:
    return [
        "-C",
        str(root),
        "gather",
        *ACCEPTANCE_SOURCES,
        "--from",
        f"releases={fixtures / 'openstack-releases'}",
        "--from",
        f"governance={governance or fixtures / 'openstack-governance'}",
        "--from",
        f"election={fixtures / 'openstack-election'}",
        "--project",
        "glance",
        "--all-cycles",
        "--quiet",
    ]


def read(path: Path) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def test_acceptance_fills_calendar_highlights_and_ptls_with_no_network(
    project: Path, fixtures: Path, no_network: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(acceptance(project, fixtures)) == 0
    data = project / "data"
    cycles = {c["name"]: c for c in read(data / "cycles.gathered.yaml")["cycles"]}
    assert cycles["caracal"]["release_id"] == "2024.1"
    assert str(cycles["caracal"]["start"]) == "2023-10-05" and str(cycles["caracal"]["end"]) == "2024-04-03"
    assert any(m["name"] == "c-nova-review-day" and m["kind"] == "review-day" for m in cycles["caracal"]["milestones"])
    with_highlights = {p.parent.parent.name for p in data.glob("*/glance/gathered.yaml") if read(p).get("features")}
    assert with_highlights == {"queens", "rocky", "train", "ussuri", "antelope", "caracal"}  # none in Stein
    ptl = {p.parent.parent.name: read(p).get("ptl") for p in data.glob("*/glance/gathered.yaml")}
    assert {k: v for k, v in ptl.items() if v} == {
        "ocata": "Brian Rosmaita",
        "pike": "Brian Rosmaita",
        "train": "Erno Kuvaja",
        "ussuri": "Abhishek Kekane",
        "epoxy": "Pranali Deore",
        "flamingo": "Cyril Roelandt",
        "hibiscus": "Cyril Roelandt",
    }
    assert "no HTTP" in capsys.readouterr().out


def test_gathered_features_carry_id_source_and_markdown(project: Path, fixtures: Path) -> None:
    assert main(acceptance(project, fixtures)) == 0
    queens = read(project / "data/queens/glance/gathered.yaml")
    first = queens["features"][0]
    assert first["id"] == "hl-glance-introduced-the-image-api-v2-6-including"
    assert first["title"] == "Introduced the Image API v2.6, including interoperable image import"
    assert first["source"]["repo"] == "openstack/releases"
    assert first["source"]["path"] == "deliverables/queens/glance.yaml" and first["source"]["as_of"]


def test_gathered_output_contains_no_email_address(project: Path, fixtures: Path) -> None:
    """Governance and election files are full of addresses; none may reach data/."""
    assert main(acceptance(project, fixtures)) == 0
    for path in (project / "data").rglob("*.yaml"):
        text = path.read_text()
        assert not EMAIL.search(text), path
        assert "@" not in text.replace("@ ", ""), path


def test_regathering_never_changes_authored_files_and_is_byte_identical(project: Path, fixtures: Path) -> None:
    authored = project / "data/queens/glance/authored.yaml"
    authored.parent.mkdir(parents=True)
    authored.write_text(
        "summary: |\n  Written by the PTL.\nfeatures:\n"
        "  - id: hl-glance-added-a-new-import-method-web-download\n    hidden: true\n"
    )
    calendar = project / "data/cycles.yaml"
    calendar.write_text("cycles:\n  - name: queens\n    title: Queens (edited)\n")
    prose = project / "content/cycles/queens/projects/glance/retrospective.md"
    prose.parent.mkdir(parents=True)
    prose.write_text("# Queens\n\nMy words.\n")
    before = {p: p.read_bytes() for p in (authored, calendar, prose)}
    assert main(acceptance(project, fixtures)) == 0
    gathered = {p: p.read_bytes() for p in (project / "data").rglob("gathered.yaml")}
    assert main(acceptance(project, fixtures)) == 0
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.read_bytes() for p in (project / "data").rglob("gathered.yaml")} == gathered


def test_ptl_per_cycle_follows_first_parent_history_of_governance(
    project: Path, fixtures: Path, governance_history: Path
) -> None:
    """A PTL change on day D applies to the first cycle starting after D - 30 days."""
    assert (
        main(
            [
                "-C",
                str(project),
                "gather",
                "governance",
                "--from",
                f"releases={fixtures / 'openstack-releases'}",
                "--from",
                f"governance={governance_history}",
                "--project",
                "glance",
                "--all-cycles",
                "-q",
            ]
        )
        == 0
    )
    ptl = {p.parent.parent.name: read(p).get("ptl") for p in (project / "data").glob("*/glance/gathered.yaml")}
    assert ptl == {
        "liberty": "Nikhil Komawar",
        "mitaka": "Nikhil Komawar",
        "newton": "Nikhil Komawar",
        "ocata": "Brian Rosmaita",
        "pike": "Brian Rosmaita",
        "queens": "Brian Rosmaita",
        "rocky": "Erno Kuvaja",
        "stein": "Erno Kuvaja",
        "train": "Erno Kuvaja",
        "ussuri": "Abhishek Kekane",
    }
    handoff = read(project / "data/queens/glance/gathered.yaml")["handoff"]
    assert handoff == {
        "outgoing": "Brian Rosmaita",
        "incoming": "Erno Kuvaja",
        "date": handoff["date"],
        "source": handoff["source"],  # the commit that named the incoming PTL: see below
    }
    assert str(handoff["date"]) == "2018-02-16"
    head = subprocess.run(
        ["git", "-C", str(governance_history), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    glance = read(project / "data/projects.gathered.yaml")["projects"][0]
    assert glance["key"] == "glance" and glance["service"] == "Image service"
    assert glance["source"]["commit"] == head and glance["source"]["path"] == "reference/projects.yaml"


def test_governance_reads_the_2015_string_ptl_and_the_mapping_ptl(fixtures: Path) -> None:
    history = fixtures / "openstack-governance" / "history"
    old = build_teams(load_yaml((history / "919984895c46-2015-05-26/reference/projects.yaml").read_text()))
    new = build_teams(load_yaml((fixtures / "openstack-governance/reference/projects.yaml").read_text()))
    assert old["glance"].name == "Glance" and old["glance"].ptl == "Nikhil Komawar"
    assert new["glance"].ptl == "Cyril Roelandt" and "openstack/glance_store" in new["glance"].repos
    assert not EMAIL.search(repr(new))


def test_election_team_folders_map_to_governance_keys() -> None:
    for folder, governance in (
        ("Quality_Assurance", "Quality Assurance"),
        ("OpenStack_Helm", "OpenStack-Helm"),
        ("Glance", "glance"),
        ("Puppet_OpenStack", "Puppet OpenStack"),
    ):
        assert team_key(folder) == team_key(governance)


def test_candidacy_names_in_both_file_name_eras(fixtures: Path) -> None:
    assert name_from_file("Nikhil_Komawar.txt") == "Nikhil Komawar"
    assert name_from_file("flavio_percoco.txt") == "flavio percoco"  # no capital made up
    assert not EMAIL.search(name_from_file("akekane@redhat.com"))
    text = (fixtures / "openstack-election/candidates/2025.2/Glance/cyril@redhat.com").read_text()
    assert signature(text) == "Cyril Roelandt"
    assert best_name("", "Stuart", "Stuart McLaren") == "Stuart McLaren"


def test_results_mark_the_elected_candidate_and_address_files_link_to_their_folder(fixtures: Path) -> None:
    results = load_yaml((fixtures / "openstack-election/doc/source/results/ussuri/ptl.yaml").read_text())
    election = build_team_election("ussuri", "Glance", {"akekane@redhat.com": ""}, results, None)
    assert [(c.name, c.elected) for c in election.candidacies] == [("Abhishek Kekane", True)]


def test_highlights_are_collected_across_all_of_a_teams_deliverables(fixtures: Path) -> None:
    from generator.data import model as m
    from generator.gather.location import Fetched

    folder = fixtures / "openstack-releases/deliverables/queens"
    store = Fetched(
        "deliverables/queens/glance-store.yaml",
        (folder / "glance-store.yaml").read_text() + "cycle-highlights:\n  - Store `docs <https://x.org/a>`_\n",
        m.Source(repo="openstack/releases", path="deliverables/queens/glance-store.yaml"),
    )
    service = Fetched(
        "deliverables/queens/glance.yaml",
        (folder / "glance.yaml").read_text(),
        m.Source(repo="openstack/releases", path="deliverables/queens/glance.yaml"),
    )
    found = [h for h in (releases.build_highlights(store), releases.build_highlights(service)) if h]
    features = releases.build_features(found)
    assert [f.id.split("-")[1] for f in features] == ["glance"] * 4 + ["glance"]
    assert features[-1].id == "hl-glance-store-store-docs" and features[-1].title == "Store [docs](https://x.org/a)"


def test_nova_block_scalar_highlights_keep_their_links_as_markdown(fixtures: Path) -> None:
    from generator.data import model as m
    from generator.gather.location import Fetched

    nova = Fetched(
        "deliverables/antelope/nova.yaml",
        (fixtures / "openstack-releases/deliverables/antelope/nova.yaml").read_text(),
        m.Source(),
    )
    highlights = releases.build_highlights(nova)
    assert highlights is not None
    features = releases.build_features([highlights])
    assert features[0].title.startswith(
        "[PCI devices can now be scheduled](https://docs.openstack.org/nova/latest/admin/pci-passthrough.html"
    )
    assert "\n" not in features[0].title and len({f.id for f in features}) == len(features)


# --- where each PTL and candidacy was read ----------------------------------------------------


def test_every_gathered_ptl_names_the_file_it_was_read_from(project: Path, fixtures: Path) -> None:
    assert main(acceptance(project, fixtures)) == 0
    files = {p.parent.parent.name: read(p) for p in (project / "data").glob("*/glance/gathered.yaml")}
    for cycle, data in files.items():
        if data.get("ptl"):
            assert data["ptl_source"]["as_of"], cycle
    election = "openstack/election"
    assert files["ussuri"]["ptl_source"]["repo"] == election
    assert files["ussuri"]["ptl_source"]["path"] == "doc/source/results/ussuri/ptl.yaml"
    assert files["ocata"]["ptl_source"]["path"] == "doc/source/results/ocata/ptl.yaml"
    # Flamingo (2025.2): no results file, a sole candidacy named by an address: its folder.
    assert files["flamingo"]["ptl_source"] == {
        "repo": election,
        "path": "candidates/2025.2/Glance",
        "as_of": files["flamingo"]["ptl_source"]["as_of"],
    }
    folder = "https://opendev.org/openstack/election/src/branch/master/candidates/2025.2/Glance"
    assert m.Source(repo=election, path="candidates/2025.2/Glance").link == folder  # no commit outside git
    # Hibiscus, the cycle in development: today's governance file (no history without git).
    assert files["hibiscus"]["ptl_source"]["repo"] == "openstack/governance"
    assert files["hibiscus"]["ptl_source"]["path"] == "reference/projects.yaml"
    # Mitaka had two candidates and no results file: no PTL claimed, so no source either.
    assert "ptl" not in files["mitaka"] and "ptl_source" not in files["mitaka"]


def test_candidacies_are_listed_with_team_cycle_and_source_and_no_address(project: Path, fixtures: Path) -> None:
    assert main(acceptance(project, fixtures)) == 0
    mitaka = read(project / "data/mitaka/glance/gathered.yaml")
    assert [(c["id"], c["name"], c["cycle"], c["team"]) for c in mitaka["candidacies"]] == [
        ("nikhil-komawar", "Nikhil Komawar", "mitaka", "Glance"),
        # Named by a lower-case file and signed "Flavio" only: no capital is made up for the
        # surname (with governance's history at hand, its "Flavio Percoco" is shown instead).
        ("flavio-percoco", "flavio percoco", "mitaka", "Glance"),
    ]
    assert [c["source"]["path"] for c in mitaka["candidacies"]] == [
        "candidates/mitaka/Glance/Nikhil_Komawar.txt",
        "candidates/mitaka/Glance/flavio_percoco.txt",
    ]
    assert all("elected" not in c for c in mitaka["candidacies"])  # no results for Mitaka
    assert len(mitaka["links"]) == 2  # the links stay for the templates that use them
    # Ussuri: the file is named by an address; the name comes from the results, the source is the folder.
    ussuri = read(project / "data/ussuri/glance/gathered.yaml")["candidacies"]
    assert [(c["name"], c["elected"], c["source"]["path"]) for c in ussuri] == [
        ("Abhishek Kekane", True, "candidates/ussuri/Glance")
    ]
    # Epoxy (2025.1): a candidacy known from the results only points at the results file.
    epoxy = read(project / "data/epoxy/glance/gathered.yaml")["candidacies"]
    assert [(c["name"], c["cycle"], c["source"]["path"]) for c in epoxy] == [
        ("Pranali Deore", "2025.1", "doc/source/results/2025.1/ptl.yaml")
    ]


def test_a_candidacy_over_http_named_by_an_address_publishes_only_its_folder(fixtures: Path) -> None:
    base = "https://opendev.org/openstack/election/raw/branch/master/"
    file = "cyril@redhat.com"
    read_at = m.Source(url=f"{base}candidates/2025.2/Glance/cyril%40redhat.com", as_of=LATER)
    text = (fixtures / "openstack-election/candidates/2025.2/Glance" / file).read_text()
    election = build_team_election("2025.2", "Glance", {file: text}, {}, read_at, sources={file: read_at})
    where = RemoteRepo("election", "openstack/election", base, http=None)  # type: ignore[arg-type]
    contribution = build_contribution(Series("flamingo", "2025.2"), "glance", election, where)
    data = contribution.data
    folder = m.Source(url=f"{base}candidates/2025.2/Glance", as_of=LATER)
    assert data.ptl == "Cyril Roelandt" and data.ptl_source == folder
    assert data.candidacies == [
        m.Candidacy(id="cyril-roelandt", name="Cyril Roelandt", cycle="2025.2", team="Glance", source=folder)
    ]
    assert {"ptl", "ptl_source", "candidacies", "links"} == contribution.provides
    assert not EMAIL.search(repr(data)) and "@" not in repr(data)


def test_a_candidacy_named_only_by_its_address_is_not_listed(fixtures: Path) -> None:
    """No results, no signature: the only name is the address' local part, which is never published."""
    where = m.Source(repo="openstack/election", path="candidates/2025.2/Glance/jdoe@example.org")
    election = build_team_election(
        "2025.2", "Glance", {"jdoe@example.org": "I run.\n"}, {}, where, sources={"jdoe@example.org": where}
    )
    contribution = build_contribution(
        Series("flamingo", "2025.2"),
        "glance",
        election,
        RemoteRepo("election", "openstack/election", "https://x/", None),  # type: ignore[arg-type]
    )
    assert contribution.data.candidacies == []
    assert contribution.data.ptl is None and contribution.data.ptl_source is None
    assert "ptl" not in contribution.provides  # a PTL gathered by another source is kept
    assert [(link.title, link.url) for link in contribution.data.links] == [
        ("PTL candidacy", "https://x/candidates/2025.2/Glance")
    ]
    assert "jdoe" not in repr(contribution.data)


def test_governance_history_ptl_points_at_the_commit_that_named_them(
    project: Path, fixtures: Path, governance_history: Path
) -> None:
    argv = ["-C", str(project), "gather", "governance", "--project", "glance", "--all-cycles", "-q"]
    argv += ["--from", f"releases={fixtures / 'openstack-releases'}", "--from", f"governance={governance_history}"]
    assert main(argv) == 0
    log = subprocess.run(
        ["git", "-C", str(governance_history), "log", "--format=%H %s"], capture_output=True, text=True, check=True
    ).stdout
    commits = {subject: sha for sha, subject in (line.split(" ", 1) for line in log.splitlines())}
    rosmaita, kuvaja = commits["8a81d1850b39-2016-09-30"], commits["b570b77afc4e-2018-02-16"]
    queens = read(project / "data/queens/glance/gathered.yaml")
    assert queens["ptl"] == "Brian Rosmaita"
    assert queens["ptl_source"] == {
        "repo": "openstack/governance",
        "path": "reference/projects.yaml",
        "commit": rosmaita,
        "as_of": queens["ptl_source"]["as_of"],
    }
    assert str(queens["ptl_source"]["as_of"]).startswith("2016-09-30")
    assert queens["handoff"]["source"]["commit"] == kuvaja
    assert str(queens["handoff"]["source"]["as_of"]).startswith("2018-02-16")
    assert read(project / "data/ocata/glance/gathered.yaml")["ptl_source"]["commit"] == rosmaita
    assert read(project / "data/rocky/glance/gathered.yaml")["ptl_source"]["commit"] == kuvaja
    link = m.Source(repo="openstack/governance", path="reference/projects.yaml", commit=rosmaita).link
    assert link == f"https://opendev.org/openstack/governance/src/commit/{rosmaita}/reference/projects.yaml"
