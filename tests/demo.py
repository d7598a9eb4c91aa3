"""The bundled demo project, copied where a test may build or change it (never the repo itself)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_demo(target: Path) -> Path:
    """data/, content/, theme/ and mkdocs.yml copied into `target`; returns `target`."""
    for name in ("data", "content", "theme"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target
