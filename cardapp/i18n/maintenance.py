"""Keeping the catalogues in step with the English: the template, `update` and `init`.

The merge is by key (msgctxt), not by Babel's fuzzy matching on msgids: two keys with similar
English must never swap translations. An entry whose English changed keeps its translation, marked
fuzzy with the previous English recorded (`#| msgid`), which is gettext's way of asking for review.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog, Message

from cardapp.i18n.catalogues import (
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    by_key,
    languages_on_disk,
    new_catalogue,
    po_path,
    read_catalogue,
    template_path,
    write_catalogue,
)


def template_from(source: Catalog) -> Catalog:
    """The .pot: every English entry with an empty translation, notes for translators kept."""
    template = new_catalogue(None)
    for message in source:
        if message.id and message.context:
            template.add(message.id, string=("", "") if message.pluralizable else "", context=message.context,
                         auto_comments=message.auto_comments, user_comments=message.user_comments)
    return template


def same_entries(catalog: Catalog) -> list[tuple[object, ...]]:
    """What makes two templates the same: keys, English and notes, in order (not their dates)."""
    return [(message.context, message.id, tuple(message.auto_comments)) for message in catalog if message.id]


def merge_into(catalog: Catalog, template: Catalog) -> Catalog:
    """`catalog` brought in line with `template`: new entries empty, changed English fuzzy, gone entries dropped."""
    merged = new_catalogue(str(catalog.locale) if catalog.locale else None)
    merged.mime_headers = catalog.mime_headers
    old = by_key(catalog)
    empty_plural = ("",) * merged.num_plurals
    for entry in template:
        if not entry.id or not entry.context:
            continue
        message = merged.add(entry.id, string=empty_plural if entry.pluralizable else "", context=entry.context,
                             auto_comments=entry.auto_comments, user_comments=entry.user_comments)
        previous = old.get(entry.context)
        if previous is not None:
            _carry_over(previous, message, merged.num_plurals)
    return merged


def _carry_over(previous: Message, message: Message, forms: int) -> None:
    string = previous.string or ""
    if message.pluralizable and not isinstance(string, (tuple, list)):
        string = (string,) * forms
    elif message.pluralizable:
        string = tuple((*string, *([string[-1]] * forms))[:forms])
    elif isinstance(string, (tuple, list)):
        string = string[-1]
    message.string = string
    message.user_comments = previous.user_comments
    if previous.id != message.id or previous.fuzzy:
        message.flags.add("fuzzy")
        # The oldest English the translation was made for is what the reviewer compares with.
        if previous.fuzzy and previous.previous_id:
            message.previous_id = previous.previous_id
        elif previous.id != message.id:
            message.previous_id = _as_list(previous.id)
    if not any(_as_list(string)):
        message.flags.discard("fuzzy")
        message.previous_id = []


def _as_list(text: str | tuple[str, ...] | list[str] | None) -> list[str]:
    return list(text) if isinstance(text, (tuple, list)) else [text or ""]


def update(root: Path = TRANSLATIONS) -> list[str]:
    """Regenerate the .pot from en.po and merge it into every other language; one line per catalogue."""
    source = read_catalogue(po_path(SOURCE_LANGUAGE, root), SOURCE_LANGUAGE)
    template = template_from(source)
    # Rewritten only when an entry changed, so that an update with nothing new leaves no diff.
    if not template_path(root).exists() or same_entries(read_catalogue(template_path(root))) != same_entries(template):
        write_catalogue(template_path(root), template)
    report = [f"{template_path(root).name}: {len(template)} entries"]
    for language in languages_on_disk(root):
        if language == SOURCE_LANGUAGE:
            continue
        path = po_path(language, root)
        merged = merge_into(read_catalogue(path, language), template)
        write_catalogue(path, merged)
        fuzzy = sum(1 for message in merged if message.id and message.fuzzy is True)
        empty = sum(1 for message in merged if message.id and not any(_as_list(message.string)))
        report.append(f"{language}: {fuzzy} fuzzy, {empty} untranslated")
    return report


def init(language: str, root: Path = TRANSLATIONS) -> Path:
    """A new, empty catalogue for `language` from the .pot, with Babel's Plural-Forms for it."""
    path = po_path(language, root)
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    template = read_catalogue(template_path(root))
    write_catalogue(path, merge_into(new_catalogue(language), template))
    return path

