"""The spelling shown for a person: a copy that lost capitals, accents or punctuation never wins over
the fuller spelling, whatever its source or recency; among equally full spellings the preferred,
else the most recent of the most authoritative source; nothing is capitalised that no source
capitalised, and check notes those names with the people.yaml entry to add."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.data.people import People, Person
from generator.data.spelling import degraded
from generator.load.site import load_site


@pytest.mark.parametrize(
    ("lesser", "fuller"),
    [
        ("rene ribaud", "René Ribaud"),  # case and accent lost
        ("Rene Ribaud", "René Ribaud"),  # accent lost
        ("RENE RIBAUD", "René Ribaud"),  # capitals only say nothing about which letters are capitals
        ("wu chunyang", "Wu Chunyang"),
        ("chunyang wu", "Wu Chunyang"),  # the same words, another order, case lost
        ("Sean Mcginnis", "Sean McGinnis"),  # one capital lost
        ("Dirk Mueller", "Dirk Müller"),  # the umlaut written out
        ("Slawek Kaplonski", "Sławek Kapłoński"),  # letters with no decomposition
        ("Jean Pierre", "Jean-Pierre"),  # punctuation lost
        ("Kenichi Ohmichi", "Ken'ichi Ohmichi"),
        ("feilong wang", "Feilong Wang"),
    ],
)
def test_a_copy_that_lost_case_accents_or_punctuation_is_degraded(lesser: str, fuller: str) -> None:
    assert degraded(lesser, fuller)
    assert not degraded(fuller, lesser)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wu Chunyang", "Chunyang Wu"),  # another order, nothing lost
        ("Feilong Wang", "Fei Long Wang"),  # words cut otherwise: another way to write it
        ("René ribaud", "Rene Ribaud"),  # each lost something the other has
        ("Morgan Fainberg", "Morgain Fainberg"),  # other letters
        ("Sean McGinnis", "Sean  McGinnis"),  # only the spacing differs
        ("rene ribaud", "RENE RIBAUD"),  # neither says where the capitals are
    ],
)
def test_spellings_that_differ_otherwise_are_equally_full(a: str, b: str) -> None:
    assert not degraded(a, b) and not degraded(b, a)


def test_a_degraded_spelling_never_wins_whatever_its_recency_or_authority() -> None:
    people = People()
    people.prefer(["Wu Chunyang"], authority=0)  # an old roster
    people.prefer(["wu chunyang"], authority=1)  # governance, later and higher
    assert people.display("wu chunyang") == "Wu Chunyang"
    people.prefer(["René Ribaud", "rene ribaud", "Rene Ribaud", "RENE RIBAUD"])
    assert people.display("rene ribaud") == "René Ribaud"


def test_among_equally_full_spellings_the_authoritative_then_the_recent_one_is_shown() -> None:
    people = People()
    people.alias("Fei Long Wang", "Feilong Wang")  # as governance's walk ties a respelling
    people.prefer(["Fei Long Wang", "Feilong Wang"], authority=1)
    people.prefer(["Fei Long Wang"], authority=0)  # later, but from a lesser source
    assert people.display("fei long wang") == "Feilong Wang"
    people.prefer(["Fei Long Wang"], authority=1)
    assert people.display("feilong wang") == "Fei Long Wang"


def test_the_people_yaml_name_wins_even_over_a_fuller_spelling() -> None:
    people = People((Person("rene ribaud"),))
    people.prefer(["René Ribaud"])
    assert people.display("René Ribaud") == "rene ribaud"


def test_a_name_only_ever_written_in_lower_case_stays_so() -> None:
    people = People()
    people.prefer(["cai hui", "CAI HUI"])
    assert people.display("CAI HUI") == "CAI HUI"  # the most recent of two equally bare spellings
    people.prefer(["cai hui"])
    assert people.display("Cai Hui") == "cai hui"  # no capital made up


def test_spellings_joined_later_by_a_nick_or_a_typo_still_compete() -> None:
    people = People()
    people.prefer(["Wu Chunyang"])
    people.link_irc("Wu Chunyang", "wuchunyang")
    people.prefer(["chunyang wu"])  # its own identity until the nick ties it
    people.link_irc("chunyang wu", "wuchunyang")
    assert people.display("chunyang wu") == "Wu Chunyang"
    assert set(people.spellings("chunyang wu")) == {"Wu Chunyang", "chunyang wu"}


# --- load and check ---------------------------------------------------------------------------


def test_the_loaded_site_shows_the_fuller_spelling_from_any_source(make_project: Callable[..., Path]) -> None:
    """Governance's later PTL spelling lost its accent; the roster of the cycle before kept it."""
    root = make_project(
        {
            "data/liberty/glance/gathered.yaml": "ptl: Erno Kuvaja\nroster:\n  start: [René Ribaud, Erno Kuvaja]\n",
            "data/mitaka/glance/gathered.yaml": "ptl: rene ribaud\n",
            "data/people.yaml": "people: []\n",
        }
    )
    site = load_site(root).site
    assert site is not None
    history = site.history("glance")
    assert history[0].data.roster.start == ["René Ribaud", "Erno Kuvaja"]
    assert history[1].data.ptl == "René Ribaud"


def test_check_notes_each_lower_case_name_with_the_entry_to_add(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    roster = "ptl: cai hui\nroster:\n  start: [cai hui, Erno Kuvaja]\n"
    root = make_project({"data/mitaka/glance/gathered.yaml": roster})
    assert main(["-C", str(root), "check", "--strict"]) == 0  # a note, never a failure
    err = capsys.readouterr().err
    assert "data/mitaka/glance/gathered.yaml: note: people: 'cai hui' is shown in lower case" in err
    assert "- name: Cai Hui" in err and "aliases: [cai hui]" in err
    assert err.count("note:") == 1 and "Erno Kuvaja" not in err
    (root / "data/people.yaml").write_text("people:\n  - name: Cai Hui\n    aliases: [cai hui]\n")
    assert main(["-C", str(root), "check", "--strict"]) == 0
    assert "note:" not in capsys.readouterr().err
