"""Browser fixtures: the demo site built once, served on 127.0.0.1, and Debian's chromium.

The site is built from a tmp copy of the repo's data/, content/, theme/ and mkdocs.yml, so the
tests never touch the working tree's build/ or site/. Chromium is the system one
(/usr/bin/chromium) driven by Playwright's Python API; `playwright install` is never needed.
Every test page records its console errors and any request for a host other than 127.0.0.1
(which is aborted, so the tests also prove the site works with no network).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.demo import copy_demo

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# The engine the demo is built with: mkdocs, or zensical under `nox -s zensical`.
ENGINE = os.environ.get("CYCLE_REPORTS_TEST_ENGINE", "mkdocs")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ is a browser test, skipped with a reason when chromium is absent."""
    reason = ""
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is missing (install Debian's chromium package: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[test]')"
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tmp copy of the demo project, built once for the whole session."""
    from generator.cli import main

    root = tmp_path_factory.mktemp("browser-demo")
    copy_demo(root)
    assert main(["-C", str(root), "build", "--quiet", "--engine", ENGINE]) == 0, "the demo site did not build"
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(demo_root: Path) -> Iterator[str]:
    """The built site served over http on 127.0.0.1 (the version selector needs http, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(demo_root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watch:
    """What a page did that it should not: console errors, uncaught exceptions, requests off the machine."""

    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_clean(self, where: str) -> None:
        assert not self.external, f"{where}: requests left 127.0.0.1: {self.external}"
        assert not self.errors, f"{where}: console errors: {self.errors}"
        assert not self.failed, f"{where}: failed requests: {self.failed}"


def open_page(browser: Any, viewport: dict[str, int], color_scheme: str = "light") -> tuple[Any, Any, Watch]:
    """A fresh context and page whose every request is checked and every console error kept;
    `color_scheme="dark"` makes the browser prefer dark, so the site opens in its dark palette."""
    context = browser.new_context(viewport=viewport, service_workers="block", color_scheme=color_scheme)
    watch = Watch()

    def route(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            watch.external.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on(
        "requestfailed",
        lambda req: (
            watch.failed.append(f"{req.url} ({req.failure})") if urlsplit(req.url).hostname == "127.0.0.1" else None
        ),
    )
    return context, page, watch


@pytest.fixture
def desktop(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context, page, watch = open_page(browser, DESKTOP)
    try:
        yield page, watch
    finally:
        context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context, page, watch = open_page(browser, PHONE)
    try:
        yield page, watch
    finally:
        context.close()


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under test-artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    with contextlib.suppress(Exception):
        path.unlink()
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def versions(demo_root: Path) -> list[dict[str, Any]]:
    """The built site's versions.json (newest first)."""
    import json

    data: list[dict[str, Any]] = json.loads((demo_root / "site" / "versions.json").read_text())
    return data


@pytest.fixture(scope="session")
def kinds(demo_root: Path, versions: list[dict[str, Any]]) -> dict[str, str]:
    """One address per kind of page, found in the built site: the fullest page of each kind, so the
    screenshots show as much as the demo has (ties go to the older cycle)."""
    site = demo_root / "site"
    order = {v["version"]: i for i, v in enumerate(reversed(versions))}

    def fullest(pattern: str) -> str:
        found = [p for p in site.glob(f"*/{pattern}") if p.relative_to(site).parts[0] in order]
        if not found:
            raise AssertionError(f"the demo site has no page like {pattern}")
        best = max(found, key=lambda p: (p.stat().st_size, -order[p.relative_to(site).parts[0]], str(p)))
        return "/" + best.parent.relative_to(site).as_posix() + "/"

    retrospective = fullest("projects/*/retrospective/index.html")
    cycle, _, project = retrospective.strip("/").split("/")[:3]
    return {
        "overview": f"/{cycle}/",
        "project": f"/{cycle}/projects/{project}/",
        "retrospective": retrospective,
        # a project's history and comparisons span cycles: they live outside the versions
        "history": f"/history/{project}/",
        "compare": "/"
        + max(site.glob(f"history/{project}/*/index.html"), key=lambda p: (p.stat().st_size, str(p)))
        .parent.relative_to(site)
        .as_posix()
        + "/",
        "midcycle": fullest("projects/*/midcycle-*/index.html"),
        "board": fullest("board/*/index.html"),
        "tags": f"/{cycle}/tags/",
        "404": f"/{versions[0]['version']}/404.html",
    }
