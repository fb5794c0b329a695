"""The bare stack's ceiling: a minimal Flask-SocketIO server with cardapp's wire shape, all in memory.

It speaks exactly what bench/workshop_load.py uses, as cardapp does (docs/protocol.md):
* connect with `auth={"screen": "phone"|"console", "workshop_id": N}`; a phone names itself by its
  cookie (any cookie value the server handed out, see `--rooms/--participants`), a console by any
  cookie; every connection gets its `workshop_state` at once;
* `start_workshop` and `show_item {"position"}` from a console, acked `{"ok": true}`; every screen
  of the room then gets `workshop_state` (one payload for all phones, one for the console);
* `submit_answer {"item_id", "choice", "answer_id"}` from a phone, acked
  `{"ok": true, "answer_id", "choice"}` or `{"ok": false, "error": {"code": "not_current_item"}}`;
* `answer_count {"item_id", "round", "answered", "connected"}` to the room's screens on 2-second
  boundaries of the clock, only for rooms whose count changed (cardapp's cadence).

No database, no sign-in, no rate limits, no validation beyond the shape: what is left is Flask,
python-socketio, Engine.IO and the async server. It shares no code with cardapp on purpose.

    .venv/bin/python bench/reference_server.py --async-mode gevent --port 5055 --rooms 100 --participants 2000
"""

from __future__ import annotations

import argparse
import sys


def _patch(async_mode: str) -> None:
    if async_mode == "eventlet":
        import warnings

        warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    else:
        from gevent import monkey

        monkey.patch_all()


TICK_SECONDS = 0.25
COUNT_SECONDS = 2.0
CARDS = 8
CHOICES = ["agree", "disagree"]


def phone_token(workshop_id: int, index: int) -> str:
    """The cookie value of phone `index` of a workshop: the load generator sends it as `name=value`."""
    return f"ref{workshop_id}x{index}"


