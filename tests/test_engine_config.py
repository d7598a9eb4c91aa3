"""What lets either engine read a unit: pages as `<name>/index.md` with their links moved, and a
unit config complete in itself (no INHERIT), folders relative and inside the unit, the engine
chosen by flag or by `extra.engine`."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.build.base_config import Tagged, complete_config, merge
from generator.build.engine import configured_engine
from generator.render.layout import source_files, source_nav, source_path

REPO = Path(__file__).resolve().parents[1]


def test_every_page_becomes_an_index_file_and_keeps_its_url() -> None:
    assert source_path("projects/glance/retrospective.md") == "projects/glance/retrospective/index.md"
    assert source_path("projects/glance/index.md") == "projects/glance/index.md"
    assert source_path("index.md") == "index.md"
    assert source_path("feed.xml") == "feed.xml"


def test_md_links_follow_both_files_and_directory_links_stay() -> None:
    pages = {
        "projects/glance/index.md": "[r](retrospective.md#handoff) [h](../../../history/glance/)",
        "projects/glance/retrospective.md": "[o](index.md) [m](midcycle-2016-01-20.md) [n](../../../newton/)\n"
        "```\n[not a link](index.md)\n```\n[x](https://example.org/a.md) [t](#top)",
        "guide.md": "[w](ptl-workflow.md)",
    }
    out = source_files(pages)
    assert out["projects/glance/index.md"] == "[r](retrospective/index.md#handoff) [h](../../../history/glance/)"
    assert out["projects/glance/retrospective/index.md"] == (
        "[o](../index.md) [m](../midcycle-2016-01-20/index.md) [n](../../../newton/)\n"
        "```\n[not a link](index.md)\n```\n[x](https://example.org/a.md) [t](#top)"
    )
    assert out["guide/index.md"] == "[w](../ptl-workflow/index.md)"


def test_nav_paths_move_and_outbound_urls_stay() -> None:
    nav = [{"Cycle overview": "index.md"}, {"About": ["about.md", "guide.md"]}, {"G": "../history/glance/"}]
    assert source_nav(nav) == [
        {"Cycle overview": "index.md"},
        {"About": ["about/index.md", "guide/index.md"]},
        {"G": "../history/glance/"},
    ]


def test_merge_is_inherits_mappings_merged_lists_replaced() -> None:
    base = {"extra": {"version": {"provider": "mike"}, "generator": False}, "plugins": ["search", "tags"]}
    assert merge(base, {"extra": {"version": None}, "plugins": ["search"]}) == {
        "extra": {"version": None, "generator": False},
        "plugins": ["search"],
    }


def test_the_unit_config_is_complete_and_keeps_python_tags(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nINHERIT: other.yml\nplugins: [search, tags]\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    text = complete_config(tmp_path, {"docs_dir": "docs", "site_dir": "site", "plugins": ["search"]}, "# unit\n")
    assert text.startswith("# unit\n") and "INHERIT" not in text
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in text

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: Tagged(node.tag, ""))
    data = yaml.load(text, Loader=Loader)  # a SafeLoader subclass
    assert data["plugins"] == ["search"] and data["docs_dir"] == "docs" and data["site_dir"] == "site"


def test_the_demo_units_config_loads_in_mkdocs_without_inherit(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from generator.build.config import cycle_config
    from generator.load.site import load_site
    from generator.render.cycle import render_cycle

    site = load_site(REPO).site
    assert site is not None
    cycle = site.cycle("mitaka")
    pages = render_cycle(site, cycle, REPO / "theme")
    text = cycle_config(REPO, cycle, pages, site, engine="zensical")
    unit = tmp_path / "build" / "mitaka"
    (unit / "docs").mkdir(parents=True)
    (tmp_path / "theme").symlink_to(REPO / "theme")  # custom_dir: ../../theme/overrides, relative to the unit
    (unit / "mkdocs.yml").write_text(text, encoding="utf-8")
    config = load_config(str(unit / "mkdocs.yml"))
    assert Path(config["docs_dir"]) == unit / "docs" and Path(config["site_dir"]) == unit / "site"
    assert config["extra"]["engine"] == "zensical" and config["extra"]["version"]["provider"] == "mike"
    assert "INHERIT" not in text


def test_the_engine_setting(tmp_path: Path) -> None:
    assert configured_engine(tmp_path) == "mkdocs"
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nextra:\n  generator: false\n  engine: zensical\n")
    assert configured_engine(tmp_path) == "zensical"
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nextra:\n  generator: false\ntheme:\n  engine: x\n")
    assert configured_engine(tmp_path) == "mkdocs"


def test_hooks_are_warned_about_only_for_zensical() -> None:
    """mkdocs runs hooks; Zensical does not, so only a Zensical build names them (with the line)."""
    from generator.build.engine import engine_warnings

    text = "site_name: x\nplugins:\n  - search\nhooks:\n  - hooks/one.py\n  - two.py\n"
    config = {"site_name": "x", "plugins": ["search"], "hooks": ["hooks/one.py", "two.py"]}
    assert engine_warnings(config, text, "mkdocs") == []
    found = engine_warnings(config, text, "zensical")
    assert found[0].startswith("mkdocs.yml:4: warning: hooks: zensical does not run mkdocs hooks; ")
    assert "hooks/one.py, two.py will not run" in found[0]
    assert engine_warnings({"site_name": "x"}, "site_name: x\n", "zensical") == []
