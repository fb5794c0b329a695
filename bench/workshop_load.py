"""Live workshops under load: R rooms, N phones answering, consoles moving to the next card.

One signed-in console per room and N/R phones per room connect over WebSocket (asyncio
python-socketio clients in this process, in batches of 100). The consoles start their workshops;
the phones answer the current card at --rate answers a second in total, evenly spaced, round-robin
over all phones (each one every N/A s, under the server's limit of 2/s); a quarter of the later
sends change the choice. Every S/3 s each console shows the next card (rooms staggered over half
that interval, as independent rooms are); phones answer the card their `workshop_state` names.

ack_ms: emit to ack per answer. console_ms: a phone's ack of a room's k-th answer to the console's
first `answer_count` with answered >= k (0 if the console saw it first). next_card_ms: show_item
emit to each phone's `workshop_state` with the new position. Answers refused by design
(`not_current_item`, `answers_closed`) are not lost; lost = sent - acked after a 5 s grace. The
load generator's CPU and loop lag are shown: it shares the machine, its lag is in every latency.

Without --url it prepares a database and starts its own server (bench/workshop_setup.py); with
--url it signs in there as --email/--password and creates everything over HTTP.

    .venv/bin/python bench/workshop_load.py --participants 1000 --rooms 1 --seconds 30 --rate 500 [--json]
    .venv/bin/python bench/workshop_load.py --participants 2000 --rooms 100 --seconds 30 --rate 500 \\
        --url http://127.0.0.1:5000 --email facilitator@example.org --password '...'
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio
import workshop_setup as setup

BATCH = 100
PER_PHONE_LIMIT = 2.0  # answers a second the server allows one phone
CHANGE_SHARE = 0.25  # of the answers after a phone's first: a changed choice (else the same again)
GRACE_S = 5.0
RAMP_BUDGET_S = 40.0  # from the moment the server answers (preparing 2,000 phones can take as long on a busy machine)
LIMIT_S = 150.0  # the whole run stays under seconds + this
REFUSED_BY_DESIGN = {"not_current_item", "answers_closed"}
now = time.perf_counter


@dataclass
class Room:
    workshop: setup.BenchWorkshop
    console: socketio.AsyncClient | None = None
    phones: list[Phone] = field(default_factory=list)
    shown_at: dict[int, float] = field(default_factory=dict)  # position -> show_item emit time
    acked: dict[int, list[float]] = field(default_factory=dict)  # item -> ack time of the k-th first answer
    seen: dict[int, int] = field(default_factory=dict)  # item -> highest `answered` the console saw
    matched: dict[int, int] = field(default_factory=dict)  # item -> answers already timed on the console


@dataclass
class Phone:
    client: socketio.AsyncClient
    room: Room
    item_id: int | None = None
    choices: list[str] = field(default_factory=list)
    choice: str | None = None
    answered: set[int] = field(default_factory=set)
    positions: set[int] = field(default_factory=set)


class Load:
    def __init__(self, url: str, cookie: str, workshops: list[setup.BenchWorkshop]) -> None:
        self.url, self.cookie = url, cookie
        self.rooms = [Room(workshop) for workshop in workshops]
        # Latencies in ms; lag_ms: how late this process's own event loop runs.
        self.ack_ms: list[float] = []
        self.console_ms: list[float] = []
        self.next_card_ms: list[float] = []
        self.lag_ms: list[float] = []
        self.pending: dict[str, float] = {}  # answer_id -> when it was sent
        self.sent = self.acked = self.refused_by_design = self.rate_limited = 0
        self.last_ack, self.errors = 0.0, []

    async def _connect(self, room: Room, phone: int | None) -> socketio.AsyncClient | None:
        client, me = socketio.AsyncClient(reconnection=False), None
        if phone is None:
            auth, cookie = {"screen": "console", "workshop_id": room.workshop.id}, self.cookie
            client.on("answer_count", lambda data: self.on_count(room, data))
        else:
            auth, cookie = {"screen": "phone", "workshop_id": room.workshop.id}, room.workshop.phone_cookie(phone)
            room.phones.append(me := Phone(client, room))
            client.on("workshop_state", lambda data: self.on_state(me, data))
        try:
            await client.connect(self.url, transports=["websocket"], headers={"Cookie": cookie}, auth=auth,
                                 wait_timeout=30)
        except Exception as error:  # counted, not fatal: a benchmark reports failures
            self.errors.append(f"connect: {type(error).__name__}: {str(error)[:80]}")
            if me is not None:
                room.phones.remove(me)
            return None
        if me is None:
            room.console = client
        return client

    async def connect_all(self, deadline: float) -> None:
        slots = [(room, None) for room in self.rooms]
        slots += [(room, index) for room in self.rooms for index in range(len(room.workshop.tokens))]
        for offset in range(0, len(slots), BATCH):
            if time.monotonic() > deadline:
                self.errors.append(f"ramp: stopped after {offset} connections, out of time")
                return
            await asyncio.gather(*(self._connect(room, phone) for room, phone in slots[offset:offset + BATCH]))

    def phones(self) -> list[Phone]:
        return [phone for room in self.rooms for phone in room.phones if phone.client.connected]

    def on_state(self, phone: Phone, state: dict[str, Any]) -> None:
        arrived, current = now(), state.get("current")
        if not current:
            return
        if current["item_id"] != phone.item_id:
            phone.item_id, phone.choices = current["item_id"], current["choices"]
            phone.choice = current.get("my_answer")
        position = current["position"]
        shown = phone.room.shown_at.get(position)
        if shown is not None and position not in phone.positions:
            phone.positions.add(position)
            self.next_card_ms.append((arrived - shown) * 1000)

    def on_count(self, room: Room, data: dict[str, Any]) -> None:
        seen_at, item = now(), data.get("item_id")
        if item is None:
            return
        room.seen[item] = max(room.seen.get(item, 0), int(data["answered"]))
        acked, done = room.acked.get(item, []), room.matched.get(item, 0)
        while done < min(room.seen[item], len(acked)):
            self.console_ms.append((seen_at - acked[done]) * 1000)
            done += 1
        room.matched[item] = done

    def on_ack(self, phone: Phone, item: int, answer_id: str, ack: dict[str, Any] | None) -> None:
        arrived = now()
        sent = self.pending.pop(answer_id, None)
        if sent is None:
            return
        self.acked, self.last_ack = self.acked + 1, arrived
        self.ack_ms.append((arrived - sent) * 1000)
        if ack and ack.get("ok"):
            if item not in phone.answered:  # a new answer: the room's count goes up by one
                phone.answered.add(item)
                room = phone.room
                room.acked.setdefault(item, []).append(arrived)
                if room.seen.get(item, 0) >= len(room.acked[item]):  # the console knew already
                    self.console_ms.append(0.0)
                    room.matched[item] = len(room.acked[item])
        elif ack and ack.get("error", {}).get("code") in REFUSED_BY_DESIGN:
            self.refused_by_design += 1
        elif ack and ack.get("error", {}).get("code") == "rate_limited":  # the load outran 2/s per phone
            self.rate_limited += 1
        else:
            self.errors.append(f"answer refused: {json.dumps(ack)[:120]}")

    async def answer(self, phone: Phone, wait: bool = False) -> bool:
        """Send one answer (and with `wait`, wait for its ack); False when the phone has no card yet."""
        if phone.item_id is None or not phone.choices:
            return False
        if phone.choice is None or random.random() < CHANGE_SHARE:
            phone.choice = random.choice([c for c in phone.choices if c != phone.choice] or phone.choices)
        item, answer_id = phone.item_id, uuid.uuid4().hex
        payload = {"item_id": item, "choice": phone.choice, "answer_id": answer_id}
        self.sent += 1
        self.pending[answer_id] = now()
        try:
            if wait:
                self.on_ack(phone, item, answer_id, await phone.client.call("submit_answer", payload, timeout=10))
            else:
                await phone.client.emit("submit_answer", payload,
                                        callback=lambda ack=None: self.on_ack(phone, item, answer_id, ack))
        except socketio.exceptions.TimeoutError:  # still pending: lost unless it comes in the grace
            self.errors.append("answer: no ack within 10 s")
        except socketio.exceptions.SocketIOError as error:  # disconnected: counted as lost
            self.errors.append(f"answer not sent: {type(error).__name__}")
        return True

    async def answer_closed(self, window: int, seconds: float) -> None:
        """Closed loop: `window` answers in flight, each ack sends the next phone's (round-robin)."""
        phones = self.phones()
        random.shuffle(phones)
        started, turn = now(), iter(range(1 << 62))

        async def lane() -> None:
            while now() - started < seconds:
                if not await self.answer(phones[next(turn) % len(phones)], wait=True):
                    await asyncio.sleep(0.001)

        await asyncio.gather(*(lane() for _ in range(window)))

    async def answer_at(self, rate: float, seconds: float) -> None:
        """`rate` answers a second in total, evenly spaced, round-robin over the phones in random order."""
        phones = self.phones()
        random.shuffle(phones)
        started, done = now(), 0
        while (elapsed := now() - started) < seconds:
            for _ in range(int(elapsed * rate) - done):
                await self.answer(phones[done % len(phones)])
                done += 1
            await asyncio.sleep(0.005)

    async def drive(self, room: Room, index: int, seconds: float) -> None:
        """The console shows the next card every S/3 seconds; rooms are staggered over half of that."""
        interval = seconds / 3
        started = now() + interval * index / (2 * len(self.rooms))
        for step in (1, 2):
            await asyncio.sleep(max(0.0, started + step * interval - now()))
            if room.console is None or not room.console.connected:
                return
            room.shown_at[step] = now()
            try:
                ack = await room.console.call("show_item", {"position": step}, timeout=interval)
            except socketio.exceptions.TimeoutError:
                self.errors.append(f"show_item: no ack within {interval:g} s")
                continue
            if not ack.get("ok"):
                self.errors.append(f"show_item refused: {json.dumps(ack)[:120]}")

    async def watch_lag(self) -> None:
        while True:
            expected = now() + 0.01
            await asyncio.sleep(0.01)
            self.lag_ms.append((now() - expected) * 1000)

    async def start(self) -> None:
        consoles = [room.console for room in self.rooms if room.console is not None]
        acks = await asyncio.gather(*(console.call("start_workshop", {}, timeout=20) for console in consoles),
                                    return_exceptions=True)
        self.errors.extend(f"start_workshop: {a!r}"[:120] for a in acks if not (isinstance(a, dict) and a["ok"]))
        waited = now()
        while now() - waited < 10 and any(phone.item_id is None for phone in self.phones()):
            await asyncio.sleep(0.1)

    async def grace(self) -> None:
        waited = now()
        while self.pending and now() - waited < GRACE_S:
            await asyncio.sleep(0.1)
        await asyncio.sleep(max(0.0, 1.0 - (now() - waited)))  # the consoles' last count ticks

    async def close(self) -> None:
        clients = [c for room in self.rooms for c in (room.console, *(p.client for p in room.phones)) if c]
        try:
            await asyncio.wait_for(asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True), 15)
        except TimeoutError:
            self.errors.append("closing: the connections did not all close within 15 s")


