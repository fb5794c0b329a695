"""The gettext catalogues on disk: where they live, how they are read and written, and plural rules.

Every entry's `msgctxt` is the stable key that code calls (`live.console.room`), its `msgid` the
English source text, its `msgstr` the translation. `en/LC_MESSAGES/messages.po` holds the English
(its msgstr stays empty) and `messages.pot` is generated from it (`cardapp i18n update`).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
# Numbers tried when matching CLDR plural categories to gettext form indexes: enough to meet every
# category of every language Babel knows (the last ones need 11-19, 100-102).
PLURAL_SAMPLES = range(0, 201)

PluralRule = Callable[[int], int]


def po_path(language: str, root: Path = TRANSLATIONS) -> Path:
    """Where `language`'s catalogue lives under `root`."""
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path(root: Path = TRANSLATIONS) -> Path:
    return root / f"{DOMAIN}.pot"


def languages_on_disk(root: Path = TRANSLATIONS) -> list[str]:
    """Every language with a catalogue under `root`, English first."""
    found = sorted(path.parent.parent.name for path in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return sorted(found, key=lambda code: code != SOURCE_LANGUAGE)


def read_catalogue(path: Path, language: str | None = None, strict: bool = False) -> Catalog:
    """Babel's reading of a .po file; `strict` raises PoFileError where Babel would only warn
    (such as more plural forms than the header allows)."""
    with path.open("rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN, abort_invalid=strict)
    _restore_previous_msgids(catalog)
    return catalog


def _restore_previous_msgids(catalog: Catalog) -> None:
    # Babel writes the previous English of a fuzzy entry (`#| msgid "..."`) but reads it back as a
    # translator comment; moved back where it belongs, it survives the next update.
    for message in catalog:
        previous = [comment for comment in message.user_comments if comment.startswith("|")]
        if previous:
            message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
            message.previous_id = [unescape(comment.split(None, 2)[2]) for comment in previous
                                   if len(comment.split(None, 2)) == 3]


def write_catalogue(path: Path, catalog: Catalog) -> None:
    """Write `catalog` unwrapped (width 0): one line per text keeps diffs and greps readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=0, no_location=True, include_previous=True)


def new_catalogue(language: str | None) -> Catalog:
    """An empty catalogue for `language` (None: the template), headers filled in by Babel."""
    return Catalog(locale=language, domain=DOMAIN, project="cardapp", fuzzy=False,
                   header_comment=f"# cardapp interface text{f' ({language})' if language else ''}.\n"
                                  "# Translators: see docs/translating.md.\n#")


def plural_rule(catalog: Catalog) -> PluralRule:
    """The gettext form index for a count, from the catalogue's `Plural-Forms` (parsed, never eval'd by us)."""
    return gettext.c2py(catalog.plural_expr)


def plural_categories(language: str, rule: PluralRule) -> dict[str, int]:
    """CLDR plural category ("one", "other", ...) -> gettext form index, as `Intl.PluralRules` names them."""
    locale = Locale.parse(language)
    return {str(locale.plural_form(count)): rule(count) for count in PLURAL_SAMPLES}


def sample_counts(rule: PluralRule, forms: int) -> list[int]:
    """For each form index, the smallest count that selects it (or 0 when none in the samples does)."""
    samples: dict[int, int] = {}
    for count in PLURAL_SAMPLES:
        samples.setdefault(rule(count), count)
    return [samples.get(index, 0) for index in range(forms)]


@dataclass(frozen=True)
class Texts:
    """One language's usable text: fuzzy and empty entries are left out, so they count as missing."""

    language: str
    singular: dict[str, str] = field(default_factory=dict)
    plural: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rule: PluralRule = lambda count: int(count != 1)
    forms: int = 2


def texts_of(catalog: Catalog, language: str) -> Texts:
    """The usable entries of `catalog`; in English the msgid itself is the text."""
    source = language == SOURCE_LANGUAGE
    texts = Texts(language, rule=plural_rule(catalog), forms=catalog.num_plurals)
    for message in catalog:
        if not message.id or not message.context or message.fuzzy:
            continue
        text = english_of(message) if source else message.string
        if isinstance(text, (tuple, list)):
            if all(text):
                texts.plural[message.context] = tuple(text)
        elif text:
            texts.singular[message.context] = text
    return texts


def english_of(message: Message) -> str | tuple[str, ...]:
    """The English text of an entry: its msgid, or (singular, plural) for a plural entry."""
    return tuple(message.id) if message.pluralizable else str(message.id)


def by_key(catalog: Catalog) -> dict[str, Message]:
    """The catalogue's entries by key (msgctxt)."""
    return {message.context: message for message in catalog if message.id and message.context}
