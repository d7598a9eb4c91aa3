"""Render keys follow exactly the code that shapes pages (issue 12): editing an author tool, a
command or the CLI re-renders nothing and keeps the no-op answer; editing a template or the
renderer re-renders every unit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import keys, stamp
from generator.data.units import unit_name
from generator.load.site import load_site
from generator.render.history import projects_with_history

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package that the keys and the input stamp read instead of the real one."""
    copy = tmp_path / "generator"
    shutil.copytree(REPO / "generator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stamp, "PACKAGE", copy)
    return copy


def all_keys() -> dict[str, str]:
    site = load_site(REPO).site
    assert site is not None
    units = [c.name for c in site.cycles] + [unit_name(p) for p in projects_with_history(site)]
    return keys.unit_keys(site, REPO, units, keys.shared_inputs(REPO, private=False))


def touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


@pytest.mark.parametrize(
    "edited", ["tools/mailpost.py", "tools/check.py", "cli.py", "commands/gather.py", "gather/specs.py"]
)
def test_editing_an_author_tool_or_the_cli_renders_nothing(package: Path, edited: str) -> None:
    before, stamp_before = all_keys(), stamp.input_stamp(REPO, private=False)
    touch(package / edited)
    assert all_keys() == before
    assert stamp.input_stamp(REPO, private=False) == stamp_before


@pytest.mark.parametrize(
    "edited", ["render/templates/retrospective.md.j2", "render/page.py", "data/model.py", "build/config.py"]
)
def test_editing_a_template_or_the_renderer_renders_every_unit(package: Path, edited: str) -> None:
    before, stamp_before = all_keys(), stamp.input_stamp(REPO, private=False)
    touch(package / edited)
    after = all_keys()
    assert after.keys() == before.keys() and len(before) > 20
    assert all(after[unit] != before[unit] for unit in before)
    assert stamp.input_stamp(REPO, private=False) != stamp_before
