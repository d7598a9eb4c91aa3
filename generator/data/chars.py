"""Characters no published text needs and an attacker does, removed wherever text enters.

Every string read from a data file (`yamlio`) and every string `gather` writes goes through
`clean_text`, so neither a page's front matter (which a YAML reader would refuse, and mkdocs then
publish as Markdown), nor a reader's screen (bidirectional overrides that reverse what is shown),
nor a terminal (escape sequences) ever receives them.
"""

from __future__ import annotations

import re

# What no published text needs and an attacker does: C0 controls but tab and newline, DEL, the C1
# controls (which also make YAML readers refuse a document), bidirectional embeddings, overrides
# and isolates (display spoofing: `‮gnp.exe`), zero-width spaces and joiners, the word joiner,
# invisible operators, byte-order marks, soft hyphens, interlinear annotations and Unicode tags.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U000e0000-\U000e0fff\ud800-\udfff]"
)
# Zero-width joiners are part of the spelling in Indic and Arabic-script names and in emoji
# sequences: kept between two characters that are not ASCII, removed elsewhere.
_JOINERS = "\u200c\u200d"


def clean_text(value: str) -> str:
    """`value` without control, bidirectional-override and invisible characters.

    Applied to every string read from a data file and to every string `gather` writes, so neither
    a page's front matter, nor a reader's screen, nor a terminal ever receives them.
    """
    if not _INVISIBLE.search(value):
        return value
    out = []
    for index, char in enumerate(value):
        if not _INVISIBLE.match(char) or (
            char in _JOINERS and 0 < index < len(value) - 1 and ord(value[index - 1]) > 0x24F < ord(value[index + 1])
        ):
            out.append(char)
    return "".join(out)
