"""Every `cycle-reports gather` and `cycle-reports draft` command printed in the README,
docs/gather.md and the PTL guide runs as printed, offline, from the real checkouts.

The checkouts sit where the documents say (`../releases`, `../governance`, …): links to the
shared fixtures, read in place, and a clone of the governance bundle. The project is a copy of
this repository's demo data. HTTPS goes to a loopback port with nothing listening, so gerrit and
launchpad are unreachable here even on a machine with network; they must be skipped, never fail
the command.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "docs/gather.md", "content/guide.md")
SIBLINGS = {
    "releases": "openstack-releases",
    "election": "openstack-election",
    "glance-specs": "glance-specs",
    "nova-specs": "nova-specs",
}


def documented_commands() -> list[tuple[str, str]]:
    """(document, command) for each gather/draft line of a fenced block, continuations joined."""
    found = []
    for name in DOCUMENTS:
        blocks: list[list[str]] = []
        inside = False
        for line in (REPO / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                inside = not inside
                if inside:
                    blocks.append([])
            elif inside:
                blocks[-1].append(line)
        for block in blocks:
            joined = re.sub(r"\\\n\s*", " ", "\n".join(block))
            for line in joined.splitlines():
                command = line.split("  #", 1)[0].strip()
                synopsis = "SOURCE..." in command or "SOURCE…" in command
                if command.startswith(("cycle-reports gather ", "cycle-reports draft ")) and not synopsis:
                    found.append((name, command))
    return found


COMMANDS = documented_commands()


def test_the_documents_print_gather_and_draft_commands() -> None:
    assert len(COMMANDS) >= 6
    assert {name for name, _ in COMMANDS} == set(DOCUMENTS)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Path:
    top = tmp_path_factory.mktemp("evening")
    for link, target in SIBLINGS.items():
        (top / link).symlink_to(fixtures / target)
    subprocess.run(
        ["git", "clone", "-q", str(fixtures / "openstack-governance.bundle"), str(top / "governance")], check=True
    )
    return top


@pytest.mark.parametrize(("document", "command"), COMMANDS, ids=[f"{d}:{c[:60]}" for d, c in COMMANDS])
def test_a_documented_command_works_as_printed_offline(
    document: str, command: str, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = workspace / f"project-{tmp_path.name}"
    shutil.copytree(REPO / "data", project / "data")
    shutil.copytree(REPO / "content", project / "content")
    monkeypatch.chdir(project)
    for variable in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(variable, "http://127.0.0.1:9")  # nothing listens: no network, ever
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    argv = shlex.split(command)[1:]
    code = main(argv)
    assert code in (0, 3), f"{document}: `{command}` exited {code}"
    if argv[0] == "draft":
        assert code == 0
        cycle, project_key = argv[argv.index("--cycle") + 1], argv[argv.index("--project") + 1]
        gathered = yaml.safe_load((project / "data" / cycle / project_key / "gathered.yaml").read_text())
        assert gathered["features"] and gathered["priorities"]
        assert (project / "data" / cycle / project_key / "authored.yaml").is_file()
    shutil.rmtree(project)
