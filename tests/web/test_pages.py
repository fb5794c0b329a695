from __future__ import annotations

from flask.testing import FlaskClient

from cardapp.web.security import CONTENT_SECURITY_POLICY
from tests.support.accounts import post_form


def test_home_page_says_what_cardapp_is_with_three_entrances(client: FlaskClient):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Conversations that make work safer" in page
    for entrance in ("Taking part?", "Running a workshop?", "Adapting the cards?"):
        assert entrance in page
    assert "at least 5 people have answered" in page


def test_home_page_follows_the_browsers_language_when_no_choice_is_saved(client: FlaskClient):
    page = client.get("/", headers={"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "Samtaler som gjør arbeidsplassen tryggere" in page
    page = client.get("/", headers={"Accept-Language": "no"}).get_data(as_text=True)
    assert '<html lang="nb">' in page


def test_a_chosen_language_is_remembered_over_the_browsers(client: FlaskClient):
    response = post_form(client, "/language", {"lang": "nb", "next": "/join"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/join"
    cookie = response.headers["Set-Cookie"]
    assert "cardapp_lang=nb" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nb">' in page


def test_the_language_switch_never_redirects_to_another_site(client: FlaskClient):
    for target in ("https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n"):
        response = post_form(client, "/language", {"lang": "en", "next": target})
        assert response.headers["Location"] == "/"


def test_the_configured_minimum_is_what_the_promise_says(settings, tmp_path):
    from cardapp import create_app

    app = create_app({**settings, "min_answers": 7})
    page = app.test_client().get("/").get_data(as_text=True)
    assert "at least 7 people have answered" in page


def test_every_page_carries_a_strict_content_security_policy(client: FlaskClient):
    response = client.get("/")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_pages_load_nothing_from_other_websites(client: FlaskClient):
    for path in ("/", "/join", "/decks/", "/nowhere"):
        page = client.get(path).get_data(as_text=True)
        assert "http://" not in page and "https://" not in page and 'src="//' not in page, path


def test_an_unknown_page_gets_a_readable_page_in_the_visitors_language(client: FlaskClient):
    response = client.get("/nowhere", headers={"Accept-Language": "nb"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Fant ikke siden" in page and "Traceback" not in page


def test_an_id_larger_than_the_database_stores_is_not_found_rather_than_a_server_error(client: FlaskClient):
    huge = 2**64
    for path in (f"/decks/{huge}", f"/decks/{huge}/print", f"/decks/{huge}/print/cards.pdf?language=nb"):
        assert client.get(path).status_code == 404, path


def test_programs_get_the_one_error_shape(client: FlaskClient):
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "not_found", "message": "There is no page at this address. Check the address, "
                  "or start again from the front page."}
    }
    response = client.delete("/", headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_an_unexpected_error_shows_a_calm_page_and_no_traceback(app, client: FlaskClient):
    @app.get("/explode")
    def explode() -> str:
        raise RuntimeError("secret internals")

    response = client.get("/explode")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_a_mistyped_room_code_is_explained(client: FlaskClient):
    response = post_form(client, "/join", {"code": "OIL01"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That is not a room code" in page and 'aria-invalid="true"' in page


def test_a_well_formed_code_without_an_open_workshop_says_so(client: FlaskClient):
    response = post_form(client, "/join", {"code": "kx7-p3m"}, headers={"Accept-Language": "nb"})
    assert response.status_code == 404
    assert "Ingen åpen workshop har denne koden" in response.get_data(as_text=True)


def test_healthz_answers(client: FlaskClient):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_form_without_its_csrf_token_is_refused_with_a_clear_message(client: FlaskClient):
    response = client.post("/language", data={"lang": "nb", "next": "/"})
    assert response.status_code == 400
    assert "This form is older than your visit, or it came from another site" in response.get_data(as_text=True)
    assert "cardapp_lang" not in response.headers.get("Set-Cookie", "")


def test_guessing_room_codes_is_slowed_down_but_a_room_joining_together_is_not(client: FlaskClient):
    statuses = [post_form(client, "/join", {"code": "KX7P3M"}).status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429]
    assert "Too many tries" in post_form(client, "/join", {"code": "KX7P3M"}).get_data(as_text=True)


def test_rate_limit_keys_of_addresses_cannot_be_reversed_without_the_servers_secret(app):
    # A plain SHA-256 of an IPv4 address is as good as the address; with several processes the
    # key is written to Redis, so it is a keyed hash that only this server's secret reproduces.
    import hashlib

    from cardapp.web.rate_keys import address_key_of

    with app.app_context():
        key = address_key_of("192.0.2.7")
        assert key == address_key_of("192.0.2.7")
        assert key != hashlib.sha256(b"192.0.2.7").digest()
        app.config["SECRET_KEY"] = "another server's secret, long enough to count"
        assert address_key_of("192.0.2.7") != key
