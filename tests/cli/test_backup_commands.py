"""`cardapp backup create` and `cardapp backup restore`: a whole server's data out and back again, on
SQLite and on a real PostgreSQL server, also while a live server writes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from sqlalchemy import func, select

from cardapp.cli import cli
from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Role
from cardapp.domain.deck_library import load_deck_folder
from cardapp.services import accounts, audit, deck_editing, live, phones, workshops
from cardapp.services.decks import refresh_shipped_decks, visible_decks
from cardapp.services.report import WorkshopReport, workshop_report
from cardapp.store.database import Database
from cardapp.store.migrate import current_revision, head_revision, upgrade_database
from cardapp.store.models import AgendaItem, Participant
from tests.support.accounts import NOW, PASSWORD, SYSTEM
from tests.support.decks import minimal_deck
from tests.support.remote import create_workshop, signed_in_facilitator

TODAY = NOW.date()


@dataclass(frozen=True)
class Seeded:
    organisations: list[str]
    users: list[str]
    decks: list[str]
    report: WorkshopReport
    audit_log: list[str]


def seeded(url: str) -> Seeded:
    """An organisation, an organiser and a facilitator, an own deck, and a workshop that ran and ended."""
    upgrade_database(url)
    database = Database(url)
    try:
        refresh_shipped_decks(database, load_deck_folder(PROJECT_ROOT / "decks"), TODAY)
        organisation = accounts.create_organisation(database, SYSTEM, "Teater Nord", TODAY).id
        for email, role in (("kari@teater.no", Role.ORGANISER), ("ola@teater.no", Role.FACILITATOR)):
            accounts.accept_invitation(database, accounts.invite(database, SYSTEM, email, role, organisation, NOW),
                                       PASSWORD, NOW)
        organiser, facilitator = (accounts.authenticate(database, email, PASSWORD).actor
                                  for email in ("kari@teater.no", "ola@teater.no"))
        deck_editing.create_deck(database, organiser, minimal_deck(), TODAY)
        deck_id = next(d.id for d in visible_decks(database, facilitator) if d.slug == "conversation-cards")
        created = workshops.create_workshop(database, facilitator, deck_id, "Autumn workshop", "en",
                                            ["norms-statement-professional"], 5, TODAY)
        live.start_workshop(database, facilitator, created.id)
        with database.transaction() as session:
            item_id = session.scalar(select(AgendaItem.id).where(AgendaItem.workshop_id == created.id))
        for number in range(6):
            token = workshops.join_workshop(database, created.id, "en")
            participant_id, _language = workshops.participant_for(database, created.id, token)
            phones.submit_answer(database, created.id, participant_id, item_id, "agree", f"answer-{number}")
        live.close_answers(database, facilitator, created.id)
        live.set_results_revealed(database, facilitator, created.id, True)
        live.end_workshop(database, facilitator, created.id, TODAY)
        return found_in(database, organiser_email="kari@teater.no", workshop_id=created.id)
    finally:
        database.dispose()


def found_in(database: Database, organiser_email: str, workshop_id: int) -> Seeded:
    organiser = next(u for u in accounts.list_users(database, SYSTEM) if u.email == organiser_email).actor
    return Seeded(
        organisations=[o.name for o in accounts.list_organisations(database, SYSTEM)],
        users=[u.email for u in accounts.list_users(database, SYSTEM)],
        decks=[d.slug for d in visible_decks(database, organiser)],
        report=workshop_report(database, organiser, workshop_id),
        audit_log=[e.action.value for e in audit.entries_for(database, organiser).entries],
    )


def restored_state(url: str, workshop_id: int) -> Seeded:
    database = Database(url)
    try:
        state = found_in(database, "kari@teater.no", workshop_id)
        # The restored accounts work: the password of before still signs in.
        assert accounts.authenticate(database, "ola@teater.no", PASSWORD).email == "ola@teater.no"
        return state
    finally:
        database.dispose()


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The `cardapp` command as an operator runs it, against the database at `url`."""
    return subprocess.run([sys.executable, "-m", "cardapp", *args], env={**os.environ, "CARDAPP_DATABASE_URL": url},
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def assert_round_trip(source_url: str, target_url: str, backup: Path) -> None:
    before = seeded(source_url)
    assert before.report.statements[0].rounds[0].counts["agree"] == 6
    created = run(source_url, "backup", "create", str(backup))
    assert created.returncode == 0, created.stderr
    assert f"Wrote {backup}" in created.stdout and "1 organisations, 2 users" in created.stdout
    assert backup.stat().st_mode & 0o077 == 0, "a backup must be readable by its owner only"

    restored = run(target_url, "backup", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {backup} into" in restored.stdout
    assert "1 organisations, 2 users" in restored.stdout and "1 workshops" in restored.stdout
    assert restored_state(target_url, before.report.id) == before


def test_a_sqlite_backup_restores_into_an_empty_database_with_everything(tmp_path: Path):
    assert_round_trip(f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'new' / 'empty.sqlite3'}",
                      tmp_path / "backups" / "cardapp.sqlite3")


@pytest.mark.postgres
def test_a_postgresql_backup_restores_into_an_empty_database_with_everything(postgres_server, tmp_path: Path):
    source, target = postgres_server.create_database(), postgres_server.create_database()
    upgrade_database(target)  # an empty database that `cardapp db upgrade` already prepared
    assert_round_trip(source, target, tmp_path / "cardapp.dump")


def assert_an_older_backup_is_migrated(source: str, target: str, backup: Path) -> None:
    upgrade_database(source, "0008")  # a server of an earlier version, before the audit log
    database = Database(source)
    accounts.create_organisation(database, SYSTEM, "Teater Nord", TODAY)
    database.dispose()
    assert run(source, "backup", "create", str(backup)).returncode == 0
    upgrade_database(target)  # the new server's empty database already has the newer tables
    restored = run(target, "backup", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert f"migrated from revision 0008 to {head_revision()}" in restored.stdout
    assert current_revision(target) == head_revision()
    database = Database(target)
    try:
        assert [o.name for o in accounts.list_organisations(database, SYSTEM)] == ["Teater Nord"]
    finally:
        database.dispose()


def test_an_older_sqlite_backup_is_migrated_when_restored(tmp_path: Path):
    assert_an_older_backup_is_migrated(f"sqlite:///{tmp_path / 'old.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}",
                                       tmp_path / "old.backup")


@pytest.mark.postgres
def test_an_older_postgresql_backup_is_migrated_into_a_database_with_newer_tables(postgres_server, tmp_path: Path):
    assert_an_older_backup_is_migrated(postgres_server.create_database(), postgres_server.create_database(),
                                       tmp_path / "old.dump")


def test_a_restore_refuses_a_database_that_holds_data_unless_forced(tmp_path: Path):
    source, target = f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'b.sqlite3'}"
    before = seeded(source)
    assert run(source, "backup", "create", str(tmp_path / "a.backup")).returncode == 0
    upgrade_database(target)
    database = Database(target)
    accounts.create_organisation(database, SYSTEM, "Someone else's data", TODAY)
    database.dispose()

    refused = run(target, "backup", "restore", str(tmp_path / "a.backup"))
    assert refused.returncode == 1
    assert refused.stderr.startswith("cardapp: the database sqlite:///") and "is not empty" in refused.stderr
    assert "Use --force" in refused.stderr
    forced = run(target, "backup", "restore", str(tmp_path / "a.backup"), "--force")
    assert forced.returncode == 0, forced.stderr
    assert restored_state(target, before.report.id) == before


def test_backup_commands_say_clearly_what_is_wrong(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path))
    missing = CliRunner().invoke(cli, ["backup", "restore", str(tmp_path / "nothing.sqlite3")])
    assert missing.exit_code == 1
    assert missing.stderr == f"cardapp: {tmp_path / 'nothing.sqlite3'}: no such backup file\n"
    (tmp_path / "notes.txt").write_text("not a database")
    wrong = CliRunner().invoke(cli, ["backup", "restore", str(tmp_path / "notes.txt")])
    assert wrong.exit_code == 1 and "is not a SQLite backup" in wrong.stderr
    nothing_yet = CliRunner().invoke(cli, ["backup", "create"])
    assert nothing_yet.exit_code == 1
    assert nothing_yet.stderr == f"cardapp: there is no database at {tmp_path / 'cardapp.sqlite3'} to back up\n"
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())
    assert CliRunner().invoke(cli, ["db", "upgrade"]).exit_code == 0
    first = CliRunner().invoke(cli, ["backup", "create"])
    assert first.exit_code == 0, first.output
    written = Path(first.stdout.split()[1])
    assert written.parent == tmp_path / "backups" and written.name.startswith("cardapp-")
    again = CliRunner().invoke(cli, ["backup", "create", str(written)])
    assert again.exit_code == 1 and "already exists" in again.stderr


