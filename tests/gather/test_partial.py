"""A PTL's evening offline: the local checkouts are read in place, gerrit and launchpad cannot be
reached (real HTTP on 127.0.0.1: a port with nothing listening, a server answering 503), and the
gather still writes what the other sources gave, says in one line per source what is missing,
and exits 3."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from gather_fakes import FakeGerrit
from gather_support import make_options
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.cli import main
from generator.data import model as m
from generator.gather.combine import combine_project_cycle
from generator.gather.pipeline import run_gather
from generator.gather.results import Contribution


def _dead_port() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def unavailable(httpserver: HTTPServer) -> list[str]:
    """A launchpad that answers 503 to everything; returns the paths asked for."""
    asked: list[str] = []

    def handler(request: Request) -> Response:
        asked.append(request.path)
        return Response("Service Unavailable", status=503)

    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(handler)
    return asked


def _argv(project: Path, fixtures: Path, httpserver: HTTPServer, *extra: str) -> list[str]:
    return [
        "-C",
        str(project),
        "gather",
        "releases",
        "election",
        "specs",
        "gerrit",
        "launchpad",
        "--project",
        "glance",
        "--cycle",
        "queens",
        "--from",
        f"releases={fixtures / 'openstack-releases'}",
        "--from",
        f"election={fixtures / 'openstack-election'}",
        "--from",
        f"specs={fixtures / 'glance-specs'}",
        "--from",
        f"gerrit={_dead_port()}",
        "--from",
        f"launchpad={httpserver.url_for('/')}",
        "--retries",
        "1",
        "--quiet",
        *extra,
    ]


def test_unreachable_gerrit_and_launchpad_are_skipped_and_the_others_write(
    project: Path, fixtures: Path, httpserver: HTTPServer, unavailable: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data/queens/glance/gathered.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("backlog: {start: 7, end: 5}\n", encoding="utf-8")  # gerrit's, gathered earlier
    started = time.monotonic()
    code = main(_argv(project, fixtures, httpserver))
    seconds = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 3, err
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["backlog"] == {"start": 7, "end": 5}  # nothing gerrit answers for was touched
    assert any(f["id"].startswith("hl-glance") for f in data["features"])  # releases' highlights
    assert len(data["priorities"]) == 10  # every priority of queens-priorities.rst, none dropped
    assert {p["outcome"] for p in data["priorities"]} == {"unknown"}
    assert (project / "data/cycles.gathered.yaml").is_file()
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert [line.split(":")[0] for line in skipped] == ["skipped gerrit", "skipped launchpad"]
    assert "cannot be reached (could not connect)" in skipped[0] and "review figures" in skipped[0]
    assert re.match(
        r"skipped launchpad: localhost:\d+ answered HTTP 503 \(SERVICE UNAVAILABLE after 1 retries\)", skipped[1]
    )
    assert "Traceback" not in err
    assert len(unavailable) == 2  # one request and its one retry
    assert seconds < 10


def test_require_all_makes_a_skipped_source_an_error_and_writes_nothing(
    project: Path, fixtures: Path, httpserver: HTTPServer, unavailable: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(_argv(project, fixtures, httpserver, "--require-all"))
    err = capsys.readouterr().err
    assert code == 1
    assert "gather failed: nothing was written" in err
    assert not (project / "data/queens").exists()


def test_gerrit_alone_takes_the_calendar_from_data_cycles_not_from_releases(
    project: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data/cycles.yaml").write_text(
        "cycles:\n  - name: pike\n    start: 2017-02-23\n    end: 2017-08-30\n"
        "  - name: queens\n    start: 2017-08-31\n    end: 2018-02-28\n",
        encoding="utf-8",
    )
    (project / "data/projects.yaml").write_text("projects:\n  - key: glance\n    repos: [openstack/glance]\n")
    argv = ["-C", str(project), "gather", "gerrit", "--project", "glance", "--cycle", "queens"]
    code = main([*argv, "--from", f"gerrit={_dead_port()}", "--quiet", "--as-of", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 3
    assert "series_status" not in err and "releases" not in err
    assert err.startswith("skipped gerrit: 127.0.0.1:")


def test_a_host_that_kept_answering_503_is_down_for_the_other_sources_too(
    project: Path, fixtures: Path, httpserver: HTTPServer, unavailable: list[str]
) -> None:
    """gerrit and launchpad on one host: after gerrit's request and its retry, launchpad sends nothing."""
    (project / "data/projects.yaml").write_text("projects:\n  - key: glance\n    repos: [openstack/glance]\n")
    base = httpserver.url_for("/")
    options = make_options(
        project, fixtures, "gerrit", "launchpad", locations={"gerrit": base, "launchpad": base}, jobs=1, retries=1
    )
    report = run_gather(options)
    assert [s.source for s in report.skipped] == ["gerrit", "launchpad"]
    assert len(unavailable) == 2, unavailable
    assert "answered HTTP 503" in report.skipped[1].line


