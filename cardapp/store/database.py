"""The database handle: one engine per app, short transactions per request or event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker


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
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


class DatabaseUnavailable(Exception):
    """The database cannot be reached or cannot take a write right now; nothing was stored."""


class Database:
    """One engine per app; hands out sessions that commit or roll back as a unit."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends, and rolled back on error."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except (OperationalError, InterfaceError) as error:
            # Said plainly so that callers refuse the command (the phone sends it again) rather than fail.
            raise DatabaseUnavailable(type(error.orig).__name__ if error.orig else type(error).__name__) from error

    def dispose(self) -> None:
        self.engine.dispose()