async def run(args: argparse.Namespace, url: str, cookie: str, workshops: list[setup.BenchWorkshop],
              pids: list[int], ramp_deadline: float) -> dict[str, Any]:
    """The load itself; `pids`: the server processes whose CPU and memory are reported (summed)."""
    load = Load(url, cookie, workshops)
    rss_idle = sum(setup.rss_mb(pid) or 0 for pid in pids)
    await load.connect_all(ramp_deadline)
    rss_connected = sum(setup.rss_mb(pid) or 0 for pid in pids)
    phones = load.phones()
    await load.start()
    lag = asyncio.create_task(load.watch_lag())
    def server_cpu() -> float | None:  # unknown with --url alone
        seconds = [setup.cpu_seconds(pid) for pid in pids]
        return sum(s for s in seconds if s is not None) if pids and None not in seconds else None
    profiler = None
    if args.profile and pids:  # py-spy samples the server while the phones answer (on the load's core)
        py_spy = str(Path(sys.executable).with_name("py-spy"))
        profiler = subprocess.Popen([py_spy, "record", "--pid", str(pids[0]), "--duration", f"{args.seconds:.0f}",
                                     "--rate", "100", "--format", "raw", "--output", str(args.profile),
                                     "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu_before, server_before, started = setup.cpu_seconds(None), server_cpu(), now()
    answering = (load.answer_closed(args.closed, args.seconds) if args.closed
                 else load.answer_at(args.rate, args.seconds))
    if phones:
        await asyncio.gather(answering,
                             *(load.drive(room, index, args.seconds) for index, room in enumerate(load.rooms)))
    answering_s = now() - started
    cpu_after, server_after = setup.cpu_seconds(None), server_cpu()
    await load.grace()
    lag.cancel()
    if profiler is not None:
        profiler.wait(timeout=30)
    served_s = max(answering_s, load.last_ack - started)
    connected = sum(1 for phone in phones if phone.client.connected)
    server_cpu_s = server_after - server_before if server_after is not None and server_before is not None else None
    missed = sum(1 for room in load.rooms for p in room.phones for pos in room.shown_at if pos not in p.positions)
    figures = {
        "participants": args.participants, "rooms": args.rooms, "connected": connected,
        "answers_sent": load.sent, "answers_acked": load.acked, "answers_lost": load.sent - load.acked,
        "refused_by_design": load.refused_by_design, "rate_limited": load.rate_limited,
        # Acknowledged and not refused for going over a phone's rate limit (cheap refusals, not work done).
        "answers_per_s": round((load.acked - load.rate_limited) / served_s, 1) if served_s else None,
        "ack_ms": setup.spread(load.ack_ms), "console_ms": setup.spread(load.console_ms),
        "next_card_ms": setup.spread(load.next_card_ms, with_max=True),
        "next_card_missed": missed,
        "server_rss_mb": round(sum(setup.rss_mb(pid) or 0 for pid in pids), 1) if pids else None,
        # The whole server's CPU while answering (count ticks and card changes included), per answer acked.
        "server_cpu_us_per_answer": (round(server_cpu_s * 1e6 / (load.acked - load.rate_limited))
                                     if server_cpu_s and load.acked > load.rate_limited else None),
        # Resident memory the connections added: after the ramp minus before it, per connected phone.
        "kb_per_phone": round((rss_connected - rss_idle) * 1024 / len(phones)) if pids and phones else None,
        "cpu_pct": {"server": setup.cpu_share(server_before, server_after, answering_s),
                    "load_generator": setup.cpu_share(cpu_before, cpu_after, answering_s)},
        "load_generator_lag_ms": setup.spread(load.lag_ms, with_max=True),
        "errors": len(load.errors), "first_errors": load.errors[:5],
    }
    await load.close()
    return figures


def main() -> None:
    program_start = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, required=True, help="phones in total")
    parser.add_argument("--rooms", type=int, default=1, help="workshops, each with one console")
    parser.add_argument("--seconds", type=float, default=30, help="how long the phones answer")
    parser.add_argument("--rate", type=float, default=0, help="answers per second, all phones together (open loop)")
    parser.add_argument("--closed", type=int, default=0, metavar="W",
                        help="closed loop instead of --rate: W answers in flight, the next sent on each ack")
    parser.add_argument("--async-mode", default=os.environ.get("CARDAPP_ASYNC_MODE", "eventlet"),
                        choices=("eventlet", "gevent"), help="of the server this starts")
    parser.add_argument("--reference", action="store_true",
                        help="start bench/reference_server.py (the bare stack, in memory) instead of cardapp")
    parser.add_argument("--server-cpu", type=int, help="pin the server it starts to this core (taskset)")
    parser.add_argument("--load-cpu", type=int, help="pin this load generator to this core")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="py-spy's collapsed stacks of the server while the phones answer (bench/profile_top.py)")
    parser.add_argument("--url", help="an already running server; default: prepare and start one")
    parser.add_argument("--email", help="with --url: a facilitator of that server")
    parser.add_argument("--password", help="with --url: that facilitator's password")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not 1 <= args.rooms <= args.participants:
        parser.error("--rooms must be between 1 and --participants")
    if (args.rate <= 0) == (args.closed <= 0) or args.seconds < 3:
        parser.error("give either --rate (positive) or --closed (positive), and --seconds at least 3")
    if args.load_cpu is not None:
        os.sched_setaffinity(0, {args.load_cpu})
    # Each phone may send 2 answers a second (a burst of 10, then 2/s): more would only measure the limit.
    if args.rate > PER_PHONE_LIMIT * args.participants:
        parser.error(f"--rate {args.rate:g} needs at least {args.rate / PER_PHONE_LIMIT:.0f} participants: "
                     f"the server allows one phone {PER_PHONE_LIMIT:g} answers a second")
    if args.url and not (args.email and args.password):
        parser.error("--url needs --email and --password of a facilitator there")
    setup.raise_open_file_limit(args.participants + args.rooms)
    server: setup.BenchServer | setup.ReferenceServer | None = None

    def out_of_time() -> None:  # the last resort that keeps a run bounded
        print(f"workshop_load: still running after {args.seconds + LIMIT_S:g} s; stopped", flush=True)
        if server is not None:
            server.stop()
        os._exit(3)

    watchdog = threading.Timer(args.seconds + LIMIT_S - (time.monotonic() - program_start), out_of_time)
    watchdog.daemon = True
    watchdog.start()

    try:
        if args.reference:
            server = setup.ReferenceServer(args.rooms, args.participants, args.async_mode, args.server_cpu)
            server.wait_until_up()
            url, workshops, cookie = server.url, server.workshops, "console=reference"
        elif args.url is None:
            workdir = Path(tempfile.mkdtemp(prefix="cardapp-load-"))
            prepared = setup.prepare(workdir, args.rooms, args.participants)
            server = setup.BenchServer(prepared, args.async_mode, args.server_cpu)
            server.wait_until_up()
            url, workshops = server.url, prepared.workshops
            cookie = asyncio.run(setup.sign_in(url, prepared.email, prepared.password))
        else:
            url = args.url.rstrip("/")
            cookie, workshops = asyncio.run(setup.create_over_http(url, args.email, args.password, args.rooms,
                                                             args.participants))
        figures = asyncio.run(run(args, url, cookie, workshops, [server.pid] if server else [],
                                  time.monotonic() + RAMP_BUDGET_S))
        if server is not None and not server.alive():
            figures["errors"] += 1
            figures["first_errors"].append("the server died")
    finally:
        watchdog.cancel()
        if server is not None:
            server.stop()
    setup.print_figures(figures, args.json)


if __name__ == "__main__":
    main()
