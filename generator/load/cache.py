"""The entry cache: each project-cycle entry pickled under build/load-cache/ and reused while its
files are unchanged, kept pickled (`LazyEntry`) until a page reads it, so a one-cycle build
unpickles its own cycle's and project's entries only.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from ..data import model as m


class LazyEntry(m.ProjectCycleEntry):
    """A cached entry whose content (data, retrospective, midcycles) is unpickled on first use.

    It is a ProjectCycleEntry in every way a caller can see: the same fields, equal to the entry it
    was cached from, unhashable like it. Only `dataclasses.replace` would not know how to make one;
    the loader, the one caller, uses it on fresh entries only.
    """

    def __init__(
        self,
        cycle: str,
        project: str,
        files: tuple[str, ...],
        stamp: tuple[Any, ...],
        payload: bytes,
        retrospective: bool,
    ) -> None:
        object.__setattr__(self, "_has_retrospective", retrospective)
        object.__setattr__(self, "cycle", cycle)
        object.__setattr__(self, "project", project)
        object.__setattr__(self, "files", files)
        object.__setattr__(self, "stamp", stamp)
        object.__setattr__(self, "_payload", payload)

    def _content(self) -> tuple[m.ProjectCycle, m.Report | None, tuple[tuple[m.Midcycle, m.Report | None], ...]]:
        import pickle

        content = self.__dict__.get("_loaded")
        if content is None:
            content = pickle.loads(self.__dict__["_payload"])
            object.__setattr__(self, "_loaded", content)
        return content  # type: ignore[no-any-return]

    @property
    def data(self) -> m.ProjectCycle:
        return self._content()[0]

    @property
    def retrospective(self) -> m.Report | None:
        return self._content()[1]

    @property
    def midcycles(self) -> tuple[tuple[m.Midcycle, m.Report | None], ...]:
        return self._content()[2]

    def has_retrospective(self) -> bool:
        return bool(self.__dict__["_has_retrospective"])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, m.ProjectCycleEntry):
            return NotImplemented
        return _compared(self) == _compared(other)

    __hash__ = None  # type: ignore[assignment]  # as the plain entry: its data holds lists

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled (a forked worker's result, a test) as the plain entry it stands for
        return (m.ProjectCycleEntry, tuple(getattr(self, f.name) for f in dataclasses.fields(self)))


def _compared(entry: m.ProjectCycleEntry) -> tuple[Any, ...]:
    """What the dataclass's own `==` compares (every field but the stamp)."""
    return tuple(getattr(entry, f.name) for f in dataclasses.fields(entry) if f.compare)


def _stat(entry: os.DirEntry[str]) -> os.stat_result:
    """What a file's entry points at; for a link that leads nowhere (a loop), the link itself."""
    try:
        return entry.stat()
    except OSError:
        return entry.stat(follow_symlinks=False)


class EntryCache:
    """Validated project-cycle entries kept on disk between builds, keyed by their files' stat.

    An entry whose files (data and prose) have the same size and mtime as last time, loaded by
    the same code, is taken from the cache instead of being parsed and validated again: at
    OpenStack scale this turns a 12-second load into well under a second when one cycle changed.
    Only entries that loaded without any problem are cached. One small pickle per entry under
    `path/` (a folder), so a one-cycle edit rewrites one file, not the whole cache.
    """

    def __init__(self, path: Path, private: bool) -> None:
        import hashlib

        self.path = path
        # the model and the loader decide what an entry holds: a change to either empties the cache
        code = [Path(__file__).parents[1] / "data" / "model.py", *sorted(Path(__file__).parent.glob("*.py"))]
        model_code = b"".join(path.read_bytes() for path in code)
        self.version = f"{hashlib.sha256(model_code).hexdigest()}|private={private}"
        self.pending: dict[tuple[str, str], tuple[tuple[Any, ...], m.ProjectCycleEntry]] = {}
        try:
            self.valid = (path / "VERSION").read_text(encoding="utf-8") == self.version
        except (OSError, UnicodeDecodeError):
            self.valid = False

    def _file(self, key: tuple[str, str]) -> Path:
        return self.path / f"{key[0]}~{key[1]}.pickle"

    @staticmethod
    def stamp(root: Path, cycle: str, project: str, folder: Path | None) -> tuple[Any, ...]:
        """(name, size, mtime) of the entry's YAML files, then of its prose files (os.scandir:
        one directory read gives every stat, where pathlib's glob and stat cost a call each)."""
        out: list[tuple[str, int, int]] = []
        prose = os.path.join(root, "content", "cycles", cycle, "projects", project)
        for where, suffix in ((folder, ".yaml"), (prose, ".md")):
            if where is None:
                continue
            try:
                with os.scandir(where) as found:
                    files = sorted(
                        (e.name, _stat(e)) for e in found if e.name.endswith(suffix) and (e.is_symlink() or e.is_file())
                    )
            except OSError:  # missing, or a link that loops or dangles: the loader reports it
                continue
            out.extend((name, stat.st_size, stat.st_mtime_ns) for name, stat in files)
        return tuple(out)

    def get(self, key: tuple[str, str], stamp: tuple[Any, ...]) -> m.ProjectCycleEntry | None:
        """The cached entry if its files' stamp is unchanged. Its content (data, prose) stays
        pickled until first used: a one-cycle build reads the stamps of every entry but the content
        of only its own cycle's and project's, and the parent reads the rest off the critical path."""
        import pickle

        if not self.valid:
            return None
        try:
            found, files, retrospective, payload = pickle.loads(self._file(key).read_bytes())
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
            return None
        if found != stamp or not isinstance(payload, bytes):
            return None
        return LazyEntry(key[0], key[1], tuple(files), stamp, payload, bool(retrospective))

    def put(self, key: tuple[str, str], stamp: tuple[Any, ...], entry: m.ProjectCycleEntry) -> None:
        self.pending[key] = (stamp, entry)

    def save(self) -> None:
        import pickle
        import shutil

        from ..data.yamlio import write_bytes_atomic, write_text_atomic

        if not self.pending:
            return
        if not self.valid:  # written by other code: start afresh
            shutil.rmtree(self.path, ignore_errors=True)
            self.path.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path / "VERSION", self.version, durable=False)
            self.valid = True
        for key, (stamp, entry) in self.pending.items():
            payload = pickle.dumps((entry.data, entry.retrospective, entry.midcycles), protocol=pickle.HIGHEST_PROTOCOL)
            # what every unit's render key reads of every entry (the site's shape) is kept outside
            # the payload, so reading it unpickles nothing
            header = (stamp, entry.files, entry.has_retrospective(), payload)
            record = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
            write_bytes_atomic(self._file(key), record, durable=False)
        self.pending.clear()
