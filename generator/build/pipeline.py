"""The versioned build, as stages: plan → render and build the units → place the version tree →
remember. Each stage is one call over the `Plan`, the way mkdocs' own `commands/build.py` reads.

    data/ + content/ ──load──▶ model ──render──▶ build/<unit>/docs/**.md + build/<unit>/mkdocs.yml
                                                         │  mkdocs build --strict, one process per unit
                                                         ▼
        site/<cycle>/ …, site/history/<project>/ …, site/versions.json, site/latest/, site/feed.xml,
        site/index.html, site/404.html

A unit is one cycle's version (`mitaka`) or one project's pages that span cycles
(`history/glance`, see render/history.py). A unit is rendered again only when its render key
changes (build/keys.py) and built again only when the fingerprint of its pages and config does.
Keys and fingerprints live in `site.manifest.json` beside `site/`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from ..data import model as m
from ..data.siteurl import site_url
from ..data.units import SITE_FEED, build_folder, is_unit_name, unit_name
from ..data.yamlio import write_text_atomic
from ..errors import UserError, print_problems
from ..load.published import published, unpublished
from ..load.site import Loaded, load_site
from ..render.feeds import render_site_feed
from ..render.history import projects_with_history
from .config import unit_epoch
from .keys import shared_inputs, unit_keys
from .recover import PRIVATE_BUILD_MARK, build_lock, forget_built, recover_site, write_failed
from .stamp import (
    MANIFEST,
    BuildOptions,
    BuildReport,
    input_stamp,
    print_summary,
    read_manifest,
    tool_versions,
    up_to_date,
)
from .tree import swap_in, versions_json, write_aliases, write_sitemap_index
from .workers import _RENDER, Outcome, Task, run_tasks


@dataclass
class Plan:
    """What the first stage decided: the loaded site, every unit with its render key, and the
    tasks for the units whose key or output changed. The rest keep their previous fingerprint."""

    loaded: Loaded
    site: m.Site
    shared: str
    units: list[str]
    keys: dict[str, str]
    tasks: list[Task]
    previous: dict[str, str]  # fingerprints of what site/<unit>/ holds now
    previous_keys: dict[str, str]
    fingerprints: dict[str, str] = field(default_factory=dict)


def publish_site(options: BuildOptions) -> int:
    """Build the versioned site and print the summary; returns the process exit code. One build at
    a time; what an interrupted one left is recovered first, and said."""
    report = BuildReport()
    with build_lock(options.site_path):
        for line in recover_site(options.site_path):
            print(f"recovered: {line}", file=sys.stderr)
        code = publish(options, report)
    print_summary(options, report, code)
    return code


def publish(options: BuildOptions, report: BuildReport) -> int:
    """The stages, top to bottom; `report` receives what was built, skipped, failed, and timings."""
    started = time.perf_counter()
    manifest = read_manifest(options.root)
    stamp = input_stamp(options.root, options.private, options.engine)
    if up_to_date(options, manifest, stamp):  # nothing changed since the last complete build
        report.skipped = list(manifest.get("cycles", {}))
        report.stage_seconds["check"] = time.perf_counter() - started
        return 0
    plan = plan_units(options, manifest, report, started)
    results = render_and_build(options, plan, report)
    place_units(options, plan, results, report)
    stale = remove_stale(options, plan, report)
    try:
        place_version_tree(options, plan.site)
        remember(options, plan, report, stale, stamp)
    except OSError as exc:
        raise write_failed(exc) from None
    return 1 if report.failed else 0


def load_checked(options: BuildOptions, report: BuildReport) -> Loaded:
    """Load and validate everything; a user's mistake stops here with every error listed."""
    loaded = load_site(
        options.root, private=options.private, cache_path=options.build_path / "load-cache", save_cache=False
    )
    if loaded.site is None:
        errors = print_problems(loaded.problems.items, strict=True)
        raise UserError(f"Aborted with {errors} error(s); nothing was built.")
    if not loaded.site.cycles:
        raise UserError("no cycles in data/cycles.yaml; nothing to build")
    unknown = set(options.cycles) - {c.name for c in loaded.site.cycles}
    if unknown:
        raise UserError(f"unknown cycle(s): {', '.join(sorted(unknown))}")
    # Only the cycles a reader finds something in become versions (load/published.py).
    report.unpublished = [c.name for c in unpublished(loaded.site)]
    empty = set(report.unpublished)
    if set(options.cycles) & empty:
        names = ", ".join(sorted(set(options.cycles) & empty))
        raise UserError(
            f"nothing to publish for {names}: no team, schedule or board meeting is recorded for it; "
            "gather it, or write its milestones in data/cycles.yaml"
        )
    loaded.site = published(loaded.site)
    return loaded


