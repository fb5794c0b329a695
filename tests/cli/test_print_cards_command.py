"""`cardapp decks print`: its refusals (the PDF itself is checked in tests/web/test_card_sheet_pages.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cardapp.cli import cli

DECKS = Path(__file__).resolve().parents[2] / "decks"


def test_printing_in_a_language_the_deck_lacks_says_which_it_has_and_writes_nothing(tmp_path: Path):
    output = tmp_path / "cards.pdf"
    result = CliRunner().invoke(cli, ["decks", "print", "risk-map", "--language", "de", "-o", str(output)])
    assert result.exit_code == 1
    languages = ", ".join(json.loads((DECKS / "risk-map.json").read_text("utf-8"))["languages"])
    assert result.stderr == f'cardapp: This deck has no cards in the language "de". Choose one of: {languages}.\n'
    assert not output.exists()


def test_printing_an_unknown_deck_or_too_many_blanks_is_refused(tmp_path: Path):
    output = tmp_path / "cards.pdf"
    unknown = CliRunner().invoke(cli, ["decks", "print", "no-such-deck", "--language", "nb", "-o", str(output)])
    assert unknown.exit_code == 1
    assert unknown.stderr == "cardapp: there is no deck 'no-such-deck' in the shipped decks\n"
    blanks = CliRunner().invoke(cli, ["decks", "print", "risk-map", "--language", "nb", "--blanks", "49",
                                      "-o", str(output)])
    assert blanks.exit_code == 1
    assert blanks.stderr == 'cardapp: Blank cards must be a whole number from 0 to 48, not "49".\n'
    assert not output.exists()
