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


def test_hooks_and_plugins_zensical_skips_are_warned_about_with_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Zensical drops hooks and unknown plugins without a word; the build says so, located."""
    from generator.cli import main

    root = copy_demo(tmp_path)
    (root / "hooks.py").write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - tags\n", "  - tags\n  - git-revision-date\n", 1)
    config.write_text(text + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    lines = config.read_text(encoding="utf-8").splitlines()
    hooks_line = lines.index("hooks:") + 1
    plugin_line = lines.index("  - git-revision-date") + 1
    capsys.readouterr()
    assert main(["-C", str(root), "build", "--quiet", "--engine", "zensical", "--cycle", "mitaka"]) == 0
    err = capsys.readouterr().err
    assert f"mkdocs.yml:{hooks_line}: warning: hooks: zensical does not run mkdocs hooks; hooks.py will not run" in err
    assert f"mkdocs.yml:{plugin_line}: warning: plugins: zensical has no 'git-revision-date' plugin" in err
    assert "'search'" not in err and "'tags'" not in err  # the ones it implements are not named


def test_a_private_build_with_zensical_carries_the_mark_scan_refuses(tmp_path: Path) -> None:
    """The mark is written into the Markdown and the feed, before any engine runs: Zensical's pages
    keep it as mkdocs' do, so `scan` refuses a private site whichever engine built it."""
    from generator.cli import main
    from generator.tools.scan import scan_site

    root = copy_demo(tmp_path)
    assert main(["-C", str(root), "build", "--quiet", "--private", "--engine", "zensical", "--cycle", "mitaka"]) == 0
    findings = scan_site(root / "site")
    marked = {p.location.path for p in findings if "private build" in p.message}
    assert "site/mitaka/projects/glance/retrospective/index.html" in marked
    assert "site/feed.xml" in marked
