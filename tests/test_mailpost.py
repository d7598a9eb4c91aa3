"""`cycle-reports email`: a report as a 72-column plain-text mailing-list post."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.tools.mailtext import WIDTH, References, render_text

REPO = Path(__file__).resolve().parents[1]
LONG = "A sentence that goes on for quite a while so that it has to be wrapped. " * 4

FILES = {
    "data/cycles.yaml": """\
        cycles:
          - {name: mitaka, start: 2015-10-16, end: 2016-04-07}
          - {name: newton, start: 2016-04-08, end: 2016-10-06}
        """,
    "data/projects.yaml": "projects:\n  - {key: glance, title: Glance}\n",
    "data/mitaka/glance/authored.yaml": """\
        ptl: Flavio Percoco
        features:
          - {id: db-purge, title: Glance db purge utility}
          - {id: signing, title: Glance Image Signing and Verification}
        priorities:
          - id: import
            title: Refactor of the image import workflow
            outcome: missed
            reason: It reaches every cloud, so the whole cycle went into the design discussion.
            carried_to: newton
            links:
              - {title: the spec, url: "https://review.openstack.org/#/c/232371/"}
        handoff: {outgoing: Flavio Percoco, incoming: Nikhil Komawar}
        """,
    "content/cycles/mitaka/projects/glance/retrospective.md": f"""\
        # Glance Mitaka: passing the torch

        {LONG}

        ## Completed features

        Here is what **landed**, see the [release notes](https://docs.openstack.org/releasenotes/glance/mitaka.html):

        <!-- data: features -->

        <!-- private -->
        Only for the next PTL: the secret plan.
        <!-- /private -->

        ## What did not go well

        <!-- data: priorities missed -->

        Same notes again: [release notes](https://docs.openstack.org/releasenotes/glance/mitaka.html).

        <!-- data: handoff -->
        """,
    "data/mitaka/glance/midcycle-2016-01-20.yaml": """\
        date: 2016-01-20
        format: virtual
        sessions:
          - {title: Image import, decisions: [Keep the current plan]}
        """,
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A tiny project with a written Glance Mitaka retrospective and a midcycle."""
    path = tmp_path / "project"
    path.mkdir()
    shutil.copy(REPO / "mkdocs.yml", path / "mkdocs.yml")
    shutil.copytree(REPO / "theme", path / "theme")
    for rel, text in FILES.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def email(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["-C", str(root), "email", *args]) == 0
    return capsys.readouterr().out


def long_lines(text: str) -> list[str]:
    """Lines over 72 columns that could have been broken (a line holding only a URL cannot)."""
    return [
        line
        for line in text.splitlines()
        if len(line) > WIDTH and " " in re.sub(r"^\[\d+\] ", "", line).split("://")[0].strip()
    ]


def references(text: str) -> list[str]:
    """The reference lines, a source's snapshot date under its address when the two pass column 72."""
    return re.findall(r"^\[\d+\] \S+(?: \(.*\))?$|^ +\(.*\)$", text, re.M)


def test_subject_line_follows_the_list_convention(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = email(root, capsys, "--project", "glance", "--cycle", "mitaka")
    assert post.splitlines()[:2] == ["Subject: [glance] Mitaka: passing the torch", ""]


def test_text_is_reflowed_to_72_columns(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = email(root, capsys, "-p", "glance", "-c", "mitaka")
    assert all(len(line) <= WIDTH for line in post.splitlines() if "://" not in line)
    assert long_lines(post) == []
    assert "A sentence that goes on" in post


def test_links_become_numbered_references_at_the_end(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = email(root, capsys, "-p", "glance", "-c", "mitaka")
    refs = references(post)
    assert refs[0] == "[1] https://docs.openstack.org/releasenotes/glance/mitaka.html"
    assert refs[1] == "[2] https://review.openstack.org/#/c/232371/"
    assert post.rstrip().splitlines()[-len(refs) :] == refs
    assert post.count("release notes [1]") == 2  # the same address keeps its number
    assert "](" not in post


def test_private_sections_prompts_and_markup_are_left_out(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = email(root, capsys, "-p", "glance", "-c", "mitaka")
    assert "secret plan" not in post
    assert "<!--" not in post and "**" not in post and "✎" not in post
    assert "Here is what landed, see the release notes [1]:" in post


def test_data_blocks_are_filled_and_headings_underlined(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = email(root, capsys, "-p", "glance", "-c", "mitaka")
    assert "- Glance db purge utility\n- Glance Image Signing and Verification\n" in post
    assert "Completed features\n==================\n" in post
    # One priority is a sentence, not a one-row table of "Outcome:" and "Why:" lines.
    assert "Missed: Refactor of the image import workflow — It reaches every cloud" in post
    assert "Outcome:" not in post and "Why:" not in post
    assert "Carried over to Newton." in " ".join(post.split())
    assert "Carried over:" not in post  # no column of dashes for the priorities that stayed
    assert "PTL handoff\n-----------\n" in post


def test_output_file_holds_the_same_post(root: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    printed = email(root, capsys, "-p", "glance", "-c", "mitaka")
    target = tmp_path / "post.txt"
    assert main(["-C", str(root), "email", "-p", "glance", "-c", "mitaka", "--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == printed


def test_midcycle_post_subject(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = email(root, capsys, "-p", "glance", "-c", "mitaka", "--kind", "midcycle")
    assert post.startswith("Subject: [glance] Mitaka: virtual midcycle summary\n\n")
    assert "1. Image import\n===============" in post
    assert "- Keep the current plan" in post


def test_unknown_report_is_a_clear_error(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(root), "email", "-p", "glance", "-c", "newton"]) == 1
    assert "no data for project 'glance' in newton" in capsys.readouterr().err
    assert main(["-C", str(root), "email", "--board", "2016-01-01"]) == 1
    assert "no board meeting on 2016-01-01" in capsys.readouterr().err


# --- the Markdown → text conversion on its own ---------------------------------------------------


def test_narrow_table_becomes_aligned_columns() -> None:
    text = render_text("| Core team | Figure |\n|---|---:|\n| At the start | 9 |\n| At the end | 12 |\n")
    assert text == "Core team     Figure\n------------  ------\nAt the start       9\nAt the end        12\n"


def test_wide_table_becomes_one_list_per_row() -> None:
    text = render_text(f"| Priority | Outcome | Why |\n|---|---|---|\n| Import | Missed | {LONG} |\n")
    lines = text.splitlines()
    assert lines[:3] == [
        "- Import",
        "  Outcome: Missed",
        "  Why: A sentence that goes on for quite a while so that it has to be",
    ]
    assert all(line.startswith("    ") for line in lines[3:])
    assert max(len(line) for line in lines) <= WIDTH


def test_list_items_are_hanging_indented() -> None:
    text = render_text(f"- {LONG}\n- short\n\n1. first\n2. second\n")
    lines = text.splitlines()
    assert lines[0].startswith("- A sentence")
    assert all(line.startswith("  ") for line in lines[1 : lines.index("- short")])
    assert "1. first\n2. second" in text


def test_admonition_is_flattened_and_emphasis_removed() -> None:
    text = render_text('!!! abstract "PTL handoff"\n    **Flavio** passes the torch to *Nikhil*.\n')
    assert text == "PTL handoff\n-----------\n\nFlavio passes the torch to Nikhil.\n"


def test_relative_links_point_at_the_published_site() -> None:
    refs = References.for_page("https://reports.example.org/", "mitaka", "projects/glance/retrospective.md")
    text = render_text("See [the history](history.md) and [Newton](../../../../newton/projects/glance/).", refs)
    assert "[1] https://reports.example.org/mitaka/projects/glance/history/" in text
    assert "[2] https://reports.example.org/newton/projects/glance/" in text
    index = References.for_page("https://reports.example.org/", "mitaka", "projects/glance/index.md")
    text = render_text("The [retrospective](retrospective.md) and [overview](../../index.md#teams).", index)
    assert "[1] https://reports.example.org/mitaka/projects/glance/retrospective/" in text
    assert "[2] https://reports.example.org/mitaka/#teams" in text


# --- the real demo ----------------------------------------------------------------------------

MITAKA_FEATURES = (
    "CIM Namespace Metadata",
    "Support download from and upload to Cinder volumes",
    "Glance db purge utility",
    "Deprecate Glance v3 API",
    "Implement trusts for Glance",
    "Migrate the HTTP Store to Use Requests",
    "Glance Image Signing and Verification",
    "Supporting OVF Single Disk Image Upload",
    "Prevention of Unauthorized errors during upload/download in Swift driver",
    "Add filters using an 'in' operator",
)


@pytest.mark.skipif(
    not (REPO / "content/cycles/mitaka/projects/glance/retrospective.md").is_file()
    or not (REPO / "data/mitaka/glance/authored.yaml").is_file(),
    reason="the Glance Mitaka demo data is not there yet",
)
def test_glance_mitaka_demo_reads_like_a_list_post(capsys: pytest.CaptureFixture[str]) -> None:
    post = email(REPO, capsys, "--project", "glance", "--cycle", "mitaka")
    assert post.startswith("Subject: [glance] Mitaka: passing the torch\n\n")
    assert long_lines(post) == []
    flowing = " ".join(post.split())
    for name in MITAKA_FEATURES:
        assert name in flowing
    refs = references(post)
    assert refs and post.rstrip().splitlines()[-len(refs) :] == refs
    assert "<!--" not in post and "**" not in post and "](" not in post and "✎" not in post


def test_a_fenced_block_inside_a_list_item_stays_a_block() -> None:
    """The site renders fences with superfences, which also finds them inside list items and
    admonitions; the post must too, not reflow the code into the item's paragraph."""
    text = render_text("- Run this:\n\n    ```\n    cycle-reports build --force\n    make docs\n    ```\n")
    lines = text.splitlines()
    assert any(line.strip() == "cycle-reports build --force" for line in lines), text
    assert any(line.strip() == "make docs" for line in lines), text
