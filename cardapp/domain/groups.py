"""Groups: the people a workshop or a pulse is for ("Stage crew", "Board"), named by the organiser.

The differencing rule holds across the workshops and pulses of one group: a result one or two people
away from what the same group already saw of the same card is withheld (see `anonymity.may_disclose`).
A workshop or pulse without a label belongs to the organisation's default group, the whole
organisation: privacy first, since unlabelled groups may be the same people. Labels are compared
without regard to case or spacing, and a new label that matches an existing one takes its spelling.
A label is stored in NFC and holds no character a reader cannot see (`plain_text.py`).
"""

from __future__ import annotations

from collections.abc import Iterable

from cardapp.domain.plain_text import folded_line, has_hidden_characters

MAX_GROUP_LENGTH = 60

# Typed as a label, these mean the default group (stored as no label).
_DEFAULT_NAMES = frozenset({"whole organisation", "whole organization", "hele organisasjonen"})


class GroupLabelTooLong(Exception):
    """A group label longer than MAX_GROUP_LENGTH; `key` names the message in the catalogues."""

    key = "group.too_long"


class GroupLabelHidden(Exception):
    """A group label with a control or invisible format character (a NUL, a right-to-left override, a
    zero-width space): two labels that look the same must be the same group."""

    key = "group.hidden_characters"


def group_key(label: str | None) -> str:
    """The form labels are compared in: spacing collapsed, case folded; "" for the default group."""
    return folded_line(label or "").casefold()


def normalised_group(typed: str | None, existing: Iterable[str]) -> str | None:
    """The label to store for what the organiser typed: None for the default group, else the spelling
    of an existing label that compares equal, else the typed label with its spacing collapsed."""
    label = folded_line(typed or "")
    if has_hidden_characters(label, emoji_allowed=False):
        raise GroupLabelHidden(label)
    if len(label) > MAX_GROUP_LENGTH:
        raise GroupLabelTooLong(label)
    key = group_key(label)
    if not key or key in _DEFAULT_NAMES:
        return None
    for known in sorted(set(existing)):
        if group_key(known) == key:
            return known
    return label
