"""The retention job: started by `cardapp serve` (eventlet and gevent), never by an app built in a test
unless the test asks, and also runnable from cron as `cardapp workshops purge-expired`."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from cardapp import extensions
from cardapp.cli import cli
from cardapp.retention_job import start_retention_job
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from cardapp.store.models import Workshop
from tests.services.test_retention import open_workshop_with_answers, organisation, workshop

DEADLINE_S = 20


def seeded(url: str) -> tuple[int, int]:
    """A database with one workshop past its retention period and one within it."""
    upgrade_database(url)
    database = Database(url)
    try:
        org = organisation(database, "Teater", retention_days=30)
        today = dt.date.today()
        return (workshop(database, org, ended_days_ago=31, today=today),
                workshop(database, org, ended_days_ago=30, today=today))
    finally:
        database.dispose()


def workshop_ids(url: str) -> set[int]:
    database = Database(url)
    try:
        with database.transaction() as session:
            return set(session.scalars(select(Workshop.id)))
    finally:
        database.dispose()


def wait_for(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {DEADLINE_S} s: {what}")


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_the_server_deletes_expired_reports_when_it_starts(live_server_factory, tmp_path: Path, async_mode: str):
    url = f"sqlite:///{tmp_path / 'kept.sqlite3'}"
    expired, fresh = seeded(url)
    server = live_server_factory(CARDAPP_DATABASE_URL=url, CARDAPP_ASYNC_MODE=async_mode)
    wait_for(lambda: workshop_ids(url) == {fresh}, "the expired workshop deleted")
    assert expired not in workshop_ids(url)
    wait_for(lambda: "retention: deleted 1 workshop(s)" in server.log_text(), "the job's log line")
    assert "Teater" not in server.log_text() and "Ended 31" not in server.log_text()


def test_an_app_built_in_a_test_runs_the_job_only_when_asked(app):
    database = extensions.database.of(app)
    org = organisation(database, "Teater", retention_days=30)
    expired = workshop(database, org, ended_days_ago=40, today=dt.date.today())
    time.sleep(0.3)
    assert "cardapp.retention_job" not in app.extensions
    with database.transaction() as session:
        assert session.get(Workshop, expired) is not None

    job = start_retention_job(app, interval=0.2)
    try:
        assert start_retention_job(app) is job  # once per app
        wait_for(lambda: job.runs >= 2, "two runs of the job")
        with database.transaction() as session:
            assert session.get(Workshop, expired) is None
    finally:
        job.stop()


def workshop_statuses(url: str) -> dict[int, str]:
    database = Database(url)
    try:
        with database.transaction() as session:
            return {row.id: row.status for row in session.execute(select(Workshop.id, Workshop.status))}
    finally:
        database.dispose()


def test_the_purge_command_for_cron_ends_abandoned_workshops_and_deletes_expired_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = f"sqlite:///{tmp_path / 'cron.sqlite3'}"
    expired, fresh = seeded(url)
    database = Database(url)
    try:
        abandoned = open_workshop_with_answers(database, organisation(database, "Festival"), made_days_ago=3,
                                               today=dt.date.today())
    finally:
        database.dispose()
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CARDAPP_DATABASE_URL", url)
    result = CliRunner().invoke(cli, ["workshops", "purge-expired"])
    assert result.exit_code == 0, result.output
    assert "Ended 1 workshop(s) left open for more than 2 days." in result.stdout
    assert "Deleted 1 workshop(s) whose report was past its organisation's retention period." in result.stdout
    assert workshop_statuses(url) == {fresh: "ended", abandoned: "ended"}
    again = CliRunner().invoke(cli, ["workshops", "purge-expired"])
    assert "Ended 0 workshop(s)" in again.stdout and "Deleted 0 workshop(s)" in again.stdout
