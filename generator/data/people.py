"""One identity per person, whatever spelling a source used.

Governance, the election repository and Gerrit spell the same person differently ("Sean
Mcginnis" / "Sean McGinnis", "René Ribaud" / "rene ribaud", "Dirk Müller" / "Dirk Mueller").
`person_key` folds case, accents, punctuation and the few letters that have no decomposition
(ł, ø, ß, …), so those meet without a table. What folding cannot see (a word-order swap, a
nickname, a transliteration) is written once in `data/people.yaml`, and `People` applies both:
every name shown goes through `People.display`, which never picks a copy that lost capitals or
accents over the fuller spelling (`spelling`), so PTL succession, rosters, reviewers and
handoffs say one name per person. Both gather and load use this module; it reads no file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .spelling import UMLAUT, degraded, fold

_NOT_LETTER = re.compile(r"[^a-z0-9]+")
_APOSTROPHE = re.compile(r"['’`]")

# Strings governance stored in the PTL field when there was no PTL. They are never a person.
PLACEHOLDERS = frozenset({"appointment needed", "leaderless", "tbd", "tba", "vacant", "none", "n/a", "unknown"})


def person_key(name: str) -> str:
    """The identity key of a spelling: `René  Ribaud` and `rene ribaud` → `rene ribaud`."""
    # An apostrophe joins ("Ken'ichi" is "Kenichi"); any other punctuation separates words.
    words = _NOT_LETTER.sub(" ", _APOSTROPHE.sub("", fold(name).casefold())).split()
    return " ".join(words)


def umlaut_key(name: str) -> str:
    """The same key with German umlauts written out (`Müller` → `mueller`), a second chance to meet."""
    return person_key(name.translate(UMLAUT))


def is_placeholder(name: str) -> bool:
    """`APPOINTMENT NEEDED`, `leaderless`, … : a note where a name should be, never a person."""
    key = " ".join(name.casefold().split())
    return key in PLACEHOLDERS or (key.endswith(" needed") and name.upper() == name)


@dataclass(frozen=True)
class Person:
    """One `data/people.yaml` entry: the spelling to show, the others, the IRC nicks."""

    name: str
    aliases: tuple[str, ...] = ()
    irc: tuple[str, ...] = ()


@dataclass
class People:
    """Spelling → identity → the one spelling shown.

    The shown spelling is the `people.yaml` name; else, of the spellings `prefer` saw that are
    not a degraded copy of another (`spelling.degraded`: capitals, accents or punctuation lost),
    the one of the most authoritative source, the last seen among those (callers feed spellings
    oldest first).
    """

    entries: tuple[Person, ...] = ()
    _by_key: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    # identity → spelling → (authority, order seen): every spelling a source gave, ranked.
    _spellings: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict, init=False, repr=False)
    _shown: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _fixed: set[str] = field(default_factory=set, init=False, repr=False)
    _count: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            identity = person_key(entry.name)
            self._fixed.add(identity)
            self._shown[identity] = entry.name
            for spelling in (entry.name, *entry.aliases):
                self._by_key[person_key(spelling)] = identity
                self._by_key.setdefault(umlaut_key(spelling), identity)
            for nick in entry.irc:
                self._by_key[f"irc:{nick.casefold()}"] = identity

    def identity(self, name: str, irc: str = "") -> str:
        """The identity key of a spelling (and its IRC nick, when a source gives one)."""
        key = person_key(name)
        if key in self._by_key:
            return self._by_key[key]
        if irc and f"irc:{irc.casefold()}" in self._by_key:
            return self._by_key[f"irc:{irc.casefold()}"]
        umlaut = umlaut_key(name)
        return self._by_key.get(umlaut, key)

    def prefer(self, spellings: Iterable[str], authority: int = 1) -> None:
        """Remember spellings in order, from a source of `authority` (higher wins a tie of fullness)."""
        for spelling in spellings:
            identity = self.identity(spelling)
            if not identity or identity in self._fixed:
                continue
            self._count += 1
            known = self._spellings.setdefault(identity, {})
            rank = max(known.get(spelling, (authority, 0)), (authority, self._count))
            if known.get(spelling) != rank:
                known[spelling] = rank
                self._shown.pop(identity, None)
            self._by_key.setdefault(umlaut_key(spelling), identity)

    def link_irc(self, name: str, nick: str) -> None:
        """Tie `name` to `nick`: a second spelling under a nick already seen is the same person.

        Callers pass only real nicks (never a placeholder such as "TBD"): a nick shared by
        placeholders would merge everyone who ever had one.
        """
        if not nick or not name:
            return
        key = f"irc:{nick.casefold()}"
        known = self._by_key.get(key)
        if known is None:
            self._by_key[key] = self.identity(name)
        elif known != self.identity(name) and self.identity(name) not in self._fixed:
            self._join(name, known)

    def alias(self, spelling: str, of: str) -> None:
        """Make `spelling` the same person as `of` (a source corrected a typo in a name)."""
        self._join(spelling, self.identity(of))

    def _join(self, spelling: str, identity: str) -> None:
        """Point `spelling` at `identity`, and the spellings seen under its old identity with it."""
        before = self.identity(spelling)
        self._by_key[person_key(spelling)] = identity
        self._by_key.setdefault(umlaut_key(spelling), identity)
        if before == identity or identity in self._fixed:
            return
        old = self._spellings.get(before, {})
        for seen in [s for s in old if self.identity(s) == identity]:
            rank = old.pop(seen)
            mine = self._spellings.setdefault(identity, {})
            mine[seen] = max(mine.get(seen, rank), rank)
        self._shown.pop(before, None)
        self._shown.pop(identity, None)

    def display(self, name: str) -> str:
        """The spelling shown for `name`: the preferred one of its identity, else `name` itself."""
        identity = self.identity(name)
        shown = self._shown.get(identity)
        if shown is None:
            shown = self._choose(identity)
            if not shown:
                return name
            self._shown[identity] = shown
        return shown

    def _choose(self, identity: str) -> str:
        """The fullest spelling seen, by authority and then recency among the equally full."""
        seen = self._spellings.get(identity, {})
        full = [s for s in seen if not any(degraded(s, other) for other in seen)]
        return max(full, key=lambda s: seen[s], default="")

    def spellings(self, name: str) -> tuple[str, ...]:
        """Every spelling the sources gave for `name`'s person, oldest rank first."""
        seen = self._spellings.get(self.identity(name), {})
        return tuple(sorted(seen, key=lambda s: seen[s]))

    def is_mapped(self, identity: str) -> bool:
        """The identity has a people.yaml entry (its shown spelling is settled)."""
        return identity in self._fixed

    def same(self, a: str, b: str) -> bool:
        return bool(a and b) and self.identity(a) == self.identity(b)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, cut off at `limit` + 1 (names are short; this stays cheap)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def looks_like_typo(a: str, b: str, limit: int = 2) -> bool:
    """Two identity keys a letter or two apart in a way a typo explains (pure).

    "ghanshyam mann" / "ghanshyam maan", "morgain fainberg" / "morgan fainberg", "fei long wang"
    / "feilong wang" are; "chen okafor" / "wen okafor" are not: a short first name that differs
    is another person of the same family name far more often than a typo.
    """
    if a == b or min(len(a), len(b)) < 8 or edit_distance(a, b, limit) > limit:
        return False
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return edit_distance(a.replace(" ", ""), b.replace(" ", ""), 1) <= 1
    differing = [i for i, (x, y) in enumerate(zip(wa, wb, strict=True)) if x != y]
    return all(i > 0 or min(len(wa[i]), len(wb[i])) >= 5 for i in differing)


def near_duplicates(names: Iterable[str], people: People, limit: int = 2) -> list[tuple[str, str]]:
    """Pairs of spellings that look like one person and that `people` does not settle (pure).

    Close in edit distance (at most `limit`, on names of 8 letters or more), or the same words
    in another order, or one identity spelled two ways when `people` has no entry for it (the
    page would show both spellings until people.yaml says which one to show).
    """
    by_identity: dict[str, str] = {}
    out = []
    for name in sorted(set(names)):
        identity = people.identity(name)
        first = by_identity.setdefault(identity, name)
        if first != name and not people.is_mapped(identity):
            out.append((first, name))
    keys = sorted(by_identity)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if not a or not b:
                continue
            swapped = sorted(a.split()) == sorted(b.split())
            close = looks_like_typo(a, b, limit)
            if swapped or close:
                out.append((by_identity[a], by_identity[b]))
    return out
