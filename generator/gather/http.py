"""The one HTTP client of the project: a requests-cache `CachedSession` over SQLite.

Everything network-facing lives here so the rest of gather sees only `Response` or `FetchError`:

- completed cycles are cached for good, the current one for `--expire-after` hours (the caller
  passes the expiry per request);
- 429 and 5xx are retried with exponential backoff by urllib3's `Retry` on the session adapter,
  which honours `Retry-After` (capped, so a hostile server cannot park us for hours);
- a host that refused a connection, timed out or kept answering 5xx is down for the rest of the
  run: later requests to it fail at once (no network on a plane costs one attempt, not minutes);
- every request has a timeout, a polite User-Agent, and waits for one of `jobs` slots, so
  threads can be many while concurrent requests stay bounded;
- `--offline` asks the cache only (`only_if_cached`, stale entries allowed) and a miss names the URL;
- a body that fails to parse is dropped from the cache and fetched again before giving up,
  so a truncated response is never kept.

Only `generator.gather` imports requests / requests_cache (a test walks the imports).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import requests_cache
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .. import __version__

NEVER = requests_cache.NEVER_EXPIRE
USER_AGENT = f"cycle-reports/{__version__} (release-cycle report gatherer; python-requests/{requests.__version__})"


@dataclass(frozen=True)
class HttpOptions:
    cache_path: Path
    offline: bool = False
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 0.5
    jobs: int = 8
    retry_after_max: int = 120


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    text: str
    from_cache: bool
    fetched_at: dt.datetime


class FetchError(Exception):
    """A request that could not be answered: which source, which URL, what happened, what is cached."""

    def __init__(
        self,
        source: str,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        cached_at: dt.datetime | None = None,
        offline: bool = False,
        unreachable: bool = False,
    ) -> None:
        self.source, self.url, self.reason, self.status = source, url, reason, status
        self.cached_at, self.offline = cached_at, offline
        # The host could not be reached (refused, timed out, 5xx): nothing on our side to fix.
        self.unreachable = unreachable
        super().__init__(self.sentence())

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc or self.url

    def sentence(self) -> str:
        if self.offline and self.cached_at is None:
            return (
                f"{self.source}: offline and no cached response for {self.url}; "
                "run gather once without --offline to fill the cache"
            )
        status = f"HTTP {self.status}" if self.status is not None else "no HTTP status"
        if self.cached_at is not None:
            when = self.cached_at.strftime("%Y-%m-%d %H:%M UTC")
            cache = f"a cached copy from {when} exists (gather with --offline to use it)"
            if self.offline:
                cache = f"the cached copy from {when} is unusable"
        else:
            cache = "no cached copy"
        return f"{self.source}: GET {self.url} failed ({status}): {self.reason}; {cache}"


class ParseError(ValueError):
    """A body that arrived but is not what the source expects (truncated JSON, no XSSI prefix)."""


def _describe(exc: requests.RequestException, timeout: float) -> str:
    if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():  # no retries left: wrapped
        return f"timed out after {timeout:g}s"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return "the response was cut short"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__


class Http:
    """One cached session shared by every source and thread of a gather."""

    def __init__(self, options: HttpOptions) -> None:
        self.options = options
        options.cache_path.parent.mkdir(parents=True, exist_ok=True)
        self.session = requests_cache.CachedSession(
            str(options.cache_path),
            backend="sqlite",
            allowable_codes=(200, 404),
            expire_after=NEVER,
            stale_if_error=options.offline,
            wal=True,
            fast_save=True,
            busy_timeout=30_000,
        )
        retry = Retry(
            total=options.retries,
            connect=0,  # a refused or timed-out host is down for this run (see `_down`), not retried
            read=0,
            status=options.retries,
            backoff_factor=options.backoff,
            backoff_max=30,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
            retry_after_max=options.retry_after_max,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=max(options.jobs, 10))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        self._slots = threading.BoundedSemaphore(max(1, options.jobs))
        self._count_lock = threading.Lock()
        self.sent = 0
        self.cached = 0
        self._down: dict[str, str] = {}  # host -> why it is down for the rest of this run

    def close(self) -> None:
        self.session.close()  # type: ignore[no-untyped-call]

    @staticmethod
    def full_url(url: str, params: dict[str, str] | list[tuple[str, str]] | None = None) -> str:
        prepared = requests.Request("GET", url, params=params).prepare()
        return str(prepared.url)

    def cached_at(self, url: str) -> dt.datetime | None:
        """When the cached copy of `url` was stored, or None when there is none."""
        key = self.session.cache.create_key(requests.Request("GET", url).prepare())
        found = self.session.cache.get_response(key)
        return _utc(found.created_at) if found is not None else None

    def forget(self, url: str) -> None:
        self.session.cache.delete(urls=[url])

    def _refuse_if_down(self, url: str, source: str, host: str, refresh: bool) -> str | None:
        """Why `host` is down for this run (None when it is not); raises when the cache cannot answer."""
        with self._count_lock:
            down = self._down.get(host)
        if down is not None and not self.options.offline:
            cached = self.cached_at(url)
            if cached is None or refresh:
                raise FetchError(source, url, f"{down} earlier in this run", cached_at=cached, unreachable=True)
        return down

    def _status_error(self, url: str, source: str, host: str, status: int, reason: str) -> FetchError:
        if status == 404:
            self.forget(url)  # a wrong URL must not stay cached for good
        unreachable = status in (429, 500, 502, 503, 504)
        if unreachable:
            reason += f" after {self.options.retries} retries"
            with self._count_lock:
                self._down.setdefault(host, f"answered HTTP {status}")
        return FetchError(
            source,
            url,
            reason,
            status=status,
            cached_at=self.cached_at(url),
            offline=self.options.offline,
            unreachable=unreachable,
        )

    def get(
        self,
        url: str,
        *,
        source: str,
        expire_after: int | float = NEVER,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        missing_ok: bool = False,
        refresh: bool = False,
    ) -> Response | None:
        """GET `url` (already carrying its query); None for a 404 when `missing_ok`."""
        offline = self.options.offline
        host = urlsplit(url).netloc
        down = self._refuse_if_down(url, source, host, refresh)
        try:
            with self._slots:
                r = self.session.get(
                    url,
                    headers=headers,
                    auth=auth,
                    timeout=(min(10.0, self.options.timeout), self.options.timeout),
                    expire_after=expire_after,
                    only_if_cached=offline or down is not None,  # a down host: its cached copy, even stale
                    force_refresh=refresh and not offline and down is None,
                )
                text = (r.content or b"").decode("utf-8", errors="replace")
        except requests.RequestException as exc:
            reason = _describe(exc, self.options.timeout)
            unreachable = isinstance(exc, requests.ConnectionError | requests.Timeout)
            if unreachable:
                with self._count_lock:
                    self._down.setdefault(host, reason)
            raise FetchError(
                source, url, reason, cached_at=self.cached_at(url), offline=offline, unreachable=unreachable
            ) from None
        if offline and r.status_code == 504 and r.reason == "Not Cached":
            raise FetchError(source, url, "not in the cache", offline=True)
        if down is not None and r.status_code == 504 and r.reason == "Not Cached":
            raise FetchError(source, url, f"{down} earlier in this run", unreachable=True)
        from_cache = bool(getattr(r, "from_cache", False))
        with self._count_lock:
            if from_cache:
                self.cached += 1
            else:
                self.sent += 1
        if r.status_code == 404 and missing_ok:
            return None
        if r.status_code != 200:
            raise self._status_error(url, source, host, r.status_code, r.reason or "error")
        # The time the cache recorded, so a re-gather from the cache gives the same `as_of`.
        created = getattr(r, "created_at", None) if from_cache else self.cached_at(url)
        fetched = _utc(created) if isinstance(created, dt.datetime) else dt.datetime.now(dt.UTC)
        return Response(url, r.status_code, text, from_cache, fetched.replace(microsecond=0))

    def get_parsed(
        self,
        url: str,
        parse: Callable[[str], Any],
        *,
        source: str,
        expire_after: int | float = NEVER,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        attempts: int = 3,
    ) -> tuple[Any, Response]:
        """GET and parse; a body that fails to parse is evicted and fetched again."""
        last = ""
        for attempt in range(attempts):
            response = self.get(
                url, source=source, expire_after=expire_after, headers=headers, auth=auth, refresh=attempt > 0
            )
            assert response is not None
            try:
                return parse(response.text), response
            except (ParseError, ValueError) as exc:
                last = str(exc)
                self.forget(url)
                if self.options.offline:
                    break
        raise FetchError(
            source, url, f"unreadable response: {last}", status=200, cached_at=None, offline=self.options.offline
        )


def parse_json(text: str, prefix: str = "") -> Any:
    """JSON, after removing a required first-line `prefix` such as Gerrit's `)]}'`."""
    if prefix:
        head, _, rest = text.partition("\n")
        if head.strip() != prefix:
            raise ParseError(f"the body does not start with Gerrit's {prefix} line")
        text = rest
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON ({exc.msg} at line {exc.lineno})") from None


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