def test_a_timeout_is_not_retried_and_skips_the_source(httpserver: HTTPServer, project: Path, fixtures: Path) -> None:
    fake = FakeGerrit(changes={}, always="slow", slow=1.5)
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(fake)
    repos = "[openstack/glance, openstack/glance-store, openstack/python-glanceclient]"
    (project / "data/projects.yaml").write_text(f"projects:\n  - key: glance\n    repos: {repos}\n")
    options = make_options(
        project, fixtures, "gerrit", locations={"gerrit": httpserver.url_for("/")}, timeout=0.3, jobs=1
    )
    report = run_gather(options)
    time.sleep(1.6)  # let the fake finish its slow answer before the server stops
    assert [s.source for s in report.skipped] == ["gerrit"]
    assert "timed out" in report.skipped[0].line
    assert len(httpserver.log) <= 1  # the timed-out query was not sent again (it used to be, --retries times)


def test_offline_with_nothing_cached_skips_instead_of_failing(
    project: Path, fixtures: Path, httpserver: HTTPServer
) -> None:
    options = make_options(
        project,
        fixtures,
        "releases",
        "launchpad",
        cycles=("queens",),
        locations={"launchpad": httpserver.url_for("/")},
        offline=True,
    )
    report = run_gather(options)
    assert [s.source for s in report.skipped] == ["launchpad"]
    assert "run it once without --offline" in report.skipped[0].line
    assert (project / "data/queens/glance/gathered.yaml").is_file()  # releases still wrote
    assert len(httpserver.log) == 0


def test_nova_pike_implemented_specs_become_features_and_the_priorities_keep_what_specs_tell(
    project: Path, fixtures: Path
) -> None:
    options = make_options(
        project,
        fixtures,
        "specs",
        projects=("nova",),
        cycles=("pike",),
        locations={"specs": str(fixtures / "nova-specs")},
    )
    report = run_gather(options)
    data = yaml.safe_load((project / "data/pike/nova/gathered.yaml").read_text(encoding="utf-8"))
    features = data["features"]
    assert len(features) == 30  # the redirects lines that point into ../implemented/
    assert features[0]["id"] == "spec-cells-count-resources-to-check-quota-in-api"
    assert features[0]["title"] == "Cells count resources to check quota in API"
    assert features[0]["source"]["path"] == "specs/pike/redirects"
    outcomes = {p["title"]: p["outcome"] for p in data["priorities"]}
    assert outcomes == {
        "Cells V2": "partial",
        "Placement": "done",
        "Integrate Cinder 3.27": "missed",
        "Run API under WSGi (Community Goal)": "unknown",
        "Support Python 3.5 (Community Goal)": "unknown",
    }
    unknown = [w for w in report.warnings if "kept with outcome unknown" in w]
    assert len(unknown) == 2 and "data/pike/nova/authored.yaml" in unknown[0]


def test_implemented_specs_give_way_to_release_highlights() -> None:
    spec = m.Feature(id="spec-multihash", title="Multihash")
    highlight = m.Feature(id="hl-glance-multihash", title="Multiple hashes")
    order = {"features": ["hl-", "bp-", "spec-"]}
    only_specs = combine_project_cycle(
        None,
        [
            (
                {"features": "spec-"},
                Contribution("queens", "glance", m.ProjectCycle(features=[spec]), frozenset({"features"})),
            )
        ],
        order,
    )
    assert [f.id for f in only_specs.features] == ["spec-multihash"]
    both = combine_project_cycle(
        only_specs,
        [
            (
                {"features": "hl-"},
                Contribution("queens", "glance", m.ProjectCycle(features=[highlight]), frozenset({"features"})),
            )
        ],
        order,
    )
    assert [f.id for f in both.features] == ["hl-glance-multihash"]


def test_the_governance_bundle_checkout_reads_in_place(tmp_path: Path, fixtures: Path) -> None:
    """The guide's governance checkout is a clone of the bundle (never into the repo)."""
    target = tmp_path / "governance"
    subprocess.run(["git", "clone", "-q", str(fixtures / "openstack-governance.bundle"), str(target)], check=True)
    assert (target / "reference" / "projects.yaml").is_file()
