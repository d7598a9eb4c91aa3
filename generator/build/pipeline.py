"""The versioned build: one mkdocs build per unit, in parallel, skipped when nothing changed.

    data/ + content/ ──load──▶ model ──render──▶ build/<unit>/docs/**.md + build/<unit>/mkdocs.yml
                                                         │  mkdocs build --strict, one process per unit
                                                         ▼
        site/<cycle>/ …, site/history/<project>/ …, site/versions.json, site/latest/, site/feed.xml,
        site/index.html, site/404.html

A unit is one cycle's version (`mitaka`) or one project's pages that span cycles
(`history/glance`: its history and comparisons, see generator/render/history.py). A unit is rebuilt only
when the fingerprint of what it is built from changes: its generated Markdown (which already
reflects its data, prose and the report templates), its mkdocs.yml, the shared mkdocs.yml,
theme/overrides, and the versions of cycle-reports, mkdocs and Material. Fingerprints live in
`site.manifest.json` beside `site/`.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import html
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..data import model as m
from ..data.siteurl import site_url
from ..data.units import SITE_FEED, UNIT, build_folder, project_of, unit_name
from ..data.yamlio import dump_yaml, write_text_atomic
from ..errors import UserError, print_problems
from ..load.site import load_site
from ..render.feeds import render_site_feed
from ..render.history import project_key, project_nav, projects_with_history, render_project
from ..render.page import nav, render_cycle
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

# --- fingerprints -------------------------------------------------------------------------------


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and content under `folder`."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cycle_fingerprint(pages: dict[str, str], config_text: str, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(config_text.encode())
    for path in sorted(pages):
        digest.update(path.encode() + b"\0" + pages[path].encode() + b"\0")
    return digest.hexdigest()


def render_key(site: m.Site, cycle: m.Cycle, templates: str, common: str | None = None) -> str:
    """A digest of everything `render_cycle` reads for `cycle`, so unchanged cycles skip rendering.

    Other cycles enter only through `cross_cycle_inputs`: the calendar, which cycles each project
    reported in, the board meetings' dates. Editing one cycle's data therefore re-renders that
    version and the project's history site (generator/render/history.py), never the other versions.
    `common` is `common_inputs(site)`, the same for every cycle: pass it when keying them all.
    """
    digest = hashlib.sha256(templates.encode())
    digest.update((common if common is not None else common_inputs(site)).encode())
    digest.update(repr(cycle).encode())
    digest.update(repr([(e.project, e.identity) for e in site.entries_for(cycle.name)]).encode())
    window = [b for b in site.board if cycle.start and cycle.end and cycle.start <= b[0].date <= cycle.end]
    digest.update(repr(window).encode())
    return digest.hexdigest()


def common_inputs(site: m.Site) -> str:
    """What every version reads alike: the calendar, the teams, the site pages, the site's shape."""
    from ..render.page import cross_cycle_inputs

    shape = cross_cycle_inputs(site)
    return repr(([(c.name, c.label, c.start) for c in site.cycles], site.projects, site.pages, shape))


def code_digest() -> str:
    """The rendering code itself: a change to it must re-render every cycle."""
    package = Path(__file__).parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --- writing the generated Markdown -----------------------------------------------------------


# Nav entries that leave a unit (a version's links to its projects' history sites, a history
# site's link back to the versions) are ours, and checked by `cycle-reports check`.
OUTBOUND_NAV = {"validation": {"nav": {"not_found": "info"}}}


def cycle_config(root: Path, cycle: m.Cycle, pages: dict[str, str], site: m.Site, base_url: str = "") -> str:
    config = {
        "INHERIT": "../../mkdocs.yml",
        "site_url": f"{base_url or site_url(root)}{cycle.name}/",
        "docs_dir": "docs",
        "nav": nav(pages, site, cycle),
        "extra": {"site_feed": f"../{SITE_FEED}"},
        **OUTBOUND_NAV,
    }
    return dump_yaml(config, header=f"# Generated by cycle-reports for {cycle.name}; edit ../../mkdocs.yml instead.\n")


