"""The deck editor's HTTP side: validation as you type, saves and conflicts, copy, import, export, delete."""

from __future__ import annotations

import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.domain.deck_validation import check_deck_data
from cardapp.domain.rate_limits import RateLimit
from cardapp.web import deck_api
from tests.support.accounts import csrf_token, make_user, post_form, sign_in
from tests.support.decks import minimal_deck


@pytest.fixture
def organiser(app: Flask, client: FlaskClient) -> FlaskClient:
    make_user(app, "kari@nord.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "ola@nord.no", Role.FACILITATOR, "Teater Nord")
    make_user(app, "sara@sor.no", Role.ORGANISER, "Festival Sør")
    sign_in(client, "kari@nord.no")
    return client


def other(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, email)
    return client


def send(client: FlaskClient, method: str, path: str, body: object):  # type: ignore[no-untyped-def]
    return client.open(path, method=method, json=body, headers={"X-CSRFToken": csrf_token(client)})


def shipped_id(client: FlaskClient, slug: str) -> int:
    return next(d["id"] for d in client.get("/api/decks").get_json()["decks"] if d["slug"] == slug and d["shipped"])


def test_the_check_gives_the_same_problems_as_the_command_line_and_stores_nothing(organiser):
    deck = minimal_deck()
    del deck["themes"][0]["cards"][1]["text"]["nb"]
    deck["themes"][0]["cards"][0]["prompt"]["en"] = "<img src=x onerror=alert(1)>"
    response = send(organiser, "POST", "/api/decks/check", {"deck": deck})
    assert response.status_code == 200
    expected = [{"path": p.where, "message": p.message} for p in check_deck_data(deck).problems]
    assert [{"path": p["path"], "message": p["message"]} for p in response.get_json()["problems"]] == expected == [
        {"path": "$.themes[0].cards[0].prompt.en", "message": "text only: HTML or other markup is not allowed"},
        {"path": "$.themes[0].cards[1].text.nb", "message": "missing text for language nb"},
    ]
    assert [d["slug"] for d in organiser.get("/api/decks").get_json()["decks"] if not d["shipped"]] == []


def test_checks_as_you_type_are_limited_per_person_with_a_calm_message_in_their_language(app, organiser):
    # Far more than the editor sends while someone types (docs/deck-editor.md), so no person is stopped.
    # The clock stands still, so a slow machine refills no token between the requests.
    extensions.deck_checks.bind(app, RateLimit(deck_api.CHECKS_BURST, deck_api.CHECKS_PER_SECOND, clock=lambda: 0.0))
    allowed = [send(organiser, "POST", "/api/decks/check", {"deck": minimal_deck()}).status_code for _ in range(60)]
    assert allowed == [200] * 60
    refused = organiser.post("/api/decks/check", json={"deck": minimal_deck()},
                             headers={"X-CSRFToken": csrf_token(organiser), "Accept-Language": "nb"})
    assert refused.status_code == 429
    assert refused.get_json() == {"error": {"code": "too_many_checks", "message":
                                            "Kortstokken sjekkes svært ofte; neste sjekk kommer om et øyeblikk."}}
    assert refused.headers["Retry-After"] == "1"
    # The limit is the person's own: a colleague checking at the same time is not slowed down.
    colleague = other(app, "sara@sor.no")
    assert send(colleague, "POST", "/api/decks/check", {"deck": minimal_deck()}).status_code == 200


def test_the_check_needs_a_signed_in_person_and_a_deck(app, organiser):
    stranger = app.test_client()
    refused = send(stranger, "POST", "/api/decks/check", {"deck": minimal_deck()})
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    empty = send(organiser, "POST", "/api/decks/check", {"nothing": 1})
    assert empty.status_code == 400 and "'deck'" in empty.get_json()["error"]["message"]


def test_a_request_larger_than_a_deck_may_be_is_refused(organiser):
    huge = {"deck": {"author": "x" * (2 * 1024 * 1024 + 70 * 1024)}}
    response = send(organiser, "POST", "/api/decks/new", huge)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_save_from_an_old_version_is_refused_with_a_way_to_reload(app, organiser):
    created = send(organiser, "POST", "/api/decks/new", {"deck": minimal_deck()})
    assert created.status_code == 201
    deck_id, version = created.get_json()["id"], created.get_json()["version"]
    colleague = other(app, "kari@nord.no")
    first = send(colleague, "PUT", f"/api/decks/{deck_id}",
                 {"deck": minimal_deck(author="Colleague"), "version": version})
    assert first.status_code == 200 and first.get_json()["version"] != version
    second = send(organiser, "PUT", f"/api/decks/{deck_id}", {"deck": minimal_deck(author="Me"), "version": version})
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "deck_changed"
    assert "Someone else saved this deck" in second.get_json()["error"]["message"]
    reloaded = organiser.get(f"/api/decks/{deck_id}/editable").get_json()
    assert reloaded["deck"]["author"] == "Colleague" and reloaded["version"] == first.get_json()["version"]
    third = send(organiser, "PUT", f"/api/decks/{deck_id}",
                 {"deck": minimal_deck(author="Me"), "version": reloaded["version"]})
    assert third.status_code == 200


def test_an_invalid_save_lists_every_problem_and_keeps_the_saved_deck(organiser):
    created = send(organiser, "POST", "/api/decks/new", {"deck": minimal_deck()}).get_json()
    broken = minimal_deck(id="Bad id")
    del broken["title"]["nb"]
    response = send(organiser, "PUT", f"/api/decks/{created['id']}", {"deck": broken, "version": created["version"]})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_deck"
    assert [p["path"] for p in error["problems"]] == ["$.id", "$.title.nb"]
    assert organiser.get(f"/api/decks/{created['id']}/editable").get_json()["version"] == created["version"]


def test_facilitators_may_use_but_not_change_and_other_organisations_see_nothing(app, organiser):
    created = send(organiser, "POST", "/api/decks/new", {"deck": minimal_deck()}).get_json()
    facilitator = other(app, "ola@nord.no")
    stranger = other(app, "sara@sor.no")
    assert facilitator.get(f"/decks/{created['id']}").status_code == 200
    assert facilitator.get(f"/decks/{created['id']}/edit").status_code == 403
    refused = send(facilitator, "PUT", f"/api/decks/{created['id']}",
                   {"deck": minimal_deck(), "version": created["version"]})
    assert refused.status_code == 403
    assert send(facilitator, "DELETE", f"/api/decks/{created['id']}", None).status_code == 403
    for path in (f"/decks/{created['id']}", f"/decks/{created['id']}/edit", f"/decks/{created['id']}/export"):
        assert stranger.get(path).status_code == 404, path
    assert "Tiny deck" not in stranger.get("/decks/").get_data(as_text=True)
    hidden = send(stranger, "PUT", f"/api/decks/{created['id']}", {"deck": minimal_deck(), "version": ""})
    assert hidden.status_code == 404


def test_copying_a_shipped_deck_opens_the_copy_in_the_editor(organiser):
    conversation = shipped_id(organiser, "conversation-cards")
    response = post_form(organiser, f"/decks/{conversation}/copy", {})
    assert response.status_code == 303
    page = organiser.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="editor-setup"' in html and "js/deck_editor/main.js" in html
    assert organiser.get(f"/decks/{conversation}/edit").status_code == 403


def test_export_gives_the_shipped_file_and_import_of_it_gives_the_same_deck(organiser):
    risk_map = shipped_id(organiser, "risk-map")
    exported = organiser.get(f"/decks/{risk_map}/export")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"] == 'attachment; filename="risk-map.json"'
    with open("decks/risk-map.json", "rb") as shipped_file:
        assert exported.data == shipped_file.read()
    uploaded = post_form(organiser, "/decks/import", {"deck": (io.BytesIO(exported.data), "risk-map.json")},
                         content_type="multipart/form-data")
    assert uploaded.status_code == 303
    own = next(d for d in organiser.get("/api/decks").get_json()["decks"] if not d["shipped"])
    assert organiser.get(f"/decks/{own['id']}/export").data == exported.data


def test_an_uploaded_file_with_faults_lists_each_with_its_path_and_stores_nothing(organiser):
    deck = minimal_deck(id="Bad Id", colour="blue")
    del deck["author"]
    raw = json.dumps(deck).encode()
    response = post_form(organiser, "/decks/import", {"deck": (io.BytesIO(raw), "faulty.json")},
                         content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The deck has 3 problem(s); nothing was stored." in page
    for path in ("$.id", "$.author", "$.colour"):
        assert f"<code>{path}</code>" in page
    assert [d for d in organiser.get("/api/decks").get_json()["decks"] if not d["shipped"]] == []


def test_deleting_asks_first_then_removes_the_deck(organiser):
    created = send(organiser, "POST", "/api/decks/new", {"deck": minimal_deck()}).get_json()
    confirm = organiser.get(f"/decks/{created['id']}/delete").get_data(as_text=True)
    assert "Delete “Tiny deck”?" in confirm and "keep their own copy" in confirm
    assert organiser.get(f"/decks/{created['id']}").status_code == 200
    gone = post_form(organiser, f"/decks/{created['id']}/delete", {})
    assert gone.status_code == 303
    assert organiser.get(f"/decks/{created['id']}").status_code == 404
    assert post_form(organiser, f"/decks/{shipped_id(organiser, 'risk-map')}/delete", {}).status_code == 403


def test_the_library_filters_by_words_kind_and_language(organiser):
    send(organiser, "POST", "/api/decks/new", {"deck": minimal_deck()})
    page = organiser.get("/decks/?q=hug+after+the+premiere").get_data(as_text=True)
    assert "Tiny deck" in page and "Conversation cards" not in page and "1 deck(s) found." in page
    risk = organiser.get("/decks/?kind=risk").get_data(as_text=True)
    assert "Risk map" in risk or "risk" in risk.lower()
    assert "Tiny deck" not in risk
    assert "0 deck(s) found." in organiser.get("/decks/?language=de").get_data(as_text=True)


def test_a_new_deck_starts_in_the_editor_for_organisers_only(app, organiser):
    page = organiser.get("/decks/new")
    assert page.status_code == 200 and 'id="editor-setup"' in page.get_data(as_text=True)
    assert other(app, "ola@nord.no").get("/decks/new").status_code == 403
    assert app.test_client().get("/decks/new").status_code in (302, 401)


@pytest.mark.parametrize(("language", "starting"), [
    ("en", ["en", "nb"]), ("nb", ["nb", "en"]), ("nn", ["nn", "nb", "en"]), ("da", ["da", "en"]), ("sv", ["sv", "en"]),
])
def test_a_new_deck_starts_in_the_pages_language_and_its_fallbacks_not_all_five(organiser, language, starting):
    organiser.set_cookie("cardapp_lang", language)
    page = organiser.get("/decks/new").get_data(as_text=True)
    setup = json.loads(page.split('id="editor-setup">', 1)[1].split("</script>", 1)[0])
    deck = next(value for value in setup.values() if isinstance(value, dict) and "languages" in value)
    assert deck["languages"] == starting and sorted(deck["title"]) == sorted(starting)


def test_problems_read_in_norwegian_for_norwegian_readers_and_keep_the_cli_message(organiser):
    deck = minimal_deck()
    del deck["themes"][0]["cards"][1]["text"]["nb"]
    deck["themes"][0]["cards"][0]["prompt"]["en"] = "<b>Who decides?</b>"
    organiser.set_cookie("cardapp_lang", "nb")
    problems = send(organiser, "POST", "/api/decks/check", {"deck": deck}).get_json()["problems"]
    assert problems == [
        {"path": "$.themes[0].cards[0].prompt.en", "message": "text only: HTML or other markup is not allowed",
         "shown": "bare tekst: HTML eller annen kode er ikke tillatt"},
        {"path": "$.themes[0].cards[1].text.nb", "message": "missing text for language nb",
         "shown": "mangler tekst på språket nb"},
    ]


def test_the_editor_keeps_minutes_intensity_and_audience_and_explains_bad_values_in_norwegian(organiser):
    deck = minimal_deck()
    deck["themes"][0]["cards"][0].update(minutes=15, intensity="deep", audience=["leaders", "representatives"])
    created = send(organiser, "POST", "/api/decks/new", {"deck": deck})
    assert created.status_code == 201
    loaded = organiser.get(f"/api/decks/{created.get_json()['id']}/editable").get_json()["deck"]
    card = loaded["themes"][0]["cards"][0]
    assert (card["minutes"], card["intensity"], card["audience"]) == (15, "deep", ["leaders", "representatives"])
    deck["themes"][0]["cards"][0].update(minutes=0, intensity="heavy")
    organiser.set_cookie("cardapp_lang", "nb")
    problems = send(organiser, "POST", "/api/decks/check", {"deck": deck}).get_json()["problems"]
    assert [(p["path"], p["shown"]) for p in problems] == [
        ("$.themes[0].cards[0].minutes", "må være minst 1"),
        ("$.themes[0].cards[0].intensity", "må være en av: 'light', 'medium', 'deep'"),
    ]
