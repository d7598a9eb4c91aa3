"""One writer at a time: a non-blocking `flock` on a lock file that names the process holding it.

`gather` holds one per project folder, `build` one per site; a second run fails at once with a
sentence that names the holder, instead of interleaving its writes with the first's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import UserError


@contextlib.contextmanager
def exclusive(path: Path, busy: Callable[[str], str]) -> Iterator[Path]:
    """Hold the lock at `path` for the duration; when another process holds it, raise a UserError
    with `busy(holder)`, `holder` being that process's id as it wrote it (or "unknown")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise UserError(busy(handle.read().strip() or "unknown")) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield path
