"""The programme page's use cases: the measures with their status and evidence, the award and the renewal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, MeasureState, SubjectKind, measure_changes
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.programme import (
    MAX_NOTES,
    MAX_ROLE,
    MAX_TITLE,
    ActionView,
    DueItem,
    MeasureStatus,
    MeasureView,
    ProgrammeRuleBroken,
    cleaned_line,
    cleaned_link,
    cleaned_notes,
    due_before_renewal,
    may_rename_or_hide,
    measure_status,
    parsed_date,
    renewal_date,
)
from cardapp.i18n import translate
from cardapp.services import audit
from cardapp.services.errors import Forbidden
from cardapp.services.programme_access import (
    editable_organisation,
    ensure_programme,
    invalid,
    owned,
    programme_of,
    readable_organisation,
)
from cardapp.services.programme_actions import ActionRow, action_rows, collect_agreements
from cardapp.store.database import Database
from cardapp.store.models import Organisation, Workshop
from cardapp.store.programme import MeasureEvidence, PlannedConversation, ProgrammeMeasure


@dataclass(frozen=True)
class Evidence:
    workshop_id: int | None  # None once the workshop was deleted: its title stays as a record
    title: str
    has_report: bool


@dataclass(frozen=True)
class MeasureRow:
    id: int
    default_key: str | None
    own_title: str | None
    hidden: bool
    status: MeasureStatus
    responsible: str
    due_on: dt.date | None
    notes: str
    link: str | None
    evidence: tuple[Evidence, ...]
    may_rename: bool


@dataclass(frozen=True)
class WorkshopChoice:
    id: int
    title: str
    ended_on: dt.date | None


@dataclass(frozen=True)
class ProgrammePage:
    organisation_id: int
    in_label_programme: bool
    awarded_on: dt.date | None
    renewal_on: dt.date | None
    measures: tuple[MeasureRow, ...]
    actions: tuple[ActionRow, ...]
    due: tuple[DueItem, ...]
    ended_workshops: tuple[WorkshopChoice, ...]


@dataclass(frozen=True)
class MeasureChange:
    """What the measure form sends; title and hidden only count where renaming and hiding are allowed."""

    status: str
    responsible: str
    due_on: str
    notes: str
    link: str
    workshop_ids: Sequence[int]
    title: str | None = None
    hidden: bool = False


def measure_title(row: MeasureRow | ProgrammeMeasure, default_names: Mapping[str, str]) -> str:
    """The organisation's own name, else the default's name in the reader's language."""
    own = row.own_title if isinstance(row, MeasureRow) else row.title
    return own or default_names.get(row.default_key or "", row.default_key or "")


def programme_page(database: Database, actor: Actor, today: dt.date,
                   default_names: Mapping[str, str]) -> ProgrammePage:
    """Everything the programme page shows; agreements of ended workshops become actions on the way."""
    organisation_id = readable_organisation(actor)
    ensure_programme(database, organisation_id)
    with database.transaction() as session:
        collect_agreements(session, organisation_id)
        programme = programme_of(session, organisation_id)
        measures = tuple(_measure_rows(session, organisation_id, programme.in_label_programme))
        actions = tuple(action_rows(session, organisation_id))
        renewal = renewal_date(programme.awarded_on) if programme.awarded_on else None
        due: tuple[DueItem, ...] = ()
        if renewal is not None:
            due = tuple(due_before_renewal(
                [MeasureView(measure_title(m, default_names), m.status, m.due_on, m.hidden) for m in measures],
                [ActionView(a.text, a.status, a.due_on) for a in actions], renewal, today))
        ended = session.execute(select(Workshop.id, Workshop.title, Workshop.ended_on).where(
            Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED)
            .order_by(Workshop.ended_on.desc(), Workshop.id.desc())).all()
        return ProgrammePage(organisation_id, programme.in_label_programme, programme.awarded_on, renewal, measures,
                             actions, due, tuple(WorkshopChoice(*row) for row in ended))


