"""The facilitator's commands for the workshop and its cards (docs/protocol.md, "Commands from the console").

Each is sent by the console only, re-authorised on every call by the pipeline, and followed by a
`workshop_state` to every screen of the workshop, each with its own share.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cardapp.realtime.commands import facilitator
from cardapp.realtime.hub import database
from cardapp.realtime.presence import Caller
from cardapp.realtime.protocol import AddScenario, Empty, ModerateReflection, ShowItem
from cardapp.services import live


@facilitator("start_workshop")
def start_workshop(caller: Caller, _payload: Empty) -> None:
    """Console: opens the workshop on its first agenda item."""
    live.start_workshop(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("show_item", ShowItem)
def show_item(caller: Caller, payload: ShowItem) -> None:
    """Console: shows the agenda item at `position` (next, previous, jump)."""
    live.show_item(database(), caller.actor, caller.workshop_id, payload.position)  # type: ignore[arg-type]


@facilitator("show_card")
def show_card(caller: Caller, _payload: Empty) -> None:
    """Console: after a content note, shows the card itself."""
    live.show_card(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("close_answers")
def close_answers(caller: Caller, _payload: Empty) -> None:
    """Console: no more answers to the current item."""
    live.close_answers(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("reveal_results")
def reveal_results(caller: Caller, _payload: Empty) -> None:
    """Console: closes answers if open and shows the distribution (suppressed below the minimum)."""
    live.set_results_revealed(database(), caller.actor, caller.workshop_id, True)  # type: ignore[arg-type]


@facilitator("hide_results")
def hide_results(caller: Caller, _payload: Empty) -> None:
    """Console: takes the results off the projector."""
    live.set_results_revealed(database(), caller.actor, caller.workshop_id, False)  # type: ignore[arg-type]


@facilitator("start_second_round")
def start_second_round(caller: Caller, _payload: Empty) -> None:
    """Console: asks the closed statement again; refused with `round_not_possible` when it cannot be."""
    live.start_second_round(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("add_scenario", AddScenario)
def add_scenario(caller: Caller, payload: AddScenario) -> dict[str, Any]:
    """Console: a scenario typed in the projector's language, after the shown item; acked with its position."""
    position = live.add_scenario(database(), caller.actor, caller.workshop_id, payload.text)  # type: ignore[arg-type]
    return {"position": position}


@facilitator("open_reflections")
def open_reflections(caller: Caller, _payload: Empty) -> None:
    """Console: phones may send a written reflection on the current card."""
    live.open_reflections(database(), caller.actor, caller.workshop_id)  # type: ignore[arg-type]


@facilitator("moderate_reflection", ModerateReflection, moderates=True)
def moderate_reflection(caller: Caller, payload: ModerateReflection) -> None:
    """Console or moderator view: approve or reject one reflection of the moderation queue."""
    live.moderate_reflection(database(), caller.actor, caller.workshop_id,  # type: ignore[arg-type]
                             payload.reflection_id, payload.decision == "approve")


@facilitator("end_workshop")
def end_workshop(caller: Caller, _payload: Empty) -> None:
    """Console: ends the workshop; phones show the closing screen; per-person links are deleted."""
    live.end_workshop(database(), caller.actor, caller.workshop_id, dt.date.today())
