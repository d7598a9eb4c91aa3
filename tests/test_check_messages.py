"""Each invalid input in tests/cases/<name>/ produces exactly the message in its expected.txt."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_invalid_input_gives_its_exact_message(
    case: str, make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The check output names file, line, column and field path, lists every error, and has no traceback."""
    root = make_project()
    shutil.copytree(CASES / case / "data", root / "data", dirs_exist_ok=True)
    code = main(["-C", str(root), "check"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert err == (CASES / case / "expected.txt").read_text()


def test_valid_minimal_project_passes(make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A project with only a calendar and a team is valid."""
    root = make_project()
    assert main(["-C", str(root), "check"]) == 0
    assert "ok: no errors" in capsys.readouterr().out


def test_cross_file_contradictions_are_reported(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A priority carried to an unknown cycle and a review day outside the cycle fail the check."""
    root = make_project(
        {
            "data/mitaka/glance/authored.yaml": """\
            priorities:
              - id: nova-v2
                title: Nova adopts the Images v2 API
                outcome: missed
                reason: Nova has other priorities
                carried_to: newtonn
            review_days:
              - id: late
                date: 2016-06-01
            """,
        }
    )
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "priorities[nova-v2].carried_to: expected a known cycle, got 'newtonn'" in err
    assert "hint: did you mean 'newton'?" in err
    assert "review day 2016-06-01 is outside mitaka (2015-10-16 to 2016-04-07)" in err


def test_missing_reason_is_a_warning_and_an_error_under_strict(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--strict` turns warnings into errors, like `mkdocs build --strict`."""
    root = make_project(
        {
            "data/mitaka/glance/authored.yaml": """\
            priorities:
              - {id: import, title: Image import, outcome: missed}
            """,
        }
    )
    assert main(["-C", str(root), "check"]) == 0
    assert "warning: priorities[import].reason" in capsys.readouterr().err
    assert main(["-C", str(root), "check", "--strict"]) == 1
    assert "error: priorities[import].reason: missed priority has no reason" in capsys.readouterr().err


def test_broken_link_between_reports_is_located_in_the_prose(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A link from a retrospective to a page that does not exist names the prose file, line and column."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "ptl: Flavio Percoco\n",
            "content/cycles/mitaka/projects/glance/retrospective.md": """\
            # Glance Mitaka

            See [the history](history.md) and [the midcycle](midcycle-2016-01-01.md).
            """,
        }
    )
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "content/cycles/mitaka/projects/glance/retrospective.md:3:" in err
    assert "midcycle-2016-01-01.md" in err
    assert "history.md (" not in err


def test_scan_command_fails_on_an_address_in_the_built_site(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`cycle-reports scan` exits 1 and names the file when an e-mail address reached the output."""
    root = make_project()
    page = root / "site" / "mitaka" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>ok</p>\n<p>write to someone@example.org</p>\n")
    assert main(["-C", str(root), "scan"]) == 1
    err = capsys.readouterr().err
    assert "site/mitaka/index.html:2:" in err or "mitaka/index.html:2:" in err
    assert "someone@example.org" not in err
    page.write_text("<p>ok</p>\n")
    assert main(["-C", str(root), "scan"]) == 0
