"""Socket.IO handlers of risk mapping and agreements (docs/protocol.md, "Risk mapping and agreements").

Registered by `cardapp.realtime.handlers.register` with its `command` and `facilitator` decorators,
so every event gets the same checks: connection, screen, rate limit, payload.
"""

from __future__ import annotations

from typing import Any

from cardapp.domain.rate_limits import RateLimit
from cardapp.realtime.broadcasts import broadcaster
from cardapp.realtime.commands import Decorator
from cardapp.realtime.commands import database as _database
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import RecordAgreement, RemoveAgreement, SubmitRiskAnswer
from cardapp.services import risk_map

PHONE = "phone"


def register(command: Decorator, facilitator: Decorator, answers: RateLimit) -> None:
    """Attach the risk map's and the agreements' events; `answers` is the phones' shared answer limit."""

    @command("submit_risk_answer", SubmitRiskAnswer, {PHONE}, limit=answers)
    def answer(caller: Caller, payload: SubmitRiskAnswer) -> dict[str, Any]:
        """Phone: how present one factor is, acked to the sender only; screens get the count on the next tick."""
        choice = risk_map.submit_risk_answer(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                             payload.item_id, payload.factor, payload.choice, payload.answer_id)
        broadcaster().presence.mark(caller.workshop_id)
        return {"factor": payload.factor, "choice": choice, "answer_id": payload.answer_id}

    @facilitator("record_agreement", RecordAgreement)
    def record(caller: Caller, payload: RecordAgreement) -> dict[str, Any]:
        """Console: a guideline, a topic, or a measure for a risk factor; every screen gets `workshop_state`."""
        agreement_id = risk_map.record_agreement(_database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                                                 payload.kind, payload.text, payload.factor)
        return {"agreement_id": agreement_id}

    @facilitator("remove_agreement", RemoveAgreement)
    def remove(caller: Caller, payload: RemoveAgreement) -> None:
        """Console: take back an agreement typed by mistake; every screen gets `workshop_state`."""
        risk_map.remove_agreement(_database(), caller.actor, caller.workshop_id, payload.agreement_id)  # type: ignore[arg-type]
