"""Printable cards in the browser: the link, the form, the printable page, the PDF and its refusals."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from cardapp import create_app, extensions
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.deck_format import Deck
from cardapp.realtime.hub import hub
from cardapp.services import accounts, card_sheets, deck_editing
from cardapp.services.card_sheets import PrintFields
from tests.support.accounts import NOW, SYSTEM, make_user, sign_in
from tests.support.decks import minimal_deck, write_deck

NORWEGIAN_PROMPT = "Hvem får æren når øvingen går bra, og hvem får skylda?"
NORWEGIAN_FOLLOW_UP = "Hva skjer med den som sier fra på én av øvingene?"


def printable_deck() -> dict:
    deck = minimal_deck()
    card = deck["themes"][0]["cards"][0]
    card["prompt"]["nb"] = NORWEGIAN_PROMPT
    card["follow_ups"] = [{"en": "What happens to the one who speaks up?", "nb": NORWEGIAN_FOLLOW_UP}]
    card["content_note"] = {"en": "About being left out.", "nb": "Om å bli holdt utenfor."}
    return deck


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app for the module: printing reads decks and stores nothing."""
    folder = tmp_path_factory.mktemp("print")
    decks = folder / "decks"
    decks.mkdir()
    write_deck(decks, "tiny.json", printable_deck())
    application = create_app({"instance_path": folder / "instance", "database_url": f"sqlite:///{folder / 'db'}",
                              "secret_key": "test-secret-key", "async_mode": "threading", "testing": True,
                              "decks_dir": decks})
    yield application
    hub.of(application).stop()
    extensions.database.of(application).dispose()


@pytest.fixture(scope="module")
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def member(app) -> FlaskClient:
    """A facilitator of an organisation, signed in: the PDF is for accounts only."""
    make_user(app, "ola@scene.no", Role.FACILITATOR, "Scene Sør")
    signed_in = app.test_client()
    assert sign_in(signed_in, "ola@scene.no").status_code in (302, 303)
    return signed_in


@pytest.fixture(scope="module")
def deck_id(client: FlaskClient) -> int:
    return next(d["id"] for d in client.get("/api/decks").get_json()["decks"] if d["slug"] == "tiny-deck")


def problem(page: str) -> str:
    found = re.search(r'id="form-problem"[^>]*>([^<]*)<', page)
    assert found, "the form says no problem"
    return found.group(1)


