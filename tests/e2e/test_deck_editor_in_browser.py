"""The deck editor in Chromium against the real server: adapt a shipped deck, run a workshop with it,
and markup typed into a card shows as text on every screen."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cardapp.domain.deck_validation import check_deck_bytes
from tests.support.accounts import PASSWORD
from tests.support.browser import watch_console
from tests.support.remote import invitation_link

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=alert(1)>"
# Validation and saving go to the server; on a shared, busy machine that can take longer than 5 s.
SERVER_ROUND_TRIP = {"timeout": 20_000}
EDITED_EN = "Which first impressions do we form about new colleagues, and how could we check them?"
EDITED_NB = "Hvilke førsteinntrykk får vi av nye kolleger, og hvordan kan vi sjekke dem?"
SCENARIO_EN = "The stage manager gives a shoulder massage to a dancer who has not asked for one."
SCENARIO_NB = "Inspisienten gir en danser skuldermassasje uten at danseren har bedt om det."
# The shipped decks are in nynorsk and Danish too, so a card of a copied deck needs those texts as well.
EDITED_NN = "Kva førsteinntrykk får vi av nye kollegaer, og korleis kan vi sjekke dei?"
SCENARIO_NN = "Inspisienten gir ein dansar skuldermassasje utan at dansaren har bede om det."
EDITED_DA = "Hvilke førsteindtryk danner vi os af nye kolleger, og hvordan kan vi tjekke dem?"
SCENARIO_DA = "Inspicienten giver en danser en skuldermassage, som danseren ikke har bedt om."
# ...and in Swedish.
EDITED_SV = "Vilka första intryck får vi av nya kolleger, och hur kan vi pröva dem?"
SCENARIO_SV = "Inspicienten ger en dansare axelmassage utan att dansaren har bett om det."


def person(browser, server, problems: dict, name: str, email: str, role: str, organisation: str,
           locale: str = "en-GB", **options) -> Page:
    """A new browser that accepts an invitation and is signed in."""
    page = browser.new_context(base_url=server.url, locale=locale, accept_downloads=True, **options).new_page()
    problems[name] = watch_console(page)
    page.leave_warnings = []

    def on_dialog(dialog) -> None:
        if dialog.type == "beforeunload":  # "leave the page with unsaved changes?": yes
            page.leave_warnings.append(dialog.type)
            dialog.accept()
        else:  # an alert() would mean that deck text ran as script
            problems[name].append(f"dialog: {dialog.message}")
            dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(invitation_link(server, email, role=role, organisation=organisation))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the new password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def copy_to_adapt(page: Page, title: str) -> None:
    """In the library: copy a shipped deck into the organisation, which opens the copy in the editor."""
    page.locator(".deck-summary", has_text=title).get_by_role("button", name="Copy to adapt").click()
    expect(page).to_have_url(re.compile(r"/decks/\d+/edit$"), **SERVER_ROUND_TRIP)


def theme(page: Page, index: int):
    return page.locator(".themes-list > .item-theme").nth(index)


def tool(item, action: str):
    return item.locator(f":scope > .item-head [data-action='{action}']")


def text_field(item, field: str, language: str):
    return item.locator(f"[data-path$='.{field}.{language}']").first


def problem_next_to(page: Page, field):
    """The message shown next to a field."""
    return page.locator(f"#{field.get_attribute('id')}-problem")


def sign_in_at(page: Page, email: str, path: str) -> None:
    """Sign in on this browser (after whoever used it last), landing on `path`."""
    page.goto(f"/signin?next={path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


DRAFT_KEYS = "Object.keys(localStorage).filter((key) => key.startsWith('cardapp.deck-draft.'))"


def no_problems(problems: dict, *expected: str) -> None:
    allowed = ("status of 404", *expected)  # the browser asks for /favicon.ico on some pages
    assert {name: [p for p in found if not any(a in p for a in allowed)] for name, found in problems.items()} == \
        {name: [] for name in problems}


def test_an_organiser_adapts_the_conversation_deck_and_a_facilitator_runs_a_workshop_with_it(live_server, browser):
    problems: dict[str, list[str]] = {}
    organiser = person(browser, live_server, problems, "organiser", "kari@teater.no", "organiser", "Teater Nord")

    # Copy the shipped conversation deck into the organisation.
    organiser.get_by_role("link", name="Decks", exact=True).click()
    copy_to_adapt(organiser, "Conversation cards")
    expect(organiser.get_by_role("status").filter(has_text="was copied")).to_be_visible()
    themes = organiser.locator(".themes-list > .item-theme")
    expect(themes).to_have_count(15)
    first_titles = [theme(organiser, i).locator(".item-title").first.inner_text() for i in range(3)]

    # Delete a theme and undo it; then remove two themes for good.
    tool(theme(organiser, 2), "delete").click()
    expect(themes).to_have_count(14)
    expect(organiser.locator("#undo-text")).to_contain_text("Deleted: Theme 3")
    organiser.get_by_role("button", name="Undo").click()
    expect(themes).to_have_count(15)
    expect(theme(organiser, 2).locator(".item-title").first).to_have_text(first_titles[2])
    for _ in range(2):
        tool(theme(organiser, 1), "delete").click()
    expect(themes).to_have_count(13)

    # Reorder by keyboard (Alt+Arrow down and up) and cards by drag and drop.
    tool(theme(organiser, 0), "down").focus()
    organiser.keyboard.press("Alt+ArrowDown")
    expect(theme(organiser, 1).locator(".item-title").first).to_contain_text(first_titles[0].split(": ", 1)[1])
    expect(organiser.locator("#move-status")).to_have_text("Theme moved to position 2 of 13.")
    expect(tool(theme(organiser, 1), "down")).to_be_focused()
    organiser.keyboard.press("Alt+ArrowUp")
    expect(theme(organiser, 0).locator(".item-title").first).to_have_text(first_titles[0])
    cards = theme(organiser, 0).locator(".item-card")
    second_card = tool(cards.nth(1), "toggle").inner_text().split(": ", 1)[1]
    cards.nth(1).locator(":scope > .item-head .drag-handle").drag_to(tool(cards.nth(0), "toggle"))
    expect(tool(cards.nth(0), "toggle")).to_have_text(f"Question 1: {second_card}")
    cards.nth(1).locator(":scope > .item-head .drag-handle").drag_to(tool(cards.nth(0), "toggle"))
    expect(tool(cards.nth(1), "toggle")).to_have_text(f"Question 2: {second_card}")

    # Edit the first card in both languages, side by side.
    stereotypes = theme(organiser, 0)
    first_card = stereotypes.locator(".item-card").first
    tool(first_card, "toggle").click()
    text_field(first_card, "prompt", "en").fill(EDITED_EN)
    text_field(first_card, "prompt", "nb").fill(EDITED_NB)
    text_field(first_card, "prompt", "nn").fill(EDITED_NN)
    text_field(first_card, "prompt", "da").fill(EDITED_DA)
    text_field(first_card, "prompt", "sv").fill(EDITED_SV)

    # Add an "OK or not OK?" scenario: English first, and the missing bokmål text is pointed out inline.
    stereotypes.get_by_label("Kind of new card").select_option(label="Statement")
    stereotypes.get_by_role("button", name=re.compile("^Add card")).click()
    scenario = stereotypes.locator(".item-card").last
    expect(scenario.get_by_label("Answer scale")).to_have_value("ok_not_ok")
    scenario.get_by_label("Id").fill("stereotypes-shoulder-massage")
    text_field(scenario, "text", "en").fill(SCENARIO_EN)
    bokmal = text_field(scenario, "text", "nb")
    expect(bokmal).to_have_attribute("aria-invalid", "true", **SERVER_ROUND_TRIP)
    bokmal_problem = organiser.locator(f"#{bokmal.get_attribute('id')}-problem")
    expect(bokmal_problem).to_have_text("missing text for language nb", **SERVER_ROUND_TRIP)
    expect(organiser.locator(f"#{bokmal.get_attribute('id')}-missing")).to_have_text("Missing translation")
    expect(organiser.locator("#problem-summary")).to_contain_text("$.themes[0].cards[9].text.nb", **SERVER_ROUND_TRIP)
    bokmal.fill(SCENARIO_NB)
    expect(bokmal_problem).to_be_hidden(**SERVER_ROUND_TRIP)
    text_field(scenario, "text", "nn").fill(SCENARIO_NN)
    text_field(scenario, "text", "da").fill(SCENARIO_DA)
    text_field(scenario, "text", "sv").fill(SCENARIO_SV)
    expect(organiser.locator("#problem-summary")).to_be_hidden(**SERVER_ROUND_TRIP)

    # Preview the scenario as the projector and a phone show it.
    tool(scenario, "preview").click()
    expect(organiser.locator("#preview-projector .preview-text")).to_have_text(SCENARIO_EN)
    expect(organiser.locator("#preview-phone .preview-choice")).to_have_text(["OK", "Not OK", "It depends", "Unsure"])
    # Parts a statement does not have (a description, a question's hint) leave nothing behind, not "null".
    expect(organiser.locator("#preview-projector")).not_to_contain_text("null")
    expect(organiser.locator("#preview-phone")).not_to_contain_text("null")
    organiser.locator("#preview-language").select_option("nb")
    expect(organiser.locator("#preview-phone .preview-text")).to_have_text(SCENARIO_NB)
    organiser.get_by_role("button", name="Close preview").click()

    # The unsaved work survives a reload, then is saved.
    organiser.reload()
    assert organiser.leave_warnings == ["beforeunload"]
    expect(organiser.locator("#editor-notice")).to_contain_text("were restored")
    expect(themes).to_have_count(13)
    organiser.get_by_role("button", name="Save deck").click()
    expect(organiser.locator("#save-status")).to_have_text("Saved", **SERVER_ROUND_TRIP)

    # Export: the file is a valid deck in the shipped format with the changes.
    with organiser.expect_download() as download:
        organiser.get_by_role("link", name="Download saved file").click()
    raw = Path(download.value.path()).read_bytes()
    exported = check_deck_bytes(raw).deck
    assert exported is not None and raw.decode().startswith('{\n  "schema_version": 1,')
    assert len(exported.themes) == 13
    assert exported.themes[0].cards[0].prompt == {"en": EDITED_EN, "nb": EDITED_NB, "nn": EDITED_NN,
                                                    "da": EDITED_DA, "sv": EDITED_SV}
    added = exported.themes[0].cards[-1]
    assert (added.id, added.kind, added.text) == ("stereotypes-shoulder-massage", "statement",
                                                  {"en": SCENARIO_EN, "nb": SCENARIO_NB, "nn": SCENARIO_NN,
                                                   "da": SCENARIO_DA, "sv": SCENARIO_SV})
    deck_url = re.sub(r"/edit$", "", organiser.url.split("?")[0])

    # A facilitator of the same organisation runs a workshop with the adapted deck.
    facilitator = person(browser, live_server, problems, "facilitator", "ola@teater.no", "facilitator", "Teater Nord")
    facilitator.get_by_role("link", name="Workshops").click()
    facilitator.get_by_label("Deck").select_option(label="Conversation cards (Your organisation's deck)")
    facilitator.get_by_role("button", name="Choose cards").click()
    facilitator.get_by_label("Name", exact=True).fill("Our own deck")
    facilitator.get_by_label(EDITED_EN).check()
    facilitator.get_by_label(SCENARIO_EN).check()
    facilitator.get_by_role("button", name="Create workshop").click()
    projector_url = facilitator.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator("#connection-status")).to_have_text("Connected", **SERVER_ROUND_TRIP)
    projector = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 720}).new_page()
    problems["projector"] = watch_console(projector)
    projector.goto(projector_url)
    code = projector.locator("#room-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    phone = browser.new_context(base_url=live_server.url, locale="nb-NO",
                                viewport={"width": 360, "height": 740}).new_page()
    problems["phone"] = watch_console(phone)
    phone.goto("/join")
    phone.get_by_label(re.compile("Romkode")).fill(code.inner_text())
    phone.get_by_role("button", name="Bli med").click()
    expect(phone.locator("#connection-status")).to_have_text("Tilkoblet")
    facilitator.locator("#start-workshop").click()
    expect(projector.locator("#card-text")).to_have_text(EDITED_EN)
    expect(phone.locator("#card-text")).to_have_text(EDITED_NB)
    facilitator.locator("#next-item").click()
    expect(projector.locator("#card-text")).to_have_text(SCENARIO_EN)
    expect(phone.locator("#card-text")).to_have_text(SCENARIO_NB)
    expect(phone.get_by_role("button", name="Ikke OK", exact=True)).to_be_visible()

    # An organiser of another organisation cannot see the deck.
    stranger = person(browser, live_server, problems, "stranger", "sara@festival.no", "organiser", "Festival Sør")
    stranger.get_by_role("link", name="Decks", exact=True).click()
    expect(stranger.locator("#own-heading + .deck-list")).to_contain_text("No decks of your own match")
    expect(stranger.get_by_text("Your organisation's deck", exact=True)).to_have_count(0)
    assert stranger.goto(deck_url).status == 404
    assert stranger.goto(f"{deck_url}/edit").status == 404
    no_problems(problems)


def test_markup_typed_into_a_card_shows_as_text_on_every_screen(live_server, browser):
    problems: dict[str, list[str]] = {}
    organiser = person(browser, live_server, problems, "organiser", "kari@teater.no", "organiser", "Teater Nord")

    # In the editor: refused as a deck text, and shown as typed in the field, its message and the previews.
    organiser.goto("/decks/")
    copy_to_adapt(organiser, "Conversation cards")
    card = theme(organiser, 0).locator(".item-card").first
    tool(card, "toggle").click()
    field = text_field(card, "prompt", "en")
    field.fill(XSS)
    expect(organiser.locator(f"#{field.get_attribute('id')}-problem")).to_have_text(
        "text only: HTML or other markup is not allowed", **SERVER_ROUND_TRIP)
    tool(card, "toggle").click()
    expect(tool(card, "toggle")).to_contain_text(XSS)
    tool(card, "toggle").click()
    tool(card, "preview").click()
    expect(organiser.locator("#preview-projector .preview-text")).to_have_text(XSS)
    expect(organiser.locator("#preview-phone .preview-text")).to_have_text(XSS)
    assert organiser.locator("#deck-editor img").count() == 0
    organiser.get_by_role("button", name="Close preview").click()
    organiser.get_by_role("button", name="Save deck").click()
    expect(organiser.locator("#save-status")).to_have_text("Not saved: 1 problem(s) to fix", **SERVER_ROUND_TRIP)
    organiser.evaluate("localStorage.clear()")

    # On the live screens: a workshop's copy of a card holding markup (stored before markup was refused,
    # or written into the database by hand) is shown as the characters typed on console, projector and phone.
    facilitator = person(browser, live_server, problems, "facilitator", "ola@teater.no", "facilitator", "Teater Nord")
    facilitator.get_by_role("link", name="Workshops").click()
    facilitator.get_by_label("Deck").select_option(label="Conversation cards")
    facilitator.get_by_role("button", name="Choose cards").click()
    facilitator.get_by_label(re.compile(re.escape("Being professional means putting up"))).check()
    facilitator.get_by_role("button", name="Create workshop").click()
    projector_url = facilitator.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
    with sqlite3.connect(live_server.env["CARDAPP_DATABASE_URL"].removeprefix("sqlite:///")) as database:
        (card_json,) = database.execute("SELECT card FROM agenda_items").fetchone()
        stored = json.loads(card_json)
        stored["text"] = {"en": XSS, "nb": XSS}
        stored["theme_title"] = {"en": XSS, "nb": XSS}
        database.execute("UPDATE agenda_items SET card = ?", (json.dumps(stored),))
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator("#connection-status")).to_have_text("Connected", **SERVER_ROUND_TRIP)
    projector = browser.new_context(base_url=live_server.url).new_page()
    problems["projector"] = watch_console(projector)
    projector.on("dialog", lambda dialog: problems["projector"].append("dialog") or dialog.dismiss())
    projector.goto(projector_url)
    code = projector.locator("#room-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}).new_page()
    problems["phone"] = watch_console(phone)
    phone.on("dialog", lambda dialog: problems["phone"].append("dialog") or dialog.dismiss())
    phone.goto("/join")
    phone.get_by_label("Room code").fill(code.inner_text())
    phone.get_by_role("button", name="Join").click()
    expect(phone.locator("#connection-status")).to_have_text("Connected", **SERVER_ROUND_TRIP)
    facilitator.locator("#start-workshop").click()
    expect(projector.locator("#card-text")).to_have_text(XSS)
    expect(phone.locator("#card-text")).to_have_text(XSS)
    expect(facilitator.locator("#agenda")).to_contain_text(XSS)
    for screen in (facilitator, projector, phone):
        assert screen.locator("img[src=x], main img:not([src$='.svg'])").count() == 0
    no_problems(problems, "status of 422")  # the refused save


def test_two_organisers_editing_one_deck_do_not_overwrite_each_other(live_server, browser):
    problems: dict[str, list[str]] = {}
    first = person(browser, live_server, problems, "first", "kari@teater.no", "organiser", "Teater Nord")
    second = person(browser, live_server, problems, "second", "per@teater.no", "organiser", "Teater Nord")
    first.goto("/decks/")
    copy_to_adapt(first, "Risk map")
    editor_url = first.url
    second.goto(editor_url)
    for page, author in ((first, "Kari"), (second, "Per")):
        page.get_by_label("Author").fill(author)
    first.get_by_role("button", name="Save deck").click()
    expect(first.locator("#save-status")).to_have_text("Saved", **SERVER_ROUND_TRIP)

    second.get_by_role("button", name="Save deck").click()
    expect(second.locator("#editor-notice")).to_contain_text("Someone else saved this deck after you opened it",
                                                             **SERVER_ROUND_TRIP)
    expect(second.locator("#save-status")).to_have_text("Not saved: someone else saved first")
    # Their own work is one click from a file before they take the other version.
    with second.expect_download() as download:
        second.get_by_role("button", name="Download my version").click()
    assert download.value.suggested_filename == "risk-map-my-version.json"
    mine = check_deck_bytes(Path(download.value.path()).read_bytes()).deck
    assert mine is not None and mine.author == "Per"
    expect(second.locator("#save-status")).to_contain_text("Your version was downloaded")
    second.get_by_role("button", name="Reload the saved deck (discards my changes)").click()
    expect(second.get_by_label("Author")).to_have_value("Kari", **SERVER_ROUND_TRIP)
    expect(second.locator("#editor-notice")).to_be_hidden()

    # After reloading, the second organiser's next change saves on top of the first one's.
    cards = second.locator(".themes-list > .item-theme").first.locator(".item-card")
    count = cards.count()
    tool(cards.first, "duplicate").click()
    expect(cards).to_have_count(count + 1)
    expect(tool(cards.nth(1), "toggle")).to_be_focused()
    tool(cards.nth(1), "toggle").click()
    expect(cards.nth(1).get_by_label("Id")).to_have_value(re.compile(r"-copy$"))
    copy_name = text_field(cards.nth(1), "name", "en")
    expect(problem_next_to(second, copy_name)).to_contain_text("same text as card", **SERVER_ROUND_TRIP)
    copy_name.fill("Short contracts in the touring company")
    text_field(cards.nth(1), "name", "nb").fill("Korte kontrakter i turnékompaniet")
    text_field(cards.nth(1), "name", "nn").fill("Korte kontraktar i turnékompaniet")
    text_field(cards.nth(1), "name", "da").fill("Korte kontrakter i turnékompagniet")
    text_field(cards.nth(1), "name", "sv").fill("Korta kontrakt i turnékompaniet")
    second.get_by_label("Author").fill("Per")
    second.get_by_role("button", name="Save deck").click()
    expect(second.locator("#save-status")).to_have_text("Saved", **SERVER_ROUND_TRIP)
    first.reload()
    expect(first.get_by_label("Author")).to_have_value("Per")
    expect(first.locator(".themes-list > .item-theme").first.locator(".item-card")).to_have_count(count + 1)

    # A shared computer: Kari's unsaved draft is never offered to Per, who signs in on her browser
    # next, and is gone from the browser once she signs out.
    editor_path = re.sub(r"^https?://[^/]+", "", editor_url)
    first.get_by_label("Author").fill("Kari, not saved")
    assert len(first.evaluate(DRAFT_KEYS)) == 1
    sign_in_at(first, "per@teater.no", editor_path)
    expect(first.get_by_label("Author")).to_have_value("Per")
    expect(first.locator("#editor-notice")).to_be_hidden()
    first.get_by_role("button", name="Sign out").click()
    expect(first.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in_at(first, "kari@teater.no", editor_path)
    expect(first.locator("#editor-notice")).to_contain_text("were restored")  # still hers, under her key
    expect(first.get_by_label("Author")).to_have_value("Kari, not saved")
    first.get_by_role("button", name="Sign out").click()
    expect(first.get_by_role("link", name="Sign in")).to_be_visible()
    assert first.evaluate(DRAFT_KEYS) == []
    # The refused save (409), and a check as you type still on its way when the browser's user changed:
    # the server refuses it (401) and the page it came from is gone, so nobody sees it.
    no_problems(problems, "status of 409", "status of 401")


def test_an_organiser_writes_a_new_deck_from_scratch(live_server, browser):
    problems: dict[str, list[str]] = {}
    organiser = person(browser, live_server, problems, "organiser", "kari@teater.no", "organiser", "Teater Nord")
    organiser.goto("/decks/")
    organiser.get_by_role("link", name="New deck").click()
    about = organiser.locator(".editor-section").first
    about.get_by_label("Id").fill("our-own-deck")
    for field, english, bokmal in (("title", "Our own deck", "Vår egen kortstokk"),
                                   ("description", "Questions from our own season.", "Spørsmål fra vår egen sesong.")):
        text_field(about, field, "en").fill(english)
        text_field(about, field, "nb").fill(bokmal)
    about.get_by_label("Author").fill("Teater Nord")
    first_theme = theme(organiser, 0)
    text_field(first_theme, "title", "en").fill("On tour")
    text_field(first_theme, "title", "nb").fill("På turné")
    card = first_theme.locator(".item-card").first
    for field, english, bokmal in (("prompt", "Who do you call when something happens on tour?",
                                    "Hvem ringer du når noe skjer på turné?"),
                                   ("notes", "Ask for names and numbers, not principles.",
                                    "Spør etter navn og nummer, ikke prinsipper.")):
        text_field(card, field, "en").fill(english)
        text_field(card, field, "nb").fill(bokmal)
    expect(organiser.locator("#problem-summary")).to_be_hidden(**SERVER_ROUND_TRIP)
    # A problem said about a whole text (its fieldset) is read with each of its inputs, after their own.
    title_set = about.locator("fieldset.loc-field[data-path='$.title']")
    title_problem = title_set.locator(":scope > .field-problem").get_attribute("id")
    for language in ("en", "nb"):
        expect(text_field(about, "title", language)).to_have_attribute(
            "aria-describedby", re.compile(rf"-missing \S+-problem {title_problem}$"))
    organiser.get_by_role("button", name="Save deck").click()
    expect(organiser).to_have_url(re.compile(r"/decks/\d+/edit$"), **SERVER_ROUND_TRIP)
    expect(organiser.locator("#editor-heading")).to_have_text("Our own deck")
    organiser.get_by_role("link", name="Decks", exact=True).click()
    expect(organiser.locator("#own-heading + .deck-list")).to_contain_text("Questions from our own season.")
    no_problems(problems)
