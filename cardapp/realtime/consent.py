"""Socket.IO handler of the consent round (docs/protocol.md, "Consent round").

Registered by `cardapp.realtime.handlers.register` with its `command` decorator and the phones' shared
answer limit, so the event gets the same checks as every answer: connection, screen, rate, payload.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cardapp.domain.rate_limits import RateLimit
from cardapp.realtime.broadcasts import broadcaster
from cardapp.realtime.commands import Decorator
from cardapp.realtime.commands import database as _database
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import MAX_ID, ClientId, Payload
from cardapp.services import programme_consent

PHONE = "phone"


class SubmitConsent(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    guideline: str = Field(min_length=1, max_length=16)
    choice: str = Field(min_length=1, max_length=16)
    answer_id: str = ClientId


def register(command: Decorator, answers: RateLimit) -> None:
    """Attach the consent round's event; `answers` is the phones' shared answer limit."""

    @command("submit_consent", SubmitConsent, {PHONE}, limit=answers)
    def consent(caller: Caller, payload: SubmitConsent) -> dict[str, Any]:
        """Phone: its answer to one guideline, acked to the sender only; screens get the count on the next tick."""
        choice = programme_consent.submit_consent(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                                  payload.item_id, payload.guideline, payload.choice,
                                                  payload.answer_id)
        broadcaster().presence.mark(caller.workshop_id)
        return {"guideline": payload.guideline, "choice": choice, "answer_id": payload.answer_id}
