"""The report of an ended workshop: one set of plain data for the page, the CSV and the JSON.

Built only from what outlives the workshop's end (promise 6), which is only what the room saw: the
totals of each revealed round, the revealed power walk's picture and risk map's counts, the approved
reflections that were shown (without their phones), and the agreements. A part with nothing kept
was never shown, so it is left out rather than called "too few". No token, no participant, no time
finer than the day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain import power_walk, risk_map
from cardapp.domain.accounts import Actor
from cardapp.domain.report import ParticipantCount, rounded_participants
from cardapp.domain.rounds import MAX_ROUNDS, Shift, comparable, results_from_kept, shift_between
from cardapp.domain.workshops import Results, card_title, choices_for, localized
from cardapp.services.errors import Conflict, NotFound
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.services.workshops import ENDED
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Agreement, Reflection, StoredDeck, Workshop

NOBODY_ANSWERED = {"total": 0}
# Why two rounds are not compared; the same reasons as `not_compared` in the live results.
TOO_FEW = "too_few"
DIFFERENT_TOTALS = "different_totals"


@dataclass(frozen=True)
class AgendaEntry:
    position: int
    kind: str
    text: str


@dataclass(frozen=True)
class StatementResults:
    """One statement or scenario: its distribution per revealed round and, after two, the shift.

    `not_compared` says why two rounds were not compared (`too_few` or `different_totals`). With
    different totals the first round is withheld too (suppressed in `rounds`), as on the projector:
    side by side, the two distributions would give away the answer of the one or two who came or went.
    """

    position: int
    text: str
    choices: tuple[str, ...]
    rounds: tuple[Results, ...]
    shift: tuple[Shift, ...] | None
    not_compared: str | None = None

    @property
    def first_withheld(self) -> bool:
        return self.not_compared == DIFFERENT_TOTALS


@dataclass(frozen=True)
class WalkDimension:
    id: str
    title: str
    yes: int
    no: int
    passes: int


@dataclass(frozen=True)
class WalkPicture:
    """A power walk's anonymous picture: people per number of steps, and answers per dimension."""

    position: int
    title: str
    suppressed: bool
    statements: int
    completed: int | None
    partial: int | None
    histogram: tuple[int, ...]
    dimensions: tuple[WalkDimension, ...]
    passes: int | None


@dataclass(frozen=True)
class RiskFactor:
    """One risk factor as ranked; `rank` is None where too few answered to place it."""

    rank: int | None
    id: str
    name: str
    results: Results
    score: float | None
    level: str | None
    measures: tuple[str, ...]


@dataclass(frozen=True)
class RiskMap:
    position: int
    factors: tuple[RiskFactor, ...]


@dataclass(frozen=True)
class ReflectionGroup:
    position: int
    text: str
    reflections: tuple[str, ...]


@dataclass(frozen=True)
class AgreementEntry:
    kind: str
    factor: str | None
    factor_name: str | None
    text: str


@dataclass(frozen=True)
class WorkshopReport:
    id: int
    organisation_id: int
    title: str
    language: str
    ended_on: dt.date | None
    deck_title: str | None
    min_answers: int
    participants: ParticipantCount
    agenda: tuple[AgendaEntry, ...]
    statements: tuple[StatementResults, ...]
    power_walks: tuple[WalkPicture, ...]
    risk_maps: tuple[RiskMap, ...]
    reflections: tuple[ReflectionGroup, ...]
    agreements: tuple[AgreementEntry, ...]


def workshop_report(database: Database, actor: Actor, workshop_id: int) -> WorkshopReport:
    """The report of an ended workshop, for the facilitators and organisers of its organisation."""
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop.not_found")
        check_runs_workshops_of(actor, workshop.organisation_id)
        if workshop.status != ENDED:
            raise Conflict("results.not_ended")
        language = workshop.projector_language
        items = list(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)
                                     .order_by(AgendaItem.position)))
        agreements = list(session.scalars(select(Agreement).where(Agreement.workshop_id == workshop.id)
                                          .order_by(Agreement.id)))
        factor_names = _factor_names(items, language)
        return WorkshopReport(
            id=workshop.id, organisation_id=workshop.organisation_id, title=workshop.title, language=language,
            ended_on=workshop.ended_on,
            deck_title=_deck_title(session, workshop), min_answers=workshop.min_answers,
            participants=rounded_participants(workshop.participant_count, workshop.min_answers),
            agenda=tuple(AgendaEntry(item.position, item.kind, _main_text(item, language)) for item in items),
            # Nothing kept means the room never saw results there: such parts are left out.
            statements=tuple(_statement(item, workshop) for item in items
                             if item.kind == "statement" and _kept(item)),
            power_walks=tuple(_walk(item, workshop) for item in items
                              if item.kind == power_walk.KIND and _kept(item).get("walk")),
            risk_maps=tuple(_risk_map(item, workshop, agreements) for item in items
                            if item.kind == risk_map.KIND and _kept(item).get("factors")),
            reflections=_reflections(session, items, workshop),
            # A measure for a factor on the risk map is listed with that factor, not again here.
            agreements=tuple(AgreementEntry(a.kind, a.factor, factor_names.get(a.factor or ""), a.text)
                             for a in agreements if not (a.kind == "measure" and a.factor in factor_names)),
        )


