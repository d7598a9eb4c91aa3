"""Shared fixtures: tiny projects in tmp dirs, the repo root and the shared fixtures; and the
rule that CI never skips.

On a developer's machine a test that needs an optional tool (Debian's chromium, Playwright, the
shared fixtures, jsonschema) is skipped with a message. Under CI (`CI=true`, which .ci/run
exports and most CI services set) a skip is a failure, so a green CI means every test ran.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = SHARED / "fixtures"

BASE_FILES = {
    "data/cycles.yaml": """\
        cycles:
          - name: liberty
            start: 2015-04-30
            end: 2015-10-15
          - name: mitaka
            start: 2015-10-16
            end: 2016-04-07
            milestones:
              - {name: mitaka-1, date: 2015-12-03}
          - name: newton
            start: 2016-04-08
            end: 2016-10-06
        """,
    "data/projects.yaml": """\
        projects:
          - key: glance
            title: Glance
            service: Image service
        """,
}


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A small project (three cycles, one team) in a tmp dir, plus any files given."""

    def make(files: dict[str, str] | None = None, base: bool = True, theme: bool = True) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        if theme:
            shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
            shutil.copytree(REPO / "theme", root / "theme", dirs_exist_ok=True)
        write_files(root, {**(BASE_FILES if base else {}), **(files or {})})
        return root

    return make


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")
    parser.addoption(
        "--freeze-golden-input",
        action="store_true",
        help="copy the live demo data/ and content/cycles/ into tests/golden/input/ (then review the diff)",
    )


def in_ci() -> bool:
    """CI=true (or 1/yes), as .ci/run exports and CI services set."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Under CI, a skipped test (a missing browser, tool or fixture) is reported as failed."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, where every test must run: {reason}"
    return None
