"""Interface text in English and Norwegian bokmål, from JSON catalogues kept side by side.

Deck text is translated inside the decks; this is only for the words of the pages and errors.
A test keeps the catalogues' keys identical.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES: dict[str, str] = {"en": "English", "nb": "Norsk bokmål"}
DEFAULT_LANGUAGE = "en"
# Browsers may send "no" or "nn" for Norwegian; bokmål is the closest catalogue we have.
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb", "nb": "nb", "en": "en"}
# Languages a deck may be written in, by their own names (the phone's picker, the projector's
# language): nynorsk, Danish and Swedish decks exist before interfaces in those languages do.
DECK_LANGUAGE_NAMES: dict[str, str] = {**LANGUAGES, "nn": "Norsk nynorsk", "da": "Dansk", "sv": "Svenska"}
# A deck language without interface text of its own borrows the closest catalogue's words: nynorsk
# reads bokmål; Danish and Swedish readers get English, the interface language every visitor can
# already choose (not every Swedish reader reads Norwegian).
INTERFACE_FALLBACK = {"nn": "nb", "da": "en", "sv": "en"}

CATALOGUES = Path(__file__).resolve().parent / "translations"


@cache
def catalogue(language: str) -> dict[str, str]:
    """`<language>.json` merged with every `<area>.<language>.json` (e.g. `live.nb.json`)."""
    data: dict[str, str] = {}
    for path in sorted(CATALOGUES.glob(f"*{language}.json")):
        if path.name == f"{language}.json" or path.name.endswith(f".{language}.json"):
            data.update(json.loads(path.read_text("utf-8")))
    return data


def interface_language(language: str) -> str:
    """The catalogue that speaks for `language`: its fallback (`nn` -> `nb`, `da` -> `en`) while it has none."""
    return language if language in LANGUAGES else INTERFACE_FALLBACK.get(language, language)


def texts_with_prefix(prefix: str, language: str) -> dict[str, str]:
    """Every interface text whose key starts with `prefix`, for a page's script."""
    merged = {**catalogue(DEFAULT_LANGUAGE), **catalogue(interface_language(language))}
    return {key: text for key, text in merged.items() if key.startswith(prefix)}


def translate(key: str, language: str, **params: Any) -> str:
    """The text for `key` in `language` (or its fallback), else English; `{name}` fields are filled in."""
    text = catalogue(interface_language(language)).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"no interface text {key!r}")
    return text.format(**params) if params else text


def supported_language(code: str | None) -> str | None:
    """`nb`, `en` or None for a requested language code such as `nb-NO` or `no`."""
    if not code:
        return None
    return LANGUAGE_ALIASES.get(code.strip().lower().replace("_", "-").split("-")[0])
