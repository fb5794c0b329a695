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


def invited_organisation(instance: Path, stdout: str) -> tuple[str, str, str | None]:
    database = Database(f"sqlite:///{instance / 'cardapp.sqlite3'}")
    invited = accounts.find_invitation(database, link_token(stdout, "invitation"), NOW)
    database.dispose()
    return invited.email, invited.role.value, invited.organisation_name


def test_users_create_invites_into_an_organisation_it_is_asked_to_create(instance: Path):
    result = CliRunner().invoke(cli, ["users", "create", "--email", "Kari@Teater.no", "--role", "organiser",
                                      "--create-organisation", "Teater Nord"])
    assert result.exit_code == 0, result.output
    assert "Created the organisation 'Teater Nord' (id 1)" in result.stdout
    assert invited_organisation(instance, result.stdout) == ("kari@teater.no", "organiser", "Teater Nord")
    assert PASSWORD not in result.stdout


def test_users_create_finds_an_organisation_by_its_name_in_any_case_or_by_its_id(instance: Path):
    created = CliRunner().invoke(cli, ["users", "create", "--email", "kari@teater.no", "--role", "organiser",
                                       "--create-organisation", "Teater Nord"])
    assert created.exit_code == 0, created.output
    by_name = CliRunner().invoke(cli, ["users", "create", "--email", "ola@teater.no", "--organisation", "teater  nord"])
    by_id = CliRunner().invoke(cli, ["users", "create", "--email", "siri@teater.no", "--organisation", "1"])
    assert by_name.exit_code == 0 and by_id.exit_code == 0, by_name.output + by_id.output
    assert invited_organisation(instance, by_name.stdout) == ("ola@teater.no", "facilitator", "Teater Nord")
    assert invited_organisation(instance, by_id.stdout) == ("siri@teater.no", "facilitator", "Teater Nord")
    assert "Created" not in by_name.stdout + by_id.stdout


def test_users_create_never_makes_an_organisation_from_a_typo_or_an_unknown_id(instance: Path):
    CliRunner().invoke(cli, ["users", "create", "--email", "kari@teater.no", "--create-organisation", "Teater Nord"])
    typo = CliRunner().invoke(cli, ["users", "create", "--email", "ola@teater.no", "--organisation", "Teatre Nord"])
    assert typo.exit_code == 1
    assert typo.stderr.strip() == ("cardapp: there is no organisation called 'Teatre Nord' and none with that id. "
                                   "Did you mean 'Teater Nord' (id 1)? To create it, use --create-organisation "
                                   "'Teatre Nord'.")
    unknown_id = CliRunner().invoke(cli, ["users", "create", "--email", "ola@teater.no", "--organisation", "2"])
    assert unknown_id.exit_code == 1 and "there is no organisation called '2'" in unknown_id.stderr
    database = Database(f"sqlite:///{instance / 'cardapp.sqlite3'}")
    from cardapp.cli.environment import server_authority

    names = [organisation.name for organisation in accounts.list_organisations(database, server_authority())]
    database.dispose()
    assert names == ["Teater Nord"]


def test_users_create_refuses_to_create_an_organisation_that_exists(instance: Path):
    CliRunner().invoke(cli, ["users", "create", "--email", "kari@teater.no", "--create-organisation", "Teater Nord"])
    again = CliRunner().invoke(cli, ["users", "create", "--email", "ola@teater.no",
                                     "--create-organisation", "teater nord"])
    assert again.exit_code == 1
    assert again.stderr.startswith("cardapp: ") and "already" in again.stderr


def test_users_create_refuses_a_facilitator_without_an_organisation(instance: Path):
    result = CliRunner().invoke(cli, ["users", "create", "--email", "ola@teater.no"])
    assert result.exit_code == 1
    assert "must belong to an organisation" in result.stderr