def _kept(item: AgendaItem) -> dict[str, Any]:
    kept = json.loads(item.final_counts) if item.final_counts else {}
    return kept if isinstance(kept, dict) else {}


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


def _statement(item: AgendaItem, workshop: Workshop) -> StatementResults:
    """Only the rounds kept (those revealed); a revealed round nobody answered is kept as nobody."""
    card = json.loads(item.card)
    options = choices_for(card)
    kept = _kept(item)
    # Up to the last revealed round (one nobody answered has no key); older workshops only have their keys.
    last = max([int(key) for key in kept if key.isdigit()] + [min(item.revealed_rounds or 0, MAX_ROUNDS), 1])
    rounds = tuple(results_from_kept(kept.get(str(number), NOBODY_ANSWERED), options, workshop.min_answers)
                   for number in range(1, last + 1))
    text = _main_text(item, workshop.projector_language)
    if len(rounds) < 2:
        return StatementResults(item.position, text, options, rounds, None)
    first, second = rounds[0], rounds[1]
    if first.suppressed or second.suppressed:
        return StatementResults(item.position, text, options, rounds, None, TOO_FEW)
    if not comparable(first, second):
        withheld = Results(first.total, None, workshop.min_answers)
        return StatementResults(item.position, text, options, (withheld, *rounds[1:]), None, DIFFERENT_TOTALS)
    return StatementResults(item.position, text, options, rounds, tuple(shift_between(first, second) or ()))


def _walk(item: AgendaItem, workshop: Workshop) -> WalkPicture:
    card = json.loads(item.card)
    language = workshop.projector_language
    title = localized(card.get("text"), language, language) or ""
    count = len(card.get("statements", []))
    picture: Mapping[str, Any] = _kept(item)["walk"]  # only walks with a kept picture get here
    if picture.get("suppressed") or int(picture.get("completed", 0)) < workshop.min_answers:
        # Below the minimum even how many finished is left out: only that it was too few.
        return WalkPicture(item.position, title, True, count, None, None, (), (), None)
    titles = {d["id"]: localized(d["title"], language, language) or d["id"] for d in card.get("dimensions", [])}
    dimensions = tuple(WalkDimension(key, titles.get(key, key), int(row.get("yes", 0)), int(row.get("no", 0)),
                                     int(row.get("pass", 0)))
                       for key, row in picture.get("dimensions", {}).items())
    # The shuffled dots are left out: the histogram says the same without one entry per person.
    return WalkPicture(item.position, title, False, count, int(picture["completed"]), int(picture.get("partial", 0)),
                       tuple(int(n) for n in picture.get("histogram", ())), dimensions,
                       int(picture.get("passes", 0)))


def _factor_names(items: list[AgendaItem], language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for item in items:
        if item.kind == risk_map.KIND:
            for factor in json.loads(item.card).get("factors", []):
                names[factor["id"]] = localized(factor.get("name"), language, language) or factor["id"]
    return names


def _kept_factor(kept: Mapping[str, Any], min_answers: int) -> Results:
    """A factor's kept row: `{"id", "counts": {...}}`, or `{"id", "total": n}` below the minimum."""
    counts = kept.get("counts")
    tallied = counts if isinstance(counts, dict) else {"total": int(kept.get("total", 0))}
    return results_from_kept(tallied, risk_map.CHOICES, min_answers)


def _risk_map(item: AgendaItem, workshop: Workshop, agreements: list[Agreement]) -> RiskMap:
    card = json.loads(item.card)
    names = _factor_names([item], workshop.projector_language)
    kept = _kept(item)
    by_id = {row["id"]: row for row in kept.get("factors", []) if isinstance(row, dict) and "id" in row}
    results = {factor["id"]: _kept_factor(by_id.get(factor["id"], NOBODY_ANSWERED), workshop.min_answers)
               for factor in card.get("factors", [])}
    measures: dict[str, list[str]] = {}
    for agreement in agreements:
        if agreement.kind == "measure" and agreement.factor:
            measures.setdefault(agreement.factor, []).append(agreement.text)
    ranked = risk_map.rank_factors(results)
    factors = []
    for index, row in enumerate(ranked):
        # Only a factor with a score has a place; suppressed or "don't know" only come last, unranked.
        factors.append(RiskFactor(index + 1 if row.score is not None else None, row.factor,
                                  names.get(row.factor, row.factor), row.results, row.score,
                                  risk_map.presence_level(row.score), tuple(measures.get(row.factor, ()))))
    return RiskMap(item.position, tuple(factors))


def _reflections(session: Session, items: list[AgendaItem], workshop: Workshop) -> tuple[ReflectionGroup, ...]:
    groups = []
    for item in items:
        texts = list(session.scalars(select(Reflection.text).where(
            Reflection.item_id == item.id, Reflection.status == "approved")))
        if len(texts) < workshop.min_answers:
            continue  # never shown to the room, so not in the report either (promise 5)
        # Sorted, so the order says nothing about who wrote first.
        groups.append(ReflectionGroup(item.position, _main_text(item, workshop.projector_language),
                                      tuple(sorted(texts, key=str.casefold))))
    return tuple(groups)
