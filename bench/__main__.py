"""`python -m bench`: generate the synthetic corpus, measure every build, write bench.json."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from .report import print_tables, write_json
from .runner import Bench, Settings


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--projects", type=int, default=None, help="project teams (default 60; 6 with --quick)")
    parser.add_argument("--cycles", type=int, default=None, help="release cycles (default 33; 5 with --quick)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path("bench-work"), help="scratch folder (default bench-work)")
    parser.add_argument("--out", type=Path, default=Path("bench.json"), help="results file (default bench.json)")
    parser.add_argument(
        "--scale",
        default=None,
        help="cycle counts of the growth series, comma-separated (default 5,15,33; 2,5 with --quick)",
    )
    parser.add_argument("--jobs", "-j", type=int, default=0, help="workers of the parallel build (default: all cores)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs of the full 1-worker build and of plain mkdocs, alternately; the fastest of each is compared "
        "(default 2; 1 with --quick)",
    )
    parser.add_argument(
        "--engine-corpus",
        default=None,
        help="projects,cycles of the mkdocs-vs-Zensical comparison (default: the corpus; 2,3 with --quick)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 6 projects × 5 cycles (engines on 2 × 3), about two minutes"
    )
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    quick = args.quick
    scale = args.scale or ("2,5" if quick else "5,15,33")
    return Settings(
        projects=args.projects or (6 if quick else 60),
        cycles=args.cycles or (5 if quick else 33),
        seed=args.seed,
        workdir=args.workdir.resolve(),
        out=args.out,
        scale=tuple(int(n) for n in scale.split(",") if n.strip()),
        jobs=args.jobs,
        repeat=max(1, args.repeat or (1 if quick else 2)),
        engine_corpus=engine_corpus(args.engine_corpus or ("2,3" if quick else None)),
    )


def engine_corpus(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    projects, cycles = (int(n) for n in text.split(","))
    return projects, cycles


def main(argv: Sequence[str] | None = None) -> int:
    settings = settings_from(make_parser().parse_args(argv))
    console = Console()
    if not console.is_terminal:  # a log file: wide enough that the tables do not wrap
        console = Console(width=150)
    started = time.perf_counter()
    bench = Bench(settings, console)
    results = bench.run()
    results["bench_wall_s"] = time.perf_counter() - started
    write_json(results, settings.out)
    console.rule("[bold]results")
    print_tables(results, console)
    console.print(f"Wrote {settings.out} ({results['bench_wall_s']:.0f} s in all).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