def project_config(root: Path, project: str, pages: dict[str, str], site: m.Site, base_url: str = "") -> str:
    """A project's history site: the shared look, no version selector (it spans every cycle)."""
    config = {
        "INHERIT": "../../mkdocs.yml",
        "site_url": f"{base_url or site_url(root)}{unit_name(project)}/",
        "docs_dir": "docs",
        "nav": project_nav(pages, site, project),
        "extra": {"version": None, "site_feed": f"../../{SITE_FEED}"},
        **OUTBOUND_NAV,
    }
    return dump_yaml(
        config, header=f"# Generated by cycle-reports for {project}'s history; edit ../../mkdocs.yml instead.\n"
    )


def unit_epoch(site: m.Site, unit: str) -> int:
    project = project_of(unit)
    if project is None:
        return cycle_epoch(site.cycle(unit))
    history = site.history(project)
    return cycle_epoch(site.cycle(history[-1].cycle)) if history else 0


def write_docs(folder: Path, pages: dict[str, str]) -> tuple[int, int]:
    """Write `pages` under `folder`, leaving unchanged files untouched; remove every other file
    (an older version's page or feed would otherwise be published again). Returns the number of
    files written and of files removed."""
    written = 0
    for rel, text in pages.items():
        written += write_text_atomic(folder / rel, text, durable=False)  # regenerable: no fsync
    removed = 0
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):  # files before the folders that hold them
            rel = path.relative_to(folder).as_posix()
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in pages:
                path.unlink()
                removed += 1
    return written, removed


# --- running mkdocs --------------------------------------------------------------------------


def cycle_epoch(cycle: m.Cycle) -> int:
    """When SOURCE_DATE_EPOCH is not set, a cycle's pages are dated by its release day (or start), not the clock."""
    day = cycle.end or cycle.start
    return int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()) if day else 0


def _build_one(config_file: str, site_dir: str, epoch: int | None = None) -> tuple[bool, str, float]:
    """Build one cycle's site in this (worker) process; returns success, the whole log, seconds."""
    import io
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .template_cache import install

    started = time.perf_counter()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.INFO if os.environ.get("CYCLE_REPORTS_VERBOSE") else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if saved is None and epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        config = load_config(config_file, site_dir=site_dir, strict=True)
        install(config)  # the theme's compiled templates, shared by every unit under build/
        build(config)
        ok = True
    except MkDocsException as exc:
        stream.write(f"ERROR   -  {exc}\n")
        ok = False
    except Exception as exc:  # a crash inside mkdocs or a plugin: report it, keep the other cycles going
        stream.write(f"ERROR   -  {type(exc).__name__}: {exc}\n")
        ok = False
    finally:
        logger.removeHandler(handler)
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    return ok, stream.getvalue(), time.perf_counter() - started


@dataclass(frozen=True)
class Task:
    """One unit's work: render it again if its inputs changed, then build it if its pages did."""

    unit: str
    render: bool  # the render key changed (or --force, or no build folder yet)
    previous: str  # the fingerprint of what site/<unit>/ holds now ("" for nothing)
    rebuild: bool  # build even if the fingerprint is unchanged (--force, output missing)
    config: Path
    tmp: Path
    epoch: int | None


class Outcome(NamedTuple):
    """What a task did."""

    fingerprint: str
    ran: bool  # mkdocs ran (or the unit failed before it could)
    ok: bool
    log: str
    seconds: float  # in mkdocs
    render_seconds: float = 0.0

    @staticmethod
    def failed(task: Task, message: str) -> Outcome:
        return Outcome(task.previous, True, False, f"ERROR   -  {message}\n", 0.0)


def _run_task(task: Task) -> Outcome:
    """Render then build one unit, in a forked worker (or inline with one job)."""
    started = time.perf_counter()
    try:
        fingerprint, removed = _render_one(task.unit) if task.render else (task.previous, False)
    except Exception as exc:  # a template or theme override that raises: this unit fails, others go on
        return Outcome.failed(task, f"rendering failed: {type(exc).__name__}: {exc}")
    rendered = time.perf_counter() - started
    if not task.rebuild and not removed and fingerprint == task.previous:
        return Outcome(fingerprint, False, True, "", 0.0, rendered)
    ok, log, seconds = _build_one(str(task.config), str(task.tmp), task.epoch)
    return Outcome(fingerprint, True, ok, log, seconds, rendered)


