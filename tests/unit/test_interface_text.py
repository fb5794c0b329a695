"""The shipped interface catalogues and the text functions that read them (cardapp.i18n)."""

from __future__ import annotations

from cardapp.i18n import (
    LANGUAGES,
    _forms_for,
    catalogue,
    fallback_chain,
    interface_language,
    plural_forms_of,
    supported_language,
    texts_with_prefix,
    translate,
    translate_plural,
)
from cardapp.i18n.catalogues import Texts, po_path
from cardapp.i18n.checks import catalogue_problems
from cardapp.i18n.extraction import used_keys


def test_the_shipped_catalogues_have_no_problems():
    assert catalogue_problems() == []


def test_every_literal_key_in_code_templates_and_scripts_is_in_the_english_catalogue():
    english = catalogue("en")
    uses = used_keys()
    assert {use.path.split("/")[0] for use in uses} == {"cardapp", "templates", "static"}, "extraction found too little"
    assert [f"{use.path}:{use.line} {use.key}" for use in uses
            if use.key not in english.singular and use.key not in english.plural] == []


def test_the_interface_languages_are_the_catalogues_on_disk_by_their_own_names():
    assert LANGUAGES["en"] == "English"
    assert LANGUAGES["nb"] == "Norsk bokmål"
    assert all(po_path(code).exists() for code in LANGUAGES)
    assert list(LANGUAGES)[0] == "en"


def test_plural_entries_pick_the_form_for_the_count_in_english_and_bokmal():
    english = [translate_plural("live.results.total", n, "en") for n in (0, 1, 2)]
    assert english == ["0 answers", "1 answer", "2 answers"]
    bokmal = [translate_plural("live.questions.votes", n, "nb") for n in (0, 1, 2)]
    assert bokmal == ["0 stemmer", "1 stemme", "2 stemmer"]
    assert translate_plural("live.shift.more", 1, "en", choice="OK") == "1 more person now says “OK”"


def test_a_missing_language_or_entry_falls_back_along_its_chain():
    assert fallback_chain("nn") == ["nn", "nb", "en"]
    assert fallback_chain("da") == ["da", "en"]
    assert fallback_chain("se") == ["se", "nb", "en"]
    if "nn" not in LANGUAGES:
        assert translate("live.console.room", "nn") == translate("live.console.room", "nb") == "Rommet"
        assert interface_language("nn") == "nb"
    if "da" not in LANGUAGES:
        assert translate("live.console.room", "da") == "The room"
        assert interface_language("da") == "en"


def test_a_page_script_gets_plural_entries_as_forms_and_a_map_from_plural_categories():
    texts = texts_with_prefix("live.", "nb")
    assert texts["live.questions.votes"] == ["1 stemme", "{count} stemmer"]
    assert texts["live.console.room"] == "Rommet"
    assert plural_forms_of("nb") == {"language": "nb", "categories": {"one": 0, "other": 1}}


def test_forms_borrowed_from_another_language_are_reordered_for_the_pages_plural_rule():
    # Northern Sámi has three forms (one, two, other); bokmål's two fill them by count.
    sami = Texts("se", rule=lambda n: 0 if n == 1 else 1 if n == 2 else 2, forms=3)
    bokmal = Texts("nb", rule=lambda n: int(n != 1), forms=2)
    forms = _forms_for(sami, bokmal, ("1 stemme", "{count} stemmer"))
    assert forms == ["1 stemme", "{count} stemmer", "{count} stemmer"]


def test_browser_and_cookie_codes_map_to_interface_languages():
    assert supported_language("nb-NO") == "nb"
    assert supported_language("no") == "nb"
    assert supported_language("en-GB") == "en"
    assert supported_language("xx") is None
    assert supported_language("nn") == ("nn" if "nn" in LANGUAGES else "nb")
    assert supported_language("da-DK") == ("da" if "da" in LANGUAGES else None)
    assert supported_language("sv_SE") == ("sv" if "sv" in LANGUAGES else None)
