"""Whole rendered pages of the demo site, compared with golden files a reviewer can read in a diff.

The pages are rendered from `tests/golden/input/` (a frozen copy of the demo's data/ and
content/cycles/, copied to a tmp dir), never from the live data/: a PTL's legitimate re-gather
moves the gathered dates and facts of data/, and committing it must not turn CI red.

Refresh on purpose and review the diff: `pytest tests/test_golden.py --update-golden` rewrites
the pages from the frozen input; `--freeze-golden-input` first copies the live demo into it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.data.units import unit_name
from generator.load.site import Loaded, load_site
from generator.render.cycle import render_cycle
from generator.render.history import projects_with_history, render_project

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
INPUT = GOLDEN / "input"

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


def freeze_input() -> None:
    """Copy the live demo's data (without the generated schemas) and prose into tests/golden/input/."""
    shutil.rmtree(INPUT, ignore_errors=True)
    shutil.copytree(REPO / "data", INPUT / "data", ignore=shutil.ignore_patterns("schemas"))
    shutil.copytree(REPO / "content" / "cycles", INPUT / "content" / "cycles")


@pytest.fixture(scope="module")
def frozen_root(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A project in a tmp dir holding the frozen golden input, nothing of the live data/."""
    if request.config.getoption("--freeze-golden-input"):
        freeze_input()
    root = tmp_path_factory.mktemp("golden") / "project"
    shutil.copytree(INPUT, root)
    return root


@pytest.fixture(scope="module")
def loaded_frozen(frozen_root: Path) -> Loaded:
    return load_site(frozen_root)


@pytest.fixture(scope="module")
def rendered(loaded_frozen: Loaded) -> dict[str, dict[str, str]]:
    loaded = loaded_frozen
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


def test_golden_pages_read_only_the_frozen_input(loaded_frozen: Loaded, frozen_root: Path) -> None:
    """No file of the live data/ or content/ is read: re-gathering the demo cannot change a golden page."""
    assert loaded_frozen.files
    for path in loaded_frozen.files:
        assert path.resolve().is_relative_to(frozen_root.resolve()), path


def test_a_regathered_demo_leaves_the_golden_pages_as_they_were(
    tmp_path: Path, rendered: dict[str, dict[str, str]]
) -> None:
    """What a re-gather does to data/ (new gathered dates, here on every gathered file of a copy of
    the live demo) changes the page rendered from that copy, and not the golden render."""
    live = tmp_path / "live"
    shutil.copytree(REPO / "data", live / "data", ignore=shutil.ignore_patterns("schemas"))
    shutil.copytree(REPO / "content" / "cycles", live / "content" / "cycles")
    # every gathered date, the sources' snapshot dates included (the pages show those, in their
    # Sources notes, and not the date a gather ran)
    for path in [*(live / "data").glob("*/*/gathered.yaml"), live / "data" / "cycles.gathered.yaml"]:
        text = path.read_text(encoding="utf-8")
        lines = [re.sub(r"^(\s*)as_of:.*", r"\1as_of: 2031-01-02T03:04:05Z", line) for line in text.splitlines()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    regathered = load_site(live)
    assert regathered.site is not None
    pages = render_cycle(regathered.site, regathered.site.cycle("mitaka"), REPO / "theme")
    assert "snapshot of 2 January 2031" in pages["index.md"]
    assert not [page for page, text in rendered["mitaka"].items() if "2031" in text]
    assert rendered["mitaka"]["projects/glance/index.md"] == (GOLDEN / "mitaka/projects/glance/index.md").read_text(
        encoding="utf-8"
    )
