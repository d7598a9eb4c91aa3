"""A project's specs repository: the cycle's priorities against the specs that were implemented.

`priorities/<series>-priorities.rst` (a list-table, or a grid table in old cycles) names each
priority and links its spec. Where the spec file sits today says how the priority went:

| spec file found in                                  | outcome | carried_to / reason                |
|-----------------------------------------------------|---------|------------------------------------|
| `specs/<series>/implemented/` (or nova `redirects`)  | done    |                                    |
| a later series (approved or implemented)            | missed  | that series; "implemented in …"    |
| `specs/untargeted/` or `specs/backlog/`             | missed  | "moved to specs/untargeted"        |
| `specs/abandoned/`                                  | dropped | "moved to specs/abandoned"         |
| still `specs/<series>/approved/`                    | missed  | only when that series moved others to implemented/ |

Anything else (no spec linked, a review URL that matches no file, a series that never moves
files out of approved/) is not guessed: the priority is kept with outcome `unknown` (it was
named in the priorities file, so it was planned), and a warning names the `authored.yaml` item
that settles it. A priority whose link is a review URL is matched to a spec file by its title
when the words clearly agree.

The specs implemented in the cycle (`specs/<series>/implemented/`, or nova's `redirects` lines
pointing into `../implemented/`) become features `spec-<file>`, titled by the spec's heading
(or its file name when only `redirects` names it). They stand in for release highlights: when
the cycle has highlights (`hl-` features), the combined file keeps those and leaves these out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..data import model as m
from . import rst
from .calendar import Series
from .location import LocalRepo, Location
from .names import slug, title_words, unique_ids
from .results import Contribution, Selection, SourceResult

if TYPE_CHECKING:
    from .context import Context

ASIDE = ("untargeted", "backlog", "abandoned")


@dataclass(frozen=True)
class Place:
    folder: str
    index: int | None  # position of the series in the calendar; None for the aside folders
    state: str  # approved | implemented | untargeted | backlog | abandoned
    path: str


@dataclass(frozen=True)
class Verdict:
    outcome: str  # done | missed | dropped | "" (undetermined)
    carried_to: str = ""
    reason: str = ""


class SpecsSource:
    name: ClassVar[str] = "specs"
    id_prefixes: ClassVar[dict[str, str]] = {"priorities": "spec-", "features": "spec-"}

    def gather(self, ctx: Context, selection: Selection) -> SourceResult:
        result = SourceResult(self.name)
        for project in selection.projects:
            where = specs_location(ctx, project, len(selection.projects))
            if where is None:
                continue
            series = ctx.series()
            index = build_index(where.files("specs", expire_after=ctx.expiry()), series)
            for s in selection.series:
                redirects, redirects_source = fetch_redirects(ctx, where, s)
                features = build_features(ctx, where, s, series, index, redirects, redirects_source, project)
                provides = {"features"} if features else set()
                priorities: list[m.Priority] = []
                found = fetch_priorities(ctx, where, s)
                if found is not None:
                    text, source = found
                    priorities, unknown = build_priorities(text, s, series, index, redirects, source)
                    authored = f"data/{s.name}/{project}/authored.yaml"
                    for item in unknown:
                        ctx.warn(
                            f"specs: {project} {s.name}: '{item.title}' kept with outcome unknown (no spec file "
                            f"says how it went); settle it in {authored}: "
                            f"`priorities: [{{id: {item.id}, outcome: done}}]` (or partial, missed, dropped)"
                        )
                    provides.add("priorities")
                if provides:
                    data = m.ProjectCycle(priorities=priorities, features=features)
                    result.contributions.append(Contribution(s.name, project, data, frozenset(provides)))
        return result


def specs_location(ctx: Context, project: str, how_many: int) -> Location | None:
    base = ctx.base("specs")
    if base.startswith(("http://", "https://")):
        return ctx.location("specs", project)
    path = Path(base.replace("{project}", project)).expanduser()
    if (path / f"{project}-specs").is_dir():
        path = path / f"{project}-specs"
    elif "{project}" not in base and how_many > 1 and path.name != f"{project}-specs":
        ctx.warn(f"specs: no {project}-specs checkout under {base}; skipped")
        return None
    return LocalRepo("specs", f"openstack/{project}-specs", path.resolve(), ctx.now)


def fetch_priorities(ctx: Context, where: Location, series: Series) -> tuple[str, m.Source] | None:
    expire = ctx.expiry(series)
    for folder in dict.fromkeys(n for n in (series.name, series.release_id) if n):
        got = where.read(f"priorities/{folder}-priorities.rst", expire_after=expire, missing_ok=True)
        if got is not None:
            return got.text, got.source
    return None


def fetch_redirects(ctx: Context, where: Location, series: Series) -> tuple[list[str], m.Source | None]:
    """Nova's `specs/<series>/redirects` lines (moved specs), or none."""
    expire = ctx.expiry(series)
    for folder in dict.fromkeys((series.folder_id, series.name)):
        got = where.read(f"specs/{folder}/redirects", expire_after=expire, missing_ok=True)
        if got is not None:
            return got.text.splitlines(), got.source
    return [], None


