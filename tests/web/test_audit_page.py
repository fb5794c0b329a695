"""The audit log page: organisers and admins read who changed what, in both languages; nobody else does."""

from __future__ import annotations

import datetime as dt
import html
import re

from flask import Flask
from flask.testing import FlaskClient

from cardapp import extensions
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.services import accounts, audit
from tests.support.accounts import SYSTEM, make_user, post_form, sign_in
from tests.web.test_first_run import create_workshop


def text_of(client: FlaskClient, path: str, **headers: str) -> str:
    return html.unescape(client.get(path, headers=headers).get_data(as_text=True))


def test_an_organiser_reads_who_created_and_deleted_a_workshop_newest_first_in_both_languages(
        app: Flask, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    sign_in(client, "kari@teater.no")
    created = create_workshop(client, "Autumn workshop")
    workshop_id = int(re.search(r"/workshops/(\d+)/", created.headers["Location"]).group(1))
    assert post_form(client, f"/workshops/{workshop_id}/delete", {}).status_code == 303

    page = text_of(client, "/organisation/audit")
    rows = re.findall(r"<tr>\s*<td><time[^>]*>([^<]+)</time></td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>", page)
    assert [(who, what) for _when, who, what in rows] == [
        ("kari@teater.no", "Deleted the workshop Autumn workshop and its report"),
        ("kari@teater.no", "Created the workshop Autumn workshop"),
    ]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d\d:\d\d UTC", rows[0][0])
    assert "Nothing about participants is ever recorded" in page
    norsk = text_of(client, "/organisation/audit", **{"Accept-Language": "nb"})
    assert "Opprettet workshopen Autumn workshop" in norsk and "Endringslogg" in norsk
    assert "Audit log: who changed what" in text_of(client, "/organisation")


def test_facilitators_are_refused_and_another_organisations_organiser_sees_nothing(app: Flask, client: FlaskClient):
    make_user(app, "kari@teater.no", Role.ORGANISER, "Teater Nord")
    make_user(app, "ola@teater.no", Role.FACILITATOR, "Teater Nord")
    make_user(app, "siri@festival.no", Role.ORGANISER, "Festival Sør")
    sign_in(client, "kari@teater.no")
    assert create_workshop(client, "Autumn workshop").status_code == 303
    post_form(client, "/signout", {})

    sign_in(client, "ola@teater.no")
    refused = client.get("/organisation/audit", headers={"Accept": "application/json"})
    assert refused.status_code == 403
    assert refused.get_json()["error"] == {"code": "forbidden",
                                           "message": "Only organisers and admins can read the audit log."}
    assert "Audit log" not in text_of(client, "/organisation")
    post_form(client, "/signout", {})

    sign_in(client, "siri@festival.no")
    page = text_of(client, "/organisation/audit")
    assert "Autumn workshop" not in page and "Nothing has been recorded yet." in page


def test_an_admin_reads_every_organisations_log_page_by_page(app: Flask, client: FlaskClient):
    make_user(app, "admin@example.org", Role.ADMIN)
    database = extensions.database.of(app)
    organisation = accounts.create_organisation(database, SYSTEM, "Teater Nord", dt.date(2026, 11, 1))
    someone = Actor(user_id=0, role=Role.ORGANISER, organisation_id=organisation.id)
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    with database.transaction() as session:
        for number in range(60):
            audit.record(session, someone, AuditAction.DECK_CHANGED, SubjectKind.DECK, 1, f"Deck {number}",
                         organisation_id=organisation.id, now=start + dt.timedelta(minutes=number))
    sign_in(client, "admin@example.org")
    first = text_of(client, "/organisation/audit")
    assert "Changed the deck Deck 59" in first and "Deck 9<" not in first
    assert '<time datetime="2026-11-01T09:59Z">1 Nov 2026, 09:59 UTC</time>' in first
    norsk = text_of(client, "/organisation/audit", **{"Accept-Language": "nb"})
    assert '<time datetime="2026-11-01T09:59Z">1. nov. 2026, 09:59 UTC</time>' in norsk
    assert "the server (command line or scheduled job)" in first and "<td>Teater Nord</td>" in first
    assert 'href="/organisation/audit?page=2" rel="next">Older entries' in first and "Page 1 of 2" in first
    second = text_of(client, "/organisation/audit?page=2")
    assert "Changed the deck Deck 0" in second and "Deck 59" not in second
    assert 'href="/organisation/audit?page=1" rel="prev">Newer entries' in second
    assert client.get("/organisation/audit?page=banana").status_code == 200