def plan_units(options: BuildOptions, manifest: dict[str, Any], report: BuildReport, started: float) -> Plan:
    """Stage 1: load, then key every unit: each selected cycle's version, newest first (the ones
    a reader opens), then the history site of each project reporting in a selected cycle."""
    loaded = load_checked(options, report)
    site = loaded.site
    assert site is not None
    report.stage_seconds["load"] = time.perf_counter() - started
    selected = [c for c in site.cycles if not options.cycles or c.name in options.cycles]
    wanted = {c.name for c in selected}
    projects = [p for p in projects_with_history(site) if any(e.cycle in wanted for e in site.history(p))]
    units = [c.name for c in reversed(selected)] + [unit_name(p) for p in projects]
    shared = f"{shared_inputs(options.root, options.private)}|engine={options.engine}"
    same_site = manifest.get("site") == str(options.site_path)
    previous = dict(manifest.get("cycles", {})) if same_site else {}
    previous_keys = dict(manifest.get("render", {})) if same_site else {}
    if options.private:  # from here on, nothing in site/ is vouched for as public
        previous, previous_keys = forget_built(options.root, options.site_path, sorted({*previous, *units})), {}
    plan = Plan(loaded, site, shared, units, unit_keys(site, options.root, units, shared), [], previous, previous_keys)
    for unit in units:
        task = _task(options, plan, unit)
        if task is None:
            plan.fingerprints[unit] = previous[unit]  # inputs unchanged: so are the pages and the output
            report.skipped.append(unit)
        else:
            plan.tasks.append(task)
    report.stage_seconds["keys"] = time.perf_counter() - started - report.stage_seconds["load"]
    return plan


def _task(options: BuildOptions, plan: Plan, unit: str) -> Task | None:
    """The unit's task: render if its key changed, build if its output is missing; None for neither."""
    folder = build_folder(options.build_path, unit)
    out = options.site_path / unit
    render = (
        options.force
        or plan.previous_keys.get(unit) != plan.keys[unit]
        or unit not in plan.previous
        or not (folder / "mkdocs.yml").is_file()
    )
    rebuild = options.force or not (out / "index.html").is_file()
    if not render and not rebuild:
        return None
    tmp = out.with_name(f".tmp-{out.name}")
    epoch = unit_epoch(plan.site, unit)
    return Task(unit, render, plan.previous.get(unit, ""), rebuild, folder / "mkdocs.yml", tmp, epoch, options.engine)


