"""`cycle-reports serve`: preview one cycle with live reload.

The generator writes build/<cycle>/ once, then mkdocs' own dev server serves it and reloads the
browser whenever a generated file changes. A watchdog observer on data/, content/ and theme/
re-renders the cycle on every edit; unchanged pages are not rewritten, so mkdocs only sees (and
the browser only reloads for) what the edit really changed.

Only real changes count (a file written, created, moved or deleted; reading a file is an event
too on Linux, and rendering reads them all), and a burst of them is one re-render. An edit that
does not load puts its located errors at the top of every page of the preview, so the page in
the browser shows them at once (and the terminal prints them once); the next good edit brings
the pages back.
"""

from __future__ import annotations

import html
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
from ..errors import Problem, UserError, print_problems
from ..load.published import published
from ..load.site import load_site
from ..render.cycle import render_cycle
from ..render.layout import source_files

# Parsed YAML files kept between reloads: an edit re-parses only the file it touched.
_PARSED: ParsedFiles = {}


BANNER_START = "<!-- cycle-reports serve: errors -->"
BANNER_END = "<!-- /cycle-reports serve: errors -->"
DEBOUNCE = 0.3  # seconds without a further change before re-rendering


class PreviewErrors(UserError):
    """The project does not load: the located problems, for the terminal and the page."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = sorted(set(problems))
        errors = sum(p.severity == "error" for p in shown)
        super().__init__(f"{errors} error(s); fix them and the preview will refresh", shown)


def preview_folder(root: Path, cycle: str) -> Path:
    """Where the preview renders a cycle: beside the build's own build/<cycle>/, never in it, so a
    `build` run while the preview is open cannot read pages half rewritten by it (nor the preview
    the build's). The same depth keeps the config's relative paths; `.serve` cannot be a cycle's
    name (names ending like a file are reserved)."""
    return root / "build" / f"{cycle}.serve"


def render_to_disk(root: Path, cycle_name: str | None, url: str) -> tuple[str, Path, int]:
    """Load, render one cycle into build/<cycle>/; returns the cycle, its config and pages changed."""
    loaded = load_site(root, parsed=_PARSED)
    if loaded.site is None:
        raise PreviewErrors(list(loaded.problems.items))
    site = published(loaded.site)  # the versions the build makes: neighbours and `latest` as built
    cycle = site.cycles[-1] if cycle_name is None else next((c for c in site.cycles if c.name == cycle_name), None)
    if cycle is None:
        known = cycle_name in {c.name for c in loaded.site.cycles}
        why = "has nothing recorded (no team, schedule or board meeting), so it is not published"
        raise UserError(f"cycle '{cycle_name}' {why}" if known else f"unknown cycle '{cycle_name}'")
    pages = render_cycle(site, cycle, root / "theme")
    folder = preview_folder(root, cycle.name)
    changed = sum(write_docs(folder / "docs", source_files(pages)))
    config = cycle_config(root, cycle, pages, site, base_url=url)
    if not re.search(r"^hooks:", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE):
        # Material's templates compiled once for every rebuild (and shared with `build`); a hook,
        # since mkdocs' dev server loads the config itself. Hooks of the user's own win.
        config += f"hooks:\n- {json.dumps(str(Path(__file__).parents[1] / 'build' / 'template_cache.py'))}\n"
    write_text_atomic(folder / "mkdocs-serve.yml", config)
    return cycle.name, folder / "mkdocs-serve.yml", changed


def banner(problems: list[Problem]) -> str:
    """The errors as an HTML block at the top of a page (escaped: the text quotes the user's files)."""
    lines = "\n".join(html.escape(p.render()) for p in sorted(set(problems)) if p.severity == "error")
    return (
        f"{BANNER_START}\n"
        '<div class="admonition failure cr-serve-errors" role="alert">\n'
        '<p class="admonition-title">This preview is out of date: the project does not load. '
        "Fix these and the page comes back by itself.</p>\n"
        f"<pre>{lines}</pre>\n</div>\n{BANNER_END}\n\n"
    )


def _without_banner(text: str) -> str:
    start = text.find(BANNER_START)
    if start < 0:
        return text
    end = text.find(BANNER_END, start)
    return text[:start] + text[end + len(BANNER_END) :].lstrip("\n") if end >= 0 else text


def show_errors(docs: Path, problems: list[Problem]) -> int:
    """Put the errors at the top of every page of the preview (after its front matter); returns
    the pages rewritten. The next successful render writes the pages without it."""
    block = banner(problems)
    changed = 0
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = _without_banner(page.read_text(encoding="utf-8"))
        head, body = "", text
        if text.startswith("---\n"):
            close = text.find("\n---\n", 4)
            if close >= 0:
                head, body = text[: close + 5], text[close + 5 :]
        changed += write_text_atomic(page, head + block + body, durable=False)
    return changed


def is_change(event: object) -> bool:
    """An edit worth re-rendering for: a file written, created, moved or deleted; not a file
    being opened or closed unwritten (rendering reads every file), not a folder's mtime, not an
    editor's temporary file."""
    kind = getattr(event, "event_type", "")
    if getattr(event, "is_directory", False) and kind != "deleted":
        return False
    if kind not in ("modified", "created", "moved", "deleted", "closed"):
        return False
    paths = [str(getattr(event, "src_path", "")), str(getattr(event, "dest_path", "") or "")]
    name = Path(paths[1] or paths[0]).name
    return not (name.endswith((".tmp", "~", ".swp", ".swx")) or name.startswith((".#", "#")))


def _watch(root: Path, cycle: str, url: str, stop: threading.Event) -> None:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    dirty = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if is_change(event):
                dirty.set()

    observer = Observer()
    for name in ("data", "content", "theme"):
        if (root / name).is_dir():
            observer.schedule(Handler(), str(root / name), recursive=True)
    observer.start()
    try:
        while not stop.is_set():
            if dirty.wait(0.3):
                dirty.clear()
                while dirty.wait(DEBOUNCE):  # a burst of writes (an editor saving) is one change
                    dirty.clear()
                started = time.perf_counter()
                try:
                    _, _, changed = render_to_disk(root, cycle, url)
                    if changed:
                        print(
                            f"re-rendered {cycle}: {changed} page(s) changed in {time.perf_counter() - started:.2f} s"
                        )
                except PreviewErrors as exc:
                    print_problems(exc.problems, strict=False)
                    print(f"{exc.message}; the preview shows them on every page", file=sys.stderr)
                    show_errors(preview_folder(root, cycle) / "docs", exc.problems)
                except UserError as exc:
                    print(exc.render(), file=sys.stderr)
    finally:
        observer.stop()
        observer.join()


class _QuietDirty(logging.Filter):
    """mkdocs warns on every dirty rebuild; in a preview that is the point, so say it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _port_message(host: str, port: int, exc: OSError) -> str:
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}; pick another with --port, or stop what uses it"


def check_port(host: str, port: int) -> None:
    """Fail with one sentence, before any work, when the address cannot be listened on."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise UserError(_port_message(host, port, exc)) from None


def serve(root: Path, cycle: str | None = None, host: str = "127.0.0.1", port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    url = f"http://{host}:{port}/"
    check_port(host, port)
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
    except OSError as exc:  # taken between the check and mkdocs' own bind
        raise UserError(_port_message(host, port, exc)) from None
    finally:
        stop.set()
    return 0
