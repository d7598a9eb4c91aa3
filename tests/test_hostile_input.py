"""Hostile and broken input: every failure is a located, readable error, never a traceback.

The loader is fuzzed with hypothesis (random documents, and byte-level mutations of the demo
files) through `load_site` and through `cycle-reports check`; then each named attack from the
issue is tried on its own: Python tags, alias bombs, oversized files, bad bytes, BOMs and tabs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.data import model
from generator.errors import Problem
from generator.load.site import load_site

REPO = Path(__file__).resolve().parents[1]

# The demo files a mini project is made of: one project's cycle, a midcycle, a board meeting, prose.
DEMO_FILES = (
    "data/cycles.yaml",
    "data/projects.yaml",
    "data/mitaka/glance/gathered.yaml",
    "data/mitaka/glance/authored.yaml",
    "data/pike/glance/midcycle-2017-04-20.yaml",
    "data/board/2014-05-11.yaml",
    "content/cycles/mitaka/projects/glance/retrospective.md",
    "content/cycles/pike/projects/glance/midcycle-2017-04-20.md",
)
DEMO = {name: (REPO / name).read_bytes() for name in DEMO_FILES if (REPO / name).is_file()}
SMALL_CALENDAR = textwrap.dedent("""\
    cycles:
      - name: mitaka
        start: 2015-10-16
        end: 2016-04-07
      - name: pike
        start: 2017-02-23
        end: 2017-08-30
    """).encode()
LOCATED = re.compile(r"^[^\s:][^:]*(:\d+:\d+)?: (error|warning): ", re.M)
# Thousands of tiny projects are written and removed: a RAM disk keeps that cheap where there is one.
FAST_TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- helpers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def mini_project(files: dict[str, bytes], small: bool = False) -> Iterator[Path]:
    """A fresh project folder holding the demo files, with `files` written over them.

    A fresh folder per example matters: the loader caches parses by path, size and mtime.
    """
    with tempfile.TemporaryDirectory(prefix="hostile-", dir=FAST_TMP) as tmp:
        root = Path(tmp)
        base = {**DEMO, "data/cycles.yaml": SMALL_CALENDAR} if small else DEMO
        for rel, data in {**base, **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield root


def assert_located(problem: Problem, root: Path) -> None:
    """A problem names a file (or folder) of the project, relative to it, with a line for YAML files."""
    assert isinstance(problem, Problem), problem
    where = problem.location
    assert where.path and not Path(where.path).is_absolute(), problem.render()
    assert os.path.lexists(root / where.path), f"{problem.render()}: no such file in the project"
    if where.path.endswith(".yaml") and (root / where.path).is_file():
        assert where.line >= 1 and where.column >= 1, f"not located to a line: {problem.render()}"
    assert problem.message.strip(), problem
    assert problem.render().startswith(str(where)), problem.render()


def load_problems(root: Path, private: bool = False) -> list[Problem]:
    """Load the project; nothing may escape, and a failed load lists at least one located error."""
    loaded = load_site(root, private=private)
    for problem in loaded.problems.items:
        assert_located(problem, root)
    if loaded.site is None:
        assert loaded.problems.errors(), "no site and no error"
    return loaded.problems.items


def run_check(root: Path) -> tuple[int, str]:
    """`cycle-reports -C root check` in this process: exit code and stderr (an escaping exception fails the test)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["-C", str(root), "check"])
    text = err.getvalue()
    assert code in (0, 1), code
    assert "Traceback" not in text, text
    if code:
        assert LOCATED.search(text), f"exit 1 without a located error:\n{text}"
    return code, text


def errors_in(problems: list[Problem], rel: str) -> list[Problem]:
    return [p for p in problems if p.location.path == rel and p.severity == "error"]


# --- strategies ------------------------------------------------------------------------------------

FIELD_NAMES = sorted(
    {f.name for obj in vars(model).values() if dataclasses.is_dataclass(obj) for f in dataclasses.fields(obj)}
    | {"private", "id", "name", "key"}
)
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(),
    TEXT,
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(
        [
            "done",
            "missed",
            "joined",
            "virtual",
            "https://example.org/",
            "javascript:alert(1)",
            "mitaka",
            "glance",
            "2016-02-30",
            "<script>alert(1)</script>",
            "yes",
            "[x](y)",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELD_NAMES) | TEXT, inner, max_size=5),
    max_leaves=30,
)
DOCUMENTS = st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=8)
YAML_TARGETS = [name for name in DEMO if name.endswith(".yaml")]


