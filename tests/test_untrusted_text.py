"""Untrusted text stays text: gathered strings reach the built HTML escaped, links only http/https/mailto.

One tiny project whose gathered files are full of markup and script (a reviewer named
`<script>alert(1)</script>`, a feature title holding `[x](javascript:alert(1))`, a project title
that is a script tag, a cycle title that tries to break out of an attribute) is built once with
the real `cycle-reports build`, and every HTML and JSON file of the output is inspected.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]

FILES = {
    "data/cycles.yaml": """\
        cycles:
          - name: mitaka
            start: 2015-10-16
            end: 2016-04-07
        """,
    # Gathered from the releases repository: the cycle title tries to leave an HTML attribute.
    "data/cycles.gathered.yaml": """\
        cycles:
          - name: mitaka
            title: "Mitaka\\" onmouseover=\\"alert('cycle-title')\\" x=\\""
        """,
    "data/projects.yaml": """\
        projects:
          - key: glance
        """,
    # Gathered from governance: title, service and mission are untrusted.
    "data/projects.gathered.yaml": """\
        projects:
          - key: glance
            title: "<script>alert('project-title')</script>"
            service: "<img src=x onerror=alert('service')>"
            mission: "[m](javascript:alert('mission'))"
        """,
    "data/mitaka/glance/gathered.yaml": """\
        ptl: "<script>alert('ptl')</script>"
        features:
          - id: f1
            title: "A title with [x](javascript:alert(1)) in it"
            description: "<iframe src=javascript:alert('iframe')></iframe> <a href=\\"javascript:alert('a')\\">a</a>"
            source: {url: "javascript:alert('source-url')"}
          - id: f2
            title: "![i](javascript:alert('img')) <javascript:alert('autolink')> [y](JaVaScRiPt:alert('case'))"
          - id: f3
            title: "Also [z](data:text/html;base64,PHNjcmlwdD4=) and [v](vbscript:msgbox(1))"
          - id: f4
            title: "Safe: [web](https://example.org/a) [plain](http://example.org/b) [list](mailto:list@example.org)"
          - id: f5
            title: "{: onclick=\\"alert('attr-list')\\" } `code` *em* | pipe | <!-- comment --> &amp; &lt;b&gt;"
        roster:
          end: ["<script>alert(1)</script>", "Jane Roe"]
          changes:
            - id: c1
              name: "<script>alert(1)</script>"
              change: joined
              reason: "<b onmouseover=alert('reason')>x</b>"
        reviewers:
          - {name: "<script>alert(1)</script>", reviews: 7}
          - {name: "Jane Roe", reviews: 3}
        priorities:
          - id: p1
            title: "<b onmouseover=alert('priority')>bold</b>"
            outcome: missed
            reason: "[r](javascript:alert('reason-link'))"
        review_days:
          - id: r1
            focus: "<svg onload=alert('svg')>"
            participants: ["<script>alert(1)</script>"]
        """,
}

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


# --- the build, once for the module ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project built by the real command, in a subprocess."""
    root = tmp_path_factory.mktemp("untrusted")
    (root / "mkdocs.yml").write_bytes((REPO / "mkdocs.yml").read_bytes())
    for path in (REPO / "theme").rglob("*"):
        if path.is_file():
            target = root / "theme" / path.relative_to(REPO / "theme")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(root), "build", "--quiet", "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return root / "site"


class Page(HTMLParser):
    """What a browser would make of a page: elements with attributes, script bodies, visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style", "title"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)
        elif not self._in:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def html_pages(site: Path) -> Iterator[tuple[str, Page]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), parse(path)


def scheme(url: str) -> str:
    """The scheme a browser would see (it ignores whitespace and control characters inside it)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


# --- what a reader sees ------------------------------------------------------------------------------


def test_a_reviewer_named_script_appears_literally(site: Path) -> None:
    """The reviewer `<script>alert(1)</script>` is shown as those characters in the retrospective."""
    page = parse(site / "mitaka" / "projects" / "glance" / "retrospective" / "index.html")
    assert "<script>alert(1)</script> 7" in page.visible or "<script>alert(1)</script>" in page.visible
    assert not any("alert(1)" in body for body in page.scripts)


def test_a_title_holding_a_javascript_link_appears_literally(site: Path) -> None:
    """`[x](javascript:alert(1))` in a gathered title is shown as written, not turned into a link."""
    page = parse(site / "mitaka" / "projects" / "glance" / "index.html")
    assert "A title with [x](javascript:alert(1)) in it" in page.visible


