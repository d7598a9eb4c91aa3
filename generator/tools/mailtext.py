"""Markdown → the plain text of a mailing-list post: paragraphs reflowed to 72 columns, headings
underlined, lists hanging-indented, tables as aligned columns (or one small list per row when too
wide), links and footnotes as numbered references collected at the end.

The Markdown goes through python-markdown with the extensions the site uses (superfences
included, so a fenced block inside a list or an admonition stays a block), and the HTML it
produces is walked into text by `TextWriter`.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import markdown  # type: ignore[import-untyped]

from .mailnotes import WIDTH, note_reference, reference_lines, take_footnotes

NBSP = "\u00a0"  # keeps "[1]" on the line of the word it annotates; textwrap never breaks at it
ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not str.split(): that would also eat NBSP
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
ICON = re.compile(r":(?:material|octicons|fontawesome|simple)-[\w-]+:(?:\{[^}\n]*\})?\s?")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "pymdownx.superfences", "sane_lists", "footnotes"]
EXTENSIONS.append("pymdownx.escapeall")
EXTENSION_CONFIGS = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}
BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "pre", "blockquote", "div", "hr",
    "dl", "dt", "dd", "details", "summary", "section", "figure",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}
UNDERLINE = {1: "=", 2: "=", 3: "-"}
SKIPPED_TAGS = {"nav", "svg", "script", "style", "template", "button"}  # site furniture, not the report


# --- Markdown → a small HTML tree ----------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def skipped(self) -> bool:
        return self.tag in SKIPPED_TAGS or self.attrs.get("aria-hidden") == "true"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_markdown(text: str) -> Node:
    """Markdown (front matter and Material icons removed) → the tree of its HTML."""
    text = ICON.sub("", FRONT_MATTER.sub("", text))
    html = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# --- links as numbered references ----------------------------------------------------------------


@dataclass
class References:
    """Numbered link targets in order of first use; the same URL keeps its number."""

    page_url: str = ""  # where the page is published: relative links resolve against it
    folder_url: str = ""  # its Markdown file's folder: `.md` links resolve against it (as mkdocs does)
    urls: list[str] = field(default_factory=list)
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # a page's Sources: #fn:sN → (url, when)

    @classmethod
    def for_page(cls, site_url: str, cycle: str, page: str) -> References:
        """References for `page` (a docs-relative .md path) in `cycle`'s version of the site."""
        base = f"{site_url.rstrip('/')}/{cycle}/"
        folder = posixpath.dirname(page)
        return cls(urljoin(base, page_url(page)), urljoin(base, f"{folder}/" if folder else ""))

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1

    def absolute(self, href: str) -> str:
        """The address a reader can open, or "" for in-page anchors and unresolvable links."""
        href = href.strip()
        if not href or href.startswith("#"):
            return ""
        if SCHEME.match(href):
            return href if href.lower().startswith(("http://", "https://")) else ""
        if not self.page_url:
            return ""
        path, hash_, fragment = href.partition("#")
        if path.endswith(".md"):
            return urljoin(self.folder_url, page_url(path)) + hash_ + fragment
        return urljoin(self.page_url, href)

    def render(self) -> str:
        return reference_lines(self.urls, self.notes)


