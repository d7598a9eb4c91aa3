"""The project's mkdocs.yml, read once and merged into each unit's complete config.

It holds `!!python/name:` tags (the emoji extension's functions) that a safe loader refuses:
they are kept as tagged scalars and written back unchanged, never imported here. Merging follows
mkdocs' INHERIT: a mapping merges key by key, anything else (a list included) is replaced.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml


class Tagged(str):
    """A scalar with a tag the safe loader does not know (`!!python/name:…`), kept verbatim."""

    tag: str

    def __new__(cls, tag: str, value: str) -> Tagged:
        made = super().__new__(cls, value)
        made.tag = tag
        return made

    def __deepcopy__(self, memo: dict[int, Any]) -> Tagged:
        return self  # immutable

    def __reduce__(self) -> tuple[Any, ...]:
        return (Tagged, (self.tag, str(self)))


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else ""
    return Tagged(node.tag, str(value))


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)
_Loader.add_multi_constructor("!", _tagged)
_Dumper.add_representer(Tagged, lambda d, v: d.represent_scalar(v.tag, str(v)))


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int) -> dict[str, Any]:
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    return data if isinstance(data, dict) else {}


def shared_config(root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as data (a fresh copy each call)."""
    path = root / "mkdocs.yml"
    return copy.deepcopy(_read(str(path), path.stat().st_mtime_ns))


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """mkdocs' INHERIT merge: mappings key by key, every other value replaced."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def complete_config(root: Path, unit: dict[str, Any], header: str) -> str:
    """A unit's whole config: the project's mkdocs.yml with the unit's keys merged in."""
    merged = merge(shared_config(root), unit)
    merged.pop("INHERIT", None)
    body = yaml.dump(merged, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return header + body
