"""The workshop report as a page, a CSV and a JSON download: what it holds, what it never holds, who sees it.

Workshops are run through the real Socket.IO handlers and ended; the report is then fetched as the
facilitator's browser would.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from cardapp import extensions
from cardapp.domain.accounts import Role
from cardapp.store.models import Participant, StoredDeck, Workshop
from tests.realtime.test_power_walk import open_walk, walk_through
from tests.support.accounts import PASSWORD, csrf_token, make_user, post_form, sign_in
from tests.support.workshops import Room, card_ids_with, disconnect_all, open_room

FACTORS = ["freelance-dependency", "recruitment-through-networks", "hierarchies-and-competition",
           "fear-of-repercussions"]
NAMES = {
    "freelance-dependency": "Freelance work and dependence on the next job",
    "hierarchies-and-competition": "Steep hierarchies and fierce competition",
}
RATINGS = {
    FACTORS[0]: ["not_at_all"] * 4 + ["somewhat", "dont_know"],
    FACTORS[1]: ["very"] * 5 + ["somewhat"],
    FACTORS[2]: ["somewhat"] * 3,  # only three answered: below the minimum of five
    FACTORS[3]: ["somewhat"] * 3 + ["very"] * 2 + ["not_at_all"],
}
# Anything that would tie a row to a person or a moment: a time of day, a token, an id of a phone.
PER_PERSON_KEYS = {"participant", "participant_id", "participants_ids", "token", "token_sha256", "answer_id",
                   "client_answer_id", "reflection_id", "created_at", "timestamp", "time", "ip", "user_agent"}
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")


def facilitator_browser(app, email: str = "fasilitator@teater.no"):
    browser = app.test_client()
    assert sign_in(browser, email, PASSWORD).status_code == 303
    return browser


def fetch_all(browser, workshop_id: int) -> tuple[str, list[list[str]], dict]:
    page = browser.get(f"/workshops/{workshop_id}/report")
    assert page.status_code == 200, page.get_data(as_text=True)
    as_csv = browser.get(f"/workshops/{workshop_id}/report.csv")
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    assert as_csv.headers["Content-Disposition"] == f'attachment; filename="workshop-{workshop_id}-report.csv"'
    as_json = browser.get(f"/workshops/{workshop_id}/report.json")
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert "attachment" in as_json.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True).removeprefix("\ufeff"))))
    return page.get_data(as_text=True), rows, json.loads(as_json.get_data(as_text=True))


def keys_in(document: object) -> set[str]:
    if isinstance(document, dict):
        return set(document) | {key for value in document.values() for key in keys_in(value)}
    if isinstance(document, list):
        return {key for value in document for key in keys_in(value)}
    return set()


def assert_nothing_per_person(html: str, rows: list[list[str]], document: dict, secrets: list[str]) -> None:
    csv_text = "\n".join(",".join(row) for row in rows)
    assert not keys_in(document) & PER_PERSON_KEYS
    assert rows[0] == ["section", "position", "item", "key", "round", "value"]
    for text in (json.dumps(document, ensure_ascii=False), csv_text):
        assert not TIME_OF_DAY.search(text), TIME_OF_DAY.search(text)
        for secret in secrets:
            assert secret not in text
    for secret in secrets:
        assert secret not in html


@pytest.fixture
def risk_room(app):
    opened = open_room(app, FACTORS, deck_slug="risk-map")
    yield opened
    disconnect_all(opened)


def run_risk_map(room: Room) -> list[str]:
    """Six phones rate the factors, the map is revealed, measures and agreements typed, the workshop ended.

    Returns what must never reach a report: the phones' token hashes and the answer ids they sent.
    """
    for _ in range(6):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    assert room.command(room.console, "show_card") == {"ok": True}  # past the risk themes' content note
    item_id = room.last_state(room.console)["current"]["item_id"]
    answer_ids = []
    for factor, choices in RATINGS.items():
        for phone, choice in zip(room.phones, choices, strict=False):
            answer_id = f"answer-{id(phone):x}-{factor}"
            answer_ids.append(answer_id)
            assert room.command(phone, "submit_risk_answer", {"item_id": item_id, "factor": factor,
                                                              "choice": choice, "answer_id": answer_id})["ok"]
    assert room.command(room.console, "reveal_results") == {"ok": True}
    for kind, factor, text in (("measure", FACTORS[1], "Open calls for every role"),
                               ("measure", FACTORS[1], "Two people on every hiring panel"),
                               ("measure", FACTORS[2], "A contact person outside the production"),
                               ("guideline", None, "We ask before we touch"),
                               ("topic", None, "Alcohol at premieres")):
        payload = {"kind": kind, "text": text, **({"factor": factor} if factor else {})}
        assert room.command(room.console, "record_agreement", payload)["ok"]
    with extensions.database.of(room.app).transaction() as session:
        hashes = list(session.scalars(select(Participant.token_sha256)))
    assert room.command(room.console, "end_workshop") == {"ok": True}
    return hashes + answer_ids


def test_the_report_ranks_the_risk_map_with_its_measures_in_all_three_formats(app, risk_room: Room):
    secrets = run_risk_map(risk_room)
    html, rows, document = fetch_all(facilitator_browser(app), risk_room.workshop_id)
    day = dt.date.today()
    today = day.isoformat()

    # The page: date (written out, ISO for machines), deck, rounded count, the ranked map with measures, the agreements.
    assert f'<time datetime="{today}">{day.day} {day:%B %Y}</time>' in html
    assert "Risk map" in html and "about 5" in html
    positions = [html.index(name) for name in (NAMES["freelance-dependency"], NAMES["hierarchies-and-competition"])]
    assert positions[0] < positions[1]  # the suppressed factor comes last
    suppressed_part = html[positions[1]:]
    assert "Not ranked" in html[html.rindex("<li", 0, positions[1]):positions[1]]
    assert "Not ranked" not in html[:html.rindex("<li", 0, positions[1])]
    assert "Too few answers to show (at least 5 needed)." in suppressed_part
    assert "A contact person outside the production" in suppressed_part  # its measure is still listed
    assert "Open calls for every role" in html and "We ask before we touch" in html
    assert "Presence: <strong>very present</strong> (1.8 of 2)" in html  # in words, not by colour alone
    assert "Alcohol at premieres" in html
    # Texts typed in the workshop are marked with its language, for screen readers and hyphenation.
    assert '<li lang="en">Open calls for every role</li>' in html
    assert '<span lang="en">We ask before we touch</span>' in html

    # JSON: ranked factors; the suppressed one says only that, with no total.
    workshop = document["workshop"]
    assert workshop == {"title": "Workshop", "language": "en", "ended_on": today, "deck": workshop["deck"],
                        "min_answers": 5, "participants": {"about": 5, "fewer_than": None}}
    assert workshop["deck"]
    factors = document["risk_maps"][0]["factors"]
    assert [f["id"] for f in factors] == [FACTORS[1], FACTORS[3], FACTORS[0], FACTORS[2]]
    assert [f["rank"] for f in factors] == [1, 2, 3, None]
    assert factors[0]["counts"] == {"not_at_all": 0, "somewhat": 1, "very": 5, "dont_know": 0}
    assert factors[0]["level"] == "high" and factors[0]["score"] == 1.83
    assert factors[0]["measures"] == ["Open calls for every role", "Two people on every hiring panel"]
    assert factors[3] == {"rank": None, "id": FACTORS[2], "name": NAMES["hierarchies-and-competition"],
                          "suppressed": True, "score": None, "level": None,
                          "measures": ["A contact person outside the production"]}
    # Measures sit with their factor; the other agreements are listed once.
    assert document["agreements"] == [
        {"kind": "guideline", "factor": None, "factor_name": None, "text": "We ask before we touch"},
        {"kind": "topic", "factor": None, "factor_name": None, "text": "Alcohol at premieres"}]
    assert [(entry["position"], entry["kind"]) for entry in document["agenda"]] == [(1, "risk_map")]

    # CSV: one fact per row, the same content.
    assert ["workshop", "", "", "participants_about", "", "5"] in rows
    assert ["workshop", "", "", "ended_on", "", today] in rows
    # `position` is the map's place on the agenda, as in every section; the rank is a row of its own.
    assert ["risk_factor", "1", factors[0]["name"], "rank", "", "1"] in rows
    assert ["risk_factor", "1", factors[0]["name"], "very", "", "5"] in rows
    assert ["risk_factor", "1", factors[0]["name"], "score", "", "1.83"] in rows
    assert ["risk_factor", "1", factors[1]["name"], "rank", "", "2"] in rows
    assert ["risk_factor", "1", factors[1]["name"], "very", "", "2"] in rows
    assert ["risk_factor", "1", NAMES["hierarchies-and-competition"], "rank", "", ""] in rows
    assert ["risk_factor", "1", NAMES["hierarchies-and-competition"], "suppressed", "", ""] in rows
    assert ["measure", "1", factors[0]["name"], "measure", "", "Two people on every hiring panel"] in rows
    assert ["measure", "1", NAMES["hierarchies-and-competition"], "measure", "",
            "A contact person outside the production"] in rows
    assert ["agreement", "", "", "guideline", "", "We ask before we touch"] in rows
    assert not [row for row in rows if row[2] == NAMES["hierarchies-and-competition"] and row[3] == "somewhat"]

    assert_nothing_per_person(html, rows, document, secrets)


def test_statements_rounds_shift_and_approved_reflections_reach_the_report_without_their_writers(app):
    _deck, questions = card_ids_with(app, kinds=("question",), count=1)
    _deck, statements = card_ids_with(app, kinds=("statement",), count=1)
    room = open_room(app, questions + statements)
    try:
        for _ in range(7):
            room.join_phone()
        assert room.command(room.console, "start_workshop") == {"ok": True}
        question_id = room.last_state(room.console)["current"]["item_id"]
        room.command(room.console, "open_reflections")
        for number, phone in enumerate(room.phones[:6]):
            assert room.command(phone, "submit_reflection", {"item_id": question_id,
                                                             "text": f"Reflection {'FEDCBA'[number]}: we laugh it off",
                                                             "reflection_id": f"refl{number}secret"})["ok"]
        pending = room.wait_for_state(room.console,  # two batches of three, on the clock's boundaries
                                      lambda s: len(s["moderation"]["pending"]) == 6)["moderation"]["pending"]
        approved, rejected = sorted(p["text"] for p in pending[:5]), pending[5]["text"]
        for reflection, decision in zip(pending, ["approve"] * 5 + ["reject"], strict=True):
            room.command(room.console, "moderate_reflection", {"reflection_id": reflection["id"], "decision": decision})
        room.command(room.console, "close_answers")
        room.command(room.console, "show_item", {"position": 1})
        statement_id = room.last_state(room.console)["current"]["item_id"]
        for phone, choice in zip(room.phones, ["agree"] * 4 + ["disagree"] * 2 + ["unsure"], strict=True):
            assert room.answer(phone, statement_id, choice, answer_id=f"secret-{id(phone):x}")["ok"]
        assert room.command(room.console, "reveal_results") == {"ok": True}
        assert room.command(room.console, "start_second_round") == {"ok": True}
        for phone, choice in zip(room.phones, ["agree"] * 2 + ["disagree"] * 5, strict=True):
            assert room.answer(phone, statement_id, choice, answer_id=f"secret2-{id(phone):x}")["ok"]
        assert room.command(room.console, "reveal_results") == {"ok": True}
        with extensions.database.of(app).transaction() as session:
            hashes = list(session.scalars(select(Participant.token_sha256)))
        assert room.command(room.console, "end_workshop") == {"ok": True}

        html, rows, document = fetch_all(facilitator_browser(app), room.workshop_id)
    finally:
        disconnect_all(room)

    assert document["reflections"][0]["reflections"] == approved  # alphabetical, not as written
    assert rejected not in json.dumps(document) and rejected not in html  # the rejected one is gone
    assert all(text in html for text in approved)
    statement = document["statements"][0]
    assert statement["position"] == 2
    assert statement["rounds"] == [
        {"suppressed": False, "total": 7, "counts": {"agree": 4, "disagree": 2, "both": 0, "unsure": 1}},
        {"suppressed": False, "total": 7, "counts": {"agree": 2, "disagree": 5, "both": 0, "unsure": 0}}]
    assert statement["shift"] == [{"choice": "agree", "change": -2}, {"choice": "disagree", "change": 3},
                                  {"choice": "unsure", "change": -1}]
    assert statement["not_compared"] is None
    assert [entry["kind"] for entry in document["agenda"]] == ["question", "statement"]
    assert document["workshop"]["participants"] == {"about": 5, "fewer_than": None}
    assert ["shift", "2", statement_text(document), "disagree", "", "3"] in rows
    assert ["statement", "2", statement_text(document), "agree", "2", "2"] in rows
    assert ["reflection", "1", document["reflections"][0]["text"], "reflection", "", approved[0]] in rows
    # One text per direction, with the number filled in: right for 1 as for 3, in both languages.
    assert "“Disagree”: 3 more in round 2" in html and "“Unsure”: 1 fewer in round 2" in html
    assert "<td>4 (57%)</td>" in html and "<td>5 (71%)</td>" in html  # of 7, in the page's language
    assert all(f'<li lang="en">{text}</li>' in html for text in approved)
    assert f'<span class="deck-text" lang="en">{escape(statement_text(document))}</span>' in html
    assert_nothing_per_person(html, rows, document, hashes + ["secret", "refl0"])


def statement_text(document: dict) -> str:
    return str(document["statements"][0]["text"])


def test_a_power_walk_shows_its_picture_and_a_small_one_only_that_it_was_too_few(app):
    walk = open_walk(app)
    try:
        for _ in range(6):
            walk.join_phone()
        walk.command(walk.console, "start_workshop")
        item_id = walk.last_state(walk.console)["current"]["item_id"]
        walk_through(walk, item_id, [["yes"] * 5, ["no"] * 5, ["yes", "no", "pass", "yes", "no"], ["pass"] * 5,
                                     ["no", "yes", "no", "no", "no"], ["yes", "yes"]])
        walk.command(walk.console, "finish_power_walk")
        assert walk.command(walk.console, "reveal_power_walk") == {"ok": True}
        assert walk.command(walk.console, "end_workshop") == {"ok": True}
        html, rows, document = fetch_all(facilitator_browser(app), walk.workshop_id)
    finally:
        disconnect_all(walk)
    picture = document["power_walks"][0]
    assert picture == {"position": 1, "title": picture["title"], "suppressed": False, "statements": 5,
                       "completed": 5, "partial": 1, "passes": 6,
                       # 0, 0, 1, 2 and 5 steps: one bar, so the one who took five does not stand alone
                       "people_by_steps": [{"from": 0, "to": 5, "people": 5}],
                       "dimensions": [{"id": "network", "title": "Network", "yes": 8, "no": 11, "pass": 6}]}
    assert "dots" not in json.dumps(document)
    assert ["power_dimension", "1", "Network", "no", "", "11"] in rows
    assert "5 people answered every statement; 1 took part only partly" in html

    small = open_walk(app, email="fasilitator2@teater.no")
    try:
        for _ in range(3):
            small.join_phone()
        small.command(small.console, "start_workshop")
        item_id = small.last_state(small.console)["current"]["item_id"]
        walk_through(small, item_id, [["yes"] * 5, ["no"] * 5, ["pass"] * 5])
        small.command(small.console, "finish_power_walk")
        assert small.command(small.console, "reveal_power_walk") == {"ok": True}  # the room saw "too few"
        assert small.command(small.console, "end_workshop") == {"ok": True}
        html, rows, document = fetch_all(facilitator_browser(app, "fasilitator2@teater.no"), small.workshop_id)
    finally:
        disconnect_all(small)
    assert document["power_walks"][0] == {"position": 1, "title": picture["title"], "suppressed": True,
                                          "statements": 5}
    assert document["workshop"]["participants"] == {"about": None, "fewer_than": 5}
    assert "fewer than 5" in html and "Too few people completed the walk to show it (at least 5 needed)." in html
    assert ["power_walk", "1", picture["title"], "suppressed", "", ""] in rows


def test_the_report_holds_only_the_rounds_the_room_saw_and_compares_them_only_when_fair(app):
    """Card 1: both rounds revealed, one person fewer in the second; card 2: answered, never revealed;
    card 3: revealed, then asked again but the second round never revealed."""
    _deck, statements = card_ids_with(app, kinds=("statement",), count=3)
    room = open_room(app, statements)
    try:
        for _ in range(7):
            room.join_phone()
        assert room.command(room.console, "start_workshop") == {"ok": True}
        first = room.last_state(room.console)["current"]["item_id"]
        for phone, choice in zip(room.phones, ["agree"] * 4 + ["disagree"] * 3, strict=True):
            assert room.answer(phone, first, choice)["ok"]
        assert room.command(room.console, "reveal_results") == {"ok": True}
        assert room.command(room.console, "start_second_round") == {"ok": True}
        for phone, choice in zip(room.phones[:6], ["agree"] * 3 + ["disagree"] * 3, strict=True):
            assert room.answer(phone, first, choice)["ok"]  # the seventh person does not answer again
        assert room.command(room.console, "reveal_results") == {"ok": True}

        room.command(room.console, "show_item", {"position": 1})
        never_revealed = room.last_state(room.console)["current"]["item_id"]
        for phone in room.phones:
            assert room.answer(phone, never_revealed, "agree")["ok"]
        room.command(room.console, "close_answers")

        room.command(room.console, "show_item", {"position": 2})
        third = room.last_state(room.console)["current"]["item_id"]
        for phone in room.phones[:5]:
            assert room.answer(phone, third, "disagree")["ok"]
        assert room.command(room.console, "reveal_results") == {"ok": True}
        assert room.command(room.console, "start_second_round") == {"ok": True}
        for phone in room.phones[:5]:
            assert room.answer(phone, third, "agree")["ok"]
        assert room.command(room.console, "end_workshop") == {"ok": True}  # round 2 of card 3 never shown
        html, rows, document = fetch_all(facilitator_browser(app), room.workshop_id)
    finally:
        disconnect_all(room)

    assert [statement["position"] for statement in document["statements"]] == [1, 3]
    compared, single = document["statements"]
    # 7 then 6 answers: side by side, the two tables would give away the seventh person's answer. The
    # room saw the first when it was revealed, so the second is the one withheld.
    assert compared["rounds"][0]["suppressed"] is False and compared["rounds"][0]["total"] == 7
    assert compared["rounds"][1] == {"suppressed": True}
    assert compared["shift"] is None and compared["not_compared"] == "different_totals"
    assert compared["withheld_round"] == 2
    assert single["rounds"] == [{"suppressed": False, "total": 5,
                                 "counts": {"agree": 0, "disagree": 5, "both": 0, "unsure": 0}}]
    assert single["shift"] is None and single["not_compared"] is None
    assert "Not compared: the two rounds had different numbers of answers" in html
    assert "Round 2" in html and html.count("Not shown") == 1
    assert escape(document["agenda"][1]["text"]) not in html.split('id="statements-heading"')[1]
    assert "Too few" not in html  # nothing here was too few, and the unrevealed card is not called so
    assert ["shift", "1", compared["text"], "not_compared", "", "different_totals"] in rows
    assert ["statement", "1", compared["text"], "suppressed", "2", ""] in rows
    assert not [row for row in rows if row[0] == "statement" and row[1] == "2"]
    assert not [row for row in rows if row[0] in ("statement", "shift") and row[1] == "3" and row[4] == "2"]

    page = facilitator_browser(app).get(f"/workshops/{room.workshop_id}/report",
                                        headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "Ikke sammenlignet: de to rundene hadde ulikt antall svar" in page and "Ikke vist" in page


def test_a_risk_map_never_revealed_is_left_out_of_the_report(app, risk_room: Room):
    for _ in range(5):
        risk_room.join_phone()
    assert risk_room.command(risk_room.console, "start_workshop") == {"ok": True}
    assert risk_room.command(risk_room.console, "show_card") == {"ok": True}  # past the content note
    item_id = risk_room.last_state(risk_room.console)["current"]["item_id"]
    for phone in risk_room.phones:
        assert risk_room.command(phone, "submit_risk_answer", {"item_id": item_id, "factor": FACTORS[0],
                                                               "choice": "very", "answer_id": f"a{id(phone):x}"})["ok"]
    assert risk_room.command(risk_room.console, "end_workshop") == {"ok": True}
    html, rows, document = fetch_all(facilitator_browser(app), risk_room.workshop_id)
    assert document["risk_maps"] == []
    assert 'class="report-risk"' not in html and "Too few" not in html
    assert NAMES["freelance-dependency"] not in html
    assert not [row for row in rows if row[0] == "risk_factor"]
    assert [entry["kind"] for entry in document["agenda"]] == ["risk_map"]  # the plan itself is still listed


def test_the_deck_title_is_the_one_the_workshop_was_made_with(app):
    room = open_room(app)
    try:
        room.join_phone()
        room.command(room.console, "start_workshop")
        assert room.command(room.console, "end_workshop") == {"ok": True}
    finally:
        disconnect_all(room)
    database = extensions.database.of(app)
    with database.transaction() as session:
        workshop = session.get(Workshop, room.workshop_id)
        assert workshop is not None and workshop.deck_title
        made_with = workshop.deck_title
        deck = session.get(StoredDeck, workshop.deck_id)
        assert deck is not None
        content = json.loads(deck.content)
        content["title"] = {language: "Renamed later" for language in content["title"]}
        deck.content, deck.title = json.dumps(content), "Renamed later"
    browser = facilitator_browser(app)
    assert browser.get(f"/workshops/{room.workshop_id}/report.json").get_json()["workshop"]["deck"] == made_with
    assert made_with != "Renamed later"

    with database.transaction() as session:  # made before the title was kept: the deck's own title
        workshop = session.get(Workshop, room.workshop_id)
        assert workshop is not None
        workshop.deck_title = None
    assert browser.get(f"/workshops/{room.workshop_id}/report.json").get_json()["workshop"]["deck"] == "Renamed later"


def test_only_the_organisations_people_see_a_report_and_only_once_the_workshop_ended(app, risk_room: Room):
    for _ in range(2):
        risk_room.join_phone()
    risk_room.command(risk_room.console, "start_workshop")
    facilitator = facilitator_browser(app)
    for suffix in ("report", "report.csv", "report.json", "results"):
        early = facilitator.get(f"/workshops/{risk_room.workshop_id}/{suffix}")
        assert early.status_code == 409
        assert "once the workshop has ended" in early.get_data(as_text=True)
    as_program = facilitator.get(f"/workshops/{risk_room.workshop_id}/report.json",
                                 headers={"Accept": "application/json"})
    assert as_program.get_json()["error"]["code"] == "conflict"
    risk_room.command(risk_room.console, "end_workshop")

    make_user(app, "organiser@teater.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "fasilitator@festival.no", Role.FACILITATOR, "Festival Sør")
    organiser, stranger, nobody = facilitator_browser(app, "organiser@teater.no"), \
        facilitator_browser(app, "fasilitator@festival.no"), app.test_client()
    for suffix in ("report", "report.csv", "report.json"):
        path = f"/workshops/{risk_room.workshop_id}/{suffix}"
        assert facilitator.get(path).status_code == 200 and organiser.get(path).status_code == 200
        assert stranger.get(path).status_code == 404
        assert nobody.get(path).status_code in (302, 401)
        assert facilitator.get(f"/workshops/99999/{suffix}").status_code == 404
    page = facilitator.get(f"/workshops/{risk_room.workshop_id}/report").get_data(as_text=True)
    assert "fewer than 5" in page
    assert 'href="/static/css/report.css"' in page and "Download as CSV" in page
    assert "Delete workshop" not in page  # a facilitator keeps the reports; organisers may delete them
    assert "Delete workshop" in organiser.get(f"/workshops/{risk_room.workshop_id}/report").get_data(as_text=True)


def test_the_report_is_in_norwegian_for_a_norwegian_browser(app, risk_room: Room):
    run_risk_map(risk_room)
    browser = facilitator_browser(app)
    page = browser.get(f"/workshops/{risk_room.workshop_id}/report", headers={"Accept-Language": "nb"})
    html = page.get_data(as_text=True)
    assert "Risikokart" in html and "omtrent 5" in html and "Avtaler" in html
    assert "<strong>mye til stede</strong> (1,8 av 2)" in html


def ended_room(app) -> Room:
    room = open_room(app)
    room.join_phone()
    room.command(room.console, "start_workshop")
    return room


def test_an_organiser_deletes_a_workshop_and_its_report_after_confirming(app):
    room = ended_room(app)
    try:
        organiser_id = make_user(app, "organiser@teater.no", Role.ORGANISER, "Teater Nord")
        assert organiser_id
        organiser = facilitator_browser(app, "organiser@teater.no")
        path = f"/workshops/{room.workshop_id}/delete"
        running = organiser.get(path)
        assert running.status_code == 409 and "End it before you delete it" in running.get_data(as_text=True)
        assert room.command(room.console, "end_workshop") == {"ok": True}
    finally:
        disconnect_all(room)

    listing = organiser.get("/workshops/").get_data(as_text=True)
    assert f'href="{path}"' in listing
    confirm = organiser.get(path)
    assert confirm.status_code == 200
    assert "Delete “Workshop” and its report?" in confirm.get_data(as_text=True)
    assert organiser.post(path).status_code == 400  # no CSRF token: refused, nothing deleted
    assert organiser.get(f"/workshops/{room.workshop_id}/report").status_code == 200

    done = post_form(organiser, path, {})
    assert done.status_code == 303 and done.headers["Location"].endswith("/workshops/")
    after = organiser.get("/workshops/").get_data(as_text=True)
    assert "“Workshop” and its report were deleted." in after
    for suffix in ("report", "report.json", "delete"):
        assert organiser.get(f"/workshops/{room.workshop_id}/{suffix}").status_code == 404


def test_a_facilitator_may_not_delete_and_another_organisation_finds_nothing(app):
    room = ended_room(app)
    room.command(room.console, "end_workshop")
    disconnect_all(room)
    facilitator = facilitator_browser(app)
    assert "/delete" not in facilitator.get("/workshops/").get_data(as_text=True)
    refused = post_form(facilitator, f"/workshops/{room.workshop_id}/delete", {})
    assert refused.status_code == 403
    assert "Only organisers can delete a workshop and its report." in refused.get_data(as_text=True)
    make_user(app, "organiser@festival.no", Role.ORGANISER, "Festival Sør")
    stranger = facilitator_browser(app, "organiser@festival.no")
    assert post_form(stranger, f"/workshops/{room.workshop_id}/delete", {}).status_code == 404
    as_program = facilitator.post(f"/workshops/{room.workshop_id}/delete",
                                  data={"csrf_token": csrf_token(facilitator)}, headers={"Accept": "application/json"})
    assert as_program.get_json() == {"error": {"code": "forbidden", "message":
                                               "Only organisers can delete a workshop and its report."}}
    assert facilitator.get(f"/workshops/{room.workshop_id}/report").status_code == 200


def test_organisers_set_how_long_reports_are_kept_and_get_a_clear_error_when_out_of_range(app):
    make_user(app, "organiser@teater.no", Role.ORGANISER, "Teater Nord")
    organiser = facilitator_browser(app, "organiser@teater.no")
    page = organiser.get("/organisation").get_data(as_text=True)
    assert 'id="retention_days"' in page and 'value="365"' in page
    assert '<label for="retention_days">' in page

    refused = post_form(organiser, "/organisation/retention", {"retention_days": "4000"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Enter a whole number of days from 1 to 3650." in html and 'aria-invalid="true"' in html
    assert 'value="4000"' in html  # what was typed stays, to be corrected
    assert 'value="365"' in organiser.get("/organisation").get_data(as_text=True)

    saved = post_form(organiser, "/organisation/retention", {"retention_days": "90"})
    assert saved.status_code == 303
    after = organiser.get("/organisation").get_data(as_text=True)
    assert 'value="90"' in after and "Reports are now kept for 90 days" in after

    make_user(app, "fasilitator@teater.no", Role.FACILITATOR, "Teater Nord")
    facilitator = facilitator_browser(app)
    assert "readonly" in facilitator.get("/organisation").get_data(as_text=True).split('id="retention_days"')[1][:400]
    denied = post_form(facilitator, "/organisation/retention", {"retention_days": "5"})
    assert denied.status_code == 403
    assert 'value="90"' in organiser.get("/organisation").get_data(as_text=True)
