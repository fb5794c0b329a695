"""Socket.IO handlers of risk mapping and agreements (docs/protocol.md, "Risk mapping and agreements").

Registered in the command registry like every other event, so each gets the same checks:
connection, screen, re-authorisation, rate limit, payload.
"""

from __future__ import annotations

from typing import Any

from cardapp.realtime.commands import ANSWERS, PHONE, command, facilitator
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import RecordAgreement, RemoveAgreement, SubmitRiskAnswer
from cardapp.services import risk_map


@command("submit_risk_answer", SubmitRiskAnswer, {PHONE}, limit=ANSWERS)
def submit_risk_answer(caller: Caller, payload: SubmitRiskAnswer) -> dict[str, Any]:
    """Phone: how present one factor is, acked to the sender only; screens get the count on the next tick."""
    choice = risk_map.submit_risk_answer(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                         payload.item_id, payload.factor, payload.choice, payload.answer_id)
    hub.get().presence.mark(caller.workshop_id)
    return {"factor": payload.factor, "choice": choice, "answer_id": payload.answer_id}


@facilitator("record_agreement", RecordAgreement)
def record_agreement(caller: Caller, payload: RecordAgreement) -> dict[str, Any]:
    """Console: a guideline, a topic, or a measure for a risk factor; every screen gets `workshop_state`."""
    agreement_id = risk_map.record_agreement(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                                             payload.kind, payload.text, payload.factor)
    return {"agreement_id": agreement_id}


@facilitator("remove_agreement", RemoveAgreement)
def remove_agreement(caller: Caller, payload: RemoveAgreement) -> None:
    """Console: take back an agreement typed by mistake; every screen gets `workshop_state`."""
    risk_map.remove_agreement(database(), caller.actor, caller.workshop_id, payload.agreement_id)  # type: ignore[arg-type]
