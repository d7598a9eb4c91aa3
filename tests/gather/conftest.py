"""Fixtures of the gather tests: the shared fixtures folder, a project folder, a governance git history."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from gather_support import FIXTURES


@pytest.fixture(scope="session")
def fixtures() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (expected beside the repository)")
    return FIXTURES.resolve()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    return root


@pytest.fixture(scope="session")
def governance_history(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    """The governance snapshots of SOURCES.md committed in date order into a fresh git repository."""
    repo = tmp_path_factory.mktemp("governance")
    history = fixtures / "openstack-governance" / "history"
    snapshots = sorted(history.iterdir(), key=lambda p: p.name.split("-", 1)[1])
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}

    def git(*args: str, when: str = "") -> None:
        extra = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**env, **extra})

    git("init", "-q")
    (repo / "reference").mkdir()
    for snapshot in snapshots:
        date = snapshot.name.split("-", 1)[1]
        (repo / "reference" / "projects.yaml").write_bytes((snapshot / "reference" / "projects.yaml").read_bytes())
        git("add", "-A")
        git(
            "-c",
            "user.name=fixture",
            "-c",
            "user.email=fixture@example.org",
            "commit",
            "-q",
            "-m",
            snapshot.name,
            when=f"{date}T12:00:00+00:00",
        )
    return repo


@pytest.fixture(scope="session")
def governance_clone(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    """The whole governance git history: the shared bundle `git clone`d into a temporary folder."""
    bundle = fixtures / "openstack-governance.bundle"
    if not bundle.is_file():
        pytest.skip(f"governance bundle not found at {bundle}")
    target = tmp_path_factory.mktemp("governance-clone") / "governance"
    subprocess.run(["git", "clone", "-q", str(bundle), str(target)], check=True, capture_output=True)
    return target
