"""Turn the old key-value JSON catalogues of some languages into gettext catalogues, then delete the JSON.

    .venv/bin/python scripts/json_catalogues_to_po.py en nb
    .venv/bin/python scripts/json_catalogues_to_po.py nn da sv

Reads `cardapp/translations/<lang>.json` and every `<area>.<lang>.json`; writes
`cardapp/translations/<lang>/LC_MESSAGES/messages.po` with each key as msgctxt and the English as
msgid (`key` and `key.one` become one plural entry). `en` is the source: its JSON adds to or
changes `en/LC_MESSAGES/messages.po`, and `messages.pot` is regenerated from it before any other
language is converted. Another language is matched against that template: its entries are set
from the JSON, and keys missing from the JSON or unknown to the template are reported, never fatal.
Keys are never renamed. Run `cardapp i18n check` afterwards.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from babel.messages.catalog import Message  # noqa: E402

from cardapp.i18n.catalogues import (  # noqa: E402
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    by_key,
    new_catalogue,
    plural_categories,
    plural_rule,
    po_path,
    read_catalogue,
    template_path,
    write_catalogue,
)
from cardapp.i18n.maintenance import merge_into, template_from  # noqa: E402

ONE = ".one"


def json_files(language: str, root: Path) -> list[Path]:
    """`<language>.json` and every `<area>.<language>.json`, in name order."""
    return sorted(path for path in root.glob(f"*{language}.json")
                  if path.name == f"{language}.json" or path.name.endswith(f".{language}.json"))


def read_json(files: list[Path]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in files:
        texts.update(json.loads(path.read_text("utf-8")))
    return texts


def convert_source(texts: dict[str, str], root: Path) -> list[str]:
    """Add the English JSON to en.po (new keys appended, changed English replaced), then regenerate the .pot."""
    path = po_path(SOURCE_LANGUAGE, root)
    catalog = read_catalogue(path, SOURCE_LANGUAGE) if path.exists() else new_catalogue(SOURCE_LANGUAGE)
    entries = by_key(catalog)
    for key, text in texts.items():
        if key.endswith(ONE) and key[: -len(ONE)] in texts:
            continue
        english: str | tuple[str, str] = (texts[key + ONE], text) if key + ONE in texts else text
        old = entries.get(key)
        if old is not None and old.id == english:
            continue
        if old is not None:
            catalog.delete(old.id, context=key)
        catalog.add(english, context=key, auto_comments=_notes(english))
    write_catalogue(path, catalog)
    write_catalogue(template_path(root), template_from(catalog))
    return [f"{SOURCE_LANGUAGE}: {len(texts)} JSON texts into {path.relative_to(root.parent)}"]


def _notes(english: str | tuple[str, str]) -> list[str]:
    if isinstance(english, tuple):
        return ["Plural entry: {count} is the number."]
    return []


def convert_translation(language: str, texts: dict[str, str], root: Path) -> list[str]:
    """Set `language`'s entries from its JSON against the template; report keys missing or unknown."""
    template = read_catalogue(template_path(root))
    path = po_path(language, root)
    catalog = read_catalogue(path, language) if path.exists() else new_catalogue(language)
    catalog = merge_into(catalog, template)
    one_index = plural_categories(language, plural_rule(catalog)).get("one")
    report: list[str] = []
    used: set[str] = set()
    for key, message in by_key(catalog).items():
        if message.pluralizable:
            forms = _plural_forms(texts, key, catalog.num_plurals, one_index)
            if forms is None:
                report.append(f"{language}: missing {key} (plural)")
                continue
            used.update((key, key + ONE))
            _set(message, tuple(forms))
        elif key in texts:
            used.add(key)
            _set(message, texts[key])
        else:
            report.append(f"{language}: missing {key}")
    report += [f"{language}: extra {key} (not in the template, left out)" for key in texts if key not in used]
    write_catalogue(path, catalog)
    report.append(f"{language}: {len(used)} JSON texts into {path.relative_to(root.parent)}")
    return report


def _plural_forms(texts: dict[str, str], key: str, forms: int, one_index: int | None) -> list[str] | None:
    # JSON knew two forms: `key.one` for the form CLDR calls "one", `key` for every other form.
    other, one = texts.get(key), texts.get(key + ONE, texts.get(key))
    if other is None or one is None:
        return None
    return [one if index == one_index else other for index in range(forms)]


def _set(message: Message, text: str | tuple[str, ...]) -> None:
    message.string = text
    message.flags.discard("fuzzy")
    message.previous_id = []


def convert(languages: list[str], root: Path = TRANSLATIONS) -> list[str]:
    """Convert each language's JSON (English first), delete the JSON files converted; a report line each."""
    report: list[str] = []
    for language in sorted(languages, key=lambda code: code != SOURCE_LANGUAGE):
        files = json_files(language, root)
        if not files:
            report.append(f"{language}: no JSON catalogue in {root}")
            continue
        texts = read_json(files)
        if language == SOURCE_LANGUAGE:
            report += convert_source(texts, root)
        elif not template_path(root).exists():
            report.append(f"{language}: no template {template_path(root)}; convert en first")
            continue
        else:
            report += convert_translation(language, texts, root)
        for path in files:
            path.unlink()
    return report


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for line in convert(sys.argv[1:]):
        print(line)
