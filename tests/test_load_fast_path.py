"""Clean entries are read without locations; anything that needs a message takes the located path.

Also: the parsed-file cache is the caller's (only `serve` keeps one), and atomic writes may skip fsync.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from generator.data import yamlio
from generator.data.reader import ParsedFiles
from generator.data.yamlio import Unusual, YamlError, parse_plain, parse_yaml
from generator.load import site as load
from generator.load.cache import LazyEntry
from generator.load.site import load_site

REPO = Path(__file__).resolve().parents[1]

CLEAN = [
    "",
    "a: 1\n",
    "as_of: &d 2024-01-02\nitems:\n  - {id: x, as_of: *d}\n  - id: y\n    n: 3\n",
    "k: yes\nb: true\nf: 1.5\nn: null\ns: 'quoted'\nt: 2024-01-02T03:04:05Z\n",
    "block: |\n  two\n  lines\nlist: [1, [2, 3], {a: b}]\n",
    "template: &t {a: 1, b: [x, y]}\nuse: *t\n",
    "- 1\n- two\n",
]

REFUSED = [
    "a:\n\tb: 1\n",  # tab
    "a: 1\nb: \ufeff2\n",  # byte-order mark inside
    "a: 1\na: 2\n",  # duplicate key
    "a: !!python/object:os.system {}\n",  # tag
    "base: &b {x: 1}\nother:\n  <<: *b\n",  # merge key
    "? [a, b]\n: 1\n",  # non-scalar key
    "a: [1, 2\n",  # not YAML
    "d: 2024-02-30\n",  # impossible date
    "a: &a [*a]\n",  # recursive alias
    "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 8)),
    "a: " + "[" * 70 + "]" * 70 + "\n",  # deep
]


@pytest.mark.parametrize("text", CLEAN)
def test_plain_reading_gives_the_located_readers_data(text: str) -> None:
    assert parse_plain(text) == parse_yaml(text, "x.yaml").data


@pytest.mark.parametrize("text", REFUSED)
def test_what_the_located_reader_refuses_the_plain_reader_leaves_to_it(text: str) -> None:
    with pytest.raises(YamlError):
        parse_yaml(text, "x.yaml")
    with pytest.raises(Unusual):
        parse_plain(text)


def _both_ways(root: Path, private: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[load.Loaded, load.Loaded]:
    fast = load_site(root, private=private)
    with monkeypatch.context() as patch:
        patch.setattr(load, "_read_entry_plain", lambda reader, folder: None)
        located = load_site(root, private=private)
    return fast, located


@pytest.mark.parametrize("private", [False, True])
def test_the_demo_and_a_corpus_load_the_same_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private: bool
) -> None:
    corpus = write_corpus(tmp_path / "c", REPO, projects=3, cycles=3, seed=5)
    for root in (REPO, corpus.root):
        fast, located = _both_ways(root, private, monkeypatch)
        assert fast.site is not None
        assert fast.site == located.site
        assert [p.render() for p in fast.problems.items] == [p.render() for p in located.problems.items]
        assert fast.files == located.files


GATHERED = """\
ptl: Gathered Person
ptl_source: {repo: openstack/election, path: doc/ptl.yaml, as_of: 2016-04-01}
features:
  - {id: f1, title: One, source: {url: "https://blueprints.launchpad.net/glance/+spec/f1"}}
  - {id: f2, title: Two}
"""


@pytest.mark.parametrize(
    "authored",
    [
        "",
        "ptl: Corrected Person\n",
        "features:\n  - {id: f2, title: Better}\n  - {id: f3, title: New}\n",
        "private: [notes]\nnotes: keep this to ourselves\n",
        "features:\n  - {id: f1, title: Hidden, private: true}\n",
        "features:\n  - {id: f1, private: [title]}\n",
    ],
)
@pytest.mark.parametrize("private", [False, True])
def test_merging_and_private_markers_agree_with_the_located_path(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, authored: str, private: bool
) -> None:
    files = {"data/mitaka/glance/gathered.yaml": GATHERED}
    if authored:
        files["data/mitaka/glance/authored.yaml"] = authored
    fast, located = _both_ways(make_project(files), private, monkeypatch)
    assert fast.site == located.site
    assert [p.render() for p in fast.problems.items] == [p.render() for p in located.problems.items]


def test_a_problem_is_reported_from_the_located_path(make_project: Callable[..., Path]) -> None:
    """The plain reader gives up on the bad entry; the message carries the line of the bad value."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": GATHERED,
            "data/mitaka/glance/authored.yaml": "features:\n  - id: f1\n    title: [not, a, title]\n",
        }
    )
    loaded = load_site(root)
    assert loaded.site is None
    [problem] = [p.render() for p in loaded.problems.items]
    assert problem.startswith("data/mitaka/glance/authored.yaml:3:12: error: features[0].title: expected a string")


