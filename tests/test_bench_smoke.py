"""The benchmark's synthetic corpus: valid for the loader and the checker, and the same for a seed.

These run the corpus generator at a tiny size only; the benchmark itself (mkdocs at scale) is
`nox -s bench` / `python -m bench --quick`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import make_parser, settings_from
from bench.corpus import edit_title_and_review_day, write_corpus, write_template_override
from generator.build.engine import zensical_command
from generator.load.site import load_site
from generator.render.cycle import render_cycle
from generator.tools.check import check_project

REPO = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_tiny_corpus_loads_with_no_problems(tmp_path: Path) -> None:
    """3 projects × 3 cycles load into a model with every project-cycle and not one problem."""
    corpus = write_corpus(tmp_path / "c", REPO, projects=3, cycles=3, seed=7)
    loaded = load_site(corpus.root)
    assert [p.render() for p in loaded.problems.items] == []
    assert loaded.site is not None
    assert [c.name for c in loaded.site.cycles] == list(corpus.cycles)
    assert len(loaded.site.entries) == 9
    entry = loaded.site.entries[0]
    assert entry.data.features and entry.data.priorities and entry.data.review_days and entry.retrospective
    assert "<!-- data: features -->" in entry.retrospective.text


def test_tiny_corpus_passes_strict_check(tmp_path: Path) -> None:
    """The corpus is consistent across files too (rosters, review-day dates, carried-over cycles)."""
    corpus = write_corpus(tmp_path / "c", REPO, projects=3, cycles=3, seed=7)
    assert [p.render() for p in check_project(corpus.root, strict=True)] == []


def test_corpus_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    """The same size and seed write the same bytes; another seed writes other data."""
    first = tree(write_corpus(tmp_path / "a", REPO, projects=2, cycles=3, seed=5).root)
    again = tree(write_corpus(tmp_path / "b", REPO, projects=2, cycles=3, seed=5).root)
    other = tree(write_corpus(tmp_path / "c", REPO, projects=2, cycles=3, seed=6).root)
    assert first == again
    assert first.keys() == other.keys()
    assert first != other


def test_smaller_corpus_starts_like_a_larger_one(tmp_path: Path) -> None:
    """A 2-cycle corpus holds the first-cycle data of a 3-cycle one: the scaling series compares like with like."""
    small = write_corpus(tmp_path / "s", REPO, projects=2, cycles=2, seed=3)
    large = write_corpus(tmp_path / "l", REPO, projects=2, cycles=3, seed=3)
    path = f"data/{small.cycles[0]}/{small.projects[0]}/gathered.yaml"
    assert (small.root / path).read_bytes() == (large.root / path).read_bytes()


def test_edit_changes_one_title_and_one_review_count(tmp_path: Path) -> None:
    """The benchmark's 'one cycle changed' edit corrects a feature title and a review day's count."""
    corpus = write_corpus(tmp_path / "c", REPO, projects=2, cycles=2, seed=1)
    before = load_site(corpus.root).site
    edit_title_and_review_day(corpus.root, corpus.cycles[1], corpus.projects[0])
    after = load_site(corpus.root).site
    assert before is not None and after is not None
    cycle, project = corpus.cycles[1], corpus.projects[0]
    old = next(e.data for e in before.entries_for(cycle) if e.project == project)
    new = next(e.data for e in after.entries_for(cycle) if e.project == project)
    assert new.features[0].title == old.features[0].title + " (corrected)"
    assert new.review_days[0].reviews == (old.review_days[0].reviews or 0) + 17
    assert before.entries_for(corpus.cycles[0]) == after.entries_for(corpus.cycles[0])
    assert [e for e in before.entries_for(cycle) if e.project != project] == [
        e for e in after.entries_for(cycle) if e.project != project
    ]


def test_template_override_reaches_the_pages(tmp_path: Path) -> None:
    """The theme/ override the benchmark writes changes the rendered features block."""
    corpus = write_corpus(tmp_path / "c", REPO, projects=1, cycles=1, seed=1)
    write_template_override(corpus.root)
    site = load_site(corpus.root).site
    assert site is not None
    pages = render_cycle(site, site.cycles[0], corpus.root / "theme")
    assert ":material-check:" in pages[f"projects/{corpus.projects[0]}/retrospective.md"]


def test_quick_mode_is_small() -> None:
    """`--quick` is the smoke size: 6 projects × 5 cycles, growth measured at 2 and 5 cycles, engines
    compared on 2 projects × 3 cycles."""
    settings = settings_from(make_parser().parse_args(["--quick"]))
    assert (settings.projects, settings.cycles, settings.scale) == (6, 5, (2, 5))
    assert settings.engine_corpus == (2, 3)  # the engine comparison: 3 versions and 2 history sites


def test_benchmark_snapshots_this_checkout(tmp_path: Path) -> None:
    """The benchmark measures the code of the checkout it lives in: its snapshot holds the package
    and the benchmark itself (it runs `python -m bench.child` from there)."""
    from rich.console import Console

    from bench.runner import Bench, Settings

    settings = Settings(workdir=tmp_path / "work")
    assert settings.repo == REPO
    bench = Bench(settings, Console(quiet=True))
    digest = bench.snapshot_code()
    assert len(digest) == 16
    assert (bench.code / "generator" / "build" / "pipeline.py").is_file()
    assert (bench.code / "bench" / "child.py").is_file()


def engine_bench(tmp_path: Path) -> Any:
    """A benchmark of 1 project × 2 cycles (two versions and one history site), its corpus written."""
    from rich.console import Console

    from bench.runner import Bench, Settings

    bench = Bench(Settings(workdir=tmp_path / "work", projects=1, cycles=2), Console(quiet=True))
    bench.settings.workdir.mkdir(parents=True)
    bench.snapshot_code()
    bench.make_corpus()
    return bench


def check_engine(found: dict[str, Any], units: set[str]) -> None:
    """One engine's four builds did what their names say, on `units`."""
    cold, noop, warm, forced = (found[k] for k in ("cold", "noop", "warm", "forced"))
    assert set(cold["unit_s"]) == units and cold["units_built"] == len(units)
    assert noop["units_built"] == 0 and noop["units_skipped"] == len(units) and noop["per_unit_s"] is None
    # The edit in the middle cycle rebuilds that version and the project's history site, nothing else.
    assert warm["edited"] == "bexar/" + next(iter(u.split("/")[1] for u in units if u.startswith("history/")))
    assert set(warm["unit_s"]) == {"bexar", *(u for u in units if u.startswith("history/"))}
    assert set(forced["unit_s"]) == units
    for build in (cold, warm, forced):
        assert build["engine_s"] == pytest.approx(sum(build["unit_s"].values()))
        assert build["per_unit_s"] == pytest.approx(build["engine_s"] / build["units_built"])
        assert 0 < build["engine_s"] < build["total_s"] <= build["process_s"]
    assert len(found["startup_runs_s"]) == 3 and found["startup_s"] > 0


