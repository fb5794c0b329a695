"""The consent round through the real Socket.IO handlers: each section of a guidelines draft goes to six
phones; only totals at or above the minimum are shown, objections flagged without who; at the end the
totals go into the guidelines' next version, and the phones' answers are gone."""

from __future__ import annotations

import html
import io
import json
import re

import docx
from sqlalchemy import func, select

from cardapp.store.programme import ConsentAnswer
from tests.support.accounts import PASSWORD, post_form, sign_in
from tests.support.workshops import Room, disconnect_all, open_room

NEXT_FACILITATOR = "leder@teater.no"


def draft_version(organiser, text_en: str, text_nb: str) -> int:
    made = post_form(organiser, "/programme/guidelines/draft", {})
    first = int(made.headers["Location"].rsplit("/", 1)[1])
    saved = post_form(organiser, f"/programme/guidelines/{first}", {"text_en": text_en, "text_nb": text_nb})
    assert saved.status_code == 303
    return int(saved.headers["Location"].rsplit("/", 1)[1])


def consent(room: Room, phone, item_id: int, guideline: str, choice: str) -> dict:
    return room.command(phone, "submit_consent", {"item_id": item_id, "guideline": guideline, "choice": choice,
                                                  "answer_id": f"consent-{id(phone):x}-{guideline}"})


def test_a_consent_round_shows_only_totals_flags_objections_without_who_and_writes_the_next_version(app, organiser):
    version_id = draft_version(
        organiser,
        "# Our rules\nIntro.\n# No group insults\n- We say stop.\n# Alcohol\n- No bar before the show.\n"
        "# Touring\n- Two contact persons on tour.\n",
        "# Våre regler\nInnledning.\n# Ingen gruppefornærmelser\n- Vi sier stopp.\n# Alkohol\n- Ingen bar før "
        "forestillingen.\n# Turné\n- To kontaktpersoner på turné.\n")
    room = open_room(app, email=NEXT_FACILITATOR)
    try:
        facilitator = app.test_client()
        assert sign_in(facilitator, NEXT_FACILITATOR, PASSWORD).status_code == 303
        added = post_form(facilitator, f"/programme/guidelines/{version_id}/consent",
                          {"workshop": str(room.workshop_id)})
        assert added.status_code == 303, added.get_data(as_text=True)
        phones = [room.join_phone() for _ in range(6)]
        assert room.command(room.console, "start_workshop") == {"ok": True}
        last = len(room.last_state(room.console)["agenda"]) - 1
        assert room.command(room.console, "show_item", {"position": last}) == {"ok": True}
        shown = room.last_state(room.projector)["current"]
        assert shown["kind"] == "consent" and set(shown["consent"]) == {"version", "choices", "guidelines", "results"}
        assert [g["heading"] for g in shown["consent"]["guidelines"]] == ["No group insults", "Alcohol", "Touring"]
        assert shown["consent"]["guidelines"][1]["lines"] == ["No bar before the show."]
        assert shown["consent"]["results"] is None
        item_id = shown["item_id"]

        # g1: five can live with it, one objects. g2: all six live with it. g3: only three answer.
        for number, phone in enumerate(phones):
            assert consent(room, phone, item_id, "g1", "object" if number == 0 else "live_with")["ok"]
            assert consent(room, phone, item_id, "g2", "change" if number == 1 else "live_with")["ok"]
            if number < 3:
                assert consent(room, phone, item_id, "g3", "object")["ok"]
        assert consent(room, phones[0], item_id, "g1", "live_with")["ok"]  # changed their mind
        assert consent(room, phones[0], item_id, "g1", "object")["ok"]  # and back
        mine = room.last_state(phones[0])
        room.forget(phones[0])
        bad = consent(room, phones[0], item_id, "g9", "object")
        assert bad["ok"] is False and bad["error"]["code"] == "invalid_payload"
        assert consent(room, phones[0], item_id, "g1", "maybe")["ok"] is False
        assert "consent" in mine["current"] and "mine" not in room.last_state(room.projector)["current"]["consent"]

        assert room.command(room.console, "reveal_results") == {"ok": True}
        results = {r["guideline"]: r for r in room.last_state(room.projector)["current"]["consent"]["results"]}
        assert results["g1"] == {"guideline": "g1", "suppressed": False, "total": 6, "objected": True,
                                 "counts": {"live_with": 5, "change": 0, "object": 1}}
        assert results["g2"]["objected"] is False and results["g2"]["counts"]["change"] == 1
        # Three answered: not even whether someone objected is said.
        assert results["g3"] == {"guideline": "g3", "suppressed": True, "total": 3, "min_answers": 5}
        late = consent(room, phones[5], item_id, "g3", "live_with")
        assert late["ok"] is False and late["error"]["code"] == "answers_closed"

        assert room.command(room.console, "end_workshop") == {"ok": True}
    finally:
        disconnect_all(room)
    with app.extensions["cardapp.database"].transaction() as session:
        assert session.scalar(select(func.count(ConsentAnswer.id))) == 0
    report = facilitator.get(f"/workshops/{room.workshop_id}/report")
    assert report.status_code == 200 and "Consent round" in report.get_data(as_text=True)

    listing = organiser.get("/programme/guidelines").get_data(as_text=True)
    newest = max(int(n) for n in re.findall(r'/programme/guidelines/(\d+)"', listing))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(
        organiser.get(f"/programme/guidelines/{newest}/guidelines.docx?lang=en").data)).paragraphs)
    assert "No group insults: 5 can live with it, 0 say it needs changing, 1 object. An objection was raised" in text
    assert "Alcohol: 5 can live with it, 1 say it needs changing, 0 object." in text
    assert "Touring: too few answers to show (at least 5 needed)" in text
    bokmal = "\n".join(p.text for p in docx.Document(io.BytesIO(
        organiser.get(f"/programme/guidelines/{newest}/guidelines.docx?lang=nb").data)).paragraphs)
    assert "Ingen gruppefornærmelser: 5 kan leve med den" in bokmal and "Samtykkerunde" in bokmal
    assert json.dumps(text).count("consent-") == 0  # no answer id reaches the document
    log = html.unescape(organiser.get("/organisation/audit").get_data(as_text=True))
    written = re.findall(r"<td>the server \(command line or scheduled job\)</td>\s*<td>([^<]+)</td>", log)
    assert written == ["Wrote version 3 of the guidelines"]  # 1 drafted, 2 edited, 3 with the round's totals


def test_another_organisation_cannot_put_a_version_to_its_room(app, organiser):
    from cardapp.domain.accounts import Role
    from tests.web.programme.conftest import browser_of

    made = post_form(organiser, "/programme/guidelines/draft", {})
    version_id = int(made.headers["Location"].rsplit("/", 1)[1])
    stranger = browser_of(app, "leder@kino.no", Role.FACILITATOR, "Kino Sør")
    room = open_room(app, email="annen@kino.no")
    try:
        refused = post_form(stranger, f"/programme/guidelines/{version_id}/consent",
                            {"workshop": str(room.workshop_id)}, headers={"Accept": "application/json"})
        assert refused.status_code == 404
    finally:
        disconnect_all(room)
