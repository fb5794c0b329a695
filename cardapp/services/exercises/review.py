"""'What we agreed last time' as an agenda item: the console and the projector see the actions under
review; phones see only its title. It stores nothing per person, so it keeps nothing when the workshop
ends and the report says nothing of it (the programme page holds the actions)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cardapp.domain import review as rules
from cardapp.services import programme_review
from cardapp.services.exercises.base import Scene
from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.store.models import AgendaItem, Workshop


class ReviewedAction(Wire):
    id: int
    kind: str
    factor_name: str | None
    text: str
    status: str


class Review(Wire):
    actions: list[ReviewedAction]


class ReviewExercise:
    kind = rules.KIND
    part_name: str | None = "review"
    parts: dict[Screen, type[Wire]] = {Screen.CONSOLE: Review, Screen.PROJECTOR: Review}
    report_section: str | None = None

    def results(self, scene: Scene) -> RoundResults | None:
        return None

    def disclose(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """The actions are the organisation's own records, not answers: nothing to weigh against."""

    def part(self, scene: Scene) -> Wire | None:
        if scene.screen not in self.parts:
            return None
        return self.parts[scene.screen].model_validate(
            programme_review.review_view(scene.session, scene.workshop, scene.item))

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        return None  # nothing per person was stored; the actions' statuses are already the programme's

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> None:
        return None
