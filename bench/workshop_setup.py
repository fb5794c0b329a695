"""Shared set-up for the benchmarks: a prepared database, a server on it, and workshops to join.

Two ways to get workshops with phones that may connect:

* `prepare(workdir, rooms, participants)` writes a fresh SQLite database through cardapp's own
  services (no HTTP): an organisation, a facilitator who accepted an invitation (PASSWORD), R
  draft workshops on the shipped deck "conversation-cards" with agree/disagree statement cards,
  and a participant token per phone from `workshops.join_workshop`. `BenchServer(prepared)`
  then runs `python -m cardapp serve` on that file on a free port, and `stop()` sends SIGTERM.
* `create_over_http(...)` does the same against an already running server, as a browser would:
  sign in, POST /workshops/new, then GET /j/<code> and POST /join for every phone.

Not a benchmark by itself; `bench/idle_connections.py` and `bench/workshop_load.py` import it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from cardapp.services.workshops import participant_cookie  # noqa: E402  (this checkout's cardapp, not an installed one)

EMAIL = "bench-facilitator@example.org"
PASSWORD = "a long walk by the fjord"
DECK_SLUG = "conversation-cards"
CARD_COUNT = 8


@dataclass
class BenchWorkshop:
    id: int
    room_code: str
    tokens: list[str] = field(default_factory=list)  # one participant cookie value per phone

    def phone_cookie(self, index: int) -> str:
        return f"{participant_cookie(self.id)}={self.tokens[index]}"


@dataclass
class Prepared:
    workdir: Path
    database_url: str
    email: str
    password: str
    workshops: list[BenchWorkshop]


def raise_open_file_limit(connections: int) -> None:
    """Every connection is a file descriptor, in the load generator as in the server."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, connections + 1024)), hard))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def split(total: int, parts: int) -> list[int]:
    """`total` phones over `parts` rooms, as evenly as possible."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def statement_cards(deck: dict[str, Any]) -> list[str]:
    """Agree/disagree statements without a content note: shown at once, answerable at once."""
    found = []
    for theme in deck["themes"]:
        for card in theme["cards"]:
            if (card["kind"] == "statement" and card.get("scale") == "agree_disagree"
                    and not card.get("content_note") and not theme.get("content_note")):
                found.append(card["id"])
    return found[:CARD_COUNT]


def prepare(workdir: Path, rooms: int, participants: int, database_url: str | None = None) -> Prepared:
    """A fresh database (SQLite unless `database_url`) with R workshops and joined phones, via the services."""
    from cardapp.config import PROJECT_ROOT as CARDAPP_ROOT
    from cardapp.domain.accounts import Actor, Role
    from cardapp.domain.deck_library import load_deck_folder
    from cardapp.services import accounts, decks, workshops
    from cardapp.store.database import Database
    from cardapp.store.migrate import upgrade_database

    instance = workdir / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{instance / 'cardapp.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    now = dt.datetime.now(dt.UTC)
    try:
        decks.refresh_shipped_decks(database, load_deck_folder(CARDAPP_ROOT / "decks"), now.date())
        system = Actor(user_id=0, role=Role.ADMIN, organisation_id=None)
        organisation = accounts.create_organisation(database, system, "Bench Theatre", now.date())
        invitation = accounts.invite(database, system, EMAIL, Role.FACILITATOR, organisation.id, now)
        facilitator = accounts.accept_invitation(database, invitation, PASSWORD, now).actor
        deck = next(d for d in decks.visible_decks(database, facilitator) if d.slug == DECK_SLUG)
        _summary, content = decks.open_deck(database, facilitator, deck.id)
        cards = statement_cards(content.model_dump(mode="json", exclude_none=True))
        prepared = []
        for number, phones in enumerate(split(participants, rooms), start=1):
            created = workshops.create_workshop(database, facilitator, deck.id, f"Bench room {number}", "en",
                                                cards, 5, now.date())
            tokens = [workshops.join_workshop(database, created.id, "en") for _ in range(phones)]
            prepared.append(BenchWorkshop(created.id, created.room_code or "", tokens))
    finally:
        database.dispose()
    return Prepared(workdir, url, EMAIL, PASSWORD, prepared)


class BenchServer:
    """`python -m cardapp serve` on the prepared database, on a free port, until stop()."""

    def __init__(self, prepared: Prepared, async_mode: str = "eventlet", cpu: int | None = None) -> None:
        self.workdir = prepared.workdir
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "CARDAPP_PORT": str(port),
            "CARDAPP_INSTANCE_PATH": str(prepared.workdir / "instance"),
            "CARDAPP_DATABASE_URL": prepared.database_url,
            "CARDAPP_ASYNC_MODE": async_mode,
            "CARDAPP_LOG_LEVEL": "WARNING",
            # This checkout's cardapp, also when the virtual environment's editable install points elsewhere.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        }
        self.log_path = prepared.workdir / "server.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen([*pinned(cpu), sys.executable, "-m", "cardapp", "serve"], env=env,
                                            cwd=prepared.workdir, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        self.pid = self.process.pid

    def wait_until_up(self, deadline_s: float = 30) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"the server at {self.url} did not come up within {deadline_s}s")

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, remove: bool = True) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if remove:
            shutil.rmtree(self.workdir, ignore_errors=True)


def pinned(cpu: int | None) -> list[str]:
    """The command prefix that keeps a server on one core (taskset), or nothing."""
    return [] if cpu is None else ["taskset", "-c", str(cpu)]


class ReferenceServer(BenchServer):
    """bench/reference_server.py (the bare stack, in memory) with R rooms of phones, until stop()."""

    def __init__(self, rooms: int, participants: int, async_mode: str, cpu: int | None = None) -> None:
        import tempfile

        from reference_server import phone_token

        self.workdir = Path(tempfile.mkdtemp(prefix="cardapp-reference-"))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.workshops = [BenchWorkshop(number, "", [phone_token(number, index) for index in range(phones)])
                          for number, phones in enumerate(split(participants, rooms), start=1)]
        self.log_path = self.workdir / "server.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*pinned(cpu), sys.executable, str(Path(__file__).with_name("reference_server.py")),
                 "--async-mode", async_mode, "--port", str(port), "--rooms", str(rooms),
                 "--participants", str(participants)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.pid = self.process.pid


def rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process (this one when pid is None)."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_share(before: float | None, after: float | None, seconds: float) -> int | None:
    """CPU used over a wall-clock interval, in % of one core."""
    return None if before is None or after is None or not seconds else round(100 * (after - before) / seconds)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def spread(values: list[float], with_max: bool = False) -> dict[str, float | None]:
    figures = {"p50": percentile(values, 0.5), "p99": percentile(values, 0.99)}
    return {**figures, "max": round(max(values), 1) if values else None} if with_max else figures


# --- Over HTTP, against a running server ----------------------------------------------------------

def _http(url: str) -> aiohttp.ClientSession:
    # unsafe=True: keep cookies from an IP address such as 127.0.0.1.
    return aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 timeout=aiohttp.ClientTimeout(total=30))


def _csrf_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if match is None:
        raise SystemExit("no csrf_token in the join page")
    return match.group(1)


async def _sign_in(http: aiohttp.ClientSession, email: str, password: str) -> str:
    async with http.get("/api/session") as response:
        csrf = (await response.json())["csrf_token"]
    async with http.post("/signin", data={"email": email, "password": password, "csrf_token": csrf},
                         allow_redirects=False) as response:
        if response.status != 303:
            raise SystemExit(f"signing in as {email} failed: HTTP {response.status}")
    async with http.get("/api/session") as response:
        return str((await response.json())["csrf_token"])


def _cookie_header(http: aiohttp.ClientSession) -> str:
    return "; ".join(f"{cookie.key}={cookie.value}" for cookie in http.cookie_jar)


async def sign_in(url: str, email: str, password: str) -> str:
    """The Flask session cookie of a signed-in facilitator, as a Cookie header value."""
    async with _http(url) as http:
        await _sign_in(http, email, password)
        return _cookie_header(http)


async def create_over_http(url: str, email: str, password: str, rooms: int, participants: int
                           ) -> tuple[str, list[BenchWorkshop]]:
    """Sign in, create R workshops through the facilitator's pages, then let every phone join.

    Returns the signed-in session's Cookie header (for the consoles) and the workshops.
    """
    created = []
    async with _http(url) as http:
        csrf = await _sign_in(http, email, password)
        async with http.get("/api/decks") as response:
            deck_id = next(d["id"] for d in (await response.json())["decks"] if d["slug"] == DECK_SLUG)
        async with http.get(f"/api/decks/{deck_id}") as response:
            cards = statement_cards((await response.json())["deck"])
        for number in range(1, rooms + 1):
            form = [("deck", str(deck_id)), ("title", f"Bench room {number}"), ("language", "en"),
                    *(("card", card) for card in cards), ("csrf_token", csrf)]
            async with http.post("/workshops/new", data=form, allow_redirects=False) as response:
                match = re.search(r"/workshops/(\d+)/agenda", response.headers.get("Location", ""))
                if response.status != 303 or match is None:
                    raise SystemExit(f"creating a workshop failed: HTTP {response.status}")
            workshop_id = int(match.group(1))
            async with http.get(f"/workshops/{workshop_id}/agenda") as response:
                code = re.search(r'class="room-code">([^<]+)<', await response.text())
            if code is None:
                raise SystemExit(f"no room code on the agenda page of workshop {workshop_id}")
            created.append(BenchWorkshop(workshop_id, code.group(1).strip()))
        cookie = _cookie_header(http)
    limit = asyncio.Semaphore(20)
    for workshop, phones in zip(created, split(participants, rooms), strict=True):
        workshop.tokens = list(await asyncio.gather(*(_join(url, workshop, limit) for _ in range(phones))))
    return cookie, created


async def _join(url: str, workshop: BenchWorkshop, limit: asyncio.Semaphore) -> str:
    """One phone: the join link's page (for its CSRF token), then POST /join; returns its token."""
    async with limit, _http(url) as http:
        async with http.get(f"/j/{workshop.room_code}") as response:
            csrf = _csrf_in(await response.text())
        async with http.post("/join", data={"code": workshop.room_code, "csrf_token": csrf},
                             allow_redirects=False) as response:
            cookie = response.cookies.get(participant_cookie(workshop.id))
            if response.status != 303 or cookie is None:
                raise SystemExit(f"joining workshop {workshop.id} failed: HTTP {response.status}")
            return cookie.value


def print_figures(figures: dict[str, object], as_json: bool) -> None:
    """One JSON object with --json, else one figure a line."""
    if as_json:
        print(json.dumps(figures))
        return
    width = max(len(key) for key in figures) + 2
    for key, value in figures.items():
        print(f"{key:{width}} {value}")
