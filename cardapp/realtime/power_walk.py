"""Socket.IO handlers of the power walk (docs/protocol.md, "The power walk").

Registered by `cardapp.realtime.handlers.register` with its own `command` and `facilitator`
decorators, so every event gets the same checks: connection, screen, rate limit, payload.
"""

from __future__ import annotations

from typing import Any

from cardapp.domain.rate_limits import RateLimit
from cardapp.realtime.broadcasts import broadcaster
from cardapp.realtime.commands import Decorator
from cardapp.realtime.commands import database as _database
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import Empty, FetchMyPowerWalk, ShowPowerStatement, SubmitPowerAnswer
from cardapp.services import power_walk

PHONE = "phone"


def register(command: Decorator, facilitator: Decorator, answers: RateLimit) -> None:
    """Attach the walk's events; `answers` is the phones' shared answer rate limit."""
    fetches = RateLimit(burst=5, per_second=1)

    @facilitator("show_power_statement", ShowPowerStatement)
    def show(caller: Caller, payload: ShowPowerStatement) -> None:
        """Console: show the explanation (step -1) or a statement; every screen gets `workshop_state`."""
        power_walk.show_statement(_database(), caller.actor, caller.workshop_id, payload.step)  # type: ignore[arg-type]

    @facilitator("finish_power_walk", Empty)
    def finish(caller: Caller, _payload: Empty) -> None:
        """Console: no more answers; each phone then fetches its own result, nobody else's."""
        power_walk.finish_walk(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @facilitator("reveal_power_walk", Empty)
    def reveal(caller: Caller, _payload: Empty) -> None:
        """Console: the projector gets the picture (or only "too few"); the answers are deleted."""
        power_walk.reveal_walk(_database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]

    @command("submit_power_answer", SubmitPowerAnswer, {PHONE}, limit=answers)
    def answer(caller: Caller, payload: SubmitPowerAnswer) -> dict[str, Any]:
        """Phone: Yes, No or Pass, acked to the sender only; screens get the count on the next tick."""
        choice = power_walk.submit_power_answer(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                                payload.item_id, payload.statement, payload.choice,
                                                payload.answer_id)
        broadcaster().presence.mark(caller.workshop_id)
        return {"statement": payload.statement, "choice": choice}

    @command("fetch_my_power_walk", FetchMyPowerWalk, {PHONE}, limit=fetches)
    def mine(caller: Caller, payload: FetchMyPowerWalk) -> dict[str, Any]:
        """Phone: its own answers, the texts of earlier statements it has not answered, its dealt
        persona and (once finished) private result: in this ack only, never in a broadcast."""
        return power_walk.my_walk(_database(), caller.workshop_id, caller.participant_id,  # type: ignore[arg-type]
                                  payload.item_id, caller.language)
