"""'What we agreed last time' at the start of the next workshop, through the real Socket.IO handlers:
the projector shows the open actions as text, the console marks each done or carried over."""

from __future__ import annotations

import html
import re

from cardapp.domain.accounts import Role
from tests.support.accounts import PASSWORD, post_form, sign_in
from tests.support.workshops import disconnect_all, open_room
from tests.web.programme.conftest import browser_of

NEXT_FACILITATOR = "leder@teater.no"
OPEN_ACTIONS = ["Open calls for every role", "Two people on every hiring panel",
                "A contact person outside the production", "We ask before we touch", "Alcohol at premieres"]


def test_last_times_actions_open_the_next_workshop_and_are_marked_from_the_console(app, organiser, ended_risk_map):
    room = open_room(app, email=NEXT_FACILITATOR)
    try:
        facilitator = app.test_client()
        assert sign_in(facilitator, NEXT_FACILITATOR, PASSWORD).status_code == 303
        added = post_form(facilitator, "/programme/review", {"workshop": str(room.workshop_id)})
        assert added.status_code == 303 and added.headers["Location"].endswith(f"/workshops/{room.workshop_id}/agenda")
        again = post_form(facilitator, "/programme/review", {"workshop": str(room.workshop_id)},
                          headers={"Accept": "application/json"})
        assert again.status_code == 409

        phone = room.join_phone()
        assert room.command(room.console, "start_workshop") == {"ok": True}
        shown = room.last_state(room.projector)["current"]
        assert shown["kind"] == "review" and shown["position"] == 0 and shown["text"] == "What we agreed last time"
        assert set(shown["review"]) == {"actions"}
        assert [a["text"] for a in shown["review"]["actions"]] == OPEN_ACTIONS
        assert all(set(a) == {"id", "kind", "factor_name", "text", "status"} for a in shown["review"]["actions"])
        assert {a["status"] for a in shown["review"]["actions"]} == {"open"}
        on_phone = room.last_state(phone)["current"]
        assert on_phone["kind"] == "review" and "review" not in on_phone  # the room reads it on the big screen

        item_id, first, second = shown["item_id"], *[a["id"] for a in shown["review"]["actions"][:2]]
        assert room.command(room.console, "review_action", {"item_id": item_id, "action_id": first,
                                                            "status": "done"}) == {
            "ok": True, "action_id": first, "status": "done"}
        assert room.command(room.console, "review_action", {"item_id": item_id, "action_id": second,
                                                            "status": "carried_over"})["ok"]
        statuses = [a["status"] for a in room.last_state(room.projector)["current"]["review"]["actions"]]
        assert statuses[:2] == ["done", "carried_over"]

        back_to_open = room.command(room.console, "review_action", {"item_id": item_id, "action_id": first,
                                                                    "status": "open"})
        assert back_to_open["ok"] is False and back_to_open["error"]["code"] == "invalid"
        assert back_to_open["error"]["message"] == "Choose one of the statuses offered."
        unknown = room.command(room.console, "review_action", {"item_id": item_id, "action_id": 999,
                                                               "status": "done"})
        assert unknown["ok"] is False and unknown["error"]["code"] == "not_found"
        from_phone = room.command(phone, "review_action", {"item_id": item_id, "action_id": first, "status": "done"})
        assert from_phone["ok"] is False and from_phone["error"]["code"] == "forbidden"
    finally:
        disconnect_all(room)
    page = organiser.get("/programme").get_data(as_text=True)
    assert page.count('<span class="status">done</span>') == 1
    assert page.count('<span class="status">carried over</span>') == 1
    log = html.unescape(organiser.get("/organisation/audit").get_data(as_text=True))
    marked = re.findall(r"<td>([^<]+)</td>\s*<td>(Changed the status of the action [^<]+)</td>", log)
    assert marked == [(NEXT_FACILITATOR, "Changed the status of the action Two people on every hiring panel"),
                      (NEXT_FACILITATOR, "Changed the status of the action Open calls for every role")]


def test_only_the_organisations_own_draft_workshops_can_start_with_the_review(app, organiser, ended_risk_map):
    room = open_room(app, email=NEXT_FACILITATOR)
    try:
        stranger = browser_of(app, "leder@kino.no", Role.FACILITATOR, "Kino Sør")
        refused = post_form(stranger, "/programme/review", {"workshop": str(room.workshop_id)},
                            headers={"Accept": "application/json"})
        assert refused.status_code == 404
        nothing = post_form(organiser, "/programme/review", {}, headers={"Accept": "application/json"})
        assert nothing.status_code == 422
        assert room.command(room.console, "start_workshop") == {"ok": True}
        assert room.last_state(room.projector)["current"]["kind"] != "review"
        late = post_form(organiser, "/programme/review", {"workshop": str(room.workshop_id)},
                         headers={"Accept": "application/json"})
        assert late.status_code == 422
    finally:
        disconnect_all(room)
