"""The report of an ended workshop: one set of plain data for the page, the CSV and the JSON.

Built only from what outlives the workshop's end (promise 6), which is only what the room saw: the
totals of each revealed round, the revealed power walk's picture and risk map's counts, the approved
reflections that were shown (without their phones), and the agreements. A part with nothing kept
was never shown, so it is left out rather than called "too few". No token, no participant, no time
finer than the day.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.anonymity import rounded_participants
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.workshops import card_title, localized
from cardapp.services.errors import Conflict, NotFound
from cardapp.services.exercises import exercise_of
from cardapp.services.report_parts import (
    AgendaEntry,
    AgreementEntry,
    QuestionBox,
    ReflectionGroup,
    RiskMap,
    StatementResults,
    WalkPicture,
    WorkshopReport,
)
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Agreement, Reflection, StoredDeck, Workshop

__all__ = ["WorkshopReport", "workshop_report"]


def workshop_report(database: Database, actor: Actor, workshop_id: int) -> WorkshopReport:
    """The report of an ended workshop, for the facilitators and organisers of its organisation."""
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop.not_found")
        check_runs_workshops_of(actor, workshop.organisation_id)
        if workshop.status != WorkshopStatus.ENDED:
            raise Conflict("results.not_ended")
        language = workshop.projector_language
        items = list(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)
                                     .order_by(AgendaItem.position)))
        agreements = list(session.scalars(select(Agreement).where(Agreement.workshop_id == workshop.id)
                                          .order_by(Agreement.id)))
        # Each exercise says what it kept; nothing kept means the room never saw results there.
        sections: dict[str, list[Any]] = {"statements": [], "power_walks": [], "risk_maps": [], "question_boxes": []}
        for item in items:
            exercise = exercise_of(item.kind)
            part = exercise.report_part(workshop, item, agreements) if exercise.report_section else None
            if part is not None and exercise.report_section is not None:
                sections.setdefault(exercise.report_section, []).append(part)
        risk_maps: list[RiskMap] = sections["risk_maps"]
        factor_names = {factor.id: factor.name for risk in risk_maps for factor in risk.factors}
        return WorkshopReport(
            id=workshop.id, organisation_id=workshop.organisation_id, title=workshop.title, language=language,
            ended_on=workshop.ended_on,
            deck_title=_deck_title(session, workshop), min_answers=workshop.min_answers,
            participants=rounded_participants(workshop.participant_count, workshop.min_answers),
            agenda=tuple(AgendaEntry(item.position, item.kind, _main_text(item, language)) for item in items),
            statements=tuple[StatementResults, ...](sections["statements"]),
            power_walks=tuple[WalkPicture, ...](sections["power_walks"]),
            risk_maps=tuple(risk_maps),
            reflections=_reflections(session, items, workshop),
            # A measure for a factor on the risk map is listed with that factor, not again here.
            agreements=tuple(AgreementEntry(a.kind, a.factor, factor_names.get(a.factor or ""), a.text)
                             for a in agreements if not (a.kind == "measure" and a.factor in factor_names)),
            question_boxes=tuple[QuestionBox, ...](sections["question_boxes"]),
        )


def _deck_title(session: Session, workshop: Workshop) -> str | None:
    """The title kept when the workshop was made; the live deck's only for workshops made before that."""
    if workshop.deck_title is not None:
        return workshop.deck_title
    deck = session.get(StoredDeck, workshop.deck_id) if workshop.deck_id else None
    if deck is None:
        return None
    titles = json.loads(deck.content).get("title")
    return localized(titles if isinstance(titles, dict) else None, workshop.projector_language, "en") or deck.title


def _main_text(item: AgendaItem, language: str) -> str:
    return card_title(json.loads(item.card), language)


def _reflections(session: Session, items: list[AgendaItem], workshop: Workshop) -> tuple[ReflectionGroup, ...]:
    groups = []
    for item in items:
        texts = list(session.scalars(select(Reflection.text).where(
            Reflection.item_id == item.id, Reflection.shown_batch.is_not(None))))
        if not texts:
            continue  # never shown to the room, so not in the report either (promise 5)
        # Sorted, so the order says nothing about who wrote first.
        groups.append(ReflectionGroup(item.position, _main_text(item, workshop.projector_language),
                                      tuple(sorted(texts, key=str.casefold))))
    return tuple(groups)
