"""Database.scrub_deleted on SQLite: the write-ahead log is emptied, a busy reader never stalls it, and a
report deleted by retention leaves no copy in the files."""

from __future__ import annotations

import logging
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from sqlalchemy import text

from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database


def test_scrubbing_cuts_the_write_ahead_log_to_nothing(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    try:
        with database.transaction() as session:
            session.execute(text("INSERT INTO organisations (slug, name, created_on) VALUES ('o', 'O', '2026-11-22')"))
        assert (tmp_path / "db.sqlite3-wal").stat().st_size > 0
        assert database.scrub_deleted(["organisations"]) is True
        assert (tmp_path / "db.sqlite3-wal").stat().st_size == 0
    finally:
        database.dispose()


def test_a_reader_holding_an_old_snapshot_gets_a_warning_not_a_stalled_server(tmp_path: Path, caplog):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    try:
        with database.transaction() as session:
            session.execute(text("INSERT INTO organisations (slug, name, created_on) VALUES ('o', 'O', '2026-11-22')"))
        with closing(sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)) as reader:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM organisations").fetchone()  # holds its snapshot
            with database.transaction() as session:
                session.execute(text("UPDATE organisations SET name = 'P'"))
            started = time.monotonic()
            with caplog.at_level(logging.WARNING, logger="cardapp.store.database"):
                assert database.scrub_deleted(["organisations"]) is False
            assert time.monotonic() - started < 3, "the busy timeout of 15 s must not apply here"
            assert "could not be emptied now" in caplog.text
            reader.execute("COMMIT")
        assert database.scrub_deleted(["organisations"]) is True
    finally:
        database.dispose()


def test_a_report_deleted_at_the_end_of_its_retention_leaves_no_copy_in_the_files(tmp_path: Path):
    import datetime as dt

    from cardapp.services import retention
    from cardapp.store.models import AgendaItem, Organisation, Reflection, Workshop

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    kept_text = "An approved reflection the room saw, kept with the report"
    try:
        with database.transaction() as session:
            organisation = Organisation(slug="o", name="O", created_on=dt.date(2026, 1, 1), retention_days=30)
            session.add(organisation)
            session.flush()
            workshop = Workshop(organisation_id=organisation.id, title="W", projector_language="en", languages="en",
                                projector_secret="s", status="ended", phase="card", min_answers=5,
                                created_on=dt.date(2026, 1, 1), ended_on=dt.date(2026, 1, 1))
            session.add(workshop)
            session.flush()
            item = AgendaItem(workshop_id=workshop.id, position=0, card_id="q", kind="question", card="{}")
            session.add(item)
            session.flush()
            session.add(Reflection(item_id=item.id, participant_id=None, text=kept_text, status="approved"))
        files = [tmp_path / f"db.sqlite3{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]

        def on_disk() -> bytes:
            return b"".join(path.read_bytes() for path in files if path.exists())

        assert kept_text.encode() in on_disk()
        assert retention.delete_expired_reports(database, dt.date(2026, 3, 1)) == 1
        assert kept_text.encode() not in on_disk()
    finally:
        database.dispose()
