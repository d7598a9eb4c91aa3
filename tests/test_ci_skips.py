"""Under CI=true a skipped test fails; elsewhere it stays a skip with its reason (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SAMPLE = """
import pytest

def test_needs_a_tool():
    pytest.skip("chromium is missing")

@pytest.mark.skip(reason="marked at collection")
def test_marked():
    pass

@pytest.mark.xfail(reason="known")
def test_expected_to_fail():
    assert False

def test_runs():
    assert True
"""


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    tests = tmp_path / "tests"
    tests.mkdir(exist_ok=True)
    (tests / "conftest.py").write_text((REPO / "tests" / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8")
    (tests / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(tests)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_skip_under_ci_is_a_failure(tmp_path: Path, ci: str) -> None:
    run = _run(tmp_path, ci)
    assert run.returncode == 1, run.stdout
    # a skip in the call fails the test; one at set-up (a skip mark) is an error: both fail the run
    assert "1 failed, 1 passed, 1 xfailed, 1 error" in run.stdout, run.stdout
    assert "skipped under CI=true, where every test must run: Skipped: chromium is missing" in run.stdout
    assert "skipped under CI=true, where every test must run: Skipped: marked at collection" in run.stdout


def test_without_ci_a_skip_stays_a_skip(tmp_path: Path) -> None:
    run = _run(tmp_path, None)
    assert run.returncode == 0, run.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in run.stdout, run.stdout
