"""A synthetic corpus at OpenStack scale, the same bytes for the same size and seed.

`write_corpus` lays out a complete project folder (data/, content/, theme/, mkdocs.yml) with every
project-cycle carrying gathered facts (features, core roster, reviewer statistics, backlog), the
PTL's authored notes (summary, priorities, review days, roster notes, handoff) and a retrospective
whose prose holds the data placeholders. Each project-cycle draws from its own random stream
(seeded by seed, project and cycle) and each project's PTL and core-team succession from a stream
of its own, so a smaller corpus is the first cycles of a larger one.

The `edit_*` functions make the changes the benchmark rebuilds after: a PTL correcting a feature
title and a review-day count, a feature title alone, a report template override.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.render.page import PACKAGE_TEMPLATES


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CYCLE_NAMES = _words(
    "austin bexar cactus diablo essex folsom grizzly havana icehouse juno kilo liberty mitaka newton "
    "ocata pike queens rocky stein train ussuri victoria wallaby xena yoga zed antelope bobcat "
    "caracal dalmatian epoxy flamingo gazpacho hibiscus indri"
)
PROJECT_NAMES = _words(
    "nova neutron cinder glance keystone swift horizon heat ironic octavia manila designate barbican "
    "magnum trove sahara zaqar mistral murano senlin watcher aodh ceilometer cloudkitty blazar cyborg "
    "freezer kolla kuryr masakari monasca openstack-helm openstack-ansible oslo placement "
    "puppet-openstack quality-assurance release-management requirements skyline solum storlets tacker "
    "telemetry tripleo venus vitrage zun adjutant charms infra docs i18n loci rally sunbeam karbor "
    "searchlight congress ec2-api"
)
FIRST = _words(
    "Alice Bogdan Chen Dmitri Elena Farid Greta Hiro Ines Jonas Kavya Luca Mei Nikhil Olga Pedro "
    "Quinn Rania Sven Tariq Uma Viktor Wen Ximena Yusuf Zofia"
)
LAST = _words(
    "Anders Bauer Costa Dubois Eriksen Fischer Garcia Haddad Ivanova Jansen Kowalski Lindqvist Moreau "
    "Nakamura Okafor Petrov Quiroga Rossi Schmidt Tanaka Urbanek Varga Weber Yilmaz Zhang"
)
NOUNS = _words(
    "scheduler quota volume snapshot image policy endpoint token placement migration backup replica "
    "tenant network port router firewall metadata notification upgrade gate client driver plugin API "
    "database cache websocket console flavor aggregate hypervisor share bucket zone record"
)
VERBS = _words(
    "support rework deprecate remove accelerate harden document test migrate extend simplify split "
    "validate expose batch cache schedule audit"
)
ADJECTIVES = _words(
    "live multi-region encrypted tenant-scoped asynchronous versioned stable legacy default optional "
    "granular shared federated idempotent parallel"
)
WORDS = _words(
    "the team cycle review reviews change changes spec specs core gate release milestone feature "
    "features freeze backlog we our landed missed planned agreed next PTL community contributors time "
    "work focus priorities upgrade tests docs bugs stable branch summit operators users deployment "
    "design discussion patches merged help thanks kept moved carried over early late again every week "
    "meeting IRC"
)
PHASES = ("milestone-1", "milestone-2", "milestone-3", "rc1", "feature freeze")
OUTCOMES = ("done", "done", "done", "partial", "missed", "dropped")
CYCLE_DAYS = 182
FIRST_START = dt.date(2010, 4, 22)


@dataclass(frozen=True)
class Corpus:
    """What `write_corpus` wrote: names in order and file counts, for bench.json."""

    root: Path
    cycles: tuple[str, ...]
    projects: tuple[str, ...]
    files: int
    bytes: int


def cycle_names(count: int) -> list[str]:
    names = list(CYCLE_NAMES[:count])
    names += [f"cycle{n:03d}" for n in range(len(names) + 1, count + 1)]
    return names


def project_names(count: int) -> list[str]:
    names = list(PROJECT_NAMES[:count])
    names += [f"project{n:03d}" for n in range(len(names) + 1, count + 1)]
    return names


def cycle_window(index: int) -> tuple[dt.date, dt.date]:
    start = FIRST_START + dt.timedelta(days=index * CYCLE_DAYS)
    return start, start + dt.timedelta(days=CYCLE_DAYS - 1)


def _rng(seed: int, *parts: str) -> random.Random:
    # A str seed goes through SHA-512 in random.seed (version 2): stable across runs and
    # independent of PYTHONHASHSEED.
    return random.Random("/".join([str(seed), *parts]))


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS).capitalize()} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"


def _people(seed: int, project: str, count: int = 40) -> list[str]:
    rng = _rng(seed, project, "people")
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return names


# --- the calendar and the teams ------------------------------------------------------------------


# Milestones of every cycle: (name suffix, day, last day of a window or 0, kind, title).
MILESTONES = (
    ("ptg", 14, 18, "ptg", "{Name} Project Teams Gathering"),
    ("1", 49, 0, "milestone", "{name}-1 milestone"),
    ("spec-freeze", 77, 0, "spec-freeze", "Spec approval freeze"),
    ("2", 105, 0, "milestone", "{name}-2 milestone"),
    ("3", 154, 0, "feature-freeze", "{name}-3 milestone and feature freeze"),
    ("rc1", 168, 172, "rc", "RC1 target week"),
    ("release", CYCLE_DAYS - 1, 0, "release", "{Name} release"),
)


def _status(age: int) -> str:
    """The stable-branch status of a cycle `age` cycles before the one in development."""
    for limit, status in ((0, "development"), (2, "maintained"), (4, "extended maintenance")):
        if age <= limit:
            return status
    return "end of life"


def cycles_document(names: list[str]) -> dict[str, Any]:
    cycles = []
    for index, name in enumerate(names):
        start, end = cycle_window(index)
        milestones = []
        for suffix, day, last, kind, title in MILESTONES:
            item: dict[str, Any] = {"name": f"{name}-{suffix}", "date": start + dt.timedelta(days=day)}
            if last:
                item["end"] = start + dt.timedelta(days=last)
            item.update(kind=kind, title=title.format(name=name, Name=name.title()))
            milestones.append(item)
        entry: dict[str, Any] = {"name": name, "title": name.title()}
        if index >= 26:  # Antelope (2023.1) onwards carry a release id
            entry["release_id"] = f"{2023 + (index - 26) // 2}.{1 + (index - 26) % 2}"
        entry.update(start=start, end=end, status=_status(len(names) - 1 - index), milestones=milestones)
        cycles.append(entry)
    return {"cycles": cycles}


def projects_document(seed: int, keys: list[str]) -> dict[str, Any]:
    projects = []
    for key in keys:
        rng = _rng(seed, key, "project")
        title = key.replace("-", " ").title()
        repos = [f"openstack/{key}", f"openstack/python-{key}client", f"openstack/{key}-specs"]
        repos += [f"openstack/{key}-{rng.choice(NOUNS).lower()}-{n}" for n in range(rng.randint(0, 4))]
        projects.append(
            {
                "key": key,
                "title": title,
                "service": f"{rng.choice(NOUNS).capitalize()} service",
                "mission": _sentence(rng, 12, 24),
                "repos": repos,
                "core_group": f"{key}-core",
                "launchpad": key,
                "election_dir": title.replace(" ", "_"),
                "specs_repo": f"openstack/{key}-specs",
                "irc_channel": f"openstack-{key}",
                "url": f"https://wiki.openstack.org/wiki/{title.replace(' ', '_')}",
            }
        )
    return {"projects": projects}


# --- one project's succession across cycles ----------------------------------------------------


@dataclass(frozen=True)
class Season:
    """Who led a project and who held +2 in one cycle."""

    ptl: str
    core_start: tuple[str, ...]
    core_end: tuple[str, ...]
    joined: tuple[str, ...]
    left: tuple[str, ...]


def succession(seed: int, project: str, cycles: int) -> list[Season]:
    """PTLs and core teams cycle after cycle (plus the next cycle's PTL, for the handoff)."""
    rng = _rng(seed, project, "succession")
    people = _people(seed, project)
    core = people[: rng.randint(6, 12)]
    ptl = rng.choice(core)
    seasons = []
    for _ in range(cycles + 1):
        start = tuple(core)
        # Teams drift between about 5 and 16 cores, as real ones do.
        joined = tuple(rng.sample([p for p in people if p not in core], rng.randint(0, 3 if len(core) < 12 else 1)))
        left = tuple(rng.sample([p for p in core if p != ptl], rng.randint(0, 1 if len(core) < 8 else 3)))
        core = [p for p in core if p not in left] + list(joined)
        seasons.append(Season(ptl, start, tuple(core), joined, left))
        if rng.random() < 0.4:
            ptl = rng.choice(core)
    return seasons


# --- one project-cycle -----------------------------------------------------------------------------


def gathered_document(seed: int, cycle: str, index: int, project: str, season: Season) -> dict[str, Any]:
    rng = _rng(seed, cycle, project, "gathered")
    start, end = cycle_window(index)
    as_of = end + dt.timedelta(days=30)
    features = []
    for number in range(rng.randint(4, 14)):
        title = _title(rng)
        item: dict[str, Any] = {
            "id": f"{_slug(title)}-{number}",
            "title": title,
            "description": _sentence(rng, 8, 16).rstrip(".").lower(),
        }
        if rng.random() < 0.5:
            item["links"] = [
                {
                    "title": "spec",
                    "url": f"https://specs.openstack.org/openstack/{project}-specs/"
                    f"specs/{cycle}/implemented/{item['id']}.html",
                }
            ]
        item["source"] = {"url": f"https://blueprints.launchpad.net/{project}/+spec/{item['id']}", "as_of": as_of}
        features.append(item)
    day = dt.timedelta(days=1)
    changes = []
    for kind, names in (("joined", season.joined), ("left", season.left)):
        for name in names:
            changes.append(
                {
                    "id": f"{kind}-{_slug(name)}",
                    "name": name,
                    "change": kind,
                    "date": start + rng.randint(20, CYCLE_DAYS - 10) * day,
                }
            )
    reviewers = []
    for name in sorted(set(season.core_end) | set(rng.sample(_people(seed, project), 6)))[:12]:
        total = rng.randint(20, 900)
        plus2 = rng.randint(0, total // 2) if name in season.core_end else 0
        reviewers.append(
            {
                "name": name,
                "reviews": total,
                "minus2": rng.randint(0, 5),
                "minus1": rng.randint(0, total // 4),
                "plus1": rng.randint(0, total // 3),
                "plus2": plus2,
                "approvals": plus2 // 2,
                "disagreements": rng.randint(0, 30),
                "core": name in season.core_end,
            }
        )
    backlog_start = rng.randint(50, 900)
    return {
        "ptl": season.ptl,
        "as_of": as_of,
        "features": features,
        "roster": {
            "group": f"{project}-core",
            "start": list(season.core_start),
            "end": list(season.core_end),
            "changes": changes,
            "source": {"url": f"https://review.opendev.org/admin/groups/{project}-core,members", "as_of": as_of},
        },
        "reviewers": reviewers,
        "backlog": {
            "start": backlog_start,
            "end": max(0, backlog_start + rng.randint(-200, 200)),
            "merged": rng.randint(100, 2000),
            "abandoned": rng.randint(0, 300),
            "source": {"url": f"https://review.opendev.org/q/project:openstack/{project}", "as_of": as_of},
        },
    }


def authored_document(
    seed: int, cycle: str, index: int, project: str, seasons: list[Season], cycle_count: int
) -> dict[str, Any]:
    rng = _rng(seed, cycle, project, "authored")
    start, _ = cycle_window(index)
    season, upcoming = seasons[index], seasons[index + 1]
    next_cycle = cycle_names(cycle_count)[index + 1] if index + 1 < cycle_count else ""
    priorities = []
    for number in range(rng.randint(3, 6)):
        title = _title(rng)
        outcome = rng.choice(OUTCOMES)
        item: dict[str, Any] = {
            "id": f"p{number}-{_slug(title)}",
            "title": title,
            "outcome": outcome,
            "reason": _sentence(rng, 10, 25),
        }
        if outcome in ("partial", "missed") and next_cycle:
            item["carried_to"] = next_cycle
        if rng.random() < 0.3:
            item["links"] = [
                {"title": "spec review", "url": f"https://review.opendev.org/c/{rng.randint(10_000, 99_999)}"}
            ]
        priorities.append(item)
    review_days = []
    for number, offset in enumerate(sorted(rng.sample(range(30, CYCLE_DAYS - 10), rng.randint(2, 4)))):
        participants = rng.sample(list(season.core_end), min(len(season.core_end), rng.randint(3, 8)))
        before = rng.randint(40, 400)
        review_days.append(
            {
                "id": f"review-day-{number + 1}",
                "date": start + dt.timedelta(days=offset),
                "milestone": rng.choice(PHASES),
                "focus": _sentence(rng, 4, 9).rstrip("."),
                "reviews": rng.randint(20, 300),
                "merged": rng.randint(5, 120),
                "participants": participants,
                "backlog_before": before,
                "backlog_after": max(0, before - rng.randint(0, 80)),
            }
        )
    document: dict[str, Any] = {
        "summary": _paragraph(rng, 3),
        "priorities": priorities,
        "review_days": review_days,
        "roster": {"notes": _paragraph(rng, 2)},
    }
    if upcoming.ptl != season.ptl:
        document["handoff"] = {
            "outgoing": season.ptl,
            "incoming": upcoming.ptl,
            "date": cycle_window(index)[1] - dt.timedelta(days=rng.randint(5, 40)),
            "note": _paragraph(rng, 2),
            "open_threads": [_sentence(rng, 6, 12) for _ in range(rng.randint(2, 5))],
            "ask": [
                {"name": name, "about": _sentence(rng, 3, 7).rstrip(".").lower()}
                for name in rng.sample(list(season.core_end), min(3, len(season.core_end)))
            ],
        }
    return document


def retrospective_text(seed: int, cycle: str, project: str) -> str:
    rng = _rng(seed, cycle, project, "prose")
    sections = [
        f"# {project.replace('-', ' ').title()} {cycle.title()}: passing the torch",
        _paragraph(rng, 5),
        _paragraph(rng, 4),
        "## Completed features",
        _paragraph(rng, 4),
        "<!-- data: features -->",
        "## Community and core team",
        "<!-- data: roster -->",
        _paragraph(rng, 5),
        "## Priorities",
        _paragraph(rng, 6),
        "<!-- data: priorities -->",
        "## Review backlog",
        _paragraph(rng, 4),
        "<!-- data: backlog -->",
        "## Review days",
        _paragraph(rng, 3),
        "<!-- data: review-days -->",
        "## What did not go well",
        _paragraph(rng, 5),
        "<!-- data: priorities missed -->",
        "## To the next PTL",
        _paragraph(rng, 6),
        _paragraph(rng, 4),
        # The overview links to #handing-over; strict builds check the anchor.
        "## Handing over",
        _paragraph(rng, 3),
        "<!-- data: handoff -->",
    ]
    return "\n\n".join(sections) + "\n"


# --- writing -----------------------------------------------------------------------------------


# libyaml's emitter when PyYAML has it: the full corpus is written in seconds instead of ~20 s.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _write(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def write_corpus(root: Path, repo: Path, projects: int, cycles: int, seed: int) -> Corpus:
    """Write a fresh corpus into `root` (emptied first), with mkdocs.yml and theme/ from `repo`."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(repo / "theme", root / "theme")
    cycle_list, project_list = cycle_names(cycles), project_names(projects)
    files, size = 0, 0
    size += _write(root / "data" / "cycles.yaml", dump(cycles_document(cycle_list)))
    size += _write(root / "data" / "projects.yaml", dump(projects_document(seed, project_list)))
    size += _write(
        root / "content" / "index.md",
        "# About these reports\n\nA synthetic corpus written by `python -m bench`.\n",
    )
    files += 3
    for project in project_list:
        seasons = succession(seed, project, cycles)
        for index, cycle in enumerate(cycle_list):
            folder = root / "data" / cycle / project
            size += _write(
                folder / "gathered.yaml", dump(gathered_document(seed, cycle, index, project, seasons[index]))
            )
            size += _write(
                folder / "authored.yaml", dump(authored_document(seed, cycle, index, project, seasons, cycles))
            )
            size += _write(
                root / "content" / "cycles" / cycle / "projects" / project / "retrospective.md",
                retrospective_text(seed, cycle, project),
            )
            files += 3
    return Corpus(root, tuple(cycle_list), tuple(project_list), files, size)


# --- the edits the benchmark rebuilds after ----------------------------------------------------


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def edit_title_and_review_day(root: Path, cycle: str, project: str) -> None:
    """A PTL corrects a feature title (by id, in authored.yaml) and a review day's review count."""
    gathered = _load(root / "data" / cycle / project / "gathered.yaml")
    authored_path = root / "data" / cycle / project / "authored.yaml"
    authored = _load(authored_path)
    first = gathered["features"][0]
    authored["features"] = [{"id": first["id"], "title": first["title"] + " (corrected)"}]
    authored["review_days"][0]["reviews"] += 17
    authored_path.write_text(dump(authored), encoding="utf-8")


def edit_title(root: Path, cycle: str, project: str) -> None:
    """A PTL corrects a feature title only: no headline figure changes."""
    gathered = _load(root / "data" / cycle / project / "gathered.yaml")
    authored_path = root / "data" / cycle / project / "authored.yaml"
    authored = _load(authored_path)
    first = gathered["features"][0]
    authored["features"] = [{"id": first["id"], "title": first["title"] + " (reworded)"}]
    authored_path.write_text(dump(authored), encoding="utf-8")


def write_template_override(root: Path, templates: Path = PACKAGE_TEMPLATES) -> Path:
    """Override the features block from theme/ (what a site owner does to restyle a report)."""
    source = (templates / "blocks" / "features.md.j2").read_text(encoding="utf-8")
    target = root / "theme" / "blocks" / "features.md.j2"
    target.parent.mkdir(parents=True, exist_ok=True)
    marked = source.replace("\n- **", "\n- :material-check: **", 1)
    if marked == source:  # the built-in template changed shape: still make every page differ
        marked = "*Completed in this cycle:*\n\n" + source
    target.write_text("{#- Site override: features carry a check mark. -#}\n" + marked, encoding="utf-8")
    return target