def run_tasks(
    tasks: list[Task], workers: int, quiet: bool, meanwhile: Callable[[], None] = lambda: None
) -> dict[str, Outcome]:
    """Run every task, on `workers` forked processes when there are several, printing each log
    whole. `meanwhile` is the parent's own work that needs no result: it runs while the workers do,
    as soon as a core comes free (a one-cycle edit: once the small history site is built)."""
    results: dict[str, Outcome] = {}
    if workers <= 1 or len(tasks) <= 1:
        meanwhile()
        for task in tasks:
            results[task.unit] = _run_task(task)
            _print_log(task.unit, results[task.unit], quiet)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    import material  # noqa: F401  (imported once here so forked workers share it)
    import mkdocs.commands.build  # noqa: F401

    context = multiprocessing.get_context("fork")
    broken: list[Task] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        futures = {pool.submit(_run_task, task): task for task in tasks}
        pending = [meanwhile]
        if len(tasks) > workers:  # every core is taken until the end: no better moment than now
            pending.pop()()
        for future in as_completed(futures):
            if pending:  # a core has just come free: the parent's own work goes there
                pending.pop()()
            task = futures[future]
            try:
                results[task.unit] = future.result()
            except BrokenProcessPool:
                broken.append(task)
                continue
            except Exception as exc:
                results[task.unit] = Outcome.failed(task, f"worker failed: {exc}")
            _print_log(task.unit, results[task.unit], quiet)
    # A worker that dies (killed, out of memory) breaks the whole pool and every unit still in it:
    # run each of those alone, so only the unit whose worker really dies fails.
    for task in sorted(broken, key=lambda t: t.unit):
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as alone:
            try:
                results[task.unit] = alone.submit(_run_task, task).result()
            except BrokenProcessPool as exc:
                results[task.unit] = Outcome.failed(task, f"the build process died: {exc}")
        _print_log(task.unit, results[task.unit], quiet)
    return results


def _print_log(cycle: str, result: Outcome, quiet: bool) -> None:
    _, ran, ok, log, seconds, _ = result
    if not ran or (quiet and ok):
        return
    head = f"── {cycle}: {'built' if ok else 'FAILED'} in {seconds:.1f} s "
    print(head + "─" * max(0, 72 - len(head)), file=sys.stderr if not ok else sys.stdout)
    if log.strip():
        print(log.rstrip(), file=sys.stderr if not ok else sys.stdout)


def swap_in(built: Path, target: Path) -> None:
    """Replace `target` by `built` with renames, so a reader never sees half a site."""
    old = target.with_name(f".old-{target.name}")
    if old.exists():
        shutil.rmtree(old)
    had = target.exists()
    if had:
        target.rename(old)
    try:
        built.rename(target)
    except BaseException:
        if had:
            old.rename(target)  # put the previous site back before reporting the failure
        raise
    if old.exists():
        shutil.rmtree(old)


# --- the version tree ---------------------------------------------------------------------------


def versions_json(cycles: list[m.Cycle]) -> str:
    """mike's versions.json: newest first, the newest carries the `latest` alias."""
    entries = []
    for index, cycle in enumerate(reversed(cycles)):
        entries.append({"version": cycle.name, "title": cycle.label, "aliases": ["latest"] if index == 0 else []})
    return json.dumps(entries, indent=2) + "\n"


