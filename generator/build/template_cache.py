"""Material's templates compiled once, not once per unit.

`mkdocs build` makes a new Jinja environment for every build and compiles the theme's templates
(base.html, its partials, the 404 page, the sitemap) again each time: about a tenth of a second
per unit, a fifth of a small history site's whole build. A build of 90 units paid that 90 times.

`install()` adds a plugin to a loaded mkdocs config that gives the theme's environment a Jinja
bytecode cache under build/template-cache/, so a template is compiled once and then loaded from
its compiled form by every later unit, in this process, in the other workers and in later builds.

Jinja keys each compiled template by its name and file and checks it against the source's
checksum, so an edited override is compiled afresh. What else shapes the compiled code (the
environment's syntax settings and extensions, the Jinja and Python versions) names the cache's
folder, so two environments that compile differently never share one. Entries are written to a
temporary file and renamed, so parallel workers never read half an entry.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.plugins import BasePlugin, event_priority

NAME = "cycle-reports/template-cache"


def environment_digest(env: jinja2.Environment) -> str:
    """Everything besides a template's own source that changes what it compiles to."""
    settings = [
        jinja2.__version__,
        sys.version,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        str(env.line_statement_prefix),
        str(env.line_comment_prefix),
        str(env.trim_blocks),
        str(env.lstrip_blocks),
        env.newline_sequence,
        str(env.keep_trailing_newline),
        str(env.optimized),
        repr(env.autoescape),
        repr(env.undefined),
        *sorted(env.extensions),
    ]
    return hashlib.sha256("\0".join(settings).encode()).hexdigest()[:16]


class _Folder(jinja2.FileSystemBytecodeCache):
    """A damaged entry (a disk error, a hand edit) is compiled again, never a failed build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


class TemplateCache(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Sets the bytecode cache on the theme's environment before any page is rendered."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    @event_priority(100)  # before any other plugin's on_env could render a template
    def on_env(self, env: jinja2.Environment, /, *, config: Any, files: Any) -> jinja2.Environment:
        target = self.folder / environment_digest(env)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError:
            return env  # no cache then: the build is merely slower
        env.bytecode_cache = _Folder(str(target))
        return env


def cache_folder(config_file: str | Path) -> Path:
    """The cache beside a unit's config: build/<unit>/mkdocs.yml (or mkdocs-serve.yml) → build/template-cache."""
    return Path(config_file).parent.parent / "template-cache"


def install(config: Any) -> None:
    """Add the cache to a config from `mkdocs.config.load_config` (not to any mkdocs.yml)."""
    config.plugins[NAME] = TemplateCache(cache_folder(config.config_file_path))


@event_priority(100)
def on_env(env: jinja2.Environment, /, *, config: Any, files: Any) -> jinja2.Environment:
    """The same, as an mkdocs hook: `serve` names this file under `hooks:` in build/<cycle>/mkdocs-serve.yml,
    since mkdocs' dev server loads its config itself. The cache is the one `build` uses."""
    return TemplateCache(cache_folder(config.config_file_path)).on_env(env, config=config, files=files)
