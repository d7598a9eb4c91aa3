"""Gerrit's REST documentation examples (in ../shared/fixtures) as parsed JSON, repaired.

The docs' examples are what the real server sends, minus mistakes: a trailing comma after an
object, a missing comma before `"values"`. `repair` fixes exactly those, so a test can assert
that the repaired text still starts with `)]}'` and parses.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

XSSI = ")]}'"


def repair(body: str) -> str:
    body = re.sub(r'([}\]"\d]|true|false|null)(\s*\n\s*")', r"\1,\2", body)
    return re.sub(r",(\s*[}\]])", r"\1", body)


def response_bodies(markdown: Path) -> list[str]:
    """The raw JSON text of every example response (after the `)]}'` line), in page order."""
    bodies = []
    for block in re.findall(r"```[^\n]*\n(.*?)```", markdown.read_text(encoding="utf-8"), re.DOTALL):
        text = textwrap.dedent(block)
        if XSSI not in text:
            continue
        bodies.append(repair(text.split(XSSI, 1)[1]).strip())
    return bodies


def examples(markdown: Path) -> list[Any]:
    return [json.loads(body) for body in response_bodies(markdown)]
