"""Markdown under content/cycles/ that no page reads is a located error, never dropped unseen.

The loader reads only a project's retrospective.md and the midcycle-<date>.md beside a meeting's
YAML. Each case puts one report where it would have been skipped, with a different slip each time
(a typo, a letter case, a folder one level off, a meeting with no data), and asserts the message
names the file and the name it was meant to have.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.demo import copy_demo

REPORT = "# Glance Mitaka\n\nWe shipped the import API.\n"


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["-C", str(root), "check"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    ("rel", "hint"),
    [
        ("content/cycles/pike/projects/glance/retrospectve.md", "did you mean 'retrospective.md'?"),
        ("content/cycles/pike/projects/glance/Retrospective.md", "did you mean 'retrospective.md'?"),
        ("content/cycles/pike/projects/glance/midcycle-2017-4-20.md", "did you mean 'midcycle-2017-04-20.md'?"),
        ("content/cycles/pike/projects/glance/notes.md", "expected retrospective.md or midcycle-YYYY-MM-DD.md"),
        ("content/cycles/pike/retrospective.md", "expected projects"),
        ("content/cycles/pike/project/glance/retrospective.md", "did you mean 'projects'?"),
        ("content/cycles/pike/projects/glance.md", "expected a folder named after the project"),
        ("content/cycles/retrospective.md", "expected content/cycles/<cycle>/projects/<project>/retrospective.md"),
    ],
)
def test_a_report_no_page_reads_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rel: str, hint: str
) -> None:
    root = copy_demo(tmp_path)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(REPORT, encoding="utf-8")
    code, err = check(root, capsys)
    stray = rel if "/project/" not in rel else "content/cycles/pike/project"
    name = Path(stray).name
    assert code == 1
    assert f"{stray}: error: " in err and f"'{name}' is not read by any page" in err
    assert f"hint: {hint}" in err


def test_a_midcycle_summary_without_its_meeting_names_the_yaml_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_demo(tmp_path)
    rel = "content/cycles/pike/projects/glance/midcycle-2017-06-01.md"
    (root / rel).write_text("# Glance Pike midcycle\n", encoding="utf-8")
    code, err = check(root, capsys)
    assert code == 1
    assert f"{rel}: error: midcycle summary with no meeting data" in err
    assert "hint: add data/pike/glance/midcycle-2017-06-01.yaml" in err


def test_images_beside_the_prose_and_the_demo_itself_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_demo(tmp_path)
    (root / "content/cycles/mitaka/projects/glance/roster.png").write_bytes(b"\x89PNG\r\n")
    code, err = check(root, capsys)
    assert code == 0, err
    assert "is not read by any page" not in err
