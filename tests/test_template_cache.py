"""Material's templates are compiled once and shared by every unit's mkdocs build (build/template-cache/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.build.template_cache import environment_digest
from generator.cli import main

pytestmark = pytest.mark.e2e


def _entries(root: Path) -> list[Path]:
    return sorted((root / "build" / "template-cache").glob("*/__jinja2_*.cache"))


def _pages(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_compiled_once_reused_and_never_a_reason_to_fail(make_project: Any) -> None:
    root = make_project()
    assert main(["-C", str(root), "build", "--quiet"]) == 0
    entries = _entries(root)
    # base.html, main.html (our override), partials, 404.html, sitemap.xml …
    assert len(entries) >= 20
    first = _pages(root)
    mtimes = {p: p.stat().st_mtime_ns for p in entries}
    assert main(["-C", str(root), "build", "--quiet", "--force"]) == 0
    # a second build loads the compiled templates: nothing compiled, nothing written again
    assert {p: p.stat().st_mtime_ns for p in _entries(root)} == mtimes
    assert _pages(root) == first
    # damaged entries are compiled again, the build still succeeds with the same pages
    # (the right header, then bytes that are no checksum: what a torn or hand-edited file holds)
    damaged = jinja2.bccache.bc_magic + b"\x80\x04not a compiled template"
    for entry in entries:
        entry.write_bytes(damaged)
    assert main(["-C", str(root), "build", "--quiet", "--force"]) == 0
    assert _pages(root) == first
    assert all(p.read_bytes() != damaged for p in entries)


def test_an_edited_override_is_compiled_afresh(make_project: Any) -> None:
    root = make_project()
    assert main(["-C", str(root), "build", "--quiet"]) == 0
    override = root / "theme" / "overrides" / "main.html"
    text = override.read_text(encoding="utf-8")
    marker = "<!-- edited override 1f3a -->"
    override.write_text(text.replace("{% block extrahead %}", "{% block extrahead %}" + marker, 1), encoding="utf-8")
    assert marker in override.read_text(encoding="utf-8")
    assert main(["-C", str(root), "build", "--quiet"]) == 0
    assert marker in (root / "site" / "mitaka" / "index.html").read_text(encoding="utf-8")


def test_environments_that_compile_differently_never_share_a_folder() -> None:
    plain = jinja2.Environment()
    assert environment_digest(plain) == environment_digest(jinja2.Environment())
    assert environment_digest(plain) != environment_digest(jinja2.Environment(trim_blocks=True))
    assert environment_digest(plain) != environment_digest(jinja2.Environment(extensions=["jinja2.ext.i18n"]))
    assert environment_digest(plain) != environment_digest(jinja2.Environment(variable_start_string="[["))
