"""Writing files so that no reader, and no crash, ever sees half of one: a temporary file, an
fsync where it matters, and a rename. Every module that writes a file goes through here."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> bool:
    """Write `text` to `path` through a temporary file and a rename.

    Returns False and leaves the file (and its mtime) alone when the content is unchanged.
    `durable` as for `write_bytes_atomic`.
    """
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data, durable=durable)
    return True


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` through a temporary file, fsync and a rename: never half a file.

    With `durable=False` the fsync is skipped: readers still never see half a file (the rename is
    atomic), but after a power cut the file may be empty or old. Meant for build artefacts that the
    next build regenerates anyway; files a person or `gather` wrote keep the default.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        # mkstemp creates 0600; published files must be readable by a web server running as another user.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
