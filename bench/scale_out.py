"""Live workshops through nginx in front of P `cardapp serve` processes sharing PostgreSQL and Redis.

Starts everything on free ports (the same throwaway PostgreSQL, Redis and nginx set-up as the
tests, tests/support/), prepares R workshops with N joined phones in PostgreSQL, then runs the load
of bench/workshop_load.py against nginx's address. Server CPU and memory are summed over the P
processes (so CPU can pass 100 %); PostgreSQL, Redis and nginx are not in that figure.

    .venv/bin/python bench/scale_out.py --processes 2 --participants 3000 --rooms 150 --seconds 30 --rate 500 --json
    .venv/bin/python bench/scale_out.py --processes 2 --participants 2000 --rooms 100 --seconds 20 --closed 100 --json
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import workshop_load as load
import workshop_setup as setup

from tests.support.live_server import LiveServer
from tests.support.nginx import Nginx
from tests.support.ports import free_port
from tests.support.services import PostgresServer, RedisServer


def main() -> None:
    program_start = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=2, help="cardapp processes behind nginx")
    parser.add_argument("--participants", type=int, required=True)
    parser.add_argument("--rooms", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=0)
    parser.add_argument("--closed", type=int, default=0, metavar="W",
                        help="closed loop instead of --rate: W answers in flight, the next sent on each ack "
                             "(saturation throughput)")
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent"))
    parser.add_argument("--no-queue", action="store_true", help="one process without Redis, for comparison")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", type=Path, default=None,
                        help="py-spy samples the first process while the phones answer, into this file")
    args = parser.parse_args()
    if args.no_queue and args.processes != 1:
        parser.error("--no-queue works with --processes 1 only")
    if (args.rate <= 0) == (args.closed <= 0):
        parser.error("give either --rate (positive) or --closed (positive)")
    if args.rate > load.PER_PHONE_LIMIT * args.participants:
        parser.error("--rate needs more participants: the server allows one phone 2 answers a second")
    setup.raise_open_file_limit(args.participants + args.rooms)
    workdir = Path(tempfile.mkdtemp(prefix="cardapp-scale-"))
    postgres = PostgresServer(workdir)
    redis = RedisServer(workdir)
    servers: list[LiveServer] = []
    nginx: Nginx | None = None

    def out_of_time() -> None:
        print(f"scale_out: still running after {args.seconds + 240:g} s; stopped", flush=True)
        stop_all()
        sys.exit(3)

    def stop_all() -> None:
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.stop()
        redis.stop()
        postgres.stop()

    watchdog = threading.Timer(args.seconds + 240, out_of_time)
    watchdog.daemon = True
    watchdog.start()
    try:
        postgres.start()
        redis.start()
        database_url = postgres.create_database()
        prepared = setup.prepare(workdir, args.rooms, args.participants, database_url)
        ports = [free_port() for _ in range(args.processes)]
        nginx = Nginx(workdir / "nginx", ports)
        env = {"CARDAPP_DATABASE_URL": database_url, "CARDAPP_MESSAGE_QUEUE": redis.url,
               "CARDAPP_SECRET_KEY": "bench-secret-for-every-process", "CARDAPP_TRUSTED_PROXIES": "1",
               "CARDAPP_ASYNC_MODE": args.async_mode, "CARDAPP_LOG_LEVEL": "WARNING"}
        if args.no_queue:
            del env["CARDAPP_MESSAGE_QUEUE"]
        for port in ports:
            server_dir = workdir / f"cardapp-{port}"
            server_dir.mkdir()
            servers.append(LiveServer(server_dir, {**env, "CARDAPP_PORT": str(port)}))
            servers[-1].start()
        nginx.start()
        prepared_s = time.monotonic() - program_start
        cookie = asyncio.run(setup.sign_in(nginx.url, prepared.email, prepared.password))
        pids = [server.process.pid for server in servers if server.process]
        figures = asyncio.run(load.run(args, nginx.url, cookie, prepared.workshops, pids,
                                       time.monotonic() + load.RAMP_BUDGET_S))
        figures = {"processes": args.processes, **figures, "setup_s": round(prepared_s, 1)}
        dead = [server.port for server in servers if server.process and server.process.poll() is not None]
        if dead:
            figures["errors"] += len(dead)
            figures["first_errors"].append(f"server(s) on port(s) {dead} died")
    finally:
        watchdog.cancel()
        stop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    setup.print_figures(figures, args.json)


if __name__ == "__main__":
    main()