@pytest.mark.e2e
def test_a_backup_taken_while_a_live_server_writes_is_consistent_and_restores(live_server, tmp_path: Path):
    """Phones keep joining (each join writes a row) while backups are taken of the server's database."""
    url = live_server.env["CARDAPP_DATABASE_URL"]
    facilitator = signed_in_facilitator(live_server)
    workshop = create_workshop(live_server, facilitator, ["norms-statement-professional"])
    stop, joined = threading.Event(), []

    def join_phones() -> None:
        while not stop.is_set():
            phone = requests.Session()
            token = phone.get(f"{live_server.url}/api/session", timeout=10).json()["csrf_token"]
            answer = phone.post(f"{live_server.url}/join", data={"code": workshop["code"], "csrf_token": token},
                                allow_redirects=False, timeout=10)
            assert answer.status_code == 303
            joined.append(1)

    writer = threading.Thread(target=join_phones)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(joined) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # polling a counter of our own thread: the server has no event for this
        backups = []
        for number in range(3):
            backup = tmp_path / f"while-writing-{number}.sqlite3"
            joined_at_start = len(joined)
            done = run(url, "backup", "create", str(backup))
            assert done.returncode == 0, done.stderr
            backups.append((backup, joined_at_start, len(joined)))
    finally:
        stop.set()
        writer.join(timeout=30)
    assert backups[-1][2] > backups[0][1] >= 3, "the phones stopped joining while the backups were taken"
    for backup, joined_at_start, joined_at_end in backups:
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            participants = copy.execute("SELECT count(*) FROM participants").fetchone()[0]
        copy.close()
        # Every join answered before the backup began is in it; at most the one in flight at its end more.
        assert joined_at_start <= participants <= joined_at_end + 1
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restored = run(target, "backup", "restore", str(backups[-1][0]))
    assert restored.returncode == 0, restored.stderr
    database = Database(target)
    try:
        with database.transaction() as session:
            participants = session.scalar(select(func.count(Participant.id)))
        assert participants >= backups[-1][1]
        assert accounts.authenticate(database, "leder@teater.no", PASSWORD).email == "leder@teater.no"
    finally:
        database.dispose()