# --- the parsed-file cache --------------------------------------------------------------------


def test_load_keeps_no_parsed_file_unless_asked(make_project: Callable[..., Path]) -> None:
    root = make_project({"data/mitaka/glance/gathered.yaml": GATHERED})
    assert not hasattr(load, "_PARSED")
    parsed: ParsedFiles = {}
    load_site(root)
    load_site(root, parsed=parsed)
    assert str(root / "data/cycles.yaml") in parsed and str(root / "data/mitaka/glance/gathered.yaml") in parsed


def test_the_callers_cache_reuses_unchanged_files_only(make_project: Callable[..., Path]) -> None:
    root = make_project({"data/mitaka/glance/gathered.yaml": GATHERED})
    parsed: ParsedFiles = {}
    load_site(root, parsed=parsed)
    first = dict(parsed)
    gathered = root / "data/mitaka/glance/gathered.yaml"
    gathered.write_text(GATHERED.replace("Gathered Person", "Another Person"), encoding="utf-8")
    loaded = load_site(root, parsed=parsed)
    assert loaded.site is not None and loaded.site.entries[0].data.ptl == "Another Person"
    assert parsed[str(root / "data/cycles.yaml")][1] is first[str(root / "data/cycles.yaml")][1]
    assert parsed[str(gathered)][1] is not first[str(gathered)][1]


def test_serve_keeps_one_cache_across_reloads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from generator.tools import serve

    seen: list[object] = []

    def fake_load_site(root: Path, **options: object) -> load.Loaded:
        seen.append(options.get("parsed"))
        raise RuntimeError("stop here")

    monkeypatch.setattr(serve, "load_site", fake_load_site)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            serve.render_to_disk(tmp_path, None, "http://127.0.0.1:8000/")
    assert seen[0] is seen[1] is serve._PARSED


# --- atomic writes ----------------------------------------------------------------------------


def test_a_durable_write_syncs_and_a_regenerable_one_does_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    yamlio.write_bytes_atomic(tmp_path / "a.bin", b"one")
    assert len(synced) == 1
    yamlio.write_bytes_atomic(tmp_path / "b.bin", b"two", durable=False)
    assert yamlio.write_text_atomic(tmp_path / "c.txt", "three", durable=False)
    assert len(synced) == 1
    assert (tmp_path / "b.bin").read_bytes() == b"two" and (tmp_path / "c.txt").read_text() == "three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.bin", "c.txt"]  # no temporary left


def test_cached_entries_are_the_same_entries_and_unpickle_only_when_read(tmp_path: Path) -> None:
    """The entry cache hands back entries equal to fresh ones (with the same retrospective flag),
    whose content stays pickled until a page reads it."""
    corpus = write_corpus(tmp_path / "c", Path(__file__).resolve().parents[1], projects=3, cycles=3, seed=2)
    fresh = load_site(corpus.root)
    cache = tmp_path / "entry-cache"
    first = load_site(corpus.root, cache_path=cache)  # parses and saves
    cached = load_site(corpus.root, cache_path=cache)
    assert fresh.site is not None and first.site is not None and cached.site is not None
    entries = cached.site.entries
    assert all(isinstance(e, LazyEntry) for e in entries)
    assert not any("_loaded" in e.__dict__ for e in entries)
    # what every render key reads of every entry needs no unpickling
    flags = [e.has_retrospective() for e in entries]
    assert not any("_loaded" in e.__dict__ for e in entries)
    assert flags == [e.has_retrospective() for e in fresh.site.entries]
    # the content, once read, is the fresh entry's
    assert list(entries) == list(fresh.site.entries)
    assert all("_loaded" in e.__dict__ for e in entries)
    assert entries[0].data == fresh.site.entries[0].data
    assert entries[0].retrospective == fresh.site.entries[0].retrospective
