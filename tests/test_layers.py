"""The house rules, walked over the package's imports (those inside functions included).

The pipeline's stages are folders: data/ ← gather/, load/ ← render/ ← build/ ← tools/ ←
commands/ and the CLI. An import may only point down that list; nothing forms a cycle; only the
command layer reaches the author tools; nothing but gather/ touches the network. And no module or
function grows past what a newcomer reads in one sitting.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# What each folder (or top-level module) may import from the package besides itself.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "data": {"errors"},
    "gather": {"errors", "data", "__init__"},
    "load": {"errors", "data"},
    "render": {"errors", "data"},
    "build": {"errors", "data", "load", "render", "__init__"},
    "tools": {"errors", "data", "load", "render", "build", "gather"},
    "commands": {"errors", "data", "load", "render", "build", "tools", "gather"},
    "cli": {"errors", "data", "load", "render", "build", "tools", "gather", "commands", "__init__"},
    "__main__": {"cli"},
    "__init__": set(),
}
NETWORK = ("requests", "requests_cache", "urllib3")
# Allowed past the size limits: none. A flat, commented pipeline that reads as stages could be
# listed here (module -> lines, function -> lines); today every module and function fits.
OVER_TODAY: dict[str, int] = {}
LONG_FUNCTIONS: dict[str, int] = {}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports(module: str) -> tuple[set[str], set[str]]:
    """The package modules `module` imports (a `from pkg import name` of a submodule counts as that
    submodule), and the outside top-level packages it imports, anywhere in the file."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    inside: set[str] = set()
    outside: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (inside if alias.name.startswith("generator") else outside).add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("generator"):
                outside.add(target.split(".")[0])
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & MODULES.keys()
            inside |= subs or {target}
    return {i for i in inside if i in MODULES and i != module}, outside


GRAPH = {m: imports(m) for m in MODULES}


def test_every_import_points_down_the_stages() -> None:
    """data never imports load/render/build/gather; render never build or gather; only the
    command layer imports the tools; gather imports only the data layer."""
    wrong = []
    for module, (inside, _) in GRAPH.items():
        for target in inside:
            if layer(target) != layer(module) and layer(target) not in ALLOWED[layer(module)]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over every import, function-level ones included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node][0]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert cycles == []


def test_only_gather_reaches_the_network() -> None:
    """requests and requests-cache are gather's alone: data, load, render, build, tools never import them."""
    wrong = [
        f"{module} imports {name}"
        for module, (_, outside) in GRAPH.items()
        for name in outside
        if name in NETWORK and layer(module) != "gather"
    ]
    assert wrong == []


def test_building_does_not_load_requests() -> None:
    """Importing and running the build entry points leaves `requests` unimported (a fresh interpreter)."""
    code = (
        "import sys, generator.build.pipeline, generator.commands.build, generator.tools.serve, generator.tools.check;"
        "print('requests' in sys.modules, 'requests_cache' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_functions_stay_readable(module: str) -> None:
    """No module over ~400 lines, no function over ~60 (a flat, commented stage list may be listed)."""
    text = MODULES[module].read_text(encoding="utf-8")
    lines = len(text.splitlines())
    assert lines <= OVER_TODAY.get(module, MAX_MODULE_LINES), f"{module}: {lines} lines"
    long = [
        f"{node.name} ({length} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or 0) - node.lineno + 1)
        > LONG_FUNCTIONS.get(f"{module}.{node.name}", MAX_FUNCTION_LINES)
    ]
    assert long == [], f"{module}: {long}"
