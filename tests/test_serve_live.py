"""`cycle-reports serve`, for real: a subprocess serving on 127.0.0.1, an edit to the data, the page
served again with the edit in it, and only the pages the edit changed re-rendered."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.tools.serve import preview_folder

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, wanted: str, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    page = None
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last page: {(page or '')[:300]!r}")


@pytest.fixture
def served(make_project: Any, tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    root = make_project(
        {
            "data/projects.yaml": "projects:\n  - key: glance\n    title: Glance\n  - key: nova\n    title: Nova\n",
            "data/mitaka/glance/gathered.yaml": "ptl: Flavio Percoco\n",
            "data/mitaka/glance/authored.yaml": "ptl: Ada Firstname\n",
            "data/mitaka/nova/gathered.yaml": "ptl: John Garbutt\n",
        }
    )
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")  # a file: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "-C", str(root), "serve", "--cycle", "mitaka", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        yield root, f"http://127.0.0.1:{port}/mitaka/", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_an_edit_reaches_the_served_page(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    root, url, process = served
    page = _wait_for(url + "projects/glance/", "Ada Firstname")
    assert "Glance" in page
    docs = preview_folder(root, "mitaka") / "docs"
    # the preview renders beside the build's own folder: a `build` meanwhile cannot race it
    assert docs.is_dir() and not (root / "build" / "mitaka").exists()
    untouched = docs / "projects" / "nova" / "index.md"
    before = untouched.stat().st_mtime_ns
    authored = root / "data" / "mitaka" / "glance" / "authored.yaml"
    authored.write_text("ptl: Grace Secondname\n", encoding="utf-8")
    _wait_for(url + "projects/glance/", "Grace Secondname")
    # the other project's page was not written again, so mkdocs rebuilt only what changed
    assert untouched.stat().st_mtime_ns == before
    # the theme's compiled templates were shared with the preview's builds
    assert list((root / "build" / "template-cache").glob("*/__jinja2_*.cache"))
    process.terminate()
    process.wait(timeout=20)
    output = (root.parent / "serve.log").read_text(encoding="utf-8")
    assert "re-rendered mitaka:" in output
    assert "Traceback" not in output


def test_a_bad_edit_shows_its_errors_in_the_page_once_and_the_fix_brings_the_page_back(
    served: tuple[Path, str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    root, url, process = served
    _wait_for(url + "projects/glance/", "Ada Firstname")
    authored = root / "data" / "mitaka" / "glance" / "authored.yaml"
    authored.write_text("ptl: Ada Firstname\npriorities: nope\n", encoding="utf-8")
    page = _wait_for(url + "projects/glance/", "This preview is out of date")
    assert "data/mitaka/glance/authored.yaml:2:" in page  # the located error, in the page being previewed
    time.sleep(3)  # rendering reads every file: reads must not count as edits (no loop)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert log.count("data/mitaka/glance/authored.yaml:2:") == 1, log
    authored.write_text("ptl: Grace Secondname\n", encoding="utf-8")
    page = _wait_for(url + "projects/glance/", "Grace Secondname")
    assert "This preview is out of date" not in page
    assert "This preview is out of date" not in (_get(url + "projects/nova/") or "")
    process.terminate()
    process.wait(timeout=20)
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
