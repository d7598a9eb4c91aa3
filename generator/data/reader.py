"""The typed file reader that load, gather and draft share: a YAML file read with its marks,
merged with its privacy markers applied, and validated into a model class, every problem
located and collected. It lives in the data layer so that gather and the author tools read files
exactly as the loader does without importing the loader."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TypeVar

from ..errors import Location, Problem, Problems, relative
from .merge import merge_documents
from .validate import build
from .yamlio import Document, YamlError, read_yaml

T = TypeVar("T")

# Parsed files by path, reused while (path, mtime, size) is unchanged. A long-running caller
# (`serve`) keeps one across loads and reloads in milliseconds; a one-shot `build` or `check`
# passes none, so no document outlives its validation (at 60 projects × 33 cycles, keeping
# every document and its marks quadrupled the resident memory of a build).
ParsedFiles = dict[str, tuple[tuple[str, int, int], Document]]


class Reader:
    """Reads the project's files, collecting every problem instead of stopping at the first:
    YAML with marks (reused from `parsed` while a file is unchanged), UTF-8 text, typed objects."""

    def __init__(
        self, root: Path, problems: Problems, keep_private: bool = False, parsed: ParsedFiles | None = None
    ) -> None:
        self.root = root
        self.parsed = parsed
        self.keep_private = keep_private
        self.problems = problems
        self.files: list[Path] = []
        self.real_root = root.resolve()
        self._folders: dict[Path, list[Path]] = {}  # subfolders, once per folder and load

    def rel(self, path: Path) -> str:
        return relative(path, self.root)

    def refused(self, path: Path) -> bool:
        """True (with a located problem) when `path` is not a regular file inside the project: a
        symbolic link (or a linked folder on its way) that leads out of it — `/etc/passwd`,
        `/proc/self/environ` — a loop, a dangling link, or a folder where a file belongs."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, before Python 3.13
            if not (path.is_symlink() or isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP):
                return False  # simply missing: the caller's own message says what was expected
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            return self._refuse(path, f"symbolic link that leads nowhere (dangling, or a loop): {reason}", "link")
        if not real.is_relative_to(self.real_root):
            return self._refuse(path, f"resolves outside the project, to {real}", "outside")
        if not real.is_file():
            return self._refuse(path, "expected a file, got a folder" if real.is_dir() else "expected a regular file")
        return False

    def subfolders(self, folder: Path) -> list[Path]:
        """The folders in `folder`, by name (one scandir: no stat per plain entry).

        A symbolic link is followed only to a folder inside the project; one that loops, dangles
        or leads out is reported once, located, and left out instead of raising mid-walk. Each
        folder is listed once per load, so every walk over it (the loader's, the stray-file
        check's) sees the same folders and a refused link is reported once.
        """
        if folder not in self._folders:
            self._folders[folder] = self._list_subfolders(folder)
        return self._folders[folder]

    def _list_subfolders(self, folder: Path) -> list[Path]:
        found: list[Path] = []
        try:
            with os.scandir(folder) as entries:
                listed = sorted(((e.name, e.is_symlink(), e) for e in entries), key=lambda x: x[0])
        except (FileNotFoundError, NotADirectoryError):
            return []
        for name, linked, entry in listed:
            if not linked:
                if entry.is_dir(follow_symlinks=False):
                    found.append(folder / name)
                continue
            path = folder / name
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else str(exc)
                self._refuse(path, f"symbolic link that leads nowhere (dangling, or a loop): {reason}", "folder")
                continue
            if not real.is_relative_to(self.real_root):
                self._refuse(path, f"resolves outside the project, to {real}", "outside")
            elif real.is_dir():
                found.append(path)
        return found

    def _refuse(self, path: Path, message: str, why: str = "") -> bool:
        hint = {
            "outside": "a data or prose file must be inside the project folder; copy it in instead of linking",
            "link": "replace the link by the file itself",
            "folder": "replace the link by the folder itself, or remove it",
        }.get(why, f"a {path.name} must be a regular file")
        self.problems.add(Problem(Location(self.rel(path)), message, hint=hint))
        return True

    def read(self, path: Path) -> Document | None:
        self.files.append(path)
        if self.refused(path):
            return None
        try:
            stat = path.stat()
        except OSError as exc:
            self.problems.add(
                Problem(
                    Location(self.rel(path)),
                    f"cannot read the file: {exc.strerror or exc}",
                    hint="a data file must be a readable regular file",
                )
            )
            return None
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        cached = self.parsed.get(str(path)) if self.parsed is not None else None
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            doc = read_yaml(path, self.rel(path))
        except YamlError as exc:
            self.problems.add(exc.problem)
            return None
        if self.parsed is not None:
            self.parsed[str(path)] = (key, doc)
        return doc

    def text(self, path: Path) -> str | None:
        self.files.append(path)
        if self.refused(path):
            return None
        try:
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
            # one kind of line end: the CommonMark tokenizer and every line count in prose agree
            return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
        except UnicodeDecodeError as exc:
            raw = exc.object
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            self.problems.add(
                Problem(
                    Location(self.rel(path), line, column),
                    f"not UTF-8: byte 0x{raw[exc.start]:02x}",
                    hint="save the file as UTF-8",
                )
            )
            return None
        except OSError as exc:
            self.problems.add(Problem(Location(self.rel(path)), f"cannot read the file: {exc.strerror or exc}"))
            return None

    def build(self, kind: type[T], doc: Document) -> T | None:
        if not doc.private_applied:
            found: list[Problem] = []
            doc = merge_documents([doc], doc.path, self.keep_private, found)
            self.problems.extend(found)
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            self.problems.add(
                Problem(doc.where(()), f"expected a mapping at the top of the file, got {type(data).__name__}")
            )
            return None
        obj, found = build(kind, data, doc)
        self.problems.extend(found)
        return obj


def load_document(path: Path, kind: type[T], root: Path) -> tuple[T | None, list[Problem]]:
    """Load one YAML file as `kind` (gather and draft read the files they own this way)."""
    problems = Problems()
    reader = Reader(root, problems)
    doc = reader.read(path)
    obj = reader.build(kind, doc) if doc else None
    return obj, problems.items
