"""`cardapp decks import` and `cardapp decks export`, for organisers who keep decks in version control."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cardapp.cli import cli
from cardapp.config import PROJECT_ROOT
from tests.support.decks import minimal_deck, write_deck


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path))
    invited = CliRunner().invoke(cli, ["users", "create", "--email", "kari@teater.no", "--role", "organiser",
                                       "--create-organisation", "Teater Nord"])
    assert invited.exit_code == 0, invited.output
    return tmp_path


def test_a_deck_imported_and_exported_again_is_the_same_file(instance: Path):
    original = (PROJECT_ROOT / "decks" / "risk-map.json").read_text("utf-8")
    source = write_deck(instance, "ours.json", original)
    imported = CliRunner().invoke(cli, ["decks", "import", str(source), "--organisation", "teater nord"])
    assert imported.exit_code == 0, imported.output
    assert "stored as deck 'risk-map' of teater nord" in imported.stdout
    exported = CliRunner().invoke(cli, ["decks", "export", "risk-map", "--organisation", "Teater Nord"])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout == original

    again = CliRunner().invoke(cli, ["decks", "import", str(source), "--organisation", "Teater Nord"])
    assert again.exit_code == 1
    assert "already has a deck with the id risk-map" in again.stderr
    changed = json.loads(original)
    changed["author"] = "Teater Nord"
    write_deck(instance, "ours.json", changed)
    replaced = CliRunner().invoke(cli, ["decks", "import", str(source), "--organisation", "Teater Nord", "--replace"])
    assert replaced.exit_code == 0, replaced.output
    output = instance / "out.json"
    written = CliRunner().invoke(cli, ["decks", "export", "risk-map", "--organisation", "Teater Nord",
                                       "-o", str(output)])
    assert written.exit_code == 0 and json.loads(output.read_text("utf-8"))["author"] == "Teater Nord"


def test_an_invalid_file_prints_every_problem_with_its_path_and_stores_nothing(instance: Path):
    deck = minimal_deck(id="Bad Id")
    del deck["themes"][0]["cards"][1]["text"]["nb"]
    bad = write_deck(instance, "bad.json", deck)
    result = CliRunner().invoke(cli, ["decks", "import", str(bad), "--organisation", "Teater Nord"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}: $.id: must be a lowercase id of letters, digits and single hyphens (for example 'power-and-roles')",
        f"{bad}: $.themes[0].cards[1].text.nb: missing text for language nb",
        f"{bad}: The deck has 2 problem(s); nothing was stored.",
    ]
    missing = CliRunner().invoke(cli, ["decks", "export", "Bad Id", "--organisation", "Teater Nord"])
    assert missing.exit_code == 1 and "there is no deck 'Bad Id'" in missing.stderr


def test_export_of_a_shipped_deck_needs_no_database_and_an_unknown_organisation_is_named(instance: Path):
    shipped = CliRunner().invoke(cli, ["decks", "export", "do-you-have-power"])
    assert shipped.exit_code == 0
    assert shipped.stdout == (PROJECT_ROOT / "decks" / "do-you-have-power.json").read_text("utf-8")
    unknown = CliRunner().invoke(cli, ["decks", "import", str(PROJECT_ROOT / "decks" / "risk-map.json"),
                                       "--organisation", "Nobody"])
    assert unknown.exit_code == 1 and "there is no organisation called 'Nobody'" in unknown.stderr


def test_deck_commands_on_postgresql_leave_no_temporary_key_folder_behind(
        tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("CARDAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("CARDAPP_DATABASE_URL", postgres_url)
    invited = CliRunner().invoke(cli, ["users", "create", "--email", "kari@teater.no", "--role", "organiser",
                                       "--create-organisation", "Teater Nord"])
    assert invited.exit_code == 0, invited.output
    source = write_deck(tmp_path, "ours.json", minimal_deck(id="our-deck"))
    imported = CliRunner().invoke(cli, ["decks", "import", str(source), "--organisation", "Teater Nord"])
    assert imported.exit_code == 0, imported.output
    exported = CliRunner().invoke(cli, ["decks", "export", "our-deck", "--organisation", "Teater Nord"])
    assert exported.exit_code == 0, exported.output
    assert sorted(path.name for path in temporary.iterdir()) == []
