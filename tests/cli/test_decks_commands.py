from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cardapp.cli import cli
from tests.support.decks import minimal_deck, write_deck


def test_validate_prints_every_fault_with_its_json_path_and_exits_1(tmp_path: Path):
    deck = minimal_deck()
    cards = deck["themes"][0]["cards"]
    del cards[0]["notes"]
    del cards[1]["text"]["nb"]
    cards[2]["text"]["en"] = "<img src=x>"
    bad = write_deck(tmp_path, "faulty.json", deck)
    good = write_deck(tmp_path, "good.json", minimal_deck())
    result = CliRunner().invoke(cli, ["decks", "validate", str(bad), str(good)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}: $.themes[0].cards[0].notes: required field is missing",
        f"{bad}: $.themes[0].cards[1].text.nb: missing text for language nb",
        f"{bad}: $.themes[0].cards[2].text.en: text only: HTML or other markup is not allowed",
        "1 of 2 file(s) have problems",
    ]
    assert result.stdout == f"{good}: ok (3 cards, en, nb)\n"


def test_validate_reports_invalid_json_with_line_and_column(tmp_path: Path):
    bad = write_deck(tmp_path, "bad.json", '{\n  "id": "x"\n  "title": {}\n}')
    result = CliRunner().invoke(cli, ["decks", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: $: invalid JSON at line 3, column 3: Expecting ',' delimiter" in result.stderr


def test_validate_passes_a_good_deck(tmp_path: Path):
    good = write_deck(tmp_path, "good.json", minimal_deck())
    result = CliRunner().invoke(cli, ["decks", "validate", str(good)])
    assert result.exit_code == 0


def test_stats_json_counts_every_deck_in_the_folder(tmp_path: Path):
    decks = tmp_path / "decks"
    decks.mkdir()
    write_deck(decks, "tiny.json", minimal_deck())
    write_deck(decks, "broken.json", "[]")
    result = CliRunner().invoke(cli, ["decks", "stats", "--json", "--dir", str(decks)])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["decks"] == [{
        "id": "tiny-deck",
        "path": "decks/tiny.json",
        "languages": ["en", "nb"],
        "themes": [{"id": "norms", "cards": {"question": 1, "statement": 1, "power": 1}}],
        "cards": {"question": 1, "statement": 1, "power": 1},
        "glossary": 0,
        "missing_translations": 0,
    }]
    assert report["broken"][0]["problems"] == [f"{decks / 'broken.json'}: $: a deck must be a JSON object"]


def test_stats_lists_each_theme_of_a_deck_under_its_totals(tmp_path: Path):
    decks = tmp_path / "decks"
    decks.mkdir()
    write_deck(decks, "tiny.json", minimal_deck())
    result = CliRunner().invoke(cli, ["decks", "stats", "--dir", str(decks)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "tiny-deck: 1 themes, 1 question, 1 statement, 1 power; missing translations: 0",
        "  norms: 1 question, 1 statement, 1 power",
    ]


def test_the_committed_deck_schema_is_generated_from_the_models():
    result = CliRunner().invoke(cli, ["decks", "schema", "--check"])
    assert result.exit_code == 0, result.stderr


def test_the_console_script_and_python_m_are_the_same_command():
    done = subprocess.run([sys.executable, "-m", "cardapp", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    for command in ("serve", "db", "decks"):
        assert command in done.stdout
