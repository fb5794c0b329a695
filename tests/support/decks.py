"""Small valid decks to build test cases from."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

MINIMAL_DECK: dict[str, Any] = {
    "schema_version": 1,
    "id": "tiny-deck",
    "title": {"en": "Tiny deck", "nb": "Liten kortstokk"},
    "description": {"en": "A deck for tests.", "nb": "En kortstokk for tester."},
    "languages": ["en", "nb"],
    "author": "cardapp tests",
    "license": "CC BY 4.0",
    "dimensions": [{"id": "network", "title": {"en": "Network", "nb": "Nettverk"}}],
    "themes": [
        {
            "id": "norms",
            "title": {"en": "Norms", "nb": "Normer"},
            "cards": [
                {
                    "id": "who-decides",
                    "kind": "question",
                    "prompt": {
                        "en": "Who decides what is normal here?",
                        "nb": "Hvem bestemmer hva som er normalt her?",
                    },
                    "notes": {"en": "Opens up unwritten rules.", "nb": "Åpner for uskrevne regler."},
                },
                {
                    "id": "hug-after-premiere",
                    "kind": "statement",
                    "text": {"en": "A hug after the premiere.", "nb": "En klem etter premieren."},
                    "prompts": [{"en": "What would make it OK?", "nb": "Hva ville gjort det OK?"}],
                },
                {
                    "id": "knows-people",
                    "kind": "power",
                    "text": {"en": "I know the people who hire.", "nb": "Jeg kjenner dem som ansetter."},
                    "dimension": "network",
                },
            ],
        }
    ],
}


def minimal_deck(**changes: Any) -> dict[str, Any]:
    deck = copy.deepcopy(MINIMAL_DECK)
    deck.update(changes)
    return deck


def write_deck(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8")
    return path
