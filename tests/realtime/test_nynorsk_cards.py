"""A phone reads a nynorsk deck in nynorsk; the interface has no nynorsk words yet and speaks bokmål."""

from __future__ import annotations

from cardapp import extensions
from cardapp.i18n import translate
from cardapp.services import decks
from tests.support.workshops import disconnect_all, open_room


def test_a_phone_picks_nynorsk_cards_and_gets_bokmal_interface_words(app):
    room = open_room(app, deck_slug="ok-or-not-ok")
    phone = room.join_phone(language="nn")
    page = room.phone_browsers[0].get(f"/w/{room.workshop_id}").get_data(as_text=True)
    assert 'data-language="nn"' in page and "Norsk nynorsk" in page

    assert room.command(phone, "choose_language", {"language": "nn"}) == {"ok": True}
    room.command(room.console, "start_workshop")
    database = extensions.database.of(app)
    summary = next(d for d in decks.visible_decks(database, None) if d.slug == "ok-or-not-ok")
    first = decks.open_deck(database, None, summary.id)[1].cards()[0]
    shown = room.last_state(phone)["current"]
    assert (shown["text"], shown["text_language"]) == (first.text["nn"], "nn")

    refused = room.command(phone, "choose_language", {"language": "da"})
    assert refused["error"]["message"] == translate("socket.language_not_offered", "nb")
    room.command(room.console, "end_workshop")
    closing = room.wait_for_state(phone, lambda state: state.get("closing"))["closing"]
    assert closing["help_text"] == translate("closing.help_default", "nb")
    disconnect_all(room)
