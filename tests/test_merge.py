"""How a person's authored.yaml lays over gathered.yaml: what they write wins, provenance included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.data import model as m
from generator.load.site import load_site

GATHERED = """\
ptl: Gathered Person
ptl_source:
  repo: openstack/election
  path: doc/source/results/mitaka/ptl.yaml
  as_of: 2026-11-22
features:
  - id: f1
    title: Gathered title
    source: {url: "https://blueprints.launchpad.net/glance/+spec/f1"}
"""


def mitaka_glance(root: Path) -> m.ProjectCycle:
    loaded = load_site(root)
    assert loaded.site, [p.render() for p in loaded.problems.items]
    return next(e.data for e in loaded.site.entries if (e.cycle, e.project) == ("mitaka", "glance"))


@pytest.mark.parametrize(
    ("authored", "ptl", "source_path"),
    [
        ("", "Gathered Person", "doc/source/results/mitaka/ptl.yaml"),  # nothing authored: gathered as is
        ("ptl: Gathered Person\n", "Gathered Person", "doc/source/results/mitaka/ptl.yaml"),  # same name
        ("ptl: Corrected Person\n", "Corrected Person", None),  # a new name drops the old name's source
        (
            "ptl: Corrected Person\nptl_source: {url: 'https://lists.openstack.org/x'}\n",
            "Corrected Person",
            None,
        ),
    ],
)
def test_a_corrected_value_does_not_keep_the_gathered_source_of_another(
    make_project: Callable[..., Path], authored: str, ptl: str, source_path: str | None
) -> None:
    files = {"data/mitaka/glance/gathered.yaml": GATHERED}
    if authored:
        files["data/mitaka/glance/authored.yaml"] = authored
    data = mitaka_glance(make_project(files))
    assert data.ptl == ptl
    if source_path:
        assert data.ptl_source is not None and data.ptl_source.path == source_path
    elif "ptl_source" in authored:
        assert data.ptl_source is not None and data.ptl_source.link == "https://lists.openstack.org/x"
    else:
        assert data.ptl_source is None


def test_a_corrected_item_title_keeps_the_item_source(make_project: Callable[..., Path]) -> None:
    """Items are matched by id: retitling a feature keeps where the feature came from."""
    files = {
        "data/mitaka/glance/gathered.yaml": GATHERED,
        "data/mitaka/glance/authored.yaml": "features:\n  - id: f1\n    title: Better title\n",
    }
    feature = mitaka_glance(make_project(files)).features[0]
    assert feature.title == "Better title"
    assert feature.source is not None and feature.source.link.endswith("+spec/f1")