def implemented_stems(here: int, index: dict[str, list[Place]], redirects: list[str]) -> dict[str, str]:
    """Stem → path of every spec implemented in series number `here` (the path is "" when only
    `redirects` names it), in file-name order (pure)."""
    found: dict[str, str] = {}
    for stem, places in index.items():
        for place in places:
            if place.index == here and place.state == "implemented":
                found.setdefault(stem, place.path)
    for line in redirects:
        parts = line.split()
        if len(parts) == 2 and "/implemented/" in f"/{parts[1]}" and parts[1].endswith(".rst"):
            found.setdefault(parts[1].rsplit("/", 1)[-1].removesuffix(".rst"), "")
    return dict(sorted(found.items()))


def spec_title(text: str) -> str:
    """The first section title of a spec (the line above the first `====`/`----` underline)."""
    lines = text.splitlines()
    for i in range(1, len(lines)):
        mark = lines[i].strip()
        above = lines[i - 1].strip()
        underline = len(mark) >= 3 and len(set(mark)) == 1 and mark[0] in "=-~*#" and len(mark) >= len(above) - 2
        if above and underline and set(above) != {mark[0]}:  # not the overline of a title
            return rst.plain(above)
    return ""


ACRONYMS = {"api", "db", "pci", "numa", "vm", "uuid", "id", "ossn", "wsgi", "rbac", "vgpu", "sriov", "tls", "ssl"}


def _stem_title(stem: str) -> str:
    words = stem.replace("_", "-").split("-")
    out = [w.upper() if w in ACRONYMS else w for w in words]
    return " ".join(out)[:1].upper() + " ".join(out)[1:]


def build_features(
    ctx: Context,
    where: Location,
    series: Series,
    calendar: list[Series],
    index: dict[str, list[Place]],
    redirects: list[str],
    redirects_source: m.Source | None,
    project: str,
) -> list[m.Feature]:
    """The specs implemented in `series` as features (their heading as title when the file is there)."""
    here = next(i for i, s in enumerate(calendar) if s.name == series.name)
    expire = ctx.expiry(series)
    features = []
    for stem, path in implemented_stems(here, index, redirects).items():
        got = where.read(path, expire_after=expire, missing_ok=True) if path else None
        title = (spec_title(got.text) if got else "") or _stem_title(stem)
        url = f"https://specs.openstack.org/openstack/{project}-specs/specs/{series.folder_id}/implemented/{stem}.html"
        features.append(
            m.Feature(
                id=f"spec-{stem}",
                title=title,
                links=[m.Link(title="Spec", url=url)],
                source=got.source if got else redirects_source,
            )
        )
    return features


