"""Characters a reader cannot see, in text typed for a shared screen, a report or an export.

A right-to-left override (U+202E) turns "Stage crew" into what looks like another word; a NUL or a
zero-width space makes two labels that look the same compare different, so a group label could
escape the differencing rule unnoticed; control characters break CSV files and terminals. One rule
for every typed text: control characters (Unicode category Cc, beyond the line breaks and tabs a
multi-line text may hold) and invisible format characters (category Cf: bidi overrides and isolates,
zero-width spaces, soft hyphens and the like) are refused with a clear message, never dropped
silently. Emoji need the zero-width joiner (U+200D, as in a family or a flag sequence), so free text
keeps it; a label that names something (a group) does not. Text is compared and stored in NFC.
"""

from __future__ import annotations

import unicodedata

# The message every typed free text gives when it holds such a character (the catalogue's key).
HIDDEN_CHARACTERS = "text.hidden_characters"

_EMOJI_JOINER = "\u200d"
_LINE_BREAKS = frozenset("\n\r\t")


def has_hidden_characters(text: str, *, emoji_allowed: bool = True, lines_allowed: bool = False) -> bool:
    """True when `text` holds a control or invisible format character: Cc and Cf, except the emoji
    joiner (when `emoji_allowed`) and line breaks and tabs (when `lines_allowed`)."""
    for character in text:
        category = unicodedata.category(character)
        if category == "Cc" and not (lines_allowed and character in _LINE_BREAKS):
            return True
        if category == "Cf" and not (emoji_allowed and character == _EMOJI_JOINER):
            return True
    return False


def folded_line(text: str) -> str:
    """`text` in NFC on one line: trimmed, runs of blank space (line breaks included) made one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def folded_lines(text: str) -> str:
    """`text` in NFC with its line breaks kept as "\\n", each line's end trimmed and the whole trimmed."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)
