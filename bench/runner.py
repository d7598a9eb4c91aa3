"""The measurement plan, step by step; every number lands in one flat `results` dict.

    corpus ─▶ full build, 1 worker, and plain mkdocs in-process on its pages, alternately (twice
    each) ─▶ plain mkdocs in subprocesses ─▶ full build, all workers (twice) ─▶ no-op ─▶ one
    cycle's data changed (middle, latest) ─▶ a feature title only ─▶ template override ─▶ smaller
    corpora (scaling) ─▶ gather ─▶ Hugo on the same pages, if installed ─▶ mkdocs and Zensical on
    the same units, cold, warm and forced (engines.py) ─▶ profile of our own work

Each build runs in a fresh child process (see child.py). `*_s` keys are the seconds inside that
process around the work (`inner`), `*_process_s` the whole process as a user waits for it.
Before each measurement the disk is synced and the machine given a moment: the writes of the step
before (hundreds of MB of HTML) are flushed then, not in the middle of the next measurement.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from generator.data.units import build_folder

from . import corpus as c
from .engines import measure_engines

Results = dict[str, Any]
ONE_CYCLE_REPEATS = 3


def fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the least time inside the process: other work on a shared machine only ever slows one down."""
    return min(runs, key=lambda data: float(data["inner_s"]))


def settle(seconds: float = 2.0) -> None:
    """Flush what earlier steps wrote, so its writeback does not land inside the next measurement."""
    os.sync()
    time.sleep(seconds)


