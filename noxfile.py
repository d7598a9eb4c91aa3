"""Sessions for cycle-reports. `pip install nox`, then `nox -s build` builds the demo site.

Every session installs the package with the exact versions pinned in constraints.txt, so a fresh
machine gets the same mkdocs and Material as CI.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["build", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

CONSTRAINTS = ("-c", "constraints.txt")


def install(session: nox.Session, *extras: str) -> None:
    target = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, "-e", target)


@nox.session
def build(session: nox.Session) -> None:
    """The publishing gate, then the versioned demo site into site/ (offline), scanned for leaks.

    `check --strict` comes first, so a report with an untouched writing prompt, a bad placeholder
    or a warning is never published.
    """
    install(session)
    session.run("cycle-reports", "check", "--strict")
    session.run("cycle-reports", "build", *session.posargs)
    session.run("cycle-reports", "scan")
    session.log("Browse it: nox -s serve (live preview) or python -m http.server -d site 8000")


@nox.session
def serve(session: nox.Session) -> None:
    """Preview the latest cycle (or `-- --cycle NAME`) with live reload on http://127.0.0.1:8000."""
    install(session)
    session.run("cycle-reports", "serve", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite: loader, rendering, gatherers over loopback HTTP, a real strict build, browser tests."""
    install(session, "test")
    session.run("pytest", *session.posargs, env={"PYTHONHASHSEED": "0"})


@nox.session
def zensical(session: nox.Session) -> None:
    """The demo built with Zensical (the [zensical] extra): every link crawled, and the browser
    tests (version selector, stay-on-page, outdated banner, search, no external request, no
    console error) run against that build."""
    install(session, "test", "zensical")
    session.run("cycle-reports", "check", "--strict")
    env = {"PYTHONHASHSEED": "0", "CYCLE_REPORTS_TEST_ENGINE": "zensical"}
    session.run("pytest", "-m", "zensical or browser", *session.posargs, env=env)


@nox.session
def e2e(session: nox.Session) -> None:
    """Browser tests only: Debian's chromium driven by Playwright against the built site on 127.0.0.1."""
    install(session, "test")
    session.run("pytest", "-m", "browser", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Static checks: ruff (lint and format check) and mypy --strict on the package."""
    install(session, "lint")
    session.run("ruff", "check", "generator", "bench", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "generator", "bench", "tests", "noxfile.py")
    session.run("mypy", "generator", "bench")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark builds and gathers on a synthetic OpenStack-scale corpus; prints a table, writes bench.json."""
    install(session, "test")
    session.run("python", "-m", "bench", *session.posargs, env={"PYTHONHASHSEED": "0", **os.environ})
