"""No lost words, no half-written output: faults injected into builds, writes and gathers.

- A cycle whose build fails (mkdocs --strict, a theme override that raises, a worker killed, a
  rename that fails) keeps its previous `site/<cycle>/` byte for byte; the other cycles still
  build; the command exits non-zero naming the cycle, without a traceback.
- A build killed outright leaves every previous site intact, and the next build completes.
- `write_text_atomic` killed or failing halfway leaves the old file whole.
- A gather killed halfway leaves every file either as it was or as the finished gather writes it;
  a second gather meanwhile is refused with a clear message.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.data.yamlio import write_text_atomic
from generator.load.site import load_site

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures"
CYCLES = ("liberty", "mitaka", "newton")
BROKEN = "mitaka"


def gathered(cycle: str, ptl: str) -> dict[str, str]:
    return {f"data/{cycle}/glance/gathered.yaml": f"ptl: {ptl}\n"}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_build(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["-C", str(root), "build", "--quiet", *args])
    return code, capsys.readouterr().err


@pytest.fixture
def built(make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> Path:
    """Three cycles built once, successfully; then every cycle's data changes so each must rebuild."""
    files: dict[str, str] = {}
    for cycle in CYCLES:
        files |= gathered(cycle, f"First PTL of {cycle}")
    root = make_project(files)
    code, err = run_build(root, capsys, "--jobs", "1")
    assert code == 0, err
    for cycle in CYCLES:
        (root / f"data/{cycle}/glance/gathered.yaml").write_text(f"ptl: Second PTL of {cycle}\n")
    return root


def assert_only_broken_cycle_failed(root: Path, before: dict[str, str], code: int, err: str) -> None:
    """The broken cycle's site is untouched, the others carry the new data, the exit and message say so."""
    site = root / "site"
    assert code == 1
    assert "Traceback" not in err, err[-3000:]
    assert BROKEN in err and "FAILED" in err, err[-3000:]
    assert snapshot(site / BROKEN) == before, f"site/{BROKEN}/ changed although its build failed"
    for cycle in CYCLES:
        if cycle != BROKEN:
            page = (site / cycle / "projects" / "glance" / "index.html").read_text()
            assert f"Second PTL of {cycle}" in page, f"{cycle} was not rebuilt"
    assert not [p.name for p in site.iterdir() if p.name.startswith((".tmp-", ".old-"))]
    assert BROKEN in (site / "versions.json").read_text()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cycle_failing_mkdocs_strict_keeps_its_previous_site_and_the_others_build(
    built: Path, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken link makes `mkdocs --strict` fail for one cycle only; fixing it rebuilds that cycle."""
    before = snapshot(built / "site" / BROKEN)
    prose = built / f"content/cycles/{BROKEN}/projects/glance/retrospective.md"
    prose.parent.mkdir(parents=True)
    prose.write_text("# Retrospective\n\nSee [the plan](no-such-page.md).\n")
    code, err = run_build(built, capsys, "--jobs", jobs)
    assert_only_broken_cycle_failed(built, before, code, err)
    # The failed cycle is retried on the next build, even though its pages did not change since.
    prose.write_text("# Retrospective\n\nAll links fixed.\n")
    code, err = run_build(built, capsys, "--jobs", jobs)
    assert code == 0, err
    assert "All links fixed." in (built / f"site/{BROKEN}/projects/glance/retrospective/index.html").read_text()


def test_a_theme_override_that_raises_for_one_cycle_fails_only_that_cycle(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exception inside the theme (not an mkdocs error) is caught per cycle: the same guarantees hold."""
    before = snapshot(built / "site" / BROKEN)
    main_html = built / "theme" / "overrides" / "main.html"
    text = main_html.read_text()
    assert "{% block extrahead %}" in text
    main_html.write_text(
        text.replace(
            "{% block extrahead %}",
            "{% block extrahead %}{% if config.site_url.endswith('/"
            + BROKEN
            + "/') %}{{ this_cycle_fails() }}{% endif %}",
        )
    )
    code, err = run_build(built, capsys, "--jobs", "1")
    assert_only_broken_cycle_failed(built, before, code, err)


KILLER = """\
import os, signal
PARENT = {parent}
def on_config(config):
    if config.site_url.endswith("/{cycle}/") and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_build_worker_killed_fails_only_its_cycle(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A worker process killed mid-build (out of memory, a crash in a plugin) takes down its own cycle only."""
    before = snapshot(built / "site" / BROKEN)
    hook = built / "killer.py"
    hook.write_text(KILLER.format(parent=os.getpid(), cycle=BROKEN))
    with (built / "mkdocs.yml").open("a") as config:
        config.write(f"\nhooks:\n  - {hook}\n")
    code, err = run_build(built, capsys, "--jobs", "2")
    assert_only_broken_cycle_failed(built, before, code, err)


def test_a_build_killed_outright_leaves_every_previous_site_intact(built: Path) -> None:
    """SIGKILL of the whole command in the middle of a build: each site/<cycle>/ is still the last good one."""
    before = {cycle: snapshot(built / "site" / cycle) for cycle in CYCLES}
    hook = built / "killer.py"
    hook.write_text(KILLER.format(parent=0, cycle=BROKEN))  # kills whichever process builds mitaka
    config = built / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original + f"\nhooks:\n  - {hook}\n")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(built), "build", "--quiet", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL
    assert {cycle: snapshot(built / "site" / cycle) for cycle in CYCLES} == before
    config.write_text(original)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(built), "build", "--quiet", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for cycle in CYCLES:
        assert f"Second PTL of {cycle}" in (built / "site" / cycle / "projects" / "glance" / "index.html").read_text()
    assert not [p.name for p in (built / "site").iterdir() if p.name.startswith((".tmp-", ".old-"))]


