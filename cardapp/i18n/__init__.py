"""Interface text from gettext catalogues, one per language (`translations/<lang>/LC_MESSAGES/messages.po`).

Code calls text by its stable key (the entry's msgctxt); the English source is the msgid, so a
translator's tool shows it and marks translations fuzzy when it changes (docs/translating.md).
Deck text is translated inside the decks; this is only for the words of the pages and errors.
The interface languages are the catalogues present on disk; a missing entry falls back along
`FALLBACKS` (nynorsk to bokmål, then English).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cardapp.i18n.catalogues import (
    SOURCE_LANGUAGE,
    Texts,
    languages_on_disk,
    plural_categories,
    po_path,
    read_catalogue,
    sample_counts,
    texts_of,
)

DEFAULT_LANGUAGE = SOURCE_LANGUAGE
# Each language by its own name: what the switcher and the phone's picker show.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "nb": "Norsk bokmål", "nn": "Norsk nynorsk", "da": "Dansk", "sv": "Svenska",
    "se": "Davvisámegiella",
}
# Where a missing entry is looked up next. Nynorsk (and Northern Sámi, whose readers in Norway read
# bokmål) borrow bokmål first; Danish and Swedish readers get English, not every one reads Norwegian.
FALLBACKS = {"nn": "nb", "se": "nb", "nb": "en", "da": "en", "sv": "en"}
# Browsers may send "no" for Norwegian: bokmål, the written standard most of them mean.
LANGUAGE_ALIASES = {"no": "nb"}

# The interface languages: a catalogue on disk makes one.
LANGUAGES: dict[str, str] = {code: LANGUAGE_NAMES.get(code, code) for code in languages_on_disk()}
# Languages a deck may be written in (the phone's picker, the projector's language), which may have
# no interface catalogue of their own yet.
DECK_LANGUAGE_NAMES: dict[str, str] = {code: LANGUAGE_NAMES[code] for code in ("en", "nb", "nn", "da", "sv")}


def fallback_chain(language: str) -> list[str]:
    """`language`, then where its missing entries are looked up (`nn` -> `nb` -> `en`), ending in English."""
    chain = [language]
    while chain[-1] in FALLBACKS and FALLBACKS[chain[-1]] not in chain:
        chain.append(FALLBACKS[chain[-1]])
    return chain if DEFAULT_LANGUAGE in chain else [*chain, DEFAULT_LANGUAGE]


@cache
def catalogue(language: str) -> Texts:
    """`language`'s usable entries, read once; an empty set for a language without a catalogue."""
    path = po_path(language)
    return texts_of(read_catalogue(path, language), language) if path.exists() else Texts(language)


def _present_chain(language: str) -> list[Texts]:
    return [catalogue(code) for code in fallback_chain(language) if code in LANGUAGES]


def interface_language(language: str) -> str:
    """The first interface language along `language`'s chain: `nn` reads `nb` while nynorsk has no catalogue."""
    return next((code for code in fallback_chain(language) if code in LANGUAGES), DEFAULT_LANGUAGE)


def translate(key: str, language: str, **params: Any) -> str:
    """The text for `key` in `language` or along its fallback chain; `{name}` fields are filled in."""
    for texts in _present_chain(language):
        if key in texts.singular:
            text = texts.singular[key]
            return text.format(**params) if params else text
    raise KeyError(f"no interface text {key!r}")


def translate_plural(key: str, count: int, language: str, **params: Any) -> str:
    """The form of plural entry `key` that `language`'s plural rule picks for `count`, with `{count}` filled in."""
    for texts in _present_chain(language):
        if key in texts.plural:
            return texts.plural[key][texts.rule(count)].format(**{"count": count, **params})
    raise KeyError(f"no plural interface text {key!r}")


def texts_with_prefix(prefix: str, language: str) -> dict[str, Any]:
    """Every interface text whose key starts with `prefix`, for a page's script: plural entries as
    lists of forms in the order of `language`'s plural rule (see `plural_forms_of`)."""
    return dict(_texts_with_prefix(prefix, language))  # a copy: the cached one is shared by every page


@cache
def _texts_with_prefix(prefix: str, language: str) -> dict[str, Any]:
    # Built once per (prefix, language): about 4 ms each time, on every page with a script.
    chain = _present_chain(language)
    page = chain[0] if chain else catalogue(DEFAULT_LANGUAGE)
    merged: dict[str, Any] = {}
    for texts in reversed(chain):
        merged.update((key, text) for key, text in texts.singular.items() if key.startswith(prefix))
        merged.update((key, _forms_for(page, texts, forms)) for key, forms in texts.plural.items()
                      if key.startswith(prefix))
    return merged


def _forms_for(page: Texts, source: Texts, forms: tuple[str, ...]) -> list[str]:
    # Forms borrowed from a fallback language are reordered for the page's rule: for each of the page's
    # form indexes, the fallback's form for the same count.
    if source is page:
        return list(forms)
    return [forms[source.rule(count)] for count in sample_counts(page.rule, page.forms)]


@cache
def plural_forms_of(language: str) -> dict[str, Any]:
    """What a script needs to pick a plural form: the language `Intl.PluralRules` should use and its
    CLDR categories ("one", "other", ...) mapped to gettext form indexes."""
    page = interface_language(language)
    return {"language": page, "categories": plural_categories(page, catalogue(page).rule)}


def supported_language(code: str | None) -> str | None:
    """The interface language for a requested code such as `nb-NO`, `no` or `nn`; None when there is none.

    A language without a catalogue counts only when its chain leads to a close one (`nn` -> `nb`);
    Danish or Swedish without a catalogue is None, so a browser's next wish is tried.
    """
    if not code:
        return None
    language = code.strip().lower().replace("_", "-").split("-")[0]
    language = LANGUAGE_ALIASES.get(language, language)
    if language in LANGUAGES:
        return language
    close = FALLBACKS.get(language)
    return close if close in LANGUAGES and close != DEFAULT_LANGUAGE else None
