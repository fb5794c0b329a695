"""How long the biggest shipped deck takes as a PDF, and whether the server keeps answering meanwhile.

Starts `cardapp serve` (eventlet, as in production) on a free port with a fresh instance folder and
one facilitator account (the PDF is for signed-in accounts), signs in, asks for the PDF of every card
of the biggest shipped deck, double-sided with facilitator notes and the most blank cards, and during
that time asks /healthz every 50 ms. Prints the PDF's seconds, size and pages, and the slowest
/healthz answer while it was made. Run from the repository:

    .venv/bin/python bench/card_sheets.py [--per-page 4|8] [--async-mode eventlet|gevent]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from pypdf import PdfReader

REPOSITORY = Path(__file__).resolve().parent.parent
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

EMAIL = "bench-printer@example.org"
PASSWORD = "a long walk by the fjord"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, timeout: float = 300) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return bytes(response.read())


def make_facilitator(instance: Path) -> None:
    """The account the bench signs in with, in the database the server will open."""
    import datetime as dt

    from cardapp.domain.accounts import Actor, Role
    from cardapp.services import accounts
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    url = f"sqlite:///{instance / 'cardapp.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    now = dt.datetime.now(dt.UTC)
    try:
        system = Actor(user_id=0, role=Role.ADMIN, organisation_id=None)
        organisation = accounts.create_organisation(database, system, "Bench Print Shop", now.date())
        invitation = accounts.invite(database, system, EMAIL, Role.FACILITATOR, organisation.id, now)
        accounts.accept_invitation(database, invitation, PASSWORD, now)
    finally:
        database.dispose()


def signed_in(base: str) -> urllib.request.OpenerDirector:
    """An opener that carries the session cookie of the bench's account."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/api/session", timeout=10) as response:
        csrf = json.loads(response.read())["csrf_token"]
    form = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrf_token": csrf}).encode()
    with opener.open(f"{base}/signin", data=form, timeout=10) as response:
        response.read()
    with opener.open(f"{base}/api/session", timeout=10) as response:
        if not json.loads(response.read()).get("user"):
            raise SystemExit("signing in failed")
    return opener


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-page", default="4", choices=["4", "8"])
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "gevent"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cardapp-print-") as folder:
        make_facilitator(Path(folder))
        port = free_port()
        env = {**os.environ, "CARDAPP_PORT": str(port), "CARDAPP_INSTANCE_PATH": folder,
               "CARDAPP_ASYNC_MODE": args.async_mode, "PYTHONPATH": str(REPOSITORY)}
        server = subprocess.Popen([sys.executable, "-m", "cardapp", "serve"], cwd=REPOSITORY, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    get(f"{base}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            decks = json.loads(get(f"{base}/api/decks"))["decks"]

            def card_count(deck: dict) -> int:
                themes = json.loads(get(f"{base}/api/decks/{deck['id']}"))["deck"]["themes"]
                return sum(len(theme["cards"]) for theme in themes)

            biggest = max(decks, key=card_count)
            slowest = 0.0
            done = threading.Event()

            def watch() -> None:
                nonlocal slowest
                while not done.is_set():
                    asked = time.monotonic()
                    get(f"{base}/healthz", timeout=60)
                    slowest = max(slowest, time.monotonic() - asked)
                    time.sleep(0.05)

            opener = signed_in(base)
            watcher = threading.Thread(target=watch)
            watcher.start()
            started = time.monotonic()
            with opener.open(f"{base}/decks/{biggest['id']}/print/cards.pdf?language=nb&per_page={args.per_page}"
                             "&back=notes&blanks=48", timeout=300) as response:
                pdf = bytes(response.read())
            seconds = time.monotonic() - started
            done.set()
            watcher.join()
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"{biggest['slug']}: {pages} pages, {len(pdf) / 1024:.0f} KiB in {seconds:.1f} s "
                  f"({args.per_page} a page, {args.async_mode}); slowest /healthz meanwhile: {slowest * 1000:.0f} ms; "
                  f"load average {os.getloadavg()[0]:.1f}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
