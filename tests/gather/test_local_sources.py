"""releases, governance and election read in place from the shared fixtures as local checkouts."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.gather import releases
from generator.gather.calendar import load_yaml
from generator.gather.election import best_name, build_team_election, name_from_file, signature
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
    assert handoff == {"outgoing": "Brian Rosmaita", "incoming": "Erno Kuvaja", "date": handoff["date"]}
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
    assert name_from_file("flavio_percoco.txt") == "Flavio Percoco"
    assert not EMAIL.search(name_from_file("akekane@redhat.com"))
    text = (fixtures / "openstack-election/candidates/2025.2/Glance/cyril@redhat.com").read_text()
    assert signature(text) == "Cyril Roelandt"
    assert best_name("", "Stuart", "Stuart McLaren") == "Stuart McLaren"


def test_results_mark_the_elected_candidate_and_address_files_link_to_their_folder(fixtures: Path) -> None:
    results = load_yaml((fixtures / "openstack-election/doc/source/results/ussuri/ptl.yaml").read_text())
    election = build_team_election("ussuri", "Glance", {"akekane@redhat.com": ""}, results, None)
    assert [(c.name, c.elected) for c in election.candidacies] == [("Abhishek Kekane", True)]


def test_highlights_are_collected_across_all_of_a_teams_deliverables(fixtures: Path) -> None:
    from generator import model as m
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
    from generator import model as m
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