def _measure_rows(session: Session, organisation_id: int, in_label: bool) -> list[MeasureRow]:
    measures = session.scalars(select(ProgrammeMeasure).where(ProgrammeMeasure.organisation_id == organisation_id)
                               .order_by(ProgrammeMeasure.position, ProgrammeMeasure.id)).all()
    evidence = session.execute(select(MeasureEvidence, Workshop.status).outerjoin(
        Workshop, Workshop.id == MeasureEvidence.workshop_id).where(
        MeasureEvidence.measure_id.in_([m.id for m in measures])).order_by(MeasureEvidence.id)).all()
    by_measure: dict[int, list[Evidence]] = {}
    for row, status in evidence:
        by_measure.setdefault(row.measure_id, []).append(
            Evidence(row.workshop_id, row.workshop_title, status == WorkshopStatus.ENDED))
    # A workshop made from a planned conversation counts for the conversation's measure too.
    planned = session.execute(select(PlannedConversation.measure_id, Workshop.id, Workshop.title, Workshop.status)
                              .join(Workshop, Workshop.id == PlannedConversation.workshop_id)
                              .where(PlannedConversation.organisation_id == organisation_id,
                                     PlannedConversation.measure_id.is_not(None))).all()
    for measure_id, workshop_id, title, status in planned:
        assert measure_id is not None  # by the query
        listed = by_measure.setdefault(measure_id, [])
        if all(entry.workshop_id != workshop_id for entry in listed):
            listed.append(Evidence(workshop_id, title, status == WorkshopStatus.ENDED))
    return [MeasureRow(m.id, m.default_key, m.title, m.hidden, MeasureStatus(m.status), m.responsible or "",
                       m.due_on, m.notes or "", m.link, tuple(by_measure.get(m.id, ())),
                       may_rename_or_hide(m.default_key, in_label)) for m in measures]


def update_measure(database: Database, actor: Actor, measure_id: int, change: MeasureChange) -> None:
    """Status, responsible role, due date, notes and evidence; a name or hiding only where allowed."""
    organisation_id = editable_organisation(actor)
    try:
        status = measure_status(change.status)
        responsible = cleaned_line(change.responsible, MAX_ROLE, required=False)
        due_on = parsed_date(change.due_on)
        notes = cleaned_notes(change.notes, MAX_NOTES)
        link = cleaned_link(change.link)
        title = None if change.title is None else cleaned_line(change.title, MAX_TITLE, required=False)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    with database.transaction() as session:
        measure = owned(session.get(ProgrammeMeasure, measure_id), organisation_id, "programme.no_such_measure")
        before = _state(session, measure)
        allowed = may_rename_or_hide(measure.default_key, programme_of(session, organisation_id).in_label_programme)
        if (title or change.hidden) and not allowed:
            raise Forbidden("programme.label_measure_fixed")
        if allowed and change.title is not None:
            if not title and measure.default_key is None:
                raise invalid(ProgrammeRuleBroken("programme.text_required"))
            measure.title = title or None  # an empty name gives a default measure its own name back
            measure.hidden = change.hidden
        measure.status, measure.responsible, measure.due_on = status.value, responsible or None, due_on
        measure.notes, measure.link = notes or None, link
        _set_evidence(session, measure, organisation_id, change.workshop_ids)
        for action in measure_changes(before, _state(session, measure)):
            record_measure(session, actor, action, measure)


def _state(session: Session, measure: ProgrammeMeasure) -> MeasureState:
    session.flush()  # the evidence just added or removed counts
    evidence = session.scalars(select(MeasureEvidence.workshop_id).where(
        MeasureEvidence.measure_id == measure.id, MeasureEvidence.workshop_id.is_not(None)))
    return MeasureState(measure.status, measure.responsible, measure.due_on, measure.notes, measure.link,
                        frozenset(wid for wid in evidence if wid is not None), measure.title, measure.hidden)


