"""`check --strict` as the publishing gate for a drafted report."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.data.prose import PROMPT

REPO = Path(__file__).resolve().parents[1]
PROSE = "content/cycles/mitaka/projects/glance/retrospective.md"
FILES = {
    "data/cycles.yaml": """\
        cycles:
          - {name: mitaka, start: 2015-10-16, end: 2016-04-07}
          - {name: newton, start: 2016-04-08, end: 2016-10-06}
        """,
    "data/projects.yaml": "projects:\n  - {key: glance, title: Glance}\n",
    "data/mitaka/glance/gathered.yaml": "ptl: Flavio Percoco\nfeatures:\n  - {id: db-purge, title: Glance db purge}\n",
}


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    """A tiny project with a freshly drafted Glance Mitaka retrospective."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    argv = ["-C", str(root), "draft", "retrospective", "-p", "glance", "-c", "mitaka", "--no-gather"]
    assert main(argv) == 0
    return root


def prompt_lines(root: Path) -> list[int]:
    lines = (root / PROSE).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if PROMPT.match(line)]


def test_check_strict_fails_on_an_untouched_prompt_and_names_its_file_and_line(
    drafted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["-C", str(drafted), "check", "--strict"]) == 1
    err = capsys.readouterr().err
    for line in prompt_lines(drafted):
        assert f"{PROSE}:{line}:1: error: prompt: writing prompt left in the text" in err
    assert re.search(r"Aborted with \d+ error\(s\)\.", err)
    assert "Traceback" not in err


def test_check_without_strict_only_warns_about_prompts(drafted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(drafted), "check"]) == 0
    captured = capsys.readouterr()
    assert f"{PROSE}:{prompt_lines(drafted)[0]}:1: warning: prompt:" in captured.err
    assert "ok: no errors" in captured.out


def test_check_strict_passes_once_every_prompt_is_replaced(drafted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = drafted / PROSE
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join("My own words." if PROMPT.match(line) else line for line in text.splitlines()) + "\n")
    assert main(["-C", str(drafted), "check", "--strict"]) == 0


def test_check_strict_fails_on_a_placeholder_that_names_no_data(
    drafted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = drafted / PROSE
    text = path.read_text(encoding="utf-8").replace("<!-- data: features -->", "<!-- data: feature -->")
    path.write_text(text, encoding="utf-8")
    assert main(["-C", str(drafted), "check", "--strict"]) == 1
    err = capsys.readouterr().err
    line = text.splitlines().index("<!-- data: feature -->") + 1
    assert f"{PROSE}:{line}:12: error: placeholder: expected a data block name, got 'feature'" in err
    assert "did you mean 'features'?" in err