def page_url(path: str) -> str:
    """The directory URL mkdocs gives a Markdown path: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    if posixpath.basename(path) == "index.md":
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


# --- the tree → text -----------------------------------------------------------------------------


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Reflow `text` (hard breaks kept) to `width`; long words such as URLs are never split."""
    lines: list[str] = []
    for number, part in enumerate(text.split("\n")):
        wrapper = textwrap.TextWrapper(
            width=width,
            initial_indent=first if number == 0 else rest,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += wrapper.wrap(part) or [(first if number == 0 else rest).rstrip()]
    return [line.replace(NBSP, " ").rstrip() for line in lines]


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    out = [first + lines[0]] + [(rest + line) if line else "" for line in lines[1:]]
    return "\n".join(line.rstrip() for line in out)


class TextWriter:
    """Walks the HTML tree of one page into plain text, collecting link references."""

    def __init__(self, references: References, skip_title: bool = True) -> None:
        self.refs = references
        self.skip_title = skip_title
        self.title = ""

    # inline content: one string, words separated by single spaces, "\n" only for <br>
    def inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return ASCII_SPACE.sub(" ", node)
        if node.skipped:
            return ""
        if node.tag == "br":
            return "\n"
        if node.tag == "img":
            return f"[image: {node.attrs.get('alt', '')}]"
        text = "".join(self.inline(child) for child in node.children)
        if "footnote-ref" in node.classes():  # a figure's source: the number of its reference
            return note_reference(self.refs.notes, node.attrs.get("href", ""), self.refs.number)
        if node.tag == "a":
            url = self.refs.absolute(node.attrs.get("href", ""))
            label = text.strip()
            if not url:
                return text
            if not label or label.rstrip("/") == url.rstrip("/") or SCHEME.sub("", url).strip("/") == label:
                return url
            return f"{text}{NBSP}[{self.refs.number(url)}]"
        return text

    def text_of(self, node: Node) -> str:
        return re.sub(r" *\n *", "\n", self.inline(node)).strip(" ")

    # blocks: a list of paragraphs of text, each already wrapped to `width`
    def blocks(self, node: Node, width: int) -> list[str]:
        out: list[str] = []
        run: list[Node | str] = []

        def flush() -> None:
            text = re.sub(r" *\n *", "\n", "".join(self.inline(n) for n in run)).strip()
            if text:
                out.append("\n".join(wrap(text, width)))
            run.clear()

        for child in node.children:
            if isinstance(child, Node) and child.skipped:
                continue
            if isinstance(child, Node) and child.tag in BLOCK_TAGS:
                flush()
                block = self.block(child, width)
                if block:
                    out.append(block)
            else:
                run.append(child)
        flush()
        return out

    def block(self, node: Node, width: int) -> str:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return self.heading(node, int(tag[1]), width)
        if tag == "p" and "admonition-title" in node.classes():
            return self.heading(node, 3, width)
        if tag == "p":
            return "\n".join(wrap(self.text_of(node), width))
        if tag in ("ul", "ol"):
            return self.listing(node, width)
        if tag == "table":
            return self.table(node, width)
        if tag == "pre":
            code = "".join(n if isinstance(n, str) else self.raw(n) for n in node.children).strip("\n")
            return "\n".join(("    " + line).rstrip() for line in code.split("\n"))
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node, width - 2))
            return "\n".join(("> " + line).rstrip() for line in inner.split("\n"))
        if tag == "hr":
            return "-" * 8
        if tag == "dd":
            return _indent("\n\n".join(self.blocks(node, width - 4)), "    ", "    ")
        return "\n\n".join(self.blocks(node, width))

    def raw(self, node: Node) -> str:
        return "".join(n if isinstance(n, str) else self.raw(n) for n in node.children)

    def heading(self, node: Node, level: int, width: int) -> str:
        text = self.text_of(node).replace("\n", " ")
        if level == 1 and (self.skip_title or text == self.title):
            self.skip_title = False  # the subject line already carries the page title (and says it once)
            self.title = text
            return ""
        lines = wrap(text, width)
        char = UNDERLINE.get(level, "~")
        return "\n".join([*lines, char * max(len(line) for line in lines)]) if lines else ""

    def listing(self, node: Node, width: int) -> str:
        items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
        start = int(node.attrs.get("start", "1") or 1)
        markers = [f"{start + i}." if node.tag == "ol" else "-" for i in range(len(items))]
        size = max((len(m) for m in markers), default=1) + 1
        loose = any(isinstance(c, Node) and c.tag == "p" for item in items for c in item.children)
        rendered = []
        for marker, item in zip(markers, items, strict=True):
            inner = ("\n\n" if loose else "\n").join(self.blocks(item, width - size))
            rendered.append(_indent(inner, marker.ljust(size), " " * size))
        return ("\n\n" if loose else "\n").join(rendered)

    def table(self, node: Node, width: int) -> str:
        rows: list[list[str]] = []
        right: list[bool] = []
        for tr in _find(node, "tr"):
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
            rows.append([self.text_of(c).replace("\n", " ") for c in cells])
            right = right or ["right" in c.attrs.get("style", "") for c in cells]
        if not rows:
            return ""
        columns = max(len(r) for r in rows)
        rows = [r + [""] * (columns - len(r)) for r in rows]
        right += [False] * (columns - len(right))
        header, body = (rows[0], rows[1:]) if _find(node, "th") else ([""] * columns, rows)
        if columns == 2 and not header[1]:
            return self._key_value(header[0], body, width)
        sizes = [max(len(r[i]) for r in [header, *body]) for i in range(columns)]
        if sum(sizes) + 2 * (columns - 1) <= width:
            return self._aligned(header, body, sizes, right)
        return self._per_row(header, body, width)

    @staticmethod
    def _aligned(header: list[str], body: list[list[str]], sizes: list[int], right: list[bool]) -> str:
        def line(cells: list[str]) -> str:
            padded = [c.rjust(s) if r else c.ljust(s) for c, s, r in zip(cells, sizes, right, strict=True)]
            return "  ".join(padded).replace(NBSP, " ").rstrip()

        lines = []
        if any(header):
            lines += [line(header), "  ".join("-" * s for s in sizes)]
        lines += [line(row) for row in body]
        return "\n".join(lines)

    @staticmethod
    def _key_value(caption: str, body: list[list[str]], width: int) -> str:
        """A two-column table without a value header (`| | |`): `Key:  value` lines."""
        indent = "  " if caption else ""
        size = max(len(key) for key, _ in body) + 3
        lines = [caption] if caption else []
        for key, value in body:
            if size <= width // 3:
                lines += wrap(value or "—", width, indent + f"{key}:".ljust(size), indent + " " * size)
            else:
                lines += wrap(f"{key}: {value or '—'}", width, indent, indent + "    ")
        return "\n".join(lines)

    @staticmethod
    def _per_row(header: list[str], body: list[list[str]], width: int) -> str:
        """One item per row; a table of one value column reads "- first — second" (no "Focus:"
        label on every line), wider ones label each value by its column."""
        out = []
        if len(header) == 2:
            for first, second in body:
                value = "" if second.strip() in ("", "—") else f" — {second}"
                out.append("\n".join(wrap(f"{first or '—'}{value}", width, "- ", "  ")))
            return "\n".join(out)
        for row in body:
            lines = wrap(row[0] or "—", width, "- ", "  ")
            for label, value in zip(header[1:], row[1:], strict=True):
                if value.strip() in ("", "—"):
                    continue
                lines += wrap(f"{label}: {value}" if label else value, width, "  ", "    ")
            out.append("\n".join(lines))
        return "\n\n".join(out)


def _find(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                found.append(child)
            else:
                found += _find(child, tag)
    return found


def render_text(markdown_text: str, refs: References | None = None, width: int = WIDTH) -> str:
    """Markdown → the plain-text body of a post: reflowed text, then the numbered references."""
    refs = refs or References()
    root = parse_markdown(markdown_text)
    refs.notes = take_footnotes(root)
    body = "\n\n".join(TextWriter(refs).blocks(root, width))
    return body + ("\n\n" + refs.render() if refs.urls else "") + "\n"
