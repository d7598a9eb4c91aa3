"""How much the bounded concurrency and the cache buy: one project-cycle, gerrit + launchpad.

`nox -s bench` calls `measure_gather()`; it needs nothing but the standard library and this
package (its loopback server is `http.server`, not a test dependency).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator.gather.context import GatherOptions
from generator.gather.pipeline import run_gather

_SERIES = """\
- name: benchnext
  status: development
  initial-release: 2030-01-01
- name: bench
  status: end of life
  initial-release: 2020-06-01
- name: benchprev
  status: end of life
  initial-release: 2020-01-01
"""


@dataclass(frozen=True)
class BenchResult:
    concurrent_seconds: float
    sequential_seconds: float
    concurrency_ratio: float  # concurrent ÷ sequential
    cold_requests: int
    warm_gather_requests: int
    latency: float
    jobs: int


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: eight connections opened at once could overflow it, and
    # the kernel then drops the SYN and the client retries a second later (ListenOverflows in
    # /proc/net/netstat). That second, not the gather, made the concurrent run 1.4 s instead of
    # 0.4 s in some benchmark runs. Real servers listen with a deep backlog; so does this one.
    request_queue_size = 128

    def __init__(self, latency: float, repos: int, pages: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency, self.repos, self.pages = latency, repos, pages
        self.count = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.count += 1
        time.sleep(server.latency)
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == "/changes/":
            body = ")]}'\n" + json.dumps(_changes(query, server.pages))
        elif parts.path.endswith("/all_specifications"):
            body = json.dumps(_blueprints(server.url.rstrip("/") + parts.path, query, server.pages))
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _changes(query: dict[str, list[str]], pages: int) -> list[dict[str, Any]]:
    q, skip = query.get("q", [""])[0], int(query.get("S", ["0"])[0])
    if "status:open" in q:
        return []
    page = skip // 3
    rows = []
    for k in range(3):
        number = page * 3 + k + 1
        who = {"_account_id": 1000 + k, "name": f"Reviewer {k}", "email": f"r{k}@example.com"}
        rows.append(
            {
                "_number": number,
                "project": q.split()[0].removeprefix("project:"),
                "status": "MERGED",
                "created": "2020-02-01 10:00:00.000000000",
                "submitted": "2020-02-02 10:00:00.000000000",
                "owner": {"_account_id": 999, "name": "Owner"},
                "messages": [
                    {
                        "id": f"m{number}",
                        "author": who,
                        "date": "2020-02-02 09:00:00.000000000",
                        "message": "Patch Set 1: Code-Review+2 Workflow+1",
                    }
                ],
            }
        )
    if page + 1 < pages:
        rows[-1]["_more_changes"] = True
    return rows


def _blueprints(url: str, query: dict[str, list[str]], pages: int) -> dict[str, Any]:
    start = int(query.get("ws.start", ["0"])[0])
    entries = [
        {
            "name": f"bp-{start + k}",
            "title": f"Blueprint {start + k}",
            "implementation_status": "Implemented",
            "definition_status": "Approved",
            "has_accepted_goal": True,
        }
        for k in range(2)
    ]
    page: dict[str, Any] = {"start": start, "entries": entries}
    if start // 2 + 1 < pages:
        page["next_collection_link"] = f"{url}?ws.start={start + 2}"
    return page


@contextmanager
def _serving(latency: float, repos: int, pages: int) -> Iterator[_Server]:
    server = _Server(latency, repos, pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _project(root: Path, repos: int) -> Path:
    (root / "data").mkdir(parents=True, exist_ok=True)
    listed = ", ".join(f"openstack/bench-{i}" for i in range(repos))
    (root / "data" / "projects.yaml").write_text(f"projects:\n  - key: bench\n    repos: [{listed}]\n")
    return root


def _timed(options: GatherOptions) -> float:
    started = time.perf_counter()
    run_gather(options)
    return time.perf_counter() - started


def measure_gather(
    workdir: Path | None = None, *, latency: float = 0.05, jobs: int = 8, repos: int = 6, pages: int = 3
) -> BenchResult:
    """Gather one project-cycle (gerrit + launchpad) from a loopback server that adds `latency`
    seconds to every request, once with `jobs` concurrent requests and once with `jobs=1`, each
    on an empty cache, then again with the warm cache of the concurrent run.

    Args:
        workdir: where the two throw-away project folders and caches go (a temporary folder
            when None; it is removed afterwards).
        latency: seconds the server sleeps before each answer (0.05 = 50 ms).
        jobs: the concurrency bound of the concurrent run (`--jobs`).
        repos: repositories of the project (Glance has six): Gerrit is queried per repository,
            concurrently.
        pages: pages per Gerrit query and of the Launchpad collection (paging is sequential).

    Returns:
        BenchResult with `concurrent_seconds`, `sequential_seconds`, their `concurrency_ratio`
        (concurrent ÷ sequential), `cold_requests` (requests one cold gather sends) and
        `warm_gather_requests` (requests the warm re-gather sent: 0 when the cache works), plus the
        `latency` and `jobs` used.
    """
    with tempfile.TemporaryDirectory(prefix="cycle-reports-bench-") as scratch:
        base = Path(workdir) if workdir is not None else Path(scratch)
        releases = base / "releases"
        (releases / "data").mkdir(parents=True, exist_ok=True)
        (releases / "data" / "series_status.yaml").write_text(_SERIES)
        with _serving(latency, repos, pages) as server:

            def options(root: Path, n: int) -> GatherOptions:
                return GatherOptions(
                    root=root,
                    sources=("gerrit", "launchpad"),
                    projects=("bench",),
                    cycles=("bench",),
                    locations={"releases": str(releases), "gerrit": server.url, "launchpad": server.url},
                    now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                    jobs=n,
                    progress=False,
                    retries=1,
                    backoff=0.0,
                )

            concurrent_root = _project(base / "concurrent", repos)
            concurrent = _timed(options(concurrent_root, jobs))
            cold = server.count
            sequential = _timed(options(_project(base / "sequential", repos), 1))
            before = server.count
            run_gather(options(concurrent_root, jobs))
            warm = server.count - before
    return BenchResult(concurrent, sequential, concurrent / sequential, cold, warm, latency, jobs)
