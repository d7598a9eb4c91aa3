"""`cycle-reports export`: JSON and CSV of the loaded cycle data, figures that survive a round trip."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
FILES = {
    "data/cycles.yaml": """\
        cycles:
          - {name: mitaka, start: 2015-10-16, end: 2016-04-07}
          - {name: newton, start: 2016-04-08, end: 2016-10-06}
        """,
    "data/projects.yaml": "projects:\n  - {key: glance, title: Glance}\n  - {key: nova, title: Nova}\n",
    "data/mitaka/glance/gathered.yaml": """\
        ptl: Flavio Percoco
        features:
          - {id: a, title: Feature A}
          - {id: b, title: Feature B}
          - {id: c, title: Feature C}
        roster:
          start: [Ann, Bob]
          end: [Ann, Bob, Cat]
          changes:
            - {id: cat, name: Cat, change: joined}
        released:
          - {id: glance, type: service, final: 12.0.0, versions: [12.0.0.0b1, 12.0.0], dates: {12.0.0: 2016-04-07}}
          - {id: glance-store, type: library, final: 0.13.0, versions: [0.13.0]}
        """,
    "data/mitaka/glance/authored.yaml": """\
        features:
          - {id: c, hidden: true}
        priorities:
          - {id: p1, title: One, outcome: done}
          - {id: p2, title: Two, outcome: partial, reason: Time}
          - {id: p3, title: Three, outcome: missed, reason: People}
          - {id: p4, title: Four, outcome: dropped, reason: Nobody}
        review_days:
          - {id: r1, date: 2015-12-01, reviews: 40, merged: 12}
          - {id: r2, date: 2016-01-19, reviews: 25}
        """,
    "data/newton/glance/gathered.yaml": "ptl: Nikhil Komawar\n",
    "data/newton/nova/gathered.yaml": "ptl: Matt Riedemann\n",
}
MITAKA_GLANCE = {
    "cycle": "mitaka",
    "project": "glance",
    "ptl": "Flavio Percoco",
    "features": 2,
    "core_start": 2,
    "core_end": 3,
    "core_joined": 1,
    "core_left": None,
    "priorities_done": 1,
    "priorities_partial": 1,
    "priorities_missed": 1,
    "priorities_dropped": 1,
    "review_days": 2,
    "reviews": 65,
    "merged": 12,
    "deliverables": 2,
    "releases": 3,
    "released_on": "2016-04-07",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    shutil.copy(REPO / "mkdocs.yml", path / "mkdocs.yml")
    for rel, text in FILES.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def export(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["-C", str(root), "export", *args]) == 0
    return capsys.readouterr().out


def test_json_export_round_trips_the_figures_and_the_data(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert main(["-C", str(root), "export", "--format", "json", "--output", str(target)]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [c["name"] for c in document["cycles"]] == ["mitaka", "newton"]
    assert [p["key"] for p in document["projects"]] == ["glance", "nova"]
    entries = {(e["cycle"], e["project"]): e for e in document["entries"]}
    assert list(entries) == [("mitaka", "glance"), ("newton", "glance"), ("newton", "nova")]
    mitaka = entries[("mitaka", "glance")]
    assert mitaka["figures"] == MITAKA_GLANCE
    assert [f["title"] for f in mitaka["data"]["features"]] == ["Feature A", "Feature B"]
    assert mitaka["data"]["review_days"][0]["date"] == "2015-12-01"


def test_csv_export_has_one_row_per_project_cycle_with_headline_figures(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(export(root, capsys, "--format", "csv"))))
    assert [(r["cycle"], r["project"]) for r in rows] == [
        ("mitaka", "glance"),
        ("newton", "glance"),
        ("newton", "nova"),
    ]
    text = ("cycle", "project", "ptl", "released_on")
    parsed = {k: (v if k in text else (int(v) if v else None)) for k, v in rows[0].items()}
    assert parsed == MITAKA_GLANCE
    assert rows[2]["ptl"] == "Matt Riedemann" and rows[2]["reviews"] == ""


def test_export_filters_by_cycle_and_project(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(export(root, capsys, "--cycle", "newton", "--project", "nova"))
    assert [(e["cycle"], e["project"]) for e in document["entries"]] == [("newton", "nova")]
    assert [c["name"] for c in document["cycles"]] == ["newton"]
    rows = export(root, capsys, "--format", "csv", "--project", "glance").splitlines()
    assert len(rows) == 3


def test_export_of_an_unknown_cycle_is_a_clear_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(root), "export", "--cycle", "mitakaa"]) == 1
    assert "unknown cycle 'mitakaa'. did you mean 'mitaka'?" in capsys.readouterr().err
