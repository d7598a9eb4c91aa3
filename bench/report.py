"""The results on the terminal (rich tables) and in `bench.json` (one number per measurement)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from generator.build.engine import ENGINES

from .runner import TARGETS, Results

# The rows of the detail table, in reading order: (bench.json key, label).
DETAIL = (
    ("overhead_ratio_cpu", "overhead ratio in CPU seconds (insensitive to other load)"),
    ("overhead_ratio_subprocess", "overhead ratio, whole processes vs `python -m mkdocs` per cycle"),
    ("one_cycle_ratio_cpu", "one-cycle ratio in CPU seconds"),
    ("one_cycle_ratio_subprocess", "one-cycle ratio, whole processes vs `python -m mkdocs` alone"),
    ("one_cycle_latest_ratio", "one-cycle ratio when the latest cycle changed"),
    ("scaling_33_over_5_cpu", "33 ÷ 5 cycles in CPU seconds"),
    ("scaling_largest_over_smallest", "largest ÷ smallest corpus of the growth series"),
    ("full_1_worker_s", "full build, 1 worker (fastest run)"),
    ("full_1_worker_load_s", "  of which load + validate"),
    ("full_1_worker_render_s", "  of which render + write Markdown"),
    ("full_1_worker_mkdocs_s", "  of which mkdocs"),
    ("full_1_worker_gc_s", "  of which Python's garbage collector"),
    ("full_1_worker_process_s", "  the whole process"),
    ("full_1_worker_cpu_s", "  CPU seconds"),
    ("plain_mkdocs_in_process_s", "plain mkdocs, same pages, in one process (fastest run)"),
    ("plain_mkdocs_in_process_cpu_s", "  CPU seconds"),
    ("plain_mkdocs_subprocess_s", "plain mkdocs, same pages, one process per cycle"),
    ("hugo_s", "Hugo, same pages, bare layout, one process per unit"),
    ("hugo_1_core_s", "  with one core (GOMAXPROCS=1)"),
    ("hugo_ratio", "  one core ÷ plain mkdocs in-process"),
    ("hugo_html_pages", "  HTML pages"),
    ("full_all_workers_s", "full build, all workers (fastest run)"),
    ("full_all_workers_process_s", "  the whole process"),
    ("noop_s", "no-op rebuild (cycle-reports build, whole command)"),
    ("noop_inner_s", "  inside build()"),
    ("noop_first_s", "  the first run after the full build"),
    ("one_cycle_middle_s", "one middle cycle's data changed (median of 3 edits)"),
    ("one_cycle_middle_cycles_built", "  cycles rebuilt"),
    ("one_cycle_middle_alone_s", "  plain mkdocs of that cycle alone, in-process (median of 3)"),
    ("one_cycle_middle_alone_subprocess_s", "  plain mkdocs of that cycle alone, subprocess"),
    ("one_cycle_latest_s", "the latest cycle's data changed (median of 3 edits)"),
    ("one_cycle_latest_cycles_built", "  cycles rebuilt"),
    ("one_cycle_latest_alone_s", "  plain mkdocs of that cycle alone, in-process"),
    ("title_only_middle_s", "a middle cycle's feature title changed (no figure)"),
    ("title_only_middle_cycles_built", "  cycles rebuilt"),
    ("template_change_s", "report template overridden in theme/"),
    ("template_change_cycles_built", "  cycles rebuilt"),
    ("overhead_s", "our own work, mkdocs stubbed out"),
    ("overhead_load_s", "  load + validate"),
    ("overhead_render_s", "  render + write + fingerprint"),
    ("overhead_gc_s", "  garbage collector (inside the above)"),
    ("overhead_without_gc_s", "our own work with the collector off"),
    ("peak_rss_bytes", "peak memory of one process"),
    ("full_1_worker_peak_rss_bytes", "  full build, 1 worker"),
    ("full_all_workers_peak_rss_bytes", "  full build, one of the workers or the parent"),
    ("plain_mkdocs_in_process_peak_rss_bytes", "  plain mkdocs, in-process"),
    ("output_bytes", "output size (site/)"),
    ("output_html_pages", "  HTML pages"),
    ("plain_mkdocs_output_bytes", "  plain mkdocs output"),
    ("generated_markdown_bytes", "generated Markdown (build/)"),
    ("corpus_write_s", "writing the synthetic corpus"),
)


def _fmt(key: str, value: Any) -> str:
    if value is None:
        return "null"
    if key.endswith("_bytes"):
        return f"{value / 2**20:,.1f} MiB"
    if isinstance(value, float):
        return f"{value:.3f}" if "ratio" in key or "_over_" in key else f"{value:.2f} s"
    return str(value)


def verdict(key: str, value: Any) -> str:
    bound = TARGETS[key]["max"]
    if value is None:
        return "[yellow]not measured"
    return "[green]met" if value <= bound else "[red]missed"


def print_tables(results: Results, console: Console) -> None:
    targets = Table(title="Targets (issue 6)", title_justify="left")
    for column in ("measurement", "key", "measured", "target", ""):
        targets.add_column(column)
    for key, target in TARGETS.items():
        value = results.get(key)
        bound = f"≤ {target['max']}" + (" s" if key.endswith("_s") else "")
        targets.add_row(target["what"], key, _fmt(key, value), bound, verdict(key, value))
    console.print(targets)
    detail = Table(title="Measurements", title_justify="left")
    detail.add_column("measurement")
    detail.add_column("value", justify="right")
    detail.add_column("bench.json key")
    for key, label in DETAIL:
        if key in results:
            detail.add_row(label, _fmt(key, results[key]), key)
    for key in sorted(k for k in results if k.startswith("full_1_worker_") and k.endswith("_cycles_s")):
        detail.add_row(f"full build, 1 worker, {key.split('_')[3]} cycles", _fmt(key, results[key]), key)
    console.print(detail)
    if results.get("full_1_worker_runs_s"):
        ours = ", ".join(f"{v:.1f}" for v in results["full_1_worker_runs_s"])
        plain = ", ".join(f"{v:.1f}" for v in results.get("plain_mkdocs_in_process_runs_s", []))
        pairs = ", ".join(f"{v:.3f}" for v in results.get("overhead_ratio_pairs", []))
        console.print(
            f"Full 1-worker build, run by run: ours {ours} s; plain mkdocs {plain} s; "
            f"ratio of each pair {pairs} (overhead_ratio compares the fastest of each)"
        )
    if results.get("full_all_workers_runs_s"):
        runs = ", ".join(f"{v:.1f}" for v in results["full_all_workers_runs_s"])
        console.print(f"Full build with all workers, run by run: {runs} s (parallel_ratio takes the fastest)")
    print_engines(results, console)
    m, corpus = results["machine"], results["corpus"]
    console.print(
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_bytes'] / 2**30:.1f} GiB, Python {m['python']}, "
        f"mkdocs {m['mkdocs']}, Material {m['mkdocs_material']}, libyaml {m['libyaml']}, git {m['git']}"
    )
    console.print(
        f"Corpus: {corpus['projects']} projects × {corpus['cycles']} cycles (seed {corpus['seed']}), "
        f"{corpus.get('pages', '?')} pages, {corpus['files']} files, {corpus['bytes'] / 1e6:.1f} MB"
    )


ENGINE_BUILDS = (
    ("cold", "cold: fresh build/ and site/, no caches"),
    ("noop", "no-op: nothing changed"),
    ("warm", "warm: one project-cycle edited, caches kept"),
    ("forced", "forced: every unit again, caches warm"),
)


def _seconds(value: Any) -> str:
    return "—" if value is None else f"{value:.2f} s"


def print_engines(results: Results, console: Console) -> None:
    """mkdocs and Zensical side by side on the same units: each build's total, the engine's own
    seconds, and seconds per unit it built; then the one-page unit (start-up)."""
    engines = results.get("engines")
    if not engines:
        return
    size = engines["corpus"]
    table = Table(
        title=f"Engines on the same units ({size['projects']} projects × {size['cycles']} cycles, 1 worker)",
        title_justify="left",
    )
    for column in ("build", "engine", "total", "in engine", "per unit", "units built"):
        table.add_column(column, justify="left" if column in ("build", "engine") else "right")
    for key, label in ENGINE_BUILDS:
        for name in ENGINES:
            found = (engines.get(name) or {}).get(key)
            if found is None:
                table.add_row(label, name, "null", "", "", "")
            else:
                table.add_row(
                    label,
                    name,
                    _seconds(found["total_s"]),
                    _seconds(found["engine_s"]),
                    _seconds(found["per_unit_s"]),
                    str(found["units_built"]),
                )
            label = ""
    label = "one-page unit: median of runs 2–3 (run 1)"
    for name in ENGINES:
        found = engines.get(name)
        value = f"{_seconds(found['startup_s'])} ({_seconds(found['startup_first_s'])})" if found else "null"
        table.add_row(label, name, "", "", value, "1" if found else "")
        label = ""
    console.print(table)
    for name, reason in engines.get("notes", {}).items():
        console.print(f"  {name}: {reason}")
    if engines.get("zensical_over_mkdocs"):
        found = ", ".join(f"{k} {v:.2f}" for k, v in engines["zensical_over_mkdocs"].items())
        console.print(f"Zensical ÷ mkdocs: {found}")


def write_json(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
