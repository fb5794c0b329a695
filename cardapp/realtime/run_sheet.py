"""Socket.IO handler of the run-sheet's discussion timer (docs/protocol.md, "The run-sheet's timer").

Registered in the command registry like every other event, so it gets the same checks: connection,
screen (console only), re-authorisation, payload. Both consoles and the projector get `workshop_state`
after it; a phone's state never carries the timer.
"""

from __future__ import annotations

from cardapp.realtime.commands import facilitator
from cardapp.realtime.hub import database, hub
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import ControlTimer
from cardapp.services import run_sheets


@facilitator("control_timer", ControlTimer)
def control_timer(caller: Caller, payload: ControlTimer) -> None:
    """Console: start, pause, reset or set (`minutes`) the timer, or `show`/`hide` it on the projector."""
    run_sheets.control_timer(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                             payload.action, payload.minutes, hub.get().now())