@st.composite
def random_files(draw: st.DrawFn) -> dict[str, bytes]:
    """One demo file replaced by a random document (often schema-shaped, sometimes raw text)."""
    target = draw(st.sampled_from(YAML_TARGETS))
    kind = draw(st.sampled_from(["document", "document", "list-wrapped", "text"]))
    if kind == "text":
        return {target: draw(TEXT).encode("utf-8")}
    doc: object = draw(DOCUMENTS)
    if kind == "list-wrapped" or target.endswith(("cycles.yaml", "projects.yaml")):
        top = "cycles" if target.endswith("cycles.yaml") else "projects"
        doc = {top: draw(st.lists(DOCUMENTS, max_size=3))}
    flow = draw(st.sampled_from([False, None, True]))
    return {target: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=flow).encode()}


TOKENS = [
    b"\t",
    b"\x00",
    b"\x07",
    b"\x1b",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xfe\xff",
    b"\xc2\x85",
    b"\r",
    b"&a ",
    b"*a",
    b"*missing",
    b"<<: *a\n",
    b"? ",
    b"- ",
    b": ",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b"|",
    b">",
    b"!!python/object:os.system ",
    b"!!python/object/apply:os.system [id]\n",
    b"!!python/name:os.system ",
    b"!!binary aGk=",
    b"!!set ",
    b"!custom ",
    b"%YAML 1.1\n",
    b"---\n",
    b"...\n",
    b"#",
    b"\n",
    b"    ",
    b"private: true\n",
    b"private: [nope]\n",
    b"private: 3\n",
    b"id: x\n",
    b"date: 2016-02-30\n",
    b"1e999",
    b"9" * 5000,
    b"~",
    b"<!-- private -->\n",
    b"<!-- /private -->\n",
    b"<!-- Private -->",
    b"<!-- data: nope -->\n",
    b"[" * 1200 + b"]" * 1200,
    b"{a: " * 600 + b"1" + b"}" * 600,
    b"[" * 1200,
    b"&x [*x]",
]


@st.composite
def mutated_files(draw: st.DrawFn) -> dict[str, bytes]:
    """One demo file with one to three byte-level mutations: cuts, inserts, line shuffles, re-indents."""
    target = draw(st.sampled_from(sorted(DEMO)))
    data = DEMO[target]
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        op = draw(
            st.sampled_from(
                [
                    "insert",
                    "insert",
                    "delete",
                    "truncate",
                    "replace-line",
                    "duplicate-line",
                    "swap-lines",
                    "indent",
                    "dedent",
                    "nest-value",
                ]
            )
        )
        at = draw(st.integers(0, len(data)))
        line = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "insert":
            token = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
            data = data[:at] + token + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 200)) :]
        elif op == "truncate":
            data = data[:at]
        elif op == "replace-line":
            lines[line] = draw(st.sampled_from(TOKENS)).rstrip(b"\n")
            data = b"\n".join(lines)
        elif op == "duplicate-line":
            lines.insert(line, lines[line])
            data = b"\n".join(lines)
        elif op == "swap-lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[line], lines[other] = lines[other], lines[line]
            data = b"\n".join(lines)
        elif op == "indent":
            lines[line] = b" " * draw(st.integers(1, 5)) + lines[line]
            data = b"\n".join(lines)
        elif op == "dedent":
            lines[line] = lines[line].lstrip(b" ")
            data = b"\n".join(lines)
        else:  # a value replaced by lists nested up to 1,500 deep (valid YAML of a few KB)
            depth = draw(st.integers(1, 1500))
            head, colon, _ = lines[line].partition(b": ")
            lines[line] = head + (colon or b": ") + b"[" * depth + b"]" * depth
            data = b"\n".join(lines)
    return {target: data}


# --- fuzzing ---------------------------------------------------------------------------------------


def test_the_unmodified_mini_project_loads_cleanly() -> None:
    """The fuzzing starts from a valid project, so every error below comes from a mutation."""
    with mini_project({}) as root:
        assert load_problems(root) == []


