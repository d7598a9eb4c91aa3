"""Where a field was written: the line and column of a value in the YAML a person or gather wrote.

Cross-field checks run on the model, which no longer knows where its values came from. A message
without its place makes the PTL hunt for it, so the checks ask `Places` for the value's location
in the files it was read from, the human-written one first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..data import model as m
from ..data.yamlio import Document, PathKey, YamlError, read_yaml
from ..errors import Location

# A step into the data: a mapping key, or (key, value) for the list item whose `key` has that
# value (`("id", "multihash")`), or ("", value) for the item of a list of names equal to it.
Step = str | tuple[str, str]


class Places:
    """Where a field was written, in the first of `files` (paths from `root`) that holds it.

    For an entry that is its authored.yaml, then its gathered.yaml (`Places.of`); for the calendar,
    data/cycles.yaml then data/cycles.gathered.yaml.
    """

    def __init__(self, root: Path, files: list[str], fallback: str) -> None:
        self.root = root
        self.files = files
        self.fallback = fallback
        self._docs: list[Document] | None = None

    @classmethod
    def of(cls, root: Path, entry: m.ProjectCycleEntry) -> Places:
        folder = f"data/{entry.cycle}/{entry.project}"
        files = [f"{folder}/{name}" for name in ("authored.yaml", "gathered.yaml") if f"{folder}/{name}" in entry.files]
        return cls(root, files, files[0] if files else folder)

    def docs(self) -> list[Document]:
        if self._docs is None:
            self._docs = []
            for rel in self.files:
                if not (self.root / rel).is_file():
                    continue
                try:
                    self._docs.append(read_yaml(self.root / rel, rel))
                except YamlError:  # reported by the loader already
                    continue
        return self._docs

    def _walk(self, doc: Document, steps: tuple[Step, ...]) -> tuple[PathKey, Any, bool]:
        """The path of the deepest step found in `doc`, the value there, and whether all were."""
        node: Any = doc.data
        key: PathKey = ()
        for step in steps:
            if isinstance(step, str):
                if not isinstance(node, dict) or step not in node:
                    return key, node, False
                key, node = (*key, step), node[step]
                continue
            field, value = step
            if not isinstance(node, list):
                return key, node, False
            index = next(
                (
                    i
                    for i, item in enumerate(node)
                    if (item == value if not field else isinstance(item, dict) and item.get(field) == value)
                ),
                None,
            )
            if index is None:
                return key, node, False
            key, node = (*key, index), node[index]
        return key, node, True

    def where(self, *steps: Step) -> Location:
        best: tuple[int, Location] | None = None
        for doc in self.docs():
            key, _, _ = self._walk(doc, steps)
            if best is None or len(key) > best[0]:
                best = (len(key), doc.where(key))
        return best[1] if best else Location(self.fallback)

    def written(self, *steps: Step) -> Any:
        """The value a person or gather wrote at `steps` before privacy was applied (None if none)."""
        for doc in self.docs():
            _, value, found = self._walk(doc, steps)
            if found:
                return value
        return None
