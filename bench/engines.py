"""Both engines on the same units: mkdocs (with Material) and Zensical, cold, warm and forced.

Material ends on 2027-05-05 and Zensical is its successor (generator/build/engine.py); which one
to run depends on where the time goes, so each engine builds a fresh copy of the same corpus,
one worker, in four builds, each in a fresh process (child.py's `build` task):

    cold    fresh build/ and site/: no load cache, no compiled templates, no Zensical cache
    noop    nothing changed: the stamp says so and no engine runs (the same for both)
    warm    one project's data in the middle cycle edited: our skipping rebuilds that version
            and the project's history site, with the engine's caches kept (ours: the template
            cache; Zensical's: build/<unit>/.cache)
    forced  `--force` with every cache warm: every unit built again, so the per-unit engine
            cost is compared on a level field

plus a one-page unit with the same config built three times in one process (`engine_startup`):
what every unit pays before its first page, the number that decides small units.

The results sit side by side in `results["engines"][engine]`; an engine that is not installed,
or fails, is `null` with the reason in `results["engines"]["notes"]`.
"""

from __future__ import annotations

import re
import shutil
import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build.engine import ENGINES, zensical_command
from generator.data.units import build_folder

from . import corpus as c

if TYPE_CHECKING:
    from .runner import Bench

PROBE = "startup-probe"
PROBE_RUNS = 3
_NAV = re.compile(r"^nav:\n(?:[ \t-].*\n)*", re.MULTILINE)


def engine_missing(engine: str) -> str | None:
    """Why `engine` cannot run here, or None when it can."""
    if engine == "zensical" and zensical_command() is None:
        return "zensical is not installed (pip install -e '.[zensical]'); not measured"
    return None


def corpus_size(bench: Bench) -> tuple[int, int]:
    """(projects, cycles) of the engine comparison: its own size when set (tiny with --quick),
    else the main corpus."""
    s = bench.settings
    return s.engine_corpus or (s.projects, s.cycles)


def source_corpus(bench: Bench) -> Path:
    """The corpus both engines start from: the main one when the sizes match, else one of its own."""
    projects, cycles = corpus_size(bench)
    if (projects, cycles) == (bench.settings.projects, bench.settings.cycles):
        return bench.root
    root = bench.settings.workdir / "engines-corpus"
    shutil.rmtree(root, ignore_errors=True)
    c.write_corpus(root, bench.settings.repo, projects, cycles, bench.settings.seed)
    return root


def fresh_copy(source: Path, target: Path) -> Path:
    """The corpus without build/, site/ or manifest: no cache of any kind carries over."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "site", "site.manifest.json"))
    return target


def write_probe_unit(build: Path, config: Path) -> Path:
    """A unit of one page with `config`'s settings (theme, overrides, plugins, extensions): what an
    engine spends on a unit before any page of it. Returns its mkdocs.yml."""
    folder = build / PROBE
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Start-up probe\n\nOne page.\n", encoding="utf-8")
    text = _NAV.sub("", config.read_text(encoding="utf-8")).rstrip("\n")
    target = folder / "mkdocs.yml"
    target.write_text(text + "\nnav:\n- Start-up probe: index.md\n", encoding="utf-8")
    return target


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """One build of one engine: totals, and seconds per unit the engine ran on."""
    units: dict[str, float] = data["cycle_seconds"]
    engine_s = sum(units.values())
    return {
        "total_s": data["inner_s"],
        "process_s": data["process_s"],
        "cpu_s": data["cpu_s"],
        "engine_s": engine_s,
        "units_built": len(data["built"]),
        "units_skipped": len(data["skipped"]),
        "per_unit_s": engine_s / len(units) if units else None,
        "unit_s": units,
        "stage_s": data["stage_seconds"],
    }


def measure_engine(bench: Bench, engine: str, source: Path) -> dict[str, Any]:
    """The four builds and the start-up probe of one engine, on a fresh copy of `source`."""
    root = fresh_copy(source, bench.settings.workdir / f"engine-{engine}")
    _, cycles = corpus_size(bench)
    names = c.cycle_names(cycles)
    cycle, project = names[len(names) // 2], c.project_names(corpus_size(bench)[0])[0]
    out: dict[str, Any] = {}
    out["cold"] = summarise(bench.build(f"engine_{engine}_cold", root, jobs=1, force=True, engine=engine))
    out["noop"] = summarise(bench.build(f"engine_{engine}_noop", root, jobs=1, engine=engine))
    c.edit_title_and_review_day(root, cycle, project)
    out["warm"] = summarise(bench.build(f"engine_{engine}_warm", root, jobs=1, engine=engine))
    out["warm"]["edited"] = f"{cycle}/{project}"
    out["forced"] = summarise(bench.build(f"engine_{engine}_forced", root, jobs=1, force=True, engine=engine))
    config = write_probe_unit(root / "build", build_folder(root / "build", names[0]) / "mkdocs.yml")
    probe = bench.child(
        f"engine_{engine}_startup",
        {"task": "engine_startup", "engine": engine, "config": str(config), "runs": PROBE_RUNS},
    )
    runs: list[float] = probe["runs_s"]
    out["startup_runs_s"] = runs
    out["startup_s"] = statistics.median(runs[1:]) if len(runs) > 1 else runs[0]
    out["startup_first_s"] = runs[0]
    out["startup_cpu_s"] = probe["cpu_s"]
    bench.console.print(f"  {engine}: one-page unit {out['startup_s']:.2f} s (first in its process {runs[0]:.2f} s)")
    shutil.rmtree(root, ignore_errors=True)
    return out


def measure_engines(bench: Bench) -> dict[str, Any]:
    """`results["engines"]`: every engine on the same units, side by side, plus the ratios."""
    projects, cycles = corpus_size(bench)
    source = source_corpus(bench)
    found: dict[str, Any] = {"corpus": {"projects": projects, "cycles": cycles}, "jobs": 1, "notes": {}}
    for engine in ENGINES:
        reason = engine_missing(engine)
        if reason is None:
            try:
                found[engine] = measure_engine(bench, engine, source)
                continue
            except RuntimeError as exc:  # a failed build: recorded, and the benchmark goes on
                reason = f"failed: {exc}"
        found[engine] = None
        found["notes"][engine] = reason
        bench.notes.append(f"engine {engine}: {reason}")
        bench.console.print(f"  {engine}: {reason}")
    if source != bench.root:
        shutil.rmtree(source, ignore_errors=True)
    found["zensical_over_mkdocs"] = ratios(found.get("mkdocs"), found.get("zensical"))
    return found


def ratios(mkdocs: dict[str, Any] | None, zensical: dict[str, Any] | None) -> dict[str, float] | None:
    """Zensical's time ÷ mkdocs' for each build (below 1: Zensical is faster), or None."""
    if not mkdocs or not zensical:
        return None
    found = {
        f"{build}_{key}": zensical[build][key] / mkdocs[build][key]
        for build in ("cold", "warm", "forced")
        for key in ("total_s", "engine_s")
        if mkdocs[build][key] and zensical[build][key] is not None
    }
    found["startup_s"] = zensical["startup_s"] / mkdocs["startup_s"]
    return found
