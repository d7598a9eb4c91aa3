"""data/ + content/ → the typed model, collecting every problem before giving up.

File layout (paths relative to the project root):

    data/cycles.yaml, data/cycles.gathered.yaml          the calendar (human overrides machine)
    data/projects.yaml, data/projects.gathered.yaml      the teams
    data/<cycle>/<project>/gathered.yaml                 written only by `cycle-reports gather`
    data/<cycle>/<project>/authored.yaml                 the PTL's notes, priorities, handoff …
    data/<cycle>/<project>/midcycle-<date>.yaml          a midcycle summary
    data/board/<date>.yaml                               board-meeting notes
    content/*.md                                         site-wide pages
    content/cycles/<cycle>/projects/<project>/*.md       prose for one project's cycle
    content/board/<date>.md                              prose for a board meeting
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..data import model as m
from ..data import units
from ..data.identity import with_people
from ..data.merge import merge_documents
from ..data.reader import ParsedFiles, Reader
from ..data.validate import adapter
from ..data.yamlio import MAX_BYTES, Document, Unusual, parse_plain
from ..errors import Location, Problem, Problems, did_you_mean
from .cache import EntryCache
from .rules import authored_all_private, check_names, stray_prose

T = TypeVar("T")
DATE_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIDCYCLE_FILE = re.compile(r"^midcycle-(\d{4}-\d{2}-\d{2})$")
KNOWN_IN_PROJECT_DIR = {"gathered.yaml", "authored.yaml"}


@dataclass
class Loaded:
    """The result of `load_site`: a model when there were no errors, and every problem seen."""

    site: m.Site | None
    problems: Problems = field(default_factory=Problems)
    files: list[Path] = field(default_factory=list)
    # With `load_site(..., save_cache=False)`: the entry cache, for the caller to save when it
    # has a moment (the build does it while its workers run).
    cache: EntryCache | None = None


def _report(reader: Reader, path: Path) -> m.Report | None:
    if not path.is_file() and not path.is_symlink() and not path.exists():
        return None
    text = reader.text(path)
    if text is None:
        return None
    from ..data.prose import lint

    # A private marker that does not do what the writer meant must stop `build`, not only `check`.
    reader.problems.extend(p for p in lint(text, reader.rel(path)) if p.field_path == "private")
    title = ""
    for line in text.splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            break
    return m.Report(reader.rel(path), text, title)


def _load_calendar(reader: Reader, data: Path) -> tuple[list[m.Cycle], list[m.Project]]:
    cycles: list[m.Cycle] = []
    projects: list[m.Project] = []
    for stem, kind, attr in (("cycles", m.CyclesFile, "cycles"), ("projects", m.ProjectsFile, "projects")):
        docs = [reader.read(p) for p in (data / f"{stem}.gathered.yaml", data / f"{stem}.yaml") if p.is_file()]
        present = [d for d in docs if d is not None]
        if not present:
            if not docs:
                reader.problems.add(
                    Problem(
                        Location(reader.rel(data / f"{stem}.yaml")),
                        "file not found",
                        hint=f"create it, or run `cycle-reports gather` to fill {stem}.gathered.yaml",
                    )
                )
            continue
        found: list[Problem] = []
        merged = merge_documents(present, present[-1].path, reader.keep_private, found)
        reader.problems.extend(found)
        obj = reader.build(kind, merged)
        if obj is not None:
            items = getattr(obj, attr)
            key = "name" if attr == "cycles" else "key"
            check_names(reader, merged, attr, key, items)
            if attr == "cycles":
                cycles = items
            else:
                projects = items
    cycles.sort(key=lambda c: c.calendar_day)  # stable: undated cycles keep the file's order
    return cycles, projects


def _site_pages(reader: Reader, content: Path) -> list[m.Report]:
    """content/*.md, each published at the root of every version: two on one path (index.md is
    published as about.md), or one on a page the build writes itself, is an error naming both."""
    pages: list[m.Report] = []
    published: dict[str, str] = {}
    for path in sorted(content.glob("*.md")) if content.is_dir() else ():
        report = _report(reader, path)
        if report is None:
            continue
        target = units.site_page_name(report.path)
        clash = published.get(target) or ("a page the build writes itself" if target in units.GENERATED_PAGES else "")
        if clash:
            message = f"expected a page name of its own, got one published as {target}, like {clash}"
            hint = "rename one of them: " + ", ".join(sorted(units.GENERATED_PAGES)) + " are generated"
            reader.problems.add(Problem(Location(report.path), message, hint=hint + "; index.md becomes about.md"))
            continue
        published[target] = report.path
        pages.append(report)
    return pages


def _project_dirs(
    reader: Reader, data: Path, cycles: dict[str, m.Cycle], projects: dict[str, m.Project]
) -> list[tuple[str, str, Path]]:
    found = []
    for cycle_dir in reader.subfolders(data):
        if cycle_dir.name in ("board", "schemas"):
            continue
        if _unknown(reader, cycle_dir, "cycle", cycles):
            continue
        for project_dir in reader.subfolders(cycle_dir):
            if not _unknown(reader, project_dir, "project", projects):
                found.append((cycle_dir.name, project_dir.name, project_dir))
    return found


def _unknown(reader: Reader, folder: Path, kind: str, known: Mapping[str, object], prose: bool = False) -> bool:
    """Report `folder` if its name is no known cycle (or project), with the name it was meant to be."""
    if folder.name in known:
        return False
    what = f"prose for an unknown {kind}" if prose else f"unknown {kind}"
    hint = did_you_mean(folder.name, known) or f"add it to data/{kind}s.yaml"
    reader.problems.add(Problem(Location(reader.rel(folder)), f"{what} '{folder.name}'", hint=hint))
    return True


def _load_midcycles(
    reader: Reader, folder: Path, prose_dir: Path, files: list[str]
) -> list[tuple[m.Midcycle, m.Report | None]]:
    """The folder's midcycle summaries with their prose; every YAML file's path goes to `files`."""
    midcycles: list[tuple[m.Midcycle, m.Report | None]] = []
    for path in sorted(folder.glob("*.yaml")):
        files.append(reader.rel(path))
        match = MIDCYCLE_FILE.match(path.stem)
        if path.name in KNOWN_IN_PROJECT_DIR:
            continue
        if not match:
            reader.problems.add(
                Problem(
                    Location(reader.rel(path)),
                    f"unexpected file '{path.name}'",
                    hint="expected gathered.yaml, authored.yaml or midcycle-YYYY-MM-DD.yaml",
                )
            )
            continue
        doc = reader.read(path)
        if doc is not None and _all_private(doc, reader.keep_private):
            continue
        meeting = reader.build(m.Midcycle, doc) if doc else None
        if meeting is not None:
            if meeting.date.isoformat() != match.group(1):
                reader.problems.add(
                    Problem(
                        doc.where(("date",)) if doc else Location(reader.rel(path)),
                        f"expected the date in the file name ({match.group(1)}), got {meeting.date}",
                        "date",
                    )
                )
            midcycles.append((meeting, _report(reader, prose_dir / f"{path.stem}.md")))
    return midcycles


def _load_entry(
    reader: Reader, root: Path, cycle: str, project: str, folder: Path | None
) -> m.ProjectCycleEntry | None:
    prose_dir = root / "content" / "cycles" / cycle / "projects" / project
    docs: list[Document] = []
    midcycles: list[tuple[m.Midcycle, m.Report | None]] = []
    files: list[str] = []
    if folder is not None:
        midcycles = _load_midcycles(reader, folder, prose_dir, files)
        if _left_out(reader, folder):
            return None
        fast = _read_entry_plain(reader, folder) if reader.parsed is None else None
        if fast is not None:
            retrospective = _report(reader, prose_dir / "retrospective.md")
            return m.ProjectCycleEntry(
                cycle, project, _drop_hidden(fast), retrospective, tuple(midcycles), tuple(files)
            )
        for name in ("gathered.yaml", "authored.yaml"):
            path = folder / name
            if path.is_file():
                doc = reader.read(path)
                if doc is not None:
                    docs.append(doc)
    found: list[Problem] = []
    merged = merge_documents(
        docs, docs[-1].path if docs else f"data/{cycle}/{project}/authored.yaml", reader.keep_private, found
    )
    reader.problems.extend(found)
    data = reader.build(m.ProjectCycle, merged)
    if data is None:
        return None
    data = _drop_hidden(data)
    return m.ProjectCycleEntry(
        cycle, project, data, _report(reader, prose_dir / "retrospective.md"), tuple(midcycles), tuple(files)
    )


def _read_entry_plain(reader: Reader, folder: Path) -> m.ProjectCycle | None:
    """The merged gathered + authored data of a clean entry, read without locations; else None.

    Most entries are clean, and locations are only needed to report a problem: reading without
    them saves a fifth to a quarter of a cold load. The files go through the same
    `merge_documents` and model as on the located path, only with no marks. On anything that may need a message — a file
    `parse_plain` leaves to the located reader, a `private:` mistake, data the model refuses — it
    returns None and the caller takes the located path, which reports exactly what it always did.
    """
    from pydantic import ValidationError

    docs = []
    try:
        for name in ("gathered.yaml", "authored.yaml"):
            path = folder / name
            if path.is_file():
                raw = path.read_bytes()
                if len(raw) > MAX_BYTES:
                    return None
                docs.append(Document(reader.rel(path), parse_plain(raw.decode("utf-8"))))
    except (OSError, UnicodeDecodeError, Unusual):
        return None
    found: list[Problem] = []
    merged = merge_documents(docs, "", reader.keep_private, found)
    if found or not isinstance(merged.data, dict):
        return None
    try:
        result: m.ProjectCycle = adapter(m.ProjectCycle).validate_python(merged.data)
    except ValidationError:
        return None
    reader.files.extend(folder / name for name in ("gathered.yaml", "authored.yaml") if (folder / name).is_file())
    return result


def _left_out(reader: Reader, folder: Path) -> bool:
    """An entry not loaded at all: its gathered or authored file is refused (a link out of the
    project, a loop, a folder), or, in a public build, authored.yaml says `private: true` at its
    top: the whole report (data, prose and midcycles) is then private."""
    for name in sorted(KNOWN_IN_PROJECT_DIR):
        path = folder / name
        if (path.exists() or path.is_symlink()) and reader.refused(path):
            return True
    return not reader.keep_private and authored_all_private(folder / "authored.yaml")


def _all_private(doc: Document, keep: bool) -> bool:
    """A file whose top level says `private: true` is left out of a public build entirely."""
    return not keep and isinstance(doc.data, dict) and doc.data.get("private") is True


def _drop_hidden(data: m.ProjectCycle) -> m.ProjectCycle:
    import dataclasses

    return dataclasses.replace(data, features=[f for f in data.features if not f.hidden])


def _load_board(reader: Reader, root: Path) -> list[tuple[m.BoardMeeting, m.Report | None]]:
    board_dir = root / "data" / "board"
    meetings: list[tuple[m.BoardMeeting, m.Report | None]] = []
    if not board_dir.is_dir():
        return meetings
    for path in sorted(board_dir.glob("*.yaml")):
        if not DATE_FILE.match(path.stem):
            reader.problems.add(
                Problem(
                    Location(reader.rel(path)),
                    "expected a file named YYYY-MM-DD.yaml",
                    hint="board meetings are named by their date",
                )
            )
            continue
        doc = reader.read(path)
        if doc is not None and _all_private(doc, reader.keep_private):
            continue
        meeting = reader.build(m.BoardMeeting, doc) if doc else None
        if meeting is not None and doc is not None:
            if meeting.date.isoformat() != path.stem:
                reader.problems.add(
                    Problem(doc.where(("date",)), f"expected {path.stem} (the file name), got {meeting.date}", "date")
                )
            meetings.append((meeting, _report(reader, root / "content" / "board" / f"{path.stem}.md")))
    return meetings


def load_site(
    root: Path,
    private: bool = False,
    cache_path: Path | None = None,
    parsed: ParsedFiles | None = None,
    save_cache: bool = True,
) -> Loaded:
    """Load and validate everything under `root`; every problem is collected, none raised.

    With `private`, fields and items marked `private:` in authored YAML are kept (a private build).
    With `cache_path`, unchanged project-cycle entries are reused from the previous load.
    With `parsed` (a dict the caller keeps between loads, as `serve` does), files whose path, size
    and mtime are unchanged are not parsed again.

    The garbage collector is off meanwhile: loading makes hundreds of thousands of long-lived
    objects and almost no garbage, and the collector would walk the growing heap again and again
    (at 60×33: a cold load 6.8 s → 4.6 s, unpickling the entry cache 1.1 s → 0.15 s).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = _load_site(root, private, cache_path, parsed)
        if save_cache and loaded.cache is not None:
            loaded.cache.save()
            loaded.cache = None
        return loaded
    finally:
        if collecting:
            gc.enable()


def _load_site(root: Path, private: bool, cache_path: Path | None, parsed: ParsedFiles | None) -> Loaded:
    problems = Problems()
    reader = Reader(root, problems, private, parsed)
    data = root / "data"
    if not data.is_dir():
        problems.add(Problem(Location("data"), "directory not found", hint="run the command from the project root"))
        return Loaded(None, problems)
    # 1. The calendar and the teams: everything else is checked against them.
    cycles, projects = _load_calendar(reader, data)
    by_cycle = {c.name: c for c in cycles}
    by_project = {p.key: p for p in projects}
    # 2. One entry per project and cycle that has data or prose.
    places = {(c, p): d for c, p, d in _project_dirs(reader, data, by_cycle, by_project)}
    prose_root = root / "content" / "cycles"
    if prose_root.is_dir():
        for cycle_dir in reader.subfolders(prose_root):
            for project_dir in reader.subfolders(cycle_dir / "projects"):
                key = (cycle_dir.name, project_dir.name)
                if key not in places:
                    if _unknown(reader, cycle_dir, "cycle", by_cycle, prose=True) or _unknown(
                        reader, project_dir, "project", by_project, prose=True
                    ):
                        continue
                    places[key] = None  # type: ignore[assignment]
    stray_prose(reader, prose_root, data)
    entries = []
    cache = EntryCache(cache_path, private) if cache_path else None
    for (cycle, project), folder in sorted(places.items()):
        stamp = cache.stamp(root, cycle, project, folder) if cache else ()
        entry = cache.get((cycle, project), stamp) if cache else None
        if entry is None:
            before = len(problems.items)
            entry = _load_entry(reader, root, cycle, project, folder)
            if cache and entry is not None:
                entry = dataclasses.replace(entry, stamp=stamp)
                if len(problems.items) == before:
                    cache.put((cycle, project), stamp, entry)
        if entry is not None:
            entries.append(entry)
    # 3. Board meetings and the site-wide pages.
    board = _load_board(reader, root)
    pages = _site_pages(reader, root / "content")
    if problems.errors():
        return Loaded(None, problems, reader.files, cache)
    site = m.Site(tuple(cycles), tuple(projects), tuple(entries), tuple(board), tuple(pages))
    site, found, read = with_people(site, root)  # 4. one spelling per person, as people.yaml says
    problems.extend(found)
    reader.files.extend(read)
    return Loaded(None if found else site, problems, reader.files, cache)
