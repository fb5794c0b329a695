"""The interface every exercise of a live workshop implements, and what it is given to work with.

An exercise is one kind of agenda item: conversation cards and statements, the power walk, the risk
map, and the exercises added after them. It says, in one module per layer:
- what it stores while it runs (its own tables, in `cardapp.store`) and how many have answered
  (its count in `cardapp.store.answer_counts`, run for every open workshop in one query);
- what each screen may see of it in each state (`part`, typed per screen);
- which commands it accepts (its Socket.IO module registers them);
- what it keeps when the workshop ends (`end`), and what the report says of it (`report_part`).
The live core (`cardapp.services.live`, `.snapshots`) only ever asks the registry; it never
branches on a kind. See docs/development.md, "How to add an exercise".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.store.models import AgendaItem, Workshop


@dataclass(frozen=True)
class Scene:
    """One agenda item of one workshop, as one screen is about to see it."""

    session: Session
    workshop: Workshop
    item: AgendaItem
    screen: Screen
    language: str
    participant_id: int | None = None  # only for a phone's own snapshot
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def fallback(self) -> str:
        """The language a text falls back to: the projector's, which every card of the workshop has."""
        return self.workshop.projector_language

    @property
    def min_answers(self) -> int:
        return self.workshop.min_answers


def scene(session: Session, workshop: Workshop, item: AgendaItem, screen: Screen, language: str,
          participant_id: int | None = None) -> Scene:
    return Scene(session, workshop, item, screen, language, participant_id, json.loads(item.card))


class Exercise(Protocol):
    """One kind of agenda item. Implementations are registered in `cardapp.services.exercises`."""

    kind: str
    # The key of its own part in `current` ("walk", "risk_map"), None when it has none.
    part_name: str | None
    # The model of that part for each screen that receives it; a screen not listed receives none.
    parts: dict[Screen, type[Wire]]
    # The report's section its report part belongs to, None when the report says nothing of it.
    report_section: str | None

    def results(self, scene: Scene) -> RoundResults | None:
        """The revealed distribution of every round, where the exercise has rounds of stances."""

    def part(self, scene: Scene) -> Wire | None:
        """Its own part of `current` for this screen, of the type `parts` names for the screen."""

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """The workshop ends: keep in `item.final_counts` only what the room saw, delete the rest."""

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> Any | None:
        """What the report shows of this item, from what `end` kept; None when nothing was kept."""
