"""Reproducible builds: the same inputs give a byte-identical site, dated by the data, never the clock.

The demo project is copied to two folders at different depths and built by the real command in
two processes that differ in everything that should not matter: the folder, PYTHONHASHSEED and
the number of parallel builds. Every output file is compared by hash; a difference is reported
by file, with the first line that differs.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.demo import copy_demo

REPO = Path(__file__).resolve().parents[1]
EPOCH = 1_000_000_000  # 2001-09-09T01:46:40Z: no data or clock date can be mistaken for it
# The cycles of the demo that hold every kind of page: board meetings (icehouse), a written
# retrospective (mitaka), authored data (newton), a midcycle (pike).
CYCLES = ("icehouse", "mitaka", "newton", "pike")


def build(root: Path, env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(root), "build", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED")}
    return {**env, **values}


def hashes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def first_difference(a: Path, b: Path) -> str:
    """Where two versions of a file part ways: the first differing line (unpacked when gzipped)."""
    left, right = a.read_bytes(), b.read_bytes()
    if a.suffix == ".gz":
        header = "gzip header differs; " if left[:10] != right[:10] else ""
        left, right = gzip.decompress(left), gzip.decompress(right)
    else:
        header = ""
    for number, (x, y) in enumerate(zip(left.splitlines(), right.splitlines(), strict=False), 1):
        if x != y:
            return f"{header}line {number}: {x[:100]!r} != {y[:100]!r}"
    return f"{header}lengths {len(left)} != {len(right)}"


def test_the_same_inputs_built_twice_give_byte_identical_sites(tmp_path: Path) -> None:
    """Two folders, two hash seeds, one and two parallel builds: every file of the two sites is identical."""
    first = copy_demo(tmp_path / "a")
    second = copy_demo(tmp_path / "deeper" / "path" / "b")
    selection = [arg for name in CYCLES for arg in ("--cycle", name)]
    build(first, environment(SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="1"), "--jobs", "1", *selection)
    build(second, environment(SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="2"), "--jobs", "2", *selection)
    one, two = hashes(first / "site"), hashes(second / "site")
    assert sorted(one) == sorted(two), sorted(set(one) ^ set(two))
    assert sum(name.endswith(".html") for name in one) > 40, "too little was built to mean anything"
    differing = [name for name in one if one[name] != two[name]]
    report = [f"{name}: {first_difference(first / 'site' / name, second / 'site' / name)}" for name in differing]
    assert not differing, "\n".join(report)
    assert str(first) not in "".join(p.read_text(errors="replace") for p in (first / "site").rglob("*.html"))


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A one-cycle project whose data holds no recent date."""
    root = tmp_path / "tiny"
    files = {
        "data/cycles.yaml": "cycles:\n  - name: mitaka\n    start: 2015-10-16\n    end: 2016-04-07\n",
        "data/projects.yaml": "projects:\n  - key: glance\n",
        "data/mitaka/glance/authored.yaml": "ptl: Flavio Percoco\nas_of: 2016-04-07\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def gzip_mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): struct.unpack("<I", p.read_bytes()[4:8])[0] for p in site.rglob("*.gz")}


def test_dates_in_the_output_come_from_source_date_epoch(tiny: Path) -> None:
    """With SOURCE_DATE_EPOCH set, the sitemap's lastmod and the gzip timestamps are that day."""
    build(tiny, environment(SOURCE_DATE_EPOCH=str(EPOCH)))
    site = tiny / "site"
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "mitaka" / "sitemap.xml").read_text()))
    assert lastmods == {"2001-09-09"}
    stamps = set(gzip_mtimes(site).values())
    assert stamps and stamps <= {EPOCH, EPOCH - EPOCH % 86400}, stamps


def test_without_source_date_epoch_no_date_from_the_clock_reaches_the_site(tiny: Path) -> None:
    """Unset, dates still come from the data: nothing built today carries today's (or yesterday's) date."""
    build(tiny, environment())
    now = dt.datetime.now(dt.UTC)
    days = {now.date(), (now - dt.timedelta(days=1)).date()}
    words = (
        {d.isoformat() for d in days}
        | {f"{d.day} {d:%B %Y}" for d in days}
        | {f"{d:%B} {d.day}, {d.year}" for d in days}
    )
    site = tiny / "site"
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", errors="replace")
        found += [f"{path.relative_to(site)}: {word}" for word in words if word in text]
    recent = now.timestamp() - 3 * 86400
    found += [f"{name}: gzip mtime {stamp}" for name, stamp in gzip_mtimes(site).items() if stamp > recent]
    assert not found, "\n".join(found)