def serve(async_mode: str, port: int, rooms: list[int]) -> None:
    import time
    from dataclasses import dataclass, field
    from typing import Any

    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    @dataclass
    class Workshop:
        id: int
        position: int | None = None
        answers: dict[int, dict[int, str]] = field(default_factory=dict)  # item -> participant -> choice
        phones: set[int] = field(default_factory=set)

        def item_id(self) -> int | None:
            return None if self.position is None else self.id * 100 + self.position

        def state(self, screen: str) -> dict[str, Any]:
            item = self.item_id()
            current = None if item is None else {"item_id": item, "position": self.position, "kind": "statement",
                                                 "choices": CHOICES, "title": f"Card {self.position}",
                                                 "round": 1}
            state = {"screen": screen, "workshop_id": self.id, "status": "open" if item else "draft",
                     "current": current}
            if screen != "phone":
                state["answered"] = len(self.answers.get(item or 0, {}))
                state["connected"] = len(self.phones)
            return state

    workshops = {number: Workshop(number) for number in range(1, len(rooms) + 1)}
    tokens = {phone_token(w, i): (w, w * 100_000 + i) for w, count in zip(workshops, rooms, strict=True)
              for i in range(count)}
    callers: dict[str, tuple[str, int, int | None]] = {}  # sid -> (screen, workshop, participant)
    dirty: set[int] = set()
    shown: dict[int, tuple[int | None, int, int]] = {}

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=async_mode, cors_allowed_origins="*")

    def participant_from_cookie(workshop_id: int) -> int | None:
        for part in request.headers.get("Cookie", "").split(";"):
            found = tokens.get(part.partition("=")[2].strip())
            if found is not None and found[0] == workshop_id:
                return found[1]
        return None

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @socketio.on("connect")
    def connect(auth: dict[str, Any] | None) -> bool:
        auth = auth or {}
        screen, workshop = auth.get("screen"), workshops.get(auth.get("workshop_id"))  # type: ignore[arg-type]
        if workshop is None or screen not in ("phone", "console"):
            return False
        participant = participant_from_cookie(workshop.id) if screen == "phone" else None
        if screen == "phone" and participant is None:
            return False
        callers[request.sid] = (screen, workshop.id, participant)  # type: ignore[attr-defined]
        if participant is not None:
            workshop.phones.add(participant)
            dirty.add(workshop.id)
        join_room(f"w{workshop.id}:phones" if screen == "phone" else f"w{workshop.id}:screens")
        socketio.emit("workshop_state", workshop.state(screen), to=request.sid)  # type: ignore[attr-defined]
        return True

    @socketio.on("disconnect")
    def disconnect(*_reason: Any) -> None:
        screen, workshop_id, participant = callers.pop(request.sid, ("", 0, None))  # type: ignore[attr-defined]
        if participant is not None:
            workshops[workshop_id].phones.discard(participant)
            dirty.add(workshop_id)

    def broadcast(workshop: Workshop) -> None:
        socketio.emit("workshop_state", workshop.state("console"), to=f"w{workshop.id}:screens")
        socketio.emit("workshop_state", workshop.state("phone"), to=f"w{workshop.id}:phones")
        shown.pop(workshop.id, None)

    def console_of() -> Workshop | None:
        caller = callers.get(request.sid)  # type: ignore[attr-defined]
        return workshops[caller[1]] if caller is not None and caller[0] == "console" else None

    @socketio.on("start_workshop")
    def start_workshop(_data: Any = None) -> dict[str, Any]:
        workshop = console_of()
        if workshop is None:
            return {"ok": False, "error": {"code": "forbidden"}}
        workshop.position = 0
        broadcast(workshop)
        return {"ok": True}

    @socketio.on("show_item")
    def show_item(data: Any = None) -> dict[str, Any]:
        workshop = console_of()
        position = data.get("position") if isinstance(data, dict) else None
        if workshop is None:
            return {"ok": False, "error": {"code": "forbidden"}}
        if not isinstance(position, int) or not 0 <= position < CARDS:
            return {"ok": False, "error": {"code": "invalid_payload"}}
        workshop.position = position
        broadcast(workshop)
        return {"ok": True}

    @socketio.on("submit_answer")
    def submit_answer(data: Any = None) -> dict[str, Any]:
        caller = callers.get(request.sid)  # type: ignore[attr-defined]
        if caller is None or caller[0] != "phone" or not isinstance(data, dict):
            return {"ok": False, "error": {"code": "forbidden"}}
        workshop = workshops[caller[1]]
        if data.get("item_id") != workshop.item_id():
            return {"ok": False, "error": {"code": "not_current_item"}}
        if data.get("choice") not in CHOICES:
            return {"ok": False, "error": {"code": "invalid_payload"}}
        workshop.answers.setdefault(data["item_id"], {})[caller[2]] = data["choice"]  # type: ignore[index]
        dirty.add(workshop.id)
        return {"ok": True, "answer_id": data.get("answer_id"), "choice": data["choice"]}

    def tick_forever() -> None:
        slot = int(time.time() // COUNT_SECONDS)
        while True:
            socketio.sleep(TICK_SECONDS)
            now_slot = int(time.time() // COUNT_SECONDS)
            if now_slot == slot:
                continue
            slot = now_slot
            marked = set(dirty)
            dirty.clear()
            for workshop_id in marked:
                workshop = workshops[workshop_id]
                item = workshop.item_id()
                answered, connected = len(workshop.answers.get(item or 0, {})), len(workshop.phones)
                last = shown.get(workshop_id)
                if last is not None and last[0] == item:
                    answered = max(answered, last[1])  # only up between two full states, as cardapp
                if last == (item, answered, connected):
                    continue
                shown[workshop_id] = (item, answered, connected)
                socketio.emit("answer_count", {"item_id": item, "round": 1, "answered": answered,
                                               "connected": connected}, to=f"w{workshop_id}:screens")
                socketio.sleep(0)

    socketio.start_background_task(tick_forever)
    print(f"reference server ({async_mode}) on http://127.0.0.1:{port}", flush=True)
    if async_mode == "eventlet":
        socketio.run(app, host="127.0.0.1", port=port, log_output=False, max_size=20_000)
    else:
        socketio.run(app, host="127.0.0.1", port=port, log_output=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rooms", type=int, default=1)
    parser.add_argument("--participants", type=int, required=True, help="phones in total, spread over the rooms")
    args = parser.parse_args()
    _patch(args.async_mode)
    rooms = [args.participants // args.rooms + (1 if i < args.participants % args.rooms else 0)
             for i in range(args.rooms)]
    try:
        serve(args.async_mode, args.port, rooms)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
