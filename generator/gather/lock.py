"""One gather at a time per project folder: a non-blocking `flock` on `.cache/gather.lock`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from ..data.locks import exclusive


@contextlib.contextmanager
def gather_lock(root: Path) -> Iterator[Path]:
    """Hold the lock for the duration; a second gather fails at once with a clear message."""
    path = root / ".cache" / "gather.lock"

    def busy(holder: str) -> str:
        held = path.relative_to(root)
        return f"another gather is running in this project (process {holder} holds {held}); wait for it to finish"

    with exclusive(path, busy):
        yield path
