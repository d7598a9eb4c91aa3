"""Render keys and fingerprints: whether a unit must be rendered again, and whether its pages
changed. Every key the build compares is computed here.

A unit's render key digests everything its renderer reads (`render.page.cross_cycle_inputs`,
`render.history.project_inputs`, the unit's own entries) plus the code and templates that shape
pages: exactly the folders in `stamp.RENDERING_CODE`, so editing an author tool, a command or the
CLI re-renders nothing. The fingerprint digests a unit's generated pages and config: equal
fingerprints mean mkdocs has nothing new to build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..data import model as m
from ..data.siteurl import site_url
from ..data.units import project_of
from ..render.cycle import cross_cycle_inputs
from ..render.history import project_inputs
from . import stamp
from .stamp import RENDERING_CODE, tool_versions


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and content under `folder`."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cycle_fingerprint(pages: dict[str, str], config_text: str, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(config_text.encode())
    for path in sorted(pages):
        digest.update(path.encode() + b"\0" + pages[path].encode() + b"\0")
    return digest.hexdigest()


def render_key(site: m.Site, cycle: m.Cycle, templates: str, common: str | None = None) -> str:
    """A digest of everything `render_cycle` reads for `cycle`, so unchanged cycles skip rendering.

    Other cycles enter only through `cross_cycle_inputs`: the calendar, which cycles each project
    reported in, the board meetings' dates. Editing one cycle's data therefore re-renders that
    version and the project's history site (render/history.py), never the other versions.
    `common` is `common_inputs(site)`, the same for every cycle: pass it when keying them all.
    """
    digest = hashlib.sha256(templates.encode())
    digest.update((common if common is not None else common_inputs(site)).encode())
    digest.update(repr(cycle).encode())
    digest.update(repr([(e.project, e.identity) for e in site.entries_for(cycle.name)]).encode())
    window = [b for b in site.board if cycle.start and cycle.end and cycle.start <= b[0].date <= cycle.end]
    digest.update(repr(window).encode())
    return digest.hexdigest()


def common_inputs(site: m.Site) -> str:
    """What every version reads alike: the calendar, the teams, the site pages, the site's shape."""
    shape = cross_cycle_inputs(site)
    return repr(([(c.name, c.label, c.start) for c in site.cycles], site.projects, site.pages, shape))


def project_key(site: m.Site, project: str, templates: str) -> str:
    """The render key of `project`'s history site: another project's edit never touches it."""
    digest = hashlib.sha256(templates.encode())
    digest.update(repr(project_inputs(site, project)).encode())
    return digest.hexdigest()


def code_digest() -> str:
    """The code and templates that shape rendered pages (`RENDERING_CODE`): a change to them
    re-renders every unit; a change anywhere else in the package re-renders none."""
    digest = hashlib.sha256()
    for folder in RENDERING_CODE:
        for path in sorted((stamp.PACKAGE / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(stamp.PACKAGE).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def shared_inputs(root: Path, private: bool) -> str:
    """What every unit's fingerprint shares: the tools' versions, the shared mkdocs.yml, the
    Material overrides, public or private."""
    return "|".join(
        [
            tool_versions(),
            (root / "mkdocs.yml").read_text(encoding="utf-8"),
            tree_digest(root / "theme" / "overrides"),
            f"private={private}",
        ]
    )


def unit_keys(site: m.Site, root: Path, units: list[str], shared: str) -> dict[str, str]:
    """The render key of each unit: the shared inputs, the page-shaping code, the report-template
    overrides under theme/, the site's address, and what the unit's renderer reads."""
    templates = "|".join([shared, code_digest(), tree_digest(root / "theme"), site_url(root)])
    common = common_inputs(site)
    keys: dict[str, str] = {}
    for unit in units:
        project = project_of(unit)
        if project is not None:
            keys[unit] = project_key(site, project, templates)
        else:
            keys[unit] = render_key(site, site.cycle(unit), templates, common)
    return keys
