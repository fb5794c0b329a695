"""Running a risk map: one agenda item holding the chosen risk factors, answered at each phone's own
pace, revealed as a ranked heat map, with the measures the group proposes for each factor."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cardapp.domain import risk_map as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.anonymity import suppressed
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.rounds import DIFFERS
from cardapp.domain.workshops import AnswersClosed, InvalidChoice, WorkshopNotOpen, localized, typed_text
from cardapp.services import disclosures
from cardapp.services.errors import NotFound
from cardapp.services.group_ledger import FACTOR
from cardapp.services.shown_items import accepting_answers, shown_item, workshop_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Agreement, RiskAnswer, Workshop
from cardapp.store.replays import first_use_of
from cardapp.store.risk import store_risk_answer

KIND = rules.KIND
AGREEMENT_KINDS = ("guideline", "measure", "topic")


def _factor_ids(card: dict[str, Any]) -> list[str]:
    return [factor["id"] for factor in card.get("factors", [])]


# --- The phones ------------------------------------------------------------------------------------

def submit_risk_answer(database: Database, workshop_id: int, participant_id: int, item_id: int,
                       factor: str, choice: str, answer_id: str) -> str | None:
    """How present this phone finds one factor; answering again changes it, a repeat of any answer id
    already applied changes nothing and returns the answer stored now."""
    if choice not in rules.CHOICES:
        raise InvalidChoice("socket.invalid_choice")
    with database.transaction() as session:
        row = shown_item(session, workshop_id, item_id)
        card = json.loads(row.card)
        if card.get("kind") != KIND:
            raise InvalidChoice("socket.not_a_risk_map")
        if factor not in _factor_ids(card):
            raise rules.UnknownFactor("socket.unknown_factor")
        if not accepting_answers(row):
            raise AnswersClosed("socket.answers_closed")
        if not first_use_of(session, item_id, row.round, answer_id):
            return session.scalar(select(RiskAnswer.choice).where(
                RiskAnswer.item_id == item_id, RiskAnswer.participant_id == participant_id,
                RiskAnswer.factor == factor))
        store_risk_answer(session, item_id, participant_id, factor, choice, answer_id)
        return choice


# --- The console -----------------------------------------------------------------------------------

def record_agreement(database: Database, actor: Actor, workshop_id: int, kind: str, text: str,
                     factor: str | None = None) -> int:
    """An agreement typed on the console; a measure belongs to a factor of one of the workshop's risk maps."""
    if kind not in AGREEMENT_KINDS or (kind == "measure") != (factor is not None):
        raise InvalidChoice("socket.agreement_kind")
    cleaned = typed_text(text, rules.MAX_MEASURE_LENGTH, "agreement")
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        if workshop.status == WorkshopStatus.ENDED:
            raise WorkshopNotOpen("socket.workshop_ended")
        if factor is not None and factor not in _workshop_factors(session, workshop):
            raise rules.UnknownFactor("socket.unknown_factor")
        agreement = Agreement(workshop_id=workshop.id, kind=kind, factor=factor, text=cleaned)
        session.add(agreement)
        session.flush()
        return agreement.id


def remove_agreement(database: Database, actor: Actor, workshop_id: int, agreement_id: int) -> None:
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        if workshop.status == WorkshopStatus.ENDED:
            raise WorkshopNotOpen("socket.workshop_ended")
        agreement = session.get(Agreement, agreement_id)
        if agreement is None or agreement.workshop_id != workshop.id:
            raise NotFound("socket.no_such_agreement")
        session.delete(agreement)


def _workshop_factors(session: Session, workshop: Workshop) -> set[str]:
    cards = session.scalars(select(AgendaItem.card).where(AgendaItem.workshop_id == workshop.id,
                                                          AgendaItem.kind == KIND))
    return {factor for card in cards for factor in _factor_ids(json.loads(card))}


# --- What the screens see --------------------------------------------------------------------------

def _tallied(session: Session, item: AgendaItem, min_answers: int) -> dict[str, Any]:
    card = json.loads(item.card)
    answers = session.execute(select(RiskAnswer.factor, RiskAnswer.choice).where(RiskAnswer.item_id == item.id))
    return rules.tally_factors(((factor, choice) for factor, choice in answers), _factor_ids(card), min_answers)