@settings(FUZZ, max_examples=60)
@given(random_files())
def test_random_documents_give_located_problems_never_exceptions(files: dict[str, bytes]) -> None:
    """Any YAML document in place of a demo file: load_site raises nothing; each problem names file:line."""
    with mini_project(files) as root:
        load_problems(root)
        load_problems(root, private=True)


@settings(FUZZ, max_examples=100)
@given(mutated_files())
def test_mutated_demo_files_give_located_problems_never_exceptions(files: dict[str, bytes]) -> None:
    """Byte-level mutations of the demo files (tags, aliases, bad bytes, tabs, deep nesting): only located problems."""
    with mini_project(files) as root:
        load_problems(root)
        load_problems(root, private=True)


@settings(FUZZ, max_examples=15)
@given(st.one_of(mutated_files(), random_files()))
def test_check_command_never_prints_a_traceback(files: dict[str, bytes]) -> None:
    """`cycle-reports check` on hostile files exits 0 or 1, and on 1 prints located errors, never a traceback."""
    with mini_project(files, small=True) as root:
        run_check(root)


# --- the named attacks -----------------------------------------------------------------------------

AUTHORED = "data/mitaka/glance/authored.yaml"


@pytest.mark.parametrize(
    "text",
    [
        "ptl: !!python/object/apply:os.system ['touch {sentinel}']\n",
        "roster: !!python/object/new:os.system ['touch {sentinel}']\n",
        "features:\n  - !!python/object:subprocess.Popen {{args: ['touch', '{sentinel}']}}\n",
        "ptl: !!python/name:os.system\n",
        "ptl: !!python/module:os\n",
        "!!python/object/apply:os.system ['touch {sentinel}']\n",
        "!!python/str ptl: Mallory\n",
        "? !!python/object/apply:os.system ['touch {sentinel}']\n: x\n",
    ],
    ids=["apply", "new", "object-in-list", "name", "module", "top-level", "tag-on-key", "complex-key"],
)
def test_python_tags_are_refused_and_run_nothing(text: str) -> None:
    """Every `!!python/…` tag, wherever it stands (value, list item, key), is a located error and executes nothing."""
    with mini_project({}) as root:
        sentinel = root / "PWNED"
        (root / AUTHORED).write_text(text.format(sentinel=sentinel))
        problems = errors_in(load_problems(root), AUTHORED)
        assert problems, f"{text!r} was accepted"
        assert not sentinel.exists()
        code, err = run_check(root)
        assert code == 1 and AUTHORED in err


def _list_bomb() -> str:
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def _map_bomb() -> str:
    lines = ["m0: &m0 {" + ", ".join(f"k{k}: lol" for k in range(10)) + "}"]
    lines += [f"m{i}: &m{i} {{" + ", ".join(f"k{k}: *m{i - 1}" for k in range(10)) + "}" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def _wide_bomb() -> str:
    return "base: &b [" + ", ".join(["x"] * 5000) + "]\nmany: [" + ", ".join(["*b"] * 5000) + "]\n"


BOMB_PROBE = """
import resource, sys, time
from pathlib import Path
limit = 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from generator.load.site import load_site
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
loaded = load_site(Path(sys.argv[1]))
print(f"{time.process_time() - started:.3f} {(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024}")
for problem in loaded.problems.items:
    print(problem.render().splitlines()[0])
"""


@pytest.mark.parametrize("bomb", [_list_bomb, _map_bomb, _wide_bomb], ids=["billion-laughs", "mapping-bomb", "wide"])
def test_alias_bombs_are_refused_within_a_small_time_and_memory_bound(bomb: object) -> None:
    """An alias bomb (10^9 values from 1 KB) is refused within 5 s of CPU and 200 MB, under a hard 1 GB cap."""
    assert callable(bomb)
    with mini_project({AUTHORED: bomb().encode()}) as root:
        done = subprocess.run(
            [sys.executable, "-c", BOMB_PROBE, str(root)], capture_output=True, text=True, timeout=30, cwd=REPO
        )
        assert done.returncode == 0, done.stderr
        first, *problems = done.stdout.splitlines()
        seconds, megabytes = float(first.split()[0]), int(first.split()[1])
        assert seconds < 5.0, f"took {seconds} s of CPU"
        assert megabytes < 200, f"grew by {megabytes} MB"
        assert any(p.startswith(f"{AUTHORED}:") and ": error: " in p for p in problems), problems


def test_oversized_file_is_refused_before_parsing() -> None:
    """A 5 MB data file is a clear error naming the limit, found without reading it as YAML."""
    big = b"# padding\n" * (5 * 1024 * 1024 // 10) + b"ptl: Someone\n"
    with mini_project({AUTHORED: big}) as root:
        started = time.process_time()
        problems = errors_in(load_problems(root), AUTHORED)
        assert time.process_time() - started < 1.0
        assert len(problems) == 1
        assert "limit" in problems[0].message and "bytes" in problems[0].message


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"ptl: Flavio\nsummary: caf\xe9 au lait\n", 2, 13),
        (b"\xff\xfep\x00t\x00l\x00", 1, 1),
        (b"summary: ok\nptl: \xc3\n", 2, 6),
    ],
    ids=["latin-1", "utf-16", "truncated-sequence"],
)
def test_non_utf8_yaml_names_the_line_and_column_of_the_bad_byte(data: bytes, line: int, column: int) -> None:
    """Bytes that are not UTF-8 are reported at their line and column, with a hint to save as UTF-8."""
    with mini_project({AUTHORED: data}) as root:
        [problem] = errors_in(load_problems(root), AUTHORED)
        assert "UTF-8" in problem.message + problem.hint
        assert (problem.location.line, problem.location.column) == (line, column)


