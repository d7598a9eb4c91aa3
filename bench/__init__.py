"""The build benchmark: `python -m bench` (or `nox -s bench`).

    corpus.py   a deterministic synthetic corpus at OpenStack scale (projects × cycles, a seed)
    child.py    one measured task in a fresh Python process (our build, plain mkdocs, a profile)
    runner.py   the measurement plan: full, parallel, no-op, incremental, template, baseline, scaling
    report.py   the table on the terminal and `bench.json`, one number per measurement

Every measurement runs in its own child process so that imports, template caches and peak memory
of one step never leak into the next. See docs/performance.md for the design and the results.
"""