def _differing_factors(item: AgendaItem) -> set[str]:
    """The factors the ledger withheld because the group saw them over nearly the same people."""
    return {what.removeprefix(FACTOR) for what, reason in disclosures.withheld(item).items()
            if what.startswith(FACTOR) and reason == DIFFERS}


def _results(session: Session, item: AgendaItem, min_answers: int) -> dict[str, Any]:
    """Each factor's distribution, suppressed below the minimum or where the ledger withheld it."""
    results = _tallied(session, item, min_answers)
    for factor in _differing_factors(item) & set(results):
        results[factor] = suppressed(results[factor].total, min_answers)
    return results


def disclose_factors(session: Session, workshop: Workshop, item: AgendaItem) -> None:
    """At the reveal, each factor's population goes into the item's ledger, weighed against its group's."""
    for factor, result in _tallied(session, item, workshop.min_answers).items():
        disclosures.disclose_card(session, workshop, item, factor, f"{FACTOR}{factor}", result.total)


def map_view(session: Session, workshop: Workshop, item: AgendaItem, language: str, console: bool,
             participant_id: int | None) -> dict[str, Any]:
    """The risk map as one screen sees it: factors (with notes on the console), the ranked map once
    revealed, the measures, and on a phone's own snapshot its own answers."""
    card = json.loads(item.card)
    fallback = workshop.projector_language
    factors = []
    for factor in card.get("factors", []):
        shown = {"id": factor["id"], "name": localized(factor.get("name"), language, fallback),
                 "description": localized(factor.get("description"), language, fallback),
                 "examples": [localized(example, language, fallback) for example in factor.get("examples", [])]}
        if console:
            shown["notes"] = localized(factor.get("notes"), language, fallback)
        factors.append(shown)
    names = {factor["id"]: factor["name"] for factor in factors}
    state: dict[str, Any] = {"factors": factors, "choices": list(rules.CHOICES), "ranked": None}
    if item.revealed:
        differing = _differing_factors(item)
        state["ranked"] = [_ranked_row(ranked, names, differing) for ranked in
                           rules.rank_factors(_results(session, item, workshop.min_answers))]
    measures = session.execute(select(Agreement.id, Agreement.factor, Agreement.text).where(
        Agreement.workshop_id == workshop.id, Agreement.kind == "measure",
        Agreement.factor.in_(list(names))).order_by(Agreement.id)).all()
    state["measures"] = [{"id": mid, "factor": factor, "text": text} for mid, factor, text in measures]
    if participant_id is not None:
        mine = session.execute(select(RiskAnswer.factor, RiskAnswer.choice).where(
            RiskAnswer.item_id == item.id, RiskAnswer.participant_id == participant_id))
        state["mine"] = {factor: choice for factor, choice in mine}
    return state


def _ranked_row(ranked: rules.RankedFactor, names: dict[str, str | None], differing: set[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"id": ranked.factor, "name": names.get(ranked.factor), **ranked.results.as_event()}
    if ranked.factor in differing:
        row["withheld"] = DIFFERS
    row["score"] = None if ranked.score is None else round(ranked.score, 2)
    row["level"] = rules.presence_level(ranked.score)
    return row


def people_who_answered(session: Session, item_id: int) -> int:
    """How many phones rated at least one factor."""
    return session.scalar(select(func.count(func.distinct(RiskAnswer.participant_id)))
                          .where(RiskAnswer.item_id == item_id)) or 0


def agreements_of(session: Session, workshop_id: int) -> list[dict[str, Any]]:
    """Every agreement of a workshop, oldest first, for the console."""
    rows = session.execute(select(Agreement.id, Agreement.kind, Agreement.factor, Agreement.text)
                           .where(Agreement.workshop_id == workshop_id).order_by(Agreement.id)).all()
    return [{"id": aid, "kind": kind, "factor": factor, "text": text} for aid, kind, factor, text in rows]


def end_map(session: Session, workshop: Workshop, item: AgendaItem) -> None:
    """At the end of a workshop: a risk map keeps only its totals, if the room saw them; the answers go."""
    results = _results(session, item, workshop.min_answers)
    if item.revealed_rounds and any(result.total for result in results.values()):  # only what the room saw
        item.final_counts = json.dumps(rules.kept_totals(results))
    session.execute(delete(RiskAnswer).where(RiskAnswer.item_id == item.id))
