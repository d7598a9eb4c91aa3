"""Gerrit over real HTTP on 127.0.0.1: recorded doc-format bodies, paging, the cache, faults."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import requests_cache
import yaml
from gather_docjson import examples
from gather_fakes import FakeGerrit, gerrit_docs, glance_caracal_changes
from gather_support import IN_CARACAL, LATER, make_options
from pytest_httpserver import HTTPServer

from generator.cli import main
from generator.errors import UserError
from generator.gather.lock import gather_lock
from generator.gather.pipeline import run_gather


@pytest.fixture
def gerrit(httpserver: HTTPServer, fixtures: Path, project: Path) -> FakeGerrit:
    """A fake review.opendev.org holding three Glance changes of Caracal and the doc's members."""
    members = examples(gerrit_docs(fixtures) / "rest-api-groups.excerpt.md")[-1]  # Jane, John, Richard Roe
    fake = FakeGerrit(changes={"openstack/glance": glance_caracal_changes(fixtures)}, members={"glance-core": members})
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(fake)
    (project / "data" / "projects.yaml").write_text(
        "projects:\n  - key: glance\n    repos: [openstack/glance]\n    core_group: glance-core\n"
    )
    return fake


def options(project: Path, fixtures: Path, httpserver: HTTPServer, **overrides: Any) -> Any:
    locations = {"gerrit": httpserver.url_for("/"), **overrides.pop("locations", {})}
    return make_options(project, fixtures, "gerrit", locations=locations, **overrides)


