"""theme/overrides/ is written in the subset of Jinja both engines render: Jinja2 (mkdocs) and
MiniJinja (Zensical). MiniJinja rejects Python's methods on values (`.get()`, `.startswith()`),
`%`-formatting and any filter it does not know, and only at render time, on the page that uses
it: so they are linted here, before any build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OVERRIDES = REPO / "theme" / "overrides"

# MiniJinja's built-in filters, and those Zensical adds for Material's templates.
FILTERS = {
    *[
        "abs",
        "attr",
        "batch",
        "bool",
        "capitalize",
        "chain",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "first",
        "float",
        "groupby",
        "indent",
        "int",
        "items",
        "join",
        "last",
        "length",
        "lines",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "pprint",
        "reject",
        "rejectattr",
        "replace",
        "reverse",
        "round",
        "safe",
        "select",
        "selectattr",
        "slice",
        "sort",
        "split",
        "string",
        "sum",
        "title",
        "tojson",
        "trim",
        "unique",
        "upper",
        "urlencode",
        "zip",
    ],
    *["url", "script_tag", "date", "striptags"],
}
# Calls MiniJinja knows inside templates (`super()` in a block, `loop.cycle()`, `caller()`), and
# `lang.t()`, the translation macro of partials/language.html that both engines' templates call.
CALLS = {"super", "cycle", "caller", "namespace", "range", "dict", "changed", "t"}

TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
METHOD = re.compile(r"\.\s*([A-Za-z_]\w*)\s*\(")
FILTER = re.compile(r"\|\s*([A-Za-z_]\w*)")
PERCENT = re.compile(r"""(['"])\s*%\s*[\w(\[]|%\s*\(""")
STRING = re.compile(r"'[^']*'|\"[^\"]*\"")


def lint(text: str) -> list[str]:
    """Each construct MiniJinja rejects, as `line N: what`."""
    problems = []
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for match in TAG.finditer(text):
        code = match.group(1) if match.group(1) is not None else match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        bare = STRING.sub("''", code)
        for name in METHOD.findall(bare):
            if name not in CALLS:
                problems.append(f"line {line}: method call .{name}() (a Python method MiniJinja does not have)")
        for name in FILTER.findall(bare):
            if name not in FILTERS:
                problems.append(f"line {line}: filter '{name}' (unknown to MiniJinja and Zensical)")
        if PERCENT.search(code):
            problems.append(f"line {line}: %-formatting (use ~ to join strings)")
    return problems


@pytest.mark.parametrize("path", sorted(OVERRIDES.rglob("*.html")), ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_overrides_use_only_what_minijinja_renders(path: Path) -> None:
    assert lint(path.read_text(encoding="utf-8")) == []


def test_the_lint_catches_each_idiom() -> None:
    bad = (
        "{{ config.extra.get('x') }}\n"
        "{% if base_url.startswith('/') %}{% endif %}\n"
        "{{ '%s/feed.xml' % base_url }}\n"
        "{{ page.title | myfilter }}\n"
        "{# {{ x.get('in a comment') }} #}\n"
        "{{ super() }} {{ 'a.get(b)' | url }} {{ x | default('') | e }}\n"
    )
    assert lint(bad) == [
        "line 1: method call .get() (a Python method MiniJinja does not have)",
        "line 2: method call .startswith() (a Python method MiniJinja does not have)",
        "line 3: %-formatting (use ~ to join strings)",
        "line 4: filter 'myfilter' (unknown to MiniJinja and Zensical)",
    ]
