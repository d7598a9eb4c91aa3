"""The two engines a unit can be built with: mkdocs (with Material) and Zensical.

Material for MkDocs is in maintenance mode until its end of life on 2027-05-05; Zensical, by the
same authors, reads the same `mkdocs.yml` and the same Markdown. Each unit's config is complete in
itself (build/config.py), its folders relative and inside the unit, and nothing the site needs
lives in a hook, so either engine builds it. The choice is `cycle-reports build --engine`, else
`extra.engine` in the project's mkdocs.yml, else mkdocs.

Zensical runs as its own process per unit (`zensical build --strict -f …`) into the unit's
`site/` folder (it wants site_dir inside the config's folder), which is then moved into place.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
_SETTING = re.compile(r"^extra:\s*\n(?:[ \t]+.*\n|\s*\n)*?[ \t]+engine:\s*['\"]?([a-z]+)", re.MULTILINE)


def configured_engine(root: Path) -> str:
    """`extra.engine` in the project's mkdocs.yml, or mkdocs."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return DEFAULT_ENGINE
    found = _SETTING.search(text)
    return found.group(1) if found else DEFAULT_ENGINE


def zensical_command() -> list[str] | None:
    """How to run Zensical from this interpreter's environment, or None when it is not installed."""
    beside = Path(sys.executable).with_name("zensical")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("zensical")
    return [found] if found else None


def build_zensical(config_file: str, site_dir: str, epoch: int | None = None) -> tuple[bool, str, float]:
    """Build one unit with Zensical into `site_dir`; returns success, its log, seconds."""
    started = time.perf_counter()
    command = zensical_command()
    if command is None:
        return False, "ERROR   -  zensical is not installed: pip install 'cycle-reports[zensical]'\n", 0.0
    folder = Path(config_file).parent
    out = folder / "site"
    env = dict(os.environ)
    if epoch is not None:
        env.setdefault("SOURCE_DATE_EPOCH", str(epoch))
    run = subprocess.run(
        [*command, "build", "--strict", "-f", config_file],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    log = run.stdout + run.stderr
    ok = run.returncode == 0 and (out / "index.html").is_file()
    if ok:
        target = Path(site_dir)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(out), str(target))
    elif run.returncode == 0:
        log += "ERROR   -  zensical wrote no index.html\n"
    return ok, "" if ok else log, time.perf_counter() - started


def _zensical_plugins() -> frozenset[str] | None:
    """The mkdocs plugins the installed Zensical implements, or None when it cannot say.

    Zensical skips every other plugin without a word (its config reader drops names it does not
    know), so the names come from the same table it consults. That table is not public API: if a
    release renames it, no warning is given rather than a wrong one.
    """
    try:
        from zensical.config import _PLUGIN_UNSUPPORTED_OPTIONS  # type: ignore[import-not-found]
    except (ImportError, AttributeError):
        return None
    return frozenset(_PLUGIN_UNSUPPORTED_OPTIONS)


def _plugin_names(plugins: object) -> list[str]:
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    if isinstance(plugins, list):
        return [str(next(iter(p))) if isinstance(p, dict) and p else str(p) for p in plugins]
    return []


def engine_warnings(config: dict[str, object], text: str, engine: str) -> list[str]:
    """What the project's mkdocs.yml asks for that `engine` will silently not do, one line each.

    Only Zensical leaves things out: it runs no `hooks:` (Python files mkdocs imports) and skips
    plugins it has no implementation of. `text` is the file, for the line of each setting.
    """
    if engine != "zensical":
        return []

    def at(pattern: str) -> str:
        found = re.search(pattern, text, re.MULTILINE)
        return f"mkdocs.yml:{text.count(chr(10), 0, found.start()) + 1}" if found else "mkdocs.yml"

    out = []
    if config.get("hooks"):
        out.append(
            f"{at(r'^hooks:')}: warning: hooks: zensical does not run mkdocs hooks; "
            f"{', '.join(map(str, config['hooks'])) if isinstance(config['hooks'], list) else config['hooks']} "
            "will not run\n  hint: build with --engine mkdocs, or move the hook's work out of the build"
        )
    known = _zensical_plugins() or frozenset()
    for name in _plugin_names(config.get("plugins")) if known else ():
        if name.removeprefix("material/").split("/", 1)[0] not in known:
            where = at(r"^[ \t]*-?[ \t]*" + re.escape(name) + r"\b")
            out.append(
                f"{where}: warning: plugins: zensical has no '{name}' plugin and skips it\n"
                "  hint: build with --engine mkdocs, or remove it from mkdocs.yml"
            )
    return out
