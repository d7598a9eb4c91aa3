"""A cycle with nothing recorded gets no version (load/published.py).

Gathering the whole history gives Austin … Grizzly their dates and nothing else (governance's
records begin in 2013), and a cycle opened ahead of time may have no schedule yet: neither may
become an empty version, an entry of the selector, a pager's neighbour or, being the newest, the
`latest` every visitor lands on. `check` still sees every cycle of the calendar.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.load.published import published, unpublished
from generator.load.site import load_site
from tests.demo import copy_demo

EARLY = "  - name: grizzly\n    title: Grizzly\n    start: 2012-09-27\n    end: 2013-04-04\n"
LATE = "  - name: kumquat\n    title: Kumquat\n    start: 2027-10-01\n    end: 2028-04-01\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("published") / "p")
    calendar = root / "data/cycles.yaml"
    text = calendar.read_text()
    calendar.write_text(text.replace("cycles:\n", "cycles:\n" + EARLY + "\n", 1) + "\n" + LATE)
    assert main(["-C", str(root), "build", "--quiet"]) == 0
    return root


def test_an_empty_cycle_gets_no_version_nor_a_place_in_the_selector(built: Path) -> None:
    site = built / "site"
    assert not (site / "grizzly").exists() and not (site / "kumquat").exists()
    versions = [v["version"] for v in json.loads((site / "versions.json").read_text())]
    assert "grizzly" not in versions and "kumquat" not in versions
    assert versions[0] == "indri"  # the newest cycle with something in it stays the latest
    latest = next(v for v in json.loads((site / "versions.json").read_text()) if "latest" in v["aliases"])
    assert latest["version"] == "indri"


def test_no_pager_leads_to_an_empty_cycle(built: Path) -> None:
    oldest = (built / "site/icehouse/index.html").read_text()
    newest = (built / "site/indri/index.html").read_text()
    assert "grizzly" not in oldest.lower() and "kumquat" not in newest.lower()


def test_building_an_empty_cycle_by_name_says_why_and_what_to_do(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["-C", str(built), "build", "--cycle", "kumquat", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "nothing to publish for kumquat: no team, schedule or board meeting is recorded for it" in err
    assert "Traceback" not in err


def test_check_still_sees_every_cycle_of_the_calendar(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_site(built, save_cache=False)
    assert loaded.site is not None
    assert {"grizzly", "kumquat"} <= {c.name for c in loaded.site.cycles}
    assert [c.name for c in unpublished(loaded.site)] == ["grizzly", "kumquat"]
    assert main(["-C", str(built), "check"]) == 0


def test_a_calendar_with_nothing_else_yet_is_published_whole(built: Path) -> None:
    """A project that has only written its calendar sees it on its first build."""
    loaded = load_site(built, save_cache=False)
    assert loaded.site is not None
    bare = dataclasses.replace(
        loaded.site,
        entries=(),
        board=(),
        cycles=tuple(dataclasses.replace(c, milestones=()) for c in loaded.site.cycles),
    )
    assert unpublished(bare) == [] and published(bare) is bare