@dataclass(frozen=True)
class Settings:
    projects: int = 60
    cycles: int = 33
    seed: int = 1
    workdir: Path = Path("bench-work")
    out: Path = Path("bench.json")
    scale: tuple[int, ...] = (5, 15, 33)
    jobs: int = 0  # 0: every core
    repeat: int = 2  # runs of the full 1-worker build and of its plain-mkdocs baseline, alternately
    engine_corpus: tuple[int, int] | None = None  # (projects, cycles) of the engine comparison; None: the corpus
    repo: Path = Path(__file__).resolve().parents[1]

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass
class Bench:
    settings: Settings
    console: Console
    results: Results = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    load: dict[str, float] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.settings.workdir / "corpus"

    @property
    def code(self) -> Path:
        return self.settings.workdir / "code"

    def snapshot_code(self) -> str:
        """Copy the package as it is now, and run every step from the copy.

        A full run takes an hour; the working tree may change meanwhile (templates, the loader),
        and a step measured against other code than the step before it compares nothing.
        """
        shutil.rmtree(self.code, ignore_errors=True)
        for package in ("generator", "bench"):
            shutil.copytree(
                self.settings.repo / package, self.code / package, ignore=shutil.ignore_patterns("__pycache__")
            )
        digest = hashlib.sha256()
        for path in sorted(p for p in (self.code / "generator").rglob("*") if p.is_file()):
            digest.update(path.relative_to(self.code).as_posix().encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:16]

    def run_code(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
        """Run `command` against the snapshot: first on PYTHONPATH, and a working directory without
        a `generator/` of its own (`python -m` puts the working directory first on sys.path)."""
        path = os.pathsep.join(p for p in (str(self.code), os.environ.get("PYTHONPATH", "")) if p)
        return subprocess.run(command, cwd=self.code, env={**os.environ, "PYTHONPATH": path}, **kwargs)

    # --- running one measured task -------------------------------------------------------------

    def child(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        """Run one task of child.py in a fresh interpreter; returns its result plus `process_s`."""
        folder = self.settings.workdir / "tasks"
        folder.mkdir(parents=True, exist_ok=True)
        task, result, log = folder / f"{name}.json", folder / f"{name}.result.json", folder / f"{name}.log"
        task.write_text(json.dumps(spec, indent=1), encoding="utf-8")
        result.unlink(missing_ok=True)
        started = time.perf_counter()
        with log.open("w", encoding="utf-8") as handle:
            done = self.run_code(
                [sys.executable, "-m", "bench.child", str(task), str(result)],
                stdout=handle,
                stderr=subprocess.STDOUT,
                check=False,
            )
        elapsed = time.perf_counter() - started
        if done.returncode or not result.is_file():
            raise RuntimeError(f"bench task {name} failed (exit {done.returncode}); see {log}")
        data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        data["process_s"] = elapsed
        if data.get("failed"):
            raise RuntimeError(f"bench task {name}: cycles failed to build: {data['failed']}; see {log}")
        return data

    def build(
        self, name: str, root: Path, jobs: int, force: bool = False, fresh: bool = False, engine: str = "mkdocs"
    ) -> dict[str, Any]:
        if fresh:
            for stale in (root / "build", root / "site"):
                shutil.rmtree(stale, ignore_errors=True)
            (root / "site.manifest.json").unlink(missing_ok=True)
        self.console.print(f"  {name}: building with {jobs} worker(s){' (fresh)' if fresh else ''} …")
        spec = {"task": "build", "root": str(root), "jobs": jobs, "force": force, "engine": engine}
        data = self.child(name, spec)
        stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in data["stage_seconds"].items())
        self.console.print(
            f"  {name}: {data['inner_s']:.2f} s ({data['cpu_s']:.1f} CPU s), built {len(data['built'])}, "
            f"unchanged {len(data['skipped'])}; {stages}"
        )
        return data

    def record_build(self, key: str, data: dict[str, Any]) -> None:
        self.results[f"{key}_s"] = data["inner_s"]
        self.results[f"{key}_cpu_s"] = data["cpu_s"]
        self.results[f"{key}_process_s"] = data["process_s"]
        self.results[f"{key}_cycles_built"] = len(data["built"])
        for stage, seconds in sorted(data["stage_seconds"].items()):
            self.results[f"{key}_{stage}_s"] = seconds
        self.results[f"{key}_gc_s"] = data.get("gc_s")
        self.results[f"{key}_peak_rss_bytes"] = max(data["maxrss_self_bytes"], data["maxrss_children_bytes"])

    def step(self, title: str, action: Callable[[], None]) -> None:
        self.console.rule(f"[bold]{title}")
        settle()
        started = time.perf_counter()
        # Other work on the machine slows wall times; the load average says how busy it was.
        self.load[action.__name__] = round(os.getloadavg()[0], 2)
        action()
        self.console.print(f"  ({time.perf_counter() - started:.0f} s)")

    # --- the plan ----------------------------------------------------------------------------------

    def run(self) -> Results:
        s = self.settings
        self.settings.workdir.mkdir(parents=True, exist_ok=True)
        self.results.update(machine=machine(s.repo), corpus={}, targets=TARGETS)
        self.results["machine"]["code_digest"] = self.snapshot_code()
        self.step(f"corpus: {s.projects} projects × {s.cycles} cycles, seed {s.seed}", self.make_corpus)
        self.step(
            "full build, 1 worker, and plain mkdocs in-process on the same pages, alternately", self.full_one_worker
        )
        self.step("plain mkdocs, same pages, one subprocess per unit", self.plain_mkdocs)
        self.step(f"full build, {s.workers} workers", self.full_all_workers)
        self.step("no-op rebuild", self.noop)
        self.step("one cycle's data changed", self.one_cycle)
        self.step("one middle cycle's feature title changed, no headline figure", self.title_only)
        self.step("template override", self.template_change)
        self.step(f"scaling: full build at {', '.join(map(str, self.scale_points()))} cycles", self.scaling)
        self.step("gather", self.gather)
        self.step("Hugo on the same pages, the speed-of-light reference (when installed)", self.hugo)
        self.step("mkdocs and Zensical on the same units: cold, no-op, warm, forced", self.engines)
        self.step("where our own time goes (mkdocs stubbed out, cProfile)", self.overhead)
        self.derive()
        return self.results

    def make_corpus(self) -> None:
        s = self.settings
        started = time.perf_counter()
        made = c.write_corpus(self.root, s.repo, s.projects, s.cycles, s.seed)
        self.results["corpus_write_s"] = time.perf_counter() - started
        self.results["corpus"] = {
            "projects": s.projects,
            "cycles": s.cycles,
            "seed": s.seed,
            "project_cycles": s.projects * s.cycles,
            "files": made.files,
            "bytes": made.bytes,
            "first_cycle": made.cycles[0],
            "last_cycle": made.cycles[-1],
        }
        self.console.print(f"  {made.files} files, {made.bytes / 1e6:.1f} MB")

    def full_one_worker(self) -> None:
        """Our fresh full build with one worker, then plain mkdocs in one process over the very same
        units, `repeat` times in turn; the fastest run of each is kept and compared. Other work on
        a shared machine only ever slows a run down, and alternating spreads it over both sides."""
        ours: list[dict[str, Any]] = []
        plain: list[dict[str, Any]] = []
        for run in range(1, self.settings.repeat + 1):
            if run > 1:
                settle()
            ours.append(self.build(f"full_1_worker_{run}", self.root, jobs=1, force=True, fresh=True))
            settle()
            plain.append(self.plain_in_process(f"plain_mkdocs_in_process_{run}", list(ours[-1]["cycle_seconds"])))
        best = fastest(ours)
        self.record_build("full_1_worker", best)
        self.results["full_1_worker_cycle_mkdocs_s"] = best["cycle_seconds"]
        self.results["full_1_worker_runs_s"] = [data["inner_s"] for data in ours]
        self.record_plain("in_process", fastest(plain))
        self.results["plain_mkdocs_in_process_runs_s"] = [data["inner_s"] for data in plain]
        self.results["overhead_ratio_pairs"] = [a["inner_s"] / b["inner_s"] for a, b in zip(ours, plain, strict=True)]
        site, docs = folder_size(self.root / "site"), folder_size(self.root / "build")
        self.results.update(
            output_bytes=site[0], output_files=site[1], output_html_pages=site[2], generated_markdown_bytes=docs[0]
        )
        pages = sum(1 for _ in (self.root / "build").rglob("*.md"))
        self.results["corpus"].update(pages=pages, pages_per_cycle=round(pages / self.settings.cycles, 1))

    def plain_jobs(self, kind: str, cycles: list[str] | None = None) -> list[list[str]]:
        out = self.settings.workdir / "baseline" / kind
        shutil.rmtree(out, ignore_errors=True)
        names = cycles or list(self.results["full_1_worker_cycle_mkdocs_s"])
        # the same units our build made: each cycle's version and each project's history site
        return [[name, str(build_folder(self.root / "build", name) / "mkdocs.yml"), str(out / name)] for name in names]

    def plain_in_process(self, name: str, units: list[str]) -> dict[str, Any]:
        self.console.print("  plain mkdocs build --strict, in-process …")
        data = self.child(name, {"task": "mkdocs_inproc", "jobs": self.plain_jobs("in_process", units)})
        self.console.print(f"  plain mkdocs, in-process: {data['inner_s']:.2f} s")
        out = folder_size(self.settings.workdir / "baseline" / "in_process")
        self.results["plain_mkdocs_output_bytes"] = out[0]
        shutil.rmtree(self.settings.workdir / "baseline", ignore_errors=True)
        return data

    def record_plain(self, kind: str, data: dict[str, Any]) -> None:
        self.results[f"plain_mkdocs_{kind}_s"] = data["inner_s"]
        self.results[f"plain_mkdocs_{kind}_cpu_s"] = data["cpu_s"]
        self.results[f"plain_mkdocs_{kind}_peak_rss_bytes"] = max(
            data["maxrss_self_bytes"], data["maxrss_children_bytes"]
        )
        self.results[f"plain_mkdocs_{kind}_cycle_s"] = data["cycle_seconds"]

    def plain_mkdocs(self) -> None:
        self.console.print("  plain mkdocs build --strict, one subprocess per unit …")
        data = self.child("plain_mkdocs_subprocess", {"task": "mkdocs_subproc", "jobs": self.plain_jobs("subprocess")})
        self.record_plain("subprocess", data)
        self.console.print(f"  plain mkdocs, subprocesses: {data['inner_s']:.2f} s")
        shutil.rmtree(self.settings.workdir / "baseline", ignore_errors=True)

    def full_all_workers(self) -> None:
        """Fresh, with every core, `repeat` times: the fastest run, as for the 1-worker build it is
        compared with (`parallel_ratio`)."""
        runs = []
        for run in range(1, self.settings.repeat + 1):
            if run > 1:
                settle()
            runs.append(
                self.build(f"full_all_workers_{run}", self.root, jobs=self.settings.workers, force=True, fresh=True)
            )
        self.record_build("full_all_workers", fastest(runs))
        self.results["full_all_workers_runs_s"] = [data["inner_s"] for data in runs]

    def noop(self) -> None:
        command = [sys.executable, "-m", "generator", "-C", str(self.root), "build", "--quiet"]
        walls = []
        # The first run also settles what the build before it left (and any edit of the tool's own
        # files since, which the stamp includes); the three after it are the no-op a user sees.
        for _ in range(4):
            started = time.perf_counter()
            self.run_code(command, check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
        self.results["noop_first_s"] = walls[0]
        self.results["noop_s"] = statistics.median(walls[1:])
        data = self.build("noop_inner", self.root, jobs=self.settings.workers)
        self.results["noop_inner_s"] = data["inner_s"]
        self.results["noop_cycles_built"] = len(data["built"])
        self.console.print(
            f"  cycle-reports build (nothing changed): {self.results['noop_s']:.2f} s "
            f"wall, {data['inner_s']:.3f} s inside build()"
        )

    def one_cycle(self) -> None:
        """Each edit three times (three projects of the same cycle), each followed by its baseline,
        plain mkdocs of that cycle's version alone in a fresh process; the medians are compared,
        since a single 2–3 s measurement moves by ±15 % on a shared machine, and taking the two
        in turn puts a slow moment of the machine on both sides."""
        cycles = self.results["corpus"]
        names = c.cycle_names(cycles["cycles"])
        projects = c.project_names(self.settings.projects)
        for label, cycle in (("middle", names[len(names) // 2]), ("latest", names[-1])):
            runs: list[dict[str, Any]] = []
            alone: list[dict[str, Any]] = []
            for repeat in range(ONE_CYCLE_REPEATS):
                c.edit_title_and_review_day(self.root, cycle, projects[repeat % len(projects)])
                runs.append(self.build(f"one_cycle_{label}_{repeat + 1}", self.root, jobs=self.settings.workers))
                alone.append(
                    self.child(
                        f"one_cycle_{label}_alone_{repeat + 1}",
                        {"task": "mkdocs_inproc", "jobs": self.plain_jobs("alone", [cycle])},
                    )
                )
                shutil.rmtree(self.settings.workdir / "baseline", ignore_errors=True)
            ours_s = ", ".join(f"{d['inner_s']:.2f}" for d in runs)
            alone_s = ", ".join(f"{d['inner_s']:.2f}" for d in alone)
            self.results[f"one_cycle_{label}_runs_s"] = [data["inner_s"] for data in runs]
            self.results[f"one_cycle_{label}_alone_runs_s"] = [data["inner_s"] for data in alone]
            runs.sort(key=lambda data: float(data["inner_s"]))
            self.record_build(f"one_cycle_{label}", runs[len(runs) // 2])
            alone.sort(key=lambda data: float(data["inner_s"]))
            middle = alone[len(alone) // 2]
            self.results[f"one_cycle_{label}_alone_s"] = middle["inner_s"]
            self.results[f"one_cycle_{label}_alone_cpu_s"] = middle["cpu_s"]
            self.results[f"one_cycle_{label}_alone_subprocess_s"] = self.results["plain_mkdocs_subprocess_cycle_s"][
                cycle
            ]
            self.results[f"one_cycle_{label}_cycle"] = names.index(cycle) + 1
            self.console.print(f"  {label} ({cycle}): ours {ours_s} s; alone {alone_s} s (in turn; medians compared)")

    def title_only(self) -> None:
        names = c.cycle_names(self.settings.cycles)
        cycle = names[len(names) // 2]
        c.edit_title(self.root, cycle, c.project_names(self.settings.projects)[-1])
        data = self.build("title_only_middle", self.root, jobs=self.settings.workers)
        self.record_build("title_only_middle", data)

    def template_change(self) -> None:
        c.write_template_override(self.root, self.code / "generator" / "render" / "templates")
        data = self.build("template_change", self.root, jobs=self.settings.workers)
        self.record_build("template_change", data)

    def scale_points(self) -> list[int]:
        points = sorted({n for n in self.settings.scale if n < self.settings.cycles} | {self.settings.cycles})
        return points

    def scaling(self) -> None:
        s = self.settings
        for count in self.scale_points():
            if count == s.cycles:
                self.results[f"full_1_worker_{count}_cycles_s"] = self.results["full_1_worker_s"]
                self.results[f"full_1_worker_{count}_cycles_cpu_s"] = self.results["full_1_worker_cpu_s"]
                continue
            root = s.workdir / f"scale-{count}"
            c.write_corpus(root, s.repo, s.projects, count, s.seed)
            data = self.build(f"scale_{count}", root, jobs=1, force=True, fresh=True)
            self.results[f"full_1_worker_{count}_cycles_s"] = data["inner_s"]
            self.results[f"full_1_worker_{count}_cycles_cpu_s"] = data["cpu_s"]
            self.results[f"full_1_worker_{count}_cycles_mkdocs_s"] = data["stage_seconds"].get("mkdocs")
            shutil.rmtree(root, ignore_errors=True)
        self.results[f"full_1_worker_{s.cycles}_cycles_mkdocs_s"] = self.results.get("full_1_worker_mkdocs_s")

    def gather(self) -> None:
        data = self.child("gather", {"task": "gather", "workdir": str(self.settings.workdir / "gather")})
        numbers = {k: v for k, v in data.items() if k.startswith(("gather", "warm"))}
        self.results.update(numbers)
        self.console.print(f"  {numbers}")

    def engines(self) -> None:
        self.results["engines"] = measure_engines(self)

    def overhead(self) -> None:
        root = self.settings.workdir / "profile"
        text = self.settings.workdir / "profile.txt"

        def cold(name: str, **spec: Any) -> dict[str, Any]:
            # A fresh copy each time: no build/, no site/, no manifest and no load cache from the run before.
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(self.root, root, ignore=shutil.ignore_patterns("build", "site", "site.manifest.json"))
            return self.child(name, {"task": "overhead", "root": str(root), **spec})

        data = cold("overhead", profile=str(text.resolve()))
        plain = cold("overhead_unprofiled")
        no_gc = cold("overhead_no_gc", gc=False)
        shutil.rmtree(root, ignore_errors=True)
        self.results["overhead_s"] = plain["inner_s"]
        self.results["overhead_gc_s"] = plain.get("gc_s")
        self.results["overhead_without_gc_s"] = no_gc["inner_s"]
        for stage, seconds in sorted(plain["stage_seconds"].items()):
            self.results[f"overhead_{stage}_s"] = seconds
        for part, seconds in sorted(data.get("profile_seconds", {}).items()):
            self.results[f"profile_{part}_s"] = seconds
        self.results["profile_total_s"] = data["inner_s"]
        self.notes.append(f"cProfile of our own work written to {text}")
        self.console.print(
            f"  our own work (mkdocs stubbed): {plain['inner_s']:.2f} s, of which GC "
            f"{plain.get('gc_s', 0):.2f} s; without GC {no_gc['inner_s']:.2f} s; profile in {text}"
        )

    def hugo(self) -> None:
        """Debian's `hugo`, when installed: each unit's generated Markdown through Hugo with a bare
        layout (the page, its title and a link to every page of the unit, as Material's nav does),
        one unit after the other: once with every core, once with one (GOMAXPROCS=1)."""
        exe = shutil.which("hugo")
        if exe is None:
            self.notes.append("hugo is not installed (Debian: apt-get install hugo); no Hugo reference")
            self.console.print("  hugo is not installed: skipped")
            return
        base = self.settings.workdir / "hugo"
        shutil.rmtree(base, ignore_errors=True)
        units = list(self.results["full_1_worker_cycle_mkdocs_s"])
        configs = [hugo_site(base, self.root / "build", unit) for unit in units]
        version = subprocess.run([exe, "version"], capture_output=True, text=True, check=False).stdout.strip()
        self.results["machine"]["hugo"] = version
        for key, extra in (("hugo_s", {}), ("hugo_1_core_s", {"GOMAXPROCS": "1"})):
            shutil.rmtree(base / "public", ignore_errors=True)
            settle()
            started = time.perf_counter()
            for unit, config in zip(units, configs, strict=True):
                done = subprocess.run(
                    [exe, "--quiet", "--config", str(config), "--source", str(base / unit.replace("/", "~"))],
                    capture_output=True,
                    text=True,
                    check=False,
                    env={**os.environ, **extra},
                )
                if done.returncode:
                    raise RuntimeError(f"hugo failed on {unit}: {(done.stdout + done.stderr)[-2000:]}")
            self.results[key] = time.perf_counter() - started
        out = folder_size(base / "public")
        self.results.update(hugo_output_bytes=out[0], hugo_html_pages=out[2])
        self.results["hugo_ratio"] = self.results["hugo_1_core_s"] / self.results["plain_mkdocs_in_process_s"]
        self.console.print(
            f"  {version}: {self.results['hugo_s']:.2f} s, one core {self.results['hugo_1_core_s']:.2f} s, "
            f"{out[2]} HTML pages"
        )
        shutil.rmtree(base, ignore_errors=True)

    # --- the ratios the issue sets targets for -------------------------------------------------

    def derive(self) -> None:
        r = self.results
        r["overhead_ratio"] = r["full_1_worker_s"] / r["plain_mkdocs_in_process_s"]
        r["overhead_ratio_subprocess"] = r["full_1_worker_process_s"] / r["plain_mkdocs_subprocess_s"]
        r["overhead_ratio_cpu"] = r["full_1_worker_cpu_s"] / r["plain_mkdocs_in_process_cpu_s"]
        r["parallel_ratio"] = r["full_all_workers_s"] / r["full_1_worker_s"]
        r["one_cycle_ratio"] = r["one_cycle_middle_s"] / r["one_cycle_middle_alone_s"]
        r["one_cycle_ratio_subprocess"] = r["one_cycle_middle_process_s"] / r["one_cycle_middle_alone_subprocess_s"]
        r["one_cycle_ratio_cpu"] = r["one_cycle_middle_cpu_s"] / r["one_cycle_middle_alone_cpu_s"]
        r["one_cycle_latest_ratio"] = r["one_cycle_latest_s"] / r["one_cycle_latest_alone_s"]
        points = self.scale_points()
        r["scaling_largest_over_smallest"] = (
            (r[f"full_1_worker_{points[-1]}_cycles_s"] / r[f"full_1_worker_{points[0]}_cycles_s"])
            if len(points) > 1
            else None
        )
        r["scaling_33_over_5"] = (
            r["full_1_worker_33_cycles_s"] / r["full_1_worker_5_cycles_s"]
            if "full_1_worker_33_cycles_s" in r and "full_1_worker_5_cycles_s" in r
            else None
        )
        if "full_1_worker_33_cycles_cpu_s" in r and "full_1_worker_5_cycles_cpu_s" in r:
            r["scaling_33_over_5_cpu"] = r["full_1_worker_33_cycles_cpu_s"] / r["full_1_worker_5_cycles_cpu_s"]
        r["load_average_at_step"] = self.load
        r["peak_rss_bytes"] = max(v for k, v in r.items() if k.endswith("_peak_rss_bytes") and isinstance(v, int))
        r["notes"] = self.notes


# Each target: (bench.json key, comparison, bound, what the issue calls it).
TARGETS: dict[str, dict[str, Any]] = {
    "overhead_ratio": {"max": 1.10, "what": "full build, ours ÷ plain mkdocs on the same pages, 1 worker"},
    "parallel_ratio": {"max": 0.58, "what": "full build, all workers ÷ 1 worker"},
    "noop_s": {"max": 1.0, "what": "no-op rebuild of the full corpus (seconds)"},
    "one_cycle_ratio": {"max": 1.3, "what": "one cycle's data changed ÷ that one cycle's build alone"},
    "scaling_33_over_5": {"max": 7.5, "what": "33 cycles ÷ 5 cycles, full build"},
    "warm_gather_requests": {"max": 0, "what": "warm-cache re-gather of a past project-cycle (requests)"},
    "gather_concurrency_ratio": {"max": 0.25, "what": "concurrent ÷ sequential gather at 50 ms latency"},
}


# --- helpers ------------------------------------------------------------------------------------

HUGO_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><ul>{{ range .Site.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>{{ .Content }}</main></body></html>
"""


def hugo_site(base: Path, build: Path, unit: str) -> Path:
    """A Hugo site of one unit's generated pages: `index.md` becomes `_index.md` (a Hugo section),
    so every page keeps its place; everything else is copied as it is. Returns its config file."""
    folder = base / unit.replace("/", "~")
    docs = build_folder(build, unit) / "docs"
    for source in docs.rglob("*.md"):
        rel = source.relative_to(docs)
        target = folder / "content" / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(HUGO_PAGE, encoding="utf-8")
    config = folder / "hugo.toml"
    config.write_text(
        "\n".join(
            [
                'baseURL = "https://cycle-reports.example.org/"',
                f'publishDir = "{(base / "public" / unit).as_posix()}"',
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]',
                "[markup.goldmark.renderer]",
                "unsafe = true",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def folder_size(folder: Path) -> tuple[int, int, int]:
    """Total bytes, files and HTML pages under `folder`."""
    size = files = html = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            files += 1
            html += path.suffix == ".html"
    return size, files, html


def machine(repo: Path) -> dict[str, Any]:
    from importlib.metadata import version

    import yaml

    memory = 0
    cpu = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    git = subprocess.run(
        ["git", "-C", str(repo), "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "jinja2": version("jinja2"),
        "pyyaml": version("pyyaml"),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "pydantic": version("pydantic"),
        "cycle_reports": version("cycle-reports"),
        "git": git,
        "pythonhashseed": os.environ.get("PYTHONHASHSEED", ""),
    }