def build_index(paths: list[str], series: list[Series]) -> dict[str, list[Place]]:
    """Spec stem → every place a file of that name sits (pure)."""
    position = {}
    for i, s in enumerate(series):
        position[s.name] = i
        if s.release_id:
            position[s.release_id] = i
    index: dict[str, list[Place]] = {}
    for path in paths:
        parts = path.split("/")
        if len(parts) < 3 or parts[0] != "specs" or not parts[-1].endswith(".rst"):
            continue
        stem = parts[-1].removesuffix(".rst")
        if stem in ("index", "template", "README"):
            continue
        folder = parts[1]
        if folder in ASIDE:
            place = Place(folder, None, folder, path)
        elif len(parts) >= 4 and parts[2] in ("approved", "implemented") and folder in position:
            place = Place(folder, position[folder], parts[2], path)
        else:
            continue
        index.setdefault(stem, []).append(place)
    return index


def _spec_stems(urls: list[str]) -> list[str]:
    stems = []
    for url in urls:
        path = url.split("#", 1)[0].split("?", 1)[0]
        if "/specs/" in f"/{path}" and path.endswith((".html", ".rst")):
            stems.append(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return list(dict.fromkeys(stems))


def _redirected(stem: str, redirects: list[str]) -> tuple[bool, str]:
    """(implemented?, new stem) from nova's `redirects`: `approved/x.rst ../implemented/x.rst`."""
    for line in redirects:
        parts = line.split()
        if len(parts) == 2 and parts[0].rsplit("/", 1)[-1] == f"{stem}.rst":
            target = parts[1].rsplit("/", 1)[-1].removesuffix(".rst")
            return "/implemented/" in f"/{parts[1]}", target
    return False, stem


def judge(stem: str, here: int, series: list[Series], index: dict[str, list[Place]], redirects: list[str]) -> Verdict:
    """Where the spec `stem` of series number `here` went (see the module's table)."""
    implemented, stem = _redirected(stem, redirects)
    places = index.get(stem, [])
    if implemented or any(p.index == here and p.state == "implemented" for p in places):
        return Verdict("done")
    later = sorted((p for p in places if p.index is not None and p.index > here), key=lambda p: (p.index, p.state))
    if later:
        first = later[0]
        assert first.index is not None
        done = [p for p in later if p.state == "implemented"]
        where = series[done[0].index].name.title() if done and done[0].index is not None else ""
        reason = f"implemented in {where}" if where else f"re-proposed for {series[first.index].name.title()}"
        return Verdict("missed", series[first.index].name, reason)
    aside = [p for p in places if p.index is None]
    if aside:
        state = aside[0].state
        return Verdict("dropped" if state == "abandoned" else "missed", "", f"moved to specs/{state}")
    if any(p.index == here for p in places):
        moves_files = any(p.index == here and p.state == "implemented" for ps in index.values() for p in ps)
        if moves_files:
            return Verdict("missed", "", "left in approved/, not implemented this cycle")
    return Verdict("")


def _by_title(title: str, here: int, index: dict[str, list[Place]]) -> str:
    """A spec stem whose words clearly agree with the title (`Fix OSSN-0075` ~ `mitigate-ossn-0075`)."""
    words = set(slug(title).split("-")) - {"the", "a", "an", "of", "to", "and", "for", "in"}
    numbered = {w for w in words if any(ch.isdigit() for ch in w)}
    best: list[tuple[float, str]] = []
    for stem, places in index.items():
        if not any(p.index is None or p.index >= here for p in places):
            continue
        theirs = set(stem.split("-"))
        shared = words & theirs
        if len(shared) < 2 or not numbered <= theirs:
            continue
        best.append((len(shared) / len(words | theirs), stem))
    best.sort(reverse=True)
    if best and best[0][0] >= 0.5 and (len(best) == 1 or best[1][0] < best[0][0]):
        return best[0][1]
    return ""


def _rows(text: str) -> list[list[str]]:
    rows = rst.list_table(text, "Priority")
    if not rows:
        grid = rst.grid_table(text)
        rows = grid if grid and grid[0] and grid[0][0].lower().startswith("priority") else []
    return rows[1:]


def build_priorities(
    text: str,
    series: Series,
    calendar: list[Series],
    index: dict[str, list[Place]],
    redirects: list[str],
    source: m.Source,
) -> tuple[list[m.Priority], list[m.Priority]]:
    """Every priority of the file with its outcome, and those whose outcome cannot be told
    (kept with outcome `unknown`) (pure)."""
    here = next(i for i, s in enumerate(calendar) if s.name == series.name)
    refs = rst.targets(text)
    rows: list[tuple[str, str, Verdict, list[m.Link]]] = []
    for row in _rows(text):
        title = rst.plain(row[0]) if row else ""
        if not title:
            continue
        urls = [url for _, url in rst.references("\n".join(row), refs)]
        linked = _spec_stems(urls)
        known = [s for s in linked if s in index or _redirected(s, redirects)[0]]
        stems = known or [s for s in [_by_title(title, here, index)] if s]
        verdicts = [judge(s, here, calendar, index, redirects) for s in stems]
        decided = [v for v in verdicts if v.outcome]
        if not decided and redirects:
            # Nova's table links a section of the same file; its specs of this cycle tell, since
            # `redirects` lists every spec the cycle implemented (one left in approved/ was not).
            decided = _section_verdicts(text, title, refs, series, here, calendar, index, redirects)
        verdict = _combine(decided) if decided else Verdict("unknown")
        links = [m.Link(title="Spec", url=u) for u in urls if "/specs/" in u and u.startswith(("http://", "https://"))]
        rows.append(((stems or linked or [""])[0], title, verdict, links))
    ids = unique_ids(f"spec-{stem or title_words(title)}" for stem, title, *_ in rows)
    priorities = [
        m.Priority(
            id=i,
            title=title,
            outcome=_outcome(v.outcome),
            carried_to=v.carried_to,
            reason=v.reason,
            links=links,
            source=source,
        )
        for i, (_, title, v, links) in zip(ids, rows, strict=True)
    ]
    return priorities, [p for p in priorities if p.outcome == "unknown"]


def _section_verdicts(
    text: str,
    title: str,
    refs: dict[str, str],
    series: Series,
    here: int,
    calendar: list[Series],
    index: dict[str, list[Place]],
    redirects: list[str],
) -> list[Verdict]:
    body = _section_body(text, title)
    folders = {f"/specs/{n}/approved/" for n in (series.name, series.release_id) if n}
    out = []
    for _, url in rst.references(body, refs):
        if not any(f in f"/{url}" for f in folders) or not url.endswith((".html", ".rst")):
            continue
        stem = url.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        verdict = judge(stem, here, calendar, index, redirects)
        out.append(
            verdict
            if verdict.outcome
            else Verdict("missed", "", f"spec {stem} not implemented (not in specs/{series.folder_id}/redirects)")
        )
    return out


def _section_body(text: str, title: str) -> str:
    """The text of the section titled `title` (case-insensitive), up to the next title of any level."""
    lines = text.splitlines()
    wanted = " ".join(title.lower().split())
    for i in range(len(lines) - 1):
        if " ".join(lines[i].lower().split()) == wanted and rst._UNDERLINE.match(lines[i + 1]):
            end = i + 2
            while end < len(lines) - 1 and not (lines[end].strip() and rst._UNDERLINE.match(lines[end + 1])):
                end += 1
            return "\n".join(lines[i + 2 : end])
    return ""


def _combine(verdicts: list[Verdict]) -> Verdict:
    if all(v.outcome == "done" for v in verdicts):
        return verdicts[0]
    if any(v.outcome == "done" for v in verdicts):
        rest = next(v for v in verdicts if v.outcome != "done")
        return Verdict("partial", rest.carried_to, rest.reason)
    return next(v for v in verdicts if v.outcome != "done")


def _outcome(value: str) -> Any:
    return value if value in ("done", "partial", "missed", "dropped") else "unknown"
