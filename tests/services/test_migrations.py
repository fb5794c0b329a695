"""Every migration applies to SQLite and to a real PostgreSQL server, and matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect

import cardapp.store.audit  # noqa: F401  (its table registers on Base)
from cardapp.cli import cli
from cardapp.store import identity  # noqa: F401  (its tables join Base.metadata)
from cardapp.store import programme as _programme_tables  # noqa: F401  (its tables are on Base too)
from cardapp.store import pulse as _pulse_tables  # noqa: F401  (its tables are on Base too)
from cardapp.store import replays as _replay_tables  # noqa: F401  (its table is on Base too)
from cardapp.store import run_sheets as _run_sheet_tables  # noqa: F401  (its tables are on Base too)
from cardapp.store.database import make_engine
from cardapp.store.migrate import current_revision, head_revision, upgrade_database
from cardapp.store.models import Base


def assert_migrated_schema_matches_models(url: str) -> None:
    upgrade_database(url)
    assert current_revision(url) == head_revision()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == [], "the models changed without a migration: run `cardapp db revision -m ...`"
    assert {"decks", "alembic_version"} <= tables


def test_migrations_apply_to_sqlite_and_match_the_models(tmp_path: Path):
    assert_migrated_schema_matches_models(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.postgres
def test_migrations_apply_to_a_real_postgresql_server(postgres_url: str):
    assert_migrated_schema_matches_models(postgres_url)


def test_an_existing_database_upgrades_in_place(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade_database(url, "base")
    assert current_revision(url) is None
    upgrade_database(url)
    upgrade_database(url)  # a second run changes nothing
    assert current_revision(url) == head_revision()


def test_db_upgrade_command_reports_the_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path))
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"database is at revision {head_revision()}"
    assert (tmp_path / "cardapp.sqlite3").exists()


@pytest.mark.postgres
def test_answers_are_stored_once_per_phone_on_postgresql_too(postgres_url: str):
    from cardapp.store.answers import store_answer
    from cardapp.store.database import Database
    from cardapp.store.models import AgendaItem, Answer, Participant
    from tests.support.workshops import store_open_workshop

    upgrade_database(postgres_url)
    database = Database(postgres_url)

    with database.transaction() as session:
        workshop = store_open_workshop(session)
        item = AgendaItem(workshop_id=workshop.id, position=0, card_id="c", kind="statement", card="{}")
        participant = Participant(workshop_id=workshop.id, token_sha256="t" * 64, language="en")
        session.add_all([item, participant])
        session.flush()
        ids = (item.id, participant.id)
    with database.transaction() as session:
        assert store_answer(session, *ids, 1, "agree", "first-send") == "agree"
        assert store_answer(session, *ids, 1, "disagree", "first-send") == "agree"  # a repeat changes nothing
        assert store_answer(session, *ids, 1, "disagree", "second-send") == "disagree"
    with database.transaction() as session:
        assert session.query(Answer).count() == 1
    database.dispose()


def test_upgrading_keeps_of_an_ended_workshop_only_the_participant_count_its_report_shows(tmp_path: Path):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'ended.sqlite3'}"
    upgrade_database(url, "0008")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO organisations (id, slug, name, created_on, retention_days) "
                                    "VALUES (1, 'o', 'O', '2026-11-20', 365)"))
            for number, (count, minimum) in enumerate([(7, 5), (13, 5), (4, 5), (7, 7), (None, 5)], start=1):
                connection.execute(text(
                    "INSERT INTO workshops (id, organisation_id, title, projector_language, languages, "
                    "projector_secret, status, phase, min_answers, created_on, participant_count) "
                    "VALUES (:id, 1, 'W', 'en', 'en', 's', 'ended', 'card', :minimum, '2026-11-20', :count)"),
                    {"id": number, "minimum": minimum, "count": count})
        upgrade_database(url)
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT participant_count FROM workshops ORDER BY id")).scalars().all()
    finally:
        engine.dispose()
    assert kept == [5, 15, 0, 10, None]
