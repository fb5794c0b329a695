"""Then versus now across an organisation's ended workshops and closed pulses, and the trend per measure.

A side is only what it shows on its own: a workshop's report (kept totals) or a closed pulse's
results. The rules of `domain/comparison.py` decide, per question, whether two sides may stand beside
each other; nothing here adds sides together or looks at anything finer than their totals.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from cardapp.domain import comparison as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.anonymity import Results
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.numbers import whole_number
from cardapp.domain.workshops import localized
from cardapp.services.errors import Conflict, Invalid, NotFound, ServiceError
from cardapp.services.programme_access import owned, readable_organisation
from cardapp.services.pulse import Status, close_due_pulses, question_results
from cardapp.services.report import workshop_report
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.pulse import Pulse


@dataclass
class Side:
    """What one workshop or pulse shows: its risk factors' and scenarios' results, with their names."""

    key: str  # "w<id>" or "p<id>"
    title: str
    day: dt.date | None
    risk: dict[str, Results] = field(default_factory=dict)
    scenarios: dict[str, Results] = field(default_factory=dict)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    then: Side
    now: Side
    factors: tuple[rules.FactorChange, ...]
    scenarios: tuple[rules.ScenarioChange, ...]
    trend: rules.Trend
    names: dict[str, str]


@dataclass(frozen=True)
class SideChoice:
    key: str
    title: str
    day: dt.date | None


def side_choices(database: Database, actor: Actor, today: dt.date) -> list[SideChoice]:
    """The ended workshops and closed pulses of the organisation, newest first."""
    organisation_id = readable_organisation(actor)
    close_due_pulses(database, today)
    with database.transaction() as session:
        workshops = session.execute(select(Workshop.id, Workshop.title, Workshop.ended_on).where(
            Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED)).all()
        pulses = session.execute(select(Pulse.id, Pulse.title, Pulse.closed_on).where(
            Pulse.organisation_id == organisation_id, Pulse.status == Status.CLOSED.value)).all()
    choices = [SideChoice(f"w{wid}", title, day) for wid, title, day in workshops]
    choices += [SideChoice(f"p{pid}", title, day) for pid, title, day in pulses]
    return sorted(choices, key=lambda choice: (choice.day or dt.date.min, choice.key), reverse=True)


def _workshop_side(database: Database, actor: Actor, workshop_id: int) -> Side:
    report = workshop_report(database, actor, workshop_id)
    side = Side(f"w{workshop_id}", report.title, report.ended_on)
    for risk_map in report.risk_maps:
        for factor in risk_map.factors:
            side.risk[factor.id], side.names[factor.id] = factor.results, factor.name
    with database.transaction() as session:
        cards = {position: json.loads(card).get("id") for position, card in session.execute(
            select(AgendaItem.position, AgendaItem.card).where(AgendaItem.workshop_id == workshop_id))}
    for statement in report.statements:
        card = cards.get(statement.position)
        shown = [results for number, results in enumerate(statement.rounds, 1) if number != statement.withheld_round]
        if card and shown:
            # The last round the room saw: where the group stood when the conversation ended.
            side.scenarios[card], side.choices[card] = shown[-1], statement.choices
            side.names[card] = statement.text
    return side


def _pulse_side(database: Database, organisation_id: int, pulse_id: int, language: str) -> Side:
    with database.transaction() as session:
        pulse = owned(session.get(Pulse, pulse_id), organisation_id, "pulse.not_found")
        if pulse.status != Status.CLOSED.value:
            raise Conflict("pulse.results_after_close")
        side = Side(f"p{pulse_id}", pulse.title, pulse.closed_on)
        for row in question_results(session, pulse):
            question = row.question
            side.names[question.card] = localized(dict(question.text), language, "en") or question.card
            if question.kind == "risk":
                side.risk[question.card] = row.results
            else:
                side.scenarios[question.card], side.choices[question.card] = row.results, question.choices
    return side


def side_of(database: Database, actor: Actor, key: str, language: str) -> Side:
    """One side by its key ("w12" or "p3"); another organisation's is not found."""
    organisation_id = readable_organisation(actor)
    kind, number = key[:1], whole_number(key[1:])
    if kind not in ("w", "p") or number is None:
        raise NotFound("compare.no_such_side")
    if kind == "p":
        return _pulse_side(database, organisation_id, number, language)
    return _workshop_side(database, actor, number)


def compare(database: Database, actor: Actor, then_key: str, now_key: str, language: str,
            today: dt.date) -> Comparison:
    """Two sides question by question, as far as the anonymity rules allow."""
    if then_key == now_key:
        raise Invalid("compare.same_side")
    close_due_pulses(database, today)
    then, now = side_of(database, actor, then_key, language), side_of(database, actor, now_key, language)
    factors = rules.compare_risk_maps(then.risk, now.risk)
    choices: Mapping[str, tuple[str, ...]] = {**now.choices, **then.choices}
    scenarios = rules.compare_scenarios(then.scenarios, now.scenarios, choices)
    names = {**now.names, **then.names}  # the names as the earlier side printed them
    return Comparison(then, now, tuple(factors), tuple(scenarios), rules.trend_of(factors, scenarios), names)


@dataclass(frozen=True)
class MeasureTrend:
    """A closed pulse that evidences a measure, compared with the workshop it follows up."""

    pulse_id: int
    pulse_title: str
    then_key: str
    then_title: str
    trend: rules.Trend | None  # None when the workshop is gone or shows nothing to compare


def trends_by_measure(database: Database, actor: Actor, language: str, today: dt.date) -> dict[int, list[MeasureTrend]]:
    """For the programme page: each measure's closed pulses and how they compare with their workshop."""
    organisation_id = readable_organisation(actor)
    close_due_pulses(database, today)
    with database.transaction() as session:
        rows = session.execute(select(Pulse.id, Pulse.title, Pulse.measure_id, Pulse.baseline_workshop_id).where(
            Pulse.organisation_id == organisation_id, Pulse.status == Status.CLOSED.value,
            Pulse.measure_id.is_not(None), Pulse.baseline_workshop_id.is_not(None)).order_by(Pulse.id)).all()
    trends: dict[int, list[MeasureTrend]] = {}
    for pulse_id, title, measure_id, workshop_id in rows:
        if measure_id is None or workshop_id is None:
            continue  # not by the query; said for the type checker
        try:
            found = compare(database, actor, f"w{workshop_id}", f"p{pulse_id}", language, today)
        except ServiceError:
            continue  # the workshop was deleted or is not readable: nothing to compare with
        trends.setdefault(measure_id, []).append(
            MeasureTrend(pulse_id, title, f"w{workshop_id}", found.then.title, found.trend))
    return trends
