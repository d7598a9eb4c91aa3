"""One name per person across the loaded site: `data/people.yaml` plus the folding of `people`.

`load` calls `apply_people` after every entry is read, so every page (PTL succession, rosters,
reviewers, handoffs, candidacies) shows one spelling per person: the `people.yaml` name, else
the fullest spelling any source used (a copy that lost its capitals or accents, "rene ribaud"
of "René Ribaud", never wins), and among equally full ones the most recent spelling governance
used (PTL names are the most authoritative source), else the most recent of any source (gather
writes its files by the same rule, `gather.pipeline.one_spelling`). `check` calls
`check_near_duplicates`: two names that still look like one person (a letter or two apart, or
the same words in another order) and that `people.yaml` does not map are a warning with the
entry to add; `check_lowercase_names` notes each name no source wrote with a capital (the site
shows it as written, never with capitals guessed), with the entry that would fix it.

```yaml
# data/people.yaml (yours; gather never writes it)
people:
  - name: Chunyang Wu          # the spelling to show
    aliases: [wu chunyang]     # other spellings of the same person
    irc: [wucy]                # IRC nicks (never a placeholder such as "TBD")
```
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem
from . import model as m
from .people import People, Person, is_placeholder, near_duplicates
from .reader import load_document
from .spelling import degraded

PATH = "data/people.yaml"


def load_people(root: Path) -> tuple[People, list[Problem]]:
    """`data/people.yaml` as a `People` (empty when the file is absent), and its problems."""
    path = root / PATH
    if not path.is_file():
        return People(), []
    found, problems = load_document(path, m.PeopleFile, root)
    if found is None:
        return People(), problems
    entries = tuple(
        Person(p.name, tuple(p.aliases), tuple(n for n in p.irc if not is_placeholder(n))) for p in found.people
    )
    return People(entries), problems


def with_people(site: m.Site, root: Path) -> tuple[m.Site, list[Problem], list[Path]]:
    """The site as `data/people.yaml` spells its people, the file's problems, the file read.

    Without the file the site is returned as it is: entries stay unread until a page uses them
    (gather already writes one spelling per person for what governance and election name).
    """
    path = root / PATH
    if not path.is_file():
        return site, [], []
    people, problems = load_people(root)
    if problems:
        return site, problems, [path]
    stat = path.stat()
    return apply_people(site, people, ((PATH, stat.st_size, stat.st_mtime_ns),)), [], [path]


def _names(data: m.ProjectCycle) -> Iterator[tuple[str, bool]]:
    """Every person's name in an entry, with True for the PTL names (governance, the authority)."""
    r = data.roster
    yield from ((n, False) for n in (*r.start, *r.end, *r.steady, *(c.name for c in r.changes)))
    yield from ((x.name, False) for x in data.reviewers)
    yield from ((c.name, False) for c in data.candidacies)
    yield from ((n, False) for d in data.review_days for n in d.participants)
    if data.handoff:
        yield from ((n, False) for n in (data.handoff.outgoing, data.handoff.incoming or "") if n)
    if data.leadership:
        yield from ((x.name, True) for x in data.leadership.leaders)
    if data.ptl:
        yield data.ptl, True


def learn(people: People, entries: tuple[m.ProjectCycleEntry, ...], order: dict[str, int]) -> None:
    """Feed every spelling in cycle order, the PTL names as the more authoritative source."""
    for entry in sorted(entries, key=lambda e: order.get(e.cycle, 0)):
        learn_one(people, entry.data)


def learn_one(people: People, data: m.ProjectCycle) -> None:
    """Feed one entry's spellings (callers go oldest cycle first): PTL names outrank the rest."""
    for name, ptl in _names(data):
        people.prefer((name,), authority=1 if ptl else 0)


