"""A page's YAML front matter, written so that mkdocs can never refuse it.

mkdocs reads a page's front matter with PyYAML and, when that fails, silently takes the whole
block for Markdown: a title holding a character YAML refuses (DEL, a C1 control, NEL) then
publishes `title: "… [docs](javascript:…)"` as a paragraph with a live link. So every value is
written as a JSON string, list or mapping (valid YAML, and ten times faster to write than
yaml.safe_dump) with each character YAML refuses or reads as a line break escaped; the text is
read back with mkdocs' own pattern and loader and must give the same values; and `check_pages`
makes any page whose front matter would not read an error naming it, whoever wrote it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

import yaml

from ..data.chars import clean_text

# Front-matter keys that Material prints into HTML without escaping (<title>, the header, the
# nav, <meta name="description">, the tag chips and listings): they are stored HTML-escaped.
HTML_META = ("title", "description", "tags")
# mkdocs' own pattern for a page's front matter (mkdocs.utils.meta.YAML_RE), read with its loader.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What a YAML reader refuses, or reads as a line break inside a quoted string (NEL, U+2028, U+2029).
_YAML_UNSAFE = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class FrontMatterError(ValueError):
    """A page whose front matter mkdocs would not read (and would then publish as Markdown)."""


def _meta_value(key: str, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if key in HTML_META and isinstance(value, str):
        return html.escape(clean_text(value), quote=True)
    if key in HTML_META and isinstance(value, list):
        return [html.escape(clean_text(str(v)), quote=True) for v in value]
    return clean_text(value) if isinstance(value, str) else value


def _quoted(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda found: f"\\u{ord(found.group(0)):04x}", text)


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for mkdocs from a template's `meta` (empty values dropped, text for HTML
    escaped), checked to read back as exactly these values."""
    clean = {k: _meta_value(k, v) for k, v in meta.items() if v not in (None, "", [])}
    text = "---\n" + "\n".join(f"{key}: {_quoted(value)}" for key, value in clean.items()) + "\n---\n\n"
    if read_front_matter(text) != clean:
        raise FrontMatterError(f"front matter does not read back as written: {clean!r}")
    return text


def read_front_matter(text: str) -> dict[str, Any] | None:
    """The front matter of a page as mkdocs reads it; None when it has none. Raises
    FrontMatterError where mkdocs would silently take the block for Markdown text."""
    found = FRONT_MATTER.match(text)
    if not found:
        return None
    try:
        data = yaml.load(found.group(1), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is not a mapping of keys to values, got {type(data).__name__}")
    return data


def check_pages(pages: dict[str, str]) -> dict[str, str]:
    """`pages`, once every Markdown page's front matter has been read as mkdocs will read it."""
    for path, text in pages.items():
        if path.endswith(".md") and text.startswith("---"):
            try:
                read_front_matter(text)
            except FrontMatterError as exc:
                raise FrontMatterError(f"{path}: {exc}") from None
    return pages
