"""How many idle Socket.IO connections one `cardapp serve` holds, and what they cost.

Opens N real Socket.IO connections over WebSocket (asyncio clients, in one process), holds them,
checks that the server still answers pages and new connections while they are open, and prints
the figures. Every connection is an accepted phone of one workshop: the server refuses a
connection without a screen identity, so each one sends its participant cookie
`cardapp_p_<id>=<token>` and the auth {"screen": "phone", "workshop_id": id}.

Without --url it prepares a database through cardapp's services (bench/workshop_setup.py), starts
its own server on it on a free port and stops it afterwards. With --url it signs in as the given
facilitator, creates the workshop and joins the phones over HTTP, as browsers would.

    .venv/bin/python bench/idle_connections.py --connections 3000 [--hold 20] [--json]
    .venv/bin/python bench/idle_connections.py --url http://127.0.0.1:5000 --email ... --password ...
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp
import socketio
from workshop_setup import (
    BenchServer,
    BenchWorkshop,
    create_over_http,
    percentile,
    prepare,
    print_figures,
    raise_open_file_limit,
    rss_mb,
)


async def open_connection(url: str, workshop: BenchWorkshop, phone: int, timings: list[float],
                          errors: list[str]) -> socketio.AsyncClient | None:
    client = socketio.AsyncClient(reconnection=False)
    started = time.perf_counter()
    try:
        await client.connect(url, transports=["websocket"], wait_timeout=30,
                             headers={"Cookie": workshop.phone_cookie(phone)},
                             auth={"screen": "phone", "workshop_id": workshop.id})
    except Exception as error:  # a benchmark counts failures instead of stopping at the first
        errors.append(type(error).__name__ + ": " + str(error)[:80])
        return None
    timings.append((time.perf_counter() - started) * 1000)
    return client


async def run(url: str, workshop: BenchWorkshop, connections: int, batch: int, hold_s: float, pid: int | None
              ) -> dict[str, object]:
    timings: list[float] = []
    errors: list[str] = []
    clients: list[socketio.AsyncClient] = []
    rss_before = rss_mb(pid)
    started = time.perf_counter()
    for offset in range(0, connections, batch):
        size = min(batch, connections - offset)
        opened = await asyncio.gather(*(open_connection(url, workshop, offset + index, timings, errors)
                                        for index in range(size)))
        clients.extend(client for client in opened if client is not None)
    ramp_s = time.perf_counter() - started

    await asyncio.sleep(hold_s)
    still_connected = sum(1 for client in clients if client.connected)

    # While every connection is open, the server must still answer a page and a new connection.
    async with aiohttp.ClientSession() as http:
        page_started = time.perf_counter()
        async with http.get(url + "/") as response:
            page_ok = response.status == 200
        page_ms = (time.perf_counter() - page_started) * 1000
    extra_timings: list[float] = []
    extra = await open_connection(url, workshop, connections, extra_timings, errors)  # the spare token
    rss_held = rss_mb(pid)

    await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    if extra is not None:
        await extra.disconnect()
    return {
        "connections_wanted": connections,
        "connected": len(clients),
        "still_connected_after_hold": still_connected,
        "hold_s": hold_s,
        "ramp_s": round(ramp_s, 1),
        "connect_ms": {"p50": percentile(timings, 0.5), "p99": percentile(timings, 0.99),
                       "mean": round(statistics.fmean(timings), 1) if timings else None},
        "page_while_held_ms": round(page_ms, 1),
        "page_while_held_ok": page_ok,
        "new_connection_while_held_ms": round(extra_timings[0], 1) if extra_timings else None,
        "server_rss_mb": {"idle": rss_before, "holding": rss_held},
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=100, help="connections opened at once")
    parser.add_argument("--hold", type=float, default=20, help="seconds to hold them open")
    parser.add_argument("--url", help="an already running server; default: start one")
    parser.add_argument("--email", help="with --url: a facilitator of that server")
    parser.add_argument("--password", help="with --url: that facilitator's password")
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent"])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.url and not (args.email and args.password):
        parser.error("--url needs --email and --password of a facilitator there")

    raise_open_file_limit(args.connections)
    phones = args.connections + 1  # one more joins for the new connection while all are held
    server = None
    if args.url is None:
        prepared = prepare(Path(tempfile.mkdtemp(prefix="cardapp-bench-")), 1, phones)
        workshop = prepared.workshops[0]
        server = BenchServer(prepared, args.async_mode)
        server.wait_until_up()
        url = server.url
    else:
        url = args.url.rstrip("/")
        _cookie, created = asyncio.run(create_over_http(url, args.email, args.password, 1, phones))
        workshop = created[0]
    try:
        figures = asyncio.run(run(url, workshop, args.connections, args.batch, args.hold,
                                  server.pid if server else None))
        figures["async_mode"] = args.async_mode if server else "external"
        if server is not None:
            figures["server_alive_after"] = server.alive()
    finally:
        if server is not None:
            server.stop()
    print_figures(figures, args.json)


if __name__ == "__main__":
    main()
