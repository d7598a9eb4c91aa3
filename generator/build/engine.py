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
