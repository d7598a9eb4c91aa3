"""Read YAML keeping the line and column of every value; write YAML atomically.

Reading uses PyYAML's safe composer (no Python tags, ever), refuses alias bombs, oversized
files, non-UTF-8 bytes and tabs with a located message, and returns plain data together with a
map from each value's path (a tuple of keys and indexes) to where it stood in the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Location, Problem, field_path
from .atomic import write_bytes_atomic as write_bytes_atomic  # re-exported: writers import it from here
from .atomic import write_text_atomic as write_text_atomic
from .chars import clean_text

MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]


@dataclass
class Document:
    """Plain YAML data plus the location of each value, keyed by its path in the data."""

    path: str
    data: Any
    marks: dict[PathKey, Location] = field(default_factory=dict)
    key_marks: dict[PathKey, Location] = field(default_factory=dict)
    private_applied: bool = False

    def where(self, key: PathKey) -> Location:
        """The location of the value at `key`, or of its nearest ancestor that has one."""
        if not self.marks:  # read by `parse_plain`
            return Location(self.path, 1, 1)
        for cut in range(len(key), -1, -1):
            found = self.marks.get(key[:cut])
            if found is not None:
                return found
        return Location(self.path, 1, 1)

    def where_key(self, key: PathKey) -> Location:
        """The location of the mapping key that names `key` (falls back to its value)."""
        return self.key_marks.get(key) or self.where(key)


class YamlError(Exception):
    """A file that is not readable YAML; carries a located `Problem`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-ish scalars: `yes`/`no`/`on`/`off` stay strings."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))

# libyaml's parser (about ten times faster) when PyYAML was built with it; same resolvers.
_Fast: Any = _Loader
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        pass

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _Fast = _CLoader

_CONSTRUCTOR = yaml.constructor.SafeConstructor()


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}


def _fail(path: str, line: int, column: int, message: str, hint: str = "", field: str = "") -> YamlError:
    return YamlError(Problem(Location(path, line, column), message, field, hint))


