"""Whole rendered pages of the demo site, compared with golden files a reviewer can read in a diff.

Refresh them on purpose with `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data.units import unit_name
from generator.load.site import load_site
from generator.render.cycle import render_cycle
from generator.render.history import projects_with_history, render_project

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"

PAGES = [
    ("mitaka", "projects/glance/retrospective.md"),
    ("mitaka", "projects/glance/index.md"),
    ("mitaka", "index.md"),
    ("pike", "projects/glance/midcycle-2017-04-20.md"),
    ("juno", "board/2014-05-11.md"),
    ("icehouse", "board/2014-03-04.md"),
    ("history/glance", "index.md"),
    ("history/glance", "newton.md"),
]


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, str]]:
    loaded = load_site(REPO)
    assert loaded.site is not None, [p.render() for p in loaded.problems.items]
    site = loaded.site
    wanted = {unit for unit, _ in PAGES}
    out = {c.name: render_cycle(site, c, REPO / "theme") for c in site.cycles if c.name in wanted}
    for key in projects_with_history(site):
        if unit_name(key) in wanted:
            out[unit_name(key)] = render_project(site, key, REPO / "theme")
    return out


@pytest.mark.parametrize(("cycle", "page"), PAGES, ids=[f"{c}/{p}" for c, p in PAGES])
def test_rendered_page_matches_its_golden_file(
    cycle: str, page: str, rendered: dict[str, dict[str, str]], request: pytest.FixtureRequest
) -> None:
    """The demo page renders exactly as its reviewed golden copy."""
    golden = GOLDEN / cycle / page
    text = rendered[cycle][page]
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden and review it"
    assert text == golden.read_text(encoding="utf-8")
