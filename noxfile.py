"""Sessions for cycle-reports. `pip install nox`, then `nox -s build` builds the demo site.

Every session installs the package with the exact versions pinned in constraints.txt, so a fresh
machine gets the same mkdocs and Material as CI.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

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
    """Benchmark builds and gathers on a synthetic OpenStack-scale corpus; prints a table, writes bench.json.

    With the [zensical] extra, so both engines are timed on the same units (bench/engines.py)."""
    install(session, "test", "zensical")
    session.run("python", "-m", "bench", *session.posargs, env={"PYTHONHASHSEED": "0", **os.environ})


@nox.session
def history(session: nox.Session) -> None:
    """Gather every team and cycle from ../shared/fixtures and build that site into history-site/.

    The governance bundle is cloned into the session's temporary folder; releases and election
    are read in place. The repository's own data/ is never touched: history-site/ is a project
    folder of its own (mkdocs.yml, theme/ and the site-wide pages copied in). Timed.
    """
    install(session)
    fixtures = Path(os.environ.get("CYCLE_REPORTS_FIXTURES", "../shared/fixtures")).resolve()
    project = Path(session.posargs[0] if session.posargs else "history-site").resolve()
    governance = Path(session.create_tmp()) / "governance"
    if governance.exists():
        shutil.rmtree(governance)
    session.run("git", "clone", "-q", str(fixtures / "openstack-governance.bundle"), str(governance), external=True)
    # The project folder: the same theme and site-wide pages as the demo, its own data/.
    (project / "data").mkdir(parents=True, exist_ok=True)
    (project / "content").mkdir(exist_ok=True)
    shutil.copy("mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree("theme", project / "theme", dirs_exist_ok=True)
    for page in Path("content").glob("*.md"):
        shutil.copy(page, project / "content" / page.name)
    started = time.monotonic()
    session.run(
        "cycle-reports", "-C", str(project), "gather", "releases", "governance", "election",
        "--all-projects", "--all-cycles", "--quiet",
        "--from", f"releases={fixtures / 'openstack-releases'}",
        "--from", f"governance={governance}",
        "--from", f"election={fixtures / 'openstack-election'}",
    )  # fmt: skip
    gathered = time.monotonic() - started
    session.run("cycle-reports", "-C", str(project), "check")
    started = time.monotonic()
    session.run("cycle-reports", "-C", str(project), "build")
    session.log(f"gathered in {gathered:.1f} s, built in {time.monotonic() - started:.1f} s: {project / 'site'}")