def test_non_utf8_prose_names_the_line_of_the_bad_byte() -> None:
    """Prose that is not UTF-8 is located like YAML: at the line (and column) of the first bad byte."""
    prose = "content/cycles/mitaka/projects/glance/retrospective.md"
    with mini_project({prose: b"# Mitaka\n\nSome text.\nCaf\xe9 talk.\n"}) as root:
        [problem] = errors_in(load_problems(root), prose)
        assert "UTF-8" in problem.message + problem.hint
        assert (problem.location.line, problem.location.column) == (4, 4), problem.render()


def test_a_leading_bom_is_accepted_and_changes_nothing() -> None:
    """A UTF-8 byte-order mark at the start (Windows editors write one) reads exactly as the file without it."""
    with mini_project({}) as plain, mini_project({AUTHORED: b"\xef\xbb\xbf" + DEMO[AUTHORED]}) as bom:
        assert load_problems(bom) == []
        assert load_site(bom).site == load_site(plain).site


def test_a_bom_inside_the_file_is_a_clear_error_at_its_line() -> None:
    """A byte-order mark in the middle of a file (two files pasted together) is named as such, at its line."""
    with mini_project({AUTHORED: b"ptl: Flavio\n\xef\xbb\xbfsummary: pasted\n"}) as root:
        [problem] = errors_in(load_problems(root), AUTHORED)
        assert problem.location.line == 2
        text = (problem.message + " " + problem.hint).lower()
        assert "byte-order mark" in text or "bom" in text or "u+feff" in text, problem.render()


@pytest.mark.parametrize(
    ("text", "line"),
    [("roster:\n\tgroup: glance-core\n", 2), ("features:\n\t- id: x\n", 2), ("ptl: A\nroster:\n  \tgroup: x\n", 3)],
    ids=["indent", "list-item", "mixed-indent"],
)
def test_tabs_are_a_clear_error_at_their_line(text: str, line: int) -> None:
    """A tab where YAML wants spaces is reported as a tab, at its line."""
    with mini_project({AUTHORED: text.encode()}) as root:
        problems = errors_in(load_problems(root), AUTHORED)
        assert problems
        assert problems[0].location.line == line
        assert "tab" in problems[0].message.lower() or "\\t" in problems[0].message, problems[0].render()


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"], ids=["nul", "bel", "esc", "del"])
def test_control_characters_are_located_at_their_line_and_column(char: str) -> None:
    """A control character pasted into a value is an error at the exact line and column where it stands."""
    with mini_project({AUTHORED: f"ptl: Flavio\nroster:\n  group: glance{char}core\n".encode()}) as root:
        problems = errors_in(load_problems(root), AUTHORED)
        assert problems, "control character accepted"
        assert (problems[0].location.line, problems[0].location.column) == (3, 16), problems[0].render()


