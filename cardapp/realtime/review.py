"""Socket.IO handler of 'What we agreed last time' (docs/protocol.md, "What we agreed last time").

Registered in the command registry like every other event, so it gets the same checks as every
console command: connection, screen, the facilitator's right, payload.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cardapp.realtime.commands import facilitator
from cardapp.realtime.hub import database
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import MAX_ID, Payload
from cardapp.services import programme_review


class ReviewAction(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    action_id: int = Field(ge=1, le=MAX_ID)
    status: str = Field(min_length=1, max_length=16)


@facilitator("review_action", ReviewAction)
def review_action(caller: Caller, payload: ReviewAction) -> dict[str, Any]:
    """Console: one action is done or carried over; every screen gets `workshop_state`."""
    status = programme_review.mark_action(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                                          payload.item_id, payload.action_id, payload.status)
    return {"action_id": payload.action_id, "status": status}
