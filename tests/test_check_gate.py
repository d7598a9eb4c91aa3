"""`check --strict` catches the mistakes a PTL makes on real data, each at its file:line:col.

Every test writes a small project (three cycles, one team: see conftest), makes one mistake, runs
`check --strict` and asserts the whole located message, so a check that goes quiet, or that loses
its line and column, fails here.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from tests.demo import copy_demo

REPO = Path(__file__).resolve().parents[1]
PROSE = "content/cycles/mitaka/projects/glance/retrospective.md"
AUTHORED = "data/mitaka/glance/authored.yaml"
Make = Callable[..., Path]


def strict(root: Path, capsys: pytest.CaptureFixture[str], expect: int = 1) -> str:
    capsys.readouterr()
    assert main(["-C", str(root), "check", "--strict"]) == expect
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


# --- placeholders -------------------------------------------------------------------------------


def test_a_misspelt_placeholder_argument_is_an_error_with_did_you_mean(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """`partial misssed dropped` used to drop the missed priorities silently."""
    root = make_project({PROSE: "# Glance Mitaka\n\n<!-- data: priorities partial misssed dropped -->\n"})
    err = strict(root, capsys)
    assert f"{PROSE}:3:31: error: placeholder.priorities: unknown argument 'misssed': expected one of done," in err
    assert "hint: did you mean 'missed'?" in err


def test_an_argument_to_a_block_that_takes_none_is_an_error(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({PROSE: "# Glance Mitaka\n\n<!-- data: features done -->\n"})
    err = strict(root, capsys)
    assert f"{PROSE}:3:21: error: placeholder.features: unknown argument 'done': expected none" in err


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        ("<!-- date: features -->", "expected a data placeholder <!-- data: NAME -->", "did you mean 'data:'?"),
        ("<!-- dta: features -->", "expected a data placeholder <!-- data: NAME -->", "did you mean 'data:'?"),
        ("<!-- Data: features -->", "expected a data placeholder <!-- data: NAME -->", "did you mean 'data:'?"),
        (
            "<!-- features -->",
            "expected a data placeholder, got a comment naming the block 'features'",
            "did you mean <!-- data: features -->?",
        ),
        (
            "<!-- featurs -->",
            "expected a data placeholder, got a comment naming the block 'featurs'",
            "did you mean <!-- data: features -->?",
        ),
        (
            "<!-- priorities missed -->",
            "expected a data placeholder, got a comment naming the block 'priorities'",
            "<!-- data: priorities missed -->?",
        ),
        ("<!-- data features -->", "malformed data placeholder", "<!-- data: NAME -->"),
    ],
)
def test_a_near_miss_placeholder_is_an_error(
    line: str, message: str, hint: str, make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """A comment that was meant as a placeholder would show nothing on the page."""
    root = make_project({PROSE: f"# Glance Mitaka\n\nSome words.\n{line}\n"})
    err = strict(root, capsys)
    assert f"{PROSE}:4:1: error: placeholder: {message}" in err
    assert hint in err


def test_a_near_miss_block_name_is_an_error_with_did_you_mean(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({PROSE: "# Glance Mitaka\n\n<!-- data: review_days -->\n"})
    err = strict(root, capsys)
    assert f"{PROSE}:3:12: error: placeholder: expected a data block name, got 'review_days'" in err
    assert "did you mean 'review-days'?" in err


def test_ordinary_comments_and_the_compact_placeholder_pass(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """`<!--data:features-->` is a placeholder (it renders the block); a TODO comment is not a mistake."""
    from generator.load.site import load_site
    from generator.render.cycle import render_cycle

    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "features:\n  - {id: db-purge, title: Glance db purge}\n",
            PROSE: "# Glance Mitaka\n\n<!-- TODO: more -->\n<!-- summary of the talk -->\n<!--data:features-->\n",
        }
    )
    strict(root, capsys, expect=0)
    loaded = load_site(root)
    assert loaded.site is not None
    page = render_cycle(loaded.site, loaded.site.cycle("mitaka"), root / "theme")["projects/glance/retrospective.md"]
    assert "Glance db purge" in page
    assert "data:features" not in page


def test_a_retrospective_with_no_title_fails_strict_and_warns_otherwise(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {
            PROSE: "The cycle went well.\n",
            "content/cycles/mitaka/projects/glance/midcycle-2016-01-20.md": "Notes.\n",
            "data/mitaka/glance/midcycle-2016-01-20.yaml": "date: 2016-01-20\n",
        }
    )
    err = strict(root, capsys)
    assert f"{PROSE}:1:1: error: title: expected a title heading ('# …') in the report, got none" in err
    assert "midcycle-2016-01-20.md" not in err  # its page's heading comes from the meeting's data
    assert main(["-C", str(root), "check"]) == 0
    assert f"{PROSE}:1:1: warning: title:" in capsys.readouterr().err


# --- roster -------------------------------------------------------------------------------------


def test_roster_counts_that_do_not_add_up_are_an_error(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({AUTHORED: "roster:\n  counts:\n    start: 9\n    joined: 1\n    left: 2\n    end: 12\n"})
    err = strict(root, capsys)
    assert f"{AUTHORED}:6:10: error: roster.counts.end: expected 8 (start 9 + joined 1 - left 2), got 12" in err


def test_a_count_that_contradicts_the_listed_changes_is_an_error(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """`counts.left: 2` with one change listed rendered as 1."""
    root = make_project(
        {
            AUTHORED: """\
            roster:
              counts: {left: 2}
              changes:
                - {id: zhi, name: Zhi Yan Liu, change: left}
            """
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:2:18: error: roster.counts.left: expected 1 (the left names listed in roster.changes), got 2"
        in err
    )


def test_a_joined_date_after_the_cycle_is_an_error(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(
        {
            AUTHORED: """\
            roster:
              changes:
                - id: kairat
                  name: Kairat Kushaev
                  change: joined
                  date: 2016-05-01
            """
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:6:13: error: roster.changes[kairat].date: expected a date in mitaka (2015-10-16 to 2016-04-07), "
        "got 2016-05-01"
    ) in err


def test_a_new_core_misspelt_against_the_roster_gets_did_you_mean(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {
            AUTHORED: """\
            roster:
              end: [Erno Kuvaja, Flavio Percoco]
              changes:
                - {id: erno, name: Erno Kuvja, change: joined}
            """
        }
    )
    err = strict(root, capsys)
    assert f"{AUTHORED}:4:24: error: roster.changes[erno].name: Erno Kuvja joined the core team but is not in" in err
    assert "hint: did you mean 'Erno Kuvaja'?" in err


def test_a_core_misspelt_against_the_reviewers_gets_did_you_mean(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no roster lists, the gathered reviewers and PTL data are the spelling to match."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "reviewers:\n  - {name: Erno Kuvaja, reviews: 400, core: true}\n",
            AUTHORED: "roster:\n  changes:\n    - {id: erno, name: Erno Kuvja, change: left}\n",
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:3:24: error: roster.changes[erno].name: expected a name the roster or PTL data spells, "
        "got 'Erno Kuvja'"
    ) in err
    assert "hint: did you mean 'Erno Kuvaja'?" in err


# --- handoff ------------------------------------------------------------------------------------


def test_a_handoff_to_the_same_person_is_an_error(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({AUTHORED: "handoff:\n  outgoing: Matt Riedemann\n  incoming: Matt Riedemann\n"})
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:3:13: error: handoff.incoming: expected someone other than the outgoing PTL, got 'Matt Riedemann'"
        in err
    )


def test_a_handoff_dated_outside_the_cycle_is_an_error(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(
        {AUTHORED: "handoff:\n  outgoing: Flavio Percoco\n  incoming: Nikhil Komawar\n  date: 2016-09-01\n"}
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:4:9: error: handoff.date: expected a date in mitaka (2015-10-16 to 2016-04-07), got 2016-09-01"
        in err
    )


def test_an_incoming_ptl_spelt_unlike_the_next_cycles_ptl_gets_did_you_mean(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "ptl: Flavio Percoco\n",
            "data/newton/glance/gathered.yaml": "ptl: Nikhil Komawar\n",
            AUTHORED: "handoff:\n  outgoing: Flavio Percoco\n  incoming: Nikhil Komawr\n",
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:3:13: error: handoff.incoming: expected newton's PTL 'Nikhil Komawar', got 'Nikhil Komawr'" in err
    )
    assert "hint: did you mean 'Nikhil Komawar'?" in err


def test_an_incoming_ptl_misspelt_against_the_candidates_gets_did_you_mean(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no PTL gathered for the next cycle, the candidacies and roster are the spelling to match."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "candidacies:\n  - {id: erno, name: Erno Kuvaja, cycle: newton}\n",
            AUTHORED: "handoff:\n  outgoing: Flavio Percoco\n  incoming: Erno Kuvja\n",
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:3:13: error: handoff.incoming: expected a name the roster or PTL data spells, got 'Erno Kuvja'"
        in err
    )
    assert "hint: did you mean 'Erno Kuvaja'?" in err


def test_an_outgoing_ptl_other_than_the_cycles_ptl_is_an_error(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "ptl: Flavio Percoco\n",
            AUTHORED: "handoff:\n  outgoing: Flavio Percocco\n",
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:2:13: error: handoff.outgoing: expected mitaka's PTL 'Flavio Percoco', got 'Flavio Percocco'"
        in err
    )


# --- locations, dates, privacy, folders ----------------------------------------------------------


def test_cross_field_errors_carry_line_and_column(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    """`carried_to` and review-day dates used to be reported against the file with no place in it."""
    root = make_project(
        {
            AUTHORED: """\
            priorities:
              - id: multihash
                title: Multihash
                outcome: missed
                reason: ran out of time
                carried_to: newtonn
            review_days:
              - id: late
                date: 2016-06-01
            """
        }
    )
    err = strict(root, capsys)
    assert f"{AUTHORED}:6:17: error: priorities[multihash].carried_to: expected a known cycle, got 'newtonn'" in err
    assert f"{AUTHORED}:9:11: error: review_days[late].date: review day 2016-06-01 is outside mitaka" in err


def test_a_cross_field_error_on_a_gathered_value_points_into_gathered_yaml(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "review_days:\n  - id: late\n    date: 2016-06-01\n",
            AUTHORED: "summary: A quiet cycle.\n",
        }
    )
    err = strict(root, capsys)
    assert "data/mitaka/glance/gathered.yaml:3:11: error: review_days[late].date:" in err


def test_an_impossible_date_names_its_field(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({AUTHORED: "roster:\n  changes:\n    - {id: a, name: A B, change: joined, date: 2016-02-30}\n"})
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:3:48: error: roster.changes[0].date: expected a valid date (YYYY-MM-DD), got '2016-02-30'" in err
    )


def test_a_private_reason_is_reported_as_private_not_missing(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(
        {
            AUTHORED: """\
            priorities:
              - id: multihash
                title: Multihash
                outcome: missed
                reason: the sponsor company withdrew its developers
                private: [reason]
              - id: import
                title: Image import
                outcome: partial
            """
        }
    )
    err = strict(root, capsys)
    assert (
        f"{AUTHORED}:5:13: note: priorities[multihash].reason: the reason is private: the public page shows "
        "this missed priority without one"
    ) in err
    assert "priorities[multihash].reason: missed priority has no reason" not in err
    assert f"{AUTHORED}:7:5: error: priorities[import].reason: partial priority has no reason" in err
    assert "Aborted with 1 error(s)." in err


def test_prose_for_a_misspelt_cycle_gets_did_you_mean(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({"content/cycles/mitka/projects/glance/retrospective.md": "# Glance\n"})
    err = strict(root, capsys)
    assert "content/cycles/mitka: error: prose for an unknown cycle 'mitka'" in err
    assert "hint: did you mean 'mitaka'?" in err


def test_prose_for_a_misspelt_project_gets_did_you_mean(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({"content/cycles/mitaka/projects/glanse/retrospective.md": "# Glance\n"})
    err = strict(root, capsys)
    assert "content/cycles/mitaka/projects/glanse: error: prose for an unknown project 'glanse'" in err
    assert "hint: did you mean 'glance'?" in err


# --- links to other cycles -----------------------------------------------------------------------

NEWTON = {"content/cycles/newton/projects/glance/retrospective.md": "# Glance Newton\n\nWords.\n"}


@pytest.mark.parametrize(
    "target",
    [
        "../../../newton/projects/glance/retrospective.md",  # the page exists, but mkdocs refuses the .md form
        "../newton/projects/glance/retrospective.md",  # climbs too little
        "../../newton/projects/glance/retrospective/",
    ],
)
def test_a_link_to_another_cycle_is_hinted_in_the_form_that_builds(
    target: str, make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({**NEWTON, PROSE: f"# Glance Mitaka\n\nSee [Newton]({target}).\n"})
    err = strict(root, capsys)
    assert f"{PROSE}:3:14: error: link: expected a link" in err
    assert "(../../../../newton/projects/glance/retrospective/)" in err


def test_the_hinted_cycle_link_passes_check_and_mkdocs_strict(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """The form the hint gives is the one that builds, and it lands on the other cycle's page."""
    link = "../../../../newton/projects/glance/retrospective/"
    root = make_project({**NEWTON, PROSE: f"# Glance Mitaka\n\nSee [Newton]({link}).\n"})
    strict(root, capsys, expect=0)
    assert main(["-C", str(root), "build", "--quiet"]) == 0
    html = root / "site/mitaka/projects/glance/retrospective/index.html"
    assert f'href="{link}"' in html.read_text(encoding="utf-8")
    assert (html.parent / link / "index.html").resolve().is_file()


