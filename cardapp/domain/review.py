"""'What we agreed last time': an agenda item that puts the organisation's open actions on the projector.

The item's card holds the ids of the actions to review, taken when it is added to a draft workshop;
the facilitator marks each done or carried over. Actions are organisation data: nothing per person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cardapp.domain.programme import ActionStatus, ProgrammeRuleBroken

KIND = "review"
CARD_ID = "review"
# What a facilitator may record for an action in the room; "open" is where every action starts.
REVIEWED: tuple[ActionStatus, ...] = (ActionStatus.DONE, ActionStatus.CARRIED_OVER)


def review_card(titles: Mapping[str, str], action_ids: Sequence[int]) -> dict[str, Any]:
    """The agenda copy: a title in every interface language and the actions to go through, in order."""
    if not action_ids:
        raise ProgrammeRuleBroken("programme.nothing_to_review")
    return {"id": CARD_ID, "kind": KIND, "text": dict(titles), "actions": list(action_ids)}


def reviewed_status(value: str) -> ActionStatus:
    """Done or carried over; anything else (including back to open) is refused."""
    try:
        status = ActionStatus(value)
    except ValueError:
        raise ProgrammeRuleBroken("programme.bad_status") from None
    if status not in REVIEWED:
        raise ProgrammeRuleBroken("programme.bad_status")
    return status
