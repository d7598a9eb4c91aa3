"""`cycle-reports draft` and `new-cycle`: skeletons with prompts and placeholders, never overwriting."""

from __future__ import annotations

import importlib.util
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.data.prose import PROMPT, find_placeholders
from generator.tools import draft_gather

REPO = Path(__file__).resolve().parents[1]

CALENDAR = {
    "data/cycles.yaml": """\
        cycles:
          - name: liberty
            start: 2015-04-30
            end: 2015-10-15
          - name: mitaka
            start: 2015-10-16
            end: 2016-04-07
          - name: newton
            start: 2016-04-08
            end: 2016-10-06
        """,
    "data/projects.yaml": """\
        projects:
          - key: glance
            title: Glance
        """,
    "data/mitaka/glance/gathered.yaml": """\
        ptl: Flavio Percoco
        features:
          - {id: db-purge, title: Glance db purge utility}
          - {id: image-signing, title: Glance Image Signing and Verification}
        priorities:
          - {id: image-import-refactor, title: Refactor of the image import workflow, outcome: missed}
        roster:
          changes:
            - {id: alice-joined, name: Alice Example, change: joined}
        """,
    "data/newton/glance/gathered.yaml": """\
        ptl: Nikhil Komawar
        """,
}


def make_root(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    """A tiny project: the real mkdocs.yml and theme, a three-cycle calendar and one team."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    for rel, text in {**CALENDAR, **(files or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "theme" not in p.parts
    }


def draft_retro(root: Path, *extra: str) -> int:
    return main(["-C", str(root), "draft", "retrospective", "--project", "glance", "--cycle", "mitaka", "--no-gather",
                 *extra])  # fmt: skip


AUTHORED = Path("data/mitaka/glance/authored.yaml")
PROSE = Path("content/cycles/mitaka/projects/glance/retrospective.md")


def test_draft_creates_authored_yaml_and_prose_with_prompts_and_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_root(tmp_path)
    assert draft_retro(root) == 0
    out = capsys.readouterr().out
    assert f"created: {AUTHORED.as_posix()}" in out
    assert f"created: {PROSE.as_posix()}" in out
    authored = (root / AUTHORED).read_text(encoding="utf-8")
    assert authored.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/project-cycle.schema.json"
    prose = (root / PROSE).read_text(encoding="utf-8")
    assert prose.startswith("# Glance Mitaka: passing the torch\n")
    for heading in ("What we completed", "Community and core team", "Priorities and how they went", "Review days",
                    "What did not go well", "Thanks", "To the next PTL"):  # fmt: skip
        assert f"\n## {heading}\n" in prose
    prompts = [line for line in prose.splitlines() if PROMPT.match(line)]
    assert len(prompts) == 8
    names = {p.name for p in find_placeholders(prose)}
    assert {"facts", "features", "roster", "priorities", "review-days", "handoff"} <= names


def test_draft_prefills_what_the_data_knows(tmp_path: Path) -> None:
    """The handoff names the outgoing PTL and the next cycle's PTL; gathered ids are offered to annotate."""
    root = make_root(tmp_path)
    draft_retro(root)
    authored = (root / AUTHORED).read_text(encoding="utf-8")
    data = yaml.safe_load(authored)
    assert data == {"handoff": {"outgoing": "Flavio Percoco", "incoming": "Nikhil Komawar"}}
    assert "#   - id: image-import-refactor" in authored
    assert "#     - id: alice-joined" in authored
    prose = (root / PROSE).read_text(encoding="utf-8")
    assert "What would you tell Nikhil Komawar?" in prose
    assert "2 completed feature(s)" in prose


def test_second_draft_run_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bytes and mtimes of every file are the same after running draft again."""
    root = make_root(tmp_path)
    draft_retro(root)
    before = snapshot(root)
    capsys.readouterr()
    assert draft_retro(root) == 0
    assert snapshot(root) == before
    out = capsys.readouterr().out
    assert "created:" not in out
    assert f"left alone (exists): {PROSE.as_posix()}" in out


def test_draft_leaves_an_edited_file_alone_and_recreates_a_missing_one(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    draft_retro(root)
    edited = "# Glance Mitaka: passing the torch\n\nMy own words.\n"
    (root / PROSE).write_text(edited, encoding="utf-8")
    (root / AUTHORED).unlink()
    draft_retro(root)
    assert (root / PROSE).read_text(encoding="utf-8") == edited
    assert (root / AUTHORED).is_file()


def test_drafted_files_load_without_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the prompts (warnings without --strict) stand between a fresh draft and a valid project."""
    root = make_root(tmp_path)
    draft_retro(root)
    assert main(["-C", str(root), "check"]) == 0
    assert "warning(s)" in capsys.readouterr().out


def test_draft_without_a_kind_drafts_a_retrospective(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert main(["-C", str(root), "draft", "--project", "glance", "--cycle", "mitaka", "--no-gather"]) == 0
    assert (root / PROSE).is_file()


def test_draft_midcycle_and_board_meeting_skeletons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path)
    assert main(["-C", str(root), "draft", "midcycle", "-p", "glance", "-c", "newton", "--date", "2016-06-15"]) == 0
    assert main(["-C", str(root), "draft", "board-meeting", "--date", "2016-06-20"]) == 0
    midcycle = root / "data/newton/glance/midcycle-2016-06-15.yaml"
    board = root / "data/board/2016-06-20.yaml"
    assert midcycle.read_text().startswith("# yaml-language-server: $schema=../../schemas/midcycle.schema.json\n")
    assert board.read_text().startswith("# yaml-language-server: $schema=../schemas/board-meeting.schema.json\n")
    assert yaml.safe_load(midcycle.read_text())["author"] == "Nikhil Komawar"
    for prose in ("content/cycles/newton/projects/glance/midcycle-2016-06-15.md", "content/board/2016-06-20.md"):
        assert any(PROMPT.match(line) for line in (root / prose).read_text().splitlines())
    assert main(["-C", str(root), "check"]) == 0


def test_draft_of_an_unknown_cycle_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path)
    assert main(["-C", str(root), "draft", "-p", "glance", "-c", "mitakaa", "--no-gather"]) == 1
    err = capsys.readouterr().err
    assert "unknown cycle 'mitakaa'" in err and "did you mean 'mitaka'?" in err
    assert "Traceback" not in err


