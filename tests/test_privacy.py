"""Nothing private published: no e-mail address and no private section in a public build.

- `scan_site` itself: finds addresses however they are encoded, and surviving private markers.
- The demo site, and a site gathered from the shared fixtures, scanned whole after a public build.
- Private prose sections and `private:` YAML fields: absent from a public build, present with
  `--private`, and gone again from the next public build.
- Unbalanced or unknown markers, and malformed `private:` values, are located errors.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.data import model as m
from generator.load.site import load_site
from generator.tools.scan import scan_site, theme_digests

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures"


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, as CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(root), "build", "--quiet", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def site_text(site: Path) -> str:
    """Every text file of a built site (gzipped ones unpacked), concatenated."""
    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        parts.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def copy_project(source: Path, target: Path, parts: tuple[str, ...] = ("data", "content", "theme")) -> Path:
    for name in parts:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


# --- the scanner ------------------------------------------------------------------------------------


def test_scan_finds_addresses_however_encoded_and_masks_them(tmp_path: Path) -> None:
    """Plain, HTML-entity, JSON-escaped, URL-escaped and gzipped addresses are found, at their line, masked."""
    site = tmp_path / "site"
    (site / "c" / "search").mkdir(parents=True)
    (site / "c" / "index.html").write_text(
        '<p>ok</p>\n<p>mail alice.smith@example.org now</p>\n<a href="mailto:dave%40example.net">d</a>\n'
    )
    (site / "c" / "entity.html").write_text("<p>bob&#64;example.com</p>\n")
    (site / "c" / "search" / "search_index.json").write_text('{"docs": [{"text": "carol\\u0040example.io"}]}')
    (site / "c" / "sitemap.xml.gz").write_bytes(gzip.compress(b"<x>\n<y>erin@example.org</y>\n</x>"))
    problems = scan_site(site)
    found = {(p.location.path, p.location.line): p for p in problems}
    assert set(found) == {
        ("site/c/index.html", 2),
        ("site/c/index.html", 3),
        ("site/c/entity.html", 1),
        ("site/c/search/search_index.json", 1),
        ("site/c/sitemap.xml.gz", 2),
    }
    assert found[("site/c/index.html", 2)].location.column == 9
    assert all(p.field_path == "email" and p.severity == "error" for p in problems)
    rendered = "\n".join(p.render() for p in problems)
    assert "alice.smith@" not in rendered and "a…@example.org" in rendered


def test_scan_ignores_look_alikes_and_theme_files(tmp_path: Path) -> None:
    """`icon@2x.png`, CSS `@media`, allowed list addresses and the theme's own bundles are not findings."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text(
        '<img src="icon@2x.png"><style>@media print {}</style>\n<p>write to openstack-discuss@lists.openstack.org</p>\n'
    )
    vendor = next(p for p in _material_assets() if b"@squidfunk.com" in p.read_bytes())
    shutil.copy(vendor, site / "assets" / vendor.name)
    assert scan_site(site, allow=["openstack-discuss@lists.openstack.org"]) == []
    (site / "assets" / vendor.name).write_bytes(vendor.read_bytes() + b"\n")  # no longer the theme's file
    assert [p.location.path for p in scan_site(site, allow=["openstack-discuss@lists.openstack.org"])]


def _material_assets() -> list[Path]:
    spec = importlib.util.find_spec("material")
    assert spec and spec.submodule_search_locations
    base = Path(next(iter(spec.submodule_search_locations))) / "templates" / "assets"
    return sorted(p for p in base.rglob("*.js*") if p.is_file())