def render_and_build(options: BuildOptions, plan: Plan, report: BuildReport) -> dict[str, Outcome]:
    """Stage 2: render and build the changed units in parallel; each worker renders its unit, then
    builds it only if its pages changed. Meanwhile the parent saves the entry cache and the feed."""
    site_dir = options.site_path
    site_dir.mkdir(parents=True, exist_ok=True)
    # The loaded site is large and now read-only: out of the garbage collector's way, so mkdocs'
    # own collections (here and in forked workers) do not walk it again and again.
    gc.freeze()
    mark = time.perf_counter()

    def meanwhile() -> None:
        if plan.loaded.cache is not None:
            plan.loaded.cache.save()
        feed = render_site_feed(plan.site, site_url(options.root))
        write_text_atomic(
            site_dir / SITE_FEED, feed.replace("?>", f"?>\n{PRIVATE_BUILD_MARK}", 1 if options.private else 0)
        )

    _RENDER.update(site=plan.site, options=options, shared=plan.shared)
    try:
        results = run_tasks(plan.tasks, options.jobs, options.quiet, meanwhile)
    except OSError as exc:  # the disk filled up: no half-built unit stays behind
        for task in plan.tasks:
            shutil.rmtree(task.tmp, ignore_errors=True)
        raise write_failed(exc) from None
    finally:
        _RENDER.clear()
    report.stage_seconds["build"] = time.perf_counter() - mark
    report.stage_seconds["render"] = sum(r.render_seconds for r in results.values())
    report.stage_seconds["mkdocs"] = sum(r.seconds for r in results.values())
    return results


def place_units(options: BuildOptions, plan: Plan, results: dict[str, Outcome], report: BuildReport) -> None:
    """Stage 3a: each unit that built replaces its previous output by renames; one that failed
    keeps the previous output and loses its fingerprint, so the next build tries it again."""
    site_dir = options.site_path
    for task in plan.tasks:
        fingerprint, ran, ok, _, seconds, _ = results[task.unit]
        plan.fingerprints[task.unit] = fingerprint
        if not ran:
            report.skipped.append(task.unit)
            continue
        report.seconds[task.unit] = seconds
        if ok:
            try:
                (site_dir / task.unit).parent.mkdir(parents=True, exist_ok=True)
                swap_in(task.tmp, site_dir / task.unit)
            except OSError as exc:
                print(
                    f"── {task.unit}: FAILED to move the new site into place ({exc}); the previous one is kept",
                    file=sys.stderr,
                )
                ok = False
        if ok:
            report.built.append(task.unit)
        else:
            shutil.rmtree(task.tmp, ignore_errors=True)
            report.failed.append(task.unit)
            plan.fingerprints.pop(task.unit, None)


def remove_stale(options: BuildOptions, plan: Plan, report: BuildReport) -> list[str]:
    """Stage 3b: a cycle dropped from the calendar, a project with no report left: what this tool
    built for them before (and only that: the previous manifest names it) goes, with its build folder."""
    if options.cycles:
        return []
    stale = [name for name in plan.previous if name not in plan.keys and is_unit_name(name)]
    for name in stale:
        shutil.rmtree(options.site_path / name, ignore_errors=True)
        shutil.rmtree(build_folder(options.build_path, name), ignore_errors=True)
        report.removed.append(name)
    return stale


def place_version_tree(options: BuildOptions, site: m.Site) -> None:
    """Stage 3c: versions.json, latest/, the root redirect and 404, the sitemap index."""
    site_dir = options.site_path
    built_cycles = [c for c in site.cycles if (site_dir / c.name / "index.html").is_file()]
    if built_cycles:
        write_text_atomic(site_dir / "versions.json", versions_json(built_cycles))
        write_aliases(site_dir, built_cycles[-1].name)
        units = [c.name for c in built_cycles] + [unit_name(p) for p in projects_with_history(site)]
        write_sitemap_index(site_dir, site_url(options.root), units)


def remember(options: BuildOptions, plan: Plan, report: BuildReport, stale: list[str], stamp: str) -> None:
    """Stage 4: the manifest, for the next run. The input stamp is kept only for a complete build,
    so a partial or failed one never answers "nothing to do" next time."""
    kept = {**plan.previous, **plan.fingerprints}
    kept_keys = {**plan.previous_keys, **plan.keys}
    for name in [*report.failed, *stale]:
        kept.pop(name, None)
        kept_keys.pop(name, None)
    complete = not report.failed and not options.cycles
    manifest = {
        "site": str(options.site_path),
        "tool": tool_versions(),
        "inputs": stamp if complete else "",
        "cycles": kept,
        "render": kept_keys,
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    write_text_atomic(options.root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


__all__ = ["Plan", "publish", "publish_site"]