def gathered(project: Path, cycle: str = "caracal") -> dict[str, Any]:
    data = yaml.safe_load((project / "data" / cycle / "glance" / "gathered.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_reviews_are_counted_from_messages_across_pages_without_bots_or_emails(
    gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    run_gather(options(project, fixtures, httpserver))
    data = gathered(project)
    reviewers = {r["name"]: r for r in data["reviewers"]}
    assert set(reviewers) == {"Jane Roe", "Richard Roe"}  # Zuul's tagged message is dropped
    # Every row names the Gerrit query it was counted from, and when: the backlog's own source.
    sources = [reviewers[name].pop("source") for name in sorted(reviewers)]
    assert sources[0] == sources[1] == data["backlog"]["source"]
    assert sources[0]["url"].startswith(httpserver.url_for("/q/"))
    assert unquote(sources[0]["url"]).endswith('(project:openstack/glance) after:"2023-10-05" before:"2024-09-30"')
    assert sources[0]["as_of"] and set(sources[0]) == {"url", "as_of"}
    assert reviewers["Jane Roe"] == {
        "name": "Jane Roe",
        "reviews": 2,
        "plus1": 1,
        "plus2": 1,
        "approvals": 1,
        "disagreements": 1,
        "core": True,
    }
    # No roster for a past cycle without the audit log: whoever voted ±2 counts as core.
    assert reviewers["Richard Roe"] == {"name": "Richard Roe", "reviews": 2, "minus2": 1, "minus1": 1, "core": True}
    assert data["backlog"]["start"] == 1 and data["backlog"]["end"] == 1
    assert data["backlog"]["merged"] == 1 and data["backlog"]["abandoned"] == 1
    assert "@" not in (project / "data/caracal/glance/gathered.yaml").read_text()
    pages = [r for r, _ in httpserver.log if r.path == "/changes/"]
    active = [r.args["S"] for r in pages if "status:open" not in r.args["q"]]
    idle = [r.args["S"] for r in pages if "status:open" in r.args["q"]]
    assert active == ["0", "2"] and idle == ["0"]  # the first page ended with "_more_changes": true
    assert all(r.args.getlist("o") == ["MESSAGES", "DETAILED_ACCOUNTS"] for r in pages)


def test_review_day_from_authored_yaml_gets_its_figures(
    gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    authored = project / "data/caracal/glance/authored.yaml"
    authored.parent.mkdir(parents=True)
    authored.write_text("review_days:\n  - id: rd-november\n    date: 2023-11-15\n    focus: import plugins\n")
    before = authored.read_bytes()
    run_gather(options(project, fixtures, httpserver))
    day = gathered(project)["review_days"][0]
    assert day["id"] == "rd-november" and day["reviews"] == 1 and day["merged"] == 1
    assert day["participants"] == ["Jane Roe"]
    assert day["backlog_before"] == 3 and day["backlog_after"] == 2
    assert authored.read_bytes() == before


def test_core_roster_snapshot_is_diffed_against_the_previous_cycle(
    gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    previous = project / "data/bobcat/glance/gathered.yaml"
    previous.parent.mkdir(parents=True)
    previous.write_text("roster:\n  group: glance-core\n  end: [Jane Roe, John Doe, Old Timer]\n")
    run_gather(options(project, fixtures, httpserver, now=IN_CARACAL))
    roster = gathered(project)["roster"]
    assert roster["start"] == ["Jane Roe", "John Doe", "Old Timer"]
    assert roster["end"] == ["Jane Roe", "John Doe", "Richard Roe"]
    assert roster["steady"] == ["Jane Roe", "John Doe"]
    assert [(c["change"], c["name"]) for c in roster["changes"]] == [("joined", "Richard Roe"), ("left", "Old Timer")]
    assert str(roster["changes"][0]["date"]) == "2024-01-20"


def test_second_gather_of_a_past_cycle_makes_zero_requests(
    gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    run_gather(options(project, fixtures, httpserver))
    first = (project / "data/caracal/glance/gathered.yaml").read_bytes()
    sent = len(httpserver.log)
    report = run_gather(options(project, fixtures, httpserver))
    assert len(httpserver.log) == sent and report.sent == 0 and report.cached == 3
    assert (project / "data/caracal/glance/gathered.yaml").read_bytes() == first


@pytest.mark.parametrize("fault", ["500", "429", "truncated", "noprefix"])
def test_a_passing_fault_is_retried_and_the_gather_succeeds(
    fault: str, gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    """500 and 429 (Retry-After: 1) by urllib3's Retry, a broken body by evicting it from the
    cache and fetching again."""
    gerrit.faults = [fault]
    gerrit.slow = 1.0
    started = time.monotonic()
    run_gather(options(project, fixtures, httpserver, timeout=0.4))
    assert {r["name"] for r in gathered(project)["reviewers"]} == {"Jane Roe", "Richard Roe"}
    statuses = [response.status_code for _, response in httpserver.log]
    if fault in ("500", "429"):
        assert statuses[0] == int(fault) and statuses[1] == 200
    if fault == "429":
        assert time.monotonic() - started >= 0.9  # Retry-After was honoured


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("500", "(HTTP 500): INTERNAL SERVER ERROR after 2 retries; no cached copy"),
        ("truncated", "unreadable response: invalid JSON"),
        ("noprefix", "does not start with Gerrit's )]}' line"),
    ],
)
def test_a_lasting_fault_is_a_clear_error_and_leaves_the_previous_file_intact(
    fault: str, says: str, gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path, tmp_path: Path
) -> None:
    run_gather(options(project, fixtures, httpserver))
    path = project / "data/caracal/glance/gathered.yaml"
    before = path.read_bytes()
    gerrit.always = fault
    with pytest.raises(UserError) as failure:
        run_gather(options(project, fixtures, httpserver, cache=tmp_path / "empty.sqlite", require_all=True))
    message = failure.value.render()
    assert "gerrit: error: gerrit: GET http://localhost:" in message and "/changes/?q=project" in message
    assert says.lower() in message.lower()
    assert message.endswith("gather failed: nothing was written, the previous files are unchanged")
    assert path.read_bytes() == before


def test_the_error_says_when_a_stale_cached_copy_exists_and_offline_uses_it(
    gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path
) -> None:
    run_gather(options(project, fixtures, httpserver))
    session = requests_cache.CachedSession(str(project / ".cache" / "http.sqlite"), backend="sqlite")
    for response in list(session.cache.filter()):  # every cached response is now stale
        response.reset_expiration(0)
        session.cache.responses[response.cache_key] = response
    session.close()
    gerrit.always = "500"
    with pytest.raises(UserError) as failure:
        run_gather(options(project, fixtures, httpserver, require_all=True))
    assert "a cached copy from " in failure.value.render() and "--offline" in failure.value.render()
    sent = len(httpserver.log)
    run_gather(options(project, fixtures, httpserver, offline=True))
    assert len(httpserver.log) == sent


def test_offline_with_an_empty_cache_skips_the_source_with_one_clear_line(
    gerrit: FakeGerrit, httpserver: HTTPServer, project: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "-C",
            str(project),
            "gather",
            "gerrit",
            "--project",
            "glance",
            "--cycle",
            "2024.1",
            "--offline",
            "--from",
            f"gerrit={httpserver.url_for('/')}",
            "--from",
            f"releases={fixtures / 'openstack-releases'}",
            "--as-of",
            "2026-11-22",
            "--quiet",
        ]
    )
    err = capsys.readouterr().err.strip()
    assert code == 3 and len(httpserver.log) == 0  # 3: partial, the source was skipped
    assert "\n" not in err and "Traceback" not in err
    assert re.fullmatch(
        r"skipped gerrit: offline, and the cache holds nothing from localhost:\d+ for it\. "
        r"It would have given the review figures per reviewer, .*\. "
        r"To get it, run it once without --offline \(that fills the cache\); or leave gerrit out\.",
        err,
    ), err


def test_a_second_concurrent_gather_says_another_one_is_running(
    project: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with gather_lock(project):
        code = main(
            [
                "-C",
                str(project),
                "gather",
                "releases",
                "--project",
                "glance",
                "--from",
                f"releases={fixtures / 'openstack-releases'}",
                "--quiet",
            ]
        )
    assert code == 1 and "another gather is running in this project" in capsys.readouterr().err


def test_gerrit_timestamps_keep_microseconds_of_nanosecond_strings() -> None:
    from generator.gather.gerrit_stats import parse_time

    when = parse_time("2013-02-21 11:16:36.775123456")
    assert when is not None and when.microsecond == 775123 and when.tzinfo is not None


def test_the_doc_examples_need_repair_and_keep_the_xssi_line(fixtures: Path) -> None:
    text = (gerrit_docs(fixtures) / "rest-api-changes.excerpt.md").read_text()
    assert '"John Doe"\n      },\n    },' in text  # the trailing comma the docs ship
    assert len(examples(gerrit_docs(fixtures) / "rest-api-changes.excerpt.md")) == 5
    assert LATER.year == 2026