def test_a_rename_failing_while_swapping_in_keeps_the_previous_site(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If moving the new site into place fails (disk full, permissions), the old site stays where readers see it."""
    before = snapshot(built / "site" / BROKEN)
    real_rename = Path.rename

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name == f".tmp-{BROKEN}":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    code, err = run_build(built, capsys, "--jobs", "1")
    assert snapshot(built / "site" / BROKEN) == before, f"site/{BROKEN}/ is gone or changed"
    assert code == 1 and BROKEN in err and "Traceback" not in err


# --- atomic writes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["replace", "fsync", "write"])
def test_a_failing_atomic_write_leaves_the_old_file_whole_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """The rename, the flush to disk or the write itself failing: the old content stays, the temp file goes."""
    target = tmp_path / "gathered.yaml"
    target.write_text("ptl: Old\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if fault == "write":
        real_fdopen = os.fdopen

        def fdopen(*args: object, **kwargs: object) -> object:
            handle = real_fdopen(*args, **kwargs)  # type: ignore[call-overload]
            handle.write = fail
            return handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(os, fault, fail)
    with pytest.raises(OSError):
        write_text_atomic(target, "ptl: New\n" + "# padding\n" * 10_000)
    assert target.read_text() == "ptl: Old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gathered.yaml"]


WRITER = """\
import os, sys, time
from pathlib import Path
from generator.data.yamlio import write_text_atomic

target, pause_at = Path(sys.argv[1]), int(sys.argv[2])
real_replace = os.replace
calls = [0]

def replace(src, dst):
    calls[0] += 1
    if calls[0] == pause_at:  # the new text is fully written to the temp file, not yet renamed
        print("paused", flush=True)
        time.sleep(60)
    real_replace(src, dst)

os.replace = replace
for version in range(1, 1000):
    write_text_atomic(target, f"ptl: Version {version}\\n" + "# padding line\\n" * 50_000)
"""


def test_a_writer_killed_mid_write_leaves_the_previous_version_whole(make_project: Callable[..., Path]) -> None:
    """SIGKILL between writing the temp file and the rename: the file is the previous version, complete,
    and the loader ignores the stray temp file."""
    root = make_project(gathered("mitaka", "Version 0"))
    target = root / "data/mitaka/glance/gathered.yaml"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), "5"], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "paused"
    finally:
        child.kill()
        child.wait(timeout=30)
    text = target.read_text()
    assert text.startswith("ptl: Version 4\n") and text.count("# padding line\n") == 50_000
    strays = [p.name for p in target.parent.iterdir() if p.name != "gathered.yaml"]
    assert len(strays) == 1 and strays[0].endswith(".tmp"), strays  # proof the kill landed mid-write
    loaded = load_site(root)
    assert loaded.site and not loaded.problems.items, [p.render() for p in loaded.problems.items]
    assert next(e for e in loaded.site.entries if e.cycle == "mitaka").data.ptl == "Version 4"


# --- a gather killed halfway, and a second gather meanwhile --------------------------------------------


def _gather_missing() -> str:
    if (
        importlib.util.find_spec("generator.gather") is None
        or importlib.util.find_spec("generator.commands.gather") is None
    ):
        return "generator.gather does not exist yet"
    return "" if FIXTURES.is_dir() else f"shared fixtures not found at {FIXTURES}"


GATHER_PAUSED = """\
import os, sys, time
real_replace = os.replace
calls = [0]

def replace(src, dst):
    calls[0] += 1
    if calls[0] == int(os.environ["PAUSE_AT"]):
        print("paused", flush=True)
        time.sleep(120)
    real_replace(src, dst)

os.replace = replace
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(bool(_gather_missing()), reason=_gather_missing() or "available")
def test_a_killed_gather_leaves_every_file_whole_and_a_second_gather_is_refused(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Gather paused mid-way (lock held): a second gather is refused and writes nothing; the first is then
    killed: every file is its old or its new version, whole; the next gather finishes the job."""
    root = make_project(
        {
            "data/queens/glance/authored.yaml": "summary: Written by the PTL.\n",
            "content/cycles/queens/projects/glance/retrospective.md": "# Queens\n\nMy words.\n",
        },
        base=False,
    )
    args = [
        "-C",
        str(root),
        "gather",
        "releases",
        "governance",
        "election",
        "--from",
        f"releases={FIXTURES / 'openstack-releases'}",
        "--from",
        f"governance={FIXTURES / 'openstack-governance'}",
        "--from",
        f"election={FIXTURES / 'openstack-election'}",
        "--project",
        "glance",
        "--all-cycles",
        "--quiet",
        "--as-of",
        "2026-11-22",
    ]
    human = {
        p: p.read_bytes()
        for p in (
            root / "data/queens/glance/authored.yaml",
            root / "content/cycles/queens/projects/glance/retrospective.md",
        )
    }
    assert main(args) == 0
    new = {p: p.read_bytes() for p in (root / "data").rglob("*gathered.yaml")}
    assert len(new) >= 8
    old = {p: data + b"# from the previous gather\n" for p, data in new.items()}
    for path, data in old.items():
        path.write_bytes(data)
    child = subprocess.Popen(
        [sys.executable, "-c", GATHER_PAUSED, *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PAUSE_AT": "4"},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "paused"
        # 1. A second gather while the first holds the lock: refused at once, nothing written.
        capsys.readouterr()
        started = time.monotonic()
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "another gather is running" in err and "Traceback" not in err, err
        assert time.monotonic() - started < 10
    finally:
        child.kill()
        child.wait(timeout=30)
    # 2. The first gather, killed while renaming its fourth file: some files new, the rest old, none torn.
    now = {p: p.read_bytes() for p in new}
    assert all(now[p] in (old[p], new[p]) for p in new), [str(p) for p in new if now[p] not in (old[p], new[p])]
    renamed = sum(now[p] == new[p] for p in new)
    assert 0 < renamed < len(new), f"{renamed} of {len(new)} files renamed: the kill did not land mid-gather"
    assert {p: p.read_bytes() for p in human} == human
    loaded = load_site(root)
    assert not [p for p in loaded.problems.items if "gathered" in p.location.path], [
        p.render() for p in loaded.problems.items
    ]
    # 3. The lock died with the process: the next gather runs and completes the job.
    assert main(args) == 0
    assert {p: p.read_bytes() for p in new} == new
    assert {p: p.read_bytes() for p in human} == human


def test_write_text_atomic_is_what_every_writer_uses() -> None:
    """No module of the tool writes a file in place (benchmark scratch corpora aside): every write is temp + rename."""
    in_place = ("write_text(", "write_bytes(", "open(")
    offenders = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if "bench" in path.parts or path.stem == "bench" or path.name in ("yamlio.py", "atomic.py"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(call in code for call in in_place) and ('"w' in code or "write_" in code):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)
