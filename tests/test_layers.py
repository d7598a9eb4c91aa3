"""One direction only: render and build never reach the network layer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
OFFLINE_MODULES = [
    "render/page",
    "render/history",
    "render/feeds",
    "build/pipeline",
    "build/stamp",
    "load/site",
    "tools/serve",
    "tools/check",
    "tools/links",
    "data/prose",
    "render/text",
    "data/model",
    "data/validate",
    "data/merge",
]
FORBIDDEN = ("requests", "requests_cache", "urllib3", "generator.gather", "gather")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            found.add(("." * node.level) + module)
    return found


def test_offline_stages_import_no_network_code() -> None:
    """render, site, load, serve and friends import neither requests nor the gather package."""
    for name in OFFLINE_MODULES:
        for imported in imports_of(PACKAGE / f"{name}.py"):
            bare = imported.lstrip(".")
            assert not any(bare == f or bare.startswith(f + ".") for f in FORBIDDEN), f"{name}.py imports {imported}"


def test_building_does_not_load_requests() -> None:
    """Importing and running the build entry points leaves `requests` unimported (checked in a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys, generator.build.pipeline, generator.render.page, generator.load.site,"
        " generator.tools.serve, generator.tools.check;"
        "print('requests' in sys.modules, 'requests_cache' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"
