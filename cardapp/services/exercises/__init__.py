"""The registry of exercises: the one place that maps an agenda item's kind to what runs it.

Adding an exercise is a module beside these (its screens' parts, count, end, report part), one line
in `_EXERCISES`, its Socket.IO module, and its script: see docs/development.md.
"""

from __future__ import annotations

from cardapp.services.exercises.base import Exercise, Scene, scene
from cardapp.services.exercises.cards import Cards
from cardapp.services.exercises.consent import ConsentExercise
from cardapp.services.exercises.power_walk import PowerWalkExercise
from cardapp.services.exercises.question_box import QuestionBoxExercise
from cardapp.services.exercises.review import ReviewExercise
from cardapp.services.exercises.risk_map import RiskMapExercise

_EXERCISES: tuple[Exercise, ...] = (
    Cards("question"),
    Cards("statement"),
    Cards("role"),
    PowerWalkExercise(),
    RiskMapExercise(),
    ReviewExercise(),
    ConsentExercise(),
    QuestionBoxExercise(),
)
EXERCISES: dict[str, Exercise] = {exercise.kind: exercise for exercise in _EXERCISES}
# A card of a kind added to decks later is shown as a plain card until it has an exercise of its own.
_PLAIN_CARD = Cards("card")


def exercise_of(kind: str) -> Exercise:
    """What runs an agenda item of this kind."""
    return EXERCISES.get(kind, _PLAIN_CARD)


__all__ = ["EXERCISES", "Exercise", "Scene", "exercise_of", "scene"]