@pytest.mark.parametrize(
    "literal",
    [
        "<iframe src=javascript:alert('iframe')></iframe>",
        "<b onmouseover=alert('priority')>bold</b>",
        "<svg onload=alert('svg')>",
        "[r](javascript:alert('reason-link'))",
        "{: onclick=\"alert('attr-list')\" }",
        "| pipe |",
        "<!-- comment --> &amp; &lt;b&gt;",
        "<script>alert('ptl')</script>",
    ],
)
def test_gathered_markup_is_shown_as_text_in_page_bodies(site: Path, literal: str) -> None:
    """Markup, Markdown syntax, table pipes, comments and entities in gathered strings are shown literally."""
    shown = " ".join(page.visible for _, page in html_pages(site / "mitaka"))
    assert literal in shown


def test_no_script_event_handler_or_frame_from_data_in_any_page(site: Path) -> None:
    """No page holds a script that calls alert, an on* attribute, or an iframe/object/embed element."""
    found = []
    for name, page in html_pages(site):
        found += [f"{name}: <script> {body.strip()[:60]}" for body in page.scripts if "alert(" in body]
        for tag, attrs in page.elements:
            found += [f"{name}: <{tag} {key}=…>" for key in attrs if key.startswith("on")]
            if tag in ("iframe", "object", "embed"):
                found.append(f"{name}: <{tag}>")
    assert not found, "\n".join(sorted(set(found)))


def test_page_titles_navigation_and_tags_show_gathered_titles_literally(site: Path) -> None:
    """The project and cycle titles in <title>, the header, the nav and the tags are text, not markup."""
    page = parse(site / "mitaka" / "projects" / "glance" / "index.html")
    assert "<script>alert('project-title')</script>" in page.visible
    raw = (site / "mitaka" / "projects" / "glance" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert('project-title')" not in raw, "a gathered project title is raw HTML somewhere in the page"
    assert "onmouseover=\"alert('cycle-title')" not in raw, "a gathered cycle title broke out of an attribute"


# --- links --------------------------------------------------------------------------------------------


def test_only_http_https_and_mailto_links_survive(site: Path) -> None:
    """Every link target in every page is relative, or http, https or mailto; never javascript: or data:."""
    bad = []
    for name, page in html_pages(site):
        for tag, attrs in page.elements:
            for key, value in attrs.items():
                if key in URL_ATTRIBUTES and scheme(value) and scheme(value) not in SAFE_SCHEMES:
                    bad.append(f"{name}: <{tag} {key}={value[:60]!r}>")
    assert not bad, "\n".join(sorted(set(bad)))


def test_safe_links_in_gathered_text_stay_links(site: Path) -> None:
    """A gathered title's http, https and mailto links are real links; the unsafe ones next to them are text."""
    page = parse(site / "mitaka" / "projects" / "glance" / "index.html")
    hrefs = {attrs.get("href", "") for tag, attrs in page.elements if tag == "a"}
    assert {"https://example.org/a", "http://example.org/b", "mailto:list@example.org"} <= hrefs
    assert "[y](JaVaScRiPt:alert('case'))" in page.visible
    assert "[z](data:text/html;base64,PHNjcmlwdD4=)" in page.visible
    assert "[v](vbscript:msgbox(1))" in page.visible


def test_search_index_and_json_files_carry_no_markup_from_data(site: Path) -> None:
    """The search index and tags JSON (rendered by the theme's JavaScript) hold gathered text escaped."""
    raw_tag = re.compile(r"<\s*(script|iframe|object|embed)\b|<[a-z]+\s[^>]*\bon[a-z]+\s*=", re.I)
    found = []
    for path in sorted(site.rglob("*.json")):

        def walk(value: object, where: str = path.relative_to(site).as_posix()) -> None:
            if isinstance(value, str) and raw_tag.search(value):
                found.append(f"{where}: {value[:80]!r}")
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item, where)
            elif isinstance(value, list):
                for item in value:
                    walk(item, where)

        walk(json.loads(path.read_text(encoding="utf-8")))
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example",
    ],
)
def test_a_data_link_with_another_scheme_is_a_located_error(
    url: str, make_project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`links:` in data accept http, https and mailto only: anything else fails `check` at its line."""
    root = make_project(
        {
            "data/mitaka/glance/gathered.yaml": f"""\
        ptl: Someone
        links:
          - title: a link
            url: {json.dumps(url)}
        """
        }
    )
    assert main(["-C", str(root), "check"]) == 1
    err = capsys.readouterr().err
    assert "data/mitaka/glance/gathered.yaml:4:" in err and "links[0].url" in err, err
    assert "Traceback" not in err
