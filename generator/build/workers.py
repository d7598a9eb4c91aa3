"""The worker pool: each unit rendered then built by mkdocs in a forked process (or inline with
one job), its whole log printed at once, a worker that dies failing only its own unit.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..data import model as m
from ..data.siteurl import site_url
from ..data.units import build_folder, project_of
from ..data.yamlio import write_text_atomic
from ..render.cycle import render_cycle
from ..render.history import render_project
from ..render.layout import source_files
from .config import cycle_config, project_config
from .engine import build_zensical
from .keys import cycle_fingerprint
from .recover import mark_private
from .stamp import BuildOptions


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
    engine: str = "mkdocs"


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
        config_text = project_config(root, project, pages, site, engine=options.engine)
    else:
        cycle = site.cycle(name)
        pages = render_cycle(site, cycle, root / "theme", options.private, site_url(root))
        config_text = cycle_config(root, cycle, pages, site, engine=options.engine)
    if options.private:
        pages = mark_private(pages)
    folder = build_folder(options.build_path, name)
    _, removed = write_docs(folder / "docs", source_files(pages))
    write_text_atomic(folder / "mkdocs.yml", config_text, durable=False)
    return cycle_fingerprint(pages, config_text, _RENDER["shared"]), removed > 0


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
    build = build_zensical if task.engine == "zensical" else _build_one
    ok, log, seconds = build(str(task.config), str(task.tmp), task.epoch)
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