def test_scan_finds_private_markers_left_in_html(tmp_path: Path) -> None:
    """A private marker that survived into HTML is a finding (any case); one shown as escaped text is not."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(
        "<p>x</p>\n<!-- private -->\n<p>secret</p>\n<!--/PRIVATE-->\n<pre>&lt;!-- private --&gt;</pre>\n"
    )
    problems = scan_site(site)
    assert [(p.location.line, p.field_path) for p in problems] == [(2, "private"), (4, "private")]
    assert theme_digests(), "the installed theme's files were not found, so nothing would be skipped"


# --- whole sites --------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_public_demo_site_has_no_address_and_no_private_section(tmp_path: Path) -> None:
    """The demo site built with the real command: the scan of every output file finds nothing."""
    root = copy_project(REPO, tmp_path / "demo")
    done = build(root)
    assert done.returncode == 0, done.stderr[-3000:]
    problems = scan_site(root / "site")
    assert not problems, "\n".join(p.render() for p in problems[:20])
    assert len(list((root / "site").rglob("*.html"))) > 50, "the scan saw too little to mean anything"
    assert posts_and_exports_are_clean(root) >= 3


def posts_and_exports_are_clean(root: Path) -> int:
    """Every report's mail post and both exports, scanned like the site; returns how many texts."""
    from generator.errors import UserError
    from generator.render.feeds import has_retrospective
    from generator.tools.export import render_csv, render_json, select
    from generator.tools.mailpost import board_post, midcycle_post, retrospective_post
    from generator.tools.scan import scan_text

    site = load_site(root).site
    assert site is not None
    texts = {"export.json": render_json(site, select(site)), "export.csv": render_csv(select(site))}
    for entry in site.entries:  # a report of gathered data only is a post too
        try:
            texts[f"{entry.cycle}-{entry.project}.txt"] = retrospective_post(
                site, root, entry.project, entry.cycle
            ).render()
        except UserError:
            assert not has_retrospective(entry)
        for meeting, _ in entry.midcycles:
            texts[f"{entry.cycle}-{entry.project}-{meeting.date}.txt"] = midcycle_post(
                site, root, entry.project, entry.cycle, meeting.date
            ).render()
    for meeting, _ in site.board:
        texts[f"board-{meeting.date}.txt"] = board_post(site, root, meeting.date).render()
    problems = [p for name, text in texts.items() for p in scan_text(text, name)]
    assert not problems, "\n".join(p.render() for p in problems[:20])
    return len(texts)


def _gather_available() -> str:
    if importlib.util.find_spec("generator.gather") is None:
        return "generator.gather does not exist yet"
    if importlib.util.find_spec("generator.commands.gather") is None:
        return "the gather command does not exist yet"
    if not FIXTURES.is_dir():
        return f"shared fixtures not found at {FIXTURES}"
    return ""


