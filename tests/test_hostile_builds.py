"""The second hostile round (issue 14), against the real `cycle-reports build` in subprocesses.

- Gathered labels with control characters and Markdown or HTML payloads: no link, handler or tag
  of theirs in any page (class 1).
- `build --private` and `build --force` SIGKILLed before, during and after the swap, then a normal
  build: the site is complete, public only, and the command says what it recovered (classes 2, 8).
- A completed private build's output is refused by `scan` (class 2).
- Two builds at once: the second is refused with a clear message (class 9).
- Cycles with capital letters removed from the calendar are removed from the site (class 10).
- A new CYCLE_REPORTS_SITE_URL rebuilds, and the feed carries it (class 17).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.tools.scan import scan_site

REPO = Path(__file__).resolve().parents[1]
SECRET = "Zanzibar-secret-7731"
PRIVATE_FIELD = "Quokka-private-reason-42"

FILES = {
    "data/cycles.yaml": """\
        cycles:
          - name: mitaka
            start: 2015-10-16
            end: 2016-04-07
          - name: newton
            start: 2016-04-08
            end: 2016-10-06
        """,
    "data/projects.yaml": "projects:\n  - key: glance\n",
    "data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n",
    "data/newton/glance/gathered.yaml": "ptl: John Doe\n",
    "data/newton/glance/authored.yaml": f"""\
        priorities:
          - id: p1
            title: Public priority
            outcome: missed
            reason: {PRIVATE_FIELD}
            private: [reason]
        """,
    "content/cycles/newton/projects/glance/retrospective.md": f"""\
        # Newton retrospective

        Public words.

        <!-- private -->
        {SECRET}
        <!-- /private -->
        """,
    "content/cycles/mitaka/projects/glance/retrospective.md": f"""\
        # Mitaka retrospective

        ````
        ```
        ````

        <!-- private -->
        {SECRET} after a fence
        <!-- /private -->
        """,
}
UNITS = ("mitaka", "newton", "history/glance")


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")


def command(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def everything(site: Path) -> str:
    import gzip

    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        parts.append((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project, built publicly once (each test works on a copy)."""
    root = tmp_path_factory.mktemp("hostile-builds") / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    write(root, FILES)
    done = command(root, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def project(built_once: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_once, root, symlinks=True)
    # the manifest names the site by its path: point it at the copy
    manifest = root / "site.manifest.json"
    manifest.write_text(manifest.read_text().replace(str(built_once), str(root)))
    return root


def assert_public_and_whole(root: Path) -> None:
    site = root / "site"
    text = everything(site)
    assert SECRET not in text and PRIVATE_FIELD not in text
    assert scan_site(site) == [], [p.render() for p in scan_site(site)]
    for unit in UNITS:
        assert (site / unit / "index.html").is_file(), unit
    assert not [p for p in site.rglob("*") if p.name.startswith((".tmp-", ".old-"))]
    assert '"mitaka"' in (site / "versions.json").read_text() and '"newton"' in (site / "versions.json").read_text()


# --- classes 2 and 8: builds killed at every point of the swap ------------------------------------------

PAUSED = """\
import os, sys, time
from pathlib import Path
import generator.build.pipeline as pipeline
import generator.build.workers as workers

point = os.environ["PAUSE_AT"]

def pause():
    print("paused", flush=True)
    time.sleep(300)

if point == "building":  # the first unit is built into .tmp-<unit>, not yet swapped in
    real_build = workers._build_one
    def build(config, tmp, epoch):
        result = real_build(config, tmp, epoch)
        pause()
        return result
    workers._build_one = build
elif point == "swapping":  # the old unit moved aside, the new one not yet in its place
    real_rename = Path.rename
    def rename(self, target):
        result = real_rename(self, target)
        if Path(target).name.startswith(".old-"):
            pause()
        return result
    Path.rename = rename
elif point == "swapped":  # every unit swapped in, nothing of the version tree or manifest written
    def place(*args, **kwargs):
        pause()
    pipeline.place_version_tree = place

from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def kill_at(root: Path, point: str, *args: str) -> None:
    """Run `build ARGS`, and SIGKILL it once it reaches `point`."""
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSED, "-C", str(root), "build", "--quiet", "--jobs", "1", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PAUSE_AT": point},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "paused", child.stderr.read() if child.stderr else line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["building", "swapping", "swapped"])
def test_a_killed_private_build_leaves_nothing_private_after_the_next_build(project: Path, point: str) -> None:
    """Class 2: whatever point a private build is killed at, the next public build rebuilds what it
    touched, says what it recovered, and the site is public and whole."""
    kill_at(project, point, "--private")
    leftovers = [p.name for p in (project / "site").iterdir() if p.name.startswith((".tmp-", ".old-"))]
    if point in ("building", "swapping"):
        assert leftovers, "the kill did not land where it was meant to"
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "unchanged 3" not in done.stdout
    if leftovers:
        assert "recovered:" in done.stderr, done.stderr
    assert_public_and_whole(project)


@pytest.mark.parametrize("point", ["building", "swapping", "swapped"])
def test_a_killed_force_build_loses_no_cycle(project: Path, point: str) -> None:
    """Class 8: a `--force` build killed at any point: the next build restores or rebuilds every unit,
    and versions.json lists every cycle."""
    kill_at(project, point, "--force")
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    if point == "swapping":
        assert "recovered: restored" in done.stderr, done.stderr
    assert_public_and_whole(project)


def test_a_finished_private_build_is_refused_by_scan_and_undone_by_a_public_build(project: Path) -> None:
    """Class 2: a private build's pages carry a mark `scan` refuses, even with every marker stripped."""
    done = command(project, "build", "--quiet", "--jobs", "1", "--private")
    assert done.returncode == 0, done.stderr
    assert SECRET in everything(project / "site")
    findings = scan_site(project / "site")
    assert {p.location.path.split("/")[1] for p in findings} >= {"mitaka", "newton", "history", "feed.xml"}
    assert all("private build" in p.message for p in findings)
    scanned = command(project, "scan")
    assert scanned.returncode == 1 and "private build" in scanned.stderr
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert_public_and_whole(project)


# --- class 9: two builds at once --------------------------------------------------------------------------


@pytest.mark.parametrize("second", [("build",), ("build", "--force"), ("build", "--private")])
def test_a_second_build_meanwhile_is_refused(project: Path, second: tuple[str, ...]) -> None:
    """Class 9: while one build runs, another is refused at once, naming the holder; nothing of the
    first is disturbed, and the next build completes."""
    (project / "data/mitaka/glance/gathered.yaml").write_text("ptl: Someone Else\n")
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSED, "-C", str(project), "build", "--quiet", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PAUSE_AT": "building"},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "paused"
        done = command(project, *second, "--quiet", "--jobs", "1")
        assert done.returncode == 1
        assert re.search(r"another build is running into .*site \(process \d+ holds", done.stderr), done.stderr
        assert "Traceback" not in done.stderr
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "Someone Else" in (project / "site/mitaka/projects/glance/index.html").read_text()
    assert_public_and_whole(project)


# --- class 10: removed cycles, whatever their case -------------------------------------------------------


def test_removed_cycles_with_capital_letters_are_removed_from_the_site(project: Path) -> None:
    """Class 10: the unit-name rule is the model's: `Leaked`, `MiXed.2`, `UP_case` go when dropped."""
    names = ("Leaked", "MiXed.2", "UP_case")
    cycles = (project / "data/cycles.yaml").read_text()
    # Each with a schedule: a cycle with nothing recorded gets no version (load/published.py).
    extra = "".join(
        f"  - name: {n}\n    start: 2017-0{i + 1}-01\n    milestones: [{{name: m, date: 2017-0{i + 1}-02}}]\n"
        for i, n in enumerate(names)
    )
    (project / "data/cycles.yaml").write_text(cycles + extra)
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert all((project / "site" / n / "index.html").is_file() for n in names)
    (project / "data/cycles.yaml").write_text(cycles)
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert not [n for n in names if (project / "site" / n).exists()]
    assert all(n not in (project / "site/versions.json").read_text() for n in names)


# --- class 17: the site's address from the environment -------------------------------------------------


def test_a_new_site_url_rebuilds_and_reaches_the_feed(project: Path) -> None:
    """Class 17: changing CYCLE_REPORTS_SITE_URL alone rebuilds; the feed and pages carry the new address."""
    url = "https://reports.example.net/cycles/"
    done = command(project, "build", "--quiet", "--jobs", "1", env={"CYCLE_REPORTS_SITE_URL": url})
    assert done.returncode == 0, done.stderr
    assert "unchanged 3" not in done.stdout
    assert url in (project / "site/feed.xml").read_text()
    assert url + "newton/" in (project / "site/newton/index.html").read_text()


# --- class 1: hostile labels through the real build -------------------------------------------------------

LABELS = [
    "Nova\x7f [docs](javascript:alert(document.domain))",
    "*x*{: onmouseover=alert(1) }\x85",
    "<img src=x onerror=alert(1)>\x9b",
    "\u202egnp.exe [y](vbscript:msgbox(1))\u2028",
]


class Tags(HTMLParser):
    """Every attribute name and every (tag, src) pair a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[str] = []
        self.sources: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [name for name, _ in attrs]
        self.sources += [(tag, value) for name, value in attrs if name == "src"]


def test_hostile_labels_with_control_characters_publish_no_markup(project: Path) -> None:
    """Class 1: project and cycle titles holding control characters and Markdown/HTML payloads reach
    no page as a link, an event handler or a tag; every page has its front matter read (its title)."""

    def esc(text: str) -> str:
        return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)

    write(
        project,
        {
            "data/projects.gathered.yaml": f'projects:\n  - key: glance\n    title: "{esc(LABELS[0])}"\n'
            f'    mission: "{esc(LABELS[2])}"\n',
            "data/cycles.gathered.yaml": f'cycles:\n  - name: mitaka\n    title: "{esc(LABELS[1])}"\n'
            f'  - name: newton\n    title: "{esc(LABELS[3])}"\n',
        },
    )
    done = command(project, "build", "--quiet", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    for page in (project / "site").rglob("*.html"):
        html = page.read_text()
        assert not re.search(r"""href=["']?\s*(?:javascript|vbscript|data):""", html, re.I), page
        tags = Tags()
        tags.feed(html)
        assert not [a for a in tags.attributes if a.startswith("on")], page
        assert ("img", "x") not in tags.sources, page
        assert not re.search("[\x7f-\x9f\u2028\u202e]", html), page
        assert "title: " not in html, page  # front matter was never published as text
    assert scan_site(project / "site") == []
