"""Follow-up: every agreement and measure of an ended workshop becomes an action of the organisation.

The agreement's text is copied into the action, so the action outlives the workshop's report (which
the retention job deletes); an action is organisation data and says nothing about a participant.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain import risk_map
from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind, action_changes
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.programme import (
    MAX_ROLE,
    ActionStatus,
    ProgrammeRuleBroken,
    action_status,
    cleaned_line,
    needs_review,
    parsed_date,
)
from cardapp.domain.workshops import localized
from cardapp.services import audit
from cardapp.services.programme_access import editable_organisation, invalid, owned, readable_organisation
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Agreement, Workshop
from cardapp.store.programme import ProgrammeAction


@dataclass(frozen=True)
class ActionRow:
    id: int
    kind: str
    factor_name: str | None
    text: str
    status: ActionStatus
    responsible: str
    due_on: dt.date | None
    workshop_id: int | None
    workshop_title: str
    noted_on: dt.date

    @property
    def needs_review(self) -> bool:
        return needs_review(self.status)


def collect_agreements(session: Session, organisation_id: int) -> int:
    """Actions for the agreements of the organisation's ended workshops that have none yet; how many were new.

    Only ended workshops: while one runs, the facilitator may still remove an agreement.
    """
    rows = session.execute(select(Agreement, Workshop).join(Workshop, Workshop.id == Agreement.workshop_id)
                           .outerjoin(ProgrammeAction, ProgrammeAction.agreement_id == Agreement.id)
                           .where(Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED,
                                  ProgrammeAction.id.is_(None))
                           .order_by(Agreement.id)).all()
    names: dict[int, dict[str, str]] = {}
    for agreement, workshop in rows:
        if workshop.id not in names:
            names[workshop.id] = _factor_names(session, workshop)
        session.add(ProgrammeAction(
            organisation_id=organisation_id, agreement_id=agreement.id, workshop_id=workshop.id,
            workshop_title=workshop.title, kind=agreement.kind,
            factor_name=names[workshop.id].get(agreement.factor or "") if agreement.factor else None,
            text=agreement.text, status=ActionStatus.OPEN.value, noted_on=workshop.ended_on or workshop.created_on))
    session.flush()
    return len(rows)


def collect_before_deletion(session: Session, workshop_ids: list[int]) -> None:
    """Keep the agreements of workshops about to be deleted by the retention job as actions."""
    organisations = set(session.scalars(select(Workshop.organisation_id).where(Workshop.id.in_(workshop_ids))))
    for organisation_id in organisations:
        collect_agreements(session, organisation_id)


def _factor_names(session: Session, workshop: Workshop) -> dict[str, str]:
    cards = session.scalars(select(AgendaItem.card).where(AgendaItem.workshop_id == workshop.id,
                                                          AgendaItem.kind == risk_map.KIND))
    language = workshop.projector_language
    return {factor["id"]: localized(factor.get("name"), language, language) or factor["id"]
            for card in cards for factor in json.loads(card).get("factors", [])}


def action_rows(session: Session, organisation_id: int, only_for_review: bool = False) -> list[ActionRow]:
    """The organisation's actions, oldest first."""
    query = select(ProgrammeAction).where(ProgrammeAction.organisation_id == organisation_id)
    if only_for_review:
        query = query.where(ProgrammeAction.status != ActionStatus.DONE.value)
    return [ActionRow(a.id, a.kind, a.factor_name, a.text, ActionStatus(a.status), a.responsible or "", a.due_on,
                      a.workshop_id, a.workshop_title, a.noted_on)
            for a in session.scalars(query.order_by(ProgrammeAction.noted_on, ProgrammeAction.id))]


def list_actions(database: Database, actor: Actor) -> list[ActionRow]:
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        collect_agreements(session, organisation_id)
        return action_rows(session, organisation_id)


def update_action(database: Database, actor: Actor, action_id: int, status: str, responsible: str,
                  due_on: str) -> None:
    """An organiser sets an action's status, responsible role and due date."""
    organisation_id = editable_organisation(actor)
    try:
        new_status = action_status(status)
        role = cleaned_line(responsible, MAX_ROLE, required=False)
        due = parsed_date(due_on)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    with database.transaction() as session:
        action = owned(session.get(ProgrammeAction, action_id), organisation_id, "programme.no_such_action")
        before = (action.status, action.responsible, action.due_on)
        action.status, action.responsible, action.due_on = new_status.value, role or None, due
        for change in action_changes(before, (action.status, action.responsible, action.due_on)):
            record_action(session, actor, change, action)


def record_action(session: Session, actor: Actor, change: AuditAction, action: ProgrammeAction) -> None:
    """An entry about an action, named by its text (what was agreed, never who said it)."""
    audit.record(session, actor, change, SubjectKind.ACTION, action.id, action.text,
                 organisation_id=action.organisation_id)