FIXTURES = REPO.parent / "shared" / "fixtures"


def _dead_port() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared fixtures not found beside the repository")
def test_draft_gathers_what_the_local_checkouts_hold_and_asks_for_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pipeline's function is called (no argv): gerrit and launchpad cannot be reached, the
    local checkouts still fill the draft, and what is missing is named once, with its command."""
    root = make_root(tmp_path)
    (root / "data/projects.yaml").write_text(
        "projects:\n  - key: nova\n    title: Nova\n  - key: glance\n    title: Glance\n"
    )
    argv = ["-C", str(root), "draft", "retrospective", "--project", "nova", "--cycle", "pike"]
    argv += [
        "--from",
        f"releases={FIXTURES / 'openstack-releases'}",
        "--from",
        f"election={FIXTURES / 'openstack-election'}",
    ]
    argv += ["--from", f"specs={FIXTURES / 'nova-specs'}", "--from", f"gerrit={_dead_port()}"]
    argv += [
        "--from",
        f"launchpad={_dead_port()}",
        "--source",
        "releases,election,specs",
        "--source",
        "gerrit,launchpad",
    ]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert [line.split(":")[0] for line in err.splitlines() if line.startswith("skipped")] == [
        "skipped gerrit",
        "skipped launchpad",
    ]
    assert "missing: backlog" not in out  # the gerrit line named it already: once
    gathered = yaml.safe_load((root / "data/pike/nova/gathered.yaml").read_text())
    assert len(gathered["features"]) == 30 and gathered["ptl"] == "Matt Riedemann"
    assert [c["name"] for c in gathered["candidacies"]] == ["Matt Riedemann"]
    authored = (root / "data/pike/nova/authored.yaml").read_text()
    assert (
        "# backlog:" in authored and "run `cycle-reports gather gerrit --project nova --cycle pike` online" in authored
    )
    assert (
        "#   - id: spec-run-api-under-wsgi-community-goal    # gathered: Run API under WSGi (Community Goal) (unknown)"
        in authored
    )


def test_draft_works_without_the_gather_stage(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    gathered = draft_gather.gather_first(tmp_path, "glance", "mitaka")
    assert not gathered.ran and "not installed" in gathered.lines[0]


def test_draft_of_an_existing_board_meeting_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path, {"data/board/2016-06-20.yaml": "date: 2016-06-20\n"})
    assert main(["-C", str(root), "draft", "board-meeting", "--date", "2016-06-20"]) == 1
    assert "a board-meeting on 2016-06-20 exists (data/board/2016-06-20.yaml)" in capsys.readouterr().err
    assert not (root / "content/board/2016-06-20.md").exists()  # no prompts added beside a finished meeting


# --- new-cycle ---------------------------------------------------------------------------------

MITAKA_AUTHORED = {
    "data/mitaka/glance/authored.yaml": """\
        roster:
          group: glance-core
          end: [Alice Example, Bob Example]
        priorities:
          - {id: backlog, title: Reduce the review backlog, outcome: done}
          - {id: image-import-refactor, reason: Needed the whole cycle to agree, carried_to: newton}
          - {id: tempest, title: Clean up tempest, outcome: partial, reason: Not enough time}
          - {id: elsewhere, title: Moved on, outcome: missed, reason: Moved, carried_to: liberty}
          - {id: gone, title: Dropped, outcome: dropped, reason: Nobody wanted it}
        handoff:
          outgoing: Flavio Percoco
          incoming: Nikhil Komawar
          open_threads: [Deprecate the v1 API]
        """,
}


def _new_cycle(root: Path) -> int:
    return main(["-C", str(root), "new-cycle", "newton", "--project", "glance"])


def test_new_cycle_carries_over_missed_priorities_the_roster_and_the_ptl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_root(tmp_path, MITAKA_AUTHORED)
    assert _new_cycle(root) == 0
    path = root / "data/newton/glance/authored.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/project-cycle.schema.json\n")
    assert "#   - Deprecate the v1 API" in text
    data: dict[str, Any] = yaml.safe_load(text)
    assert data["ptl"] == "Nikhil Komawar"
    assert data["roster"] == {"group": "glance-core", "start": ["Alice Example", "Bob Example"]}
    carried = {p["id"]: p for p in data["priorities"]}
    assert set(carried) == {"image-import-refactor", "tempest"}
    assert all(p["carried_from"] == "mitaka" for p in carried.values())
    assert carried["image-import-refactor"]["title"] == "Refactor of the image import workflow"
    assert "carried over: image-import-refactor (missed in mitaka)" in capsys.readouterr().out
    assert main(["-C", str(root), "check"]) == 0


def test_new_cycle_with_a_handoff_naming_no_incoming_ptl_says_so_plainly(tmp_path: Path) -> None:
    files = {
        "data/mitaka/glance/authored.yaml": MITAKA_AUTHORED["data/mitaka/glance/authored.yaml"].replace(
            "          incoming: Nikhil Komawar\n", ""
        )
    }
    root = make_root(tmp_path, files)
    assert _new_cycle(root) == 0
    text = (root / "data/newton/glance/authored.yaml").read_text(encoding="utf-8")
    assert "not recorded" not in text and "->" not in text
    assert "names no incoming PTL" in text
    assert "ptl" not in (yaml.safe_load(text) or {})  # never the outgoing PTL


def test_new_cycle_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path, {**MITAKA_AUTHORED, "data/newton/glance/authored.yaml": "ptl: Someone Else\n"})
    assert _new_cycle(root) == 1
    assert "never overwrites" in capsys.readouterr().err
    assert (root / "data/newton/glance/authored.yaml").read_text() == "ptl: Someone Else\n"


def test_new_cycle_names_a_cycle_missing_from_the_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_root(tmp_path, MITAKA_AUTHORED)
    assert main(["-C", str(root), "new-cycle", "ocata", "--project", "glance"]) == 1
    err = capsys.readouterr().err
    assert "unknown cycle 'ocata': it is not in the calendar (data/cycles.yaml)" in err
    assert not (root / "data/ocata").exists()


def test_draft_of_a_cycle_whose_facts_are_all_there_asks_for_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Roster, backlog, review-day figures and PTL gathered (as on the demo's Glance Mitaka): the
    draft writes its files and says nothing is missing of those (it crashed on the roster once)."""
    full = """\
        ptl: Flavio Percoco
        roster: {counts: {start: 9, end: 12}}
        backlog: {start: 300, end: 90}
        review_days:
          - {id: rd1, date: 2016-01-12, reviews: 40, merged: 12}
        """
    root = make_root(tmp_path, {"data/mitaka/glance/gathered.yaml": full})
    assert draft_retro(root) == 0
    out = capsys.readouterr().out
    assert (root / PROSE).is_file() and (root / AUTHORED).is_file()
    authored = (root / AUTHORED).read_text()
    assert "not gathered" not in authored.split("# reviewers")[0]
    for field in ("roster", "backlog", "review_days", "ptl"):
        assert f"missing: {field}:" not in out