REDIRECT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting</title>
<link rel="canonical" href="{target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace("{target}" + location.search + location.hash);</script>
</head>
<body>Redirecting to <a href="{target}">{target}</a>.</body>
</html>
"""


def write_aliases(site_dir: Path, latest: str) -> None:
    """site/latest/** redirect to the latest cycle (mike's `redirect` alias); site/index.html too."""
    alias = site_dir / "latest"
    source = site_dir / latest
    for page in source.rglob("*.html"):
        rel = page.relative_to(source)
        depth = len(rel.parts) - 1
        target = "../" * (depth + 1) + f"{latest}/" + (rel.parent.as_posix() + "/" if depth else "")
        if rel.name != "index.html":
            target += rel.name
        write_text_atomic(alias / rel, REDIRECT.format(target=target))
    for stale in alias.rglob("*.html"):
        if not (source / stale.relative_to(alias)).exists():
            stale.unlink()
    write_text_atomic(site_dir / "index.html", REDIRECT.format(target=f"{latest}/"))
    if (source / "404.html").is_file():
        write_text_atomic(site_dir / "404.html", (source / "404.html").read_text(encoding="utf-8"))


SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{entries}</sitemapindex>
"""


def write_sitemap_index(site_dir: Path, base_url: str, units: list[str]) -> None:
    """A sitemap index of every unit's sitemap at the site's root (Material fetches `sitemap.xml`
    beside each feed a page links to, site/feed.xml included; search engines read it)."""
    entries = "".join(
        f"<sitemap><loc>{html.escape(base_url + unit + '/sitemap.xml')}</loc></sitemap>\n"
        for unit in units
        if (site_dir / unit / "sitemap.xml").is_file()
    )
    write_text_atomic(site_dir / "sitemap.xml", SITEMAP_INDEX.format(entries=entries))


# --- the whole build ----------------------------------------------------------------------------


def build_site(options: BuildOptions) -> int:
    """Build the versioned site; returns the process exit code."""
    report = BuildReport()
    code = build(options, report)
    print_summary(options, report, code)
    return code


# What forked render workers need; set just before the pool starts (fork shares it for free).
_RENDER: dict[str, Any] = {}


def _render_one(name: str) -> tuple[str, bool]:
    """Render one unit to its build folder (runs in a worker or inline); returns its fingerprint,
    and whether files the unit no longer has were removed from its docs (its site must follow)."""
    site: m.Site = _RENDER["site"]
    options: BuildOptions = _RENDER["options"]
    root = options.root
    project = project_of(name)
    if project is not None:
        pages = render_project(site, project, root / "theme", options.private, site_url(root))
        config_text = project_config(root, project, pages, site)
    else:
        cycle = site.cycle(name)
        pages = render_cycle(site, cycle, root / "theme", options.private, site_url(root))
        config_text = cycle_config(root, cycle, pages, site)
    folder = build_folder(options.build_path, name)
    _, removed = write_docs(folder / "docs", pages)
    write_text_atomic(folder / "mkdocs.yml", config_text, durable=False)
    return cycle_fingerprint(pages, config_text, _RENDER["shared"]), removed > 0


def build(options: BuildOptions, report: BuildReport) -> int:
    root = options.root
    started = time.perf_counter()
    manifest = read_manifest(root)
    stamp = input_stamp(root, options.private)
    site_dir = options.site_path
    # 0. Nothing changed since the last complete build: nothing to do.
    if up_to_date(options, manifest, stamp):
        report.skipped = list(manifest.get("cycles", {}))
        report.stage_seconds["check"] = time.perf_counter() - started
        return 0
    # 1. Load and validate everything; a user's mistake stops here with every error listed.
    loaded = load_site(root, private=options.private, cache_path=options.build_path / "load-cache", save_cache=False)
    if loaded.site is None:
        errors = print_problems(loaded.problems.items, strict=True)
        raise UserError(f"Aborted with {errors} error(s); nothing was built.")
    site = loaded.site
    if not site.cycles:
        raise UserError("no cycles in data/cycles.yaml; nothing to build")
    selected = [c for c in site.cycles if not options.cycles or c.name in options.cycles]
    unknown = set(options.cycles) - {c.name for c in site.cycles}
    if unknown:
        raise UserError(f"unknown cycle(s): {', '.join(sorted(unknown))}")
    report.stage_seconds["load"] = time.perf_counter() - started
    # 2. Which units to render (their inputs' key changed) and which to build (their pages'
    # fingerprint changed, known once rendered; unchanged generated files keep their mtime).
    shared = "|".join(
        [
            tool_versions(),
            (root / "mkdocs.yml").read_text(),
            tree_digest(root / "theme" / "overrides"),
            f"private={options.private}",
        ]
    )
    same_site = manifest.get("site") == str(site_dir)
    previous = manifest.get("cycles", {}) if same_site else {}
    previous_keys = manifest.get("render", {}) if same_site else {}
    fingerprints: dict[str, str] = {}
    keys: dict[str, str] = {}
    theme = root / "theme"
    templates = "|".join(
        [
            shared,
            code_digest(),
            tree_digest(Path(__file__).parents[1] / "render" / "templates"),
            tree_digest(theme),
            site_url(root),
        ]
    )
    # Units: each selected cycle's version, then each project's history site (of the projects
    # that report in a selected cycle). Newest cycles first: they are the ones a reader opens.
    wanted = {c.name for c in selected}
    projects = [p for p in projects_with_history(site) if any(e.cycle in wanted for e in site.history(p))]
    units = [c.name for c in reversed(selected)] + [unit_name(p) for p in projects]
    common = common_inputs(site)
    for unit in units:
        project = project_of(unit)
        if project is not None:
            keys[unit] = project_key(site, project, templates)
        else:
            keys[unit] = render_key(site, site.cycle(unit), templates, common)
    site_dir.mkdir(parents=True, exist_ok=True)
    tasks: list[Task] = []
    for unit in units:
        folder = build_folder(options.build_path, unit)
        out = site_dir / unit
        render = (
            options.force
            or previous_keys.get(unit) != keys[unit]
            or unit not in previous
            or not (folder / "mkdocs.yml").is_file()
        )
        rebuild = options.force or not (out / "index.html").is_file()
        if not render and not rebuild:
            fingerprints[unit] = previous[unit]  # inputs unchanged: so are the pages and the output
            report.skipped.append(unit)
            continue
        tmp = out.with_name(f".tmp-{out.name}")
        tasks.append(
            Task(unit, render, previous.get(unit, ""), rebuild, folder / "mkdocs.yml", tmp, unit_epoch(site, unit))
        )
    report.stage_seconds["keys"] = time.perf_counter() - started - report.stage_seconds["load"]
    # 3. Render and build the units that changed, in parallel: each worker renders its unit, then
    # builds it only if its pages changed; each result replaces the old one only on success.
    # The loaded site is large and now read-only: move it out of the garbage collector's way, so
    # mkdocs' own collections (in this process and in forked workers) do not walk it again and again.
    gc.freeze()
    mark = time.perf_counter()

    def meanwhile() -> None:
        """The parent's share, while the workers render and build: the entry cache, the site's feed."""
        if loaded.cache is not None:
            loaded.cache.save()
        write_text_atomic(site_dir / SITE_FEED, render_site_feed(site, site_url(root)))

    _RENDER.update(site=site, options=options, shared=shared)
    try:
        results = run_tasks(tasks, options.jobs, options.quiet, meanwhile)
    finally:
        _RENDER.clear()
    report.stage_seconds["build"] = time.perf_counter() - mark
    report.stage_seconds["render"] = sum(r.render_seconds for r in results.values())
    report.stage_seconds["mkdocs"] = sum(r.seconds for r in results.values())
    for task in tasks:
        fingerprint, ran, ok, _, seconds, _ = results[task.unit]
        fingerprints[task.unit] = fingerprint
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
            fingerprints.pop(task.unit, None)
    # A cycle dropped from the calendar, a project with no report left: what this tool built for
    # them before (and only that: the previous manifest names it) goes, with its build folder.
    stale = [] if options.cycles else [name for name in previous if name not in keys and UNIT.fullmatch(name)]
    for name in stale:
        shutil.rmtree(site_dir / name, ignore_errors=True)
        shutil.rmtree(build_folder(options.build_path, name), ignore_errors=True)
        report.removed.append(name)
    # 4. The version tree: versions.json, latest/, the root redirect and 404; the site's feed.
    built_cycles = [c for c in site.cycles if (site_dir / c.name / "index.html").is_file()]
    if built_cycles:
        write_text_atomic(site_dir / "versions.json", versions_json(built_cycles))
        write_aliases(site_dir, built_cycles[-1].name)
        write_sitemap_index(
            site_dir,
            site_url(root),
            [c.name for c in built_cycles] + [unit_name(p) for p in projects_with_history(site)],
        )
    # 5. Remember what was built, for the next run.
    kept = {**previous, **fingerprints}
    kept_keys = {**previous_keys, **keys}
    for name in [*report.failed, *stale]:
        kept.pop(name, None)
        kept_keys.pop(name, None)
    complete = not report.failed and not options.cycles
    write_text_atomic(
        root / MANIFEST,
        json.dumps(
            {
                "site": str(site_dir),
                "tool": tool_versions(),
                "inputs": stamp if complete else "",
                "cycles": kept,
                "render": kept_keys,
                "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
            indent=1,
            sort_keys=True,
        )
        + "\n",
    )
    return 1 if report.failed else 0
