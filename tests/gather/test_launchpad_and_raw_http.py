"""Launchpad pages and raw release files over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from gather_fakes import FakeLaunchpad, blueprint
from gather_support import make_options
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.errors import UserError
from generator.gather.pipeline import run_gather


@pytest.fixture
def launchpad(httpserver: HTTPServer) -> FakeLaunchpad:
    url = httpserver.url_for
    entries = [
        blueprint(url, "image-encryption", "Implemented"),
        blueprint(url, "new-location-apis", "Implemented"),
        blueprint(url, "centralized-cache-db", "Good progress"),
        blueprint(url, "cache-api-cli", "Deferred"),
        blueprint(url, "old-idea", "Not started", definition="Obsolete"),
        blueprint(url, "how-we-work", "Informational"),
        blueprint(url, "proposed-only", "Not started", has_accepted_goal=False),
    ]
    fake = FakeLaunchpad(url, {"glance/caracal/all_specifications": entries})
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(fake)
    return fake


def gathered(project: Path, cycle: str = "caracal") -> dict[str, Any]:
    data = yaml.safe_load((project / "data" / cycle / "glance" / "gathered.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_blueprints_follow_next_collection_link_and_map_to_features_and_candidates(
    launchpad: FakeLaunchpad, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    run_gather(make_options(project, fixtures, "launchpad", locations={"launchpad": httpserver.url_for("/")}))
    starts = [r.args.get("ws.start", "0") for r, _ in httpserver.log]
    assert starts == ["0", "2", "4", "6"]  # four pages of two, linked by next_collection_link
    data = gathered(project)
    assert [f["id"] for f in data["features"]] == ["bp-image-encryption", "bp-new-location-apis"]
    assert data["features"][0]["links"] == [
        {"title": "Blueprint", "url": "https://blueprints.launchpad.net/glance/+spec/image-encryption"}
    ]
    outcomes = {p["id"]: (p["outcome"], p["planned"]) for p in data["priorities"]}
    assert outcomes == {
        "bp-cache-api-cli": ("missed", False),
        "bp-centralized-cache-db": ("partial", False),
        "bp-old-idea": ("dropped", False),
    }


def test_a_second_gather_of_launchpad_makes_zero_requests(
    launchpad: FakeLaunchpad, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    options = make_options(project, fixtures, "launchpad", locations={"launchpad": httpserver.url_for("/")})
    run_gather(options)
    sent = len(httpserver.log)
    assert run_gather(options).sent == 0 and len(httpserver.log) == sent


def test_a_series_launchpad_does_not_know_is_skipped_without_failing(
    launchpad: FakeLaunchpad, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    report = run_gather(
        make_options(
            project, fixtures, "launchpad", cycles=("bobcat",), locations={"launchpad": httpserver.url_for("/")}
        )
    )
    assert not (project / "data/bobcat").exists()
    assert report.warnings == ["no source had anything for project 'glance' in the selected cycles"]


def test_next_collection_link_to_another_host_is_refused(
    launchpad: FakeLaunchpad, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    launchpad.url_for = lambda path: f"http://elsewhere.invalid{path}"
    with pytest.raises(UserError, match="refusing to follow next_collection_link to another host"):
        run_gather(make_options(project, fixtures, "launchpad", locations={"launchpad": httpserver.url_for("/")}))


def serve_folder(httpserver: HTTPServer, prefix: str, folder: Path) -> None:
    """Raw files of a repository under `prefix`, as opendev.org's /raw/branch/master/ serves them."""

    def handler(request: Request) -> Response:
        relative = request.path.removeprefix(prefix)
        path = (folder / relative).resolve()
        if not path.is_file() or folder.resolve() not in path.parents:
            return Response("Not found", status=404)
        return Response(path.read_bytes(), content_type="text/plain; charset=utf-8")

    httpserver.expect_request(re.compile(f"^{re.escape(prefix)}.*")).respond_with_handler(handler)