def organisation_name(session: Session, organisation_id: int) -> str:
    """The summary of an entry about the programme as a whole: whose programme it is."""
    return session.scalar(select(Organisation.name).where(Organisation.id == organisation_id)) or ""


def record_measure(session: Session, actor: Actor, action: AuditAction, measure: ProgrammeMeasure) -> None:
    """An entry about a measure, named by the organisation's own name or the default's in both languages."""
    name = measure.title or " / ".join(translate(f"programme.measure.{measure.default_key}", language)
                                       for language in ("en", "nb"))
    audit.record(session, actor, action, SubjectKind.MEASURE, measure.id, name,
                 organisation_id=measure.organisation_id)


def _set_evidence(session: Session, measure: ProgrammeMeasure, organisation_id: int,
                  workshop_ids: Sequence[int]) -> None:
    wanted = set(workshop_ids)
    workshops = {w.id: w for w in session.scalars(select(Workshop).where(Workshop.id.in_(wanted)))}
    found = [owned(workshops.get(wid), organisation_id, "workshop.not_found") for wid in wanted]
    if any(workshop.status != WorkshopStatus.ENDED for workshop in found):
        raise invalid(ProgrammeRuleBroken("programme.evidence_not_ended"))
    current = {row.workshop_id: row for row in session.scalars(
        select(MeasureEvidence).where(MeasureEvidence.measure_id == measure.id))}
    for workshop_id, row in current.items():
        if workshop_id is not None and workshop_id not in wanted:
            session.delete(row)
    for workshop_id in wanted - set(current):
        session.add(MeasureEvidence(measure_id=measure.id, workshop_id=workshop_id,
                                    workshop_title=workshops[workshop_id].title))


def add_measure(database: Database, actor: Actor, title: str) -> int:
    """A measure of the organisation's own, after the others."""
    organisation_id = editable_organisation(actor)
    try:
        cleaned = cleaned_line(title, MAX_TITLE)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    ensure_programme(database, organisation_id)
    with database.transaction() as session:
        last = session.scalar(select(func.max(ProgrammeMeasure.position)).where(
            ProgrammeMeasure.organisation_id == organisation_id))
        measure = ProgrammeMeasure(organisation_id=organisation_id, title=cleaned, position=(last or 0) + 1,
                                   status=MeasureStatus.NOT_STARTED.value, hidden=False)
        session.add(measure)
        session.flush()
        record_measure(session, actor, AuditAction.MEASURE_ADDED, measure)
        return measure.id


def set_award(database: Database, actor: Actor, in_label_programme: bool, awarded_on: str) -> None:
    """Whether the organisation takes part in the label programme, and the day it was awarded (if it was)."""
    organisation_id = editable_organisation(actor)
    try:
        day = parsed_date(awarded_on)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    ensure_programme(database, organisation_id)
    with database.transaction() as session:
        programme = programme_of(session, organisation_id)
        if (programme.in_label_programme, programme.awarded_on) != (in_label_programme, day):
            audit.record(session, actor, AuditAction.AWARD_CHANGED, SubjectKind.PROGRAMME, organisation_id,
                         organisation_name(session, organisation_id), organisation_id=organisation_id)
        programme.in_label_programme, programme.awarded_on = in_label_programme, day
        if in_label_programme:
            # Back in the label programme: its six measures count again, under their own names.
            for measure in session.scalars(select(ProgrammeMeasure).where(
                    ProgrammeMeasure.organisation_id == organisation_id, ProgrammeMeasure.default_key.is_not(None))):
                if measure.hidden:
                    record_measure(session, actor, AuditAction.MEASURE_SHOWN, measure)
                renamed = measure.title is not None
                measure.hidden, measure.title = False, None
                if renamed:
                    record_measure(session, actor, AuditAction.MEASURE_RENAMED, measure)
