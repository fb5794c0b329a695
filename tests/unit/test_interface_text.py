from __future__ import annotations

import re
from pathlib import Path

from cardapp.i18n import CATALOGUES, LANGUAGES, catalogue

PROJECT = Path(__file__).resolve().parents[2]


def test_every_interface_text_exists_in_english_and_bokmal():
    english, bokmal = catalogue("en"), catalogue("nb")
    assert sorted(set(english) - set(bokmal)) == []
    assert sorted(set(bokmal) - set(english)) == []
    assert all(text.strip() for text in (*english.values(), *bokmal.values()))


def test_both_languages_use_the_same_placeholders():
    english, bokmal = catalogue("en"), catalogue("nb")
    for key, text in english.items():
        assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", bokmal[key])), key


def test_every_text_key_used_in_templates_and_code_exists():
    english = catalogue("en")
    sources = [*PROJECT.glob("templates/**/*.html"), *PROJECT.glob("cardapp/**/*.py")]
    used = {key for path in sources for key in re.findall(r"""\b_\(\s*["']([a-z_]+\.[a-z_.]*[a-z])["']""",
                                                          path.read_text("utf-8"))}
    assert used, "the pattern found no keys at all"
    assert sorted(key for key in used if key not in english) == []


def test_catalogues_exist_for_each_offered_language():
    for language in LANGUAGES:
        assert (CATALOGUES / f"{language}.json").exists()
