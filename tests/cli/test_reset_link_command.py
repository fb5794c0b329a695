"""`reset-link` prints a working one-time reset link; under `cardapp users`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cardapp.cli.users import reset_link
from cardapp.domain.accounts import Role
from cardapp.services import accounts, password_resets
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from tests.support.accounts import NOW, PASSWORD, SYSTEM, link_token

NEW_PASSWORD = "a quiet evening by the lake"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CARDAPP_PUBLIC_URL", "https://cards.example.org")
    url = f"sqlite:///{tmp_path / 'cardapp.sqlite3'}"
    upgrade_database(url)
    handle = Database(url)
    yield handle
    handle.dispose()


def test_reset_link_prints_a_link_that_sets_a_new_password_once(database: Database):
    token = accounts.invite(database, SYSTEM, "admin@example.org", Role.ADMIN, None, NOW)
    accounts.accept_invitation(database, token, PASSWORD, NOW)
    result = CliRunner().invoke(reset_link, ["--email", "Admin@example.org"])
    assert result.exit_code == 0, result.output
    assert "https://cards.example.org/password/reset/" in result.stdout
    reset_token = link_token(result.stdout, "password/reset")
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    password_resets.reset_password(database, reset_token, NEW_PASSWORD, now)
    assert accounts.authenticate(database, "admin@example.org", NEW_PASSWORD).actor.is_admin


def test_reset_link_for_an_unknown_email_says_so(database: Database):
    result = CliRunner().invoke(reset_link, ["--email", "nobody@example.org"])
    assert result.exit_code == 1
    assert "That user does not exist." in result.stderr
