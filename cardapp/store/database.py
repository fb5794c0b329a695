"""The database handle: one engine per app, short transactions per request or event."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cardapp.store.release_keys import ReleaseKeys

log = logging.getLogger(__name__)
# A checkpoint waits for readers of older snapshots to finish; each read is one short query, so a
# few tries a moment apart suffice, and the next scrub catches anything still left.
CHECKPOINT_TRIES = 10
CHECKPOINT_PAUSE_S = 0.05
CHECKPOINT_BUSY_MS = 20
BUSY_TIMEOUT_MS = 15_000


def make_engine(url: str) -> Engine:
    """An engine tuned for the backend: SQLite in WAL mode with a busy timeout, or pooled PostgreSQL."""
    if url.startswith("sqlite"):
        # hide_parameters: an error message must never quote an answer, a text or a token.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15}, hide_parameters=True)
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    # No pre-ping (a round trip before every transaction): a connection PostgreSQL dropped fails its
    # one command with DatabaseUnavailable, which is refused and sent again, and SQLAlchemy then
    # replaces the whole pool. A pool of 20 held open: under eventlet many events wait on the
    # database at once, and overflow connections, closed after each use, cost a new backend each.
    return create_engine(url, pool_size=20, max_overflow=10, pool_recycle=3600, hide_parameters=True)


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted answers and participants are overwritten, not left readable in free pages (promise 6).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _default_keys_folder(url: str) -> Path | None:
    """Beside a SQLite file; None when there is no file to sit beside (a temporary folder then)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return Path(parsed.database).resolve().parent / "pulse_keys"
    return None


class DatabaseUnavailable(Exception):
    """The database cannot be reached or cannot take a write right now; nothing was stored."""


def _unavailable(error: OperationalError | InterfaceError) -> DatabaseUnavailable:
    # Said plainly so that callers refuse the command (the phone sends it again) rather than fail.
    return DatabaseUnavailable(type(error.orig).__name__ if error.orig else type(error).__name__)


# What a store query runs on: a use case's Session, or the connection of `Database.statements()`.
UnitOfWork = Session | Connection


def connection_of(unit: UnitOfWork) -> Connection:
    """The connection to run a Core statement on, within the unit's transaction."""
    return unit if isinstance(unit, Connection) else unit.connection()


class Database:
    """One engine per app; hands out sessions that commit or roll back as a unit."""

    def __init__(self, url: str, release_keys: Path | None = None) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The keys that seal pulse answers until their release live outside the database: the app
        # passes the instance folder's `pulse_keys`; beside a SQLite file by default.
        folder = release_keys or _default_keys_folder(url)
        self._temporary_keys: Path | None = None
        if folder is None:  # PostgreSQL and no instance folder given: a temporary folder, removed at dispose
            folder = self._temporary_keys = Path(tempfile.mkdtemp(prefix="cardapp-pulse-keys-"))
            log.info("pulse answers are sealed with keys in %s, which does not outlive this process", folder)
        self.release_keys = ReleaseKeys(folder)
        # How many times the files were scrubbed: a caller that writes after a command (the audit log)
        # can tell that the command scrubbed, and scrub once more so the files end as the command left them.
        self.scrubs = 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends, and rolled back on error."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except (OperationalError, InterfaceError) as error:
            raise _unavailable(error) from error

    @contextmanager
    def statements(self) -> Iterator[Connection]:
        """One connection in one transaction, committed when the block ends and rolled back on error.

        For the hot paths that run a few prepared Core statements and load no ORM objects (every
        answer): an ORM Session's setup, begin and commit cost more than its statements there
        (docs/performance.md, issue 15). The store's queries take either (`connection_of`).
        """
        try:
            with self.engine.begin() as connection:
                yield connection
        except (OperationalError, InterfaceError) as error:
            raise _unavailable(error) from error

    def scrub_deleted(self, tables: Iterable[str]) -> bool:
        """Leave no copy of rows just deleted from `tables` in the database's files; whether it did.

        Called after the transaction that deleted per-person rows has committed. SQLite overwrites
        deleted content in place (`secure_delete`, set on every connection) but the write-ahead log
        still holds the pages as they were: a TRUNCATE checkpoint copies the current pages into the
        main file and cuts the log to zero bytes. PostgreSQL keeps deleted rows as dead tuples
        until VACUUM removes them, which must run outside a transaction.
        """
        self.scrubs += 1
        if self.engine.dialect.name == "sqlite":
            return self._checkpoint_sqlite()
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in sorted(set(tables)):
                connection.exec_driver_sql(f'VACUUM "{table}"')
        return True

    def _checkpoint_sqlite(self) -> bool:
        raw = self.engine.raw_connection()
        # A checkpoint waits for readers in the busy handler, inside one blocking call: under eventlet
        # that would hold up every other greenlet, the readers included. Short waits, tried again.
        raw.cursor().execute(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_MS}").close()
        try:
            for _attempt in range(CHECKPOINT_TRIES):
                cursor = raw.cursor()
                busy, _log_frames, _copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                cursor.close()
                if not busy:
                    return True
                time.sleep(CHECKPOINT_PAUSE_S)
        finally:
            raw.cursor().execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}").close()
            raw.close()
        log.warning("the write-ahead log could not be emptied now: readers were busy; the next end retries")
        return False

    def dispose(self) -> None:
        self.engine.dispose()
        if self._temporary_keys is not None:  # its keys were this process's own: nobody else can use them
            shutil.rmtree(self._temporary_keys, ignore_errors=True)
            self._temporary_keys = None
