"""JSON Schema files generated from the model: committed, current, and accepting what `check` accepts."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.data.schemas import KINDS, schema_file

jsonschema = pytest.importorskip("jsonschema")

REPO = Path(__file__).resolve().parents[1]


def validator(root: Path, name: str) -> Any:
    schema = json.loads(schema_file(root, name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def as_editor_sees_it(path: Path) -> Any:
    """YAML as a language server checks it: dates are strings (YAML 1.2 core schema)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def errors(root: Path, name: str, data: Any) -> list[str]:
    return [e.message for e in validator(root, name).iter_errors(data)]


def schema_of(path: Path) -> Path:
    """The schema a YAML file names on its first line, resolved relative to the file."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    return (path.parent / first.split("=", 1)[1]).resolve()


def test_committed_schema_files_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema --check` passes on the repository: the model and data/schemas/ agree."""
    assert main(["-C", str(REPO), "schema", "--check"]) == 0
    assert f"ok: {len(KINDS)} schema files are up to date" in capsys.readouterr().out


def test_schema_check_fails_when_a_file_is_stale_or_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(tmp_path), "schema"]) == 0
    assert main(["-C", str(tmp_path), "schema", "--check"]) == 0
    stale = schema_file(tmp_path, "project-cycle")
    stale.write_text(stale.read_text().replace('"outcome"', '"result"'), encoding="utf-8")
    schema_file(tmp_path, "midcycle").unlink()
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "schema", "--check"]) == 1
    err = capsys.readouterr().err
    assert "data/schemas/project-cycle.schema.json: error: stale or missing JSON Schema" in err
    assert "data/schemas/midcycle.schema.json: error: stale or missing JSON Schema" in err
    assert "Aborted with 2 error(s)." in err


def test_writing_schemas_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["-C", str(tmp_path), "schema"])
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "data/schemas").iterdir()}
    capsys.readouterr()
    main(["-C", str(tmp_path), "schema"])
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "data/schemas").iterdir()} == mtimes
    assert capsys.readouterr().out.count("unchanged:") == len(KINDS)


@pytest.mark.parametrize("kind", ["retrospective", "midcycle", "board-meeting"])
def test_drafted_yaml_validates_against_the_schema_it_names(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "data/cycles.yaml").write_text("cycles:\n  - {name: mitaka, start: 2015-10-16, end: 2016-04-07}\n")
    (root / "data/projects.yaml").write_text("projects:\n  - {key: glance, title: Glance}\n")
    (root / "data/mitaka/glance").mkdir(parents=True)
    (root / "data/mitaka/glance/gathered.yaml").write_text("ptl: Flavio Percoco\n")
    main(["-C", str(root), "schema"])
    where = {"retrospective": ["-p", "glance", "-c", "mitaka", "--no-gather"],
             "midcycle": ["-p", "glance", "-c", "mitaka", "--date", "2016-01-20"],
             "board-meeting": ["--date", "2016-01-20"]}  # fmt: skip
    assert main(["-C", str(root), "draft", kind, *where[kind]]) == 0
    drafted = {
        "retrospective": "data/mitaka/glance/authored.yaml",
        "midcycle": "data/mitaka/glance/midcycle-2016-01-20.yaml",
        "board-meeting": "data/board/2016-01-20.yaml",
    }[kind]
    path = root / drafted
    target = schema_of(path)
    assert target.is_file()
    schema = json.loads(target.read_text(encoding="utf-8"))
    found = list(jsonschema.Draft202012Validator(schema).iter_errors(as_editor_sees_it(path)))
    assert found == []


@pytest.mark.skipif(not (REPO / "data/cycles.yaml").is_file(), reason="demo data not there yet")
def test_every_demo_file_validates_against_its_schema() -> None:
    """Overlay files (a partial item with only an id) and private markers are accepted, as `check` accepts them."""
    for path in sorted((REPO / "data").rglob("*.yaml")):
        rel = path.relative_to(REPO / "data").as_posix()
        if rel.startswith(("cycles", "projects")):
            name = rel.split(".")[0]
        elif rel.startswith("board/"):
            name = "board-meeting"
        elif path.name.startswith("midcycle-"):
            name = "midcycle"
        else:
            name = "project-cycle"
        assert errors(REPO, name, as_editor_sees_it(path)) == [], rel


def test_the_schema_flags_what_an_editor_should_flag() -> None:
    """Unknown keys, misspelt choices and wrong types are errors; a partial overlay item and `private` are not."""
    assert errors(REPO, "project-cycle", {"priorities": [{"id": "x", "outcom": "done"}]}) != []
    assert errors(REPO, "project-cycle", {"priorities": [{"id": "x", "outcome": "finished"}]}) != []
    assert errors(REPO, "project-cycle", {"review_days": [{"id": "x", "reviews": "many"}]}) != []
    assert errors(REPO, "project-cycle", {"priorities": [{"id": "x", "reason": "why"}]}) == []
    assert errors(REPO, "project-cycle", {"handoff": {"outgoing": "A", "note": "n", "private": ["note"]}}) == []
    assert errors(REPO, "midcycle", {"title": "no date"}) != []
    data = yaml.safe_load(textwrap.dedent("""\
        date: '2016-01-20'
        sessions:
          - title: Import
            actions: [{task: Write the spec, owner: Erno, due: '2016-02-01'}]
        """))  # fmt: skip
    assert errors(REPO, "midcycle", data) == []
