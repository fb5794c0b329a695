"""A fingerprint of a text's word 8-grams, to check that decks never copy it without keeping the text itself.

The field brief the decks were written from (`../shared/domain.md`) is not part of the repository.
Its fingerprint is: every run of 8 words, lower-cased, hashed (BLAKE2b, 8 bytes), one hex digest a
line, sorted. A phrase can be checked against it; the brief cannot be read back from it.

Regenerate after the brief changes, from the project's root:

    .venv/bin/python -m tests.support.own_words ../shared/domain.md > tests/support/brief_fingerprint.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 8  # words: a shorter run is common phrasing, a longer one lets a copied sentence slip through
FINGERPRINT = Path(__file__).with_name("brief_fingerprint.txt")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _digest(phrase: str) -> str:
    return hashlib.blake2b(phrase.encode(), digest_size=8).hexdigest()


def runs(text: str) -> list[str]:
    """Every run of `RUN` consecutive words, as the fingerprint spells it."""
    found = words(text)
    return [" ".join(found[i:i + RUN]) for i in range(len(found) - RUN + 1)]


def fingerprint(text: str) -> set[str]:
    return {_digest(phrase) for phrase in runs(text)}


def copied_runs(text: str, known: set[str]) -> list[str]:
    """The runs of `text` that also occur in the fingerprinted text."""
    return [phrase for phrase in runs(text) if _digest(phrase) in known]


def stored_fingerprint() -> set[str]:
    return set(FINGERPRINT.read_text("utf-8").split())


if __name__ == "__main__":
    source = Path(sys.argv[1]).read_text("utf-8")
    sys.stdout.write("".join(f"{digest}\n" for digest in sorted(fingerprint(source))))
