"""Database.scrub_deleted on SQLite: the write-ahead log is emptied, and a busy reader never stalls it."""

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
