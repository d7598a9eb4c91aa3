"""One measured task, run in a fresh process: `python -m bench.child TASK.json RESULT.json`.

A fresh interpreter per measurement keeps the steps independent (no warm template caches, no
imports carried over) and makes `ru_maxrss` the peak of this one task. Times are taken inside
the process around the work itself (`inner_s`); the parent also times the whole process.

Tasks:
    build           our pipeline: `generator.build.pipeline.publish` with the given jobs and force
    mkdocs_inproc   plain mkdocs, in this process, one cycle after the other (load_config + build)
    mkdocs_subproc  plain mkdocs, `python -m mkdocs build` per cycle, one after the other
    engine_startup  one unit built several times by one engine, in this process (bench/engines.py)
    overhead        our pipeline with mkdocs stubbed out, under cProfile: where our own time goes
    gather          the gather benchmark of bench.gather, when that module exists
"""

from __future__ import annotations

import cProfile
import dataclasses
import gc
import io
import json
import logging
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

Job = tuple[str, str, str]  # cycle, mkdocs.yml, output folder


class GcClock:
    """Seconds spent in the cyclic garbage collector (gc.callbacks), a large share of loading."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = 0
        self._since = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._since = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._since
            self.collections += 1


def _rss() -> dict[str, int]:
    # ru_maxrss is in KiB on Linux.
    return {
        "maxrss_self_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "maxrss_children_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def task_build(spec: dict[str, Any]) -> dict[str, Any]:
    from generator.build.pipeline import publish
    from generator.build.stamp import BuildOptions, BuildReport

    options = BuildOptions(
        root=Path(spec["root"]),
        jobs=int(spec["jobs"]),
        force=bool(spec["force"]),
        quiet=True,
        engine=str(spec.get("engine", "mkdocs")),
    )
    report = BuildReport()
    clock = GcClock()
    started = time.perf_counter()
    code = publish(options, report)
    inner = time.perf_counter() - started
    return {
        "code": code,
        "inner_s": inner,
        "stage_seconds": report.stage_seconds,
        "cycle_seconds": report.seconds,
        "built": report.built,
        "skipped": report.skipped,
        "failed": report.failed,
        "gc_s": clock.seconds,
    }


def _plain_mkdocs(config_file: str, site_dir: str) -> tuple[bool, str]:
    """What `mkdocs build --strict` does, with the log kept the way our workers keep it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        build(load_config(config_file, site_dir=site_dir, strict=True))
        return True, stream.getvalue()
    except Exception as exc:  # report it like a failed cycle; the parent decides
        return False, f"{stream.getvalue()}{type(exc).__name__}: {exc}\n"
    finally:
        logger.removeHandler(handler)


def task_mkdocs_inproc(spec: dict[str, Any]) -> dict[str, Any]:
    jobs: list[Job] = [tuple(job) for job in spec["jobs"]]
    seconds: dict[str, float] = {}
    failed: dict[str, str] = {}
    started = time.perf_counter()
    for cycle, config, out in jobs:
        mark = time.perf_counter()
        ok, log = _plain_mkdocs(config, out)
        seconds[cycle] = time.perf_counter() - mark
        if not ok:
            failed[cycle] = log[-2000:]
    return {"inner_s": time.perf_counter() - started, "cycle_seconds": seconds, "failed": failed}


def task_mkdocs_subproc(spec: dict[str, Any]) -> dict[str, Any]:
    jobs: list[Job] = [tuple(job) for job in spec["jobs"]]
    seconds: dict[str, float] = {}
    failed: dict[str, str] = {}
    started = time.perf_counter()
    for cycle, config, out in jobs:
        mark = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", out],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds[cycle] = time.perf_counter() - mark
        if done.returncode:
            failed[cycle] = (done.stdout + done.stderr)[-2000:]
    return {"inner_s": time.perf_counter() - started, "cycle_seconds": seconds, "failed": failed}


def task_engine_startup(spec: dict[str, Any]) -> dict[str, Any]:
    """The same unit built `runs` times the way our workers build it (mkdocs in this process with
    the template cache, Zensical as its own process each time); the seconds of each run."""
    from generator.build.engine import build_zensical
    from generator.build.workers import _build_one

    build = build_zensical if spec["engine"] == "zensical" else _build_one
    config = spec["config"]
    out = str(Path(config).parent.parent / ".startup-out")
    runs: list[float] = []
    failed: dict[str, str] = {}
    started = time.perf_counter()
    for run in range(int(spec["runs"])):
        mark = time.perf_counter()
        ok, log, _ = build(config, out)
        runs.append(time.perf_counter() - mark)
        if not ok:
            failed[f"run {run + 1}"] = log[-2000:]
    return {"inner_s": time.perf_counter() - started, "runs_s": runs, "failed": failed}