@pytest.mark.parametrize(
    "prose",
    [
        "Write `[Newton](../newton/x.md)` to link a cycle.\n",
        "Two ticks: ``a `[N](../newton/x.md)` b`` and more.\n",
        "```md\n[Newton](../newton/x.md)\n```\n",
    ],
    ids=["code-span", "double-backtick-span", "fence"],
)
def test_a_link_shown_as_code_is_not_checked(
    prose: str, make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PTL who shows the link syntax in code is writing about links, not linking."""
    root = make_project({PROSE: f"# Glance Mitaka\n\n{prose}"})
    err = strict(root, capsys, expect=0)
    assert "link:" not in err


def test_a_broken_link_beside_a_code_span_is_still_checked(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project({PROSE: "# Glance Mitaka\n\nUse `x` and see [Newton](../newton/x.md).\n"})
    err = strict(root, capsys)
    assert f"{PROSE}:3:26: error: link:" in err


# --- the CI gate ---------------------------------------------------------------------------------


class Session:
    """Enough of `nox.Session` to run the noxfile's `build` session against a tmp project."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.posargs: list[str] = ["--quiet"]
        self.ran: list[tuple[str, ...]] = []

    def install(self, *args: str) -> None:
        pass

    def log(self, *args: Any) -> None:
        pass

    def run(self, *args: str, **kwargs: Any) -> None:
        self.ran.append(args)
        assert args[0] == "cycle-reports"
        if main(["-C", str(self.root), *args[1:]]) != 0:
            raise RuntimeError(f"Command {' '.join(args)} failed")  # what nox does on a non-zero exit


def nox_build() -> Callable[[Session], None]:
    sys.modules.setdefault("nox", _stub_nox())
    spec = importlib.util.spec_from_file_location("noxfile_under_test", REPO / "noxfile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build  # type: ignore[no-any-return]


def _stub_nox() -> Any:
    try:
        import nox

        return nox
    except ImportError:
        import types

        stub = types.ModuleType("nox")
        stub.options = types.SimpleNamespace()  # type: ignore[attr-defined]
        stub.session = lambda f=None, **_: f if f else (lambda g: g)  # type: ignore[attr-defined]
        stub.Session = object  # type: ignore[attr-defined]
        return stub


def test_nox_build_fails_on_an_untouched_writing_prompt(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project({PROSE: "# Glance Mitaka\n\n> ✎ Prompt: what went well?\n"})
    session = Session(root)
    with pytest.raises(RuntimeError, match="check --strict failed"):
        nox_build()(session)
    assert session.ran == [("cycle-reports", "check", "--strict")]
    assert f"{PROSE}:3:1: error: prompt: writing prompt left in the text" in capsys.readouterr().err
    assert not (root / "site").exists()


def test_the_bundled_demo_passes_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_demo(tmp_path)
    strict(tmp_path, capsys, expect=0)


def test_overlapping_cycles_are_located_in_the_calendar(make_project: Make, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project()
    calendar = root / "data/cycles.yaml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("start: 2016-04-08", "start: 2016-03-01"))
    err = strict(root, capsys)
    line = line_of(root, "data/cycles.yaml", "start: 2016-03-01")
    assert f"data/cycles.yaml:{line}:12: error: cycles[newton].start: overlaps mitaka: starts 2016-03-01" in err


def test_a_review_day_participant_misspelt_against_the_roster_is_flagged(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review-day participants go through the same spelling check as roster changes (a warning,
    which `--strict` reports as an error)."""
    root = make_project(
        {
            AUTHORED: """\
            roster:
              end: [Erno Kuvaja, Flavio Percoco]
            review_days:
              - {id: rd1, date: 2016-01-12, participants: [Flavio Percoco, Flavo Percoco, Someone Else]}
            """
        }
    )
    err = strict(root, capsys)
    line = line_of(root, AUTHORED, "Flavo Percoco")
    col = (root / AUTHORED).read_text(encoding="utf-8").splitlines()[line - 1].index("Flavo Percoco") + 1
    assert (
        f"{AUTHORED}:{line}:{col}: error: review_days[rd1].participants: expected a name the roster or PTL data "
        "spells, got 'Flavo Percoco'"
    ) in err
    assert "hint: did you mean 'Flavio Percoco'?" in err
    assert "Someone Else" not in err


def test_a_report_for_a_cycle_after_the_team_left_governance_is_a_warning(
    make_project: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """Written by a person: a warning at the file (`--strict` fails on it); only gathered (the
    election records still list the team): a note, which fails nothing."""
    projects = """\
        projects:
          - key: glance
            title: Glance
          - key: cue
            title: Cue
            retired: 2015-10-01
            retired_reason: Remove Cue project team
        """
    root = make_project(
        {
            "data/projects.yaml": projects,
            "data/newton/cue/authored.yaml": "summary: A cycle that never was.\n",
            "data/mitaka/cue/gathered.yaml": "ptl: Min Pae\n",
        }
    )
    err = strict(root, capsys)
    assert (
        "data/newton/cue/authored.yaml:1:1: error: project: Cue left governance on 2015-10-01 "
        "(Remove Cue project team), before newton began (2016-04-08)"
    ) in err
    assert "data/mitaka/cue/gathered.yaml:1:1: note: project: Cue left governance on 2015-10-01" in err
    assert "liberty" not in err and "Aborted with 1 error(s)." in err  # it existed in Liberty