def test_releases_over_http_reads_raw_files_and_the_second_run_sends_nothing(
    httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    releases = "/openstack/releases/raw/branch/master/"
    governance = "/openstack/governance/raw/branch/master/"
    serve_folder(httpserver, releases, fixtures / "openstack-releases")
    serve_folder(httpserver, governance, fixtures / "openstack-governance")
    options = make_options(
        project,
        fixtures,
        "releases",
        cycles=("queens", "stein"),
        locations={"releases": httpserver.url_for(releases), "governance": httpserver.url_for(governance)},
    )
    run_gather(options)
    queens = gathered(project, "queens")
    assert len(queens["features"]) == 4
    assert queens["features"][0]["source"]["url"] == httpserver.url_for(releases + "deliverables/queens/glance.yaml")
    stein = gathered(project, "stein")  # no Stein highlights, but what Glance released in Stein
    assert stein.get("features", []) == []
    assert [d["id"] for d in stein["released"]] == ["glance"]
    assert stein["released"][0]["final"] == "18.0.0"
    paths = {r.path for r, _ in httpserver.log}
    assert releases + "deliverables/queens/python-glanceclient.yaml" in paths  # every deliverable of the team
    sent = len(httpserver.log)
    assert run_gather(options).sent == 0 and len(httpserver.log) == sent  # 404s are cached too


def serve_gitea(httpserver: HTTPServer, org_repo: str, folder: Path) -> str:
    """opendev.org's shape for one repository: raw files, the contents listing and the git tree API."""
    raw = f"/{org_repo}/raw/branch/master/"
    serve_folder(httpserver, raw, folder)

    def contents(request: Request) -> Response:
        target = folder / request.path.split("/contents/", 1)[1]
        if not target.is_dir():
            return Response("[]", status=404)
        listing = [{"name": p.name, "type": "dir" if p.is_dir() else "file"} for p in sorted(target.iterdir())]
        return Response(json.dumps(listing), content_type="application/json")

    def tree(request: Request) -> Response:
        paths = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*")) if p.is_file()]
        body = {"tree": [{"path": p, "type": "blob"} for p in paths], "truncated": False}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request(re.compile(f"^/api/v1/repos/{org_repo}/contents/.*")).respond_with_handler(contents)
    httpserver.expect_request(f"/api/v1/repos/{org_repo}/git/trees/master").respond_with_handler(tree)
    return httpserver.url_for(raw)


def test_election_and_specs_over_http_list_folders_through_the_gitea_api(
    httpserver: HTTPServer, project: Path, fixtures: Path, tmp_path: Path
) -> None:
    specs = tmp_path / "glance-specs"
    (specs / "specs/rocky/implemented/glance").mkdir(parents=True)
    (specs / "specs/rocky/implemented/glance/multihash.rst").write_text("spec\n")
    (specs / "priorities").mkdir()
    (specs / "priorities/queens-priorities.rst").write_bytes(
        (fixtures / "glance-specs/priorities/queens-priorities.rst").read_bytes()
    )
    locations = {
        "election": serve_gitea(httpserver, "openstack/election", fixtures / "openstack-election"),
        "specs": serve_gitea(httpserver, "openstack/glance-specs", specs),
    }
    run_gather(make_options(project, fixtures, "election", "specs", cycles=("ussuri", "queens"), locations=locations))
    ussuri = gathered(project, "ussuri")
    assert ussuri["ptl"] == "Abhishek Kekane"
    folder = httpserver.url_for("/openstack/election/raw/branch/master/candidates/ussuri/Glance")
    assert ussuri["links"] == [{"title": "PTL candidacy: Abhishek Kekane", "url": folder}]  # not the address
    queens = gathered(project, "queens")
    told = [(p["id"], p["carried_to"]) for p in queens["priorities"] if p["outcome"] != "unknown"]
    assert told == [("spec-multihash", "rocky")]