@pytest.mark.parametrize(
    "text",
    [
        "tags: " + "[" * 3000 + "]" * 3000 + "\n",
        "roster: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
        "".join("  " * i + "- \n" for i in range(2000)),
        "tags: " + "[" * 600 + "]" * 600 + "\n",
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "600-deep"],
)
def test_deeply_nested_documents_are_a_located_error_not_a_recursion_crash(text: str) -> None:
    """Thousands of nested brackets (a few KB) are refused with a located error, not a RecursionError."""
    with mini_project({AUTHORED: text.encode()}) as root:
        assert errors_in(load_problems(root), AUTHORED)
        code, err = run_check(root)
        assert code == 1 and AUTHORED in err


def test_deep_nesting_prints_no_traceback_from_the_real_command() -> None:
    """The same attack through the installed `cycle-reports` command: a located error on stderr, exit 1."""
    with mini_project({AUTHORED: ("tags: " + "[" * 5000 + "]" * 5000 + "\n").encode()}, small=True) as root:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "-C", str(root), "check"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert done.returncode == 1
        assert f"{AUTHORED}:" in done.stderr


@pytest.mark.parametrize(
    "make",
    ["directory", "dangling-symlink", "symlink-loop"],
)
@pytest.mark.parametrize("rel", ["data/pike/glance/midcycle-2017-05-01.yaml", "data/board/2014-06-01.yaml"])
def test_unreadable_data_files_are_located_errors(make: str, rel: str) -> None:
    """A folder or a broken symlink where a data file is expected is an error naming it, not an OSError."""
    with mini_project({}) as root:
        path = root / rel
        if make == "directory":
            path.mkdir()
        elif make == "dangling-symlink":
            path.symlink_to(root / "nowhere.yaml")
        else:
            path.symlink_to(path)
        problems = errors_in(load_problems(root), rel)
        assert len(problems) == 1, [p.render() for p in problems]
        code, err = run_check(root)
        assert code == 1 and rel in err


@pytest.mark.parametrize(
    ("file", "text", "line"),
    [
        ("data/cycles.yaml", "cycles:\n  - name: mitaka\n  - name: ../../outside\n", 3),
        ("data/cycles.yaml", "cycles:\n  - name: mitaka\n  - name: 'x\");alert(1);//'\n", 3),
        ("data/cycles.yaml", "cycles:\n  - name: mitaka\n  - name: a/b\n", 3),
        ("data/cycles.yaml", "cycles:\n  - name: mitaka\n  - name: ..\n", 3),
        ("data/projects.yaml", "projects:\n  - key: glance\n  - key: ../nova\n", 3),
        ("data/mitaka/glance/authored.yaml", "features:\n  - id: '<b>x</b>'\n    title: X\n", 2),
    ],
    ids=["cycle-dotdot", "cycle-script", "cycle-slash", "cycle-parent", "project-dotdot", "feature-markup"],
)
def test_ids_that_are_not_one_word_are_refused(file: str, text: str, line: int) -> None:
    """Cycle names and project keys become folders and URLs: anything but letters, digits, '-', '_', '.' is refused."""
    with mini_project({file: text.encode()}) as root:
        problems = errors_in(load_problems(root), file)
        assert any(p.location.line == line for p in problems), [p.render() for p in problems]


@pytest.mark.parametrize(
    ("file", "text", "line"),
    [
        ("data/cycles.yaml", "cycles:\n  - name: mitaka\n  - name: pike\n  - name: mitaka\n", 4),
        ("data/projects.yaml", "projects:\n  - key: glance\n  - key: glance\n", 3),
    ],
    ids=["cycle", "project"],
)
def test_a_cycle_or_project_listed_twice_is_a_located_error(file: str, text: str, line: int) -> None:
    """Two cycles of one name would build into one folder at once; the second is reported at its line."""
    with mini_project({file: text.encode()}) as root:
        problems = errors_in(load_problems(root), file)
        assert any(p.location.line == line and "duplicate" in p.message for p in problems), [
            p.render() for p in problems
        ]
