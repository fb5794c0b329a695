"""The live flow as a state machine: a workshop's and an agenda item's states, and the moves between them.

Services ask these functions what a command does to the states; no other module spells a status.
The values are the strings stored in the database, so a StrEnum compares equal to a stored status.

    workshop:  draft --start--> open --end--> ended
    item:      waiting --show (content note first if it has one)--> open --close/reveal--> closed
               closed --second round--> open (round 2)
    phase:     content_note --show card--> card   (the note comes once, the first time only)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cardapp.domain.workshops import WorkshopError, WorkshopNotOpen


class WorkshopStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    ENDED = "ended"


class ItemStatus(StrEnum):
    WAITING = "waiting"
    OPEN = "open"
    CLOSED = "closed"


class Phase(StrEnum):
    CONTENT_NOTE = "content_note"
    CARD = "card"


class ReflectionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    HELD = "held"  # held back unseen: it contains a slur
    REMOVED = "removed"  # questions only: approved, then taken down by the facilitator; never shown again


class RoundNotPossible(WorkshopError):
    code = "round_not_possible"


MAX_ROUNDS = 2


@dataclass(frozen=True)
class ItemState:
    """Where the shown item stands: what the phones may do depends on it and the workshop's phase."""

    status: ItemStatus
    phase: Phase
    round: int = 1


def require_open(status: str) -> None:
    """A live command needs an open workshop; an ended one says so in its own words."""
    if status == WorkshopStatus.ENDED:
        raise WorkshopNotOpen("socket.workshop_ended")
    if status != WorkshopStatus.OPEN:
        raise WorkshopNotOpen("socket.workshop_not_open")


def started(status: str) -> WorkshopStatus:
    """Starting a draft opens it; starting an open one changes nothing; an ended one stays ended."""
    if status == WorkshopStatus.ENDED:
        raise WorkshopNotOpen("socket.workshop_ended")
    return WorkshopStatus.OPEN


def entered(status: str, has_content_note: bool) -> ItemState:
    """Showing an item: its content note comes first the first time; coming back goes straight to it."""
    if status == ItemStatus.WAITING and has_content_note:
        return ItemState(ItemStatus.WAITING, Phase.CONTENT_NOTE)
    return ItemState(ItemStatus.OPEN if status == ItemStatus.WAITING else ItemStatus(status), Phase.CARD)


def card_shown(status: str) -> ItemState:
    """After the content note, the card itself; answers open if they never were."""
    return ItemState(ItemStatus.OPEN if status == ItemStatus.WAITING else ItemStatus(status), Phase.CARD)


def accepting_answers(status: str, phase: str) -> bool:
    """Phones may answer the shown item only while it is open and its card (not its note) is shown."""
    return status == ItemStatus.OPEN and phase == Phase.CARD


def reflections_may_open(status: str) -> bool:
    return status != ItemStatus.CLOSED


def second_round(status: str, current_round: int, offers_stances: bool) -> ItemState:
    """Asking a statement again after the talk: once, for statements only, after the first round closed."""
    if not offers_stances:
        raise RoundNotPossible("socket.round_no_stances")
    if current_round >= MAX_ROUNDS:
        raise RoundNotPossible("socket.round_already_again")
    if status != ItemStatus.CLOSED:
        raise RoundNotPossible("socket.round_first_open")
    return ItemState(ItemStatus.OPEN, Phase.CARD, current_round + 1)
