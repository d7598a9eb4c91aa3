"""The whole demo built with Zensical (`cycle-reports build --engine zensical`): every unit, the
same version tree and page URLs as mkdocs gives, and every link resolving under a sub-path —
our crawl stands in for the link checks Zensical does not make.

Runs in `nox -s zensical` (the [zensical] extra); deselected from the default run. Under CI a
missing zensical is a failure, like any other skip (tests/conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build.engine import zensical_command
from generator.tools.crawl import crawl
from tests.demo import copy_demo

REPO = Path(__file__).resolve().parents[1]
SUB_URL = "http://127.0.0.1:8000/sub/"

pytestmark = [
    pytest.mark.zensical,
    pytest.mark.skipif(zensical_command() is None, reason="zensical is not installed (pip install -e '.[zensical]')"),
]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.cli import main

    root = tmp_path_factory.mktemp("zensical-demo")
    copy_demo(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYCLE_REPORTS_SITE_URL", SUB_URL)
        assert main(["-C", str(root), "build", "--quiet", "--engine", "zensical"]) == 0, "Zensical did not build"
    return root / "site"


def test_every_unit_builds_with_the_same_tree(zensical_site: Path) -> None:
    versions = json.loads((zensical_site / "versions.json").read_text(encoding="utf-8"))
    assert len(versions) == 27 and versions[0]["aliases"] == ["latest"]
    for unit in [v["version"] for v in versions] + ["history/glance", "history/nova"]:
        assert (zensical_site / unit / "index.html").is_file(), unit
        assert (zensical_site / unit / "search.json").is_file(), f"{unit}: Zensical's search index"
    assert (zensical_site / "mitaka" / "projects" / "glance" / "retrospective" / "index.html").is_file()
    assert (zensical_site / "latest" / "index.html").is_file() and (zensical_site / "feed.xml").is_file()
    assert "Passing the torch" in (zensical_site / "mitaka" / "projects" / "glance" / "index.html").read_text(
        encoding="utf-8"
    )


def test_every_link_resolves_under_a_sub_path(zensical_site: Path) -> None:
    assert len(list(zensical_site.rglob("*.html"))) > 300
    broken = crawl(zensical_site, "/sub/", SUB_URL)
    assert not broken, "\n".join(str(b) for b in broken[:40])
