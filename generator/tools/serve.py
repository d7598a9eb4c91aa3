"""`cycle-reports serve`: preview one cycle with live reload.

The generator writes build/<cycle>/ once, then mkdocs' own dev server serves it and reloads the
browser whenever a generated file changes. A watchdog observer on data/, content/ and theme/
re-renders the cycle on every edit; unchanged pages are not rewritten, so mkdocs only sees (and
the browser only reloads for) what the edit really changed.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from pathlib import Path

from ..build.config import cycle_config
from ..build.workers import write_docs
from ..data.reader import ParsedFiles
from ..data.yamlio import write_text_atomic
from ..errors import UserError, print_problems
from ..load.site import load_site
from ..render.cycle import render_cycle
from ..render.layout import source_files

# Parsed YAML files kept between reloads: an edit re-parses only the file it touched.
_PARSED: ParsedFiles = {}


def render_to_disk(root: Path, cycle_name: str | None, url: str) -> tuple[str, Path, int]:
    """Load, render one cycle into build/<cycle>/; returns the cycle, its config and pages changed."""
    loaded = load_site(root, parsed=_PARSED)
    if loaded.site is None:
        errors = print_problems(loaded.problems.items, strict=False)
        raise UserError(f"{errors} error(s); fix them and the preview will refresh")
    site = loaded.site
    cycle = site.cycles[-1] if cycle_name is None else next((c for c in site.cycles if c.name == cycle_name), None)
    if cycle is None:
        raise UserError(f"unknown cycle '{cycle_name}'")
    pages = render_cycle(site, cycle, root / "theme")
    folder = root / "build" / cycle.name
    changed = sum(write_docs(folder / "docs", source_files(pages)))
    config = cycle_config(root, cycle, pages, site, base_url=url)
    if not re.search(r"^hooks:", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE):
        # Material's templates compiled once for every rebuild (and shared with `build`); a hook,
        # since mkdocs' dev server loads the config itself. Hooks of the user's own win.
        config += f"hooks:\n- {json.dumps(str(Path(__file__).parents[1] / 'build' / 'template_cache.py'))}\n"
    write_text_atomic(folder / "mkdocs-serve.yml", config)
    return cycle.name, folder / "mkdocs-serve.yml", changed


def _watch(root: Path, cycle: str, url: str, stop: threading.Event) -> None:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    dirty = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not str(event.src_path).endswith((".tmp", "~")):
                dirty.set()

    observer = Observer()
    for name in ("data", "content", "theme"):
        if (root / name).is_dir():
            observer.schedule(Handler(), str(root / name), recursive=True)
    observer.start()
    try:
        while not stop.is_set():
            if dirty.wait(0.3):
                time.sleep(0.2)  # let an editor finish writing
                dirty.clear()
                started = time.perf_counter()
                try:
                    _, _, changed = render_to_disk(root, cycle, url)
                    if changed:
                        print(
                            f"re-rendered {cycle}: {changed} page(s) changed in {time.perf_counter() - started:.2f} s"
                        )
                except UserError as exc:
                    print(exc.render(), file=sys.stderr)
    finally:
        observer.stop()
        observer.join()


class _QuietDirty(logging.Filter):
    """mkdocs warns on every dirty rebuild; in a preview that is the point, so say it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def serve(root: Path, cycle: str | None = None, host: str = "127.0.0.1", port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    url = f"http://{host}:{port}/"
    name, config, _ = render_to_disk(root, cycle, url)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(root, name, url, stop), daemon=True)
    watcher.start()
    print(
        f"Serving {name} at {url}{name}/ — edits under data/, content/ and theme/ reload the page "
        "(only the changed pages are rebuilt; the version selector works on the full `build` output)"
    )
    try:
        # dirty: mkdocs rebuilds only the pages whose files changed; a new page changes the nav in
        # mkdocs-serve.yml, which makes mkdocs reload the config and rebuild everything.
        mkdocs_serve(str(config), livereload=True, build_type="dirty", dev_addr=f"{host}:{port}")
    finally:
        stop.set()
    return 0