def test_the_deck_page_links_to_a_print_form_with_its_languages_and_themes(client: FlaskClient, deck_id: int):
    deck_page = client.get(f"/decks/{deck_id}").get_data(as_text=True)
    assert f'href="/decks/{deck_id}/print"' in deck_page and "Print cards" in deck_page
    form = client.get(f"/decks/{deck_id}/print", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert '<option value="nb" selected>' in form and '<option value="en"' in form
    assert 'name="theme" value="norms"' in form and "Normer" in form
    assert f'formaction="/decks/{deck_id}/print/cards.pdf"' in form and "Last ned PDF" in form


def test_the_printable_page_shows_the_cards_and_says_how_to_print_double_sided(client: FlaskClient, deck_id: int):
    page = client.get(f"/decks/{deck_id}/print/sheets?language=nb&per_page=8&blanks=2",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert NORWEGIAN_PROMPT in page and NORWEGIAN_FOLLOW_UP in page and "Om å bli holdt utenfor." in page
    assert "flip on the long edge" in page and "3 cards and 2 blank cards on 2 A4 pages, 8 a page." in page
    assert f'href="/decks/{deck_id}/print/cards.pdf?language=nb&amp;per_page=8&amp;blanks=2"' in page
    assert page.count('class="sheet sheet-front"') == 1 and page.count('class="sheet sheet-back"') == 1


@pytest.mark.parametrize(("query", "english", "norwegian"), [
    ("language=sv", 'This deck has no cards in the language "sv". Choose one of: en, nb.',
     "Denne kortstokken har ikke kort på språket «sv». Velg ett av: en, nb."),
    ("language=nb&per_page=6", 'Cards per page must be 4 or 8, not "6".', "Kort per side må være 4 eller 8, ikke «6»."),
    ("language=nb&blanks=500", 'Blank cards must be a whole number from 0 to 48, not "500".',
     "Tomme kort må være et helt tall fra 0 til 48, ikke «500»."),
])
def test_bad_fields_show_the_form_again_with_the_problem_in_either_language(client: FlaskClient, member: FlaskClient,
                                                                           deck_id: int, query, english, norwegian):
    for path, asking in (("print/sheets", client), ("print/cards.pdf", member)):
        in_english = asking.get(f"/decks/{deck_id}/{path}?{query}", headers={"Accept-Language": "en"})
        in_norwegian = asking.get(f"/decks/{deck_id}/{path}?{query}", headers={"Accept-Language": "nb"})
        assert (in_english.status_code, in_norwegian.status_code) == (400, 400)
        assert in_english.mimetype == "text/html"
        assert problem(in_english.get_data(as_text=True)).replace("&#34;", '"') == english
        assert problem(in_norwegian.get_data(as_text=True)) == norwegian


def test_an_unknown_deck_cannot_be_printed(client: FlaskClient, member: FlaskClient):
    for path, asking in (("print", client), ("print/sheets?language=nb", client),
                         ("print/cards.pdf?language=nb", member)):
        response = asking.get(f"/decks/9999/{path}", headers={"Accept": "application/json"})
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_the_pdf_has_the_norwegian_card_on_the_front_and_its_follow_up_on_the_back(member: FlaskClient,
                                                                                   deck_id: int):
    response = member.get(f"/decks/{deck_id}/print/cards.pdf?language=nb&per_page=4&blanks=5")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="tiny-deck-nb-cards.pdf"'
    pdf = PdfReader(io.BytesIO(response.data))
    # 3 cards and 5 blank ones at 4 a page: two sheets, each a front and a back.
    assert len(pdf.pages) == 4
    front, back = (" ".join(pdf.pages[n].extract_text().split()) for n in (0, 1))
    assert NORWEGIAN_PROMPT in front and "Innholdsvarsel: Om å bli holdt utenfor." in front
    assert NORWEGIAN_FOLLOW_UP in back and "Oppfølgingsspørsmål" in back
    assert NORWEGIAN_PROMPT not in back and NORWEGIAN_FOLLOW_UP not in front
    assert "Vårt eget dilemma" in " ".join(pdf.pages[2].extract_text().split())
    fonts = [font.get_object() for font in pdf.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("DejaVu" in font["/BaseFont"] for font in fonts)
    assert all(_embedded(font) for font in fonts), "every font is embedded in the PDF"


def _embedded(font) -> bool:
    descendants = font.get("/DescendantFonts")
    described = descendants[0].get_object() if descendants else font
    descriptor = described["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_eight_a_page_put_eight_cards_on_one_sheet():
    sheets = card_sheets.sheets_for_deck(Deck.model_validate(printable_deck()),
                                         PrintFields(language="nb", per_page="8", blanks="5"))
    pdf = PdfReader(io.BytesIO(card_sheets.render_pdf(sheets)))
    assert len(pdf.pages) == 2
    assert NORWEGIAN_FOLLOW_UP in " ".join(pdf.pages[1].extract_text().split())


def test_an_organisations_own_deck_cannot_be_printed_by_someone_outside_it(app, client: FlaskClient,
                                                                          member: FlaskClient):
    database = extensions.database.of(app)
    north = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    own = deck_editing.create_deck(database, Actor(1, Role.ORGANISER, north.id), minimal_deck(id="nord-deck"),
                                   NOW.date())
    for path in ("print", "print/sheets?language=nb", "print/cards.pdf?language=nb"):
        assert client.get(f"/decks/{own.id}/{path}").status_code in (404, 302)  # a stranger: not found, or sign in
        assert member.get(f"/decks/{own.id}/{path}").status_code == 404  # another organisation's member
    assert card_sheets.card_sheets(database, Actor(1, Role.ORGANISER, north.id), own.id,
                                   PrintFields(language="nb")).deck_slug == "nord-deck"


def test_the_pdf_asks_a_stranger_to_sign_in_while_the_printable_page_stays_open(client: FlaskClient, deck_id: int):
    query = "language=nb&per_page=4"
    pdf = client.get(f"/decks/{deck_id}/print/cards.pdf?{query}")
    assert pdf.status_code == 302 and pdf.mimetype != "application/pdf"
    assert pdf.headers["Location"].startswith("/signin?next=")
    assert f"/decks/{deck_id}/print/cards.pdf" in unquote(pdf.headers["Location"])
    assert client.get(f"/decks/{deck_id}/print/sheets?{query}").status_code == 200


def test_the_pdf_worker_lowers_its_own_cpu_priority_so_live_workshops_keep_their_cores():
    worker = subprocess.Popen([sys.executable, str(card_sheets.WORKER)], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        niceness = _niceness(worker.pid)
        while niceness == os.nice(0) and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # the child's priority is only seen from outside: no event to wait for
            niceness = _niceness(worker.pid)
        assert niceness >= os.nice(0) + 10
    finally:
        worker.kill()
        worker.wait()


def _niceness(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[16])  # field 19 of proc(5), counted after the command name
