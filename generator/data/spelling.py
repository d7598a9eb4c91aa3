"""Which of two spellings of one person is the fuller one, so a degraded copy is never shown.

Sources copy names and lose things on the way: governance's file has "wu chunyang" where an
older revision had "Wu Chunyang", a form field kept "Rene Ribaud" of "René Ribaud", a nick
list wrote "Jean Pierre" for "Jean-Pierre". A spelling that differs from another spelling of
the same person only by such losses (capitals, accents and other diacritics, a written-out
umlaut, punctuation; words possibly in another order) carries less, and `degraded` says so;
`People` never shows it over the fuller one, however recent or authoritative its source.
Spellings that differ otherwise ("Wu Chunyang" / "Chunyang Wu", "Sean McGinnis" / "Sean
Mcginnes") are equally full, and the usual rule (the preferred, else the most recent) picks.

The comparison is letter by letter: both spellings reduce to the same letters (folded, without
punctuation) cut into the same words, and every capital, mark and punctuation sign of the lesser
stands at the same place in the fuller one. Words cut otherwise ("Feilong Wang" / "Fei Long
Wang") are another way of writing the name, not a loss. Nothing here invents a capital: it only
chooses between spellings written.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

# Letters NFKD leaves alone, folded the way people write them in ASCII.
TRANSLITERATE = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)
UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
# The same, keeping the capital ("Ü" → "Ue"), to compare "Mueller" with "Müller" letter by letter.
_UMLAUT_CASED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
# An apostrophe joins a word ("Ken'ichi" is one word), as in `people.person_key`.
_APOSTROPHES = frozenset("'’`")


def fold(text: str) -> str:
    """`Kapłoński` → `Kaplonski`: transliterated, accents dropped, case kept."""
    folded = unicodedata.normalize("NFKD", text.translate(TRANSLITERATE))
    return "".join(c for c in folded if not unicodedata.combining(c))


@dataclass(frozen=True)
class Shape:
    """What a spelling carries beyond its bare letters, each by the index of a letter."""

    letters: str  # folded, lower case, no punctuation or spaces
    breaks: frozenset[int]  # where a word ends: a space or a sign between words (not an apostrophe)
    capitals: frozenset[int]
    marks: frozenset[tuple[int, str]]  # a letter written with an accent (or ł, ß, …): the letter
    punctuation: frozenset[tuple[int, str]]  # a sign before the letter at that index

    def within(self, other: Shape) -> bool:
        """Everything this spelling carries, `other` carries too, at the same places."""
        return (
            self.letters == other.letters
            and self.breaks == other.breaks
            and self.capitals <= other.capitals
            and self.marks <= other.marks
            and self.punctuation <= other.punctuation
        )


@functools.lru_cache(maxsize=4096)
def shape(spelling: str) -> Shape:
    text = unicodedata.normalize("NFC", spelling)
    letters: list[str] = []
    breaks, capitals, marks, punctuation = set(), set(), set(), set()
    # A spelling in capitals only ("RENE RIBAUD") says nothing about which letters are capitals.
    shouting = not any(c.islower() for c in text)
    for c in text:
        if c.isspace() or not (c.isalnum() or c in _APOSTROPHES):
            breaks.add(len(letters))
        if c.isspace():
            continue
        if not c.isalnum():
            punctuation.add((len(letters), c))
            continue
        index = len(letters)
        base = fold(c).casefold()
        if c.isupper() and not shouting:
            capitals.add(index)
        if fold(c) != c:
            marks.add((index, c.casefold()))
        letters.append(base)
    breaks.discard(0)
    breaks.discard(len(letters))
    return Shape("".join(letters), frozenset(breaks), frozenset(capitals), frozenset(marks), frozenset(punctuation))


def _in_order_of(spelling: str, fuller: str) -> str:
    """`spelling`'s words in the order of `fuller`'s, when they are the same words ("" if not)."""
    words, targets = spelling.split(), fuller.split()
    if len(words) != len(targets) or len(words) < 2:
        return ""
    left = list(words)
    ordered = []
    for target in targets:
        match = next((w for w in left if shape(w).letters == shape(target).letters), None)
        if match is None:
            return ""
        left.remove(match)
        ordered.append(match)
    return " ".join(ordered)


def degraded(spelling: str, fuller: str) -> bool:
    """`spelling` is `fuller` with capitals, accents or punctuation lost, and nothing else changed.

    Words in another order still compare ("chunyang wu" is a degraded "Wu Chunyang"); a written-out
    umlaut is a lost mark ("Dirk Mueller" of "Dirk Müller").
    """
    if spelling == fuller:
        return False
    mine = shape(spelling)
    if mine == shape(fuller):
        return False  # the same letters, capitals, marks and signs: only the spacing differs
    candidates = [fuller]
    written_out = fuller.translate(_UMLAUT_CASED)
    if written_out != fuller:
        candidates.append(written_out)
    for candidate in candidates:
        theirs = shape(candidate)
        if mine.letters != theirs.letters:
            reordered = _in_order_of(spelling, candidate)
            if not reordered:
                continue
            mine_here = shape(reordered)
        else:
            mine_here = mine
        if mine_here.within(theirs) and (candidate != fuller or mine_here != theirs):
            return True
    return False
