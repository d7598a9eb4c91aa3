"""Untrusted text stays text: escaping for Markdown and HTML, safe links only.

Everything that comes from a public source (names, titles, highlights, commit subjects) goes
through `escape_inline` before it reaches a page, so `<script>` or `[x](javascript:…)` shows up
literally. Markdown links inside such text survive only when their target is http, https or
mailto. The PTL's own Markdown prose is trusted and passed through as written.
"""

from __future__ import annotations

import re
from typing import Any

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_LINK = re.compile(r"\[([^\[\]]{1,300})\]\(([^()\s]{1,2000})\)")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^=:-])")


def _escape_plain(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_inline(value: object) -> str:
    """Text safe to place inline in Markdown: one line, specials escaped, safe links kept."""
    text = " ".join(str(value).split())
    out: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        out.append(_escape_plain(text[last : match.start()]))
        label, url = match.group(1), match.group(2)
        if url.lower().startswith(SAFE_SCHEMES):
            out.append(f"[{_escape_plain(label)}]({safe_url(url)})")
        else:
            out.append(_escape_plain(match.group(0)))
        last = match.end()
    out.append(_escape_plain(text[last:]))
    return "".join(out)


def safe_url(url: str) -> str:
    """A URL usable as a Markdown link target, or an empty string when its scheme is not allowed."""
    url = url.strip()
    if not url.lower().startswith(SAFE_SCHEMES):
        return ""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def format_number(value: float) -> str:
    """1234567 → '1,234,567'; 7.8 → '7.8'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_money(value: float, unit: str) -> str:
    """A figure with its unit: USD amounts as $7.8M, others as '15,000 members'."""
    if unit.upper() in ("USD", "$"):
        if abs(value) >= 1_000_000:
            return f"${value / 1_000_000:,.1f}M".replace(".0M", "M")
        if abs(value) >= 1_000:
            return f"${value / 1_000:,.0f}k"
        return f"${format_number(value)}"
    if unit == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {unit}".strip()


# Words that qualify a figure ("over 15,000"), when a board note starts with one.
_QUALIFIERS = ("at least", "more than", "less than", "fewer than", "up to", "over", "under", "about",
               "almost", "nearly", "roughly", "around", "approximately", "some")  # fmt: skip


def qualified_figure(figure: Any) -> dict[str, str]:
    """A reported figure as a reader says it: a note that starts with a qualifier puts it before
    the number ("over 15,000"), and only the rest of the note stays a note ("soon after the
    launch"). `{label, value, note}`, the value formatted with its unit, each still unescaped."""
    note = str(getattr(figure, "note", "") or "").strip()
    value = format_money(figure.value, getattr(figure, "unit", "") or "")
    lowered = note.lower()
    for word in _QUALIFIERS:
        tail = note[len(word) :]
        # The qualifier alone, or set off from the rest ("over; soon after the launch"): not a
        # note that only begins with the word ("under review", "over-the-air", "some of it").
        alone = not tail.strip(" .") or tail[:1] in (",", ";", ":") or tail.startswith((" —", " –", " - "))
        if lowered.startswith(word) and alone:
            rest = tail.lstrip(" ,;:—–-").strip()
            return {"label": figure.label, "value": f"{note[: len(word)]} {value}", "note": "" if rest == "." else rest}
    return {"label": figure.label, "value": value, "note": note}


def and_list(items: Any, around: str = "") -> str:
    """Items as a sentence lists them, each between `around` (`**` for bold): "a", "a and b",
    "a, b and c"; "" for none."""
    said = [f"{around}{item}{around}" for item in items]
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else "".join(said)


def first_upper(text: str) -> str:
    """The first letter capitalised and the rest as the author wrote it ("every Monday" → "Every Monday")."""
    return text[:1].upper() + text[1:]
