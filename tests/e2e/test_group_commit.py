"""Group commit on the real server (issue 15): a room answering at once shares transactions, every
phone is acked with its own answer, and the results count every answer; on eventlet and gevent."""

from __future__ import annotations

import re
import threading
import uuid
from typing import Any

import pytest
import requests

from tests.support.remote_workshop import every_kind_workshop

pytestmark = pytest.mark.e2e

METRICS_TOKEN = "group-commit-metrics-token"
PHONES = 24


def counter(server, name: str) -> int:
    text = requests.get(f"{server.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10).text
    found = re.search(rf"^{name} (\d+)$", text, re.MULTILINE)
    assert found, f"{name} is not in /metrics"
    return int(found.group(1))


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_a_room_answering_at_once_shares_commits_and_every_answer_counts(live_server_factory, async_mode):
    server = live_server_factory(CARDAPP_ASYNC_MODE=async_mode, CARDAPP_METRICS_TOKEN=METRICS_TOKEN)
    room = every_kind_workshop(server, phones=PHONES)
    try:
        statement = room.show(1)
        choices = room.phones[0].state["current"]["choices"]
        transactions_before = counter(server, "cardapp_answer_transactions_total")
        acks: list[Any] = [None] * PHONES
        all_acked = threading.Event()
        sent = [{"item_id": statement, "choice": choices[n % 2], "answer_id": uuid.uuid4().hex}
                for n in range(PHONES)]
        sent[-1]["item_id"] = statement + 1  # one phone answers a card that is not shown

        def acked(index: int, ack: dict[str, Any]) -> None:
            acks[index] = ack
            if all(ack is not None for ack in acks):
                all_acked.set()

        for index, phone in enumerate(room.phones):  # sent without waiting, so they arrive together
            phone.client.emit("submit_answer", sent[index], callback=lambda ack, index=index: acked(index, ack))
        assert all_acked.wait(15), acks

        assert acks[:-1] == [{"ok": True, "answer_id": answer["answer_id"], "choice": answer["choice"]}
                             for answer in sent[:-1]]
        assert acks[-1]["ok"] is False and acks[-1]["error"]["code"] == "not_current_item"
        transactions = counter(server, "cardapp_answer_transactions_total") - transactions_before
        # Two in runs here (a first answer alone, then the rest); one each would be 24.
        assert 1 <= transactions <= PHONES // 3, f"{PHONES} answers took {transactions} transactions"
        assert counter(server, "cardapp_answers_total") == PHONES - 1

        assert room.console.call("reveal_results") == {"ok": True}
        room.console.wait_for(lambda console: console.state["current"]["results"] is not None)
        results = room.console_state()["current"]["results"]
        assert (results["total"], results["counts"][choices[0]], results["counts"][choices[1]]) == (23, 12, 11)
    finally:
        room.close()