# Functions whose cumulative time makes up our overhead, by (module file, function name).
OVERHEAD_PARTS = {
    "load_site": ("load/site.py", "load_site"),
    "read_yaml": ("data/yamlio.py", "read_yaml"),
    "merge_documents": ("data/merge.py", "merge_documents"),
    "validate": ("data/validate.py", "build"),
    "render_key": ("build/keys.py", "render_key"),
    "render_cycle": ("render/page.py", "render_cycle"),
    "render_project": ("render/history.py", "render_project"),
    "nav_and_config": ("build/config.py", "cycle_config"),
    "write_docs": ("build/workers.py", "write_docs"),
    "write_text_atomic": ("data/yamlio.py", "write_text_atomic"),
    "fingerprint": ("build/keys.py", "cycle_fingerprint"),
    "input_stamp": ("build/stamp.py", "input_stamp"),
    "tree_digest": ("build/keys.py", "tree_digest"),
    "write_aliases": ("build/tree.py", "write_aliases"),
    "swap_in": ("build/tree.py", "swap_in"),
    "fsync": ("~", "<built-in method posix.fsync>"),
}


def task_overhead(spec: dict[str, Any]) -> dict[str, Any]:
    """Our full build with mkdocs replaced by a stub that writes one page: only our own work is left."""
    import generator.build.pipeline as site
    import generator.build.stamp as stamp
    import generator.build.workers as workers

    def no_mkdocs(config_file: str, site_dir: str, epoch: int | None = None) -> tuple[bool, str, float]:
        Path(site_dir).mkdir(parents=True, exist_ok=True)
        (Path(site_dir) / "index.html").write_text("<!doctype html><title>stub</title>\n", encoding="utf-8")
        return True, "", 0.0

    workers._build_one = no_mkdocs  # the mkdocs step, looked up at call time
    if not spec.get("gc", True):
        gc.disable()
    options = stamp.BuildOptions(root=Path(spec["root"]), jobs=1, force=True, quiet=True)
    report = stamp.BuildReport()
    profiler = cProfile.Profile() if spec.get("profile") else None
    clock = GcClock()
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    site.publish(options, report)
    if profiler:
        profiler.disable()
    result: dict[str, Any] = {
        "inner_s": time.perf_counter() - started,
        "stage_seconds": report.stage_seconds,
        "gc_s": clock.seconds,
        "gc_collections": clock.collections,
    }
    if profiler:
        stats = pstats.Stats(profiler)
        parts: dict[str, float] = {}
        raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
        for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in raw.items():
            for part, (file_suffix, function) in OVERHEAD_PARTS.items():
                if name == function and filename.endswith(file_suffix):
                    parts[part] = parts.get(part, 0.0) + cumulative
        result["profile_seconds"] = parts
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
        Path(spec["profile"]).write_text(text.getvalue(), encoding="utf-8")
    return result


def task_gather(spec: dict[str, Any]) -> dict[str, Any]:
    """`bench.gather.measure_gather` (50 ms loopback latency); nulls, and why, when it is missing."""
    empty: dict[str, Any] = {"warm_gather_requests": None, "gather_concurrency_ratio": None}
    try:
        from .gather import measure_gather
    except ModuleNotFoundError as exc:
        if exc.name not in ("bench.gather",):
            raise
        return {**empty, "gather_note": "bench.gather not present; not measured"}
    workdir = Path(spec["workdir"])
    workdir.mkdir(parents=True, exist_ok=True)
    outcome = measure_gather(workdir, latency=0.05)
    found = dataclasses.asdict(outcome) if dataclasses.is_dataclass(outcome) else dict(vars(outcome))
    numbers = {k if k.startswith(("gather", "warm")) else f"gather_{k}": v for k, v in found.items()}
    return {**empty, **{k: v for k, v in numbers.items() if isinstance(v, int | float)}}


TASKS = {
    "build": task_build,
    "mkdocs_inproc": task_mkdocs_inproc,
    "mkdocs_subproc": task_mkdocs_subproc,
    "engine_startup": task_engine_startup,
    "overhead": task_overhead,
    "gather": task_gather,
}


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (forked workers, mkdocs subprocesses)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    before = _cpu()
    result = TASKS[spec["task"]](spec)
    # CPU time barely moves when other work shares the machine; wall time does.
    result["cpu_s"] = _cpu() - before
    result.update(_rss())
    Path(argv[1]).write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
