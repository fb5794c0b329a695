"""CPU time per answer in this process, without a network: the use case alone, and the whole event.

`workshop_load.py` measures a real server under load, which on a shared machine moves with the
neighbours' load. This measures what one answer costs on the CPU here, on a prepared SQLite
database: `use case` calls `services.phones.submit_answer` directly (the checks, the replay guard,
the upsert, the commit); `event` emits `submit_answer` from Flask-SocketIO's test client of a
connected phone, so it adds python-socketio's packet handling, the command pipeline (caller,
rate limit, validation, metrics) and whatever context the event is handled in, but no WebSocket
framing. Each figure is the best of --repeats runs of --answers answers (process CPU time, which
other processes' load changes little), round-robin over the phones so no phone meets its rate limit.

    .venv/bin/python bench/answer_cost.py [--phones 600] [--answers 3000] [--repeats 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import workshop_setup as setup

from cardapp import create_app, extensions
from cardapp.domain.workshops import choices_for
from cardapp.extensions import socketio
from cardapp.realtime.hub import hub
from cardapp.services import accounts, live, phones, workshops
from cardapp.store.answers import current_item_row
from cardapp.store.database import Database


def best_cpu_us(run: Callable[[int], None], answers: int, repeats: int) -> float:
    """The least process CPU time per call over `repeats` runs of `answers` calls."""
    best = float("inf")
    sent = 0
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(answers):
            run(sent)
            sent += 1
        best = min(best, (time.process_time() - started) / answers * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=600)
    parser.add_argument("--answers", type=int, default=3000, help="answers per run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cardapp-answer-cost-") as folder:
        prepared = setup.prepare(Path(folder), 1, args.phones)
        bench = prepared.workshops[0]
        database = Database(prepared.database_url)
        actor = accounts.authenticate(database, prepared.email, prepared.password).actor
        live.start_workshop(database, actor, bench.id)
        participants = [workshops.participant_for(database, bench.id, token) for token in bench.tokens]
        ids = [found[0] for found in participants if found is not None]
        item_id, choices = shown_statement(database, bench.id)

        def use_case(number: int) -> None:
            phones.submit_answer(database, bench.id, ids[number % len(ids)], item_id,
                                 choices[number // len(ids) % 2], uuid.uuid4().hex)

        figures: dict[str, Any] = {"use_case_us": round(best_cpu_us(use_case, args.answers, args.repeats))}
        app = create_app({"instance_path": Path(folder) / "instance", "database_url": prepared.database_url,
                          "secret_key": "answer-cost", "async_mode": "threading"})
        clients = []
        for index in range(len(ids)):
            http = app.test_client()
            name, value = bench.phone_cookie(index).split("=", 1)
            http.set_cookie(name, value)
            clients.append(socketio.test_client(app, flask_test_client=http,
                                                auth={"screen": "phone", "workshop_id": bench.id}))
        refused: list[Any] = []

        def event(number: int) -> None:
            ack = clients[number % len(clients)].emit(
                "submit_answer", {"item_id": item_id, "choice": choices[number // len(clients) % 2],
                                  "answer_id": uuid.uuid4().hex}, callback=True)
            if not ack.get("ok"):
                refused.append(ack)

        figures["event_us"] = round(best_cpu_us(event, args.answers, args.repeats))
        figures["event_refused"] = len(refused)
        for client in clients:
            client.disconnect()
        hub.of(app).stop()
        extensions.database.of(app).dispose()
        database.dispose()
    setup.print_figures(figures, args.json)
    if refused:
        print(f"refused: {refused[:3]}", file=sys.stderr)


def shown_statement(database: Database, workshop_id: int) -> tuple[int, tuple[str, ...]]:
    """The item the started workshop shows, and the stances a phone may send for it."""
    with database.transaction() as session:
        row = current_item_row(session, workshop_id)
    return row.item_id, choices_for(json.loads(row.card))


if __name__ == "__main__":
    main()
