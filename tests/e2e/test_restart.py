"""Promise 8: if the server restarts, the workshop goes on where it was, for every screen."""

from __future__ import annotations

import signal
import sqlite3
import uuid

import pytest

from tests.support.remote import Screen, create_workshop, joined_phone_cookie, signed_in_facilitator

pytestmark = pytest.mark.e2e

CARDS = ["norms-statement-professional", "norms-statement-easy-to-differ", "norms-statement-we-can-change"]


def test_a_killed_server_comes_back_and_every_client_carries_on_with_nothing_lost(live_server):
    facilitator = signed_in_facilitator(live_server)
    workshop = create_workshop(live_server, facilitator, CARDS)
    cookie = "; ".join(f"{k}={v}" for k, v in facilitator.cookies.items())
    console = Screen(live_server, {"screen": "console", "workshop_id": workshop["id"]}, cookie)
    projector = Screen(live_server, {"screen": "projector", "workshop_id": workshop["id"],
                                     "secret": workshop["secret"]})
    phones = [Screen(live_server, {"screen": "phone", "workshop_id": workshop["id"]},
                     joined_phone_cookie(live_server, workshop["code"])) for _ in range(28)]
    screens = [console, projector, *phones]
    try:
        assert console.call("start_workshop") == {"ok": True}
        assert console.call("show_item", {"position": 1}) == {"ok": True}
        for screen in screens:
            screen.wait_for(lambda s: s.state and s.state["current"] and s.state["current"]["position"] == 1)
        item_id = console.state["current"]["item_id"]
        answer_ids = {}
        for number, phone in enumerate(phones[:20]):
            answer_ids[number] = uuid.uuid4().hex
            assert phone.answer("agree" if number % 2 else "disagree", answer_ids[number])["ok"]

        before = {id(screen): screen.states_received for screen in screens}
        assert live_server.stop(signal.SIGKILL) != 0
        live_server.start()

        for screen in screens:  # each reconnects by itself and receives a fresh snapshot
            seen = before[id(screen)]
            screen.wait_for(lambda s, seen=seen: s.states_received > seen, timeout=30)
            assert screen.state["current"]["item_id"] == item_id
            assert screen.state["current"]["position"] == 1
        assert phones[3].state["current"]["my_answer"] == "agree"
        assert phones[4].state["current"]["my_answer"] == "disagree"
        assert phones[25].state["current"]["my_answer"] is None

        for number, phone in enumerate(phones[:20]):  # a phone that never saw its ack sends again
            assert phone.answer("agree" if number % 2 else "disagree", answer_ids[number])["ok"]
        for phone in phones[20:]:
            assert phone.answer("both")["ok"]
        console.wait_for(lambda s: s.answered == 28)
        projector.wait_for(lambda s: s.answered == 28)

        assert console.call("reveal_results") == {"ok": True}
        projector.wait_for(lambda s: s.state["current"]["results"] is not None)
        assert projector.state["current"]["results"] == {
            "suppressed": False, "total": 28, "round": 1,
            "counts": {"agree": 10, "disagree": 10, "both": 8, "unsure": 0}}
    finally:
        for screen in screens:
            screen.close()
    live_server.stop()
    with sqlite3.connect(live_server.workdir / "cardapp.sqlite3") as database:
        assert database.execute("select count(*) from answers").fetchone() == (28,)
        assert database.execute("select count(distinct participant_id) from answers").fetchone() == (28,)