@pytest.mark.e2e
@pytest.mark.skipif(bool(_gather_available()), reason=_gather_available() or "available")
def test_site_gathered_from_the_fixtures_has_no_address(tmp_path: Path) -> None:
    """Releases, governance and election (full of addresses) gathered offline, built, scanned: nothing found."""
    root = copy_project(REPO, tmp_path / "gathered", parts=("theme",))
    (root / "data").mkdir()
    gather = [
        sys.executable,
        "-m",
        "generator",
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
    done = subprocess.run(gather, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    cycles = sorted(p.parent.parent.name for p in (root / "data").glob("*/glance/gathered.yaml"))
    assert len(cycles) >= 5, cycles
    done = build(root, *[arg for name in cycles for arg in ("--cycle", name)])
    assert done.returncode == 0, done.stderr[-3000:]
    problems = scan_site(root / "site")
    assert not problems, "\n".join(p.render() for p in problems[:20])
    built = {p.parent.name for p in (root / "site").glob("*/index.html")}
    assert set(cycles) <= built
    assert posts_and_exports_are_clean(root) >= 2  # both exports of every cycle (gathered data has no retrospective)


# --- private prose and private YAML in one project, built public, private, public -------------------

SECRETS = {
    "prose": "SECRET-PROSE-7f3a",
    "item": "SECRET-ITEM-19c2",
    "field": "SECRET-FIELD-5d11",
    "handoff": "SECRET-HANDOFF-0b7e",
    "midcycle": "SECRET-MIDCYCLE-44aa",
    "topic": "SECRET-TOPIC-8e21",
    "board": "SECRET-BOARD-c0de",
    "page": "SECRET-PAGE-2f9b",
}
CALENDAR = {
    "data/cycles.yaml": """\
        cycles:
          - name: liberty
            start: 2015-04-30
            end: 2015-10-15
          - name: mitaka
            start: 2015-10-16
            end: 2016-04-07
        """,
    "data/projects.yaml": """\
        projects:
          - key: glance
            title: Glance
        """,
}
PRIVATE_PROJECT = {
    "content/cycles/mitaka/projects/glance/retrospective.md": f"""\
        # Glance Mitaka: passing the torch

        The public part of the story.

        <!-- private -->
        Only for the team: {SECRETS["prose"]}.
        <!-- /private -->

        <!-- data: priorities -->

        The public end.
        """,
    "content/about.md": f"""\
        # About

        Public words.

        <!--private-->
        {SECRETS["page"]}
        <!--/private-->
        """,
    "data/mitaka/glance/authored.yaml": f"""\
        ptl: Flavio Percoco
        priorities:
          - id: public-one
            title: A public priority
            outcome: done
          - id: secret-one
            title: "{SECRETS["item"]}"
            outcome: missed
            private: true
          - id: reasoned
            title: A priority with a private reason
            outcome: missed
            reason: "{SECRETS["field"]}"
            private: [reason]
          - id: explicit
            title: Explicitly public
            outcome: done
            private: false
        handoff:
          outgoing: Flavio Percoco
          incoming: Nikhil Komawar
          note: "{SECRETS["handoff"]}"
          private: [note]
        """,
    "data/mitaka/glance/midcycle-2016-01-20.yaml": f"""\
        private: true
        date: 2016-01-20
        title: "{SECRETS["midcycle"]}"
        """,
    "data/board/2016-02-01.yaml": f"""\
        date: 2016-02-01
        title: Board meeting
        topics:
          - title: A public topic
          - title: "{SECRETS["topic"]}"
            private: true
        """,
    "data/board/2016-03-01.yaml": f"""\
        private: true
        date: 2016-03-01
        title: "{SECRETS["board"]}"
        """,
}


@pytest.fixture(scope="module")
def private_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("private")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme", root / "theme")
    for rel, text in {**CALENDAR, **PRIVATE_PROJECT}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def three_builds(private_project: Path) -> dict[str, str]:
    """The same project built public, then with --private, then public again: each site's whole text."""
    texts = {}
    for label, args in (("public", ()), ("private", ("--private",)), ("public-again", ())):
        done = build(private_project, *args)
        assert done.returncode == 0, f"{label}: {done.stderr[-3000:]}"
        texts[label] = site_text(private_project / "site")
        if label == "public":
            problems = scan_site(private_project / "site")
            assert not problems, "\n".join(p.render() for p in problems)
    return texts


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_private_parts_are_absent_from_a_public_build(three_builds: dict[str, str], secret: str) -> None:
    """Prose sections, private items, private fields, private files: not one byte of them in the public site."""
    assert SECRETS[secret] not in three_builds["public"]


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_private_parts_are_present_in_a_private_build(three_builds: dict[str, str], secret: str) -> None:
    """`build --private` includes every private part (so the public build's absence is not an accident)."""
    assert SECRETS[secret] in three_builds["private"]


@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_a_public_build_after_a_private_one_leaves_nothing_behind(three_builds: dict[str, str], secret: str) -> None:
    """Switching back from --private rebuilds every cycle: no stale private page survives in site/."""
    assert SECRETS[secret] not in three_builds["public-again"]


def test_public_parts_survive_next_to_private_ones(three_builds: dict[str, str]) -> None:
    """The text around a private section and the public siblings of private items are still published."""
    public = three_builds["public"]
    for words in (
        "The public part of the story.",
        "The public end.",
        "A public priority",
        "Explicitly public",
        "A priority with a private reason",
        "A public topic",
        "Public words.",
    ):
        assert words in public, words
    assert "<!-- private" not in public and "<!--private" not in public


def test_private_yaml_in_the_loaded_model(private_project: Path) -> None:
    """load_site drops private items, fields and files, and with private=True keeps them."""
    public, private = load_site(private_project), load_site(private_project, private=True)
    assert public.site and private.site, [p.render() for p in public.problems.items + private.problems.items]

    def entry(site: m.Site) -> m.ProjectCycleEntry:
        return next(e for e in site.entries if (e.cycle, e.project) == ("mitaka", "glance"))

    assert [p.id for p in entry(public.site).data.priorities] == ["public-one", "reasoned", "explicit"]
    assert [p.id for p in entry(private.site).data.priorities] == ["public-one", "secret-one", "reasoned", "explicit"]
    assert next(p for p in entry(public.site).data.priorities if p.id == "reasoned").reason == ""
    handoff = entry(public.site).data.handoff
    assert handoff and handoff.note == "" and handoff.incoming == "Nikhil Komawar"
    assert not entry(public.site).midcycles and len(entry(private.site).midcycles) == 1
    assert [b.date.isoformat() for b, _ in public.site.board] == ["2016-02-01"]
    assert [t.title for t in public.site.board[0][0].topics] == ["A public topic"]
    assert len(private.site.board) == 2


def test_private_true_on_an_authored_overlay_hides_the_gathered_item_too(
    make_project: Callable[..., Path],
) -> None:
    """`private: true` on an authored item that annotates a gathered one (same id) drops the whole item."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": """\
            features:
              - id: f1
                title: Gathered feature SECRET-OVERLAY-3c4d
              - id: f2
                title: Another feature
            """,
            "data/mitaka/glance/authored.yaml": """\
            features:
              - id: f1
                private: true
            """,
        }
    )
    public = load_site(root)
    assert public.site, [p.render() for p in public.problems.items]
    titles = [f.title for e in public.site.entries for f in e.data.features]
    assert titles == ["Another feature"]


# --- mistakes are errors ----------------------------------------------------------------------------

AUTHORED = "data/mitaka/glance/authored.yaml"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("3", "expected true, false or a list of field names"),
        ("yes", "expected true, false or a list of field names"),
        ("reason", "expected true, false or a list of field names"),
        ("{reason: true}", "expected true, false or a list of field names"),
        ("[reasn]", "did you mean 'reason'?"),
        ("[reason, 3]", "expected true, false or a list of field names"),
        ("null", "expected true, false or a list of field names"),
    ],
    ids=["number", "yes", "bare-string", "mapping", "misspelt-field", "mixed-list", "null"],
)
def test_a_malformed_private_value_is_a_located_error(
    value: str, says: str, make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Anything but `true`, `false` or a list of sibling field names fails check at the `private:` line."""
    root = make_project(
        {
            AUTHORED: f"""\
        priorities:
          - id: p1
            title: A priority
            outcome: missed
            reason: why
            private: {value}
        """
        }
    )
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{AUTHORED}:6:" in err, err
    assert "priorities[0].private" in err and says in err, err
    assert "Traceback" not in err


PROSE = "content/cycles/mitaka/projects/glance/retrospective.md"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# R\n\n<!-- private -->\nsecret\n", 3),
        ("# R\n\nsecret\n<!-- /private -->\n", 4),
        ("# R\n\n<!-- private -->\na\n<!-- private -->\nb\n<!-- /private -->\n", 5),
        ("# R\n\n<!-- private: board only -->\nsecret\n", 3),
        ("# R\n\nSome text <!-- private --> secret\n", 3),
        ("# R\n\n<!-- Private -->\nsecret\n<!-- /Private -->\n", 3),
        ("# R\n\n<!-- PRIVATE -->\nsecret\n<!-- /PRIVATE -->\n", 3),
        ("# R\n\n<!-- begin private -->\nsecret\n<!-- end private -->\n", 3),
    ],
    ids=[
        "never-closed",
        "never-opened",
        "opened-twice",
        "unknown-argument",
        "inline",
        "capitalised",
        "upper-case",
        "begin-end-words",
    ],
)
def test_unbalanced_or_unknown_private_markers_fail_check(
    text: str, line: int, make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A marker that would not do what the writer meant is an error at its line, never silently published."""
    root = make_project({PROSE: text})
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{PROSE}:{line}:" in err and "private" in err, err


@pytest.mark.parametrize(
    "text",
    [
        "# R\n\n<!-- private: board only -->\nSECRET-MARKER-91ab\n",
        "# R\n\n<!-- Private -->\nSECRET-MARKER-91ab\n<!-- /Private -->\n",
    ],
    ids=["unknown-argument", "capitalised"],
)
def test_a_build_refuses_prose_with_a_bad_marker(text: str, make_project: Callable[..., Path]) -> None:
    """`build` (not only `check`) stops on a bad marker, names the file and line, and publishes nothing of it."""
    root = make_project({PROSE: text})
    done = build(root)
    assert done.returncode != 0, "the build published a file with a bad private marker"
    assert f"{PROSE}:3:" in done.stderr, done.stderr[-2000:]
    site = root / "site"
    assert not site.exists() or "SECRET-MARKER-91ab" not in site_text(site)


def test_a_marker_inside_a_code_fence_is_text_not_a_marker(make_project: Callable[..., Path]) -> None:
    """A guide that shows the syntax in a fence is fine: check passes and the text after the fence is kept."""
    text = textwrap.dedent("""\
        # R

        ```markdown
        <!-- private -->
        ```

        AFTER-THE-FENCE
        """)
    root = make_project({PROSE: text})
    loaded = load_site(root)
    assert loaded.site
    from generator.data.prose import lint, strip_private

    assert not [p for p in lint(text, PROSE) if p.field_path == "private"]
    assert "AFTER-THE-FENCE" in strip_private(text, keep=False)
