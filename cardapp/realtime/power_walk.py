"""Socket.IO handlers of the power walk (docs/protocol.md, "The power walk").

Registered in the command registry like every other event, so each gets the same checks:
connection, screen, re-authorisation, rate limit, payload.
"""

from __future__ import annotations

from typing import Any

from cardapp.realtime.commands import ANSWERS, FETCHES, PHONE, command, facilitator
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import Empty, FetchMyPowerWalk, ShowPowerStatement, SubmitPowerAnswer
from cardapp.services import power_walk


@facilitator("show_power_statement", ShowPowerStatement)
def show_power_statement(caller: Caller, payload: ShowPowerStatement) -> None:
    """Console: show the explanation (step -1) or a statement; every screen gets `workshop_state`."""
    power_walk.show_statement(database(), caller.actor, caller.workshop_id, payload.step)  # type: ignore[arg-type]


@facilitator("finish_power_walk", Empty)
def finish_power_walk(caller: Caller, _payload: Empty) -> None:
    """Console: no more answers; each phone then fetches its own result, nobody else's."""
    power_walk.finish_walk(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("reveal_power_walk", Empty)
def reveal_power_walk(caller: Caller, _payload: Empty) -> None:
    """Console: the projector gets the picture (or only "too few"); the answers are deleted."""
    power_walk.reveal_walk(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@command("submit_power_answer", SubmitPowerAnswer, {PHONE}, limit=ANSWERS)
def submit_power_answer(caller: Caller, payload: SubmitPowerAnswer) -> dict[str, Any]:
    """Phone: Yes, No or Pass, acked to the sender only; screens get the count on the next tick."""
    choice = power_walk.submit_power_answer(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                            payload.item_id, payload.statement, payload.choice,
                                            payload.answer_id)
    hub.get().presence.mark(caller.workshop_id)
    return {"statement": payload.statement, "choice": choice}


@command("fetch_my_power_walk", FetchMyPowerWalk, {PHONE}, limit=FETCHES)
def fetch_my_power_walk(caller: Caller, payload: FetchMyPowerWalk) -> dict[str, Any]:
    """Phone: its own answers, the texts of earlier statements it has not answered, its dealt
    persona and (once finished) private result: in this ack only, never in a broadcast."""
    return power_walk.my_walk(database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                              payload.item_id, caller.language)
