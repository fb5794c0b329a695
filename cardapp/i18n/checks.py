"""The rules every catalogue keeps, as one readable line per problem (`cardapp i18n check`, `make test`).

A translated entry is complete when it is neither fuzzy nor empty, keeps the English placeholders
(`{name}`) in every form, and has as many plural forms as its `Plural-Forms` header says, which must
be what Babel knows for the language.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError

from cardapp.i18n.catalogues import (
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    english_of,
    languages_on_disk,
    plural_categories,
    plural_rule,
    po_path,
    read_catalogue,
    template_path,
)
from cardapp.i18n.maintenance import same_entries, template_from

PLACEHOLDER = re.compile(r"\{(\w+)\}")
COUNT = "count"


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def catalogue_problems(root: Path = TRANSLATIONS) -> list[str]:
    """Every problem in the template and the catalogues under `root`."""
    source_path = po_path(SOURCE_LANGUAGE, root)
    if not source_path.exists():
        return [f"{source_path}: the English catalogue is missing"]
    source = read_catalogue(source_path, SOURCE_LANGUAGE)
    problems = list(_source_problems(source, _name(source_path, root)))
    problems += _template_problems(source, root)
    for language in languages_on_disk(root):
        if language != SOURCE_LANGUAGE:
            path = po_path(language, root)
            try:
                catalog = read_catalogue(path, language, strict=True)
            except PoFileError as error:
                problems.append(f"{_name(path, root)}: {error} (Babel's words: one entry breaks the file's rules)")
                # Read again leniently (Babel's warnings, already reported, silenced) for the other problems.
                with contextlib.redirect_stdout(io.StringIO()):
                    catalog = read_catalogue(path, language)
            problems += _translation_problems(source, catalog, language, _name(path, root))
    return problems


def _name(path: Path, root: Path) -> str:
    return str(path.relative_to(root.parent))


def _source_problems(source: Catalog, where: str) -> Iterator[str]:
    seen: set[str] = set()
    for message in _entries(source):
        key = message.context
        if not key:
            yield f"{where}: entry {message.id!r} has no key (msgctxt)"
            continue
        if key in seen:
            yield f"{where}: {key}: the key is used twice"
        seen.add(key)
        if message.fuzzy:
            yield f"{where}: {key}: fuzzy (English is the source: remove the flag)"
        pairs = zip(_forms(message.string), _forms(message.id), strict=False)
        if any(string and string != english for string, english in pairs):
            yield f"{where}: {key}: msgstr differs from msgid (English is the source: leave msgstr empty)"


def _template_problems(source: Catalog, root: Path) -> list[str]:
    path = template_path(root)
    expected = same_entries(template_from(source))
    if not path.exists() or same_entries(read_catalogue(path)) != expected:
        return [f"{_name(path, root)}: out of date with the English catalogue (run `cardapp i18n update`)"]
    return []


def _translation_problems(source: Catalog, catalog: Catalog, language: str, where: str) -> Iterator[str]:
    header = dict(catalog.mime_headers)
    if header.get("Language") != language:
        yield f"{where}: the Language header is {header.get('Language')!r}, not {language!r}"
    expected_forms = get_plural(language).num_plurals
    if catalog.num_plurals != expected_forms:
        yield (f"{where}: Plural-Forms says {catalog.num_plurals} forms; {language} has {expected_forms} "
               f"({get_plural(language).plural_forms})")
    one = plural_categories(language, plural_rule(catalog)).get("one")
    english = {message.context: message for message in _entries(source) if message.context}
    translated = {message.context: message for message in _entries(catalog) if message.context}
    for key in english.keys() - translated.keys():
        yield f"{where}: {key}: missing (run `cardapp i18n update`, then translate)"
    for key in translated.keys() - english.keys():
        yield f"{where}: {key}: not in the English catalogue (run `cardapp i18n update`)"
    for key, message in translated.items():
        if key in english:
            yield from (f"{where}: {key}: {problem}"
                        for problem in entry_problems(english[key], message, catalog.num_plurals, one))


def entry_problems(english: Message, message: Message, forms: int, one: int | None) -> list[str]:
    """What is wrong with one translated entry, measured against its English."""
    if message.id != english.id:
        return ["the English changed (run `cardapp i18n update`)"]
    if message.fuzzy:
        return ["fuzzy (the English changed: review the translation, then remove the flag)"]
    strings = _forms(message.string)
    if english.pluralizable != isinstance(message.string, (tuple, list)):
        return ["plural entry in one catalogue, single text in the other"]
    if english.pluralizable and len(strings) != forms:
        return [f"{len(strings)} plural forms where Plural-Forms says {forms}"]
    if not all(string.strip() for string in strings):
        if len(strings) == 1:
            return ["untranslated (empty)"]
        return [f"untranslated (each of the {forms} plural forms needs a text)"]
    return _placeholder_problems(english_of(english), strings, one)


def _placeholder_problems(english: str | tuple[str, ...], strings: list[str], one: int | None) -> list[str]:
    if isinstance(english, str):
        wanted, found = placeholders(english), placeholders(strings[0])
        return [] if wanted == found else [f"placeholders {_braced(found)} differ from the English {_braced(wanted)}"]
    # A form may spell out the number it stands for ("1 vote") where the English singular does; every
    # other placeholder must be in every form, and {count} in each form but the "one" form.
    union = set().union(*map(placeholders, english))
    problems = []
    for index, string in enumerate(strings):
        wanted = union - {COUNT} if index == one or COUNT not in placeholders(english[-1]) else union
        found = placeholders(string)
        if not wanted <= found <= union:
            problems.append(f"form {index}: placeholders {_braced(found)} differ from the English {_braced(wanted)}")
    return problems


def _braced(names: set[str]) -> str:
    return "{" + ", ".join(sorted(names)) + "}" if names else "none"


def _forms(text: str | tuple[str, ...] | list[str] | None) -> list[str]:
    return list(text) if isinstance(text, (tuple, list)) else [text or ""]


def _entries(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]
