"""Issue 14.6: a server admin who is not one of an organisation's members never opens its consoles,
moderation queues, agendas or reports; an admin who helps is a member the organisation can see.

The attacker is the person who runs the server: before this, an admin with no organisation could
connect as the console to any live workshop, drive it and read its moderation queue.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import uuid

import pytest
import requests
import socketio

from tests.support.accounts import PASSWORD
from tests.support.live_server import LiveServer
from tests.support.remote import Screen, invitation_link
from tests.support.remote_workshop import cookie_header, every_kind_workshop

pytestmark = pytest.mark.e2e

ADMIN_MESSAGE = "Server admins manage accounts and organisations, but an organisation's workshops"


def signed_in(server: LiveServer, link: str) -> requests.Session:
    browser = requests.Session()
    token = browser.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    accepted = browser.post(link, data={"password": PASSWORD, "confirm": PASSWORD, "csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert accepted.status_code == 303, accepted.text
    return browser


def server_admin(server: LiveServer, email: str = "drift@server.no") -> requests.Session:
    """An admin of the whole server who belongs to no organisation, signed in."""
    done = subprocess.run([sys.executable, "-m", "cardapp", "users", "create", "--email", email, "--role", "admin"],
                          env=server.env, cwd=server.workdir, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    link = next(word for word in done.stdout.split() if "/invitation/" in word)
    return signed_in(server, link)


def refused_console(server: LiveServer, browser: requests.Session, workshop_id: int, screen: str = "console") -> dict:
    """Connect as the console (or its moderator view) with `browser`'s cookies; what the server said when it refused."""
    client = socketio.Client(reconnection=False)
    said: dict = {}
    done = threading.Event()

    @client.on("connect_error")
    def on_refused(data):  # type: ignore[no-untyped-def]
        # python-socketio hands over {"message": ..., "data": <the refusal's second argument>}.
        said.update(data.get("data") or {} if isinstance(data, dict) else {})
        done.set()

    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"screen": screen, "workshop_id": workshop_id},
                       headers={"Cookie": cookie_header(browser)}, transports=["websocket"], wait_timeout=10)
    assert done.wait(10)
    client.disconnect()
    return said


def test_a_server_admin_outside_the_organisation_cannot_connect_as_its_console(live_server):
    room = every_kind_workshop(live_server)
    try:
        question = room.item_id(0)
        assert room.console.call("open_reflections") == {"ok": True}
        assert room.phones[0].call("submit_reflection", {"item_id": question, "text": "Only the facilitator reads this",
                                                         "reflection_id": uuid.uuid4().hex})["ok"]
        admin = server_admin(live_server)
        for screen in ("console", "moderator"):
            said = refused_console(live_server, admin, room.id, screen)
            assert said["code"] == "forbidden" and said["message"].startswith(ADMIN_MESSAGE), screen
        # The facilitator's own console is untouched and still gets the queue (a lone text once answers close).
        assert room.console.call("close_answers") == {"ok": True}
        room.console.wait_for(lambda s: len(s.state["moderation"]["pending"]) == 1)
    finally:
        room.close()


def test_a_server_admin_outside_the_organisation_is_refused_its_console_agenda_and_report_pages(live_server):
    room = every_kind_workshop(live_server, phones=1)
    try:
        admin = server_admin(live_server)
        for page in ("console", "moderate", "agenda"):
            shown = admin.get(f"{live_server.url}/workshops/{room.id}/{page}", timeout=10)
            assert shown.status_code == 403, page
            assert ADMIN_MESSAGE in shown.text.replace("&#39;", "'"), page
            assert room.workshop["secret"] not in shown.text  # the projector link is on the agenda only
        listed = admin.get(f"{live_server.url}/workshops/", timeout=10)
        assert listed.status_code == 200 and f"/workshops/{room.id}/" not in listed.text

        assert room.console.call("end_workshop") == {"ok": True}
        own = room.facilitator.get(f"{live_server.url}/workshops/{room.id}/report", timeout=10)
        assert own.status_code == 200
        for suffix in ("report", "report.csv", "report.json", "results", "delete"):
            refused = admin.get(f"{live_server.url}/workshops/{room.id}/{suffix}", timeout=10)
            assert refused.status_code == 403, suffix
            assert ADMIN_MESSAGE in refused.text.replace("&#39;", "'"), suffix
    finally:
        room.close()


def organiser_invites(server: LiveServer, organiser: requests.Session, email: str) -> str:
    """The organiser makes an invitation link on the organisation page; the link."""
    token = organiser.get(f"{server.url}/api/session", timeout=10).json()["csrf_token"]
    page = organiser.post(f"{server.url}/organisation/members", timeout=10,
                          data={"email": email, "role": "facilitator", "csrf_token": token})
    assert page.status_code == 200, page.text
    return re.search(r'id="new-link" class="copy-field" value="([^"]+)"', page.text).group(1)


def test_an_admin_who_helps_is_invited_by_an_organiser_listed_as_a_member_and_loses_the_console_when_moved(
        live_server):
    room = every_kind_workshop(live_server, phones=1)
    try:
        organiser = signed_in(live_server, invitation_link(live_server, "arrangor@teater.no", role="organiser"))
        link = organiser_invites(live_server, organiser, "drift+teaternord@server.no")
        members = organiser.get(f"{live_server.url}/organisation", timeout=10).text
        assert "drift+teaternord@server.no" in members and "Invited, not signed up yet" in members
        helper = signed_in(live_server, link)
        members = organiser.get(f"{live_server.url}/organisation", timeout=10).text
        assert "drift+teaternord@server.no" in members and "Invited, not signed up yet" not in members

        console = Screen(live_server, {"screen": "console", "workshop_id": room.id}, cookie_header(helper))
        try:
            console.wait_for(lambda s: s.state is not None)
            assert console.call("close_answers") == {"ok": True}
            # An admin makes the helper a server admin outside the organisation again: the open
            # console is refused at its very next command, and nothing it sends changes the workshop.
            admin = server_admin(live_server)
            users = admin.get(f"{live_server.url}/admin/users", timeout=10).text
            helper_id = users.split("drift+teaternord@server.no", 1)[1].split("/admin/users/", 1)[1].split('"', 1)[0]
            token = admin.get(f"{live_server.url}/api/session", timeout=10).json()["csrf_token"]
            moved = admin.post(f"{live_server.url}/admin/users/{helper_id}", allow_redirects=False, timeout=10,
                               data={"role": "admin", "organisation_id": "", "active": "yes",
                                     "csrf_token": token})
            assert moved.status_code == 303, moved.text
            refused = console.call("end_workshop")
            assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
            assert room.console_state()["workshop"]["status"] == "open"
        finally:
            console.close()
    finally:
        room.close()
