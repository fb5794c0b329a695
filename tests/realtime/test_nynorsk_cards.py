"""A phone reads a deck in nynorsk, Danish or Swedish, and the server's words to it (errors, the closing
screen) come in that language too, each from its own interface catalogue."""

from __future__ import annotations

from cardapp import extensions
from cardapp.i18n import translate
from cardapp.services import decks
from tests.support.workshops import disconnect_all, open_room


def test_phones_pick_nynorsk_danish_or_swedish_cards_and_get_their_own_interface_words(app):
    room = open_room(app, deck_slug="ok-or-not-ok")
    phones = {language: room.join_phone(language=language) for language in ("nn", "da", "sv")}
    page = room.phone_browsers[0].get(f"/w/{room.workshop_id}").get_data(as_text=True)
    assert 'data-language="nn"' in page and "Norsk nynorsk" in page and "Dansk" in page and "Svenska" in page

    for language, phone in phones.items():
        assert room.command(phone, "choose_language", {"language": language}) == {"ok": True}
    room.command(room.console, "start_workshop")
    database = extensions.database.of(app)
    summary = next(d for d in decks.visible_decks(database, None) if d.slug == "ok-or-not-ok")
    first = decks.open_deck(database, None, summary.id)[1].cards()[0]
    for language, phone in phones.items():
        shown = room.last_state(phone)["current"]
        assert (shown["text"], shown["text_language"]) == (first.text[language], language)
    assert len({first.text[language] for language in ("nb", "nn", "da", "sv")}) == 4

    refused = room.command(phones["nn"], "choose_language", {"language": "de"})
    assert refused["error"]["message"] == translate("socket.language_not_offered", "nn")
    assert translate("socket.language_not_offered", "nn") != translate("socket.language_not_offered", "nb")
    room.command(room.console, "end_workshop")
    for language, phone in phones.items():
        closing = room.wait_for_state(phone, lambda state: state.get("closing"))["closing"]
        assert closing["help_text"] == translate("closing.help_default", language)
    assert len({translate("closing.help_default", language) for language in ("en", "nb", "nn", "da", "sv")}) == 5
    disconnect_all(room)
