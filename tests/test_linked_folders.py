"""Folders reached through symbolic links: a link that leads nowhere is a located error, and a
linked folder inside the project is an input like any other (an edit in it rebuilds).

Each case links a different level of the tree (a cycle, a project, a prose folder) and a
different kind of dead end (a loop on itself, two links pointing at each other, a dangling one).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.stamp import input_stamp
from generator.cli import main
from tests.demo import copy_demo


def _two_links(path: Path) -> None:
    path.symlink_to(path.name + "-b")
    (path.parent / (path.name + "-b")).symlink_to(path.name)


DEAD_ENDS: dict[str, Callable[[Path], None]] = {
    "self-loop": lambda p: p.symlink_to(p.name),
    "two-links": _two_links,
    "dangling": lambda p: p.symlink_to("../no-such-folder"),
}
PLACES = ["data/newcycle", "data/mitaka/nova", "content/cycles/mitaka/projects/nova", "content/cycles/pike"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", sorted(DEAD_ENDS))
def test_a_folder_link_that_leads_nowhere_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str, kind: str
) -> None:
    root = copy_demo(tmp_path / "p")
    link = root / place
    if link.exists():
        shutil.rmtree(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    DEAD_ENDS[kind](link)
    input_stamp(root, False)  # the no-op stamp walks the same tree: it must not raise either
    capsys.readouterr()
    code = main(["-C", str(root), "check"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 1
    # Reported once, though the loader, the stray-prose check and the stamp all walk the folder.
    assert err.count(f"{place}: error: symbolic link that leads nowhere (dangling, or a loop)") == 1, err
    assert "hint: replace the link by the folder itself, or remove it" in err


def test_a_folder_linked_from_outside_the_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_demo(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "data/mitaka/glance", elsewhere)
    (root / "data/mitaka/glance").symlink_to(elsewhere)
    capsys.readouterr()
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"data/mitaka/glance: error: resolves outside the project, to {elsewhere}" in err


def test_a_linked_data_folder_inside_the_project_is_read_and_an_edit_in_it_rebuilds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The no-op stamp walks through the link: before, an edit behind it said 'nothing to do'."""
    root = copy_demo(tmp_path / "p")
    archive = root / "archive" / "glance-mitaka"
    archive.parent.mkdir()
    shutil.move(root / "data/mitaka/glance", archive)
    (root / "data/mitaka/glance").symlink_to("../../archive/glance-mitaka", target_is_directory=True)
    assert main(["-C", str(root), "build", "--quiet"]) == 0
    page = root / "site/mitaka/projects/glance/index.html"
    assert "Glance" in page.read_text(encoding="utf-8")
    before = input_stamp(root, False)
    authored = archive / "authored.yaml"
    text = authored.read_text(encoding="utf-8")
    authored.write_text(text.replace("Flavio Percoco", "Flavio Percoco", 1) + "\n", encoding="utf-8")
    assert input_stamp(root, False) != before
