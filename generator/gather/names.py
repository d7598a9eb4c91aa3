"""Keys, ids and people's names as the gathered files spell them.

Every source spells a team differently (`glance` in governance today, `Glance` in 2015,
`Quality Assurance` / `Quality_Assurance` / `OpenStack-Helm` / `OpenStack_Helm` between governance
and the election repository). One slug function maps them all to the project key used under
`data/`, so no per-source lookup table is needed; `Project.election_dir` overrides the rare miss.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_NON_WORD = re.compile(r"[^a-z0-9]+")
# An address, or one percent-encoded inside a URL (`pdeore%40redhat.com`).
EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_IRC_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


def slug(text: str, limit: int = 0) -> str:
    """`Quality_Assurance` → `quality-assurance`; accents folded; optionally cut at a word edge."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _NON_WORD.sub("-", folded.lower()).strip("-")
    if limit and len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] if "-" in out[:limit] else out[:limit]
    return out


def team_key(name: str) -> str:
    """The project key for a team name from any source."""
    return slug(name)


def team_title(name: str, *texts: str) -> str:
    """How a team is spelled for a reader. A name governance wrote with capitals stays as it is
    (`OpenStackAnsible`, `I18n`); a lower-case key (`cloudkitty`, `ec2-api`, `tripleo`) takes the
    capitals its own block spells it with — its service line, mission or wiki address
    (`CloudKitty`, `EC2 API`, `TripleO`) — the most frequent spelling, else the first; a name no
    text capitalises gets a capital first letter only (`Zun`), never capitals inside it."""
    if name != name.lower():
        return name
    parts = [re.escape(p) for p in re.split(r"[-_ ]+", name) if p]
    pattern = re.compile(r"(?<![\w-])" + r"[-_ ]?".join(parts) + r"(?![\w-])", re.IGNORECASE)
    found = Counter(
        hit.group(0) for text in texts if text for hit in pattern.finditer(text) if hit.group(0) != hit.group(0).lower()
    )
    if found:
        return max(found, key=lambda spelled: (found[spelled], -list(found).index(spelled)))
    return name[:1].upper() + name[1:]


def title_words(text: str, words: int = 6) -> str:
    """A short slug from the first words of a title, for ids that survive reordering."""
    return slug(" ".join(text.split()[:words]), limit=48) or "item"


def unique_ids(bases: Iterable[str]) -> list[str]:
    """`[a, b, a]` → `[a, b, a-2]`: ids stay stable as long as the text they come from does."""
    seen: dict[str, int] = {}
    out = []
    for base in bases:
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def person(name: str) -> str:
    """`Nikhil Komawar (nikhil_k)` → `Nikhil Komawar`; never returns an e-mail address."""
    cleaned = _IRC_SUFFIX.sub("", " ".join(name.split()))
    return "" if EMAIL.search(cleaned) else cleaned


def has_email(text: str) -> bool:
    return bool(EMAIL.search(text))


def scrub_email(text: str) -> str:
    """Remove anything that looks like an e-mail address (a last guard before writing)."""
    return EMAIL.sub("[address removed]", text)
