"""The consent round as an exercise: the guidelines on every screen, each phone's own answers on that
phone only, the totals per guideline once revealed (suppressed below the minimum, objections flagged
without who), and at the end the totals written into the guidelines' next version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from cardapp.domain import consent as rules
from cardapp.services import programme_consent
from cardapp.services.exercises.base import Scene
from cardapp.services.payloads import RoundResults, Screen, Wire
from cardapp.store.models import AgendaItem, Workshop


class ShownGuideline(Wire):
    id: str
    heading: str
    lines: list[str]


class GuidelineResult(Wire):
    """One guideline's totals, or only "too few"; `objected` only where the totals are shown."""

    guideline: str
    suppressed: bool
    total: int
    counts: dict[str, int] | None = None
    min_answers: int | None = None
    objected: bool | None = None


class Consent(Wire):
    version: int | None
    choices: list[str]
    guidelines: list[ShownGuideline]
    results: list[GuidelineResult] | None


class OwnPhoneConsent(Consent):
    mine: dict[str, str]  # this phone's own answers: only in its own snapshot


class ConsentExercise:
    kind = rules.KIND
    part_name: str | None = "consent"
    parts: dict[Screen, type[Wire]] = {Screen.CONSOLE: Consent, Screen.PROJECTOR: Consent,
                                       Screen.PHONES: Consent, Screen.PHONE: OwnPhoneConsent}
    report_section: str | None = None  # the result lives on in the guidelines' next version

    def results(self, scene: Scene) -> RoundResults | None:
        return None

    def disclose(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        """Each guideline's totals are revealed once, after answers closed for good: a guideline's
        population cannot change after the room saw it, and two guidelines are different questions."""

    def part(self, scene: Scene) -> Wire:
        own = scene.participant_id if scene.screen == Screen.PHONE else None
        view = programme_consent.consent_view(scene.session, scene.workshop, scene.item, scene.language, own)
        return self.parts[scene.screen].model_validate(view)

    def end(self, session: Session, workshop: Workshop, item: AgendaItem) -> None:
        programme_consent.end_consent(session, workshop, item, dt.date.today())

    def report_part(self, workshop: Workshop, item: AgendaItem, context: Any) -> None:
        return None
