"""Whole numbers typed by people or carried in URLs and forms: ids, counts, minimums.

`str.isdigit` is not enough: "²" is a digit to it but not to `int`, and a number past PostgreSQL's
`integer` column fails in the database rather than as a refusal. One function decides for every page.
"""

from __future__ import annotations

# The largest value of PostgreSQL's `integer`, the type of every id and count column.
LARGEST_STORED = 2**31 - 1


def whole_number(text: str | None, largest: int = LARGEST_STORED) -> int | None:
    """`text` as a number when it is only ASCII digits 0-9 and at most `largest`; otherwise None."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(largest)):
        return None
    number = int(text)
    return number if number <= largest else None