def test_engine_step_records_a_missing_engine_as_null(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Zensical the engine step still measures mkdocs on every unit, cold, no-op, warm and
    forced, and records Zensical as null with the reason; the corpus it copied stays unbuilt."""
    import bench.engines as engines

    monkeypatch.setattr(engines, "zensical_command", lambda: None)  # as on a machine without it
    bench = engine_bench(tmp_path)
    found = engines.measure_engines(bench)
    check_engine(found["mkdocs"], {"austin", "bexar", "history/nova"})
    assert found["zensical"] is None and "not installed" in found["notes"]["zensical"]
    assert found["zensical_over_mkdocs"] is None
    assert not (bench.root / "build").exists() and not (bench.root / "site").exists()
    assert not (bench.settings.workdir / "engine-mkdocs").exists()  # cleaned up after measuring


@pytest.mark.zensical
@pytest.mark.skipif(zensical_command() is None, reason="zensical is not installed (pip install -e '.[zensical]')")
def test_engine_step_builds_the_same_units_with_both_engines(tmp_path: Path) -> None:
    """Both engines build the very same units in each of the four builds, and the ratios are theirs."""
    from bench.engines import measure_engines

    found = measure_engines(engine_bench(tmp_path))
    units = {"austin", "bexar", "history/nova"}
    check_engine(found["mkdocs"], units)
    check_engine(found["zensical"], units)
    assert found["notes"] == {}
    ratio = found["zensical_over_mkdocs"]
    assert ratio["forced_engine_s"] == pytest.approx(
        found["zensical"]["forced"]["engine_s"] / found["mkdocs"]["forced"]["engine_s"]
    )
