"""The command line imports only the command it runs: `--help` and `build` stay light."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import PLUGGED, make_parser

REPO = Path(__file__).resolve().parents[1]
BUILT_IN = ("check", "build", "scan", "serve")
# Modules only the plugged commands need: none of them may be imported to list or run another command.
HEAVY = (
    "generator.commands.gather",
    "generator.commands.draft",
    "generator.commands.email",
    "generator.commands.export",
    "generator.commands.schema",
    "generator.gather",
    "generator.tools.draft",
    "generator.tools.mailpost",
    "generator.tools.export",
    "generator.data.schemas",
    "requests",
    "requests_cache",
)


def run_cli(args: list[str], cwd: Path) -> tuple[int, str, list[str]]:
    """Run `main(args)` in a fresh interpreter; returns its exit code, output and the HEAVY modules it loaded."""
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        f"    status = main({args!r})\n"
        "except SystemExit as exc:\n"
        "    status = exc.code\n"
        f"print('LOADED', sorted(m for m in {list(HEAVY)!r} if m in sys.modules))\n"
        "print('STATUS', status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    status = int(lines[-1].removeprefix("STATUS "))
    loaded = eval(lines[-2].removeprefix("LOADED "))  # a list literal printed above
    return status, "\n".join(lines[:-2]) + done.stderr, loaded


def subcommand_help(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_help_lists_every_command_without_importing_any_command_module() -> None:
    status, out, loaded = run_cli(["--help"], REPO)
    assert status == 0
    for name in (*BUILT_IN, *PLUGGED):
        assert f"    {name} " in out, name
    assert "gather a cycle's facts" in out and "open the next cycle for a project" in out
    assert loaded == []


def test_the_help_lines_in_the_table_are_the_commands_own() -> None:
    """PLUGGED repeats each command's one-line help so `--help` needs no import; they must agree."""
    listed = subcommand_help(make_parser())
    assert list(listed) == [*BUILT_IN, *PLUGGED]
    for name, (_, help_text) in PLUGGED.items():
        assert listed[name] == help_text
        assert subcommand_help(make_parser(name))[name] == help_text, name


def test_build_does_not_import_the_other_commands(tmp_path: Path) -> None:
    status, out, loaded = run_cli(["-C", str(tmp_path), "build"], REPO)
    assert status == 1 and "data: error: directory not found" in out
    assert loaded == []


@pytest.mark.parametrize(("command", "option"), [("gather", "--all-projects"), ("draft", "--no-prose")])
def test_a_plugged_command_shows_its_own_options(command: str, option: str) -> None:
    status, out, loaded = run_cli([command, "--help"], REPO)
    assert status == 0
    assert f"usage: cycle-reports {command}" in out and option in out
    assert f"generator.commands.{command}" in loaded
    assert not {"generator.commands.email", "generator.tools.mailpost"} & set(loaded)


def test_only_the_module_of_the_command_run_is_imported(tmp_path: Path) -> None:
    """`new-cycle` lives in the draft module: running it imports that module and not gather's."""
    status, _, loaded = run_cli(["-C", str(tmp_path), "new-cycle", "newton", "--project", "glance"], REPO)
    assert status == 1
    assert "generator.commands.draft" in loaded
    assert not {"generator.commands.gather", "generator.commands.email", "generator.tools.mailpost"} & set(loaded)


def test_plugged_commands_still_check_their_options() -> None:
    status, out, _ = run_cli(["email", "--kind", "nonsense"], REPO)
    assert status == 2
    assert "argument --kind: invalid choice: 'nonsense'" in out


def test_an_unknown_command_names_every_command_in_order() -> None:
    status, out, loaded = run_cli(["nope"], REPO)
    assert status == 2
    choices = ", ".join(f"'{name}'" for name in (*BUILT_IN, *PLUGGED))
    assert f"invalid choice: 'nope' (choose from {choices})" in out
    assert loaded == []