def _refuse_invisible_trouble(text: str, path: str) -> str:
    """`text` without its leading byte-order mark; a tab in an indentation or a byte-order mark
    inside the file (two files pasted together) is an error at its place."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            indent = line[: len(line) - len(line.lstrip())]
            if "\t" in indent:
                column = indent.index("\t") + 1
                raise _fail(path, number, column, "tab character in indentation", "YAML indents with spaces only")
    text = text.removeprefix("\ufeff")
    if "\ufeff" in text:
        row, column = _line_column(text, text.index("\ufeff"))
        hint = "two files pasted together? delete the invisible character at this place"
        raise _fail(path, row, column, "byte-order mark (U+FEFF) inside the file", hint)
    return text


def parse_yaml(text: str, path: str) -> Document:
    """Parse one YAML document from `text`; `path` is used in messages."""
    text = _refuse_invisible_trouble(text, path)
    loader: yaml.SafeLoader | None = None
    try:
        loader = _Fast(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        row, column = _line_column(text, exc.position)
        raise _fail(
            path,
            row,
            column,
            f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
            "delete it; it is often invisible in an editor",
        ) from None
    except RecursionError:
        raise _fail(
            path,
            1,
            1,
            f"values nested more than {MAX_DEPTH} deep",
            "YAML data in this project is a few levels deep; look for unbalanced brackets",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = str(exc.problem or exc.context or "invalid YAML")
        raise _fail(path, row, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise _fail(path, 1, 1, f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            with contextlib.suppress(Exception):
                loader.dispose()
    doc = Document(path, None)
    if node is None:
        return doc
    budget: list[Any] = [MAX_NODES, 0, set()]  # values left, aliases expanded, collections seen
    doc.data = _construct(node, (), doc, budget, set())
    return doc


def _fail_at(doc: Document, node: yaml.Node, message: str, hint: str = "") -> YamlError:
    return _fail(doc.path, node.start_mark.line + 1, node.start_mark.column + 1, message, hint)


def _spend(budget: list[Any], node: yaml.Node, doc: Document) -> None:
    """One value more; past the budget, an error whose hint says whether aliases were the cause
    (`budget` is [values left, aliases expanded, ids of the collections seen])."""
    budget[0] -= 1
    if isinstance(node, yaml.CollectionNode):  # a collection seen before is an alias being expanded
        budget[1] += id(node) in budget[2]
        budget[2].add(id(node))
    if budget[0] < 0:
        aliased = budget[1] > 0
        raise _fail_at(
            doc,
            node,
            f"document {'expands to' if aliased else 'has'} more than {MAX_NODES} values",
            "aliases (*name) that repeat large blocks are refused; write the data out"
            if aliased
            else "split the data into smaller files (one per cycle and project)",
        )


def _construct(node: yaml.Node, key: PathKey, doc: Document, budget: list[Any], active: set[int]) -> Any:
    """Build plain data from a node, recording marks and bounding the total work (alias bombs)."""
    _spend(budget, node, doc)
    doc.marks[key] = Location(doc.path, node.start_mark.line + 1, node.start_mark.column + 1)
    if len(key) > MAX_DEPTH:
        raise _fail_at(
            doc,
            node,
            f"values nested more than {MAX_DEPTH} deep",
            "look for unbalanced brackets",
        )
    if node.tag not in _PLAIN_TAGS:
        raise _fail_at(
            doc,
            node,
            f"unsupported YAML tag {node.tag!r}",
            "only plain YAML data is read; Python object tags are refused",
        )
    if id(node) in active:
        raise _fail(doc.path, node.start_mark.line + 1, node.start_mark.column + 1, "recursive alias")
    if isinstance(node, yaml.MappingNode):
        active.add(id(node))
        result: dict[Any, Any] = {}
        for key_node, value_node in _flatten_merge(node, doc):
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag not in _PLAIN_TAGS:
                raise _fail_at(
                    doc,
                    key_node,
                    f"unsupported YAML tag {key_node.tag!r}",
                    "only plain YAML data is read; Python object tags are refused",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail_at(
                    doc,
                    key_node,
                    "mapping keys must be plain scalars",
                )
            name = str(key_node.value)
            if name in result:
                raise _fail(
                    doc.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1, f"duplicate key '{name}'"
                )
            doc.key_marks[(*key, name)] = Location(
                doc.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
            result[name] = _construct(value_node, (*key, name), doc, budget, active)
        active.discard(id(node))
        return result
    if isinstance(node, yaml.SequenceNode):
        active.add(id(node))
        items = [_construct(child, (*key, index), doc, budget, active) for index, child in enumerate(node.value)]
        active.discard(id(node))
        return items
    return _scalar(node, doc, key)


def _flatten_merge(node: yaml.MappingNode, doc: Document) -> list[tuple[yaml.Node, yaml.Node]]:
    pairs = []
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _fail_at(
                doc,
                key_node,
                "merge keys (<<) are not supported",
                "write the keys out in full",
            )
        pairs.append((key_node, value_node))
    return pairs


def _scalar(node: yaml.Node, doc: Document, key: PathKey = ()) -> Any:
    try:
        value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        # `"\x7f"`, `"\u202e"` written as escapes get past the reader: removed here, for every file.
        return clean_text(value) if isinstance(value, str) else value
    except yaml.constructor.ConstructorError as exc:
        mark = node.start_mark
        raise _fail(
            doc.path,
            mark.line + 1,
            mark.column + 1,
            f"unsupported YAML tag {node.tag!r}",
            "only plain YAML data is read; Python object tags are refused",
        ) from exc
    except (ValueError, TypeError) as exc:
        mark = node.start_mark
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = f"expected a valid date (YYYY-MM-DD), got '{node.value}'"
            raise _fail(doc.path, mark.line + 1, mark.column + 1, message, str(exc), field_path(key)) from None
        raise _fail(doc.path, mark.line + 1, mark.column + 1, f"cannot read value: {exc}") from None


def read_yaml(path: Path, shown_as: str) -> Document:
    """Read and parse `path`; every failure is a `YamlError` naming `shown_as`."""
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as exc:
        raise _fail(
            shown_as,
            0,
            0,
            f"cannot read the file: {exc.strerror or exc}",
            "a data file must be a readable regular file",
        ) from None
    if size > MAX_BYTES:
        raise _fail(
            shown_as, 1, 1, f"file is {size} bytes, over the {MAX_BYTES}-byte limit", "split it into smaller files"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            shown_as, line, column, f"not UTF-8: byte 0x{raw[exc.start]:02x}", "save the file as UTF-8"
        ) from None
    return parse_yaml(text, shown_as)


# --- writing -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order given, and strings that would read back as other types quoted."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(dt.datetime, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text for `data` in a stable, human-diffable layout."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return header + body


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- the mark-free fast path ---------------------------------------------------------------


class Unusual(Exception):
    """`parse_plain` met something only the located reader (`parse_yaml`) may explain."""


def parse_plain(text: str) -> Any:
    """The plain data of a clean file: what `parse_yaml` returns, without locations.

    The same data as `parse_yaml(text, …).data`, faster since no location is kept.
    Raises `Unusual` on anything `parse_yaml` refuses (and, erring on the safe side, on any tab or
    byte-order mark): the caller then reads the file with `parse_yaml`, whose message is the one
    shown. Keep the two in step: a test compares them.
    """
    if "\t" in text or "\ufeff" in text:
        raise Unusual
    loader = _Fast(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        raise Unusual from None
    finally:
        with contextlib.suppress(Exception):
            loader.dispose()
    if node is None:
        return None
    return _plain(node, 0, [MAX_NODES], set())


def _plain(node: yaml.Node, depth: int, budget: list[int], active: set[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH or node.tag not in _PLAIN_TAGS:
        raise Unusual
    if isinstance(node, yaml.MappingNode):
        if id(node) in active:
            raise Unusual
        active.add(id(node))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise Unusual
            name = str(key_node.value)
            if name in result:
                raise Unusual
            result[name] = _plain(value_node, depth + 1, budget, active)
        active.discard(id(node))
        return result
    if isinstance(node, yaml.SequenceNode):
        if id(node) in active:
            raise Unusual
        active.add(id(node))
        items = [_plain(child, depth + 1, budget, active) for child in node.value]
        active.discard(id(node))
        return items
    try:
        value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except Exception:
        raise Unusual from None
    return clean_text(value) if isinstance(value, str) else value
