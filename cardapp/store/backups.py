"""Backups of the whole database: SQLite through its online backup API, PostgreSQL through
pg_dump's custom format. Both are safe while the server runs; a restore is not (stop it first)."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from cardapp.store.database import make_engine

# What a restore reports, so that whoever runs it sees at once that the right backup came back.
COUNTED_TABLES = ("organisations", "users", "decks", "workshops", "audit_entries")


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    source: Path
    target: str
    counts: dict[str, int]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def default_backup_name(url: str, stamp: str) -> str:
    """`cardapp-<stamp>.sqlite3` or `cardapp-<stamp>.dump` (pg_restore's custom format)."""
    return f"cardapp-{stamp}.sqlite3" if is_sqlite(url) else f"cardapp-{stamp}.dump"


def create_backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database at `url` to `target`, readable by its owner only."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose another path or delete it first")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The file holds accounts and, during a live workshop, per-person answer rows: owner only.
    target.touch(mode=0o600)
    try:
        if is_sqlite(url):
            if not _sqlite_path(url).exists():
                raise BackupError(f"there is no database at {_sqlite_path(url)} to back up")
            _sqlite_copy(_sqlite_path(url), target)
        else:
            _run([_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={target}", f"--dbname={_libpq_url(url)}"], url)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table that a restore must bring back (tables the database lacks are left out)."""
    rows = _table_rows(url)
    return {name: rows[name] for name in COUNTED_TABLES if name in rows}


def holds_data(url: str) -> bool:
    """True when any table but Alembic's own has a row: a restore there would overwrite someone's work."""
    if is_sqlite(url) and not _sqlite_path(url).exists():
        return False
    return any(count for name, count in _table_rows(url).items() if name != "alembic_version")


def _table_rows(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {name: connection.scalar(select(func.count()).select_from(table(name))) or 0
                    for name in inspect(connection).get_table_names()}
    except OperationalError as error:
        raise BackupError(f"cannot open the database {_shown(url)}: {error.orig or error}") from None
    finally:
        engine.dispose()


def restore_backup(url: str, source: Path, force: bool = False) -> Restored:
    """Replace the database at `url` by the backup in `source`; refused when it holds data unless forced."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    if is_sqlite(url):
        _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    if holds_data(url) and not force:
        raise BackupError(f"the database {_shown(url)} is not empty: restoring would replace its data. "
                          "Use --force to replace it, or restore into an empty database")
    if is_sqlite(url):
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _postgres_restore(url, source)
    return Restored(source, _shown(url), row_counts(url))


def _postgres_restore(url: str, source: Path) -> None:
    """Drop every table of the target and load the dump, in one transaction: all or nothing.

    pg_restore --clean would drop only what the dump holds, so a table that a newer version of
    cardapp added would survive the restore of an older backup and break its migration.
    """
    script = _run([_postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)], url)
    drops = "".join(f'DROP TABLE IF EXISTS "{name}" CASCADE;\n' for name in _table_rows(url))
    _run([_postgres_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
          f"--dbname={_libpq_url(url)}"], url, stdin=drops + script)


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(f"{url} is not a database file")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies page by page and starts again when a writer changes a page, so the
    # copy is consistent even while the server writes; WAL content is included.
    with sqlite3.connect(_read_only(source), uri=True) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"  # as_uri escapes a "?" or "#" in the path


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(_read_only(source), uri=True) as backup:
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        backup.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite backup ({error})") from None
    if "alembic_version" not in tables:
        raise BackupError(f"{source} is a SQLite file but not a cardapp backup (it has no alembic_version table)")


def _libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it, without the driver name and without the password."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _postgres_tool(name: str) -> str:
    """pg_dump, pg_restore or psql: on PATH, or the newest under /usr/lib/postgresql/*/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not candidates:
        raise BackupError(f"{name} was not found on PATH or under /usr/lib/postgresql: install PostgreSQL's "
                          "client programs (Debian: postgresql-client)")
    return max(candidates, key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)


def _run(command: list[str], url: str, stdin: str | None = None) -> str:
    """Run a PostgreSQL program and return what it printed; its own words when it fails."""
    # The password goes through the environment: a command line is visible to every user in `ps`.
    password = make_url(url).password
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10", **({"PGPASSWORD": str(password)} if password else {})}
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip() or f'exit status {result.returncode}'}")
    return result.stdout
