from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cardapp.cli import cli
from cardapp.services import accounts
from cardapp.store.database import Database
from tests.support.accounts import NOW, PASSWORD, link_token


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CARDAPP_PUBLIC_URL", "https://cards.example.org")
    return tmp_path


def test_users_create_prints_a_one_time_link_for_the_first_admin(instance: Path):
    result = CliRunner().invoke(cli, ["users", "create"])
    assert result.exit_code == 0, result.output
    assert "https://cards.example.org/setup/" in result.stdout
    token = link_token(result.stdout, "setup")
    database = Database(f"sqlite:///{instance / 'cardapp.sqlite3'}")
    admin = accounts.accept_invitation(database, token, PASSWORD, NOW, email="admin@example.org")
    database.dispose()
    assert admin.actor.is_admin

    again = CliRunner().invoke(cli, ["users", "create"])
    assert again.exit_code == 1
    assert "This server already has an admin" in again.stderr


def test_users_create_invites_into_an_organisation_it_creates_when_needed(instance: Path):
    result = CliRunner().invoke(cli, ["users", "create", "--email", "Kari@Teater.no", "--role", "organiser",
                                      "--organisation", "Teater Nord"])
    assert result.exit_code == 0, result.output
    token = link_token(result.stdout, "invitation")
    database = Database(f"sqlite:///{instance / 'cardapp.sqlite3'}")
    invited = accounts.find_invitation(database, token, NOW)
    database.dispose()
    assert (invited.email, invited.role.value) == ("kari@teater.no", "organiser")
    assert invited.organisation_name == "Teater Nord"
    assert PASSWORD not in result.stdout


def test_users_create_refuses_a_facilitator_without_an_organisation(instance: Path):
    result = CliRunner().invoke(cli, ["users", "create", "--email", "ola@teater.no"])
    assert result.exit_code == 1
    assert "must belong to an organisation" in result.stderr