def rename(data: m.ProjectCycle, show: Callable[[str], str]) -> m.ProjectCycle:
    """The entry with every person's name replaced by the one spelling shown."""
    r = data.roster
    roster = dataclasses.replace(
        r,
        start=[show(n) for n in r.start],
        end=[show(n) for n in r.end],
        steady=[show(n) for n in r.steady],
        changes=[dataclasses.replace(c, name=show(c.name)) for c in r.changes],
    )
    changes: dict[str, object] = {
        "roster": roster,
        "reviewers": [dataclasses.replace(x, name=show(x.name)) for x in data.reviewers],
        "candidacies": [dataclasses.replace(c, name=show(c.name)) for c in data.candidacies],
        "review_days": [
            dataclasses.replace(d, participants=[show(n) for n in d.participants]) for d in data.review_days
        ],
    }
    if data.ptl:
        changes["ptl"] = show(data.ptl)
    if data.handoff:
        h = data.handoff
        changes["handoff"] = dataclasses.replace(
            h,
            outgoing=show(h.outgoing),
            incoming=show(h.incoming) if h.incoming else h.incoming,
            ask=[dataclasses.replace(c, name=show(c.name)) for c in h.ask],
        )
    if data.leadership:
        lead = data.leadership
        changes["leadership"] = dataclasses.replace(
            lead, leaders=[dataclasses.replace(x, name=show(x.name)) for x in lead.leaders]
        )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def apply_people(site: m.Site, people: People, stamp: tuple[tuple[str, int, int], ...] = ()) -> m.Site:
    """The site with one spelling per person; `stamp` (people.yaml's) joins each entry's stamp."""
    order = {c.name: i for i, c in enumerate(site.cycles)}
    learn(people, site.entries, order)
    entries = []
    for entry in site.entries:
        data = rename(entry.data, people.display)
        changed = data != entry.data
        if changed or stamp:
            entry = dataclasses.replace(entry, data=data, stamp=entry.stamp + stamp if entry.stamp else ())
        entries.append(entry)
    return dataclasses.replace(site, entries=tuple(entries))


@dataclass
class _Place:
    """Where a name is shown: its first file, its latest cycle's index and file, in how many
    entries, and whether governance gave it as a PTL's name (the more authoritative source)."""

    first: str
    latest: tuple[int, str]
    entries: int = 0
    ptl: bool = False


def _places(site: m.Site) -> dict[str, _Place]:
    """Every name shown, with where and how often."""
    places: dict[str, _Place] = {}
    order = {c.name: i for i, c in enumerate(site.cycles)}
    for entry in site.entries:
        index, path = order.get(entry.cycle, 0), _entry_file(entry)
        seen: set[str] = set()
        for name, ptl in _names(entry.data):
            place = places.setdefault(name, _Place(path, (index, path)))
            if index >= place.latest[0]:
                place.latest = (index, path)
            place.ptl |= ptl
            if name not in seen:
                place.entries += 1
                seen.add(name)
    return places


def _rank(name: str, other: str, place: _Place) -> tuple[bool, bool, bool, int, int, str]:
    """The spelling to show of two, highest last: the fuller, then a PTL's, the commoner, the newer."""
    return (not degraded(name, other), name != name.lower(), place.ptl, place.entries, place.latest[0], name)


def check_near_duplicates(site: m.Site, people: People) -> list[Problem]:
    """Warn about two spellings that look like one person and that people.yaml does not map.

    The entry suggested shows the fuller spelling (capitals, accents), else the one governance
    gave as a PTL's, else the one more entries use, else the most recent: never a typo that
    happens to sort first."""
    places = _places(site)
    problems = []
    for a, b in near_duplicates(sorted(places), people):
        older, newer = sorted((a, b), key=lambda n: _rank(n, b if n == a else a, places[n]))
        problems.append(
            Problem(
                Location(places[older].first),
                f"'{older}' and '{newer}' (in {places[newer].first}) look like one person",
                "people",
                f"if they are, add to {PATH}:\n      people:\n        - name: {newer}\n          aliases: [{older}]",
                "warning",
            )
        )
    return problems


def check_lowercase_names(site: m.Site, people: People) -> list[Problem]:
    """A note for each name no source ever wrote with a capital, with the people.yaml entry to add.

    The site shows such a name as it was written (a capital guessed could be wrong: "suzhengwei",
    "geng chc"); only the person, through people.yaml, can say how they write it.
    """
    latest = {name: place.latest for name, place in _places(site).items()}
    # A name in a near-duplicate pair already has its warning, with the entry to add.
    paired = {n for pair in near_duplicates(sorted(latest), people) for n in pair}
    problems = []
    for name, (_, path) in sorted(latest.items()):
        if name != name.lower() or not any(c.isalpha() for c in name) or name in paired:
            continue
        if people.is_mapped(people.identity(name)):
            continue
        guess = " ".join(w[:1].upper() + w[1:] for w in name.split())
        problems.append(
            Problem(
                Location(path),
                f"'{name}' is shown in lower case: no source spells it otherwise",
                "people",
                f"if the person writes it otherwise (perhaps '{guess}'; ask them), add to {PATH}:\n"
                f"      people:\n        - name: {guess}\n          aliases: [{name}]",
                "note",
            )
        )
    return problems


def _entry_file(entry: m.ProjectCycleEntry) -> str:
    for name in ("authored.yaml", "gathered.yaml"):
        path = f"data/{entry.cycle}/{entry.project}/{name}"
        if path in entry.files:
            return path
    return f"data/{entry.cycle}/{entry.project}"
