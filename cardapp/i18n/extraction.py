"""The keys that code, templates and scripts use, found by Babel's standard extraction (`babel.cfg`).

Every call below names its key as the first argument. A key built at run time (an f-string,
`live.choice.${choice}`) cannot be extracted and is left out: those keys are checked by the tests
of the screens that build them.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

PROJECT = Path(__file__).resolve().parents[2]
MAPPING = PROJECT / "babel.cfg"
# Python and templates: _ (pages), _n (plural in pages), translate, translate_plural; scripts: t, tn.
KEYWORDS: dict[str, None] = dict.fromkeys(("_", "_n", "translate", "translate_plural", "t", "tn"))


@dataclass(frozen=True)
class KeyUse:
    key: str
    path: str
    line: int


def used_keys(project: Path = PROJECT, mapping: Path = MAPPING) -> list[KeyUse]:
    """Every literal key passed to a text function, with where it is used."""
    with mapping.open() as file:
        method_map, options_map = parse_mapping_cfg(file)  # type: ignore[no-untyped-call]
    # Babel warns on stderr about each f-string it skips: those are our run-time keys, expected.
    with contextlib.redirect_stderr(io.StringIO()):
        found = list(extract_from_dir(str(project), method_map, options_map, keywords=KEYWORDS,
                                      comment_tags=(), strip_comment_tags=True))
    uses = []
    for path, line, message, _comments, _context in found:
        key = message if isinstance(message, str) else message[0]
        if key and "${" not in key:
            uses.append(KeyUse(key, path, line))
    return uses


def unknown_keys(known: set[str], project: Path = PROJECT, mapping: Path = MAPPING) -> list[KeyUse]:
    """Uses of a literal key that is not in `known` (the English catalogue's keys)."""
    return [use for use in used_keys(project, mapping) if use.key not in known]
