"""Release dates from a git clone of releases: a repository built in a temporary folder from the
real deliverable files, committed version by version with set committer dates; a plain folder
gives no dates and no empty column; a shallow or broken clone says so in one line."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from gather_support import make_options

from generator.cli import main
from generator.gather import git
from generator.gather.pipeline import run_gather
from generator.gather.release_dates import version_of

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
QUEENS = "deliverables/queens"
D = dt.date


def run_git(repo: Path, *args: str, when: str = "") -> str:
    extra = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    ident = ["-c", "user.name=fixture", "-c", "user.email=fixture@example.org"]
    done = subprocess.run(
        ["git", "-C", str(repo), *ident, *args], check=True, capture_output=True, text=True, env={**ENV, **extra}
    )
    return done.stdout


def commit(repo: Path, message: str, when: str) -> None:
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", message, when=when)


def with_releases(real: str, count: int) -> str:
    """The real file as it stood when it held only its first `count` releases (keys in its order)."""
    data = yaml.safe_load(real)
    data["releases"] = data["releases"][:count]
    data.pop("branches", None)
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    """openstack-releases as a git history: Glance's Queens file grows one release request at a
    time, rc1 arriving through a merge, then the file is rewritten twice; glance_store is renamed;
    every other file arrives in the first commit with all its versions (an import)."""
    repo = tmp_path_factory.mktemp("releases") / "releases"
    shutil.copytree(fixtures / "openstack-releases", repo)
    glance = (repo / QUEENS / "glance.yaml").read_text()
    store = repo / QUEENS / "glance-store.yaml"
    store.rename(repo / QUEENS / "glance_store.yaml")
    run_git(repo, "init", "-q", "-b", "master")

    def release(count: int, when: str, message: str = "") -> None:
        (repo / QUEENS / "glance.yaml").write_text(with_releases(glance, count))
        commit(repo, message or f"glance release {count}", when)

    release(1, "2017-10-19T10:00:00+00:00", "everything, and glance's first beta")
    (repo / QUEENS / "glance_store.yaml").rename(store)
    release(2, "2017-12-07T09:00:00+00:00", "glance b2; glance_store renamed")
    release(3, "2018-01-25T09:00:00+00:00")
    run_git(repo, "checkout", "-q", "-b", "side")
    release(4, "2018-02-01T09:00:00+00:00", "glance rc1, written a week before it merged")
    run_git(repo, "checkout", "-q", "master")
    # Merged late on 7 February in California: 8 February in UTC.
    run_git(repo, "merge", "-q", "--no-ff", "-m", "merge rc1", "side", when="2018-02-07T23:30:00-08:00")
    release(5, "2018-02-15T09:00:00+00:00")
    release(6, "2018-02-21T09:00:00+00:00")
    release(7, "2018-02-28T09:00:00+00:00", "glance 16.0.0")
    (repo / QUEENS / "glance.yaml").write_text(glance)  # the real file: a rewrite, plus 16.0.1
    commit(repo, "glance 16.0.1, file rewritten", "2018-06-01T12:00:00+00:00")
    (repo / QUEENS / "glance.yaml").write_text(yaml.safe_dump(yaml.safe_load(glance), sort_keys=True, indent=4))
    commit(repo, "reformat", "2019-01-01T12:00:00+00:00")
    return repo


def gather_queens(root: Path, fixtures: Path, releases: Path) -> tuple[dict[str, Any], list[str]]:
    options = make_options(
        root,
        fixtures,
        "releases",
        cycles=("queens",),
        locations={"releases": str(releases), "governance": str(fixtures / "openstack-governance")},
    )
    report = run_gather(options)
    data = yaml.safe_load((root / "data/queens/glance/gathered.yaml").read_text())
    return {d["id"]: d for d in data["released"]}, report.warnings


def test_each_version_is_dated_by_the_mainline_commit_that_first_added_it(
    project: Path, fixtures: Path, clone: Path
) -> None:
    released, warnings = gather_queens(project, fixtures, clone)
    assert warnings == []
    glance = released["glance"]
    assert glance["dates"] == {
        "16.0.0.0b1": "2017-10-19",
        "16.0.0.0b2": "2017-12-07",
        "16.0.0.0b3": "2018-01-25",
        "16.0.0.0rc1": "2018-02-08",  # the merge's day in UTC, not the side commit's 1 February
        "16.0.0.0rc2": "2018-02-15",
        "16.0.0.0rc3": "2018-02-21",
        "16.0.0": "2018-02-28",
        "16.0.1": "2018-06-01",  # the rewrites of June and January moved none of the others
    }
    assert "queens-eol" not in glance["dates"]  # lifecycle tags are not releases
    # Renamed from glance_store.yaml: its one version keeps the day it was first added.
    assert released["glance-store"]["dates"] == {"0.23.0": "2017-10-19"}
    # Four versions written down in one commit are a record of earlier releases: no day for them.
    assert released["python-glanceclient"]["versions"] == ["2.9.0", "2.9.1", "2.10.0", "2.10.1"]
    assert "dates" not in released["python-glanceclient"]


def test_the_page_the_data_block_and_the_export_show_the_dates(
    project: Path, fixtures: Path, clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.load.site import load_site
    from generator.render.cycle import render_cycle
    from generator.render.history import render_project
    from tests.empty_cells import HIDDEN, findings

    gather_queens(project, fixtures, clone)
    site = load_site(project, save_cache=False).site
    assert site is not None
    pages = render_cycle(site, site.cycle("queens"), None)
    page = HIDDEN.sub("", pages["projects/glance/index.md"]).replace("\\", "")
    assert "| service | cycle-with-milestones | 16.0.0 | 28 February 2018 |" in page  # the Released block
    assert "| client-library | cycle-with-intermediary | 2.9.1 | — | 2.9.0, 2.9.1, 2.10.0, 2.10.1 |" in page
    assert "- **Released:** 3 deliverables, 13 releases; glance 16.0.0 on 28 February 2018\n" in page  # at a glance
    assert "Released 3 deliverables, 16.0.0 on 28 February 2018 ([list]" in pages["index.md"].replace("\\", "")
    assert "16.0.0.0b1 (2017-10-19), 16.0.0.0b2 (2017-12-07)" in page and "16.0.1 (2018-06-01)" in page
    said = "3 deliverables and 13 releases, 9 of them dated by the commit that added each to its file, "
    assert said + "from 19 October 2017 to 1 June 2018, as listed in openstack/releases.[^s" in page
    assert "[^s2]: [openstack/releases/deliverables/queens](" in page  # the series folder, cited once
    assert findings({k: v for k, v in pages.items() if k.startswith("projects/glance/")}) == []
    history = render_project(site, "glance", None)["index.md"]
    assert "| Cycle | Deliverables | Releases | Cycle's release on |" in history
    assert "| Queens | 3 | 13 | 28 February 2018 |" in history
    assert main(["-C", str(project), "export", "--format", "json"]) == 0
    exported = __import__("json").loads(capsys.readouterr().out)
    glance = next(e for e in exported["entries"] if e["cycle"] == "queens")["data"]["released"][0]
    assert glance["dates"]["16.0.0"] == "2018-02-28"


def test_a_plain_folder_gives_no_dates_and_no_empty_column(project: Path, fixtures: Path) -> None:
    from generator.load.site import load_site
    from generator.render.cycle import render_cycle
    from tests.empty_cells import findings

    released, warnings = gather_queens(project, fixtures, fixtures / "openstack-releases")
    assert warnings == [] and all("dates" not in d for d in released.values())
    site = load_site(project, save_cache=False).site
    assert site is not None
    pages = render_cycle(site, site.cycle("queens"), None)
    page = pages["projects/glance/index.md"]
    assert "| Released on |" not in page and "(2017" not in page
    assert findings({k: v for k, v in pages.items() if k.startswith("projects/glance/")}) == []


@pytest.mark.parametrize("damage", ["shallow", "missing object", "missing head"])
def test_a_clone_without_its_history_gives_no_dates_and_one_line(
    damage: str,
    tmp_path: Path,
    fixtures: Path,
    clone: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "broken"
    if damage == "shallow":
        run_git(tmp_path, "clone", "-q", "--depth", "1", f"file://{clone}", str(broken))
        expected = "is a shallow clone; run `git fetch --unshallow` in it"
    elif damage == "missing object":
        shutil.copytree(clone, broken)
        first = run_git(broken, "rev-list", "--max-parents=0", "HEAD").strip()
        blob = run_git(broken, "rev-parse", f"{first}:{QUEENS}/glance.yaml").strip()
        (broken / ".git/objects" / blob[:2] / blob[2:]).unlink()
        expected = "git could not read the history of"
    else:
        shutil.copytree(clone, broken)
        head = run_git(broken, "rev-parse", "HEAD").strip()
        (broken / ".git/objects" / head[:2] / head[2:]).unlink()
        expected = "git cannot read"
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    sources = ["--from", f"releases={broken}", "--from", f"governance={fixtures / 'openstack-governance'}"]
    code = main(["-C", str(root), "gather", "releases", "--project", "glance", "--cycle", "queens", *sources])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    lines = [x for x in err.splitlines() if "release dates" in x]
    assert len(lines) == 1 and lines[0].startswith("warning: releases: no release dates: ") and expected in lines[0]
    data = yaml.safe_load((root / "data/queens/glance/gathered.yaml").read_text())
    assert data["released"][0]["final"] == "16.0.0" and all("dates" not in d for d in data["released"])


# --- the stream parser, pure -------------------------------------------------------------------


def test_version_lines_in_every_shape_the_files_use() -> None:
    assert version_of("  - version: 16.0.0") == "16.0.0"
    assert version_of("    version: 16.0.0") == "16.0.0"  # after diff-start in the same release
    assert version_of("- version: '2.0'  # quoted") == "2.0"
    assert version_of("  python-version: 3") == "" and version_of("    hash: abc") == ""


def test_an_added_line_that_looks_like_a_header_is_still_a_line() -> None:
    text = [
        "\0" + "a" * 40 + " 2018-01-02T03:04:05+00:00",
        "",
        "diff --git a/d/x.yaml b/d/x.yaml",
        "--- a/d/x.yaml",
        "+++ b/d/x.yaml",
        "@@ -1 +1,3 @@",
        "-old",
        "+++ b/not/a/header",
        "+diff --git a/y b/y",
        "+- version: 1.0.0",
    ]
    found = list(git._parse(iter(text)))
    assert [(c.path, c.added) for c in found] == [
        ("d/x.yaml", ["++ b/not/a/header", "diff --git a/y b/y", "- version: 1.0.0"])
    ]
    assert found[0].when == dt.datetime(2018, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_the_benchmark_history_has_every_release_dated_in_order(tmp_path: Path) -> None:
    """`python -m bench.release_history` at a tiny size: each release gets its own commit's day."""
    from bench.release_history import START, measure_release_dates

    result, dates = measure_release_dates(400, tmp_path)
    assert result.commits == 400 and result.releases > 400 and result.dated == result.releases
    first = dt.datetime.fromtimestamp(START, dt.UTC).date()
    assert dates["deliverables/s00/deliverable-000.yaml"]["0.0.0"] == first
    for versions in dates.values():
        days = [versions[v] for v in sorted(versions, key=lambda v: int(v.split(".")[1]))]
        assert days == sorted(days)
    last = dt.datetime.fromtimestamp(START + 399 * 3600, dt.UTC).date()
    assert max(max(v.values()) for v in dates.values()) == last
