"""The PTL's Markdown: placeholders, private sections and prompts, with fenced code left alone."""

from __future__ import annotations

from generator.data.prose import fill, lint, strip_private, strip_prompts

DOC = """\
# Report

<!-- data: features -->

<!-- private -->
Secret plans.
<!-- /private -->

```markdown
<!-- data: features -->
<!-- private -->
> ✎ Prompt: an example inside a fence
```

> ✎ Prompt: say something
"""


def test_fill_replaces_placeholders_outside_fences_only() -> None:
    """A placeholder becomes its block; the same text inside a code fence stays as written."""
    out = fill(DOC, lambda name, args: f"[{name} block]")
    assert out.count("[features block]") == 1
    assert "```markdown\n<!-- data: features -->" in out


def test_private_sections_are_dropped_in_public_and_kept_in_private_builds() -> None:
    """The section between the markers disappears from a public build; the markers always go."""
    public = strip_private(DOC, keep=False)
    private = strip_private(DOC, keep=True)
    assert "Secret plans." not in public
    assert "Secret plans." in private
    assert "<!-- /private -->" not in private
    assert "```markdown\n<!-- data: features -->\n<!-- private -->" in public


def test_prompts_are_stripped_outside_fences() -> None:
    out = strip_prompts(DOC)
    assert "say something" not in out
    assert "an example inside a fence" in out


def test_lint_reports_prompts_unknown_blocks_and_unbalanced_markers() -> None:
    """Each mistake is located at its line; fenced examples are not mistakes."""
    text = "<!-- data: featurs -->\n<!-- /private -->\n<!-- private -->\n> ✎ Prompt: write here\n"
    problems = {(p.location.line, p.field_path): p for p in lint(text, "x.md")}
    assert problems[(1, "placeholder")].hint == "did you mean 'features'?"
    assert "no open section" in problems[(2, "private")].message
    assert "never closed" in problems[(3, "private")].message
    assert problems[(4, "prompt")].severity == "error"
    assert not lint(DOC.split("> ✎ Prompt: say")[0], "x.md")
