"""Socket.IO handler of the consent round (docs/protocol.md, "Consent round").

Registered in the command registry with the phones' shared answer limit, so the event gets the same
checks as every answer: connection, screen, rate, payload.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cardapp.realtime.commands import ANSWERS, PHONE, command
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import MAX_ID, ClientId, Payload
from cardapp.services import programme_consent


class SubmitConsent(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    guideline: str = Field(min_length=1, max_length=16)
    choice: str = Field(min_length=1, max_length=16)
    answer_id: str = ClientId


@command("submit_consent", SubmitConsent, {PHONE}, limit=ANSWERS)
def submit_consent(caller: Caller, payload: SubmitConsent) -> dict[str, Any]:
    """Phone: its answer to one guideline, acked to the sender only; screens get the count on the next tick."""
    choice = programme_consent.submit_consent(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                              payload.item_id, payload.guideline, payload.choice, payload.answer_id)
    hub.get().presence.mark(caller.workshop_id)
    return {"guideline": payload.guideline, "choice": choice, "answer_id": payload.answer_id}
