"""The power walk as an exercise: its screens' parts, its count, what it keeps and what the report says.

The walk's commands and rules are in `cardapp.services.power_walk` and `cardapp.domain.power_walk`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import Field
from sqlalchemy.orm import Session

from cardapp.domain import power_walk as rules
from cardapp.domain.anonymity import picture_shown
from cardapp.domain.workshops import localized
from cardapp.services import power_walk
from cardapp.services.exercises.base import Scene
from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.services.report_parts import WalkDimension, WalkPicture, kept_of
from cardapp.store.models import AgendaItem, Workshop


class ShownStatement(Wire):
    index: int
    text: str | None
    dimension: str | None


class DimensionTitle(Wire):
    id: str
    title: str | None


class DimensionTotals(Wire):
    id: str
    title: str | None
    yes: int
    no: int
    passes: int = Field(alias="pass")


class Picture(Wire):
    """The room's anonymous picture, or only "too few" with how many completed the walk."""

    suppressed: bool
    completed: int
    partial: int
    min_answers: int | None = None
    statements: int | None = None
    histogram: list[int] | None = None
    dimensions: list[DimensionTotals] | None = None
    passes: int | None = None


class Walk(Wire):
    """The walk as the projector and the phones see it: nothing here belongs to one person."""

    mode: str
    status: str
    step: int
    count: int
    statement: ShownStatement | None
    dimensions: list[DimensionTitle]
    note: str | None
    picture: Picture | None


class ConsoleWalk(Walk):
    notes: str | None  # the facilitator's note on the shown statement


class PowerWalkExercise:
    kind = rules.KIND
    part_name: str | None = "walk"
    parts: dict[Screen, type[Wire]] = {Screen.CONSOLE: ConsoleWalk, Screen.PROJECTOR: Walk,
                                       Screen.PHONES: Walk, Screen.PHONE: Walk}
    report_section: str | None = "power_walks"

    def results(self, scene: Scene) -> RoundResults | None:
        return None

    def part(self, scene: Scene) -> Wire:
        walk = power_walk.walk_view(scene.session, scene.workshop, scene.item, scene.language,
                                    scene.screen == Screen.CONSOLE)
        return self.parts[scene.screen].model_validate(walk)

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        power_walk.end_walk(session, item)

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> WalkPicture | None:
        picture: Mapping[str, Any] | None = kept_of(item).get("walk")
        if not picture:
            return None  # never revealed: nothing kept, nothing said
        card = json.loads(item.card)
        language = workshop.projector_language
        title = localized(card.get("text"), language, language) or ""
        count = len(card.get("statements", []))
        if picture.get("suppressed") or not picture_shown(int(picture.get("completed", 0)), workshop.min_answers):
            # Below the minimum even how many finished is left out: only that it was too few.
            return WalkPicture(item.position, title, True, count, None, None, (), (), None)
        titles = {d["id"]: localized(d["title"], language, language) or d["id"] for d in card.get("dimensions", [])}
        dimensions = tuple(WalkDimension(key, titles.get(key, key), int(row.get("yes", 0)), int(row.get("no", 0)),
                                         int(row.get("pass", 0)))
                           for key, row in picture.get("dimensions", {}).items())
        return WalkPicture(item.position, title, False, count, int(picture["completed"]),
                           int(picture.get("partial", 0)), tuple(int(n) for n in picture.get("histogram", ())),
                           dimensions, int(picture.get("passes", 0)))
